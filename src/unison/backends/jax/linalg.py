"""The linalg family of the JAX backend."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import jax.scipy.linalg as jsl

from unison.backends.contract import gather
from unison.backends.jax._base import promote, to_float


def _matrix(x, name):
    x = to_float(x)
    if x.ndim < 2:
        raise ValueError(f"{name}: expected a tensor of rank >= 2; received shape {x.shape}.")
    return x


def _pair(a, b):
    a, b = promote(a, b)
    if a.dtype.kind in "biu":
        a, b = to_float(a), to_float(b)
    return a, b


def cholesky(x, upper=False):
    x = _matrix(x, "cholesky")
    lower = jnp.linalg.cholesky(x)
    return jnp.swapaxes(lower, -1, -2).conj() if upper else lower


def cholesky_inverse(x, upper=False):
    x = _matrix(x, "cholesky_inverse")
    factor = jnp.swapaxes(x, -1, -2).conj() if upper else x
    identity = jnp.broadcast_to(jnp.eye(x.shape[-1], dtype=x.dtype), x.shape)
    inverse_lower = jsl.solve_triangular(factor, identity, lower=True)
    return jnp.swapaxes(inverse_lower, -1, -2).conj() @ inverse_lower


def det(x):
    return jnp.linalg.det(_matrix(x, "det"))


def eig(x):
    x = _matrix(x, "eig")
    return jnp.linalg.eig(x)


def eigh(x):
    return jnp.linalg.eigh(_matrix(x, "eigh"))


def inv(x):
    return jnp.linalg.inv(_matrix(x, "inv"))


def jvp(fun, primals, tangents, has_aux=False):
    return jax.jvp(fun, primals, tangents, has_aux=has_aux)


def lstsq(a, b, rcond=None):
    a, b = _pair(a, b)
    return jnp.linalg.lstsq(a, b, rcond=rcond)[0]


def lu_factor(x):
    x = _matrix(x, "lu_factor")
    lu, pivots = jsl.lu_factor(x)
    return lu, pivots.astype("int32")


def matrix_rank(x, tol=None):
    x = _matrix(x, "matrix_rank")
    return (
        jnp.linalg.matrix_rank(x, rtol=tol).astype("int32")
        if tol is None
        else (jnp.sum(jnp.linalg.svd(x, compute_uv=False) > tol, axis=-1).astype("int32"))
    )


def norm(x, ord=None, axis=None, keepdims=False):
    x = to_float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def pinv(x, rcond=None):
    x = _matrix(x, "pinv")
    if rcond is None:
        return jnp.linalg.pinv(x)
    return jnp.linalg.pinv(x, rtol=rcond)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: mode must be 'reduced' or 'complete'; received {mode!r}.")
    return jnp.linalg.qr(_matrix(x, "qr"), mode=mode)


def solve(a, b):
    a, b = _pair(a, b)
    return jnp.linalg.solve(a, b)


def solve_triangular(a, b, lower=False):
    a, b = _pair(a, b)
    return jsl.solve_triangular(a, b, lower=lower)


def svd(x, full_matrices=True, compute_uv=True):
    x = _matrix(x, "svd")
    return jnp.linalg.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)


__all__ = gather(globals(), "linalg")
