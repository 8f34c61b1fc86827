"""Per-batch helpers for adapters of framework data (PyDataset, tf.data, torch DataLoader):
hand the model's backend its own tensors or NumPy, and apply ``class_weight``."""

from __future__ import annotations

from typing import Any

import numpy as np

from unison import backend as backend_module
from unison import tree
from unison.training.data_adapters.array_adapter import to_numpy
from unison.training.data_adapters.generator_adapter import unpack_x_y_sample_weight


def for_active_backend(batch: Any) -> Any:
    """Leaves that are NumPy or the active backend's tensors pass through; tensors of other
    frameworks become NumPy arrays."""
    backend = backend_module.active_backend()

    def convert(leaf):
        if leaf is None or isinstance(leaf, (np.ndarray, np.generic, int, float, bool, str)):
            return leaf
        if backend.is_tensor(leaf):
            return leaf
        return to_numpy(leaf)

    return tree.map_structure(convert, batch)


def class_weights_for(y: Any, class_weight: dict) -> np.ndarray:
    """Per-sample weights from ``class_weight`` for integer or one-hot targets ``y``."""
    labels = to_numpy(y)
    if labels.ndim > 1 and labels.shape[-1] > 1:
        labels = np.argmax(labels, axis=-1)
    labels = labels.reshape(len(labels), -1)[:, 0].astype("int64")
    return np.array([class_weight.get(int(label), 1.0) for label in labels], dtype="float32")


def finish_batch(batch: Any, class_weight: dict | None) -> tuple:
    """``(x, y, sample_weight)`` for the active backend, class weights folded in."""
    x, y, sample_weight = unpack_x_y_sample_weight(batch)
    if class_weight is not None:
        if y is None or isinstance(y, (list, tuple, dict)):
            raise ValueError("class_weight needs a single array of targets `y` in each batch.")
        weights = class_weights_for(y, class_weight)
        if sample_weight is not None:
            weights = weights * to_numpy(sample_weight)
        sample_weight = weights
    return for_active_backend((x, y, sample_weight))
