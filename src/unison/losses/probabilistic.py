"""Cross-entropy losses (functions): binary, categorical, sparse, focal and generalized.

Example:
    >>> categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.8]])   # -> [0.2231]
    >>> sparse_categorical_crossentropy([1], [[0.2, 0.8]])     # -> [0.2231]
"""

from __future__ import annotations

import warnings
from typing import Any

from unison import config, ops
from unison.layers.masking_utils import set_mask
from unison.losses.weighting import static_dim_is


def _prediction_and_labels(y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if ops.dtype(y_true) != ops.dtype(y_pred):
        y_true = ops.cast(y_true, ops.dtype(y_pred))
    return y_true, y_pred


def _check_axis(axis: Any) -> None:
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(f"`axis` must be an int; received axis={axis!r} of type {type(axis)}.")


def _warn_single_class(name: str, y_pred: Any) -> None:
    shape = ops.shape(y_pred)
    if shape and static_dim_is(shape[-1], 1):
        warnings.warn(
            f"In loss {name}, expected y_pred.shape to be (batch_size, num_classes) with "
            f"num_classes > 1; received y_pred.shape={tuple(shape)}. Consider "
            "'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


def _smooth_categorical(y_true: Any, label_smoothing: float) -> Any:
    num_classes = ops.cast(ops.shape(y_true)[-1], ops.dtype(y_true))
    kept = ops.multiply(y_true, 1.0 - label_smoothing)
    return ops.add(kept, ops.divide(ops.cast(label_smoothing, ops.dtype(y_true)), num_classes))


def _smooth_binary(y_true: Any, label_smoothing: float) -> Any:
    return ops.add(ops.multiply(y_true, 1.0 - label_smoothing), 0.5 * label_smoothing)


def binary_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Mean over ``axis`` of the element-wise binary cross-entropy.

    ``label_smoothing`` moves the labels towards 0.5: ``y * (1 - s) + 0.5 * s``.
    """
    y_true, y_pred = _prediction_and_labels(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    values = ops.binary_crossentropy(y_true, y_pred, from_logits=from_logits)
    return ops.mean(values, axis=axis)


def binary_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    apply_class_balancing: bool = False,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Binary cross-entropy scaled by ``(1 - p_t) ** gamma`` (and ``alpha`` balancing)."""
    y_true, y_pred = _prediction_and_labels(y_true, y_pred)
    if label_smoothing:
        y_true = _smooth_binary(y_true, label_smoothing)
    if from_logits:
        y_pred = ops.sigmoid(y_pred)
    bce = ops.binary_crossentropy(y_true, y_pred, from_logits=False)
    one_minus_true = ops.subtract(1.0, y_true)
    p_t = ops.add(
        ops.multiply(y_true, y_pred), ops.multiply(one_minus_true, ops.subtract(1.0, y_pred))
    )
    focal = ops.multiply(ops.power(ops.subtract(1.0, p_t), gamma), bce)
    if apply_class_balancing:
        weight = ops.add(ops.multiply(y_true, alpha), ops.multiply(one_minus_true, 1.0 - alpha))
        focal = ops.multiply(weight, focal)
    return ops.mean(focal, axis=axis)


def categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Cross-entropy between one-hot (or soft) labels and predicted probabilities/logits."""
    _check_axis(axis)
    y_true, y_pred = _prediction_and_labels(y_true, y_pred)
    _warn_single_class("categorical_crossentropy", y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    return ops.categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)


def categorical_focal_crossentropy(
    y_true: Any,
    y_pred: Any,
    alpha: float = 0.25,
    gamma: float = 2.0,
    from_logits: bool = False,
    label_smoothing: float = 0.0,
    axis: int = -1,
) -> Any:
    """Categorical cross-entropy with each class term scaled by ``alpha * (1 - p) ** gamma``."""
    _check_axis(axis)
    y_true, y_pred = _prediction_and_labels(y_true, y_pred)
    _warn_single_class("categorical_focal_crossentropy", y_pred)
    if label_smoothing:
        y_true = _smooth_categorical(y_true, label_smoothing)
    if from_logits:
        y_pred = ops.softmax(y_pred, axis=axis)
    output = ops.divide(y_pred, ops.sum(y_pred, axis=axis, keepdims=True))
    epsilon = config.epsilon()
    output = ops.clip(output, epsilon, 1.0 - epsilon)
    cross_entropy = ops.negative(ops.multiply(y_true, ops.log(output)))
    factor = ops.multiply(ops.power(ops.subtract(1.0, output), gamma), alpha)
    return ops.sum(ops.multiply(factor, cross_entropy), axis=axis)


def sparse_categorical_crossentropy(
    y_true: Any,
    y_pred: Any,
    from_logits: bool = False,
    ignore_class: int | None = None,
    axis: int = -1,
) -> Any:
    """Cross-entropy between integer labels and predicted probabilities/logits.

    Entries whose label is ``ignore_class`` get a zero loss and are masked out of the
    reduction (the result carries that mask).
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    pred_shape = tuple(ops.shape(y_pred))
    true_shape = tuple(ops.shape(y_true))
    if len(true_shape) == len(pred_shape) and static_dim_is(true_shape[axis], 1):
        y_true = ops.squeeze(y_true, axis=axis)
    valid_mask = None
    if ignore_class is not None:
        class_axis = axis % len(pred_shape)
        result_shape = tuple(dim for index, dim in enumerate(pred_shape) if index != class_axis)
        valid_mask = ops.not_equal(y_true, ops.cast(ignore_class, ops.dtype(y_true)))
        y_true = ops.where(valid_mask, y_true, ops.zeros((), ops.dtype(y_true)))
        y_pred = ops.where(
            ops.expand_dims(valid_mask, class_axis), y_pred, ops.zeros((), ops.dtype(y_pred))
        )
    result = ops.sparse_categorical_crossentropy(y_true, y_pred, from_logits=from_logits, axis=axis)
    if valid_mask is not None:
        valid_mask = ops.reshape(valid_mask, result_shape)
        result = ops.where(valid_mask, result, ops.zeros((), ops.dtype(result)))
        set_mask(result, valid_mask)
    return result


def categorical_generalized_cross_entropy(y_true: Any, y_pred: Any, q: float) -> Any:
    """Generalized cross-entropy ``(1 - p_true ** q) / q`` for integer labels (noise-robust)."""
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.cast(y_true, "int32")
    one_hot = ops.cast(ops.one_hot(labels, ops.shape(y_pred)[-1]), ops.dtype(y_pred))
    probability = ops.sum(ops.multiply(y_pred, one_hot), axis=-1)
    return ops.divide(ops.subtract(1.0, ops.power(probability, q)), q)
