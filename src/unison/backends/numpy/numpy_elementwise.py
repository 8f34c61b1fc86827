"""Element-wise NumPy-API ops: arithmetic, comparisons, and unary math."""

from __future__ import annotations

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    BOOL,
    FLOAT32,
    INEXACT,
    INT32,
    INTEGERS,
    as_dtype,
    floatx_dtype,
    is_python_scalar,
    ndarray,
    promote,
    to_array,
    unary_float,
)

# numpy's own promotion agrees with unison's for these (NEP 50 keeps Python scalars weak):
# same-dtype native arrays, float arrays with Python floats / ints, int arrays with ints.
_WEAK_AGREES = {"f": (float, int), "i": (int,), "u": (int,), "c": (float, int, complex)}
_NO_TYPES = ()


def _binary(ufunc):
    def operation(x1, x2):
        if type(x1) is ndarray:
            dtype = x1.dtype
            if type(x2) is ndarray:
                if dtype is x2.dtype and dtype.kind in "fiucb":
                    return ufunc(x1, x2)
            elif type(x2) in _WEAK_AGREES.get(dtype.kind, _NO_TYPES):
                return ufunc(x1, x2)
        elif type(x2) is ndarray and type(x1) in _WEAK_AGREES.get(x2.dtype.kind, _NO_TYPES):
            return ufunc(x1, x2)
        x1, x2 = promote(x1, x2)
        if x1.dtype == BFLOAT16:
            return ufunc(x1, x2).astype(BFLOAT16, copy=False)
        return ufunc(x1, x2)

    operation.__name__ = ufunc.__name__
    return operation


def _binary_float(ufunc):
    def operation(x1, x2):
        x1, x2 = promote(x1, x2)
        dtype = x1.dtype
        if dtype not in INEXACT:
            dtype = floatx_dtype()
        if dtype == BFLOAT16:
            return ufunc(x1.astype(FLOAT32), x2.astype(FLOAT32)).astype(BFLOAT16)
        return ufunc(as_dtype(x1, dtype), as_dtype(x2, dtype))

    operation.__name__ = ufunc.__name__
    return operation


def _compare(ufunc):
    def operation(x1, x2):
        if not (type(x1) is ndarray and type(x2) is ndarray and x1.dtype == x2.dtype):
            x1, x2 = promote(x1, x2)
        return np.asarray(ufunc(x1, x2))

    operation.__name__ = ufunc.__name__
    return operation


def _bf16_safe(ufunc):
    """Unary op keeping the input dtype; bfloat16 computes in float32."""

    def operation(x):
        if type(x) is not ndarray:
            x = to_array(x)
        if x.dtype == BFLOAT16:
            return ufunc(x.astype(FLOAT32)).astype(BFLOAT16)
        return ufunc(x)

    operation.__name__ = ufunc.__name__
    return operation


def _predicate(ufunc):
    def operation(x):
        x = to_array(x)
        if x.dtype == BFLOAT16:
            x = x.astype(FLOAT32)
        return np.asarray(ufunc(x))

    operation.__name__ = ufunc.__name__
    return operation


add = _binary(np.add)
subtract = _binary(np.subtract)
multiply = _binary(np.multiply)
maximum = _binary(np.maximum)
minimum = _binary(np.minimum)
fmax = _binary(np.fmax)
fmin = _binary(np.fmin)
mod = _binary(np.mod)
fmod = _binary(np.fmod)
floor_divide = _binary(np.floor_divide)
true_divide = _binary_float(np.true_divide)
divide = true_divide
arctan2 = _binary_float(np.arctan2)
hypot = _binary_float(np.hypot)
logaddexp = _binary_float(np.logaddexp)
logaddexp2 = _binary_float(np.logaddexp2)
nextafter = _binary_float(np.nextafter)
equal = _compare(np.equal)
not_equal = _compare(np.not_equal)
greater = _compare(np.greater)
greater_equal = _compare(np.greater_equal)
less = _compare(np.less)
less_equal = _compare(np.less_equal)


