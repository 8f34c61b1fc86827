"""Reductions, cumulative ops, statistics and quantiles."""

from __future__ import annotations

import torch

from unison.backends.torch._base import (
    INEXACT_DTYPES,
    WIDE_UNSIGNED,
    Tensor,
    convert_to_tensor,
    to_float,
    to_torch_dtype,
)

_BOOL = torch.bool
# Accumulating sums widen small integers (as JAX does): int8 -> int32, uint8 -> uint32.
_SUM_DTYPES = {
    torch.bool: torch.int32,
    torch.int8: torch.int32,
    torch.int16: torch.int32,
    torch.uint8: torch.uint32,
    torch.uint16: torch.uint32,
}
_HALF = (torch.float16, torch.bfloat16)


def _axes(axis, ndim):
    """Normalised reduction axes: ``None`` (all), or a tuple of non-negative ints."""
    if axis is None:
        return None
    if isinstance(axis, int):
        return (axis % ndim if ndim else 0,)
    if isinstance(axis, Tensor):
        axis = axis.tolist()
        if isinstance(axis, int):
            return (axis % ndim if ndim else 0,)
    return tuple(sorted(int(a) % ndim for a in axis)) if ndim else ()


def _reduce(function, x, axis, keepdims, **kwargs):
    axes = _axes(axis, x.ndim)
    if axes is None:
        if keepdims:
            return (
                function(x, dim=tuple(range(x.ndim)), keepdim=True, **kwargs)
                if x.ndim
                else (function(x, **kwargs))
            )
        return function(x, **kwargs)
    if not axes:
        return x
    return function(x, dim=axes, keepdim=keepdims, **kwargs)


def _sum_dtype(dtype, given=None):
    if given is not None:
        return to_torch_dtype(given)
    return _SUM_DTYPES.get(dtype, dtype)


def sum(x, axis=None, keepdims=False):  # noqa: A001
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    target = _SUM_DTYPES.get(x.dtype, x.dtype)
    if target in WIDE_UNSIGNED:
        return _reduce(torch.sum, x.to(torch.int64), axis, keepdims).to(target)
    if axis is None and not keepdims:
        return torch.sum(x, dtype=target)
    return _reduce(torch.sum, x, axis, keepdims, dtype=target)


def prod(x, axis=None, keepdims=False, dtype=None):
    x = convert_to_tensor(x)
    target = _sum_dtype(x.dtype, dtype)
    compute = torch.int64 if target in WIDE_UNSIGNED else target
    axes = _axes(axis, x.ndim)
    values = x.to(compute)
    if axes is None:
        result = torch.prod(values)
        if keepdims:
            result = result.reshape((1,) * x.ndim)
    else:
        result = values
        for a in reversed(axes):
            result = torch.prod(result, dim=a, keepdim=keepdims)
    return result.to(target)


_FAST_MEAN = (torch.float32, torch.float64)


def mean(x, axis=None, keepdims=False):
    if type(x) is Tensor and type(axis) is int and x.dtype in _FAST_MEAN:
        return torch.mean(x, dim=axis, keepdim=keepdims)
    x = to_float(x)
    if x.dtype in _HALF:
        return _reduce(torch.mean, x.float(), axis, keepdims).to(x.dtype)
    return _reduce(torch.mean, x, axis, keepdims)


def _extremum(function, x, axis, keepdims, initial, combine):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype in WIDE_UNSIGNED:
        x = x.to(torch.int64)
    if x.numel() == 0 and initial is not None:
        shape = list(x.shape)
        axes = _axes(axis, x.ndim) or tuple(range(x.ndim))
        for a in sorted(axes, reverse=True):
            if keepdims:
                shape[a] = 1
            else:
                del shape[a]
        return torch.full(shape, initial, dtype=dtype, device=x.device)
    result = _reduce(function, x, axis, keepdims)
    if initial is not None:
        result = combine(result, torch.tensor(initial, dtype=result.dtype, device=x.device))
    return result.to(dtype) if result.dtype != dtype else result


