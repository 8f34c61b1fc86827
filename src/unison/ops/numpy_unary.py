"""Element-wise math functions of one tensor (``unison.ops.numpy``)."""

from __future__ import annotations

from unison.ops._common import SymbolicTensor, TensorLike, current, symbolic_call

__all__ = [
    "abs",
    "absolute",
    "angle",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "cbrt",
    "ceil",
    "conj",
    "conjugate",
    "copy",
    "cos",
    "cosh",
    "deg2rad",
    "exp",
    "exp2",
    "expm1",
    "fabs",
    "floor",
    "i0",
    "imag",
    "log",
    "log10",
    "log1p",
    "log2",
    "negative",
    "rad2deg",
    "real",
    "reciprocal",
    "sign",
    "signbit",
    "sin",
    "sinc",
    "sinh",
    "sqrt",
    "square",
    "tan",
    "tanh",
    "trunc",
]


def abs(x: TensorLike):
    """Element-wise absolute value (magnitude for complex input).

    Example:
        >>> unison.ops.abs([-1.5, 2.0])   # -> [1.5, 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(abs, x)
    return current().backend.abs(x)


def absolute(x: TensorLike):
    """Element-wise absolute value; same as :func:`abs`.

    Example:
        >>> unison.ops.absolute([-3, 4])   # -> [3, 4]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(absolute, x)
    return current().backend.absolute(x)


def fabs(x: TensorLike):
    """Element-wise absolute value, always as a float.

    Example:
        >>> unison.ops.fabs([-3, 4])   # -> [3., 4.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(fabs, x)
    return current().backend.fabs(x)


def negative(x: TensorLike):
    """Element-wise negation, ``-x``.

    Example:
        >>> unison.ops.negative([1.0, -2.0])   # -> [-1., 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(negative, x)
    return current().backend.negative(x)


def reciprocal(x: TensorLike):
    """Element-wise ``1 / x``.

    Example:
        >>> unison.ops.reciprocal([2.0, 4.0])   # -> [0.5, 0.25]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(reciprocal, x)
    return current().backend.reciprocal(x)


def square(x: TensorLike):
    """Element-wise ``x * x``.

    Example:
        >>> unison.ops.square([2, -3])   # -> [4, 9]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(square, x)
    return current().backend.square(x)


def sqrt(x: TensorLike):
    """Element-wise non-negative square root.

    Example:
        >>> unison.ops.sqrt([4.0, 9.0])   # -> [2., 3.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sqrt, x)
    return current().backend.sqrt(x)


def cbrt(x: TensorLike):
    """Element-wise cube root.

    Example:
        >>> unison.ops.cbrt([8.0, -27.0])   # -> [2., -3.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(cbrt, x)
    return current().backend.cbrt(x)


def sign(x: TensorLike):
    """Element-wise sign: -1, 0 or 1.

    Example:
        >>> unison.ops.sign([-2.0, 0.0, 3.0])   # -> [-1., 0., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sign, x)
    return current().backend.sign(x)


def signbit(x: TensorLike):
    """Element-wise test of the sign bit (true for negatives, including -0.0).

    Example:
        >>> unison.ops.signbit([-0.0, 1.0])   # -> [True, False]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(signbit, x)
    return current().backend.signbit(x)


def exp(x: TensorLike):
    """Element-wise ``e ** x``.

    Example:
        >>> unison.ops.exp([0.0, 1.0])   # -> [1., 2.7183]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(exp, x)
    return current().backend.exp(x)


def exp2(x: TensorLike):
    """Element-wise ``2 ** x``.

    Example:
        >>> unison.ops.exp2([3.0])   # -> [8.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(exp2, x)
    return current().backend.exp2(x)


def expm1(x: TensorLike):
    """Element-wise ``exp(x) - 1``, accurate near zero.

    Example:
        >>> unison.ops.expm1([1e-10])   # -> [1e-10]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(expm1, x)
    return current().backend.expm1(x)


def log(x: TensorLike):
    """Element-wise natural logarithm.

    Example:
        >>> unison.ops.log([1.0, 2.7183])   # -> [0., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(log, x)
    return current().backend.log(x)


def log10(x: TensorLike):
    """Element-wise base-10 logarithm.

    Example:
        >>> unison.ops.log10([100.0])   # -> [2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(log10, x)
    return current().backend.log10(x)


def log2(x: TensorLike):
    """Element-wise base-2 logarithm.

    Example:
        >>> unison.ops.log2([8.0])   # -> [3.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(log2, x)
    return current().backend.log2(x)


def log1p(x: TensorLike):
    """Element-wise ``log(1 + x)``, accurate near zero.

    Example:
        >>> unison.ops.log1p([0.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(log1p, x)
    return current().backend.log1p(x)


def sin(x: TensorLike):
    """Element-wise sine of angles in radians.

    Example:
        >>> unison.ops.sin([0.0, 1.5708])   # -> [0., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sin, x)
    return current().backend.sin(x)


