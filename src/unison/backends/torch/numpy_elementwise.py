"""Element-wise arithmetic, comparison, logical, bitwise and transcendental ops."""

from __future__ import annotations

import math as _math

import torch

from unison import dtypes
from unison.backends.torch._base import (
    DEVICE,
    FLOAT_DTYPES,
    INEXACT_DTYPES,
    INT_DTYPES,
    NATIVE_TYPES,
    TORCH_DTYPES,
    WIDE_UNSIGNED,
    Tensor,
    convert_to_tensor,
    floatx_dtype,
    promote,
    promote_tensors,
    to_float,
    to_torch_dtype,
)

_SCALAR_SAFE = INT_DTYPES - WIDE_UNSIGNED | FLOAT_DTYPES
_BOOL = torch.bool
_ALL = frozenset(TORCH_DTYPES.values())


def _binary(torch_function, name, accepts_scalars=True, result="same"):
    """An op ``f(x1, x2)`` with unison promotion.

    ``result``: "same" (the promoted dtype), "float" (ints and bool become floatx) or
    "compare" (returns bool; computed in the promoted dtype).
    """
    to_floatx = result == "float"
    if to_floatx:
        fast = INEXACT_DTYPES
    elif result == "same_int":
        fast = _ALL - WIDE_UNSIGNED - {_BOOL}
    else:
        fast = _ALL - WIDE_UNSIGNED

    def op(x1, x2):
        if type(x1) in NATIVE_TYPES:
            kind2 = type(x2)
            dtype1 = x1.dtype
            if kind2 in NATIVE_TYPES:
                if dtype1 == x2.dtype and dtype1 in fast:
                    return torch_function(x1, x2)
            elif accepts_scalars and dtype1 in _SCALAR_SAFE:
                if kind2 is float:
                    if dtype1 in FLOAT_DTYPES:
                        return torch_function(x1, x2)
                elif kind2 is int and (not to_floatx or dtype1 in FLOAT_DTYPES):
                    return torch_function(x1, x2)
        return _slow(x1, x2)

    def _slow(x1, x2):
        (a, b), target = promote(x1, x2)
        if to_floatx and target not in INEXACT_DTYPES:
            target = floatx_dtype()
        elif target is _BOOL and result == "same_int":
            target = torch.int32
        compute = torch.int64 if target in WIDE_UNSIGNED else target
        if type(b) is bool and compute is not _BOOL:
            b = int(b)
        if accepts_scalars:
            a = _as_tensor(a, compute)
            b = _as_tensor(b, compute) if isinstance(b, Tensor) else b
        else:
            a = _as_tensor(a, compute)
            b = _as_tensor(b, compute)
        output = torch_function(a, b)
        if result == "compare" or output.dtype == target:
            return output
        return output.to(target)

    op.__name__ = name
    op.__qualname__ = name
    return op


def _as_tensor(value, dtype):
    if isinstance(value, Tensor):
        return value if value.dtype == dtype else value.to(dtype)
    return torch.tensor(value, dtype=dtype, device=DEVICE)


def _unary_float(torch_function, name):
    def op(x):
        if type(x) is not Tensor:
            x = convert_to_tensor(x)
        if x.dtype not in INEXACT_DTYPES:
            x = x.to(floatx_dtype())
        return torch_function(x)

    op.__name__ = name
    op.__qualname__ = name
    return op


def _unary_same(torch_function, name, bool_as=None):
    def op(x):
        if type(x) is not Tensor:
            x = convert_to_tensor(x)
        dtype = x.dtype
        if dtype in WIDE_UNSIGNED:
            return torch_function(x.to(torch.int64)).to(dtype)
        if dtype is _BOOL and bool_as is not None:
            x = x.to(bool_as)
        return torch_function(x)

    op.__name__ = name
    op.__qualname__ = name
    return op