def max(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    return _extremum(torch.amax, x, axis, keepdims, initial, torch.maximum)


def min(x, axis=None, keepdims=False, initial=None):  # noqa: A001
    return _extremum(torch.amin, x, axis, keepdims, initial, torch.minimum)


def amax(x, axis=None, keepdims=False):
    return max(x, axis=axis, keepdims=keepdims)


def amin(x, axis=None, keepdims=False):
    return min(x, axis=axis, keepdims=keepdims)


def ptp(x, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    return max(x, axis, keepdims) - min(x, axis, keepdims)


def all(x, axis=None, keepdims=False):  # noqa: A001
    x = convert_to_tensor(x).to(_BOOL)
    return _reduce(torch.all, x, axis, keepdims) if _axes(axis, x.ndim) != () else x


def any(x, axis=None, keepdims=False):  # noqa: A001
    x = convert_to_tensor(x).to(_BOOL)
    return _reduce(torch.any, x, axis, keepdims) if _axes(axis, x.ndim) != () else x


def var(x, axis=None, keepdims=False):
    x = to_float(x)
    compute = torch.float32 if x.dtype in _HALF else x.dtype
    values = x.to(compute)
    if values.dtype in (torch.complex64, torch.complex128):
        centered = values - mean(values, axis, True)
        result = mean(torch.real(centered * torch.conj(centered)), axis, keepdims)
    else:
        result = _reduce(torch.var, values, axis, keepdims, correction=0)
    return result.to(x.dtype) if x.dtype in _HALF else result


def std(x, axis=None, keepdims=False):
    return torch.sqrt(var(x, axis, keepdims))


def _arg(function, x, axis, keepdims):
    x = convert_to_tensor(x)
    if x.dtype is _BOOL or x.dtype in WIDE_UNSIGNED:
        x = x.to(torch.int64)
    if axis is None:
        result = function(x.reshape(-1))
        if keepdims:
            result = result.reshape((1,) * x.ndim)
        return result.to(torch.int32)
    return function(x, dim=int(axis), keepdim=keepdims).to(torch.int32)


def _nan_first(function):
    def pick(x, dim=None, keepdim=False):
        if x.dtype not in INEXACT_DTYPES:
            return function(x, dim=dim, keepdim=keepdim) if dim is not None else function(x)
        nans = torch.isnan(x)
        # the first NaN wins, as in NumPy
        filled = torch.where(nans, torch.zeros_like(x), x)
        best = function(filled, dim=dim, keepdim=keepdim) if dim is not None else function(filled)
        first_nan = (
            torch.argmax(nans.to(torch.int8), dim=dim, keepdim=keepdim)
            if dim is not None
            else (torch.argmax(nans.to(torch.int8).reshape(-1)))
        )
        any_nan = torch.any(nans, dim=dim, keepdim=keepdim) if dim is not None else torch.any(nans)
        return torch.where(any_nan, first_nan, best)

    return pick


_argmax = _nan_first(torch.argmax)
_argmin = _nan_first(torch.argmin)


def argmax(x, axis=None, keepdims=False):
    return _arg(_argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    return _arg(_argmin, x, axis, keepdims)


def _cumulative(function, x, axis, dtype):
    x = convert_to_tensor(x)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    target = (
        to_torch_dtype(dtype)
        if dtype is not None
        else (torch.int32 if x.dtype is _BOOL else x.dtype)
    )
    compute = torch.int64 if target in WIDE_UNSIGNED else target
    return function(x.to(compute), dim=int(axis), dtype=compute).to(target)


def cumsum(x, axis=None, dtype=None):
    return _cumulative(torch.cumsum, x, axis, dtype)


def cumprod(x, axis=None, dtype=None):
    return _cumulative(torch.cumprod, x, axis, dtype)


def count_nonzero(x, axis=None):
    x = convert_to_tensor(x)
    return sum(x != 0, axis=axis).to(torch.int32)


def average(x, axis=None, weights=None):
    x = to_float(x)
    if weights is None:
        return mean(x, axis)
    weights = convert_to_tensor(weights)
    from unison import dtypes

    target = to_torch_dtype(dtypes.float_result_type(x.dtype, weights.dtype))
    x, weights = x.to(target), weights.to(target)
    if axis is not None and weights.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[int(axis) % x.ndim] = weights.shape[0]
        weights = weights.reshape(shape)
    total = torch.sum(x * weights, dim=axis) if axis is not None else torch.sum(x * weights)
    norm = (
        torch.sum(torch.broadcast_to(weights, x.shape), dim=axis)
        if axis is not None
        else torch.sum(torch.broadcast_to(weights, x.shape))
    )
    return total / norm


def trace(x, offset=0, axis1=0, axis2=1):
    x = convert_to_tensor(x)
    diagonal = torch.diagonal(x, offset=offset, dim1=axis1, dim2=axis2)
    return sum(diagonal, axis=-1)


# -- quantiles -----------------------------------------------------------------------------
def _quantile(x, q, axis, method, keepdims, ignore_nan):
    x = to_float(x)
    result_dtype = x.dtype
    compute = torch.float32 if x.dtype in _HALF else x.dtype
    x = x.to(compute)
    q = convert_to_tensor(q).to(compute)
    ndim = x.ndim
    axes = _axes(axis, ndim)
    if axes is None:
        axes = tuple(range(ndim))
    kept = [d for d in range(ndim) if d not in axes]
    moved = x.permute(*kept, *axes) if ndim else x.reshape(1)
    batch_shape = [x.shape[d] for d in kept]
    rows = moved.reshape(*batch_shape, -1)
    nans = torch.isnan(rows)
    ordered = torch.sort(rows, dim=-1).values  # NaN sorts last
    total = rows.shape[-1]
    if ignore_nan:
        count = (~nans).sum(-1).to(compute)
    else:
        count = torch.full(batch_shape, float(total), dtype=compute, device=x.device)
    q_shape = tuple(q.shape)
    q_b = q.reshape(q_shape + (1,) * len(batch_shape))
    position = q_b * (count - 1).clamp(min=0)
    low = torch.floor(position)
    high = torch.ceil(position)
    if method == "nearest":
        low = high = torch.round(position)
    elif method not in ("linear", "lower", "higher", "midpoint"):
        raise ValueError(
            "quantile: `method` must be 'linear', 'lower', 'higher', 'midpoint' or 'nearest'; "
            f"received {method!r}."
        )
    expanded = ordered.expand(q_shape + tuple(ordered.shape))
    last = builtins_max(total - 1, 0)
    low_index = low.to(torch.int64).clamp(0, last).unsqueeze(-1)
    high_index = high.to(torch.int64).clamp(0, last).unsqueeze(-1)
    low_value = torch.gather(expanded, -1, low_index).squeeze(-1)
    high_value = torch.gather(expanded, -1, high_index).squeeze(-1)
    if method == "linear":
        result = low_value + (high_value - low_value) * (position - low)
    elif method in ("lower", "nearest"):
        result = low_value
    elif method == "higher":
        result = high_value
    else:
        result = (low_value + high_value) / 2
    if ignore_nan:
        result = torch.where(count == 0, torch.full_like(result, float("nan")), result)
    else:
        result = torch.where(nans.any(-1), torch.full_like(result, float("nan")), result)
    if keepdims:
        shape = [1 if d in axes else x.shape[d] for d in range(ndim)]
        result = result.reshape(q_shape + tuple(shape))
    return result.to(result_dtype)


def builtins_max(a, b):
    return a if a > b else b


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, convert_to_tensor(q) / 100.0, axis, method, keepdims, ignore_nan=False)


def median(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, convert_to_tensor(q) / 100.0, axis, method, keepdims, ignore_nan=True)


def nanmedian(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


# -- NaN-ignoring reductions ---------------------------------------------------------------
def _without_nan(x, fill):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        return x, None
    nans = torch.isnan(x)
    return torch.where(nans, torch.full_like(x, fill), x), nans


def nansum(x, axis=None, keepdims=False):
    return sum(_without_nan(x, 0)[0], axis, keepdims)


def nanprod(x, axis=None, keepdims=False):
    return prod(_without_nan(x, 1)[0], axis, keepdims)


def nanmean(x, axis=None, keepdims=False):
    x = to_float(x)
    filled, nans = _without_nan(x, 0)
    count = sum((~nans) if nans is not None else torch.ones_like(x, dtype=_BOOL), axis, keepdims)
    return (sum(filled, axis, keepdims) / count).to(x.dtype)


def nanvar(x, axis=None, keepdims=False):
    x = to_float(x)
    centered = x - nanmean(x, axis, True)
    squared = centered * torch.conj(centered) if x.is_complex() else centered * centered
    if x.is_complex():
        squared = torch.real(squared)
    return nanmean(squared, axis, keepdims)


def nanstd(x, axis=None, keepdims=False):
    return torch.sqrt(nanvar(x, axis, keepdims))


def _nan_extremum(function, fill, x, axis, keepdims):
    x = convert_to_tensor(x)
    filled, nans = _without_nan(x, fill)
    result = function(filled, axis, keepdims)
    if nans is None:
        return result
    all_nan = all(nans, axis, keepdims)
    return torch.where(all_nan, torch.full_like(result, float("nan")), result)


def nanmax(x, axis=None, keepdims=False):
    return _nan_extremum(max, float("-inf"), x, axis, keepdims)


def nanmin(x, axis=None, keepdims=False):
    return _nan_extremum(min, float("inf"), x, axis, keepdims)


def _nan_arg(function, fill, x, axis, keepdims):
    x = convert_to_tensor(x)
    filled, nans = _without_nan(x, fill)
    result = function(filled, axis, keepdims)
    if nans is None:
        return result
    all_nan = all(nans, axis, keepdims)
    return torch.where(all_nan, torch.full_like(result, -1), result)


def nanargmax(x, axis=None, keepdims=False):
    return _nan_arg(argmax, float("-inf"), x, axis, keepdims)


def nanargmin(x, axis=None, keepdims=False):
    return _nan_arg(argmin, float("inf"), x, axis, keepdims)


def nancumsum(x, axis=None, dtype=None):
    return cumsum(_without_nan(x, 0)[0], axis, dtype)


def nancumprod(x, axis=None, dtype=None):
    return cumprod(_without_nan(x, 1)[0], axis, dtype)
