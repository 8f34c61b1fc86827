"""``unison.ops.linalg`` on NumPy arrays (numpy.linalg plus hand-written LU / triangular solves)."""

from __future__ import annotations

import numpy as np

from unison.backends.contract import gather
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INT32,
    promote,
    to_float_array,
)

_HALF = (BFLOAT16, np.dtype("float16"))


def _float(x):
    """(array in a dtype LAPACK handles, dtype to return)."""
    x = to_float_array(x)
    dtype = x.dtype
    return x.astype(FLOAT32) if dtype in _HALF else x, dtype


def _matrices(x, name):
    values, dtype = _float(x)
    if values.ndim < 2:
        raise ValueError(f"{name}: expected a tensor of rank >= 2; received shape {values.shape}.")
    return values, dtype


def _square(x, name):
    values, dtype = _matrices(x, name)
    if values.shape[-1] != values.shape[-2]:
        raise ValueError(f"{name}: expected square matrices; received shape {values.shape}.")
    return values, dtype


def cholesky(x, upper=False):
    values, dtype = _square(x, "cholesky")
    try:
        result = np.linalg.cholesky(values, upper=upper)
    except np.linalg.LinAlgError:
        raise ValueError(
            "cholesky: decomposition failed; the input is not a positive definite matrix."
        ) from None
    return result.astype(dtype)


def cholesky_inverse(x, upper=False):
    values, dtype = _square(x, "cholesky_inverse")
    identity = np.broadcast_to(np.eye(values.shape[-1], dtype=values.dtype), values.shape)
    inverse_factor = _triangular_solve(values, identity, lower=not upper)
    transposed = np.swapaxes(inverse_factor, -1, -2)
    if upper:
        result = inverse_factor @ transposed
    else:
        result = transposed @ inverse_factor
    return result.astype(dtype)


def det(x):
    values, dtype = _square(x, "det")
    return np.asarray(np.linalg.det(values)).astype(dtype)


def eig(x):
    values, dtype = _square(x, "eig")
    complex_dtype = np.complex128 if dtype == np.dtype("float64") else np.complex64
    eigenvalues, eigenvectors = np.linalg.eig(values)
    return eigenvalues.astype(complex_dtype), eigenvectors.astype(complex_dtype)


def eigh(x):
    values, dtype = _square(x, "eigh")
    eigenvalues, eigenvectors = np.linalg.eigh(values)
    return eigenvalues.astype(dtype), eigenvectors.astype(dtype)


def inv(x):
    values, dtype = _square(x, "inv")
    return np.linalg.inv(values).astype(dtype)


def solve(a, b):
    a, b = promote(a, b)
    a, dtype = _square(a, "solve")
    b = b.astype(a.dtype)
    if b.ndim == a.ndim - 1:
        return np.linalg.solve(a, b[..., None])[..., 0].astype(dtype)
    return np.linalg.solve(a, b).astype(dtype)


def _triangular_solve(a, b, lower):
    """Substitution over rows, vectorised over batch dimensions and right-hand sides."""
    size = a.shape[-1]
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    a = np.broadcast_to(a, (*batch, size, size))
    b = np.broadcast_to(b, (*batch, *b.shape[-2:]))
    x = np.zeros(b.shape, dtype=np.result_type(a.dtype, b.dtype))
    rows = range(size) if lower else range(size - 1, -1, -1)
    for row in rows:
        if lower:
            known = np.einsum("...k,...kj->...j", a[..., row, :row], x[..., :row, :])
        else:
            known = np.einsum("...k,...kj->...j", a[..., row, row + 1 :], x[..., row + 1 :, :])
        x[..., row, :] = (b[..., row, :] - known) / a[..., row, row][..., None]
    return x


def solve_triangular(a, b, lower=False):
    a, b = promote(a, b)
    a, dtype = _square(a, "solve_triangular")
    b = b.astype(a.dtype)
    if b.ndim == a.ndim - 1:
        return _triangular_solve(a, b[..., None], lower)[..., 0].astype(dtype)
    return _triangular_solve(a, b, lower).astype(dtype)


def lu_factor(x):
    values, dtype = _square(x, "lu_factor")
    lu = np.array(values, copy=True)
    size = lu.shape[-1]
    batch = lu.shape[:-2]
    flat = lu.reshape(-1, size, size)
    pivots = np.zeros((flat.shape[0], size), dtype=INT32)
    rows = np.arange(flat.shape[0])
    for column in range(size):
        pivot = column + np.argmax(np.abs(flat[:, column:, column]), axis=-1)
        pivots[:, column] = pivot
        current = flat[rows, column, :].copy()
        flat[rows, column, :] = flat[rows, pivot, :]
        flat[rows, pivot, :] = current
        diagonal = flat[:, column, column]
        safe = np.where(diagonal == 0, 1, diagonal)
        factors = flat[:, column + 1 :, column] / safe[:, None]
        factors = np.where(diagonal[:, None] == 0, 0, factors)
        flat[:, column + 1 :, column] = factors
        flat[:, column + 1 :, column + 1 :] -= (
            factors[:, :, None] * flat[:, column, None, column + 1 :]
        )
    return flat.reshape(lu.shape).astype(dtype), pivots.reshape((*batch, size))


def lstsq(a, b, rcond=None):
    a, b = promote(a, b)
    a, dtype = _matrices(a, "lstsq")
    b = b.astype(a.dtype)
    if a.ndim != 2:
        raise ValueError(f"lstsq: `a` must be a 2-D matrix; received shape {a.shape}.")
    return np.linalg.lstsq(a, b, rcond=rcond)[0].astype(dtype)


def matrix_rank(x, tol=None):
    values, _ = _matrices(x, "matrix_rank")
    return np.asarray(np.linalg.matrix_rank(values, tol=tol)).astype(INT32)


def norm(x, ord=None, axis=None, keepdims=False):
    values, dtype = _float(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    result = np.linalg.norm(values, ord=ord, axis=axis, keepdims=keepdims)
    return np.asarray(result).astype(dtype)


def pinv(x, rcond=None):
    values, dtype = _matrices(x, "pinv")
    if rcond is None:
        rcond = 10 * max(values.shape[-2:]) * np.finfo(values.dtype).eps
    return np.linalg.pinv(values, rcond=rcond).astype(dtype)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` must be 'reduced' or 'complete'; received {mode!r}.")
    values, dtype = _matrices(x, "qr")
    q, r = np.linalg.qr(values, mode=mode)
    return q.astype(dtype), r.astype(dtype)


def svd(x, full_matrices=True, compute_uv=True):
    values, dtype = _matrices(x, "svd")
    if not compute_uv:
        return np.linalg.svd(values, compute_uv=False).astype(dtype)
    u, s, vh = np.linalg.svd(values, full_matrices=full_matrices)
    return u.astype(dtype), s.astype(dtype), vh.astype(dtype)


def jvp(fun, primals, tangents, has_aux=False):
    raise NotImplementedError(
        "The numpy backend cannot differentiate, so `jvp` is unavailable: it is an "
        "inference-only backend. Use jax, torch or tensorflow."
    )


__all__ = gather(globals(), "linalg")
