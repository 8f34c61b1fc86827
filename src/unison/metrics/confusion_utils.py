"""Confusion-matrix counting at a list of thresholds, shared by the threshold metrics.

Everything is computed by broadcasting predictions against the thresholds (or, for evenly
spaced thresholds, by bucketing predictions with ``segment_sum`` and a reversed cumulative
sum), so updates are pure tensor code and safe inside a compiled step.

Example:
    >>> update_confusion_matrix({"tp": tp_variable}, [1, 0, 1], [0.7, 0.8, 0.2], [0.5])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unison import config, ops
from unison.losses.weighting import squeeze_or_expand_to_same_rank

NEG_INF = -1e10
KEYS = ("tp", "fp", "tn", "fn")


def parse_thresholds(thresholds: Any, default: float) -> list[float]:
    """``thresholds`` as a list of floats in [0, 1] (``default`` when ``None``)."""
    if thresholds is None:
        return [float(default)]
    values = list(thresholds) if isinstance(thresholds, (list, tuple, np.ndarray)) else [thresholds]
    invalid = [value for value in values if value is None or value < 0 or value > 1]
    if invalid:
        raise ValueError(f"Threshold values must be in [0, 1]; received {invalid}.")
    return [float(value) for value in values]


def evenly_distributed(thresholds: Any) -> bool:
    """Whether the thresholds are ``i / (n - 1)`` for ``i = 0..n-1`` (n >= 3)."""
    count = len(thresholds)
    if count < 3:
        return False
    even = np.arange(count, dtype=np.float32) / (count - 1)
    return bool(np.allclose(np.asarray(thresholds, dtype=np.float64), even, atol=config.epsilon()))


def filter_top_k(values: Any, k: int) -> Any:
    """Keep the ``k`` largest entries of the last axis; the others become ``NEG_INF``."""
    _, indices = ops.top_k(values, k)
    keep = ops.sum(ops.one_hot(indices, ops.shape(values)[-1], dtype=ops.dtype(values)), axis=-2)
    return ops.add(ops.multiply(values, keep), ops.multiply(ops.subtract(1.0, keep), NEG_INF))


def _weights_like(sample_weight: Any, label_weights: Any, y_pred: Any) -> Any:
    """Combined sample and label weights broadcast to ``y_pred`` (or ``None``)."""
    weights = None
    dtype = ops.dtype(y_pred)
    if sample_weight is not None:
        weights = ops.broadcast_to(ops.cast(sample_weight, dtype), ops.shape(y_pred))
    if label_weights is not None:
        labels = ops.broadcast_to(
            ops.expand_dims(ops.cast(label_weights, dtype), 0), ops.shape(y_pred)
        )
        weights = labels if weights is None else ops.multiply(weights, labels)
    return weights


def _bucketed_counts(
    variables: dict,
    y_true: Any,
    y_pred: Any,
    count: int,
    weights: Any,
    multi_label: bool,
    with_epsilon: bool,
) -> None:
    """Counts for evenly spaced thresholds by bucketing the predictions."""
    dtype = ops.dtype(y_pred)
    y_pred = ops.clip(y_pred, 0.0, 1.0)
    y_true = ops.cast(ops.cast(y_true, "bool"), dtype)
    if not multi_label:
        y_true = ops.reshape(y_true, (-1,))
        y_pred = ops.reshape(y_pred, (-1,))
        if weights is not None:
            weights = ops.reshape(weights, (-1,))
    if weights is None:
        weights = ops.ones_like(y_pred)
    true_labels = ops.multiply(y_true, weights)
    false_labels = ops.multiply(ops.subtract(1.0, y_true), weights)
    buckets = ops.subtract(ops.ceil(ops.multiply(y_pred, float(count - 1))), 1.0)
    if with_epsilon:
        buckets = ops.relu(buckets)
    buckets = ops.cast(buckets, "int32")
    # A prediction of exactly 0 exceeds no threshold: its bucket is -1, dropped here.
    in_range = ops.greater_equal(buckets, 0)
    zero = ops.zeros((), dtype)
    axis = 0 if multi_label else None
    total_true = ops.sum(true_labels, axis=axis)
    total_false = ops.sum(false_labels, axis=axis)
    true_labels = ops.where(in_range, true_labels, zero)
    false_labels = ops.where(in_range, false_labels, zero)
    buckets = ops.maximum(buckets, 0)
    segments = count
    if multi_label:
        labels = ops.shape(y_pred)[-1]
        offsets = ops.multiply(ops.arange(labels, dtype="int32"), count)
        buckets = ops.add(buckets, ops.expand_dims(offsets, 0))
        segments = count * labels

    def reverse_cumulative(values: Any) -> Any:
        sums = ops.segment_sum(ops.reshape(values, (-1,)), ops.reshape(buckets, (-1,)), segments)
        if multi_label:
            sums = ops.reshape(sums, (-1, count))
            return ops.transpose(ops.flip(ops.cumsum(ops.flip(sums, axis=1), axis=1), axis=1))
        return ops.flip(ops.cumsum(ops.flip(sums, axis=0), axis=0), axis=0)

    true_positives = reverse_cumulative(true_labels)
    false_positives = reverse_cumulative(false_labels)
    updates = {"tp": true_positives, "fp": false_positives}
    if "tn" in variables:
        updates["tn"] = ops.subtract(total_false, false_positives)
    if "fn" in variables:
        updates["fn"] = ops.subtract(total_true, true_positives)
    for key, variable in variables.items():
        variable.assign(ops.add(variable.value, updates[key]))


def _broadcast_counts(
    variables: dict, y_true: Any, y_pred: Any, thresholds: Any, weights: Any, multi_label: bool
) -> None:
    """Counts for arbitrary thresholds by comparing every prediction with every threshold."""
    if multi_label:
        predictions = ops.expand_dims(y_pred, 0)
        labels = ops.expand_dims(ops.cast(y_true, "bool"), 0)
        thresholds = ops.reshape(thresholds, (-1, 1, 1))
        if weights is not None:
            weights = ops.expand_dims(weights, 0)
    else:
        predictions = ops.reshape(y_pred, (1, -1))
        labels = ops.reshape(ops.cast(y_true, "bool"), (1, -1))
        thresholds = ops.reshape(thresholds, (-1, 1))
        if weights is not None:
            weights = ops.reshape(weights, (1, -1))
    predicted_positive = ops.greater(predictions, thresholds)
    predicted_negative = ops.logical_not(predicted_positive)
    label_negative = ops.logical_not(labels)
    conditions = {
        "tp": (labels, predicted_positive),
        "fp": (label_negative, predicted_positive),
        "tn": (label_negative, predicted_negative),
        "fn": (labels, predicted_negative),
    }
    for key, variable in variables.items():
        label, predicted = conditions[key]
        both = ops.logical_and(label, predicted)
        if weights is None:
            counts = ops.cast(both, variable.dtype)
        else:
            counts = ops.where(
                both, ops.cast(weights, variable.dtype), ops.zeros((), variable.dtype)
            )
        variable.assign(ops.add(variable.value, ops.sum(counts, axis=1)))


def update_confusion_matrix(
    variables: dict,
    y_true: Any,
    y_pred: Any,
    thresholds: Any,
    top_k: int | None = None,
    class_id: int | None = None,
    sample_weight: Any = None,
    multi_label: bool = False,
    label_weights: Any = None,
    thresholds_distributed_evenly: bool = False,
) -> None:
    """Add this batch's true/false positive/negative counts to ``variables``.

    ``variables`` maps any of ``"tp"``, ``"fp"``, ``"tn"``, ``"fn"`` to a Variable of shape
    ``(num_thresholds,)`` (or ``(num_thresholds, num_labels)`` with ``multi_label``). A
    prediction is positive when it is strictly greater than the threshold.
    """
    unknown = [key for key in variables if key not in KEYS]
    if unknown or not variables:
        raise ValueError(f"Confusion matrix keys must be among {KEYS}; received {list(variables)}.")
    if multi_label and label_weights is not None:
        raise ValueError("`label_weights` with multi_label=True must be applied by the caller.")
    dtype = next(iter(variables.values())).dtype
    y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
    y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
    threshold_list = [float(value) for value in np.asarray(thresholds).reshape(-1)]
    with_epsilon = threshold_list[0] < 0.0 or threshold_list[-1] > 1.0
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = ops.expand_dims(ops.cast(ops.convert_to_tensor(sample_weight), dtype), -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(
            y_true, sample_weight, expand_rank_1=False
        )
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if len(ops.shape(y_pred)) == 1:
            raise ValueError(
                "When class_id is given, y_pred must have shape (num_samples, num_classes); "
                f"received y_pred.shape={tuple(ops.shape(y_pred))}."
            )
        y_true = ops.take(y_true, [class_id], axis=-1)
        y_pred = ops.take(y_pred, [class_id], axis=-1)
    weights = _weights_like(sample_weight, None if multi_label else label_weights, y_pred)
    if thresholds_distributed_evenly:
        _bucketed_counts(
            variables, y_true, y_pred, len(threshold_list), weights, multi_label, with_epsilon
        )
        return
    threshold_tensor = ops.cast(np.asarray(threshold_list, dtype=np.float32), dtype)
    _broadcast_counts(variables, y_true, y_pred, threshold_tensor, weights, multi_label)


def confusion_matrix(labels: Any, predictions: Any, num_classes: int, weights: Any, dtype: str):
    """``(num_classes, num_classes)`` counts of (label, prediction) pairs, weighted."""
    labels = ops.cast(ops.convert_to_tensor(labels), "int32")
    predictions = ops.cast(ops.convert_to_tensor(predictions), "int32")
    labels, predictions = squeeze_or_expand_to_same_rank(labels, predictions)
    flat_index = ops.add(ops.multiply(labels, num_classes), predictions)
    values = ops.cast(weights, dtype)
    counts = ops.segment_sum(values, flat_index, num_classes * num_classes)
    return ops.reshape(counts, (num_classes, num_classes))
