"""``unison.ops.linalg``: decompositions, solvers, norms and forward-mode derivatives.

Every function works on batches: leading axes beyond the last two are batch axes.

Example:
    >>> from unison.ops import linalg
    >>> linalg.inv([[2.0, 0.0], [0.0, 4.0]])   # -> [[0.5, 0.], [0., 0.25]]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    check_choice,
    current,
    is_symbolic,
    normalize_axis,
    symbolic_call,
)

__all__ = [
    "cholesky",
    "cholesky_inverse",
    "det",
    "eig",
    "eigh",
    "inv",
    "jvp",
    "lstsq",
    "lu_factor",
    "matrix_rank",
    "norm",
    "pinv",
    "qr",
    "solve",
    "solve_triangular",
    "svd",
]


def _check_matrix(x: Any, op_name: str, square: bool = True) -> None:
    shape = x.shape
    if len(shape) < 2:
        raise ValueError(
            f"{op_name}: `x` must have at least 2 dimensions (..., M, N); received shape {shape}."
        )
    if square and None not in shape[-2:] and shape[-1] != shape[-2]:
        raise ValueError(f"{op_name}: `x` must hold square matrices; received shape {shape}.")


def cholesky(x: TensorLike, upper: bool = False):
    """Cholesky factor of Hermitian positive-definite matrices (lower, or upper if asked).

    Example:
        >>> unison.ops.cholesky([[4.0, 2.0], [2.0, 2.0]])   # -> [[2., 0.], [1., 1.]]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "cholesky")
        return symbolic_call(cholesky, x, upper=upper)
    return current().backend.cholesky(x, upper=upper)


def cholesky_inverse(x: TensorLike, upper: bool = False):
    """Inverse of ``A`` from its Cholesky factor ``x`` (``A = L L^T`` or ``U^T U``).

    Example:
        >>> unison.ops.cholesky_inverse([[2.0, 0.0], [1.0, 1.0]])   # inverse of [[4, 2], [2, 2]]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "cholesky_inverse")
        return symbolic_call(cholesky_inverse, x, upper=upper)
    return current().backend.cholesky_inverse(x, upper=upper)


def det(x: TensorLike):
    """Determinant of square matrices.

    Example:
        >>> unison.ops.det([[1.0, 2.0], [3.0, 4.0]])   # -> -2.
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "det")
        return symbolic_call(det, x)
    return current().backend.det(x)


def eig(x: TensorLike):
    """Eigenvalues and right eigenvectors of general square matrices: ``(w, v)``.

    Example:
        >>> w, v = unison.ops.eig([[2.0, 0.0], [0.0, 3.0]])   # w -> [2., 3.]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "eig")
        return symbolic_call(eig, x)
    return current().backend.eig(x)


def eigh(x: TensorLike):
    """Eigenvalues (ascending) and eigenvectors of Hermitian / symmetric matrices.

    Example:
        >>> w, v = unison.ops.eigh([[2.0, 1.0], [1.0, 2.0]])   # w -> [1., 3.]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "eigh")
        return symbolic_call(eigh, x)
    return current().backend.eigh(x)


def inv(x: TensorLike):
    """Inverse of square matrices.

    Example:
        >>> unison.ops.inv([[2.0, 0.0], [0.0, 4.0]])   # -> [[0.5, 0.], [0., 0.25]]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "inv")
        return symbolic_call(inv, x)
    return current().backend.inv(x)


def lu_factor(x: TensorLike):
    """LU factorisation with partial pivoting: ``(lu, pivots)`` as in SciPy.

    Example:
        >>> lu, pivots = unison.ops.lu_factor([[1.0, 2.0], [3.0, 4.0]])
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "lu_factor", square=False)
        return symbolic_call(lu_factor, x)
    return current().backend.lu_factor(x)


def matrix_rank(x: TensorLike, tol: float | None = None):
    """Rank of matrices: singular values above ``tol`` (a default based on eps if None).

    Example:
        >>> unison.ops.matrix_rank([[1.0, 2.0], [2.0, 4.0]])   # -> 1
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "matrix_rank", square=False)
        return symbolic_call(matrix_rank, x, tol=tol)
    return current().backend.matrix_rank(x, tol=tol)


def norm(x: TensorLike, ord: Any = None, axis: Any = None, keepdims: bool = False):  # noqa: A002
    """Vector norm (1 axis) or matrix norm (2 axes) of ``x`` of order ``ord``.

    Example:
        >>> unison.ops.norm([3.0, 4.0])   # -> 5.
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "norm")
        if len(axis) not in (1, 2):
            raise ValueError(f"norm: `axis` must name 1 or 2 axes; received {axis}.")
    if isinstance(ord, str) and ord not in ("fro", "nuc"):
        raise ValueError(f"norm: string `ord` must be 'fro' or 'nuc'; received {ord!r}.")
    if type(x) is SymbolicTensor:
        return symbolic_call(norm, x, ord=ord, axis=axis, keepdims=keepdims)
    return current().backend.norm(x, ord=ord, axis=axis, keepdims=keepdims)


