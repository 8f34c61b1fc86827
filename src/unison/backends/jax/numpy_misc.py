"""Products, set ops, histograms, searching and the remaining numpy ops."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from unison.backends._shared.rearrange_plan import plan as rearrange_plan
from unison.backends.jax._base import (
    ArrayImpl,
    floatx_dtype,
    jax_dtype,
    promote,
    to_float,
    to_tensor,
)

_INT8 = np.dtype("int8")
_INTEGRAL = "biu"


def _int8_product(x1, x2):
    return x1.dtype == _INT8 and x2.dtype == _INT8


def matmul(x1, x2):
    if type(x1) is ArrayImpl and type(x2) is ArrayImpl:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _INT8:
            return jnp.matmul(x1, x2)
    x1, x2 = to_tensor(x1), to_tensor(x2)
    both_int8 = _int8_product(x1, x2)
    x1, x2 = promote(x1, x2)
    if both_int8:
        return jnp.matmul(x1, x2, preferred_element_type=jnp.int32)
    return jnp.matmul(x1, x2)


def dot(x1, x2):
    x1, x2 = promote(x1, x2)
    return jnp.dot(x1, x2)


def tensordot(x1, x2, axes=2):
    x1, x2 = promote(x1, x2)
    return jnp.tensordot(x1, x2, axes=axes)


def inner(x1, x2):
    x1, x2 = promote(x1, x2)
    return jnp.inner(x1, x2)


def outer(x1, x2):
    x1, x2 = promote(x1, x2)
    return jnp.outer(x1, x2)


def vdot(x1, x2):
    x1, x2 = promote(x1, x2)
    return jnp.vdot(x1, x2)


def kron(x1, x2):
    x1, x2 = promote(x1, x2)
    return jnp.kron(x1, x2)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    x1, x2 = promote(x1, x2)
    return jnp.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def correlate(x1, x2, mode="valid"):
    x1, x2 = promote(x1, x2)
    if x1.dtype.kind in _INTEGRAL:
        x1, x2 = x1.astype(floatx_dtype()), x2.astype(floatx_dtype())
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: mode must be valid, same or full; received {mode!r}.")
    return jnp.correlate(x1, x2, mode=mode)


def einsum(subscripts, *operands, **kwargs):
    operands = promote(*operands) if len(operands) > 1 else [to_tensor(operands[0])]
    if operands[0].dtype == _INT8:
        kwargs.setdefault("preferred_element_type", jnp.int32)
    return jnp.einsum(subscripts, *operands, **kwargs)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise NotImplementedError("bincount: the jax backend does not support sparse=True.")
    x = to_tensor(x)
    if weights is not None:
        weights = to_tensor(weights)
    if isinstance(x, jax.core.Tracer):
        if not minlength:
            raise ValueError(
                "bincount: inside jit the output length must be static; pass minlength > 0."
            )
        length = int(minlength)
    else:
        length = max(int(np.max(np.asarray(x))) + 1 if x.size else 0, minlength)
    if x.ndim == 2:
        function = jax.vmap(lambda row, w: jnp.bincount(row, weights=w, length=length))
        if weights is None:
            return jax.vmap(lambda row: jnp.bincount(row, length=length))(x).astype("int32")
        return function(x, weights)
    result = jnp.bincount(x, weights=weights, length=length)
    return result if weights is not None else result.astype("int32")


def histogram(x, bins=10, range=None):
    x = to_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: expected a 1-D tensor; received shape {x.shape}.")
    counts, edges = jnp.histogram(x, bins=bins, range=range)
    dtype = x.dtype if x.dtype.kind not in "biu" else jnp.dtype("float32")
    return counts.astype(dtype), edges.astype(dtype)


def digitize(x, bins):
    x, bins = to_tensor(x), to_tensor(bins)
    return jnp.digitize(x, bins).astype("int32")


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = to_tensor(sorted_sequence), to_tensor(values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            f"searchsorted: sorted_sequence must be 1-D; received shape {sorted_sequence.shape}."
        )
    return jnp.searchsorted(sorted_sequence, values, side=side).astype("int32")


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    x = to_tensor(x)
    results = jnp.unique(
        x,
        return_index=return_index,
        return_inverse=return_inverse,
        return_counts=return_counts,
        axis=axis,
        size=size,
        fill_value=fill_value,
    )
    if not isinstance(results, tuple):
        return results
    values, *rest = results
    rest = [r.astype("int32") for r in rest]
    if return_inverse and axis is None:
        position = 1 + int(return_index)
        rest[position - 1] = rest[position - 1].reshape(x.shape)
    return (values, *rest)


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = promote(x1, x2)
    return jnp.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def vectorize(pyfunc, *, excluded=None, signature=None):
    return jnp.vectorize(pyfunc, excluded=excluded or set(), signature=signature)


def view(x, dtype=None):
    x = to_tensor(x)
    if dtype is None:
        return x
    return x.view(jax_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = to_tensor(tensor)
    elementary, permutation, output = rearrange_plan(pattern, tuple(tensor.shape), axes_lengths)
    return jnp.reshape(jnp.transpose(jnp.reshape(tensor, elementary), permutation), output)


def slogdet(x):
    x = to_float(x)
    sign, logabsdet = jnp.linalg.slogdet(x)
    return sign, logabsdet
