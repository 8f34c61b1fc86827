"""Array creation and window functions of the NumPy API."""

from __future__ import annotations

import numpy as np

from unison import dtypes
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    floatx_dtype,
    is_python_scalar,
    standard_shape,
    to_array,
    to_numpy_dtype,
)


def _dtype_or_floatx(dtype):
    return floatx_dtype() if dtype is None else to_numpy_dtype(dtype)


def zeros(shape, dtype=None):
    return np.zeros(standard_shape(shape), dtype=_dtype_or_floatx(dtype))


def ones(shape, dtype=None):
    return np.ones(standard_shape(shape), dtype=_dtype_or_floatx(dtype))


def empty(shape, dtype=None):
    return np.zeros(standard_shape(shape), dtype=_dtype_or_floatx(dtype))


def full(shape, fill_value, dtype=None):
    dtype = _dtype_or_floatx(dtype)
    return np.full(standard_shape(shape), to_array(fill_value).astype(dtype), dtype=dtype)


def _like_dtype(x, dtype):
    return x.dtype if dtype is None else to_numpy_dtype(dtype)


def zeros_like(x, dtype=None):
    x = to_array(x)
    return np.zeros(x.shape, dtype=_like_dtype(x, dtype))


def ones_like(x, dtype=None):
    x = to_array(x)
    return np.ones(x.shape, dtype=_like_dtype(x, dtype))


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full_like(x, fill_value, dtype=None):
    x = to_array(x)
    dtype = _like_dtype(x, dtype)
    return np.full(x.shape, to_array(fill_value).astype(dtype), dtype=dtype)


def array(x, dtype=None):
    x = to_array(x)
    if dtype is None:
        return np.array(x, copy=True)
    return np.array(x, dtype=to_numpy_dtype(dtype), copy=True)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803
    return np.eye(N, M=M, k=k, dtype=_dtype_or_floatx(dtype))


def identity(n, dtype=None):
    return np.identity(n, dtype=_dtype_or_floatx(dtype))


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    return np.tri(N, M=M, k=k, dtype=_dtype_or_floatx(dtype))


def _scalar_node(value):
    if is_python_scalar(value):
        return value
    return to_array(value)


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        nodes = [_scalar_node(value) for value in (start, stop, step) if value is not None]
        dtype = to_numpy_dtype(dtypes.result_type(*nodes))
    else:
        dtype = to_numpy_dtype(dtype)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    values = [
        v.item() if isinstance(v, (np.ndarray, np.generic)) else v for v in (start, stop, step)
    ]
    compute = FLOAT32 if dtype == BFLOAT16 else dtype
    return np.arange(*values, dtype=compute).astype(dtype, copy=False)


def _spaced(function, start, stop, dtype, **kwargs):
    start, stop = to_array(start), to_array(stop)
    if dtype is None:
        dtype = to_numpy_dtype(dtypes.result_type(start.dtype, stop.dtype, float))
    else:
        dtype = to_numpy_dtype(dtype)
    result = function(start.astype(np.float64), stop.astype(np.float64), **kwargs)
    return result, dtype


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    result, dtype = _spaced(
        np.linspace, start, stop, dtype, num=num, endpoint=endpoint, retstep=True, axis=axis
    )
    values, step = result
    if dtype not in INEXACT:
        values = np.floor(values)
    values = values.astype(dtype)
    if retstep:
        return values, np.asarray(step).astype(dtype if dtype in INEXACT else floatx_dtype())
    return values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    result, dtype = _spaced(
        np.logspace, start, stop, dtype, num=num, endpoint=endpoint, base=base, axis=axis
    )
    return result.astype(dtype)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    result, dtype = _spaced(np.geomspace, start, stop, dtype, num=num, endpoint=endpoint, axis=axis)
    return result.astype(dtype)


def _window(function):
    def operation(x, *args):
        length = int(np.asarray(to_array(x)))
        return function(length, *args).astype(floatx_dtype())

    operation.__name__ = function.__name__
    return operation


bartlett = _window(np.bartlett)
blackman = _window(np.blackman)
hamming = _window(np.hamming)
hanning = _window(np.hanning)


def kaiser(x, beta):
    return np.kaiser(int(np.asarray(to_array(x))), float(beta)).astype(floatx_dtype())


def vander(x, N=None, increasing=False):  # noqa: N803
    x = to_array(x)
    return np.vander(x, N=N, increasing=increasing).astype(x.dtype, copy=False)
