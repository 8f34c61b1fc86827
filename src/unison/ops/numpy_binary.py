"""Element-wise arithmetic and bitwise functions of two tensors (``unison.ops.numpy``).

Arguments broadcast against each other; Python scalars are weakly typed, so ``int8 + 1``
stays ``int8``.
"""

from __future__ import annotations

from unison.ops._common import SymbolicTensor, TensorLike, current, symbolic_call

__all__ = [
    "add",
    "arctan2",
    "bitwise_and",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_not",
    "bitwise_or",
    "bitwise_right_shift",
    "bitwise_xor",
    "divide",
    "divide_no_nan",
    "floor_divide",
    "fmax",
    "fmin",
    "fmod",
    "gcd",
    "heaviside",
    "hypot",
    "lcm",
    "ldexp",
    "left_shift",
    "logaddexp",
    "logaddexp2",
    "maximum",
    "minimum",
    "mod",
    "multiply",
    "nextafter",
    "power",
    "right_shift",
    "subtract",
    "true_divide",
]


def add(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 + x2`` with broadcasting.

    Example:
        >>> unison.ops.add([1.0, 2.0], 3.0)   # -> [4., 5.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(add, x1, x2)
    return current().backend.add(x1, x2)


def subtract(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 - x2`` with broadcasting.

    Example:
        >>> unison.ops.subtract([5, 6], 1)   # -> [4, 5]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(subtract, x1, x2)
    return current().backend.subtract(x1, x2)


def multiply(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 * x2`` with broadcasting.

    Example:
        >>> unison.ops.multiply([1.0, 2.0], [3.0, 4.0])   # -> [3., 8.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(multiply, x1, x2)
    return current().backend.multiply(x1, x2)


def divide(x1: TensorLike, x2: TensorLike):
    """Element-wise true division ``x1 / x2`` (integers give floats).

    Example:
        >>> unison.ops.divide([3, 4], 2)   # -> [1.5, 2.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(divide, x1, x2)
    return current().backend.divide(x1, x2)


def true_divide(x1: TensorLike, x2: TensorLike):
    """Element-wise true division; same as :func:`divide`.

    Example:
        >>> unison.ops.true_divide([1.0], [4.0])   # -> [0.25]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(true_divide, x1, x2)
    return current().backend.true_divide(x1, x2)


def divide_no_nan(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 / x2``, with 0 wherever ``x2`` is 0.

    Example:
        >>> unison.ops.divide_no_nan([1.0, 1.0], [2.0, 0.0])   # -> [0.5, 0.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(divide_no_nan, x1, x2)
    return current().backend.divide_no_nan(x1, x2)


def floor_divide(x1: TensorLike, x2: TensorLike):
    """Element-wise division rounded down, ``x1 // x2``.

    Example:
        >>> unison.ops.floor_divide([7, -7], 2)   # -> [3, -4]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(floor_divide, x1, x2)
    return current().backend.floor_divide(x1, x2)


def mod(x1: TensorLike, x2: TensorLike):
    """Element-wise remainder with the sign of the divisor (Python ``%``).

    Example:
        >>> unison.ops.mod([7, -7], 3)   # -> [1, 2]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(mod, x1, x2)
    return current().backend.mod(x1, x2)


def fmod(x1: TensorLike, x2: TensorLike):
    """Element-wise remainder with the sign of the dividend (C ``fmod``).

    Example:
        >>> unison.ops.fmod([7, -7], 3)   # -> [1, -1]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(fmod, x1, x2)
    return current().backend.fmod(x1, x2)


def power(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 ** x2``.

    Example:
        >>> unison.ops.power([2, 3], 2)   # -> [4, 9]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(power, x1, x2)
    return current().backend.power(x1, x2)


def maximum(x1: TensorLike, x2: TensorLike):
    """Element-wise maximum (NaN if either is NaN).

    Example:
        >>> unison.ops.maximum([1, 5], [3, 2])   # -> [3, 5]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(maximum, x1, x2)
    return current().backend.maximum(x1, x2)


def minimum(x1: TensorLike, x2: TensorLike):
    """Element-wise minimum (NaN if either is NaN).

    Example:
        >>> unison.ops.minimum([1, 5], [3, 2])   # -> [1, 2]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(minimum, x1, x2)
    return current().backend.minimum(x1, x2)


def fmax(x1: TensorLike, x2: TensorLike):
    """Element-wise maximum that ignores NaN when the other value is a number.

    Example:
        >>> unison.ops.fmax([float('nan'), 1.0], [2.0, 3.0])   # -> [2., 3.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(fmax, x1, x2)
    return current().backend.fmax(x1, x2)


def fmin(x1: TensorLike, x2: TensorLike):
    """Element-wise minimum that ignores NaN when the other value is a number.

    Example:
        >>> unison.ops.fmin([float('nan'), 1.0], [2.0, 3.0])   # -> [2., 1.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(fmin, x1, x2)
    return current().backend.fmin(x1, x2)


def arctan2(x1: TensorLike, x2: TensorLike):
    """Element-wise angle of the point ``(x2, x1)``, in radians, quadrant-aware.

    Example:
        >>> unison.ops.arctan2([1.0], [-1.0])   # -> [2.3562]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(arctan2, x1, x2)
    return current().backend.arctan2(x1, x2)


def hypot(x1: TensorLike, x2: TensorLike):
    """Element-wise ``sqrt(x1**2 + x2**2)``.

    Example:
        >>> unison.ops.hypot([3.0], [4.0])   # -> [5.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(hypot, x1, x2)
    return current().backend.hypot(x1, x2)


def heaviside(x1: TensorLike, x2: TensorLike):
    """Element-wise step: 0 if ``x1 < 0``, ``x2`` if ``x1 == 0``, 1 if ``x1 > 0``.

    Example:
        >>> unison.ops.heaviside([-1.0, 0.0, 2.0], 0.5)   # -> [0., 0.5, 1.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(heaviside, x1, x2)
    return current().backend.heaviside(x1, x2)


def logaddexp(x1: TensorLike, x2: TensorLike):
    """Element-wise ``log(exp(x1) + exp(x2))`` without overflow.

    Example:
        >>> unison.ops.logaddexp([0.0], [0.0])   # -> [0.6931]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(logaddexp, x1, x2)
    return current().backend.logaddexp(x1, x2)


def logaddexp2(x1: TensorLike, x2: TensorLike):
    """Element-wise ``log2(2**x1 + 2**x2)`` without overflow.

    Example:
        >>> unison.ops.logaddexp2([1.0], [1.0])   # -> [2.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(logaddexp2, x1, x2)
    return current().backend.logaddexp2(x1, x2)


def ldexp(x1: TensorLike, x2: TensorLike):
    """Element-wise ``x1 * 2**x2`` (``x2`` integer).

    Example:
        >>> unison.ops.ldexp([1.5], [3])   # -> [12.]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(ldexp, x1, x2)
    return current().backend.ldexp(x1, x2)


def nextafter(x1: TensorLike, x2: TensorLike):
    """Element-wise next representable float after ``x1`` in the direction of ``x2``.

    Example:
        >>> unison.ops.nextafter([1.0], [2.0])   # -> [1.0000001]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(nextafter, x1, x2)
    return current().backend.nextafter(x1, x2)


def gcd(x1: TensorLike, x2: TensorLike):
    """Element-wise greatest common divisor of integers.

    Example:
        >>> unison.ops.gcd([12, 9], [8, 6])   # -> [4, 3]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(gcd, x1, x2)
    return current().backend.gcd(x1, x2)


def lcm(x1: TensorLike, x2: TensorLike):
    """Element-wise least common multiple of integers.

    Example:
        >>> unison.ops.lcm([4, 3], [6, 5])   # -> [12, 15]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(lcm, x1, x2)
    return current().backend.lcm(x1, x2)


def bitwise_and(x: TensorLike, y: TensorLike):
    """Element-wise bitwise AND of integers or booleans.

    Example:
        >>> unison.ops.bitwise_and([12], [10])   # -> [8]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(bitwise_and, x, y)
    return current().backend.bitwise_and(x, y)


def bitwise_or(x: TensorLike, y: TensorLike):
    """Element-wise bitwise OR of integers or booleans.

    Example:
        >>> unison.ops.bitwise_or([12], [10])   # -> [14]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(bitwise_or, x, y)
    return current().backend.bitwise_or(x, y)


def bitwise_xor(x: TensorLike, y: TensorLike):
    """Element-wise bitwise XOR of integers or booleans.

    Example:
        >>> unison.ops.bitwise_xor([12], [10])   # -> [6]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(bitwise_xor, x, y)
    return current().backend.bitwise_xor(x, y)


def bitwise_left_shift(x: TensorLike, y: TensorLike):
    """Element-wise ``x << y`` for integers.

    Example:
        >>> unison.ops.bitwise_left_shift([1, 3], 2)   # -> [4, 12]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(bitwise_left_shift, x, y)
    return current().backend.bitwise_left_shift(x, y)


def left_shift(x: TensorLike, y: TensorLike):
    """Element-wise ``x << y``; same as :func:`bitwise_left_shift`.

    Example:
        >>> unison.ops.left_shift([1], 3)   # -> [8]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(left_shift, x, y)
    return current().backend.left_shift(x, y)


def bitwise_right_shift(x: TensorLike, y: TensorLike):
    """Element-wise ``x >> y`` for integers.

    Example:
        >>> unison.ops.bitwise_right_shift([16, 5], 2)   # -> [4, 1]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(bitwise_right_shift, x, y)
    return current().backend.bitwise_right_shift(x, y)


def right_shift(x: TensorLike, y: TensorLike):
    """Element-wise ``x >> y``; same as :func:`bitwise_right_shift`.

    Example:
        >>> unison.ops.right_shift([16], 3)   # -> [2]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(right_shift, x, y)
    return current().backend.right_shift(x, y)


def bitwise_invert(x: TensorLike):
    """Element-wise bitwise NOT (``~x``) of integers or booleans.

    Example:
        >>> unison.ops.bitwise_invert([0, 1])   # -> [-1, -2]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(bitwise_invert, x)
    return current().backend.bitwise_invert(x)


def bitwise_not(x: TensorLike):
    """Element-wise bitwise NOT; same as :func:`bitwise_invert`.

    Example:
        >>> unison.ops.bitwise_not([True, False])   # -> [False, True]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(bitwise_not, x)
    return current().backend.bitwise_not(x)
