"""Reductions, cumulative ops and their NaN-ignoring variants."""

import builtins

import numpy as np
import tensorflow as tf

from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    EagerTensor,
    convert_to_tensor,
    floatx,
    many,
)

__all__ = [
    "sum",
    "prod",
    "mean",
    "max",
    "min",
    "amax",
    "amin",
    "all",
    "any",
    "argmax",
    "argmin",
    "nanargmax",
    "nanargmin",
    "average",
    "std",
    "var",
    "ptp",
    "count_nonzero",
    "cumsum",
    "cumprod",
    "nancumsum",
    "nancumprod",
    "nansum",
    "nanprod",
    "nanmean",
    "nanmax",
    "nanmin",
    "nanstd",
    "nanvar",
    "trapezoid",
]

# Sums of small integers accumulate in 32 bits, as NumPy-style promotion does.
_ACCUMULATOR = {
    tf.bool: tf.int32,
    tf.int8: tf.int32,
    tf.int16: tf.int32,
    tf.uint8: tf.uint32,
    tf.uint16: tf.uint32,
}
_NO_REDUCE_KERNEL = frozenset((tf.uint32, tf.uint64))


def _axis(axis):
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def _reduce_sum_like(function, x, axis, keepdims, dtype=None):
    dtype = x.dtype if dtype is None else dtype
    target = _ACCUMULATOR.get(dtype, dtype)
    if target in _NO_REDUCE_KERNEL:
        return tf.cast(function(tf.cast(x, tf.int64), axis=axis, keepdims=keepdims), target)
    if x.dtype != target:
        x = tf.cast(x, target)
    return function(x, axis=axis, keepdims=keepdims)