def power(x1, x2):
    x1, x2 = promote(x1, x2)
    if x1.dtype in INTEGERS:
        return np.power(x1, np.abs(x2) if x2.dtype.kind == "i" else x2)
    if x1.dtype == BOOL:
        return np.logical_or(x1, np.logical_not(x2))
    if x1.dtype == BFLOAT16:
        return np.power(x1.astype(FLOAT32), x2.astype(FLOAT32)).astype(BFLOAT16)
    return np.power(x1, x2)


def divide_no_nan(x1, x2):
    x1, x2 = promote(x1, x2)
    dtype = x1.dtype if x1.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype == BFLOAT16 else dtype
    x1, x2 = x1.astype(compute, copy=False), x2.astype(compute, copy=False)
    zero = x2 == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(zero, np.zeros((), compute), x1 / np.where(zero, 1, x2))
    return result.astype(dtype, copy=False)


def heaviside(x1, x2):
    x1, x2 = promote(x1, x2)
    dtype = x1.dtype if x1.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype == BFLOAT16 else dtype
    return np.heaviside(x1.astype(compute), x2.astype(compute)).astype(dtype, copy=False)


def _integer_binary(ufunc, name):
    def operation(x1, x2):
        x1, x2 = promote(x1, x2)
        if x1.dtype not in INTEGERS and x1.dtype != BOOL:
            raise TypeError(
                f"{name}: arguments must be integers or bool; received dtype {x1.dtype.name}."
            )
        return ufunc(x1, x2)

    operation.__name__ = name
    return operation


bitwise_and = _integer_binary(np.bitwise_and, "bitwise_and")
bitwise_or = _integer_binary(np.bitwise_or, "bitwise_or")
bitwise_xor = _integer_binary(np.bitwise_xor, "bitwise_xor")
bitwise_left_shift = _integer_binary(np.left_shift, "bitwise_left_shift")
bitwise_right_shift = _integer_binary(np.right_shift, "bitwise_right_shift")
left_shift = bitwise_left_shift
right_shift = bitwise_right_shift
gcd = _integer_binary(np.gcd, "gcd")
lcm = _integer_binary(np.lcm, "lcm")


def bitwise_invert(x):
    return np.invert(to_array(x))


bitwise_not = bitwise_invert


def ldexp(x1, x2):
    x1 = to_array(x1)
    x2 = to_array(x2)
    if x2.dtype not in INTEGERS:
        raise TypeError(f"ldexp: `x2` must be an integer tensor; received dtype {x2.dtype.name}.")
    dtype = x1.dtype if x1.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype in (BFLOAT16,) else dtype
    return np.ldexp(x1.astype(compute), x2.astype(INT32)).astype(dtype, copy=False)


def logical_and(x1, x2):
    return np.logical_and(to_array(x1), to_array(x2))


def logical_or(x1, x2):
    return np.logical_or(to_array(x1), to_array(x2))


def logical_xor(x1, x2):
    return np.logical_xor(to_array(x1), to_array(x2))


def logical_not(x):
    return np.logical_not(to_array(x))


