"""Cases for elementwise ops: unary math, binary arithmetic, comparisons, logic, bitwise."""

import numpy as np
from scipy import special

from .harness import F32, F32_I32, FLOATS, cast, make, rand

CASES = []

# name, reference, input range, dtypes, expected dtype rule
UNARY = [
    ("abs", np.abs, (-3, 3), (*FLOATS, "int32"), "same"),
    ("absolute", np.abs, (-3, 3), (*FLOATS, "int32"), "same"),
    ("fabs", np.abs, (-3, 3), (*FLOATS, "int32"), "float"),
    ("negative", np.negative, (-3, 3), (*FLOATS, "int32"), "same"),
    ("square", np.square, (-3, 3), (*FLOATS, "int32"), "same"),
    ("sign", np.sign, (-3, 3), (*FLOATS, "int32"), "same"),
    ("arccos", np.arccos, (-0.9, 0.9), FLOATS, "float"),
    ("arccosh", np.arccosh, (1.1, 4), FLOATS, "float"),
    ("arcsin", np.arcsin, (-0.9, 0.9), FLOATS, "float"),
    ("arcsinh", np.arcsinh, (-3, 3), FLOATS, "float"),
    ("arctan", np.arctan, (-3, 3), (*FLOATS, "int32"), "float"),
    ("arctanh", np.arctanh, (-0.9, 0.9), FLOATS, "float"),
    ("cbrt", np.cbrt, (-3, 3), FLOATS, "float"),
    ("ceil", np.ceil, (-3, 3), (*FLOATS, "int32"), "float"),
    ("floor", np.floor, (-3, 3), (*FLOATS, "int32"), "float"),
    ("trunc", np.trunc, (-3, 3), (*FLOATS, "int32"), "same"),
    ("round", np.round, (-3, 3), (*FLOATS, "int32"), "same"),
    ("cos", np.cos, (-3, 3), (*FLOATS, "int32"), "float"),
    ("cosh", np.cosh, (-3, 3), FLOATS, "float"),
    ("sin", np.sin, (-3, 3), (*FLOATS, "int32"), "float"),
    ("sinh", np.sinh, (-3, 3), FLOATS, "float"),
    ("tan", np.tan, (-1.2, 1.2), FLOATS, "float"),
    ("tanh", np.tanh, (-3, 3), FLOATS, "float"),
    ("deg2rad", np.deg2rad, (-180, 180), FLOATS, "float"),
    ("rad2deg", np.rad2deg, (-3, 3), FLOATS, "float"),
    ("exp", np.exp, (-3, 3), (*FLOATS, "int32"), "float"),
    ("exp2", np.exp2, (-3, 3), FLOATS, "float"),
    ("expm1", np.expm1, (-3, 3), FLOATS, "float"),
    ("log", np.log, (0.1, 4), (*FLOATS, "int32"), "float"),
    ("log10", np.log10, (0.1, 4), FLOATS, "float"),
    ("log1p", np.log1p, (-0.5, 3), FLOATS, "float"),
    ("log2", np.log2, (0.1, 4), FLOATS, "float"),
    ("reciprocal", np.reciprocal, (0.5, 3), FLOATS, "float"),
    ("sqrt", np.sqrt, (0.0, 4), (*FLOATS, "int32"), "float"),
    ("rsqrt", lambda x: 1 / np.sqrt(x), (0.2, 4), FLOATS, "float"),
    ("sinc", np.sinc, (-3, 3), FLOATS, "float"),
    ("i0", np.i0, (-3, 3), F32, "float"),
    ("erf", special.erf, (-3, 3), FLOATS, "float"),
    ("erfc", special.erfc, (-3, 3), FLOATS, "float"),
    ("erfinv", special.erfinv, (-0.9, 0.9), FLOATS, "float"),
    ("signbit", np.signbit, (-3, 3), (*FLOATS, "int32"), "bool"),
    ("isfinite", np.isfinite, (-3, 3), (*FLOATS, "int32"), "bool"),
    ("isinf", np.isinf, (-3, 3), FLOATS, "bool"),
    ("isnan", np.isnan, (-3, 3), FLOATS, "bool"),
    ("isneginf", np.isneginf, (-3, 3), F32, "bool"),
    ("isposinf", np.isposinf, (-3, 3), F32, "bool"),
    ("isreal", np.isreal, (-3, 3), F32, "bool"),
    ("logical_not", np.logical_not, (-1, 2), ("float32", "int32", "bool"), "bool"),
    ("conj", np.conj, (-3, 3), F32, "same"),
    ("conjugate", np.conjugate, (-3, 3), F32, "same"),
    ("real", np.real, (-3, 3), F32, "same"),
    ("imag", np.imag, (-3, 3), F32, "same"),
    ("angle", np.angle, (-3, 3), F32, "float"),
    ("copy", np.copy, (-3, 3), (*FLOATS, "int32", "bool"), "same"),
]
_LOOSE_UNARY = {"i0", "erfinv", "cosh", "sinh", "exp", "exp2", "expm1", "tan"}

