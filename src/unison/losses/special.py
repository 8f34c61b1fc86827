"""Sequence, segmentation and metric-learning losses (functions): CTC, Dice, Tversky, Circle.

Example:
    >>> dice([[1.0, 0.0]], [[0.9, 0.1]])   # -> 0.1 (overlap of 0.9 out of 2.0)
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.layers.masking_utils import set_mask


def ctc(y_true: Any, y_pred: Any) -> Any:
    """CTC loss of integer label sequences ``(batch, max_length)`` (0 pads and is the blank)
    against logits ``(batch, time, num_classes)``."""
    true_shape = tuple(ops.shape(y_true))
    pred_shape = tuple(ops.shape(y_pred))
    if len(true_shape) != 2:
        raise ValueError(
            "Targets `y_true` must have shape (batch_size, max_length) in integer format; "
            f"received y_true.shape={true_shape}."
        )
    if len(pred_shape) != 3:
        raise ValueError(
            "Logits `y_pred` must have shape (batch_size, max_length, num_classes); "
            f"received y_pred.shape={pred_shape}."
        )
    batch, time = pred_shape[0], pred_shape[1]
    input_length = ops.multiply(ops.ones((batch,), dtype="int32"), time)
    label_length = ops.cast(ops.sum(ops.cast(ops.not_equal(y_true, 0), "int32"), axis=-1), "int32")
    return ops.ctc_loss(y_true, y_pred, label_length, input_length, mask_index=0)


def _labels_like(y_true: Any, y_pred: Any) -> tuple[Any, Any]:
    y_pred = ops.convert_to_tensor(y_pred)
    return ops.cast(y_true, ops.dtype(y_pred)), y_pred


def dice(y_true: Any, y_pred: Any, axis: Any = None) -> Any:
    """``1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))`` over ``axis``."""
    y_true, y_pred = _labels_like(y_true, y_pred)
    intersection = ops.sum(ops.multiply(y_true, y_pred), axis=axis)
    union = ops.add(ops.sum(y_true, axis=axis), ops.sum(y_pred, axis=axis))
    score = ops.divide(ops.multiply(intersection, 2.0), ops.add(union, config.epsilon()))
    return ops.subtract(1.0, score)


def tversky(y_true: Any, y_pred: Any, alpha: float = 0.5, beta: float = 0.5, axis: Any = None):
    """``1 - TP / (TP + alpha * FP + beta * FN)`` with soft counts over ``axis``.

    As in Keras, ``FP`` here sums ``(1 - y_pred) * y_true`` and ``FN`` ``y_pred * (1 - y_true)``.
    """
    y_true, y_pred = _labels_like(y_true, y_pred)
    intersection = ops.sum(ops.multiply(y_true, y_pred), axis=axis)
    false_pos = ops.sum(ops.multiply(ops.subtract(1.0, y_pred), y_true), axis=axis)
    false_neg = ops.sum(ops.multiply(y_pred, ops.subtract(1.0, y_true)), axis=axis)
    denominator = ops.add(
        ops.add(intersection, ops.multiply(false_pos, alpha)), ops.multiply(false_neg, beta)
    )
    score = ops.divide(intersection, ops.add(denominator, config.epsilon()))
    return ops.subtract(1.0, score)


def _positive_negative_masks(query_labels: Any, key_labels: Any, remove_diagonal: bool):
    if len(ops.shape(query_labels)) == 1:
        query_labels = ops.reshape(query_labels, (-1, 1))
    if len(ops.shape(key_labels)) == 1:
        key_labels = ops.reshape(key_labels, (-1, 1))
    positive = ops.equal(query_labels, ops.transpose(key_labels))
    negative = ops.logical_not(positive)
    if remove_diagonal:
        rows = ops.shape(query_labels)[0] * ops.shape(query_labels)[1]
        columns = ops.shape(key_labels)[0] * ops.shape(key_labels)[1]
        diagonal = ops.eye(rows, columns, k=0, dtype="bool")
        positive = ops.logical_and(positive, ops.logical_not(diagonal))
    return positive, negative


def circle(
    y_true: Any,
    y_pred: Any,
    ref_labels: Any = None,
    ref_embeddings: Any = None,
    remove_diagonal: bool = True,
    gamma: float = 80,
    margin: float = 0.4,
) -> Any:
    """Circle loss on L2-normalised embeddings ``y_pred`` with integer labels ``y_true``.

    Pairs come from the batch itself unless ``ref_labels`` / ``ref_embeddings`` are given.
    Samples without a valid pair get a zero loss, masked out of the reduction.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(y_true, "int32")
    ref_embeddings = y_pred if ref_embeddings is None else ops.convert_to_tensor(ref_embeddings)
    ref_labels = y_true if ref_labels is None else ops.cast(ref_labels, "int32")
    dtype = ops.dtype(y_pred)
    distances = ops.subtract(1.0, ops.matmul(y_pred, ops.transpose(ref_embeddings)))
    distances = ops.maximum(distances, ops.zeros((), dtype))
    positive_mask, negative_mask = _positive_negative_masks(y_true, ref_labels, remove_diagonal)
    positive_float = ops.cast(positive_mask, dtype)
    negative_float = ops.cast(negative_mask, dtype)
    zero = ops.zeros((), dtype)
    positive_weights = ops.maximum(ops.multiply(ops.add(distances, margin), positive_float), zero)
    negative_weights = ops.maximum(
        ops.multiply(ops.subtract(1.0 + margin, distances), negative_float), zero
    )
    positive_terms = ops.multiply(
        ops.multiply(positive_weights, -gamma), ops.subtract(margin, distances)
    )
    negative_terms = ops.multiply(
        ops.multiply(negative_weights, gamma), ops.subtract(1.0 - margin, distances)
    )
    minus_inf = ops.full((), float("-inf"), dtype)
    positive_loss = ops.logsumexp(ops.where(positive_mask, positive_terms, minus_inf), axis=1)
    negative_loss = ops.logsumexp(ops.where(negative_mask, negative_terms, minus_inf), axis=1)
    result = ops.softplus(ops.add(positive_loss, negative_loss))
    set_mask(result, ops.greater(result, 0))
    return result
