"""Element-wise unary NumPy-style ops."""

import math

import numpy as np
import tensorflow as tf

from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    UNSIGNED,
    EagerTensor,
    convert_to_tensor,
    floatx,
)

__all__ = [
    "abs",
    "absolute",
    "fabs",
    "negative",
    "sign",
    "signbit",
    "square",
    "sqrt",
    "cbrt",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log10",
    "log1p",
    "log2",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
    "deg2rad",
    "rad2deg",
    "reciprocal",
    "floor",
    "ceil",
    "round",
    "trunc",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "isreal",
    "real",
    "imag",
    "conj",
    "conjugate",
    "angle",
    "sinc",
    "i0",
    "nan_to_num",
    "copy",
]


def _float_unary(function, name, upcast_half=False):
    """An op that maps integer/bool input to floatx and keeps float/complex dtypes."""

    def op(x):
        if type(x) is not EagerTensor:
            x = convert_to_tensor(x)
        dtype = x.dtype
        if dtype not in INEXACT:
            return function(tf.cast(x, floatx()))
        if upcast_half and dtype in HALF:
            return tf.cast(function(tf.cast(x, tf.float32)), dtype)
        return function(x)

    op.__name__ = name
    return op


def _cbrt(x):
    return tf.sign(x) * tf.pow(tf.abs(x), tf.constant(1.0 / 3.0, x.dtype))


def _exp2(x):
    return tf.pow(tf.constant(2.0, x.dtype), x)


def _log2(x):
    return tf.math.log(x) / tf.constant(math.log(2.0), x.dtype)


def _log10(x):
    return tf.math.log(x) / tf.constant(math.log(10.0), x.dtype)


def _deg2rad(x):
    return x * tf.constant(math.pi / 180.0, x.dtype)


def _rad2deg(x):
    return x * tf.constant(180.0 / math.pi, x.dtype)


def _sinc(x):
    scaled = x * tf.constant(math.pi, x.dtype)
    safe = tf.where(tf.equal(x, 0), tf.ones_like(x), scaled)
    return tf.where(tf.equal(x, 0), tf.ones_like(x), tf.sin(safe) / safe)


sqrt = _float_unary(tf.sqrt, "sqrt")
cbrt = _float_unary(_cbrt, "cbrt")
exp = _float_unary(tf.exp, "exp")
exp2 = _float_unary(_exp2, "exp2")
expm1 = _float_unary(tf.math.expm1, "expm1")
log = _float_unary(tf.math.log, "log")
log10 = _float_unary(_log10, "log10")
log1p = _float_unary(tf.math.log1p, "log1p")
log2 = _float_unary(_log2, "log2")
sin = _float_unary(tf.sin, "sin")
cos = _float_unary(tf.cos, "cos")
tan = _float_unary(tf.tan, "tan")
arcsin = _float_unary(tf.asin, "arcsin")
arccos = _float_unary(tf.acos, "arccos")
arctan = _float_unary(tf.atan, "arctan")
sinh = _float_unary(tf.sinh, "sinh")
cosh = _float_unary(tf.cosh, "cosh")
tanh = _float_unary(tf.tanh, "tanh")
arcsinh = _float_unary(tf.asinh, "arcsinh")
arccosh = _float_unary(tf.acosh, "arccosh")
arctanh = _float_unary(tf.atanh, "arctanh")
deg2rad = _float_unary(_deg2rad, "deg2rad")
rad2deg = _float_unary(_rad2deg, "rad2deg")
reciprocal = _float_unary(tf.math.reciprocal, "reciprocal")
sinc = _float_unary(_sinc, "sinc")
i0 = _float_unary(tf.math.bessel_i0, "i0", upcast_half=True)