# -- arithmetic ----------------------------------------------------------------------------
add = _binary(torch.add, "add")
subtract = _binary(torch.subtract, "subtract")
multiply = _binary(torch.multiply, "multiply")
divide = _binary(torch.true_divide, "divide", result="float")
true_divide = _binary(torch.true_divide, "true_divide", result="float")
power = _binary(torch.pow, "power", result="same_int")
mod = _binary(torch.remainder, "mod", result="same_int")
fmod = _binary(torch.fmod, "fmod", result="same_int")
maximum = _binary(torch.maximum, "maximum", accepts_scalars=False)
minimum = _binary(torch.minimum, "minimum", accepts_scalars=False)
fmax = _binary(torch.fmax, "fmax", accepts_scalars=False)
fmin = _binary(torch.fmin, "fmin", accepts_scalars=False)
arctan2 = _binary(torch.atan2, "arctan2", accepts_scalars=False, result="float")
hypot = _binary(torch.hypot, "hypot", accepts_scalars=False, result="float")
logaddexp = _binary(torch.logaddexp, "logaddexp", accepts_scalars=False, result="float")
logaddexp2 = _binary(torch.logaddexp2, "logaddexp2", accepts_scalars=False, result="float")
nextafter = _binary(torch.nextafter, "nextafter", accepts_scalars=False, result="float")
heaviside = _binary(torch.heaviside, "heaviside", accepts_scalars=False, result="float")
gcd = _binary(torch.gcd, "gcd", accepts_scalars=False)
lcm = _binary(torch.lcm, "lcm", accepts_scalars=False)


def _floor_divide(a, b):
    if a.dtype in INEXACT_DTYPES:
        return torch.floor(torch.true_divide(a, b))
    return torch.floor_divide(a, b)


floor_divide = _binary(_floor_divide, "floor_divide", accepts_scalars=False, result="same_int")


def divide_no_nan(x1, x2):
    (a, b), target = promote_tensors(x1, x2)
    if target not in INEXACT_DTYPES:
        a, b = a.to(floatx_dtype()), b.to(floatx_dtype())
    zero = b == 0
    return torch.where(zero, 0.0, a / torch.where(zero, 1.0, b))


def ldexp(x1, x2):
    x2 = convert_to_tensor(x2)
    if x2.dtype in INEXACT_DTYPES:
        raise TypeError(f"ldexp: `x2` must be an integer tensor; received dtype {x2.dtype}.")
    x1 = convert_to_tensor(x1)
    target = to_torch_dtype(dtypes.float_result_type(dtypes.result_type(x1.dtype)))
    return x1.to(target) * torch.pow(2.0, x2.to(target))


# -- comparisons ---------------------------------------------------------------------------
equal = _binary(torch.eq, "equal", result="compare")
not_equal = _binary(torch.ne, "not_equal", result="compare")
greater = _binary(torch.gt, "greater", result="compare")
greater_equal = _binary(torch.ge, "greater_equal", result="compare")
less = _binary(torch.lt, "less", result="compare")
less_equal = _binary(torch.le, "less_equal", result="compare")


def _logical(torch_function, name):
    def op(x1, x2):
        if type(x1) is not Tensor or x1.dtype is not _BOOL:
            x1 = convert_to_tensor(x1).to(_BOOL)
        if type(x2) is not Tensor or x2.dtype is not _BOOL:
            x2 = convert_to_tensor(x2).to(_BOOL)
        return torch_function(x1, x2)

    op.__name__ = name
    return op


logical_and = _logical(torch.logical_and, "logical_and")
logical_or = _logical(torch.logical_or, "logical_or")
logical_xor = _logical(torch.logical_xor, "logical_xor")


def logical_not(x):
    return torch.logical_not(convert_to_tensor(x).to(_BOOL))


