"""Binary NumPy-style ops: arithmetic, comparisons, logic and bit operations."""

import math

import tensorflow as tf

from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    UNSIGNED,
    EagerTensor,
    convert_to_tensor,
    floatx,
    many,
    pair,
)

__all__ = [
    "add",
    "subtract",
    "multiply",
    "divide",
    "true_divide",
    "divide_no_nan",
    "floor_divide",
    "mod",
    "fmod",
    "power",
    "maximum",
    "minimum",
    "fmax",
    "fmin",
    "arctan2",
    "hypot",
    "logaddexp",
    "logaddexp2",
    "heaviside",
    "nextafter",
    "ldexp",
    "gcd",
    "lcm",
    "equal",
    "not_equal",
    "greater",
    "greater_equal",
    "less",
    "less_equal",
    "logical_and",
    "logical_or",
    "logical_xor",
    "logical_not",
    "bitwise_and",
    "bitwise_or",
    "bitwise_xor",
    "bitwise_not",
    "bitwise_invert",
    "bitwise_left_shift",
    "bitwise_right_shift",
    "left_shift",
    "right_shift",
    "isclose",
    "allclose",
    "clip",
]

_AddV2 = tf.raw_ops.AddV2
_Sub = tf.raw_ops.Sub
_Mul = tf.raw_ops.Mul
_RealDiv = tf.raw_ops.RealDiv
_Maximum = tf.raw_ops.Maximum
_Minimum = tf.raw_ops.Minimum
_BOOL = tf.bool