for name, reference, (low, high), dtypes, out in UNARY:
    tol = "x4" if name in _LOOSE_UNARY else "default"
    CASES += make(
        name,
        "3x4",
        dtypes,
        lambda d, lo=low, hi=high: ((rand((3, 4), d, lo, hi),), {}),
        reference,
        out=out,
        tol=tol,
    )

# Scalars (rank 0) and empty arrays go through the same code paths.
for name in ("exp", "sqrt", "abs", "negative", "tanh", "square"):
    reference = {
        "exp": np.exp,
        "sqrt": np.sqrt,
        "abs": np.abs,
        "negative": np.negative,
        "tanh": np.tanh,
        "square": np.square,
    }[name]
    CASES += make(name, "rank0", F32, lambda d: ((cast(1.5, d),), {}), reference, out="float")
    CASES += make(
        name, "empty", F32, lambda d: ((np.zeros((0, 3), d),), {}), reference, out="float"
    )

_SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5, -2.0], "float32")
for name, reference, out in [
    ("isnan", np.isnan, "bool"),
    ("isinf", np.isinf, "bool"),
    ("isfinite", np.isfinite, "bool"),
    ("isneginf", np.isneginf, "bool"),
    ("isposinf", np.isposinf, "bool"),
    ("signbit", np.signbit, "bool"),
    ("abs", np.abs, "same"),
    ("exp", np.exp, "same"),
    ("sign", np.sign, "same"),
    ("floor", np.floor, "same"),
    ("negative", np.negative, "same"),
]:
    CASES += make(
        name,
        "nan_inf",
        ("float32", "float16"),
        lambda d: ((cast(_SPECIAL, d),), {}),
        reference,
        out=out,
    )

CASES += make(
    "nan_to_num",
    "defaults",
    ("float32",),
    lambda d: ((cast(_SPECIAL, d),), {}),
    lambda x: np.nan_to_num(x.astype(np.float32)),
)
CASES += make(
    "nan_to_num",
    "values",
    FLOATS,
    lambda d: ((cast(_SPECIAL, d),), {"nan": 1.0, "posinf": 9.0, "neginf": -9.0}),
    lambda x, **k: np.nan_to_num(x, **k),
)
CASES += make(
    "clip",
    "3x4",
    (*FLOATS, "int32"),
    lambda d: ((rand((3, 4), d, -5, 5),), {"x_min": -2, "x_max": 3}),
    lambda x, x_min, x_max: np.clip(x, x_min, x_max),
)
CASES += make(
    "clip",
    "bool",
    ("bool",),
    lambda d: ((rand((3, 4), d),), {"x_min": 0, "x_max": 1}),
    lambda x, x_min, x_max: np.clip(x.astype("int32"), 0, 1),
    out="int32",
)


# Binary: name, reference, range of x1, range of x2, dtypes, expected dtype rule
def _floor_divide(a, b):
    return np.floor_divide(a, b)


