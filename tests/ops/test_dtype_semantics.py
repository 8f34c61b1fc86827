"""Mixed-dtype and Python-scalar promotion: every backend returns ``dtypes.result_type(...)``."""

import itertools

import numpy as np
import pytest

import unison
from unison import dtypes

from .harness import NUMPY_DTYPES

TYPES = ("bool", "uint8", "int8", "int16", "int32", "float16", "bfloat16", "float32")
PAIRS = [pair for pair in itertools.combinations_with_replacement(TYPES, 2)]
BINARY_OPS = ("add", "maximum")
SCALARS = [("int", 2), ("float", 0.5), ("bool", True)]


def _tensor(dtype, shape=(2, 3)):
    array = (np.arange(int(np.prod(shape))).reshape(shape) % 3).astype(NUMPY_DTYPES[dtype])
    return unison.ops.convert_to_tensor(array)


def _check(op, args, expected, where):
    try:
        result = getattr(unison.ops, op)(*args)
    except Exception as error:
        raise AssertionError(f"{where}: raised {type(error).__name__}: {error}") from error
    assert unison.ops.dtype(result) == expected, (
        f"{where}: result dtype {unison.ops.dtype(result)}, expected {expected}"
    )


@pytest.mark.parametrize("pair", PAIRS, ids=["-".join(pair) for pair in PAIRS])
def test_mixed_dtypes(pair, backend):
    first, second = pair
    expected = dtypes.result_type(first, second)
    for op in BINARY_OPS:
        where = f"op={op} dtypes=({first}, {second}) backend={backend.name}"
        _check(op, (_tensor(first), _tensor(second, (3,))), expected, where)
    where = f"op=add dtypes=({second}, {first}) backend={backend.name}"
    _check("add", (_tensor(second), _tensor(first, (3,))), expected, where)


@pytest.mark.parametrize("dtype", TYPES)
@pytest.mark.parametrize("scalar_name,scalar", SCALARS, ids=[name for name, _ in SCALARS])
def test_python_scalar_is_weak(dtype, scalar_name, scalar, backend):
    expected = dtypes.result_type(dtype, scalar)
    for op in ("add", "subtract"):
        if op == "subtract" and dtype == "bool" and scalar_name == "bool":
            continue  # boolean subtract is an error in every framework
        where = f"op={op} ({dtype} tensor, python {scalar_name}) backend={backend.name}"
        _check(op, (_tensor(dtype), scalar), expected, where)
        _check(op, (scalar, _tensor(dtype)), expected, where + " (scalar first)")


FLOAT_VALUED = ("sqrt", "exp", "sin", "mean", "log1p", "tanh")


@pytest.mark.parametrize("dtype", TYPES)
def test_float_valued_ops(dtype, backend):
    expected = dtypes.float_result_type(dtype)
    for op in FLOAT_VALUED:
        if dtype == "bool" and op != "mean":
            continue
        _check(op, (_tensor(dtype),), expected, f"op={op} dtype={dtype} backend={backend.name}")


@pytest.mark.parametrize("dtype", ("int8", "uint8", "int16", "int32", "float16", "bfloat16"))
def test_divide_and_power(dtype, backend):
    where = f"dtype={dtype} backend={backend.name}"
    _check(
        "divide",
        (_tensor(dtype), _tensor(dtype)),
        dtypes.float_result_type(dtype),
        f"op=divide {where}",
    )
    _check("power", (_tensor(dtype), 2), dtypes.result_type(dtype, 2), f"op=power {where}")
    _check(
        "matmul",
        (_tensor(dtype, (2, 3)), _tensor("float32", (3, 2))),
        dtypes.result_type(dtype, "float32"),
        f"op=matmul {where}",
    )


def test_python_lists(backend):
    where = f"backend={backend.name}"
    _check("add", ([1.0, 2.0], [3.0, 4.0]), unison.config.floatx(), f"float lists {where}")
    _check("add", ([1, 2], [3, 4]), "int32", f"int lists {where}")
    _check("add", (_tensor("int8"), [[1, 2, 3]] * 2), "int32", f"int8 + int list {where}")
    _check("add", (_tensor("float16"), [1.0, 2.0, 3.0]), "float32", f"float16 + float list {where}")


def test_where_and_concatenate_promote(backend):
    where = f"backend={backend.name}"
    condition = unison.ops.convert_to_tensor(np.array([[True, False, True]] * 2))
    _check(
        "where",
        (condition, _tensor("int8"), _tensor("float16")),
        dtypes.result_type("int8", "float16"),
        f"op=where {where}",
    )
    _check(
        "where",
        (condition, _tensor("int32"), 1.5),
        dtypes.result_type("int32", 1.5),
        f"op=where scalar {where}",
    )
    result = unison.ops.concatenate([_tensor("int16"), _tensor("uint8")])
    assert unison.ops.dtype(result) == dtypes.result_type("int16", "uint8"), f"concatenate {where}"