def add(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _BOOL:
            return _AddV2(x=x1, y=x2)
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_or(x1, x2)
    return _AddV2(x=x1, y=x2)


def subtract(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _BOOL:
            return _Sub(x=x1, y=x2)
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        raise TypeError("subtract: boolean subtraction is not supported; use logical_xor instead.")
    return _Sub(x=x1, y=x2)


def multiply(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _BOOL:
            return _Mul(x=x1, y=x2)
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_and(x1, x2)
    return _Mul(x=x1, y=x2)


def _float_pair(x1, x2):
    x1, x2 = pair(x1, x2)
    if x1.dtype not in INEXACT:
        target = floatx()
        x1, x2 = tf.cast(x1, target), tf.cast(x2, target)
    return x1, x2


def divide(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype.is_floating:
            return _RealDiv(x=x1, y=x2)
    x1, x2 = _float_pair(x1, x2)
    return tf.math.truediv(x1, x2)


true_divide = divide


def divide_no_nan(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return tf.math.divide_no_nan(x1, x2)


def _int_pair(x1, x2):
    """Operands promoted; bool becomes int32 (floor_divide, mod, power of bools)."""
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        x1, x2 = tf.cast(x1, tf.int32), tf.cast(x2, tf.int32)
    return x1, x2


def _wide(function, x1, x2):
    """Run ``function`` in int64 for unsigned ints (few TF kernels) and cast back."""
    dtype = x1.dtype
    if dtype in UNSIGNED and dtype != tf.uint8:
        return tf.cast(function(tf.cast(x1, tf.int64), tf.cast(x2, tf.int64)), dtype)
    return function(x1, x2)


def floor_divide(x1, x2):
    x1, x2 = _int_pair(x1, x2)
    return _wide(tf.math.floordiv, x1, x2)


def mod(x1, x2):
    x1, x2 = _int_pair(x1, x2)
    return _wide(tf.math.floormod, x1, x2)


def fmod(x1, x2):
    x1, x2 = _int_pair(x1, x2)
    if x1.dtype in HALF:
        return tf.cast(tf.truncatemod(tf.cast(x1, "float32"), tf.cast(x2, "float32")), x1.dtype)
    return _wide(tf.truncatemod, x1, x2)


def power(x1, x2):
    x1, x2 = _int_pair(x1, x2)
    dtype = x1.dtype
    if dtype in UNSIGNED:
        return tf.cast(tf.pow(tf.cast(x1, tf.int64), tf.cast(x2, tf.int64)), dtype)
    return tf.pow(x1, x2)


def maximum(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _BOOL:
            return _Maximum(x=x1, y=x2)
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_or(x1, x2)
    return _Maximum(x=x1, y=x2)


def minimum(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype is not _BOOL:
            return _Minimum(x=x1, y=x2)
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_and(x1, x2)
    return _Minimum(x=x1, y=x2)


def fmax(x1, x2):
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_or(x1, x2)
    result = tf.maximum(x1, x2)
    if x1.dtype.is_floating:
        result = tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, result))
    return result


def fmin(x1, x2):
    x1, x2 = pair(x1, x2)
    if x1.dtype == _BOOL:
        return tf.logical_and(x1, x2)
    result = tf.minimum(x1, x2)
    if x1.dtype.is_floating:
        result = tf.where(tf.math.is_nan(x1), x2, tf.where(tf.math.is_nan(x2), x1, result))
    return result


def arctan2(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    return tf.math.atan2(x1, x2)


def hypot(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    dtype = x1.dtype
    if dtype in HALF:
        x1, x2 = tf.cast(x1, tf.float32), tf.cast(x2, tf.float32)
    a, b = tf.abs(x1), tf.abs(x2)
    big, small = tf.maximum(a, b), tf.minimum(a, b)
    ratio = tf.math.divide_no_nan(small, big)
    result = big * tf.sqrt(1 + ratio * ratio)
    result = tf.where(tf.math.is_inf(a) | tf.math.is_inf(b), tf.constant(math.inf, a.dtype), result)
    return tf.cast(result, dtype)


def logaddexp(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    biggest = tf.maximum(x1, x2)
    safe = tf.where(tf.math.is_inf(biggest), tf.zeros_like(biggest), biggest)
    return safe + tf.math.log(tf.exp(x1 - safe) + tf.exp(x2 - safe))


def logaddexp2(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    log2 = tf.constant(math.log(2.0), x1.dtype)
    return logaddexp(x1 * log2, x2 * log2) / log2


def heaviside(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    zeros, ones = tf.zeros_like(x1), tf.ones_like(x1)
    return tf.where(x1 < 0, zeros, tf.where(x1 > 0, ones, x2))


def nextafter(x1, x2):
    x1, x2 = _float_pair(x1, x2)
    dtype = x1.dtype
    if dtype in HALF:
        raise NotImplementedError(
            f"nextafter: TensorFlow has no kernel for {dtype.name}; cast to float32 first."
        )
    return tf.math.nextafter(x1, x2)


def ldexp(x1, x2):
    x2 = convert_to_tensor(x2)
    if not x2.dtype.is_integer:
        raise TypeError(f"ldexp: `x2` must be an integer tensor; received dtype {x2.dtype.name}.")
    x1 = convert_to_tensor(x1)
    if x1.dtype not in INEXACT:
        x1 = tf.cast(x1, floatx())
    return x1 * tf.pow(tf.constant(2.0, x1.dtype), tf.cast(x2, x1.dtype))


def gcd(x1, x2):
    x1, x2 = pair(x1, x2)
    if not x1.dtype.is_integer:
        raise TypeError(f"gcd: arguments must be integers; received dtype {x1.dtype.name}.")
    dtype = x1.dtype
    a = tf.abs(tf.cast(x1, tf.int64))
    b = tf.abs(tf.cast(x2, tf.int64))
    a, b = tf.broadcast_to(a, tf.broadcast_dynamic_shape(tf.shape(a), tf.shape(b))), b
    b = tf.broadcast_to(b, tf.shape(a))

    def body(a, b):
        safe = tf.where(b == 0, tf.ones_like(b), b)
        return tf.where(b == 0, a, b), tf.where(b == 0, tf.zeros_like(b), a % safe)

    a, _ = tf.while_loop(lambda a, b: tf.reduce_any(b != 0), body, (a, b))
    return tf.cast(a, dtype)


def lcm(x1, x2):
    x1, x2 = pair(x1, x2)
    divisor = gcd(x1, x2)
    safe = tf.where(divisor == 0, tf.ones_like(divisor), divisor)
    a = tf.abs(tf.cast(x1, tf.int64))
    b = tf.abs(tf.cast(x2, tf.int64))
    result = tf.where(divisor == 0, tf.zeros_like(a), a // tf.cast(safe, tf.int64) * b)
    return tf.cast(result, x1.dtype)


# -- comparisons and logic ----------------------------------------------------------------


def _compare(function, boolean_function=None):
    def compare(x1, x2):
        if type(x1) is EagerTensor and type(x2) is EagerTensor and x1.dtype is x2.dtype:
            if x1.dtype is not _BOOL:
                return function(x1, x2)
        x1, x2 = pair(x1, x2)
        if x1.dtype == _BOOL:
            if boolean_function is not None:
                return boolean_function(x1, x2)
            x1, x2 = tf.cast(x1, tf.int8), tf.cast(x2, tf.int8)
        return function(x1, x2)

    return compare


equal = _compare(tf.equal, tf.equal)
not_equal = _compare(tf.not_equal, tf.not_equal)
greater = _compare(tf.greater)
greater_equal = _compare(tf.greater_equal)
less = _compare(tf.less)
less_equal = _compare(tf.less_equal)
for _function, _name in (
    (equal, "equal"),
    (not_equal, "not_equal"),
    (greater, "greater"),
    (greater_equal, "greater_equal"),
    (less, "less"),
    (less_equal, "less_equal"),
):
    _function.__name__ = _name


def _as_bool(x):
    x = convert_to_tensor(x)
    if x.dtype == _BOOL:
        return x
    return tf.not_equal(x, tf.zeros([], x.dtype))


def logical_and(x1, x2):
    return tf.logical_and(_as_bool(x1), _as_bool(x2))


def logical_or(x1, x2):
    return tf.logical_or(_as_bool(x1), _as_bool(x2))


def logical_xor(x1, x2):
    return tf.math.logical_xor(_as_bool(x1), _as_bool(x2))


def logical_not(x):
    return tf.logical_not(_as_bool(x))


def _bit_pair(x, y, name):
    x, y = pair(x, y)
    if not (x.dtype.is_integer or x.dtype == _BOOL):
        raise TypeError(f"{name}: arguments must be integers or bools; received {x.dtype.name}.")
    return x, y


def bitwise_and(x, y):
    x, y = _bit_pair(x, y, "bitwise_and")
    if x.dtype == _BOOL:
        return tf.logical_and(x, y)
    return tf.bitwise.bitwise_and(x, y)


def bitwise_or(x, y):
    x, y = _bit_pair(x, y, "bitwise_or")
    if x.dtype == _BOOL:
        return tf.logical_or(x, y)
    return tf.bitwise.bitwise_or(x, y)


def bitwise_xor(x, y):
    x, y = _bit_pair(x, y, "bitwise_xor")
    if x.dtype == _BOOL:
        return tf.math.logical_xor(x, y)
    return tf.bitwise.bitwise_xor(x, y)


def bitwise_not(x):
    x = convert_to_tensor(x)
    if x.dtype == _BOOL:
        return tf.logical_not(x)
    if not x.dtype.is_integer:
        raise TypeError(f"bitwise_not: argument must be integer or bool; received {x.dtype.name}.")
    return tf.bitwise.invert(x)


bitwise_invert = bitwise_not


def bitwise_left_shift(x, y):
    x, y = _bit_pair(x, y, "left_shift")
    if x.dtype == _BOOL:
        x, y = tf.cast(x, tf.int32), tf.cast(y, tf.int32)
    return tf.bitwise.left_shift(x, y)


def bitwise_right_shift(x, y):
    x, y = _bit_pair(x, y, "right_shift")
    if x.dtype == _BOOL:
        x, y = tf.cast(x, tf.int32), tf.cast(y, tf.int32)
    return tf.bitwise.right_shift(x, y)


left_shift = bitwise_left_shift
right_shift = bitwise_right_shift


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = pair(x1, x2)
    if not x1.dtype.is_floating and not x1.dtype.is_complex:
        if x1.dtype == _BOOL:
            return tf.equal(x1, x2)
        x1, x2 = tf.cast(x1, tf.float64), tf.cast(x2, tf.float64)
    dtype = tf.float32 if x1.dtype in HALF else x1.dtype
    a, b = tf.cast(x1, dtype), tf.cast(x2, dtype)
    bound = tf.cast(atol, a.dtype.real_dtype) + tf.cast(rtol, a.dtype.real_dtype) * tf.abs(b)
    finite = tf.abs(a - b) <= bound
    if dtype.is_complex:
        return finite
    result = tf.where(tf.math.is_inf(a) | tf.math.is_inf(b), tf.equal(a, b), finite)
    if equal_nan:
        result = result | (tf.math.is_nan(a) & tf.math.is_nan(b))
    return result


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return tf.reduce_all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def clip(x, x_min, x_max):
    x = convert_to_tensor(x)
    if x.dtype == _BOOL:
        x = tf.cast(x, tf.int32)
    values = [x]
    if x_min is not None:
        values.append(x_min)
    if x_max is not None:
        values.append(x_max)
    values = many(values)
    x = values[0]
    if x_min is not None:
        x = tf.maximum(x, values[1])
    if x_max is not None:
        x = tf.minimum(x, values[-1])
    return x