# -- bitwise -------------------------------------------------------------------------------
bitwise_and = _binary(torch.bitwise_and, "bitwise_and")
bitwise_or = _binary(torch.bitwise_or, "bitwise_or")
bitwise_xor = _binary(torch.bitwise_xor, "bitwise_xor")
bitwise_left_shift = _binary(torch.bitwise_left_shift, "bitwise_left_shift")
bitwise_right_shift = _binary(torch.bitwise_right_shift, "bitwise_right_shift")
left_shift = _binary(torch.bitwise_left_shift, "left_shift")
right_shift = _binary(torch.bitwise_right_shift, "right_shift")


def bitwise_invert(x):
    x = convert_to_tensor(x)
    if x.dtype in WIDE_UNSIGNED:
        bits = {torch.uint16: 0xFFFF, torch.uint32: 0xFFFFFFFF}.get(x.dtype)
        if bits is None:
            raise NotImplementedError("bitwise_invert on uint64 is not supported by torch.")
        return (bits - x.to(torch.int64)).to(x.dtype)
    return torch.bitwise_not(x)


bitwise_not = bitwise_invert


# -- unary, float results ------------------------------------------------------------------
def _cbrt(x):
    return torch.sign(x) * torch.pow(torch.abs(x), 1.0 / 3.0)


def _sinc(x):
    return torch.sinc(x)


arccos = _unary_float(torch.acos, "arccos")
arccosh = _unary_float(torch.acosh, "arccosh")
arcsin = _unary_float(torch.asin, "arcsin")
arcsinh = _unary_float(torch.asinh, "arcsinh")
arctan = _unary_float(torch.atan, "arctan")
arctanh = _unary_float(torch.atanh, "arctanh")
cos = _unary_float(torch.cos, "cos")
cosh = _unary_float(torch.cosh, "cosh")
sin = _unary_float(torch.sin, "sin")
sinh = _unary_float(torch.sinh, "sinh")
tan = _unary_float(torch.tan, "tan")
tanh = _unary_float(torch.tanh, "tanh")
exp = _unary_float(torch.exp, "exp")
exp2 = _unary_float(torch.exp2, "exp2")
expm1 = _unary_float(torch.expm1, "expm1")
log = _unary_float(torch.log, "log")
log10 = _unary_float(torch.log10, "log10")
log1p = _unary_float(torch.log1p, "log1p")
log2 = _unary_float(torch.log2, "log2")
sqrt = _unary_float(torch.sqrt, "sqrt")
cbrt = _unary_float(_cbrt, "cbrt")
deg2rad = _unary_float(torch.deg2rad, "deg2rad")
rad2deg = _unary_float(torch.rad2deg, "rad2deg")
reciprocal = _unary_float(torch.reciprocal, "reciprocal")
sinc = _unary_float(_sinc, "sinc")
fabs = _unary_float(torch.abs, "fabs")


def i0(x):
    x = to_float(x)
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.special.i0(x.float()).to(x.dtype)
    return torch.special.i0(x)


