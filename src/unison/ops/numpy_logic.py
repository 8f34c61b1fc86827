"""Comparisons, logical functions, value tests and selection (``unison.ops.numpy``)."""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    current,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "allclose",
    "equal",
    "greater",
    "greater_equal",
    "isclose",
    "isfinite",
    "isin",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "less",
    "less_equal",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "not_equal",
    "select",
    "where",
]


def equal(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 == x2``.

    Example:
        >>> unison.ops.equal([1, 2], [1, 3])   # -> [True, False]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(equal, x1, x2)
    return current().backend.equal(x1, x2)


def not_equal(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 != x2``.

    Example:
        >>> unison.ops.not_equal([1, 2], [1, 3])   # -> [False, True]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(not_equal, x1, x2)
    return current().backend.not_equal(x1, x2)


def greater(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 > x2``.

    Example:
        >>> unison.ops.greater([1, 3], 2)   # -> [False, True]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(greater, x1, x2)
    return current().backend.greater(x1, x2)


def greater_equal(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 >= x2``.

    Example:
        >>> unison.ops.greater_equal([1, 2], 2)   # -> [False, True]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(greater_equal, x1, x2)
    return current().backend.greater_equal(x1, x2)


def less(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 < x2``.

    Example:
        >>> unison.ops.less([1, 3], 2)   # -> [True, False]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(less, x1, x2)
    return current().backend.less(x1, x2)


def less_equal(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 <= x2``.

    Example:
        >>> unison.ops.less_equal([2, 3], 2)   # -> [True, False]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(less_equal, x1, x2)
    return current().backend.less_equal(x1, x2)


def logical_and(x1: TensorLike, x2: TensorLike):
    """Element-wise truth of ``x1 and x2``.

    Example:
        >>> unison.ops.logical_and([True, True], [True, False])   # -> [True, False]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(logical_and, x1, x2)
    return current().backend.logical_and(x1, x2)


def logical_or(x1: TensorLike, x2: TensorLike):
    """Element-wise truth of ``x1 or x2``.

    Example:
        >>> unison.ops.logical_or([False, True], [False, False])   # -> [False, True]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(logical_or, x1, x2)
    return current().backend.logical_or(x1, x2)


def logical_xor(x1: TensorLike, x2: TensorLike):
    """Element-wise truth of exactly one of ``x1``, ``x2``.

    Example:
        >>> unison.ops.logical_xor([True, True], [True, False])   # -> [False, True]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(logical_xor, x1, x2)
    return current().backend.logical_xor(x1, x2)


def logical_not(x: TensorLike):
    """Element-wise truth of ``not x``.

    Example:
        >>> unison.ops.logical_not([True, 0])   # -> [False, True]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(logical_not, x)
    return current().backend.logical_not(x)


def isfinite(x: TensorLike):
    """Element-wise test for values that are neither infinite nor NaN.

    Example:
        >>> unison.ops.isfinite([1.0, float('inf')])   # -> [True, False]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isfinite, x)
    return current().backend.isfinite(x)


def isinf(x: TensorLike):
    """Element-wise test for positive or negative infinity.

    Example:
        >>> unison.ops.isinf([1.0, float('-inf')])   # -> [False, True]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isinf, x)
    return current().backend.isinf(x)


def isnan(x: TensorLike):
    """Element-wise test for NaN.

    Example:
        >>> unison.ops.isnan([1.0, float('nan')])   # -> [False, True]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isnan, x)
    return current().backend.isnan(x)


def isneginf(x: TensorLike):
    """Element-wise test for negative infinity.

    Example:
        >>> unison.ops.isneginf([float('-inf'), float('inf')])   # -> [True, False]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isneginf, x)
    return current().backend.isneginf(x)


def isposinf(x: TensorLike):
    """Element-wise test for positive infinity.

    Example:
        >>> unison.ops.isposinf([float('-inf'), float('inf')])   # -> [False, True]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isposinf, x)
    return current().backend.isposinf(x)


def isreal(x: TensorLike):
    """Element-wise test for a zero imaginary part.

    Example:
        >>> unison.ops.isreal([1 + 0j, 1j])   # -> [True, False]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(isreal, x)
    return current().backend.isreal(x)


def isclose(
    x1: TensorLike,
    x2: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
):
    """Element-wise ``|x1 - x2| <= atol + rtol * |x2|``.

    Example:
        >>> unison.ops.isclose([1.0, 1.1], [1.0, 1.0])   # -> [True, False]
    """
    if rtol < 0 or atol < 0:
        raise ValueError(f"isclose: `rtol` and `atol` must be >= 0; received {rtol}, {atol}.")
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(isclose, x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return current().backend.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(
    x1: TensorLike,
    x2: TensorLike,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
):
    """Whether :func:`isclose` holds for every pair of elements (a scalar boolean tensor).

    Example:
        >>> unison.ops.allclose([1.0, 2.0], [1.0, 2.0 + 1e-9])   # -> True
    """
    if rtol < 0 or atol < 0:
        raise ValueError(f"allclose: `rtol` and `atol` must be >= 0; received {rtol}, {atol}.")
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(allclose, x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)
    return current().backend.allclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)


def isin(x1: TensorLike, x2: TensorLike, assume_unique: bool = False, invert: bool = False):
    """Element-wise test whether each value of ``x1`` occurs anywhere in ``x2``.

    Example:
        >>> unison.ops.isin([1, 2, 3], [2, 5])   # -> [False, True, False]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(isin, x1, x2, assume_unique=assume_unique, invert=invert)
    return current().backend.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def where(condition: TensorLike, x1: TensorLike | None = None, x2: TensorLike | None = None):
    """``x1`` where ``condition`` is true, else ``x2``; with only ``condition``, its indices.

    Example:
        >>> unison.ops.where([True, False], [1, 2], [10, 20])   # -> [1, 20]
    """
    if (x1 is None) != (x2 is None):
        raise ValueError("where: pass both `x1` and `x2`, or neither; received only one.")
    if any_symbolic(condition, x1, x2):
        if x1 is None and type(condition) is SymbolicTensor:
            # the number of true elements depends on the values
            outputs = tuple(SymbolicTensor((None,), "int32") for _ in condition.shape)
            return symbolic_result(where, (condition,), {}, outputs)
        return symbolic_call(where, condition, x1, x2)
    return current().backend.where(condition, x1, x2)


def select(condlist: Any, choicelist: Any, default: Any = 0):
    """Element-wise: the entry of ``choicelist`` whose condition in ``condlist`` first holds.

    Example:
        >>> x = unison.ops.arange(4)
        >>> unison.ops.select([x < 1, x > 2], [x, x * 10], default=-1)   # -> [0, -1, -1, 30]
    """
    if not isinstance(condlist, (list, tuple)) or not isinstance(choicelist, (list, tuple)):
        raise TypeError(
            "select: `condlist` and `choicelist` must be lists of tensors; received "
            f"{type(condlist).__name__} and {type(choicelist).__name__}."
        )
    if len(condlist) != len(choicelist):
        raise ValueError(
            f"select: `condlist` ({len(condlist)} items) and `choicelist` ({len(choicelist)} "
            "items) must have the same length."
        )
    if not condlist:
        raise ValueError("select: `condlist` must not be empty.")
    if any_symbolic(condlist, choicelist, default):
        return symbolic_call(select, condlist, choicelist, default)
    return current().backend.select(condlist, choicelist, default)
