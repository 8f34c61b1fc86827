"""Batches from a :class:`unison.utils.PyDataset`, prefetched by a thread pool."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from unison.training.data_adapters.batch_utils import finish_batch
from unison.utils.py_dataset import PyDataset


def is_py_dataset(x: Any) -> bool:
    return isinstance(x, PyDataset)


class PyDatasetAdapter:
    """One pass over the dataset per epoch (batch order shuffled with ``shuffle=True``);
    ``on_epoch_begin`` / ``on_epoch_end`` are called around it. With ``workers > 1`` up to
    ``max_queue_size`` batches load ahead on threads, delivered in order."""

    def __init__(self, dataset: PyDataset, steps=None, shuffle=False, class_weight=None):
        dataset._check_super_called()
        self.dataset = dataset
        self.steps = steps
        self.shuffle = bool(shuffle)
        self.class_weight = class_weight
        self._epoch_started = False

    @property
    def num_batches(self) -> int | None:
        if self.steps is not None:
            return self.steps
        return self.dataset.num_batches

    def _indices(self) -> Iterator[int]:
        total = self.dataset.num_batches
        if total is None:
            index = 0
            while True:
                yield index
                index += 1
        order = np.random.permutation(total) if self.shuffle else range(total)
        yield from (int(i) for i in order)

    def _load(self, index: int) -> Any:
        return self.dataset[index]

    def __iter__(self) -> Iterator[tuple]:
        self.dataset.on_epoch_begin()
        try:
            if self.dataset.workers > 1:
                yield from self._iterate_threaded()
            else:
                for index in self._indices():
                    yield finish_batch(self._load(index), self.class_weight)
        finally:
            self.dataset.on_epoch_end()

    def _iterate_threaded(self) -> Iterator[tuple]:
        indices = self._indices()
        ahead = max(1, self.dataset.max_queue_size)
        with ThreadPoolExecutor(max_workers=self.dataset.workers) as pool:
            pending: collections.deque = collections.deque()
            for index in indices:
                pending.append(pool.submit(self._load, index))
                if len(pending) >= ahead:
                    break
            while pending:
                batch = pending.popleft().result()
                next_index = next(indices, None)
                if next_index is not None:
                    pending.append(pool.submit(self._load, next_index))
                yield finish_batch(batch, self.class_weight)