# -- unary ---------------------------------------------------------------------------------
sqrt = unary_float(np.sqrt)
exp = unary_float(np.exp)
exp2 = unary_float(np.exp2)
expm1 = unary_float(np.expm1)
log = unary_float(np.log)
log2 = unary_float(np.log2)
log10 = unary_float(np.log10)
log1p = unary_float(np.log1p)
sin = unary_float(np.sin)
cos = unary_float(np.cos)
tan = unary_float(np.tan)
arcsin = unary_float(np.arcsin)
arccos = unary_float(np.arccos)
arctan = unary_float(np.arctan)
sinh = unary_float(np.sinh)
cosh = unary_float(np.cosh)
tanh = unary_float(np.tanh)
arcsinh = unary_float(np.arcsinh)
arccosh = unary_float(np.arccosh)
arctanh = unary_float(np.arctanh)
cbrt = unary_float(np.cbrt)
deg2rad = unary_float(np.deg2rad)
rad2deg = unary_float(np.rad2deg)
floor = unary_float(np.floor)
ceil = unary_float(np.ceil)
fabs = unary_float(np.fabs)
reciprocal = unary_float(np.reciprocal)
sinc = unary_float(np.sinc)
i0 = unary_float(np.i0)
isnan = _predicate(np.isnan)
isinf = _predicate(np.isinf)
isfinite = _predicate(np.isfinite)
isneginf = _predicate(np.isneginf)
isposinf = _predicate(np.isposinf)
signbit = _predicate(np.signbit)


def isreal(x):
    x = to_array(x)
    if x.dtype == BFLOAT16:
        return np.ones(x.shape, dtype=bool)
    return np.asarray(np.isreal(x))


def absolute(x):
    if type(x) is not ndarray:
        x = to_array(x)
    if x.dtype == BFLOAT16:
        return np.abs(x.astype(FLOAT32)).astype(BFLOAT16)
    return np.abs(x)


abs = absolute


def negative(x):
    if type(x) is not ndarray:
        x = to_array(x)
    if x.dtype == BOOL:
        raise TypeError("negative: bool tensors cannot be negated; use logical_not.")
    return np.negative(x)


def sign(x):
    x = to_array(x)
    if x.dtype == BOOL:
        raise TypeError("sign: bool tensors are not supported; cast to an integer first.")
    return _bf16_safe(np.sign)(x)


def square(x):
    x = to_array(x)
    if x.dtype == BOOL:
        x = x.astype(INT32)
    return _bf16_safe(np.square)(x)


def trunc(x):
    x = to_array(x)
    if x.dtype not in INEXACT:
        return x
    return _bf16_safe(np.trunc)(x)


def round(x, decimals=0):
    x = to_array(x)
    if x.dtype in INTEGERS:
        if decimals >= 0:
            return x
        factor = 10 ** (-decimals)
        return (np.round(x.astype(np.float64) / factor) * factor).astype(x.dtype)
    if x.dtype == BOOL:
        raise TypeError("round: bool tensors are not supported.")
    if x.dtype == BFLOAT16:
        return np.round(x.astype(FLOAT32), decimals).astype(BFLOAT16)
    return np.round(x, decimals)


def clip(x, x_min, x_max):
    x = to_array(x)
    dtype = INT32 if x.dtype == BOOL else x.dtype
    compute = FLOAT32 if dtype == BFLOAT16 else dtype
    low = np.asarray(x_min if is_python_scalar(x_min) else to_array(x_min))
    high = np.asarray(x_max if is_python_scalar(x_max) else to_array(x_max))
    if compute in INEXACT:
        low, high = low.astype(compute), high.astype(compute)
    return np.clip(x.astype(compute, copy=False), low, high).astype(dtype, copy=False)


def conjugate(x):
    return np.conjugate(to_array(x))


conj = conjugate


def real(x):
    return np.real(to_array(x))


def imag(x):
    return np.imag(to_array(x))


def angle(x):
    x = to_array(x)
    if x.dtype in INEXACT and x.dtype.kind == "c":
        return np.angle(x)
    return unary_float(np.angle)(x)


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = to_array(x)
    if x.dtype not in INEXACT:
        return x
    if x.dtype == BFLOAT16:
        import ml_dtypes

        info = ml_dtypes.finfo(BFLOAT16)
        result = np.nan_to_num(
            x.astype(FLOAT32),
            nan=nan,
            posinf=float(info.max) if posinf is None else posinf,
            neginf=float(info.min) if neginf is None else neginf,
        )
        return result.astype(BFLOAT16)
    return np.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)