BINARY = [
    ("add", np.add, (-3, 3), (-3, 3), (*FLOATS, "int32"), "same"),
    ("subtract", np.subtract, (-3, 3), (-3, 3), (*FLOATS, "int32"), "same"),
    ("multiply", np.multiply, (-3, 3), (-3, 3), (*FLOATS, "int32"), "same"),
    ("divide", np.divide, (-3, 3), (1, 3), (*FLOATS, "int32"), "float"),
    ("true_divide", np.true_divide, (-3, 3), (1, 3), (*FLOATS, "int32"), "float"),
    ("floor_divide", _floor_divide, (-9, 9), (1, 4), (*FLOATS, "int32"), "same"),
    ("mod", np.mod, (-9, 9), (1, 4), (*FLOATS, "int32"), "same"),
    ("fmod", np.fmod, (-9, 9), (1, 4), ("float32", "int32"), "same"),
    ("power", np.power, (0.5, 2), (-2, 2), FLOATS, "same"),
    ("maximum", np.maximum, (-3, 3), (-3, 3), (*FLOATS, "int32"), "same"),
    ("minimum", np.minimum, (-3, 3), (-3, 3), (*FLOATS, "int32"), "same"),
    ("fmax", np.fmax, (-3, 3), (-3, 3), FLOATS, "same"),
    ("fmin", np.fmin, (-3, 3), (-3, 3), FLOATS, "same"),
    ("arctan2", np.arctan2, (-3, 3), (-3, 3), (*FLOATS, "int32"), "float"),
    ("hypot", np.hypot, (-3, 3), (-3, 3), FLOATS, "float"),
    ("logaddexp", np.logaddexp, (-3, 3), (-3, 3), FLOATS, "float"),
    ("logaddexp2", np.logaddexp2, (-3, 3), (-3, 3), F32, "float"),
    ("heaviside", np.heaviside, (-3, 3), (0, 1), F32_I32, "float"),
    ("equal", np.equal, (-2, 2), (-2, 2), ("float32", "int32"), "bool"),
    ("not_equal", np.not_equal, (-2, 2), (-2, 2), ("float32", "int32"), "bool"),
    ("greater", np.greater, (-3, 3), (-3, 3), (*FLOATS, "int32"), "bool"),
    ("greater_equal", np.greater_equal, (-2, 2), (-2, 2), ("float32", "int32"), "bool"),
    ("less", np.less, (-3, 3), (-3, 3), (*FLOATS, "int32"), "bool"),
    ("less_equal", np.less_equal, (-2, 2), (-2, 2), ("float32", "int32"), "bool"),
    ("logical_and", np.logical_and, (-1, 2), (-1, 2), ("bool", "int32", "float32"), "bool"),
    ("logical_or", np.logical_or, (-1, 2), (-1, 2), ("bool", "int32", "float32"), "bool"),
    ("logical_xor", np.logical_xor, (-1, 2), (-1, 2), ("bool", "int32", "float32"), "bool"),
]
for name, reference, range1, range2, dtypes, out in BINARY:
    for label, shape1, shape2 in [("same_shape", (3, 4), (3, 4)), ("broadcast", (3, 1), (4,))]:
        if name == "heaviside" and label == "broadcast":
            continue
        CASES += make(
            name,
            label,
            dtypes if label == "same_shape" else dtypes[:1],
            lambda d, s1=shape1, s2=shape2, r1=range1, r2=range2: (
                (rand(s1, d, *r1, seed=1), rand(s2, d, *r2, seed=2)),
                {},
            ),
            reference,
            out=out,
            tol="x2",
        )

# Python scalars on either side (weak types keep the tensor dtype).
for name, reference in [("add", np.add), ("multiply", np.multiply), ("subtract", np.subtract)]:
    CASES += make(
        name,
        "scalar_right",
        (*FLOATS, "int32"),
        lambda d: ((rand((2, 3), d), 2), {}),
        reference,
        out=lambda d: d,
    )
    CASES += make(
        name,
        "scalar_left",
        (*FLOATS, "int32"),
        lambda d: ((3, rand((2, 3), d)), {}),
        reference,
        out=lambda d: d,
    )
    CASES += make(
        name,
        "float_scalar_on_int",
        ("int32",),
        lambda d: ((rand((2, 3), d), 0.5), {}),
        reference,
        out="float32",
    )
