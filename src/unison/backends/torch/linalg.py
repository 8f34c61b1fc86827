"""The linalg family (computed in float32 for half precision inputs)."""

from __future__ import annotations

import torch

from unison import tree
from unison.backends.contract import gather
from unison.backends.torch._base import convert_to_tensor, promote_tensors, to_float

_HALF = (torch.float16, torch.bfloat16)


def _prepare(x):
    x = to_float(x)
    dtype = x.dtype
    return (x.float() if dtype in _HALF else x), dtype


def _back(value, dtype):
    if dtype in _HALF:
        return value.to(dtype)
    return value


def _square(x, name):
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(
            f"{name}: expected square matrices (..., n, n); received shape {tuple(x.shape)}."
        )


def cholesky(x, upper=False):
    x, dtype = _prepare(x)
    _square(x, "cholesky")
    factor, info = torch.linalg.cholesky_ex(x, upper=upper)
    if bool(torch.any(info != 0)):
        factor = torch.where(
            (info != 0).reshape(info.shape + (1, 1)), torch.full_like(factor, float("nan")), factor
        )
    return _back(factor, dtype)


def cholesky_inverse(x, upper=False):
    x, dtype = _prepare(x)
    _square(x, "cholesky_inverse")
    return _back(torch.cholesky_inverse(x, upper=upper), dtype)


def det(x):
    x, dtype = _prepare(x)
    _square(x, "det")
    return _back(torch.linalg.det(x), dtype)


def eig(x):
    x, _ = _prepare(x)
    _square(x, "eig")
    return torch.linalg.eig(x)


def eigh(x):
    x, dtype = _prepare(x)
    _square(x, "eigh")
    values, vectors = torch.linalg.eigh(x)
    return _back(values, dtype), _back(vectors, dtype)


def inv(x):
    x, dtype = _prepare(x)
    _square(x, "inv")
    return _back(torch.linalg.inv(x), dtype)


def lu_factor(x):
    x, dtype = _prepare(x)
    factors, pivots = torch.linalg.lu_factor(x)
    return _back(factors, dtype), (pivots - 1).to(torch.int32)


def matrix_rank(x, tol=None):
    x, _ = _prepare(x)
    if tol is None:
        return torch.linalg.matrix_rank(x).to(torch.int32)
    return torch.linalg.matrix_rank(x, atol=float(tol), rtol=0.0).to(torch.int32)


def norm(x, ord=None, axis=None, keepdims=False):  # noqa: A002
    x, dtype = _prepare(x)
    if isinstance(axis, list):
        axis = tuple(axis)
    if axis is None:
        if ord is None:
            return _back(torch.linalg.vector_norm(x, 2, keepdim=keepdims), dtype)
        if x.ndim == 1:
            return _back(torch.linalg.vector_norm(x, ord, keepdim=keepdims), dtype)
        if x.ndim == 2:
            return _back(torch.linalg.matrix_norm(x, ord, keepdim=keepdims), dtype)
        raise ValueError(
            f"norm: `ord`={ord!r} with axis=None needs a 1-D or 2-D input; received shape "
            f"{tuple(x.shape)}."
        )
    if isinstance(axis, int) or len(axis) == 1:
        dims = axis if isinstance(axis, int) else axis[0]
        if isinstance(ord, str):
            raise ValueError(f"norm: invalid `ord` {ord!r} for a vector norm.")
        return _back(
            torch.linalg.vector_norm(x, 2 if ord is None else ord, dim=dims, keepdim=keepdims),
            dtype,
        )
    if len(axis) != 2:
        raise ValueError(f"norm: `axis` must have 1 or 2 entries; received {axis}.")
    return _back(
        torch.linalg.matrix_norm(x, "fro" if ord is None else ord, dim=axis, keepdim=keepdims),
        dtype,
    )


def pinv(x, rcond=None):
    x, dtype = _prepare(x)
    if rcond is None:
        return _back(torch.linalg.pinv(x), dtype)
    return _back(torch.linalg.pinv(x, rtol=float(rcond)), dtype)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` must be 'reduced' or 'complete'; received {mode!r}.")
    x, dtype = _prepare(x)
    q, r = torch.linalg.qr(x, mode=mode)
    return _back(q, dtype), _back(r, dtype)


def _pair(a, b):
    (a, b), _ = promote_tensors(a, b)
    a, dtype = _prepare(a)
    return a, b.to(a.dtype), dtype


def solve(a, b):
    a, b, dtype = _pair(a, b)
    _square(a, "solve")
    return _back(torch.linalg.solve(a, b), dtype)


def solve_triangular(a, b, lower=False):
    a, b, dtype = _pair(a, b)
    _square(a, "solve_triangular")
    vector = b.ndim == a.ndim - 1
    if vector:
        b = b.unsqueeze(-1)
    result = torch.linalg.solve_triangular(a, b, upper=not lower)
    if vector:
        result = result.squeeze(-1)
    return _back(result, dtype)


def lstsq(a, b, rcond=None):
    a, b, dtype = _pair(a, b)
    vector = b.ndim == 1
    if vector:
        b = b.unsqueeze(-1)
    if a.device.type == "cpu":
        solution = torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd").solution
    else:
        solution = torch.linalg.pinv(a) @ b
    if vector:
        solution = solution.squeeze(-1)
    return _back(solution, dtype)


def svd(x, full_matrices=True, compute_uv=True):
    x, dtype = _prepare(x)
    if not compute_uv:
        return _back(torch.linalg.svdvals(x), dtype)
    u, s, vh = torch.linalg.svd(x, full_matrices=full_matrices)
    return _back(u, dtype), _back(s, dtype), _back(vh, dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tuple(tree.map_structure(convert_to_tensor, p) for p in primals)
    tangents = tuple(tree.map_structure(convert_to_tensor, t) for t in tangents)
    return torch.func.jvp(fun, primals, tangents, has_aux=has_aux)


__all__ = gather(globals(), "linalg")
