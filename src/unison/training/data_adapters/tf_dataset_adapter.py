"""Batches from a ``tf.data.Dataset`` (recognised without importing TensorFlow)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from unison import backend as backend_module
from unison.training.data_adapters.batch_utils import finish_batch


def is_tf_dataset(x: Any) -> bool:
    return any(
        cls.__name__ in ("DatasetV2", "DatasetV1", "DistributedDataset")
        and cls.__module__.startswith("tensorflow")
        for cls in type(x).__mro__
    )


class TFDatasetAdapter:
    """Yields TensorFlow tensors to the TensorFlow backend and NumPy arrays to the others.
    ``shuffle`` is ignored: shuffle the dataset itself (``dataset.shuffle``)."""

    def __init__(self, dataset: Any, steps=None, shuffle=False, class_weight=None):
        self.dataset = dataset
        self.steps = steps
        self.class_weight = class_weight

    @property
    def num_batches(self) -> int | None:
        if self.steps is not None:
            return self.steps
        try:
            cardinality = int(self.dataset.cardinality())
        except (AttributeError, TypeError):
            return None
        return cardinality if cardinality >= 0 else None

    def __iter__(self) -> Iterator[tuple]:
        if backend_module.active_backend().name == "tensorflow":
            iterator = iter(self.dataset)
        else:
            iterator = self.dataset.as_numpy_iterator()
        for batch in iterator:
            yield finish_batch(batch, self.class_weight)
