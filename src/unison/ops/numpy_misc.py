"""Sorting, searching, counting, rounding and tensor facts (``unison.ops.numpy``).

Ops whose output size depends on the values (``nonzero``, ``unique``, ``bincount``) get their
symbolic shapes from hand-written rules, with ``None`` for the data-dependent sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison import dtypes
from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_choice,
    current,
    dtype_or_none,
    is_symbolic,
    normalize_axis,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "argpartition",
    "argsort",
    "bincount",
    "clip",
    "digitize",
    "histogram",
    "nan_to_num",
    "ndim",
    "nonzero",
    "round",
    "searchsorted",
    "size",
    "sort",
    "unique",
    "unravel_index",
    "vectorize",
    "view",
]


def sort(x: TensorLike, axis: int | None = -1):
    """``x`` sorted in ascending order along ``axis`` (flattened when None).

    Example:
        >>> unison.ops.sort([3, 1, 2])   # -> [1, 2, 3]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "sort", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(sort, x, axis=axis)
    return current().backend.sort(x, axis=axis)


def argsort(x: TensorLike, axis: int | None = -1):
    """Indices that sort ``x`` along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.argsort([3, 1, 2])   # -> [1, 2, 0]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "argsort", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(argsort, x, axis=axis)
    return current().backend.argsort(x, axis=axis)


def argpartition(x: TensorLike, kth: Any, axis: int = -1):
    """Indices that put the ``kth`` element in sorted position, smaller ones before it.

    Example:
        >>> unison.ops.argpartition([3, 4, 2, 1], 2)   # e.g. [3, 2, 0, 1]
    """
    if type(axis) is not int:
        axis = normalize_axis(axis, "argpartition", allow_tuple=False)
    if type(x) is SymbolicTensor:
        return symbolic_call(argpartition, x, kth, axis=axis)
    return current().backend.argpartition(x, kth, axis=axis)


def searchsorted(sorted_sequence: TensorLike, values: TensorLike, side: str = "left"):
    """Indices where ``values`` would be inserted into the 1-D ``sorted_sequence``.

    Example:
        >>> unison.ops.searchsorted([1, 3, 5], [2, 5])   # -> [1, 2]
    """
    check_choice(side, ("left", "right"), "side", "searchsorted")
    if type(sorted_sequence) is SymbolicTensor or type(values) is SymbolicTensor:
        return symbolic_call(searchsorted, sorted_sequence, values, side=side)
    return current().backend.searchsorted(sorted_sequence, values, side=side)


def digitize(x: TensorLike, bins: TensorLike):
    """Index of the bin (from monotonic ``bins`` edges) each value of ``x`` falls in.

    Example:
        >>> unison.ops.digitize([0.5, 1.5, 3.0], [1.0, 2.0])   # -> [0, 1, 2]
    """
    if type(x) is SymbolicTensor or type(bins) is SymbolicTensor:
        return symbolic_call(digitize, x, bins)
    return current().backend.digitize(x, bins)


def bincount(
    x: TensorLike, weights: TensorLike | None = None, minlength: int = 0, sparse: bool = False
):
    """Number of occurrences (or summed ``weights``) of each non-negative integer in ``x``.

    Example:
        >>> unison.ops.bincount([0, 1, 1, 3])   # -> [1, 2, 0, 1]
    """
    if not isinstance(minlength, int) or minlength < 0:
        raise ValueError(
            f"bincount: `minlength` must be a non-negative int; received {minlength!r}."
        )
    if type(x) is SymbolicTensor or type(weights) is SymbolicTensor:
        if type(x) is SymbolicTensor:
            # the number of bins depends on the largest value
            dtype = "int32"
            if weights is not None:
                dtype = dtypes.result_type(x.dtype, getattr(weights, "dtype", "float32"))
            output = SymbolicTensor((*x.shape[:-1], None), dtype, sparse=sparse)
            kwargs = {"weights": weights, "minlength": minlength, "sparse": sparse}
            return symbolic_result(bincount, (x,), kwargs, output)
        return symbolic_call(bincount, x, weights=weights, minlength=minlength, sparse=sparse)
    return current().backend.bincount(x, weights=weights, minlength=minlength, sparse=sparse)


def histogram(x: TensorLike, bins: int = 10, range: tuple | None = None):  # noqa: A002
    """Counts of ``x`` in ``bins`` equal-width bins over ``range``: ``(counts, edges)``.

    Example:
        >>> counts, edges = unison.ops.histogram([1.0, 2.0, 2.5], bins=2)   # counts [1, 2]
    """
    if not isinstance(bins, int) or isinstance(bins, bool) or bins < 1:
        raise ValueError(f"histogram: `bins` must be a positive int; received {bins!r}.")
    if range is not None and (len(range) != 2 or range[0] > range[1]):
        raise ValueError(
            f"histogram: `range` must be (min, max) with min <= max; received {range!r}."
        )
    if type(x) is SymbolicTensor:
        return symbolic_call(histogram, x, bins=bins, range=range)
    return current().backend.histogram(x, bins=bins, range=range)


def unique(
    x: TensorLike,
    sorted: bool = True,  # noqa: A002 - Keras name
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: int | None = None,
    size: int | None = None,
    fill_value: Any = None,
):
    """Distinct values of ``x`` (optionally first indices, inverse indices and counts).

    Example:
        >>> unison.ops.unique([3, 1, 3, 2])   # -> [1, 2, 3]
    """
    kwargs = {
        "sorted": sorted,
        "return_index": return_index,
        "return_inverse": return_inverse,
        "return_counts": return_counts,
        "axis": axis,
        "size": size,
        "fill_value": fill_value,
    }
    if type(x) is SymbolicTensor:
        # the number of distinct values is only known when `size` fixes it
        if axis is None:
            values_shape: tuple = (size,)
        else:
            values_shape = list(x.shape)
            values_shape[axis] = size
            values_shape = tuple(values_shape)
        outputs = [SymbolicTensor(values_shape, x.dtype)]
        if return_index:
            outputs.append(SymbolicTensor((size,), "int32"))
        if return_inverse:
            inverse_shape = x.shape if axis is None else (x.shape[axis],)
            outputs.append(SymbolicTensor(inverse_shape, "int32"))
        if return_counts:
            outputs.append(SymbolicTensor((size,), "int32"))
        result = outputs[0] if len(outputs) == 1 else tuple(outputs)
        return symbolic_result(unique, (x,), kwargs, result)
    return current().backend.unique(x, **kwargs)


def nonzero(x: TensorLike):
    """Indices of the non-zero elements: one int tensor per axis of ``x``.

    Example:
        >>> unison.ops.nonzero([0, 3, 0, 4])   # -> ([1, 3],)
    """
    if type(x) is SymbolicTensor:
        outputs = tuple(SymbolicTensor((None,), "int32") for _ in x.shape)
        return symbolic_result(nonzero, (x,), {}, outputs)
    return current().backend.nonzero(x)


def unravel_index(indices: TensorLike, shape: Any):
    """Convert flat ``indices`` into a tuple of coordinate tensors for ``shape``.

    Example:
        >>> unison.ops.unravel_index([5], (2, 3))   # -> ([1], [2])
    """
    if type(indices) is SymbolicTensor:
        return symbolic_call(unravel_index, indices, tuple(shape))
    return current().backend.unravel_index(indices, shape)


def ndim(x: TensorLike):
    """Number of axes of ``x``.

    Example:
        >>> unison.ops.ndim([[1, 2], [3, 4]])   # -> 2
    """
    if type(x) is SymbolicTensor:
        return symbolic_result(ndim, (x,), {}, SymbolicTensor((), "int32"))
    return current().backend.ndim(x)


def size(x: TensorLike):
    """Number of elements of ``x``.

    Example:
        >>> unison.ops.size([[1, 2], [3, 4]])   # -> 4
    """
    if type(x) is SymbolicTensor:
        return symbolic_result(size, (x,), {}, SymbolicTensor((), "int32"))
    return current().backend.size(x)


def clip(x: TensorLike, x_min: Any, x_max: Any):
    """``x`` with values limited to ``[x_min, x_max]``.

    Example:
        >>> unison.ops.clip([-2, 5, 9], 0, 6)   # -> [0, 5, 6]
    """
    if type(x) is SymbolicTensor or any_symbolic(x_min, x_max):
        return symbolic_call(clip, x, x_min, x_max)
    return current().backend.clip(x, x_min, x_max)


def round(x: TensorLike, decimals: int = 0):  # noqa: A001 - Keras name
    """``x`` rounded to ``decimals`` decimal places (halves to even).

    Example:
        >>> unison.ops.round([1.25, 2.5], decimals=1)   # -> [1.2, 2.5]
    """
    if not isinstance(decimals, int) or isinstance(decimals, bool):
        raise TypeError(f"round: `decimals` must be an int; received {decimals!r}.")
    if type(x) is SymbolicTensor:
        return symbolic_call(round, x, decimals=decimals)
    return current().backend.round(x, decimals=decimals)


def nan_to_num(
    x: TensorLike, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
):
    """``x`` with NaN, +inf and -inf replaced by ``nan``, ``posinf`` and ``neginf``.

    Example:
        >>> unison.ops.nan_to_num([float("nan"), 1.0])   # -> [0., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(nan_to_num, x, nan=nan, posinf=posinf, neginf=neginf)
    return current().backend.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def view(x: TensorLike, dtype: Any = None):
    """The bytes of ``x`` reinterpreted as ``dtype`` (last axis rescaled if sizes differ).

    Example:
        >>> unison.ops.view(unison.ops.ones((2,), dtype="float32"), "int32")   # -> [1065353216, ...]
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(view, x, dtype=dtype)
    return current().backend.view(x, dtype=dtype)


class _Vectorized:
    """A vectorised function, bound to the backend active when it is called."""

    def __init__(self, pyfunc: Callable, excluded: Any, signature: str | None):
        self.pyfunc = pyfunc
        self.excluded = excluded
        self.signature = signature
        self._by_backend: dict[int, Callable] = {}
        self.__name__ = getattr(pyfunc, "__name__", "vectorized")
        self.__doc__ = getattr(pyfunc, "__doc__", None)
        self.__wrapped__ = pyfunc

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if is_symbolic(args) or is_symbolic(kwargs):
            return symbolic_call(self, *args, **kwargs)
        backend = current().backend
        function = self._by_backend.get(id(backend))
        if function is None:
            function = backend.vectorize(
                self.pyfunc, excluded=self.excluded, signature=self.signature
            )
            self._by_backend[id(backend)] = function
        return function(*args, **kwargs)


def vectorize(pyfunc: Callable, *, excluded: Any = None, signature: str | None = None):
    """Turn a function on scalars (or on core shapes given by ``signature``) into one on tensors.

    Example:
        >>> add_one = unison.ops.vectorize(lambda v: v + 1)
        >>> add_one(unison.ops.zeros((2, 2)))   # -> [[1., 1.], [1., 1.]]
    """
    if not callable(pyfunc):
        raise TypeError(f"vectorize: `pyfunc` must be callable; received {type(pyfunc).__name__}.")
    return _Vectorized(pyfunc, excluded, signature)