CASES += make(
    "power",
    "int",
    ("int32",),
    lambda d: ((rand((3, 4), d, -3, 4), rand((3, 4), d, 0, 4, seed=3)), {}),
    np.power,
)
CASES += make(
    "power", "scalar_exponent", FLOATS, lambda d: ((rand((3, 4), d, 0.1, 2), 2), {}), np.power
)
CASES += make(
    "divide_no_nan",
    "zeros",
    FLOATS,
    lambda d: (
        (
            cast([[1.0, -2.0, 0.0], [3.0, 4.0, 5.0]], d),
            cast([[0.0, 2.0, 0.0], [1.5, 0.0, -2.0]], d),
        ),
        {},
    ),
    lambda a, b: np.where(b == 0, 0.0, a / np.where(b == 0, 1.0, b)),
)
CASES += make(
    "nextafter",
    "3x4",
    F32,
    lambda d: ((rand((3, 4), d), rand((3, 4), d, seed=5)), {}),
    lambda a, b: np.nextafter(a.astype(np.float32), b.astype(np.float32)),
    tol="exact",
)
CASES += make(
    "ldexp",
    "3x4",
    F32,
    lambda d: ((rand((3, 4), d), rand((3, 4), "int32", -3, 4)), {}),
    lambda a, b: np.ldexp(a, b),
    out="float32",
)
for name, reference in [("gcd", np.gcd), ("lcm", np.lcm)]:
    CASES += make(
        name,
        "3x4",
        ("int32",),
        lambda d: ((rand((3, 4), d, -12, 13), rand((3, 4), d, 1, 13, seed=3)), {}),
        reference,
    )

# Bitwise ops on integers and bool.
BITWISE = [
    ("bitwise_and", np.bitwise_and),
    ("bitwise_or", np.bitwise_or),
    ("bitwise_xor", np.bitwise_xor),
]
for name, reference in BITWISE:
    CASES += make(
        name,
        "ints",
        ("int32", "uint8", "bool"),
        lambda d: ((rand((3, 4), d, 0, 100), rand((3, 4), d, 0, 100, seed=4)), {}),
        reference,
    )
for name in ("bitwise_invert", "bitwise_not"):
    CASES += make(
        name,
        "ints",
        ("int32", "int8", "bool"),
        lambda d: ((rand((3, 4), d, -50, 50),), {}),
        np.invert,
    )
for name, reference in [
    ("bitwise_left_shift", np.left_shift),
    ("left_shift", np.left_shift),
    ("bitwise_right_shift", np.right_shift),
    ("right_shift", np.right_shift),
]:
    CASES += make(
        name,
        "ints",
        ("int32", "uint8"),
        lambda d: ((rand((3, 4), d, 0, 60), rand((3, 4), d, 0, 3, seed=4)), {}),
        reference,
    )
CASES += make(
    "bitwise_left_shift",
    "scalar",
    ("int32",),
    lambda d: ((rand((3,), d, 0, 60), 2), {}),
    np.left_shift,
)

# NaN-aware binaries.
CASES += make(
    "fmax",
    "nan",
    F32,
    lambda d: ((cast([np.nan, 1.0, np.nan], d), cast([0.5, np.nan, np.nan], d)), {}),
    np.fmax,
)
CASES += make(
    "maximum",
    "nan",
    F32,
    lambda d: ((cast([np.nan, 1.0, 2.0], d), cast([0.5, np.nan, 1.0], d)), {}),
    np.maximum,
)
CASES += make(
    "add",
    "empty",
    F32_I32,
    lambda d: ((np.zeros((0, 4), d), np.ones((1, 4), d)), {}),
    np.add,
)
CASES += make(
    "multiply",
    "rank3_broadcast",
    F32,
    lambda d: ((rand((2, 1, 4), d), rand((3, 1), d, seed=2)), {}),
    np.multiply,
)