def pinv(x: TensorLike, rcond: float | None = None):
    """Moore-Penrose pseudo-inverse (singular values below ``rcond`` * largest are dropped).

    Example:
        >>> unison.ops.pinv([[1.0, 0.0], [0.0, 0.0]])   # -> [[1., 0.], [0., 0.]]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "pinv", square=False)
        return symbolic_call(pinv, x, rcond=rcond)
    return current().backend.pinv(x, rcond=rcond)


def qr(x: TensorLike, mode: str = "reduced"):
    """QR decomposition ``x = q @ r``: ``(q, r)``; ``mode`` is ``"reduced"`` or ``"complete"``.

    Example:
        >>> q, r = unison.ops.qr(unison.ops.eye(3))
    """
    check_choice(mode, ("reduced", "complete"), "mode", "qr")
    if type(x) is SymbolicTensor:
        _check_matrix(x, "qr", square=False)
        return symbolic_call(qr, x, mode=mode)
    return current().backend.qr(x, mode=mode)


def svd(x: TensorLike, full_matrices: bool = True, compute_uv: bool = True):
    """Singular value decomposition: ``(u, s, vh)``, or just ``s`` if ``compute_uv=False``.

    Example:
        >>> unison.ops.svd([[3.0, 0.0], [0.0, 4.0]], compute_uv=False)   # -> [4., 3.]
    """
    if type(x) is SymbolicTensor:
        _check_matrix(x, "svd", square=False)
        return symbolic_call(svd, x, full_matrices=full_matrices, compute_uv=compute_uv)
    return current().backend.svd(x, full_matrices=full_matrices, compute_uv=compute_uv)


def solve(a: TensorLike, b: TensorLike):
    """Solution ``x`` of the linear system ``a @ x = b``.

    Example:
        >>> unison.ops.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 8.0])   # -> [1., 2.]
    """
    if type(a) is SymbolicTensor or type(b) is SymbolicTensor:
        return symbolic_call(solve, a, b)
    return current().backend.solve(a, b)


def solve_triangular(a: TensorLike, b: TensorLike, lower: bool = False):
    """Solution of ``a @ x = b`` for triangular ``a`` (upper unless ``lower=True``).

    Example:
        >>> unison.ops.solve_triangular([[1.0, 0.0], [1.0, 1.0]], [1.0, 3.0], lower=True)  # [1, 2]
    """
    if type(a) is SymbolicTensor or type(b) is SymbolicTensor:
        return symbolic_call(solve_triangular, a, b, lower=lower)
    return current().backend.solve_triangular(a, b, lower=lower)


def lstsq(a: TensorLike, b: TensorLike, rcond: float | None = None):
    """Least-squares solution ``x`` minimising ``||a @ x - b||``.

    Example:
        >>> unison.ops.lstsq([[1.0], [1.0]], [1.0, 3.0])   # -> [2.]
    """
    if type(a) is SymbolicTensor or type(b) is SymbolicTensor:
        return symbolic_call(lstsq, a, b, rcond=rcond)
    return current().backend.lstsq(a, b, rcond=rcond)


def jvp(fun: Callable, primals: Any, tangents: Any, has_aux: bool = False):
    """Forward-mode derivative: ``(fun(*primals), J @ tangents)`` (plus aux if ``has_aux``).

    Example:
        >>> unison.ops.jvp(lambda v: v * v, (3.0,), (1.0,))   # -> (9., 6.)
    """
    if not callable(fun):
        raise TypeError(f"jvp: `fun` must be callable; received {type(fun).__name__}.")
    if not isinstance(primals, (list, tuple)) or not isinstance(tangents, (list, tuple)):
        raise TypeError(
            "jvp: `primals` and `tangents` must be tuples (one entry per argument of `fun`); "
            f"received {type(primals).__name__} and {type(tangents).__name__}."
        )
    if len(primals) != len(tangents):
        raise ValueError(
            f"jvp: `primals` ({len(primals)}) and `tangents` ({len(tangents)}) must have the "
            "same length."
        )
    if is_symbolic(primals) or is_symbolic(tangents):
        return symbolic_call(jvp, fun, primals, tangents, has_aux=has_aux)
    return current().backend.jvp(fun, primals, tangents, has_aux=has_aux)
