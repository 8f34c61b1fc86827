"""Products and contractions of the NumPy API: matmul, dot, einsum, tensordot..."""

from __future__ import annotations

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    BOOL,
    FLOAT32,
    INT32,
    ndarray,
    promote,
    promote_all,
)

_FLOAT16 = np.dtype("float16")
_INT8 = np.dtype("int8")
_HALF = (BFLOAT16, _FLOAT16)


def _product(function, x1, x2):
    """Apply a product with unison promotion; half floats accumulate in float32."""
    if not (type(x1) is ndarray and type(x2) is ndarray and x1.dtype == x2.dtype):
        x1, x2 = promote(x1, x2)
    dtype = x1.dtype
    if dtype in _HALF:
        return function(x1.astype(FLOAT32), x2.astype(FLOAT32)).astype(dtype)
    if dtype == _INT8:
        return function(x1.astype(INT32), x2.astype(INT32))
    if dtype == BOOL:
        return function(x1.astype(INT32), x2.astype(INT32)).astype(BOOL)
    return function(x1, x2)


def matmul(x1, x2):
    if type(x1) is ndarray and type(x2) is ndarray and x1.dtype == x2.dtype == FLOAT32:
        return np.matmul(x1, x2)
    return np.asarray(_product(np.matmul, x1, x2))


def dot(x1, x2):
    return np.asarray(_product(np.dot, x1, x2))


def inner(x1, x2):
    return np.asarray(_product(np.inner, x1, x2))


def outer(x1, x2):
    return np.asarray(_product(np.outer, x1, x2))


def vdot(x1, x2):
    return np.asarray(_product(np.vdot, x1, x2))


def kron(x1, x2):
    return np.asarray(_product(np.kron, x1, x2))


def tensordot(x1, x2, axes=2):
    if isinstance(axes, list):
        axes = tuple(tuple(item) if isinstance(item, list) else item for item in axes)
    return np.asarray(_product(lambda a, b: np.tensordot(a, b, axes=axes), x1, x2))


def _cross(a, b, axisa, axisb, axisc, axis):
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = np.moveaxis(a, axisa, -1), np.moveaxis(b, axisb, -1)
    if a.shape[-1] not in (2, 3) or b.shape[-1] not in (2, 3):
        raise ValueError(
            f"cross: vectors must have 2 or 3 components; received {a.shape[-1]} and {b.shape[-1]}."
        )
    if a.shape[-1] == 2 and b.shape[-1] == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if a.shape[-1] == 2:
        a = np.concatenate([a, np.zeros_like(a[..., :1])], axis=-1)
    if b.shape[-1] == 2:
        b = np.concatenate([b, np.zeros_like(b[..., :1])], axis=-1)
    return np.moveaxis(np.cross(a, b), -1, axisc)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    return np.asarray(_product(lambda a, b: _cross(a, b, axisa, axisb, axisc, axis), x1, x2))


def einsum(subscripts, *operands, **kwargs):
    arrays = promote_all(*operands)
    dtype = arrays[0].dtype if arrays else FLOAT32
    if dtype in _HALF:
        result = np.einsum(subscripts, *[a.astype(FLOAT32) for a in arrays], optimize=True)
        return np.asarray(result).astype(dtype)
    if dtype == _INT8:
        arrays = [a.astype(INT32) for a in arrays]
    if dtype == BOOL:
        result = np.einsum(subscripts, *[a.astype(INT32) for a in arrays], optimize=True)
        return np.asarray(result).astype(BOOL)
    return np.asarray(np.einsum(subscripts, *arrays, optimize=True))


def correlate(x1, x2, mode="valid"):
    x1, x2 = promote(x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(
            f"correlate: both inputs must be 1-D; received shapes {x1.shape} and {x2.shape}."
        )
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: `mode` must be valid, same or full; received {mode!r}.")
    dtype = x1.dtype
    if dtype.kind not in "fc" and dtype != BFLOAT16:
        from unison.backends.numpy._helpers import floatx_dtype

        dtype = floatx_dtype()
    compute = FLOAT32 if dtype in _HALF else dtype
    return np.correlate(x1.astype(compute), x2.astype(compute), mode=mode).astype(dtype)
