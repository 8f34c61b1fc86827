"""Reductions, scans and statistics of the NumPy-API ops."""

from __future__ import annotations

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    BOOL,
    FLOAT32,
    INT32,
    canonical_axis,
    float_dtype_of,
    promote_all,
    to_array,
    to_numpy_dtype,
)

_UINT32 = np.dtype("uint32")
_FLOAT16 = np.dtype("float16")
_WIDENED = {
    np.dtype("bool"): INT32,
    np.dtype("int8"): INT32,
    np.dtype("int16"): INT32,
    np.dtype("uint8"): _UINT32,
    np.dtype("uint16"): _UINT32,
}


def _accumulator(dtype: np.dtype) -> np.dtype:
    """The dtype sums / products of ``dtype`` return (small integers widen to 32 bits)."""
    return _WIDENED.get(dtype, dtype)


def _compute(dtype: np.dtype) -> np.dtype:
    """Half-precision floats accumulate in float32."""
    if dtype == BFLOAT16 or dtype == _FLOAT16:
        return FLOAT32
    return dtype


def _finish(result, dtype: np.dtype) -> np.ndarray:
    return np.asarray(result).astype(dtype, copy=False)


def sum(x, axis=None, keepdims=False):
    x = to_array(x)
    axis = canonical_axis(axis)
    dtype = _accumulator(x.dtype)
    return _finish(np.sum(x, axis=axis, keepdims=keepdims, dtype=_compute(dtype)), dtype)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = to_array(x)
    axis = canonical_axis(axis)
    dtype = _accumulator(x.dtype) if dtype is None else to_numpy_dtype(dtype)
    return _finish(np.prod(x, axis=axis, keepdims=keepdims, dtype=_compute(dtype)), dtype)


def _float_reduction(function):
    def operation(x, axis=None, keepdims=False):
        x = to_array(x)
        dtype = float_dtype_of(x.dtype)
        compute = _compute(dtype)
        result = function(
            x.astype(compute, copy=False), axis=canonical_axis(axis), keepdims=keepdims
        )
        return _finish(result, dtype)

    operation.__name__ = function.__name__
    return operation


mean = _float_reduction(np.mean)
var = _float_reduction(np.var)
std = _float_reduction(np.std)
nanmean = _float_reduction(np.nanmean)
nanvar = _float_reduction(np.nanvar)
nanstd = _float_reduction(np.nanstd)
median = _float_reduction(np.median)
nanmedian = _float_reduction(np.nanmedian)


def _same_dtype_reduction(function):
    def operation(x, axis=None, keepdims=False, **extra):
        x = to_array(x)
        dtype = x.dtype
        compute = FLOAT32 if dtype == BFLOAT16 else dtype
        if extra.get("initial") is None:
            extra.pop("initial", None)
        result = function(
            x.astype(compute, copy=False), axis=canonical_axis(axis), keepdims=keepdims, **extra
        )
        return _finish(result, dtype)

    operation.__name__ = function.__name__
    return operation


_max = _same_dtype_reduction(np.max)
_min = _same_dtype_reduction(np.min)
amax = _same_dtype_reduction(np.max)
amin = _same_dtype_reduction(np.min)
nanmax = _same_dtype_reduction(np.nanmax)
nanmin = _same_dtype_reduction(np.nanmin)
ptp = _same_dtype_reduction(np.ptp)


def max(x, axis=None, keepdims=False, initial=None):
    return _max(x, axis=axis, keepdims=keepdims, initial=initial)


def min(x, axis=None, keepdims=False, initial=None):
    return _min(x, axis=axis, keepdims=keepdims, initial=initial)


def nansum(x, axis=None, keepdims=False):
    x = to_array(x)
    dtype = _accumulator(x.dtype)
    result = np.nansum(x, axis=canonical_axis(axis), keepdims=keepdims, dtype=_compute(dtype))
    return _finish(result, dtype)