def sum(x, axis=None, keepdims=False):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    return _reduce_sum_like(tf.reduce_sum, x, _axis(axis), keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = convert_to_tensor(x)
    if dtype is not None:
        x = tf.cast(x, dtype)
    return _reduce_sum_like(tf.reduce_prod, x, _axis(axis), keepdims)


def _float_input(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return x


def mean(x, axis=None, keepdims=False):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    dtype = x.dtype
    axis = _axis(axis)
    if dtype in HALF:
        return tf.cast(tf.reduce_mean(tf.cast(x, tf.float32), axis=axis, keepdims=keepdims), dtype)
    if dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return tf.reduce_mean(x, axis=axis, keepdims=keepdims)


def _extreme(function, x, axis, keepdims, initial, combine):
    x = convert_to_tensor(x)
    axis = _axis(axis)
    dtype = x.dtype
    if dtype == tf.bool:
        reducer = tf.reduce_any if function is tf.reduce_max else tf.reduce_all
        result = reducer(x, axis=axis, keepdims=keepdims)
    elif dtype in _NO_REDUCE_KERNEL:
        result = tf.cast(function(tf.cast(x, tf.int64), axis=axis, keepdims=keepdims), dtype)
    else:
        result = function(x, axis=axis, keepdims=keepdims)
    if initial is not None:
        result = combine(result, tf.cast(initial, dtype))
    return result


def max(x, axis=None, keepdims=False, initial=None):
    return _extreme(tf.reduce_max, x, axis, keepdims, initial, tf.maximum)


def min(x, axis=None, keepdims=False, initial=None):
    return _extreme(tf.reduce_min, x, axis, keepdims, initial, tf.minimum)


def amax(x, axis=None, keepdims=False):
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return min(x, axis=axis, keepdims=keepdims)


def _bool_input(x):
    x = convert_to_tensor(x)
    if x.dtype != tf.bool:
        x = tf.not_equal(x, tf.zeros([], x.dtype))
    return x


def all(x, axis=None, keepdims=False):
    return tf.reduce_all(_bool_input(x), axis=_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return tf.reduce_any(_bool_input(x), axis=_axis(axis), keepdims=keepdims)


def _arg_extreme(function, x, axis, keepdims):
    x = convert_to_tensor(x)
    if x.dtype == tf.bool:
        x = tf.cast(x, tf.int8)
    if axis is None:
        flat = tf.reshape(x, [-1])
        result = tf.cast(function(flat, axis=0), tf.int32)
        if keepdims:
            result = tf.reshape(result, [1] * len(x.shape))
        return result
    result = tf.cast(function(x, axis=axis), tf.int32)
    if keepdims:
        result = tf.expand_dims(result, axis)
    return result


def argmax(x, axis=None, keepdims=False):
    return _arg_extreme(tf.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg_extreme(tf.argmin, x, axis, keepdims)


def nanargmax(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype.is_floating:
        x = tf.where(tf.math.is_nan(x), tf.constant(-np.inf, x.dtype), x)
    return argmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype.is_floating:
        x = tf.where(tf.math.is_nan(x), tf.constant(np.inf, x.dtype), x)
    return argmin(x, axis=axis, keepdims=keepdims)


def average(x, axis=None, weights=None):
    if weights is None:
        return mean(x, axis=axis)
    x, weights = many([x, weights])
    if x.dtype not in INEXACT:
        x, weights = tf.cast(x, floatx()), tf.cast(weights, floatx())
    if axis is not None and len(weights.shape) == 1 and len(x.shape) > 1:
        axis = axis + len(x.shape) if axis < 0 else axis
        shape = [1] * len(x.shape)
        shape[axis] = -1
        weights = tf.reshape(weights, shape)
    total = tf.reduce_sum(x * weights, axis=axis)
    return total / tf.reduce_sum(tf.broadcast_to(weights, tf.shape(x)), axis=axis)


def var(x, axis=None, keepdims=False):
    x = _float_input(x)
    dtype = x.dtype
    compute = tf.float32 if dtype in HALF else dtype
    x = tf.cast(x, compute)
    axis = _axis(axis)
    centered = x - tf.reduce_mean(x, axis=axis, keepdims=True)
    if compute.is_complex:
        squares = tf.math.real(centered * tf.math.conj(centered))
        return tf.reduce_mean(squares, axis=axis, keepdims=keepdims)
    result = tf.reduce_mean(tf.square(centered), axis=axis, keepdims=keepdims)
    return tf.cast(result, dtype)


def std(x, axis=None, keepdims=False):
    return tf.sqrt(var(x, axis=axis, keepdims=keepdims))


def ptp(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype == tf.bool:
        raise TypeError("ptp: boolean input is not supported.")
    return max(x, axis=axis, keepdims=keepdims) - min(x, axis=axis, keepdims=keepdims)


def count_nonzero(x, axis=None):
    x = convert_to_tensor(x)
    return tf.cast(tf.reduce_sum(tf.cast(_bool_input(x), tf.int32), axis=_axis(axis)), tf.int32)


def _cumulative(function, x, axis, dtype):
    x = convert_to_tensor(x)
    if dtype is not None:
        x = tf.cast(x, dtype)
    if axis is None:
        x = tf.reshape(x, [-1])
        axis = 0
    source = x.dtype
    if source == tf.bool:
        return function(tf.cast(x, tf.int32), axis=axis)
    if source in (tf.uint16, tf.uint32, tf.uint64):
        return tf.cast(function(tf.cast(x, tf.int64), axis=axis), source)
    return function(x, axis=axis)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(tf.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(tf.math.cumprod, x, axis, dtype)


def _nan_replaced(x, value):
    x = convert_to_tensor(x)
    if x.dtype.is_floating or x.dtype.is_complex:
        x = tf.where(
            tf.math.is_nan(tf.math.real(x)) if x.dtype.is_complex else tf.math.is_nan(x),
            tf.cast(value, x.dtype),
            x,
        )
    return x


def nancumsum(x, axis=None, dtype=None):
    return cumsum(_nan_replaced(x, 0), axis=axis, dtype=dtype)


def nancumprod(x, axis=None, dtype=None):
    return cumprod(_nan_replaced(x, 1), axis=axis, dtype=dtype)


def nansum(x, axis=None, keepdims=False):
    return sum(_nan_replaced(x, 0), axis=axis, keepdims=keepdims)


def nanprod(x, axis=None, keepdims=False):
    return prod(_nan_replaced(x, 1), axis=axis, keepdims=keepdims)


def nanmean(x, axis=None, keepdims=False):
    x = _float_input(x)
    valid = tf.logical_not(tf.math.is_nan(x))
    total = tf.reduce_sum(tf.where(valid, x, tf.zeros_like(x)), axis=_axis(axis), keepdims=keepdims)
    count = tf.reduce_sum(tf.cast(valid, x.dtype), axis=_axis(axis), keepdims=keepdims)
    return total / count


def _nan_extreme(function, x, axis, keepdims, fill):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return function(x, axis=axis, keepdims=keepdims)
    nan = tf.math.is_nan(x)
    filled = tf.where(nan, tf.constant(fill, x.dtype), x)
    result = function(filled, axis=axis, keepdims=keepdims)
    all_nan = tf.reduce_all(nan, axis=_axis(axis), keepdims=keepdims)
    return tf.where(all_nan, tf.constant(np.nan, x.dtype), result)


def nanmax(x, axis=None, keepdims=False):
    return _nan_extreme(max, x, axis, keepdims, -np.inf)


def nanmin(x, axis=None, keepdims=False):
    return _nan_extreme(min, x, axis, keepdims, np.inf)


def nanvar(x, axis=None, keepdims=False):
    x = _float_input(x)
    dtype = x.dtype
    x = tf.cast(x, tf.float32) if dtype in HALF else x
    centered = x - nanmean(x, axis=axis, keepdims=True)
    result = nanmean(centered * centered, axis=axis, keepdims=keepdims)
    return tf.cast(result, dtype)


def nanstd(x, axis=None, keepdims=False):
    return tf.sqrt(nanvar(x, axis=axis, keepdims=keepdims))


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = _float_input(y)
    rank = len(y.shape)
    axis = axis + rank if axis < 0 else axis
    upper = (builtins.slice(None),) * axis + (builtins.slice(1, None),)
    lower = (builtins.slice(None),) * axis + (builtins.slice(None, -1),)
    if x is None:
        spacing = tf.cast(dx, y.dtype)
    else:
        x = tf.cast(convert_to_tensor(x), y.dtype)
        if len(x.shape) == 1:
            spacing = x[1:] - x[:-1]
            shape = [1] * rank
            shape[axis] = -1
            spacing = tf.reshape(spacing, shape)
        else:
            spacing = x[upper] - x[lower]
    return tf.reduce_sum(spacing * (y[upper] + y[lower]) / 2, axis=axis)
