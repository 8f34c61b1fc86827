"""Cases for array creation ops and window functions."""

import numpy as np

from .harness import F32, NUMPY_DTYPES, cast, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []
DT = ("float32", "float16", "bfloat16", "int32", "bool")


def _filled(fill):
    return lambda shape, dtype=None, **k: np.full(shape, fill)


for name, fill in [("zeros", 0), ("ones", 1)]:
    CASES += make(
        name, "dtype", DT, lambda d: (((2, 3),), {"dtype": d}), _filled(fill), out=lambda d: d
    )
    CASES += make(
        name, "default_dtype", F32, lambda d: (((2, 3),), {}), _filled(fill), out="float32"
    )
    CASES += make(name, "int_shape", F32, lambda d: ((4,), {}), _filled(fill), out="float32")
    CASES += make(
        f"{name}_like",
        "same",
        DT,
        lambda d: ((rand((2, 3), d),), {}),
        lambda x, f=fill: np.full(x.shape, f),
        out=lambda d: d,
    )
    CASES += make(
        f"{name}_like",
        "dtype",
        F32,
        lambda d: ((rand((2, 3), d),), {"dtype": "int32"}),
        lambda x, dtype, f=fill: np.full(x.shape, f),
        out="int32",
    )
CASES += make(
    "empty",
    "dtype",
    ("float32", "int32"),
    lambda d: (((2, 3),), {"dtype": d}),
    None,
    out=lambda d: d,
    check_values=False,
)
CASES += make(
    "empty_like",
    "same",
    ("float32", "int32"),
    lambda d: ((rand((2, 3), d),), {}),
    None,
    out=lambda d: d,
    check_values=False,
)
CASES += make(
    "full",
    "dtype",
    DT,
    lambda d: (((2, 3), 1), {"dtype": d}),
    lambda s, v, dtype: np.full(s, v),
    out=lambda d: d,
)
CASES += make(
    "full",
    "infer_float",
    F32,
    lambda d: (((2, 3), 2.5), {}),
    lambda s, v: np.full(s, v),
    out="float32",
)
CASES += make(
    "full",
    "int_fill_gives_floatx",
    F32,
    lambda d: (((2, 3), 2), {}),
    lambda s, v: np.full(s, v),
    out="float32",
)
CASES += make(
    "full_like",
    "same",
    DT,
    lambda d: ((rand((2, 3), d), 1), {}),
    lambda x, v: np.full(x.shape, v),
    out=lambda d: d,
)
CASES += make(
    "full_like",
    "dtype",
    F32,
    lambda d: ((rand((2, 3), d), 3), {"dtype": "int32"}),
    lambda x, v, dtype: np.full(x.shape, v),
    out="int32",
)
CASES += make("eye", "square", F32, lambda d: ((3,), {}), lambda n: np.eye(n), out="float32")
CASES += make(
    "eye",
    "rect_k_dtype",
    ("float32", "int32", "bfloat16"),
    lambda d: ((3,), {"M": 4, "k": 1, "dtype": d}),
    lambda n, M, k, dtype: np.eye(n, M, k),
    out=lambda d: d,
)
CASES += make(
    "identity",
    "dtype",
    ("float32", "int32"),
    lambda d: ((3,), {"dtype": d}),
    lambda n, dtype: np.identity(n),
    out=lambda d: d,
)
CASES += make(
    "tri",
    "k",
    ("float32", "int32"),
    lambda d: ((3,), {"M": 4, "k": -1, "dtype": d}),
    lambda n, M, k, dtype: np.tri(n, M, k),
    out=lambda d: d,
)
CASES += make("tri", "default", F32, lambda d: ((3,), {}), np.tri, out="float32")
CASES += make("arange", "int_stop", F32, lambda d: ((5,), {}), np.arange, out="int32")
CASES += make(
    "arange", "int_start_stop_step", F32, lambda d: ((1, 10, 3), {}), np.arange, out="int32"
)
CASES += make("arange", "float_step", F32, lambda d: ((0, 2, 0.5), {}), np.arange, out="float32")
CASES += make("arange", "negative_step", F32, lambda d: ((5, 0, -2), {}), np.arange, out="int32")
CASES += make(
    "arange",
    "dtype",
    ("float32", "bfloat16", "int32"),
    lambda d: ((0, 6, 2), {"dtype": d}),
    lambda *a, dtype: np.arange(*a),
    out=lambda d: d,
)
CASES += make(
    "array",
    "nested_list_float",
    F32,
    lambda d: (([[1.0, 2.0], [3.0, 4.5]],), {}),
    np.array,
    out="float32",
)
CASES += make(
    "array",
    "nested_list_int",
    F32,
    lambda d: (([[1, 2], [3, 4]],), {}),
    np.array,
    out="int32",
)
CASES += make(
    "array",
    "numpy_dtype",
    ("float32", "float16", "int32", "bool"),
    lambda d: ((rand((2, 3), d),), {"dtype": d}),
    lambda x, dtype: x,
    out=lambda d: d,
    convert=False,
)
CASES += make(
    "linspace",
    "default",
    F32,
    lambda d: ((0.0, 1.0), {"num": 5}),
    lambda a, b, num: np.linspace(a, b, num),
    out="float32",
)
CASES += make(
    "linspace",
    "no_endpoint",
    F32,
    lambda d: ((-1.0, 1.0), {"num": 4, "endpoint": False}),
    lambda a, b, **k: np.linspace(a, b, **k),
    out="float32",
)
CASES += make(
    "linspace",
    "retstep",
    F32,
    lambda d: ((0.0, 2.0), {"num": 5, "retstep": True}),
    lambda a, b, **k: np.linspace(a, b, **k),
    out=("float32", "python"),
)
CASES += make(
    "linspace",
    "array_bounds_axis",
    F32,
    lambda d: ((cast([0.0, 1.0], d), cast([1.0, 3.0], d)), {"num": 3, "axis": -1}),
    lambda a, b, **k: np.linspace(a, b, **k),
    out="float32",
)
CASES += make(
    "linspace",
    "dtype",
    ("float16", "bfloat16"),
    lambda d: ((0.0, 4.0), {"num": 5, "dtype": d}),
    lambda a, b, num, dtype: np.linspace(a, b, num),
    out=lambda d: d,
)
CASES += make(
    "logspace",
    "default",
    F32,
    lambda d: ((0.0, 2.0), {"num": 3}),
    lambda a, b, num: np.logspace(a, b, num),
    out="float32",
    tol="x4",
)
CASES += make(
    "logspace",
    "base2",
    F32,
    lambda d: ((0.0, 3.0), {"num": 4, "base": 2}),
    lambda a, b, **k: np.logspace(a, b, **k),
    out="float32",
    tol="x4",
)
CASES += make(
    "geomspace",
    "default",
    F32,
    lambda d: ((1.0, 1000.0), {"num": 4}),
    lambda a, b, num: np.geomspace(a, b, num),
    out="float32",
    tol="x10",
)
CASES += make(
    "geomspace",
    "no_endpoint",
    F32,
    lambda d: ((1.0, 16.0), {"num": 4, "endpoint": False}),
    lambda a, b, **k: np.geomspace(a, b, **k),
    out="float32",
    tol="x10",
)
for name in ("bartlett", "blackman", "hamming", "hanning"):
    CASES += make(name, "m7", F32, lambda d: ((7,), {}), getattr(np, name), out="float32", tol="x4")
    CASES += make(name, "m1", F32, lambda d: ((1,), {}), getattr(np, name), out="float32")
