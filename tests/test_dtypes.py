"""The promotion table, checked as pure Python (backends are checked in tests/ops)."""

import numpy as np
import pytest

import unison
from unison import dtypes


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("int8", "uint8", "int16"),
        ("uint8", "uint16", "uint16"),
        ("uint32", "int32", "int64"),
        ("int32", "float16", "float16"),
        ("int64", "bfloat16", "bfloat16"),
        ("float16", "bfloat16", "float32"),
        ("float32", "float64", "float64"),
        ("bool", "int8", "int8"),
        ("bool", "float16", "float16"),
        ("float32", "complex64", "complex64"),
        ("float64", "complex64", "complex128"),
        ("uint64", "int64", "float32"),
    ],
)
def test_strong_pairs(a, b, expected):
    assert dtypes.result_type(a, b) == expected
    assert dtypes.result_type(b, a) == expected


@pytest.mark.parametrize(
    "strong, scalar, expected",
    [
        ("int8", 3, "int8"),
        ("uint8", 3, "uint8"),
        ("int32", 0.5, "float32"),
        ("float16", 2.0, "float16"),
        ("bfloat16", 2, "bfloat16"),
        ("bool", 1, "int32"),
        ("bool", True, "bool"),
    ],
)
def test_python_scalars_are_weak(strong, scalar, expected):
    assert dtypes.result_type(strong, scalar) == expected


def test_weak_floats_follow_floatx():
    with unison.config.settings(floatx="float16"):
        assert dtypes.result_type("int32", 1.0) == "float16"
        assert dtypes.result_type(float) == "float16"
    assert dtypes.result_type(1, 2) == "int32"


def test_standardize_accepts_framework_and_numpy_dtypes():
    assert dtypes.standardize_dtype(np.float32) == "float32"
    assert dtypes.standardize_dtype(np.dtype("int16")) == "int16"
    assert dtypes.standardize_dtype("double") == "float64"
    assert dtypes.standardize_dtype(None) == unison.config.floatx()
    with pytest.raises(ValueError, match="Invalid dtype.*'float8'"):
        dtypes.standardize_dtype("float8")


def test_table_is_a_lattice():
    # uint64 joins int64 at the weak float, which materialises to floatx: left out.
    names = [n for n in dtypes.ALLOWED_DTYPES if n not in ("string", "uint64")]
    for a in names:
        for b in names:
            joined = dtypes.result_type(a, b)
            assert joined == dtypes.result_type(b, a)
            for c in names:
                left = dtypes.result_type(dtypes.result_type(a, b), c)
                right = dtypes.result_type(a, dtypes.result_type(b, c))
                assert left == right, (a, b, c)


def test_float_result_type():
    assert dtypes.float_result_type("int32") == "float32"
    assert dtypes.float_result_type("float16") == "float16"
    assert dtypes.float_result_type("int8", "bfloat16") == "bfloat16"
