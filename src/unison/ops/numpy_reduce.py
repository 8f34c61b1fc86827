"""Reductions, cumulative sums and order statistics (``unison.ops.numpy``).

``axis=None`` reduces over every axis; ``keepdims=True`` keeps reduced axes with size 1.
"""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_choice,
    current,
    dtype_or_none,
    normalize_axis,
    symbolic_call,
)

_QUANTILE_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")

__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "average",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "max",
    "mean",
    "median",
    "min",
    "nanargmax",
    "nanargmin",
    "nancumprod",
    "nancumsum",
    "nanmax",
    "nanmean",
    "nanmedian",
    "nanmin",
    "nanpercentile",
    "nanprod",
    "nanquantile",
    "nanstd",
    "nansum",
    "nanvar",
    "percentile",
    "prod",
    "ptp",
    "quantile",
    "std",
    "sum",
    "trapezoid",
    "var",
]


def sum(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Sum of elements over ``axis`` (all axes when None).

    Example:
        >>> unison.ops.sum([[1, 2], [3, 4]], axis=0)   # -> [4, 6]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "sum")
    if type(x) is SymbolicTensor:
        return symbolic_call(sum, x, axis=axis, keepdims=keepdims)
    return current().backend.sum(x, axis=axis, keepdims=keepdims)


def mean(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Arithmetic mean over ``axis``; integer input gives a float result.

    Example:
        >>> unison.ops.mean([1, 2, 3, 4])   # -> 2.5
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "mean")
    if type(x) is SymbolicTensor:
        return symbolic_call(mean, x, axis=axis, keepdims=keepdims)
    return current().backend.mean(x, axis=axis, keepdims=keepdims)


def median(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Median over ``axis``.

    Example:
        >>> unison.ops.median([3.0, 1.0, 2.0])   # -> 2.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "median")
    if type(x) is SymbolicTensor:
        return symbolic_call(median, x, axis=axis, keepdims=keepdims)
    return current().backend.median(x, axis=axis, keepdims=keepdims)


def std(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Population standard deviation over ``axis``.

    Example:
        >>> unison.ops.std([1.0, 3.0])   # -> 1.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "std")
    if type(x) is SymbolicTensor:
        return symbolic_call(std, x, axis=axis, keepdims=keepdims)
    return current().backend.std(x, axis=axis, keepdims=keepdims)


def var(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Population variance over ``axis``.

    Example:
        >>> unison.ops.var([1.0, 3.0])   # -> 1.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "var")
    if type(x) is SymbolicTensor:
        return symbolic_call(var, x, axis=axis, keepdims=keepdims)
    return current().backend.var(x, axis=axis, keepdims=keepdims)


def all(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Whether every element over ``axis`` is truthy.

    Example:
        >>> unison.ops.all([True, False])   # -> False
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "all")
    if type(x) is SymbolicTensor:
        return symbolic_call(all, x, axis=axis, keepdims=keepdims)
    return current().backend.all(x, axis=axis, keepdims=keepdims)


def any(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Whether some element over ``axis`` is truthy.

    Example:
        >>> unison.ops.any([True, False])   # -> True
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "any")
    if type(x) is SymbolicTensor:
        return symbolic_call(any, x, axis=axis, keepdims=keepdims)
    return current().backend.any(x, axis=axis, keepdims=keepdims)


def amax(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Maximum over ``axis``.

    Example:
        >>> unison.ops.amax([[1, 5], [3, 2]], axis=1)   # -> [5, 3]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "amax")
    if type(x) is SymbolicTensor:
        return symbolic_call(amax, x, axis=axis, keepdims=keepdims)
    return current().backend.amax(x, axis=axis, keepdims=keepdims)


def amin(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Minimum over ``axis``.

    Example:
        >>> unison.ops.amin([[1, 5], [3, 2]], axis=1)   # -> [1, 2]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "amin")
    if type(x) is SymbolicTensor:
        return symbolic_call(amin, x, axis=axis, keepdims=keepdims)
    return current().backend.amin(x, axis=axis, keepdims=keepdims)


def ptp(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Peak to peak (``max - min``) over ``axis``.

    Example:
        >>> unison.ops.ptp([4, 9, 1])   # -> 8
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "ptp")
    if type(x) is SymbolicTensor:
        return symbolic_call(ptp, x, axis=axis, keepdims=keepdims)
    return current().backend.ptp(x, axis=axis, keepdims=keepdims)


def nansum(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Sum over ``axis``, treating NaN as 0.

    Example:
        >>> unison.ops.nansum([1.0, float('nan'), 2.0])   # -> 3.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nansum")
    if type(x) is SymbolicTensor:
        return symbolic_call(nansum, x, axis=axis, keepdims=keepdims)
    return current().backend.nansum(x, axis=axis, keepdims=keepdims)


def nanmean(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Mean over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanmean([1.0, float('nan'), 3.0])   # -> 2.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanmean")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanmean, x, axis=axis, keepdims=keepdims)
    return current().backend.nanmean(x, axis=axis, keepdims=keepdims)


def nanmedian(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Median over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanmedian([1.0, float('nan'), 3.0])   # -> 2.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanmedian")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanmedian, x, axis=axis, keepdims=keepdims)
    return current().backend.nanmedian(x, axis=axis, keepdims=keepdims)


def nanstd(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Standard deviation over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanstd([1.0, float('nan'), 3.0])   # -> 1.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanstd")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanstd, x, axis=axis, keepdims=keepdims)
    return current().backend.nanstd(x, axis=axis, keepdims=keepdims)


def nanvar(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Variance over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanvar([1.0, float('nan'), 3.0])   # -> 1.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanvar")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanvar, x, axis=axis, keepdims=keepdims)
    return current().backend.nanvar(x, axis=axis, keepdims=keepdims)


def nanmax(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Maximum over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanmax([1.0, float('nan'), 3.0])   # -> 3.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanmax")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanmax, x, axis=axis, keepdims=keepdims)
    return current().backend.nanmax(x, axis=axis, keepdims=keepdims)


def nanmin(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Minimum over ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanmin([1.0, float('nan'), 3.0])   # -> 1.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanmin")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanmin, x, axis=axis, keepdims=keepdims)
    return current().backend.nanmin(x, axis=axis, keepdims=keepdims)


def nanprod(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """Product over ``axis``, treating NaN as 1.

    Example:
        >>> unison.ops.nanprod([2.0, float('nan'), 3.0])   # -> 6.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanprod")
    if type(x) is SymbolicTensor:
        return symbolic_call(nanprod, x, axis=axis, keepdims=keepdims)
    return current().backend.nanprod(x, axis=axis, keepdims=keepdims)


def argmax(x: TensorLike, axis: int | None = None, keepdims: bool = False):
    """Index of the maximum along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.argmax([[1, 5], [7, 2]], axis=1)   # -> [1, 0]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "argmax", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(argmax, x, axis=axis, keepdims=keepdims)
    return current().backend.argmax(x, axis=axis, keepdims=keepdims)


def argmin(x: TensorLike, axis: int | None = None, keepdims: bool = False):
    """Index of the minimum along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.argmin([[1, 5], [7, 2]], axis=1)   # -> [0, 1]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "argmin", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(argmin, x, axis=axis, keepdims=keepdims)
    return current().backend.argmin(x, axis=axis, keepdims=keepdims)


def nanargmax(x: TensorLike, axis: int | None = None, keepdims: bool = False):
    """Index of the maximum along ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanargmax([float('nan'), 2.0, 1.0])   # -> 1
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanargmax", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(nanargmax, x, axis=axis, keepdims=keepdims)
    return current().backend.nanargmax(x, axis=axis, keepdims=keepdims)


def nanargmin(x: TensorLike, axis: int | None = None, keepdims: bool = False):
    """Index of the minimum along ``axis``, ignoring NaN.

    Example:
        >>> unison.ops.nanargmin([float('nan'), 2.0, 1.0])   # -> 2
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanargmin", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(nanargmin, x, axis=axis, keepdims=keepdims)
    return current().backend.nanargmin(x, axis=axis, keepdims=keepdims)


def cumsum(x: TensorLike, axis: int | None = None, dtype: Any = None):
    """Cumulative sum along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.cumsum([1, 2, 3])   # -> [1, 3, 6]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "cumsum", allow_tuple=False)
    if dtype is not None:
        dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(cumsum, x, axis=axis, dtype=dtype)
    return current().backend.cumsum(x, axis=axis, dtype=dtype)


def cumprod(x: TensorLike, axis: int | None = None, dtype: Any = None):
    """Cumulative product along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.cumprod([1, 2, 3])   # -> [1, 2, 6]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "cumprod", allow_tuple=False)
    if dtype is not None:
        dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(cumprod, x, axis=axis, dtype=dtype)
    return current().backend.cumprod(x, axis=axis, dtype=dtype)


def nancumsum(x: TensorLike, axis: int | None = None, dtype: Any = None):
    """Cumulative sum along ``axis``, treating NaN as 0.

    Example:
        >>> unison.ops.nancumsum([1.0, float('nan'), 2.0])   # -> [1., 1., 3.]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nancumsum", allow_tuple=False)
    if dtype is not None:
        dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(nancumsum, x, axis=axis, dtype=dtype)
    return current().backend.nancumsum(x, axis=axis, dtype=dtype)


def nancumprod(x: TensorLike, axis: int | None = None, dtype: Any = None):
    """Cumulative product along ``axis``, treating NaN as 1.

    Example:
        >>> unison.ops.nancumprod([2.0, float('nan'), 3.0])   # -> [2., 2., 6.]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nancumprod", allow_tuple=False)
    if dtype is not None:
        dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(nancumprod, x, axis=axis, dtype=dtype)
    return current().backend.nancumprod(x, axis=axis, dtype=dtype)


def quantile(
    x: TensorLike, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
):
    """The ``q``-th quantiles (``q`` in [0, 1]) over ``axis``.

    Example:
        >>> unison.ops.quantile([1.0, 2.0, 3.0, 4.0], 0.5)   # -> 2.5
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "quantile")
    check_choice(method, _QUANTILE_METHODS, "method", "quantile")
    if any_symbolic(x, q):
        return symbolic_call(quantile, x, q, axis=axis, method=method, keepdims=keepdims)
    return current().backend.quantile(x, q, axis=axis, method=method, keepdims=keepdims)


def nanquantile(
    x: TensorLike, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
):
    """Like :func:`quantile`, ignoring NaN.

    Example:
        >>> unison.ops.nanquantile([1.0, float('nan'), 3.0], 0.5)   # -> 2.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanquantile")
    check_choice(method, _QUANTILE_METHODS, "method", "nanquantile")
    if any_symbolic(x, q):
        return symbolic_call(nanquantile, x, q, axis=axis, method=method, keepdims=keepdims)
    return current().backend.nanquantile(x, q, axis=axis, method=method, keepdims=keepdims)


def percentile(
    x: TensorLike, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
):
    """The ``q``-th percentiles (``q`` in [0, 100]) over ``axis``.

    Example:
        >>> unison.ops.percentile([1.0, 2.0, 3.0, 4.0], 50)   # -> 2.5
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "percentile")
    check_choice(method, _QUANTILE_METHODS, "method", "percentile")
    if any_symbolic(x, q):
        return symbolic_call(percentile, x, q, axis=axis, method=method, keepdims=keepdims)
    return current().backend.percentile(x, q, axis=axis, method=method, keepdims=keepdims)


def nanpercentile(
    x: TensorLike, q: Any, axis: Any = None, method: str = "linear", keepdims: bool = False
):
    """Like :func:`percentile`, ignoring NaN.

    Example:
        >>> unison.ops.nanpercentile([1.0, float('nan'), 3.0], 50)   # -> 2.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "nanpercentile")
    check_choice(method, _QUANTILE_METHODS, "method", "nanpercentile")
    if any_symbolic(x, q):
        return symbolic_call(nanpercentile, x, q, axis=axis, method=method, keepdims=keepdims)
    return current().backend.nanpercentile(x, q, axis=axis, method=method, keepdims=keepdims)


def max(x: TensorLike, axis: Any = None, keepdims: bool = False, initial: Any = None):  # noqa: A001
    """Maximum over ``axis``; ``initial`` is a lower bound included in the comparison.

    Example:
        >>> unison.ops.max([[1, 5], [3, 2]], axis=0)   # -> [3, 5]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "max")
    if type(x) is SymbolicTensor:
        return symbolic_call(max, x, axis=axis, keepdims=keepdims, initial=initial)
    return current().backend.max(x, axis=axis, keepdims=keepdims, initial=initial)


def min(x: TensorLike, axis: Any = None, keepdims: bool = False, initial: Any = None):  # noqa: A001
    """Minimum over ``axis``; ``initial`` is an upper bound included in the comparison.

    Example:
        >>> unison.ops.min([[1, 5], [3, 2]], axis=0)   # -> [1, 2]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "min")
    if type(x) is SymbolicTensor:
        return symbolic_call(min, x, axis=axis, keepdims=keepdims, initial=initial)
    return current().backend.min(x, axis=axis, keepdims=keepdims, initial=initial)


def prod(x: TensorLike, axis: Any = None, keepdims: bool = False, dtype: Any = None):
    """Product of elements over ``axis``, optionally accumulated in ``dtype``.

    Example:
        >>> unison.ops.prod([[1, 2], [3, 4]], axis=1)   # -> [2, 12]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "prod")
    if dtype is not None:
        dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(prod, x, axis=axis, keepdims=keepdims, dtype=dtype)
    return current().backend.prod(x, axis=axis, keepdims=keepdims, dtype=dtype)


def average(x: TensorLike, axis: int | None = None, weights: TensorLike | None = None):
    """Weighted mean over ``axis``; ``weights`` default to all ones.

    Example:
        >>> unison.ops.average([1.0, 3.0], weights=[3.0, 1.0])   # -> 1.5
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "average", allow_tuple=False)
    if any_symbolic(x, weights):
        return symbolic_call(average, x, axis=axis, weights=weights)
    return current().backend.average(x, axis=axis, weights=weights)


def count_nonzero(x: TensorLike, axis: Any = None):
    """Number of non-zero elements over ``axis``.

    Example:
        >>> unison.ops.count_nonzero([[0, 1], [2, 3]], axis=1)   # -> [1, 2]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "count_nonzero")
    if type(x) is SymbolicTensor:
        return symbolic_call(count_nonzero, x, axis=axis)
    return current().backend.count_nonzero(x, axis=axis)


def trapezoid(y: TensorLike, x: TensorLike | None = None, dx: float = 1.0, axis: int = -1):
    """Integral of ``y`` along ``axis`` by the trapezoidal rule (sample points ``x`` or step ``dx``).

    Example:
        >>> unison.ops.trapezoid([1.0, 2.0, 3.0])   # -> 4.
    """
    if type(axis) is not int:
        axis = normalize_axis(axis, "trapezoid", allow_tuple=False)
    if any_symbolic(y, x):
        return symbolic_call(trapezoid, y, x=x, dx=dx, axis=axis)
    return current().backend.trapezoid(y, x=x, dx=dx, axis=axis)