def cos(x: TensorLike):
    """Element-wise cosine of angles in radians.

    Example:
        >>> unison.ops.cos([0.0, 3.1416])   # -> [1., -1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(cos, x)
    return current().backend.cos(x)


def tan(x: TensorLike):
    """Element-wise tangent of angles in radians.

    Example:
        >>> unison.ops.tan([0.7854])   # -> [1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(tan, x)
    return current().backend.tan(x)


def arcsin(x: TensorLike):
    """Element-wise inverse sine, in radians.

    Example:
        >>> unison.ops.arcsin([1.0])   # -> [1.5708]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arcsin, x)
    return current().backend.arcsin(x)


def arccos(x: TensorLike):
    """Element-wise inverse cosine, in radians.

    Example:
        >>> unison.ops.arccos([1.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arccos, x)
    return current().backend.arccos(x)


def arctan(x: TensorLike):
    """Element-wise inverse tangent, in radians.

    Example:
        >>> unison.ops.arctan([1.0])   # -> [0.7854]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arctan, x)
    return current().backend.arctan(x)


def sinh(x: TensorLike):
    """Element-wise hyperbolic sine.

    Example:
        >>> unison.ops.sinh([0.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sinh, x)
    return current().backend.sinh(x)


def cosh(x: TensorLike):
    """Element-wise hyperbolic cosine.

    Example:
        >>> unison.ops.cosh([0.0])   # -> [1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(cosh, x)
    return current().backend.cosh(x)


def tanh(x: TensorLike):
    """Element-wise hyperbolic tangent.

    Example:
        >>> unison.ops.tanh([0.0, 100.0])   # -> [0., 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(tanh, x)
    return current().backend.tanh(x)


def arcsinh(x: TensorLike):
    """Element-wise inverse hyperbolic sine.

    Example:
        >>> unison.ops.arcsinh([0.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arcsinh, x)
    return current().backend.arcsinh(x)


def arccosh(x: TensorLike):
    """Element-wise inverse hyperbolic cosine (input >= 1).

    Example:
        >>> unison.ops.arccosh([1.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arccosh, x)
    return current().backend.arccosh(x)


def arctanh(x: TensorLike):
    """Element-wise inverse hyperbolic tangent (input in (-1, 1)).

    Example:
        >>> unison.ops.arctanh([0.0])   # -> [0.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(arctanh, x)
    return current().backend.arctanh(x)


def sinc(x: TensorLike):
    """Element-wise normalised sinc, ``sin(pi x) / (pi x)`` (1 at 0).

    Example:
        >>> unison.ops.sinc([0.0, 0.5])   # -> [1., 0.6366]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sinc, x)
    return current().backend.sinc(x)


def deg2rad(x: TensorLike):
    """Convert angles from degrees to radians.

    Example:
        >>> unison.ops.deg2rad([180.0])   # -> [3.1416]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(deg2rad, x)
    return current().backend.deg2rad(x)


def rad2deg(x: TensorLike):
    """Convert angles from radians to degrees.

    Example:
        >>> unison.ops.rad2deg([3.1416])   # -> [180.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(rad2deg, x)
    return current().backend.rad2deg(x)


def floor(x: TensorLike):
    """Element-wise largest integer value <= x.

    Example:
        >>> unison.ops.floor([1.7, -1.2])   # -> [1., -2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(floor, x)
    return current().backend.floor(x)


def ceil(x: TensorLike):
    """Element-wise smallest integer value >= x.

    Example:
        >>> unison.ops.ceil([1.2, -1.7])   # -> [2., -1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(ceil, x)
    return current().backend.ceil(x)


def trunc(x: TensorLike):
    """Element-wise rounding toward zero.

    Example:
        >>> unison.ops.trunc([1.7, -1.7])   # -> [1., -1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(trunc, x)
    return current().backend.trunc(x)


def i0(x: TensorLike):
    """Element-wise modified Bessel function of the first kind, order 0.

    Example:
        >>> unison.ops.i0([0.0])   # -> [1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(i0, x)
    return current().backend.i0(x)


def angle(x: TensorLike):
    """Element-wise argument (phase angle) of complex numbers, in radians.

    Example:
        >>> unison.ops.angle([1j])   # -> [1.5708]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(angle, x)
    return current().backend.angle(x)


def real(x: TensorLike):
    """Element-wise real part of complex numbers.

    Example:
        >>> unison.ops.real([1 + 2j])   # -> [1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(real, x)
    return current().backend.real(x)


def imag(x: TensorLike):
    """Element-wise imaginary part of complex numbers.

    Example:
        >>> unison.ops.imag([1 + 2j])   # -> [2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(imag, x)
    return current().backend.imag(x)


def conj(x: TensorLike):
    """Element-wise complex conjugate.

    Example:
        >>> unison.ops.conj([1 + 2j])   # -> [1-2j]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(conj, x)
    return current().backend.conj(x)


def conjugate(x: TensorLike):
    """Element-wise complex conjugate; same as :func:`conj`.

    Example:
        >>> unison.ops.conjugate([1 + 2j])   # -> [1-2j]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(conjugate, x)
    return current().backend.conjugate(x)


def copy(x: TensorLike):
    """A copy of ``x``.

    Example:
        >>> unison.ops.copy([1, 2])   # -> [1, 2]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(copy, x)
    return current().backend.copy(x)
