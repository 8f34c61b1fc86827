"""Tensor creation numpy ops: ranges, constants, identity matrices, windows."""

from __future__ import annotations

import jax.numpy as jnp

from unison import dtypes
from unison.backends.jax._base import (
    convert_to_tensor,
    floatx_dtype,
    jax_dtype,
    result_dtype,
    shape_tuple,
    to_tensor,
)


def _dtype_or(dtype, default):
    return default if dtype is None else jax_dtype(dtype)


def _scalar_key(value):
    if isinstance(value, (bool, int, float, complex)):
        return type(value)
    return to_tensor(value).dtype.name


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        keys = [_scalar_key(v) for v in (start, stop, step) if v is not None]
        if step is None:
            keys.append(int)  # the default step of 1 is an int
        dtype = result_dtype(*keys)
    else:
        dtype = jax_dtype(dtype)
    if step is None:
        step = 1
    return jnp.arange(start, stop, step, dtype=dtype)


def array(x, dtype=None):
    return convert_to_tensor(x, dtype)


def empty(shape, dtype=None):
    return jnp.empty(shape_tuple(shape), dtype=_dtype_or(dtype, floatx_dtype()))


def zeros(shape, dtype=None):
    return jnp.zeros(shape_tuple(shape), dtype=_dtype_or(dtype, floatx_dtype()))


def ones(shape, dtype=None):
    return jnp.ones(shape_tuple(shape), dtype=_dtype_or(dtype, floatx_dtype()))


def full(shape, fill_value, dtype=None):
    dtype = floatx_dtype() if dtype is None else jax_dtype(dtype)
    return jnp.full(shape_tuple(shape), fill_value, dtype=dtype)


def _like(function, name):
    def op(x, dtype=None):
        x = to_tensor(x)
        return function(x, dtype=_dtype_or(dtype, x.dtype))

    op.__name__ = op.__qualname__ = name
    return op


empty_like = _like(jnp.empty_like, "empty_like")
zeros_like = _like(jnp.zeros_like, "zeros_like")
ones_like = _like(jnp.ones_like, "ones_like")


def full_like(x, fill_value, dtype=None):
    x = to_tensor(x)
    return jnp.full_like(x, fill_value, dtype=_dtype_or(dtype, x.dtype))


def eye(N, M=None, k=0, dtype=None):
    return jnp.eye(N, M=M, k=k, dtype=_dtype_or(dtype, floatx_dtype()))


def identity(n, dtype=None):
    return jnp.identity(n, dtype=_dtype_or(dtype, floatx_dtype()))


def tri(N, M=None, k=0, dtype=None):
    return jnp.tri(N, M=M, k=k, dtype=_dtype_or(dtype, floatx_dtype()))


def _range_dtype(dtype, *values):
    if dtype is not None:
        return jax_dtype(dtype)
    return jax_dtype(dtypes.float_result_type(*[_scalar_key(v) for v in values], float))


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    target = _range_dtype(dtype, start, stop)
    return jnp.linspace(
        start, stop, num=num, endpoint=endpoint, retstep=retstep, dtype=target, axis=axis
    )


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    target = _range_dtype(dtype, start, stop)
    return jnp.logspace(start, stop, num=num, endpoint=endpoint, base=base, dtype=target, axis=axis)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    target = _range_dtype(dtype, start, stop)
    return jnp.geomspace(start, stop, num=num, endpoint=endpoint, dtype=target, axis=axis)


def vander(x, N=None, increasing=False):
    return jnp.vander(to_tensor(x), N=N, increasing=increasing)


def _window(function, name):
    def op(x):
        return function(int(x)).astype(floatx_dtype())

    op.__name__ = op.__qualname__ = name
    return op


bartlett = _window(jnp.bartlett, "bartlett")
blackman = _window(jnp.blackman, "blackman")
hamming = _window(jnp.hamming, "hamming")
hanning = _window(jnp.hanning, "hanning")


def kaiser(x, beta):
    return jnp.kaiser(int(x), beta).astype(floatx_dtype())
