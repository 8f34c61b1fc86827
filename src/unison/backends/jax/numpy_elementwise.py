"""Element-wise numpy ops: unary math, binary arithmetic, comparisons, logic, bitwise."""

from __future__ import annotations

import jax.numpy as jnp

from unison.backends.jax._base import (
    ArrayImpl,
    floatx_dtype,
    promote,
    promote_keep_scalars,
    result_dtype,
    to_float,
    to_tensor,
)

_BOOL_INT = "bi"  # numpy kinds of bool and signed ints
_INTEGRAL = "biu"


def _float_unary(function, name: str):
    def op(x):
        if type(x) is ArrayImpl and x.dtype.kind not in _INTEGRAL:
            return function(x)
        return function(to_float(x))

    op.__name__ = op.__qualname__ = name
    return op


def _same_unary(function, name: str):
    def op(x):
        return function(to_tensor(x))

    op.__name__ = op.__qualname__ = name
    return op


def _rounding(function, name: str):
    """floor / ceil: integer input gives floatx, as in Keras."""

    def op(x):
        x = to_tensor(x)
        if x.dtype.kind in _INTEGRAL:
            return x.astype(floatx_dtype())
        return function(x)

    op.__name__ = op.__qualname__ = name
    return op


def _float_binary(function, name: str):
    def op(x1, x2):
        x1, x2 = promote(x1, x2)
        if x1.dtype.kind in _INTEGRAL:
            target = floatx_dtype()
            x1, x2 = x1.astype(target), x2.astype(target)
        return function(x1, x2)

    op.__name__ = op.__qualname__ = name
    return op


def _binary(function, name: str):
    def op(x1, x2):
        if type(x1) is ArrayImpl:
            kind = type(x2)
            if kind is ArrayImpl:
                return function(x1, x2)
            # weak Python scalars that keep x1's dtype: jax promotes them the same way
            if kind is float and x1.dtype.kind == "f":
                return function(x1, x2)
            if kind is int and x1.dtype.kind in "iuf":
                return function(x1, x2)
        x1, x2 = promote_keep_scalars(x1, x2)
        return function(x1, x2)

    op.__name__ = op.__qualname__ = name
    return op


def _bool_binary(function, name: str):
    def op(x1, x2):
        x1, x2 = promote(x1, x2)
        return function(x1, x2)

    op.__name__ = op.__qualname__ = name
    return op


def _no_bool_binary(function, name: str):
    """Arithmetic where bool inputs compute as int32 (mod, floor_divide...)."""

    def op(x1, x2):
        x1, x2 = promote(x1, x2)
        if x1.dtype.kind == "b":
            x1, x2 = x1.astype("int32"), x2.astype("int32")
        return function(x1, x2)

    op.__name__ = op.__qualname__ = name
    return op


# -- unary -------------------------------------------------------------------------------
arccos = _float_unary(jnp.arccos, "arccos")
arccosh = _float_unary(jnp.arccosh, "arccosh")
arcsin = _float_unary(jnp.arcsin, "arcsin")
arcsinh = _float_unary(jnp.arcsinh, "arcsinh")
arctan = _float_unary(jnp.arctan, "arctan")
arctanh = _float_unary(jnp.arctanh, "arctanh")
cos = _float_unary(jnp.cos, "cos")
cosh = _float_unary(jnp.cosh, "cosh")
sin = _float_unary(jnp.sin, "sin")
sinh = _float_unary(jnp.sinh, "sinh")
tan = _float_unary(jnp.tan, "tan")
tanh = _float_unary(jnp.tanh, "tanh")
exp = _float_unary(jnp.exp, "exp")
exp2 = _float_unary(jnp.exp2, "exp2")
expm1 = _float_unary(jnp.expm1, "expm1")
log = _float_unary(jnp.log, "log")
log10 = _float_unary(jnp.log10, "log10")
log1p = _float_unary(jnp.log1p, "log1p")
log2 = _float_unary(jnp.log2, "log2")
sqrt = _float_unary(jnp.sqrt, "sqrt")
cbrt = _float_unary(jnp.cbrt, "cbrt")
deg2rad = _float_unary(jnp.deg2rad, "deg2rad")
rad2deg = _float_unary(jnp.rad2deg, "rad2deg")
sinc = _float_unary(jnp.sinc, "sinc")
reciprocal = _float_unary(jnp.reciprocal, "reciprocal")
floor = _rounding(jnp.floor, "floor")
ceil = _rounding(jnp.ceil, "ceil")
trunc = _same_unary(jnp.trunc, "trunc")
negative = _same_unary(jnp.negative, "negative")
sign = _same_unary(jnp.sign, "sign")
conjugate = _same_unary(jnp.conjugate, "conjugate")
conj = _same_unary(jnp.conjugate, "conj")
isfinite = _same_unary(jnp.isfinite, "isfinite")
isinf = _same_unary(jnp.isinf, "isinf")
isnan = _same_unary(jnp.isnan, "isnan")
isneginf = _same_unary(jnp.isneginf, "isneginf")
isposinf = _same_unary(jnp.isposinf, "isposinf")
isreal = _same_unary(jnp.isreal, "isreal")
logical_not = _same_unary(jnp.logical_not, "logical_not")
signbit = _same_unary(jnp.signbit, "signbit")