def floor(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        return x.to(floatx_dtype())
    return torch.floor(x)


def ceil(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        return x.to(floatx_dtype())
    return torch.ceil(x)


# -- unary, same dtype ---------------------------------------------------------------------
def abs(x):  # noqa: A001
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if x.dtype is _BOOL or x.dtype in WIDE_UNSIGNED or x.dtype is torch.uint8:
        return x
    return torch.abs(x)


absolute = abs


def negative(x):
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if x.dtype is _BOOL:
        raise TypeError("negative: boolean input is not supported; use logical_not.")
    if x.dtype in WIDE_UNSIGNED or x.dtype is torch.uint8:
        return (-(x.to(torch.int64))).to(x.dtype)
    return torch.neg(x)


def sign(x):
    x = convert_to_tensor(x)
    if x.dtype is _BOOL:
        return x
    if x.dtype in WIDE_UNSIGNED:
        return (x.to(torch.int64) != 0).to(x.dtype)
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.sgn(x)
    if x.dtype in FLOAT_DTYPES:
        return torch.where(torch.isnan(x), x, torch.sign(x))
    return torch.sign(x)


def square(x):
    x = convert_to_tensor(x)
    if x.dtype is _BOOL:
        x = x.to(torch.int32)
    if x.dtype in WIDE_UNSIGNED:
        wide = x.to(torch.int64)
        return (wide * wide).to(x.dtype)
    return x * x


def trunc(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        return x
    return torch.trunc(x)


def round(x, decimals=0):  # noqa: A001
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        if decimals >= 0:
            return x
        factor = 10 ** (-decimals)
        wide = x.to(torch.float64)
        return (torch.round(wide / factor) * factor).to(x.dtype)
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.round(x.float(), decimals=decimals).to(x.dtype)
    return torch.round(x, decimals=decimals)


def conj(x):
    x = convert_to_tensor(x)
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.conj(x).resolve_conj()
    return x


conjugate = conj


def real(x):
    x = convert_to_tensor(x)
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.real(x).clone()
    return x


def imag(x):
    x = convert_to_tensor(x)
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.imag(x).clone()
    return torch.zeros_like(x)


def angle(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        x = x.to(floatx_dtype())
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.angle(x.float()).to(x.dtype)
    return torch.angle(x)


# -- predicates ----------------------------------------------------------------------------
def _predicate(torch_function, name, for_ints):
    def op(x):
        x = convert_to_tensor(x)
        if x.dtype not in INEXACT_DTYPES:
            return torch.full(x.shape, for_ints, dtype=_BOOL, device=x.device)
        return torch_function(x)

    op.__name__ = name
    return op


isfinite = _predicate(torch.isfinite, "isfinite", True)
isinf = _predicate(torch.isinf, "isinf", False)
isnan = _predicate(torch.isnan, "isnan", False)
isneginf = _predicate(torch.isneginf, "isneginf", False)
isposinf = _predicate(torch.isposinf, "isposinf", False)


def isreal(x):
    x = convert_to_tensor(x)
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.imag(x) == 0
    return torch.ones(x.shape, dtype=_BOOL, device=x.device)


def signbit(x):
    x = convert_to_tensor(x)
    if x.dtype is _BOOL or x.dtype in WIDE_UNSIGNED or x.dtype is torch.uint8:
        return torch.zeros(x.shape, dtype=_BOOL, device=x.device)
    if x.dtype in INEXACT_DTYPES:
        return torch.signbit(x)
    return x < 0


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    (a, b), target = promote_tensors(x1, x2)
    if target is _BOOL:
        return a == b
    if target not in INEXACT_DTYPES:
        a, b = a.to(torch.float64), b.to(torch.float64)
    return torch.isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return torch.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def nan_to_num(x, nan=0.0, posinf=None, neginf=None):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT_DTYPES:
        return x
    if x.dtype in (torch.complex64, torch.complex128):
        return torch.complex(
            torch.nan_to_num(x.real, nan=nan, posinf=posinf, neginf=neginf),
            torch.nan_to_num(x.imag, nan=nan, posinf=posinf, neginf=neginf),
        )
    return torch.nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def clip(x, x_min, x_max):
    x = convert_to_tensor(x)
    if x.dtype is _BOOL:
        x = x.to(torch.int32)
    dtype = x.dtype
    compute = torch.int64 if dtype in WIDE_UNSIGNED else dtype
    low = x_min if isinstance(x_min, (int, float)) else convert_to_tensor(x_min, compute)
    high = x_max if isinstance(x_max, (int, float)) else convert_to_tensor(x_max, compute)
    if isinstance(low, float) and compute not in INEXACT_DTYPES:
        low = _math.ceil(low)
    if isinstance(high, float) and compute not in INEXACT_DTYPES:
        high = _math.floor(high)
    result = torch.clamp(x.to(compute), low, high)
    return result if result.dtype == dtype else result.to(dtype)