def nanprod(x, axis=None, keepdims=False):
    x = to_array(x)
    dtype = _accumulator(x.dtype)
    result = np.nanprod(x, axis=canonical_axis(axis), keepdims=keepdims, dtype=_compute(dtype))
    return _finish(result, dtype)


def all(x, axis=None, keepdims=False):
    return np.asarray(np.all(to_array(x), axis=canonical_axis(axis), keepdims=keepdims))


def any(x, axis=None, keepdims=False):
    return np.asarray(np.any(to_array(x), axis=canonical_axis(axis), keepdims=keepdims))


def _arg_reduction(function):
    def operation(x, axis=None, keepdims=False):
        x = to_array(x)
        if x.dtype == BFLOAT16:
            x = x.astype(FLOAT32)
        if axis is None and keepdims:
            result = function(x.reshape(-1), axis=0).reshape((1,) * x.ndim)
        else:
            result = function(x, axis=axis, keepdims=keepdims)
        return _finish(result, INT32)

    operation.__name__ = function.__name__
    return operation


argmax = _arg_reduction(np.argmax)
argmin = _arg_reduction(np.argmin)
nanargmax = _arg_reduction(np.nanargmax)
nanargmin = _arg_reduction(np.nanargmin)


def _cumulative(function):
    def operation(x, axis=None, dtype=None):
        x = to_array(x)
        if dtype is None:
            dtype = INT32 if x.dtype == BOOL else x.dtype
        else:
            dtype = to_numpy_dtype(dtype)
        result = function(x, axis=canonical_axis(axis), dtype=_compute(dtype))
        return _finish(result, dtype)

    operation.__name__ = function.__name__
    return operation


cumsum = _cumulative(np.cumsum)
cumprod = _cumulative(np.cumprod)
nancumsum = _cumulative(np.nancumsum)
nancumprod = _cumulative(np.nancumprod)


def count_nonzero(x, axis=None):
    return _finish(np.count_nonzero(to_array(x), axis=canonical_axis(axis)), INT32)


def _quantile_function(function, scale):
    def operation(x, q, axis=None, method="linear", keepdims=False):
        x = to_array(x)
        dtype = float_dtype_of(x.dtype)
        compute = _compute(dtype) if dtype != np.dtype("float64") else dtype
        q = to_array(q).astype(np.float64)
        result = function(
            x.astype(compute),
            q * scale if scale != 1 else q,
            axis=canonical_axis(axis),
            method=method,
            keepdims=keepdims,
        )
        return _finish(result, dtype)

    operation.__name__ = function.__name__
    return operation


quantile = _quantile_function(np.quantile, 1)
nanquantile = _quantile_function(np.nanquantile, 1)
percentile = _quantile_function(np.percentile, 1)
nanpercentile = _quantile_function(np.nanpercentile, 1)


def average(x, axis=None, weights=None):
    x = to_array(x)
    if weights is None:
        dtype = float_dtype_of(x.dtype)
        return _finish(np.mean(x.astype(_compute(dtype)), axis=canonical_axis(axis)), dtype)
    x, weights = promote_all(x, weights)
    dtype = float_dtype_of(x.dtype)
    compute = _compute(dtype)
    result = np.average(
        x.astype(compute), axis=canonical_axis(axis), weights=weights.astype(compute)
    )
    return _finish(result, dtype)


def trace(x, offset=0, axis1=0, axis2=1):
    x = to_array(x)
    dtype = _accumulator(x.dtype)
    result = np.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=_compute(dtype))
    return _finish(result, dtype)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = to_array(y)
    if x is not None:
        y, x = promote_all(y, x)
        x = x.astype(_compute(float_dtype_of(x.dtype)))
    dtype = float_dtype_of(y.dtype)
    result = np.trapezoid(y.astype(_compute(dtype)), x=x, dx=dx, axis=axis)
    return _finish(result, dtype)
