"""Products, contractions and other linear-algebra flavoured functions (``unison.ops.numpy``)."""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    check_choice,
    current,
    is_symbolic,
    symbolic_call,
)

__all__ = [
    "corrcoef",
    "correlate",
    "cross",
    "dot",
    "einsum",
    "inner",
    "kron",
    "matmul",
    "outer",
    "slogdet",
    "tensordot",
    "trace",
    "vdot",
]


def matmul(x1: TensorLike, x2: TensorLike):
    """Matrix product of the last two axes, broadcasting the leading (batch) axes.

    Example:
        >>> unison.ops.matmul(unison.ops.ones((2, 3)), unison.ops.ones((3, 4))).shape  # (2, 4)
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        if 0 in (getattr(x1, "ndim", 1), getattr(x2, "ndim", 1)):
            raise ValueError("matmul: inputs must have rank >= 1; received a scalar.")
        return symbolic_call(matmul, x1, x2)
    return current().backend.matmul(x1, x2)


def dot(x1: TensorLike, x2: TensorLike):
    """NumPy ``dot``: inner product of vectors, matrix product of matrices.

    Example:
        >>> unison.ops.dot([1, 2], [3, 4])   # -> 11
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(dot, x1, x2)
    return current().backend.dot(x1, x2)


def inner(x1: TensorLike, x2: TensorLike):
    """Inner product over the last axes of ``x1`` and ``x2``.

    Example:
        >>> unison.ops.inner([1, 2], [3, 4])   # -> 11
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(inner, x1, x2)
    return current().backend.inner(x1, x2)


def outer(x1: TensorLike, x2: TensorLike):
    """Outer product of the flattened ``x1`` and ``x2``.

    Example:
        >>> unison.ops.outer([1, 2], [3, 4])   # -> [[3, 4], [6, 8]]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(outer, x1, x2)
    return current().backend.outer(x1, x2)


def vdot(x1: TensorLike, x2: TensorLike):
    """Dot product of the flattened inputs, conjugating ``x1`` if complex.

    Example:
        >>> unison.ops.vdot([[1, 2], [3, 4]], [[1, 1], [1, 1]])   # -> 10
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(vdot, x1, x2)
    return current().backend.vdot(x1, x2)


def kron(x1: TensorLike, x2: TensorLike):
    """Kronecker product: blocks of ``x2`` scaled by each element of ``x1``.

    Example:
        >>> unison.ops.kron([1, 10], [1, 2])   # -> [1, 2, 10, 20]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(kron, x1, x2)
    return current().backend.kron(x1, x2)


def tensordot(x1: TensorLike, x2: TensorLike, axes: Any = 2):
    """Sum of products over ``axes`` (an int: the last / first ``axes`` axes; or two lists).

    Example:
        >>> unison.ops.tensordot(unison.ops.ones((2, 3)), unison.ops.ones((3, 4)), axes=1).shape
        (2, 4)
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(tensordot, x1, x2, axes=axes)
    return current().backend.tensordot(x1, x2, axes=axes)


def einsum(subscripts: str, *operands: TensorLike, **kwargs: Any):
    """Einstein summation over ``operands`` as described by ``subscripts``.

    Example:
        >>> unison.ops.einsum("ij,jk->ik", a, b)   # same as matmul(a, b)
    """
    if not isinstance(subscripts, str):
        raise TypeError(
            f"einsum: `subscripts` must be a string such as 'ij,jk->ik'; received "
            f"{type(subscripts).__name__}."
        )
    if is_symbolic(operands):
        return symbolic_call(einsum, subscripts, *operands, **kwargs)
    return current().backend.einsum(subscripts, *operands, **kwargs)


def cross(
    x1: TensorLike,
    x2: TensorLike,
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: int | None = None,
):
    """Cross product of 3-vectors (or 2-vectors) along the given axes.

    Example:
        >>> unison.ops.cross([1, 0, 0], [0, 1, 0])   # -> [0, 0, 1]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(cross, x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)
    return current().backend.cross(x1, x2, axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)


def trace(x: TensorLike, offset: int = 0, axis1: int = 0, axis2: int = 1):
    """Sum along the diagonal at ``offset`` of the 2-D slices spanned by ``axis1``, ``axis2``.

    Example:
        >>> unison.ops.trace([[1, 2], [3, 4]])   # -> 5
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(trace, x, offset=offset, axis1=axis1, axis2=axis2)
    return current().backend.trace(x, offset=offset, axis1=axis1, axis2=axis2)


def correlate(x1: TensorLike, x2: TensorLike, mode: str = "valid"):
    """Cross-correlation of two 1-D sequences (``"valid"``, ``"same"`` or ``"full"``).

    Example:
        >>> unison.ops.correlate([1.0, 2.0, 3.0], [0.0, 1.0])   # -> [2., 3.]
    """
    check_choice(mode, ("valid", "same", "full"), "mode", "correlate")
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(correlate, x1, x2, mode=mode)
    return current().backend.correlate(x1, x2, mode=mode)


def corrcoef(x: TensorLike):
    """Pearson correlation coefficients between the rows (variables) of ``x``.

    Example:
        >>> unison.ops.corrcoef([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]])   # -> [[1., 1.], [1., 1.]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(corrcoef, x)
    return current().backend.corrcoef(x)


def slogdet(x: TensorLike):
    """Sign and natural log of the absolute determinant: ``(sign, logabsdet)``.

    Example:
        >>> unison.ops.slogdet([[2.0, 0.0], [0.0, 3.0]])   # -> (1., 1.7918)
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(slogdet, x)
    return current().backend.slogdet(x)
