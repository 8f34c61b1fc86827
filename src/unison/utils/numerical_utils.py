"""``to_categorical`` (one-hot class matrices) and ``normalize`` (unit-norm rows)."""

from __future__ import annotations

from typing import Any

import numpy as np

_NUMPY_LIKE = (np.ndarray, np.generic, list, tuple, int, float)


def _is_native_tensor(x: Any) -> bool:
    if isinstance(x, _NUMPY_LIKE):
        return False
    from unison.backend import active_backend

    return bool(active_backend().is_tensor(x))


def to_categorical(x: Any, num_classes: int | None = None) -> Any:
    """One-hot encode integer class labels.

    A trailing axis of size 1 is dropped first (``(n, 1)`` labels give ``(n, classes)``).
    NumPy / list input gives a float64 NumPy array, as in Keras; a tensor of the active
    backend gives a floatx tensor of that backend.

    Args:
        x: integer class labels in ``[0, num_classes)``.
        num_classes: number of classes; default ``max(x) + 1``.

    Example:
        >>> unison.utils.to_categorical([0, 2, 1], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]])
    """
    if num_classes is not None and (
        isinstance(num_classes, bool)
        or not isinstance(num_classes, (int, np.integer))
        or num_classes < 1
    ):
        raise ValueError(f"num_classes must be a positive int or None; received {num_classes!r}.")
    if _is_native_tensor(x):
        from unison import ops

        shape = tuple(ops.shape(x))
        if len(shape) > 1 and shape[-1] == 1:
            x = ops.reshape(x, shape[:-1])
        if num_classes is None:
            num_classes = int(np.max(ops.convert_to_numpy(x))) + 1
        return ops.one_hot(x, int(num_classes))
    labels = np.asarray(x)
    if labels.size and not np.issubdtype(labels.dtype, np.integer):
        rounded = labels.astype("int64")
        if not np.array_equal(rounded, labels):
            raise ValueError(
                f"to_categorical expects integer class labels; received values of dtype "
                f"{labels.dtype} such as {labels.reshape(-1)[0]!r}."
            )
    labels = labels.astype("int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    flat = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(flat.max()) + 1 if flat.size else 0
    if flat.size and (flat.min() < 0 or flat.max() >= num_classes):
        raise ValueError(
            f"to_categorical: labels must be in [0, {num_classes}); received values from "
            f"{flat.min()} to {flat.max()}."
        )
    categorical = np.zeros((flat.shape[0], num_classes))
    categorical[np.arange(flat.shape[0]), flat] = 1
    return categorical.reshape((*shape, num_classes))


def normalize(x: Any, axis: int = -1, order: int = 2) -> Any:
    """Divide ``x`` by its ``order``-norm along ``axis`` (zero vectors stay zero).

    NumPy input gives a NumPy array; anything else goes through
    :func:`unison.ops.normalize` on the active backend.

    Example:
        >>> unison.utils.normalize(np.array([[3.0, 4.0]]))
        array([[0.6, 0.8]])
    """
    if isinstance(x, np.ndarray):
        norm = np.atleast_1d(np.linalg.norm(x, order, axis))
        norm[norm == 0] = 1
        return x / np.expand_dims(norm, axis if axis is not None else -1)
    from unison import ops

    return ops.normalize(x, axis=axis, order=order)
