"""Per-sample regression, hinge and distribution losses (functions of ``y_true, y_pred``).

Each returns one value per sample (the last axis reduced) and is also a metric function.

Example:
    >>> mean_squared_error([[0.0, 1.0]], [[1.0, 1.0]])   # -> [0.5]
"""

from __future__ import annotations

import math
from typing import Any

from unison import config, ops
from unison.losses.weighting import squeeze_or_expand_to_same_rank

_LOG_2 = math.log(2.0)


def prepare_pair(y_true: Any, y_pred: Any, align: bool = True) -> tuple[Any, Any]:
    """``y_pred`` as a tensor, ``y_true`` cast to its dtype, ranks aligned."""
    y_pred = ops.convert_to_tensor(y_pred)
    y_true = ops.convert_to_tensor(y_true)
    if ops.dtype(y_true) != ops.dtype(y_pred):
        y_true = ops.cast(y_true, ops.dtype(y_pred))
    if align:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return y_true, y_pred


def _constant(value: float, like: Any) -> Any:
    return ops.cast(value, ops.dtype(like))


def mean_squared_error(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``(y_true - y_pred) ** 2``."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    return ops.mean(ops.square(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_error(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``|y_true - y_pred|``."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    return ops.mean(ops.abs(ops.subtract(y_true, y_pred)), axis=-1)


def mean_absolute_percentage_error(y_true: Any, y_pred: Any) -> Any:
    """``100 * mean(|(y_true - y_pred) / max(|y_true|, epsilon)|)`` over the last axis."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    epsilon = _constant(config.epsilon(), y_pred)
    diff = ops.abs(ops.divide(ops.subtract(y_true, y_pred), ops.maximum(ops.abs(y_true), epsilon)))
    return ops.multiply(ops.mean(diff, axis=-1), _constant(100.0, y_pred))


def mean_squared_logarithmic_error(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``(log(1 + y_pred) - log(1 + y_true)) ** 2``."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    epsilon = _constant(config.epsilon(), y_pred)
    first = ops.log(ops.add(ops.maximum(y_pred, epsilon), 1.0))
    second = ops.log(ops.add(ops.maximum(y_true, epsilon), 1.0))
    return ops.mean(ops.square(ops.subtract(first, second)), axis=-1)


def cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """Negative cosine similarity along ``axis`` (-1 means the vectors point the same way)."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    y_pred = ops.normalize(y_pred, axis=axis)
    y_true = ops.normalize(y_true, axis=axis)
    return ops.negative(ops.sum(ops.multiply(y_true, y_pred), axis=axis))


def huber(y_true: Any, y_pred: Any, delta: float = 1.0) -> Any:
    """Quadratic for errors up to ``delta``, linear beyond; mean over the last axis."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    delta = _constant(delta, y_pred)
    half = _constant(0.5, y_pred)
    error = ops.subtract(y_pred, y_true)
    abs_error = ops.abs(error)
    quadratic = ops.multiply(half, ops.square(error))
    linear = ops.subtract(ops.multiply(delta, abs_error), ops.multiply(half, ops.square(delta)))
    return ops.mean(ops.where(ops.less_equal(abs_error, delta), quadratic, linear), axis=-1)


def log_cosh(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``log(cosh(y_pred - y_true))``, computed stably."""
    y_true, y_pred = prepare_pair(y_true, y_pred)
    error = ops.subtract(y_pred, y_true)
    values = ops.add(error, ops.softplus(ops.multiply(error, -2.0)))
    return ops.mean(ops.subtract(values, _constant(_LOG_2, values)), axis=-1)


def _hinge_labels(y_true: Any) -> Any:
    """Labels in {0, 1} become {-1, 1}; labels already in {-1, 1} are kept (jit-safe)."""
    is_binary = ops.all(ops.logical_or(ops.equal(y_true, 0), ops.equal(y_true, 1)))
    return ops.where(is_binary, ops.subtract(ops.multiply(y_true, 2.0), 1.0), y_true)


def hinge(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``max(1 - y_true * y_pred, 0)`` (labels -1/1 or 0/1)."""
    y_true, y_pred = prepare_pair(y_true, y_pred, align=False)
    y_true = _hinge_labels(y_true)
    margin = ops.subtract(1.0, ops.multiply(y_true, y_pred))
    return ops.mean(ops.maximum(margin, _constant(0.0, y_pred)), axis=-1)


def squared_hinge(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``max(1 - y_true * y_pred, 0) ** 2``."""
    y_true, y_pred = prepare_pair(y_true, y_pred, align=False)
    y_true = _hinge_labels(y_true)
    margin = ops.subtract(1.0, ops.multiply(y_true, y_pred))
    return ops.mean(ops.square(ops.maximum(margin, _constant(0.0, y_pred))), axis=-1)


def categorical_hinge(y_true: Any, y_pred: Any) -> Any:
    """``max(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)`` per sample."""
    y_true, y_pred = prepare_pair(y_true, y_pred, align=False)
    positive = ops.sum(ops.multiply(y_true, y_pred), axis=-1)
    negative = ops.max(ops.multiply(ops.subtract(1.0, y_true), y_pred), axis=-1)
    return ops.maximum(ops.add(ops.subtract(negative, positive), 1.0), _constant(0.0, y_pred))


def kl_divergence(y_true: Any, y_pred: Any) -> Any:
    """``sum(y_true * log(y_true / y_pred))`` over the last axis, both clipped to [eps, 1]."""
    y_true, y_pred = prepare_pair(y_true, y_pred, align=False)
    epsilon = config.epsilon()
    y_true = ops.clip(y_true, epsilon, 1.0)
    y_pred = ops.clip(y_pred, epsilon, 1.0)
    return ops.sum(ops.multiply(y_true, ops.log(ops.divide(y_true, y_pred))), axis=-1)


def poisson(y_true: Any, y_pred: Any) -> Any:
    """Mean over the last axis of ``y_pred - y_true * log(y_pred + epsilon)``."""
    y_true, y_pred = prepare_pair(y_true, y_pred, align=False)
    epsilon = _constant(config.epsilon(), y_pred)
    values = ops.subtract(y_pred, ops.multiply(y_true, ops.log(ops.add(y_pred, epsilon))))
    return ops.mean(values, axis=-1)
