"""Creating tensors: constants, ranges, grids, identity matrices and windows.

``dtype=None`` means the default float (``unison.config.floatx()``) for ``zeros``, ``ones``,
``empty``, ``full``, ``eye``, ``identity`` and ``tri``; for the others it means "infer from the
arguments", as in Keras.
"""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    current,
    dtype_or_floatx,
    dtype_or_none,
    is_symbolic,
    symbolic_call,
)

__all__ = [
    "arange",
    "array",
    "bartlett",
    "blackman",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "geomspace",
    "hamming",
    "hanning",
    "identity",
    "kaiser",
    "linspace",
    "logspace",
    "meshgrid",
    "ones",
    "ones_like",
    "tri",
    "vander",
    "zeros",
    "zeros_like",
]


def _check_shape(shape: Any, op_name: str) -> Any:
    if isinstance(shape, int) and not isinstance(shape, bool):
        if shape < 0:
            raise ValueError(f"{op_name}: `shape` must be non-negative; received {shape}.")
        return shape
    if isinstance(shape, (list, tuple)):
        for dim in shape:
            if type(dim) is SymbolicTensor or dim is None:
                raise ValueError(
                    f"{op_name}: every dimension of `shape` must be known; received {shape}."
                )
            if isinstance(dim, int) and dim < 0:
                raise ValueError(
                    f"{op_name}: dimensions of `shape` must be non-negative; received {shape}."
                )
    return shape


def zeros(shape: Any, dtype: Any = None):
    """A tensor of ``shape`` filled with zeros.

    Example:
        >>> unison.ops.zeros((2, 3)).shape   # -> (2, 3), float32
    """
    return current().backend.zeros(_check_shape(shape, "zeros"), dtype=dtype_or_floatx(dtype))


def ones(shape: Any, dtype: Any = None):
    """A tensor of ``shape`` filled with ones.

    Example:
        >>> unison.ops.ones((2,), dtype="int32")   # -> [1, 1]
    """
    return current().backend.ones(_check_shape(shape, "ones"), dtype=dtype_or_floatx(dtype))


def empty(shape: Any, dtype: Any = None):
    """A tensor of ``shape`` whose values are unspecified (zeros on some backends).

    Example:
        >>> unison.ops.empty((2, 2)).shape   # -> (2, 2)
    """
    return current().backend.empty(_check_shape(shape, "empty"), dtype=dtype_or_floatx(dtype))


def full(shape: Any, fill_value: Any, dtype: Any = None):
    """A tensor of ``shape`` filled with ``fill_value``.

    Example:
        >>> unison.ops.full((2,), 7.0)   # -> [7., 7.]
    """
    shape = _check_shape(shape, "full")
    dtype = dtype_or_floatx(dtype)
    if type(fill_value) is SymbolicTensor:
        return symbolic_call(full, shape, fill_value, dtype=dtype)
    return current().backend.full(shape, fill_value, dtype=dtype)


def zeros_like(x: TensorLike, dtype: Any = None):
    """Zeros with the shape (and, unless ``dtype`` is given, the dtype) of ``x``.

    Example:
        >>> unison.ops.zeros_like([1, 2])   # -> [0, 0]
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(zeros_like, x, dtype=dtype)
    return current().backend.zeros_like(x, dtype=dtype)


def ones_like(x: TensorLike, dtype: Any = None):
    """Ones with the shape (and, unless ``dtype`` is given, the dtype) of ``x``.

    Example:
        >>> unison.ops.ones_like([1.5, 2.5])   # -> [1., 1.]
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(ones_like, x, dtype=dtype)
    return current().backend.ones_like(x, dtype=dtype)


def empty_like(x: TensorLike, dtype: Any = None):
    """An uninitialised tensor with the shape (and by default the dtype) of ``x``.

    Example:
        >>> unison.ops.empty_like(unison.ops.zeros((2, 2))).shape   # -> (2, 2)
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(empty_like, x, dtype=dtype)
    return current().backend.empty_like(x, dtype=dtype)


def full_like(x: TensorLike, fill_value: Any, dtype: Any = None):
    """A tensor shaped like ``x`` filled with ``fill_value``.

    Example:
        >>> unison.ops.full_like([1, 2], 9)   # -> [9, 9]
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor or type(fill_value) is SymbolicTensor:
        return symbolic_call(full_like, x, fill_value, dtype=dtype)
    return current().backend.full_like(x, fill_value, dtype=dtype)


def array(x: Any, dtype: Any = None):
    """A tensor holding the values of ``x`` (copied).

    Example:
        >>> unison.ops.array([[1, 2], [3, 4]]).shape   # -> (2, 2)
    """
    dtype = dtype_or_none(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(array, x, dtype=dtype)
    return current().backend.array(x, dtype=dtype)


def arange(start: Any, stop: Any = None, step: Any = None, dtype: Any = None):
    """Evenly spaced values in ``[start, stop)``; with one argument, ``[0, start)``.

    Example:
        >>> unison.ops.arange(1, 7, 2)   # -> [1, 3, 5]
    """
    if step is not None and not any_symbolic(step) and step == 0:
        raise ValueError("arange: `step` must not be zero.")
    dtype = dtype_or_none(dtype)
    if any_symbolic(start, stop, step):
        return symbolic_call(arange, start, stop=stop, step=step, dtype=dtype)
    return current().backend.arange(start, stop=stop, step=step, dtype=dtype)


def _check_num(num: Any, op_name: str) -> None:
    if not isinstance(num, int) or isinstance(num, bool) or num < 0:
        raise ValueError(f"{op_name}: `num` must be a non-negative int; received {num!r}.")


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
):
    """``num`` evenly spaced values from ``start`` to ``stop`` (inclusive unless ``endpoint=False``).

    Example:
        >>> unison.ops.linspace(0.0, 1.0, 5)   # -> [0., 0.25, 0.5, 0.75, 1.]
    """
    _check_num(num, "linspace")
    dtype = dtype_or_none(dtype)
    if any_symbolic(start, stop):
        return symbolic_call(
            linspace,
            start,
            stop,
            num=num,
            endpoint=endpoint,
            retstep=retstep,
            dtype=dtype,
            axis=axis,
        )
    return current().backend.linspace(
        start, stop, num=num, endpoint=endpoint, retstep=retstep, dtype=dtype, axis=axis
    )


