"""Batches from a torch ``DataLoader`` (recognised without importing torch)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from unison.training.data_adapters.batch_utils import finish_batch


def is_torch_dataloader(x: Any) -> bool:
    return any(
        cls.__name__ == "DataLoader" and cls.__module__.startswith("torch.utils.data")
        for cls in type(x).__mro__
    )


class TorchDataLoaderAdapter:
    """Yields torch tensors to the PyTorch backend and NumPy arrays to the others.
    ``shuffle`` is ignored: pass ``shuffle=True`` to the DataLoader."""

    def __init__(self, loader: Any, steps=None, shuffle=False, class_weight=None):
        self.loader = loader
        self.steps = steps
        self.class_weight = class_weight

    @property
    def num_batches(self) -> int | None:
        if self.steps is not None:
            return self.steps
        try:
            return len(self.loader)
        except TypeError:  # an IterableDataset without __len__
            return None

    def __iter__(self) -> Iterator[tuple]:
        for batch in self.loader:
            yield finish_batch(batch, self.class_weight)
