"""Accuracy metrics: exact match, binary, categorical, sparse and top-k (functions, classes).

Example:
    >>> metric = SparseCategoricalAccuracy()
    >>> metric.update_state([2, 1], [[0.1, 0.2, 0.7], [0.9, 0.05, 0.05]])
    >>> float(metric.result())
    0.5
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.losses.weighting import squeeze_or_expand_to_same_rank, static_dim_is
from unison.metrics.builtin import BuiltinMeanMetric


def _as_float(matches: Any) -> Any:
    return ops.cast(matches, config.floatx())


def accuracy(y_true: Any, y_pred: Any) -> Any:
    """1.0 where ``y_true == y_pred`` element-wise, else 0.0."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), ops.dtype(y_pred))
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return _as_float(ops.equal(y_true, y_pred))


def binary_accuracy(y_true: Any, y_pred: Any, threshold: float = 0.5) -> Any:
    """1.0 where ``(y_pred > threshold) == y_true``, else 0.0."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    predicted = ops.cast(ops.greater(y_pred, threshold), ops.dtype(y_true))
    return _as_float(ops.equal(y_true, predicted))


def categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    """1.0 where the arg-max of one-hot ``y_true`` equals the arg-max of ``y_pred``."""
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.cast(ops.argmax(ops.convert_to_tensor(y_true), axis=-1), ops.dtype(y_pred))
    original_shape = ops.shape(labels)
    reshape = False
    if len(ops.shape(labels)) == len(ops.shape(y_pred)):
        labels = ops.squeeze(labels, -1)
        reshape = True
    predicted = ops.cast(ops.argmax(y_pred, axis=-1), ops.dtype(labels))
    matches = _as_float(ops.equal(labels, predicted))
    if reshape:
        matches = ops.reshape(matches, original_shape)
    return matches


def sparse_categorical_accuracy(y_true: Any, y_pred: Any) -> Any:
    """1.0 where the integer label ``y_true`` equals the arg-max of ``y_pred``."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.cast(ops.convert_to_tensor(y_true), ops.dtype(y_pred))
    original_shape = ops.shape(y_true)
    reshape = False
    if len(original_shape) == len(ops.shape(y_pred)) and static_dim_is(original_shape[-1], 1):
        y_true = ops.squeeze(y_true, -1)
        reshape = True
    predicted = ops.cast(ops.argmax(y_pred, axis=-1), ops.dtype(y_true))
    matches = _as_float(ops.equal(y_true, predicted))
    if reshape:
        matches = ops.reshape(matches, original_shape)
    shape = ops.shape(matches)
    if len(shape) > 1 and static_dim_is(shape[-1], 1):
        matches = ops.squeeze(matches, -1)
    return matches


def _top_k_matches(labels: Any, y_pred: Any, k: int, from_sorted_ids: bool = False) -> Any:
    original_shape = ops.shape(labels)
    pred_shape = ops.shape(y_pred)
    if len(pred_shape) > 2:
        y_pred = ops.reshape(y_pred, (-1, pred_shape[-1]))
    reshape = len(original_shape) > 1
    if reshape:
        labels = ops.reshape(labels, (-1,))
    if from_sorted_ids:
        candidates = y_pred[:, :k]
        matches = ops.any(ops.equal(ops.expand_dims(labels, axis=1), candidates), axis=1)
    else:
        matches = ops.in_top_k(labels, y_pred, k)
    matches = _as_float(matches)
    if reshape:
        matches = ops.reshape(matches, original_shape)
    return matches


def top_k_categorical_accuracy(y_true: Any, y_pred: Any, k: int = 5) -> Any:
    """1.0 where the one-hot label's class is among the ``k`` highest predictions."""
    y_pred = ops.convert_to_tensor(y_pred)
    labels = ops.cast(ops.argmax(ops.convert_to_tensor(y_true), axis=-1), "int32")
    return _top_k_matches(labels, y_pred, k)


def sparse_top_k_categorical_accuracy(
    y_true: Any, y_pred: Any, k: int = 5, from_sorted_ids: bool = False
) -> Any:
    """1.0 where the integer label is among the ``k`` highest predictions.

    With ``from_sorted_ids=True`` ``y_pred`` holds class ids sorted by score instead.
    """
    y_pred = ops.convert_to_tensor(y_pred)
    label_dtype = ops.dtype(y_pred) if from_sorted_ids else "int32"
    labels = ops.cast(ops.convert_to_tensor(y_true), label_dtype)
    return _top_k_matches(labels, y_pred, k, from_sorted_ids)


class Accuracy(BuiltinMeanMetric):
    """How often predictions equal labels exactly."""

    _direction = "up"

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(accuracy, name=name, dtype=dtype)


class BinaryAccuracy(BuiltinMeanMetric):
    """How often ``y_pred > threshold`` matches 0/1 labels."""

    _direction = "up"
    _config_keys = ("threshold",)

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(binary_accuracy, name=name, dtype=dtype, threshold=threshold)


class CategoricalAccuracy(BuiltinMeanMetric):
    """How often the arg-max of ``y_pred`` matches the one-hot label."""

    _direction = "up"

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy, name=name, dtype=dtype)


class SparseCategoricalAccuracy(BuiltinMeanMetric):
    """How often the arg-max of ``y_pred`` matches the integer label."""

    _direction = "up"

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy, name=name, dtype=dtype)


class TopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the one-hot label is among the top ``k`` predictions."""

    _direction = "up"
    _config_keys = ("k",)

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy, name=name, dtype=dtype, k=k)


class SparseTopKCategoricalAccuracy(BuiltinMeanMetric):
    """How often the integer label is among the top ``k`` predictions."""

    _direction = "up"
    _config_keys = ("k",)

    def __init__(
        self, k=5, name="sparse_top_k_categorical_accuracy", dtype=None, from_sorted_ids=False
    ):
        super().__init__(
            sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )

    def get_config(self) -> dict:
        config = super().get_config()
        if self._fn_kwargs["from_sorted_ids"]:
            config["from_sorted_ids"] = True
        return config