def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: float = 10,
    dtype: Any = None,
    axis: int = 0,
):
    """``base ** linspace(start, stop, num)``.

    Example:
        >>> unison.ops.logspace(0.0, 2.0, 3)   # -> [1., 10., 100.]
    """
    _check_num(num, "logspace")
    dtype = dtype_or_none(dtype)
    if any_symbolic(start, stop):
        return symbolic_call(
            logspace, start, stop, num=num, endpoint=endpoint, base=base, dtype=dtype, axis=axis
        )
    return current().backend.logspace(
        start, stop, num=num, endpoint=endpoint, base=base, dtype=dtype, axis=axis
    )


def geomspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
):
    """``num`` values spaced evenly on a log scale from ``start`` to ``stop``.

    Example:
        >>> unison.ops.geomspace(1.0, 1000.0, 4)   # -> [1., 10., 100., 1000.]
    """
    _check_num(num, "geomspace")
    dtype = dtype_or_none(dtype)
    if any_symbolic(start, stop):
        return symbolic_call(
            geomspace, start, stop, num=num, endpoint=endpoint, dtype=dtype, axis=axis
        )
    return current().backend.geomspace(
        start, stop, num=num, endpoint=endpoint, dtype=dtype, axis=axis
    )


def meshgrid(*x: TensorLike, indexing: str = "xy"):
    """Coordinate grids from 1-D coordinate vectors (``"xy"`` or ``"ij"`` indexing).

    Example:
        >>> xs, ys = unison.ops.meshgrid([1, 2, 3], [4, 5])   # each of shape (2, 3)
    """
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` must be 'xy' or 'ij'; received {indexing!r}.")
    if is_symbolic(x):
        return symbolic_call(meshgrid, *x, indexing=indexing)
    return current().backend.meshgrid(*x, indexing=indexing)


def eye(N: int, M: int | None = None, k: int = 0, dtype: Any = None):  # noqa: N803
    """An ``N x M`` matrix with ones on the ``k``-th diagonal.

    Example:
        >>> unison.ops.eye(2)   # -> [[1., 0.], [0., 1.]]
    """
    return current().backend.eye(N, M=M, k=k, dtype=dtype_or_floatx(dtype))


def identity(n: int, dtype: Any = None):
    """The ``n x n`` identity matrix.

    Example:
        >>> unison.ops.identity(2)   # -> [[1., 0.], [0., 1.]]
    """
    return current().backend.identity(n, dtype=dtype_or_floatx(dtype))


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = None):  # noqa: N803
    """An ``N x M`` matrix with ones at and below the ``k``-th diagonal.

    Example:
        >>> unison.ops.tri(2)   # -> [[1., 0.], [1., 1.]]
    """
    return current().backend.tri(N, M=M, k=k, dtype=dtype_or_floatx(dtype))


def vander(x: TensorLike, N: int | None = None, increasing: bool = False):  # noqa: N803
    """Vandermonde matrix: columns are powers of ``x`` (decreasing unless ``increasing``).

    Example:
        >>> unison.ops.vander([2, 3], N=3)   # -> [[4, 2, 1], [9, 3, 1]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(vander, x, N=N, increasing=increasing)
    return current().backend.vander(x, N=N, increasing=increasing)


def _window(name: str, operation: Any, x: Any) -> Any:
    if type(x) is SymbolicTensor:
        return symbolic_call(operation, x)
    return getattr(current().backend, name)(x)


def bartlett(x: Any):
    """Bartlett (triangular) window of ``x`` points.

    Example:
        >>> unison.ops.bartlett(5)   # -> [0., 0.5, 1., 0.5, 0.]
    """
    return _window("bartlett", bartlett, x)


def blackman(x: Any):
    """Blackman window of ``x`` points.

    Example:
        >>> unison.ops.blackman(3)   # -> [0., 1., 0.]
    """
    return _window("blackman", blackman, x)


def hamming(x: Any):
    """Hamming window of ``x`` points.

    Example:
        >>> unison.ops.hamming(3)   # -> [0.08, 1., 0.08]
    """
    return _window("hamming", hamming, x)


def hanning(x: Any):
    """Hann window of ``x`` points.

    Example:
        >>> unison.ops.hanning(3)   # -> [0., 1., 0.]
    """
    return _window("hanning", hanning, x)


def kaiser(x: Any, beta: float):
    """Kaiser window of ``x`` points with shape parameter ``beta``.

    Example:
        >>> unison.ops.kaiser(3, beta=0.0)   # -> [1., 1., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(kaiser, x, beta)
    return current().backend.kaiser(x, beta)
