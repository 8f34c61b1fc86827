"""Reductions, statistics, sorting and cumulative numpy ops."""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp

from unison.backends.jax._base import (
    floatx_dtype,
    jax_dtype,
    promote,
    standard_axis,
    to_float,
    to_tensor,
)

_INTEGRAL = "biu"


def _low_precision(x):
    """Half floats reduce in float32; returns (compute input, dtype to cast back to)."""
    if x.dtype.itemsize < 4 and x.dtype.kind not in _INTEGRAL:
        return x.astype("float32"), x.dtype
    return x, x.dtype


def sum(x, axis=None, keepdims=False):
    return jnp.sum(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = to_tensor(x)
    return jnp.prod(
        x,
        axis=standard_axis(axis),
        keepdims=keepdims,
        dtype=None if dtype is None else jax_dtype(dtype),
    )


def mean(x, axis=None, keepdims=False):
    x = to_float(x)
    compute, original = _low_precision(x)
    return jnp.mean(compute, axis=standard_axis(axis), keepdims=keepdims).astype(original)


def var(x, axis=None, keepdims=False):
    x = to_float(x)
    compute, original = _low_precision(x)
    return jnp.var(compute, axis=standard_axis(axis), keepdims=keepdims).astype(original)


def std(x, axis=None, keepdims=False):
    x = to_float(x)
    compute, original = _low_precision(x)
    return jnp.std(compute, axis=standard_axis(axis), keepdims=keepdims).astype(original)


def _extreme(function, name):
    def op(x, axis=None, keepdims=False, initial=None):
        x = to_tensor(x)
        return function(x, axis=standard_axis(axis), keepdims=keepdims, initial=initial)

    op.__name__ = op.__qualname__ = name
    return op


max = _extreme(jnp.max, "max")
min = _extreme(jnp.min, "min")


def amax(x, axis=None, keepdims=False):
    return jnp.max(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return jnp.min(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def all(x, axis=None, keepdims=False):
    return jnp.all(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def any(x, axis=None, keepdims=False):
    return jnp.any(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def _arg(function, name):
    def op(x, axis=None, keepdims=False):
        x = to_tensor(x)
        if x.dtype.kind == "b":
            x = x.astype("int32")
        return function(x, axis=axis, keepdims=keepdims).astype("int32")

    op.__name__ = op.__qualname__ = name
    return op


argmax = _arg(jnp.argmax, "argmax")
argmin = _arg(jnp.argmin, "argmin")
nanargmax = _arg(jnp.nanargmax, "nanargmax")
nanargmin = _arg(jnp.nanargmin, "nanargmin")


def _nan_reduce(function, name, float_result=False):
    def op(x, axis=None, keepdims=False):
        x = to_float(x) if float_result else to_tensor(x)
        compute, original = _low_precision(x)
        result = function(compute, axis=standard_axis(axis), keepdims=keepdims)
        return result if compute is x else result.astype(original)

    op.__name__ = op.__qualname__ = name
    return op


nanmax = _nan_reduce(jnp.nanmax, "nanmax")
nanmin = _nan_reduce(jnp.nanmin, "nanmin")
nansum = _nan_reduce(jnp.nansum, "nansum")
nanprod = _nan_reduce(jnp.nanprod, "nanprod")
nanmean = _nan_reduce(jnp.nanmean, "nanmean", float_result=True)
nanstd = _nan_reduce(jnp.nanstd, "nanstd", float_result=True)
nanvar = _nan_reduce(jnp.nanvar, "nanvar", float_result=True)
nanmedian = _nan_reduce(jnp.nanmedian, "nanmedian", float_result=True)
median = _nan_reduce(jnp.median, "median", float_result=True)


def _quantile_like(function, name, scale):
    def op(x, q, axis=None, method="linear", keepdims=False):
        x = to_float(x)
        compute, original = _low_precision(x)
        q = to_tensor(q).astype(compute.dtype) if not isinstance(q, (int, float)) else q
        result = function(
            compute,
            q * scale if scale != 1 else q,
            axis=standard_axis(axis),
            method=method,
            keepdims=keepdims,
        )
        return result.astype(original)

    op.__name__ = op.__qualname__ = name
    return op


quantile = _quantile_like(jnp.quantile, "quantile", 1)
nanquantile = _quantile_like(jnp.nanquantile, "nanquantile", 1)
percentile = _quantile_like(jnp.quantile, "percentile", 0.01)
nanpercentile = _quantile_like(jnp.nanquantile, "nanpercentile", 0.01)


def ptp(x, axis=None, keepdims=False):
    return jnp.ptp(to_tensor(x), axis=standard_axis(axis), keepdims=keepdims)


def count_nonzero(x, axis=None):
    return jnp.count_nonzero(to_tensor(x), axis=standard_axis(axis)).astype("int32")


def average(x, axis=None, weights=None):
    x = to_tensor(x)
    if weights is None:
        return mean(x, axis=axis)
    x, weights = promote(x, weights)
    if x.dtype.kind in _INTEGRAL:
        x, weights = x.astype(floatx_dtype()), weights.astype(floatx_dtype())
    return jnp.average(x, axis=axis, weights=weights)


def _cumulative(function, name):
    def op(x, axis=None, dtype=None):
        x = to_tensor(x)
        target = None if dtype is None else jax_dtype(dtype)
        if target is None and x.dtype.kind == "b":
            target = jnp.dtype("int32")
        return function(x, axis=axis, dtype=target)

    op.__name__ = op.__qualname__ = name
    return op


cumsum = _cumulative(jnp.cumsum, "cumsum")
cumprod = _cumulative(jnp.cumprod, "cumprod")
nancumsum = _cumulative(jnp.nancumsum, "nancumsum")
nancumprod = _cumulative(jnp.nancumprod, "nancumprod")


def sort(x, axis=-1):
    return jnp.sort(to_tensor(x), axis=axis)


def argsort(x, axis=-1):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    return jnp.argsort(x, axis=axis, stable=True).astype("int32")


def argpartition(x, kth, axis=-1):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    return jnp.argpartition(x, kth, axis=axis).astype("int32")


def trace(x, offset=0, axis1=0, axis2=1):
    x = to_tensor(x)
    dtype = None
    if x.dtype.kind == "b" or (x.dtype.kind in "iu" and x.dtype.itemsize < 4):
        dtype = jnp.dtype("int32") if x.dtype.kind != "u" else jnp.dtype("uint32")
    return jnp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = promote(x1, x2)
    return jnp.allclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = promote(x1, x2)
    return jnp.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def corrcoef(x):
    x = to_float(x)
    compute, original = _low_precision(x)
    return jnp.corrcoef(compute).astype(original)


def diff(a, n=1, axis=-1):
    return jnp.diff(to_tensor(a), n=n, axis=axis)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = to_float(y)
    if x is not None:
        y, x = promote(y, x)
        if x.dtype.kind in _INTEGRAL:
            x = x.astype(floatx_dtype())
    return jnp.trapezoid(y, x=x, dx=dx, axis=axis)


def size(x: Any) -> Any:
    return int(jnp.size(to_tensor(x)))


def ndim(x: Any) -> int:
    return to_tensor(x).ndim