CASES += make("kaiser", "beta", F32, lambda d: ((6, 8.6), {}), np.kaiser, out="float32", tol="x10")

# Conversion and casting live here too: they create tensors.
for source in ("float32", "int32", "bool", "float16"):
    for target in ("float32", "float16", "bfloat16", "int32", "uint8", "bool"):
        CASES += make(
            "cast",
            f"to_{target}",
            (source,),
            lambda d, t=target: ((rand((3, 4), d, 0, 20),), {"dtype": t}),
            lambda x, dtype: (
                x.astype(NUMPY_DTYPES[dtype]).astype(np.float64)
                if dtype in ("float16", "bfloat16")
                else x.astype(NUMPY_DTYPES[dtype])
            ),
            out=target,
        )
CASES += make(
    "cast",
    "float_to_int_truncates",
    F32,
    lambda d: ((cast([-1.7, -0.5, 0.5, 2.9], d),), {"dtype": "int32"}),
    lambda x, dtype: np.trunc(x).astype(np.int32),
    out="int32",
)
CASES += make(
    "saturate_cast",
    "float_to_uint8",
    F32,
    lambda d: ((cast([-10.0, 0.0, 100.5, 300.0], d),), {"dtype": "uint8"}),
    lambda x, dtype: np.clip(x, 0, 255).astype(np.uint8),
    out="uint8",
)
CASES += make(
    "saturate_cast",
    "int_to_int8",
    ("int32",),
    lambda d: ((cast([-1000, -5, 5, 1000], d),), {"dtype": "int8"}),
    lambda x, dtype: np.clip(x, -128, 127).astype(np.int8),
    out="int8",
)
for dtype in ("float32", "int32", "bool", "float16", "bfloat16"):
    CASES += make(
        "convert_to_tensor",
        "numpy",
        (dtype,),
        lambda d: ((rand((2, 3), d),), {}),
        lambda x: x,
        out=dtype,
        convert=False,
    )
CASES += make(
    "convert_to_tensor",
    "float_list",
    F32,
    lambda d: (([1.0, 2.0],), {}),
    np.array,
    out="float32",
    convert=False,
)
CASES += make(
    "convert_to_tensor",
    "int_list",
    F32,
    lambda d: (([1, 2],), {}),
    np.array,
    out="int32",
    convert=False,
)
CASES += make(
    "convert_to_tensor",
    "bool_list",
    F32,
    lambda d: (([True, False],), {}),
    np.array,
    out="bool",
    convert=False,
)
CASES += make(
    "convert_to_tensor",
    "python_float",
    F32,
    lambda d: ((2.5,), {}),
    np.array,
    out="float32",
    convert=False,
)
CASES += make(
    "convert_to_tensor",
    "dtype_arg",
    F32,
    lambda d: (([1, 2],), {"dtype": "float16"}),
    lambda x, dtype: np.array(x),
    out="float16",
    convert=False,
)
CASES += make(
    "convert_to_tensor",
    "float64_numpy",
    F32,
    lambda d: ((np.array([1.5, 2.5]),), {"dtype": "float32"}),
    lambda x, dtype: x,
    out="float32",
    convert=False,
)
CASES += make(
    "convert_to_numpy",
    "tensor",
    ("float32", "int32"),
    lambda d: ((rand((2, 3), d),), {}),
    lambda x: x,
    out=lambda d: d,
)
for dtype in (*FLOATS, "int32", "bool", "uint8"):
    CASES += make(
        "dtype",
        "of_tensor",
        (dtype,),
        lambda d: ((rand((2,), d),), {}),
        lambda x, d=dtype: d,
        out="python",
    )