def floor(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return tf.floor(x)


def ceil(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return tf.math.ceil(x)


def abs(x):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype in UNSIGNED or dtype == tf.bool:
        return x
    return tf.abs(x)


absolute = abs


def fabs(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return tf.abs(x)


def negative(x):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == tf.bool:
        raise TypeError("negative: boolean negation is not supported; use logical_not.")
    if dtype in UNSIGNED:
        return tf.zeros_like(x) - x
    return tf.negative(x)


def sign(x):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == tf.bool:
        raise TypeError("sign: boolean input is not supported.")
    if dtype in UNSIGNED:
        return tf.cast(x > 0, dtype)
    return tf.sign(x)


def signbit(x):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == tf.bool or dtype in UNSIGNED:
        return tf.zeros_like(x, dtype=tf.bool)
    if dtype.is_integer:
        return x < 0
    # -0.0 and negative NaNs have the sign bit set: read it from the bit pattern.
    if dtype in HALF or dtype == tf.float16:
        x = tf.cast(x, tf.float32)
    bits = tf.bitcast(x, tf.int32 if x.dtype == tf.float32 else tf.int64)
    return bits < 0


def square(x):
    x = convert_to_tensor(x)
    if x.dtype == tf.bool:
        return tf.cast(x, tf.int32)
    if x.dtype in UNSIGNED:
        return x * x
    return tf.square(x)


def round(x, decimals=0):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == tf.bool:
        raise TypeError("round: boolean input is not supported.")
    if dtype.is_integer:
        if decimals >= 0:
            return x
        factor = 10 ** (-decimals)
        wide = tf.cast(x, tf.float64)
        return tf.cast(tf.round(wide / factor) * factor, dtype)
    if decimals == 0:
        return tf.round(x)
    compute = tf.float32 if dtype in HALF else dtype
    factor = tf.constant(10.0**decimals, compute)
    return tf.cast(tf.round(tf.cast(x, compute) * factor) / factor, dtype)


def trunc(x):
    x = convert_to_tensor(x)
    if x.dtype.is_integer or x.dtype == tf.bool:
        return x
    return tf.where(x < 0, tf.math.ceil(x), tf.floor(x))


def isfinite(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_finite(tf.math.real(x)) & tf.math.is_finite(tf.math.imag(x))
    if not x.dtype.is_floating:
        return tf.ones_like(x, dtype=tf.bool)
    return tf.math.is_finite(x)


def isinf(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_inf(tf.math.real(x)) | tf.math.is_inf(tf.math.imag(x))
    if not x.dtype.is_floating:
        return tf.zeros_like(x, dtype=tf.bool)
    return tf.math.is_inf(x)


def isnan(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.math.is_nan(tf.math.real(x)) | tf.math.is_nan(tf.math.imag(x))
    if not x.dtype.is_floating:
        return tf.zeros_like(x, dtype=tf.bool)
    return tf.math.is_nan(x)


def isneginf(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return tf.zeros_like(x, dtype=tf.bool)
    return tf.equal(x, tf.constant(-np.inf, x.dtype))


def isposinf(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_floating:
        return tf.zeros_like(x, dtype=tf.bool)
    return tf.equal(x, tf.constant(np.inf, x.dtype))


def isreal(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.equal(tf.math.imag(x), 0)
    return tf.ones_like(x, dtype=tf.bool)


def real(x):
    x = convert_to_tensor(x)
    return tf.math.real(x) if x.dtype.is_complex else x


def imag(x):
    x = convert_to_tensor(x)
    return tf.math.imag(x) if x.dtype.is_complex else tf.zeros_like(x)


def conj(x):
    x = convert_to_tensor(x)
    return tf.math.conj(x) if x.dtype.is_complex else x


conjugate = conj


def angle(x):
    x = convert_to_tensor(x)
    if x.dtype.is_complex:
        return tf.math.angle(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return tf.where(x < 0, tf.constant(math.pi, x.dtype), tf.zeros_like(x))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype.is_complex:
        return tf.complex(
            nan_to_num(tf.math.real(x), nan, posinf, neginf),
            nan_to_num(tf.math.imag(x), nan, posinf, neginf),
        )
    if not dtype.is_floating:
        return x
    high = dtype.max if posinf is None else posinf
    low = dtype.min if neginf is None else neginf
    x = tf.where(tf.math.is_nan(x), tf.cast(nan, dtype), x)
    x = tf.where(tf.equal(x, tf.constant(np.inf, dtype)), tf.cast(high, dtype), x)
    return tf.where(tf.equal(x, tf.constant(-np.inf, dtype)), tf.cast(low, dtype), x)


def copy(x):
    return tf.identity(convert_to_tensor(x))