def i0(x):
    x = to_float(x)
    return jnp.i0(x.astype("float32")).astype(x.dtype) if x.dtype.itemsize < 4 else jnp.i0(x)


def absolute(x):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        return x
    return jnp.abs(x)


abs = absolute


def fabs(x):
    return jnp.abs(to_float(x))


def square(x):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    return jnp.square(x)


def round(x, decimals=0):
    x = to_tensor(x)
    if x.dtype.kind in _INTEGRAL and decimals >= 0:
        return x
    if x.dtype.kind in _INTEGRAL:
        factor = 10 ** (-decimals)
        return (jnp.round(x.astype("float32") / factor) * factor).astype(x.dtype)
    return jnp.round(x, decimals)


def real(x):
    return jnp.real(to_tensor(x))


def imag(x):
    return jnp.imag(to_tensor(x))


def angle(x):
    x = to_tensor(x)
    if x.dtype.kind in _INTEGRAL:
        x = x.astype(floatx_dtype())
    return jnp.angle(x)


def bitwise_invert(x):
    return jnp.invert(to_tensor(x))


bitwise_not = bitwise_invert


# -- binary ------------------------------------------------------------------------------
add = _binary(jnp.add, "add")
subtract = _binary(jnp.subtract, "subtract")
multiply = _binary(jnp.multiply, "multiply")
maximum = _binary(jnp.maximum, "maximum")
minimum = _binary(jnp.minimum, "minimum")
power = _binary(jnp.power, "power")
fmax = _binary(jnp.fmax, "fmax")
fmin = _binary(jnp.fmin, "fmin")
mod = _no_bool_binary(jnp.mod, "mod")
fmod = _no_bool_binary(jnp.fmod, "fmod")
floor_divide = _no_bool_binary(jnp.floor_divide, "floor_divide")
gcd = _no_bool_binary(jnp.gcd, "gcd")
lcm = _no_bool_binary(jnp.lcm, "lcm")
true_divide = _float_binary(jnp.true_divide, "true_divide")
divide = _float_binary(jnp.true_divide, "divide")
arctan2 = _float_binary(jnp.arctan2, "arctan2")
hypot = _float_binary(jnp.hypot, "hypot")
logaddexp = _float_binary(jnp.logaddexp, "logaddexp")
logaddexp2 = _float_binary(jnp.logaddexp2, "logaddexp2")
nextafter = _float_binary(jnp.nextafter, "nextafter")
heaviside = _float_binary(jnp.heaviside, "heaviside")
equal = _bool_binary(jnp.equal, "equal")
not_equal = _bool_binary(jnp.not_equal, "not_equal")
greater = _bool_binary(jnp.greater, "greater")
greater_equal = _bool_binary(jnp.greater_equal, "greater_equal")
less = _bool_binary(jnp.less, "less")
less_equal = _bool_binary(jnp.less_equal, "less_equal")


def bitwise_and(x, y):
    return jnp.bitwise_and(*promote(x, y))


def bitwise_or(x, y):
    return jnp.bitwise_or(*promote(x, y))


def bitwise_xor(x, y):
    return jnp.bitwise_xor(*promote(x, y))


def _logical(function, name):
    def op(x1, x2):
        return function(to_tensor(x1), to_tensor(x2))

    op.__name__ = op.__qualname__ = name
    return op


logical_and = _logical(jnp.logical_and, "logical_and")
logical_or = _logical(jnp.logical_or, "logical_or")
logical_xor = _logical(jnp.logical_xor, "logical_xor")


def _shift(function, name):
    def op(x, y):
        x = to_tensor(x)
        y = to_tensor(y) if not isinstance(y, int) else y
        if not isinstance(y, int):
            x, y = promote(x, y)
        return function(x, y)

    op.__name__ = op.__qualname__ = name
    return op


bitwise_left_shift = _shift(jnp.left_shift, "bitwise_left_shift")
bitwise_right_shift = _shift(jnp.right_shift, "bitwise_right_shift")
left_shift = _shift(jnp.left_shift, "left_shift")
right_shift = _shift(jnp.right_shift, "right_shift")


def divide_no_nan(x1, x2):
    x1, x2 = promote(x1, x2)
    if x1.dtype.kind in _INTEGRAL:
        target = floatx_dtype()
        x1, x2 = x1.astype(target), x2.astype(target)
    safe = jnp.where(x2 == 0, jnp.ones((), x2.dtype), x2)
    return jnp.where(x2 == 0, jnp.zeros((), x1.dtype), x1 / safe)


def ldexp(x1, x2):
    x1 = to_tensor(x1)
    x2 = to_tensor(x2)
    if x2.dtype.kind not in "iu":
        raise TypeError(f"ldexp: x2 must be an integer tensor; received dtype {x2.dtype.name}.")
    if x1.dtype.kind in _INTEGRAL:
        x1 = x1.astype(floatx_dtype())
    return (x1 * jnp.exp2(x2.astype(x1.dtype))).astype(x1.dtype)


def clip(x, x_min, x_max):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    keys = [x.dtype.name] + [
        type(v) if isinstance(v, (int, float)) else to_tensor(v).dtype.name for v in (x_min, x_max)
    ]
    target = result_dtype(*keys)
    x = x.astype(target)
    return jnp.clip(x, x_min, x_max).astype(target)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = to_tensor(x)
    return jnp.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
