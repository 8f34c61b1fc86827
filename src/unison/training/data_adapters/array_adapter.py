"""In-memory data: NumPy arrays, native tensors, and lists / tuples / dicts of them.

Batches are sliced from NumPy views (tensors of any framework are converted to NumPy once),
shuffled per epoch with ``shuffle=True`` (or within fixed blocks with ``"batch"``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from unison import tree


def to_numpy(value: Any) -> Any:
    """A NumPy view of an array-like leaf (framework tensors go through their own export)."""
    if value is None or isinstance(value, np.ndarray):
        return value
    from unison.state.variable import Variable

    if isinstance(value, Variable):
        return value.numpy()
    module = type(value).__module__
    if module.startswith("torch"):
        return value.detach().cpu().numpy()
    if hasattr(value, "numpy") and not isinstance(value, (list, tuple)):
        return np.asarray(value.numpy())
    return np.asarray(value)


def is_array_like(value: Any) -> bool:
    return isinstance(value, np.ndarray) or (
        hasattr(value, "shape") and hasattr(value, "dtype") and not hasattr(value, "__next__")
    )


def is_array_structure(data: Any) -> bool:
    leaves = [leaf for leaf in tree.flatten(data) if leaf is not None]
    return bool(leaves) and all(is_array_like(leaf) or isinstance(leaf, list) for leaf in leaves)


class ArrayAdapter:
    """Batches of ``(x, y, sample_weight)`` from in-memory arrays."""

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict | None = None,
    ):
        self.data = tree.map_structure(to_numpy, (x, y, sample_weight))
        leaves = [leaf for leaf in tree.flatten(self.data) if leaf is not None]
        sizes = {len(leaf) for leaf in leaves}
        if len(sizes) != 1:
            described = tree.map_structure(
                lambda leaf: None if leaf is None else tuple(leaf.shape), self.data
            )
            raise ValueError(
                f"Data cardinality is ambiguous: x, y and sample_weight must have the same "
                f"number of samples; received shapes (x, y, sample_weight) = {described}."
            )
        self.num_samples = sizes.pop()
        if class_weight is not None:
            self._apply_class_weight(class_weight)
        if batch_size is None:
            batch_size = 32 if steps is None else max(1, -(-self.num_samples // steps))
        if not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"batch_size must be a positive int; received {batch_size!r}.")
        self.batch_size = batch_size
        self.shuffle = shuffle

    def _apply_class_weight(self, class_weight: dict) -> None:
        x, y, sample_weight = self.data
        if y is None or isinstance(y, (list, tuple, dict)):
            raise ValueError("class_weight needs a single array of targets `y`.")
        labels = y if y.ndim == 1 or y.shape[-1] == 1 else np.argmax(y, axis=-1)
        labels = labels.reshape(len(labels), -1)[:, 0].astype("int64")
        table = np.ones(int(max(max(class_weight) + 1, labels.max() + 1)), dtype="float32")
        for label, weight in class_weight.items():
            table[int(label)] = weight
        weights = table[labels]
        if sample_weight is not None:
            weights = weights * sample_weight
        self.data = (x, y, weights)

    @property
    def num_batches(self) -> int:
        return -(-self.num_samples // self.batch_size)

    def __iter__(self) -> Iterator[tuple]:
        indices = np.arange(self.num_samples)
        if self.shuffle == "batch":
            blocks = [
                indices[i : i + self.batch_size] for i in range(0, len(indices), self.batch_size)
            ]
            order = np.random.permutation(len(blocks))
            indices = np.concatenate([np.random.permutation(blocks[i]) for i in order])
        elif self.shuffle:
            indices = np.random.permutation(self.num_samples)
        contiguous = not self.shuffle
        for start in range(0, self.num_samples, self.batch_size):
            if contiguous:
                piece = slice(start, start + self.batch_size)
            else:
                piece = indices[start : start + self.batch_size]
            yield tree.map_structure(
                lambda leaf, rows=piece: None if leaf is None else leaf[rows], self.data
            )


def split_validation(x: Any, y: Any, sample_weight: Any, fraction: float) -> tuple:
    """The last ``fraction`` of the samples, before any shuffling, as validation data."""
    if not 0 < fraction < 1:
        raise ValueError(f"validation_split must be in (0, 1); received {fraction}.")
    data = tree.map_structure(to_numpy, (x, y, sample_weight))
    leaves = [leaf for leaf in tree.flatten(data) if leaf is not None]
    count = len(leaves[0])
    split = int(count * (1 - fraction))
    if split == 0 or split == count:
        raise ValueError(
            f"validation_split={fraction} leaves an empty training or validation set for "
            f"{count} samples."
        )
    train = tree.map_structure(lambda leaf: None if leaf is None else leaf[:split], data)
    validation = tree.map_structure(lambda leaf: None if leaf is None else leaf[split:], data)
    return train, validation
