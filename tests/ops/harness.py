"""The case table machinery: one ``Case`` per (op, situation, dtype) and the code that runs it.

A case holds concrete NumPy inputs made with a fixed RNG, a NumPy reference, the expected
result dtype and a tolerance class. ``run_case`` converts the array inputs to the active
backend's tensors, calls ``unison.ops.<op>`` (or a custom caller), and compares dtype, shape
and values with the reference. Every failure message names op, case, dtype and backend.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import ml_dtypes
import numpy as np

from tests.tolerances import tolerance

FLOATS = ("float32", "float16", "bfloat16")
# Families where the two half-precision types take the same code path test one of them.
F32_BF16 = ("float32", "bfloat16")
F32 = ("float32",)
F32_I32 = ("float32", "int32")
ALL_NUMERIC = ("float32", "float16", "bfloat16", "int32")

NUMPY_DTYPES = {
    "bfloat16": ml_dtypes.bfloat16,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "uint8": np.uint8,
    "uint16": np.uint16,
    "uint32": np.uint32,
    "bool": np.bool_,
    "complex64": np.complex64,
    "complex128": np.complex128,
}
LOW_FLOATS = ("float16", "bfloat16")


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def cast(array: Any, dtype: str) -> np.ndarray:
    """``array`` as a NumPy array of unison dtype ``dtype`` (bfloat16 through ml_dtypes)."""
    return np.asarray(array).astype(NUMPY_DTYPES[dtype])


def rand(shape: Sequence[int], dtype: str = "float32", low=-2.0, high=2.0, seed=0) -> np.ndarray:
    """Uniform values in ``[low, high)`` (integers in ``[low, high)`` for int dtypes)."""
    generator = rng(seed)
    if dtype == "bool":
        return generator.random(shape) > 0.5
    if dtype.startswith(("int", "uint")):
        return generator.integers(int(low), int(high), size=shape).astype(NUMPY_DTYPES[dtype])
    return cast(generator.uniform(low, high, size=shape), dtype)


def unstrong(dtype: str) -> str:
    """Input dtype -> the dtype a float-valued op returns (ints and bool give floatx)."""
    return dtype if dtype in ("float16", "bfloat16", "float32", "float64") else "float32"


@dataclasses.dataclass
class Case:
    """One conformance case.

    ``args`` / ``kwargs`` are the op's arguments: NumPy arrays are converted to tensors of the
    backend under test (lists/tuples of arrays too), everything else is passed unchanged.
    ``reference(*args64, **kwargs)`` gets the same arguments with float arrays upcast to
    float64. ``out`` is the expected dtype of every result leaf (a string, a tuple of strings
    matching a tuple result, or ``"python"`` for a plain Python value such as ``ndim``).
    ``post(result, args64, kwargs)`` maps the result (NumPy tree) to what the reference returns
    (for outputs defined only up to sign or order). ``call(op, *args, **kwargs)`` replaces the
    plain call (ops taking functions, or outputs needing ``ops`` calls afterwards).
    """

    op: str
    label: str
    dtype: str
    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    reference: Callable | None = None
    out: Any = None
    tol: str = "default"  # "default", "loose", "exact" or "x<number>" (a multiple of default)
    post: Callable | None = None
    call: Callable | None = None
    convert: bool = True
    check_values: bool = True

    @property
    def id(self) -> str:
        return f"{self.op}-{self.label}-{self.dtype}"


def upcast(value: Any) -> Any:
    """Float arrays (any precision) -> float64 copies; the rest unchanged (lists mapped)."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" or value.dtype == ml_dtypes.bfloat16:
            return value.astype(np.float64)
        return value
    if isinstance(value, list | tuple):
        return type(value)(upcast(item) for item in value)
    return value


def make(
    op: str,
    label: str,
    dtypes: Sequence[str],
    build: Callable[[str], tuple[tuple, dict]],
    reference: Callable,
    out: Any = "same",
    **options: Any,
) -> list[Case]:
    """Cases for ``op`` over ``dtypes``: ``build(dtype) -> (args, kwargs)``.

    ``out``: ``"same"`` (the promoted dtype of the array arguments), ``"float"`` (the same,
    with ints and bool giving floatx), a dtype name, a tuple of those, or a callable
    ``dtype -> expected``.
    """
    from unison import dtypes as unison_dtypes

    cases = []
    for dtype in dtypes:
        args, kwargs = build(dtype)
        if callable(out):
            expected = out(dtype)
        elif out in ("same", "float"):
            arrays = [a for a in _array_leaves((args, kwargs))]
            expected = unison_dtypes.result_type(*[_dtype_name(a) for a in arrays] or [dtype])
            if out == "float":
                expected = unstrong(expected)
        else:
            expected = out
        cases.append(
            Case(op, label, dtype, tuple(args), dict(kwargs), reference, expected, **options)
        )
    return cases


def _dtype_name(array: np.ndarray) -> str:
    if array.dtype == ml_dtypes.bfloat16:
        return "bfloat16"
    return "bool" if array.dtype == np.bool_ else str(array.dtype)


def _array_leaves(value: Any):
    if isinstance(value, np.ndarray):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _array_leaves(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _array_leaves(item)


def _to_tensors(ops: Any, value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return ops.convert_to_tensor(value)
    if isinstance(value, list):
        return [_to_tensors(ops, item) for item in value]
    if isinstance(value, tuple):
        return tuple(_to_tensors(ops, item) for item in value)
    return value


def _leaves(ops: Any, result: Any, path: str = "") -> list[tuple[str, Any, Any]]:
    """(path, numpy value, dtype name or "python") for every leaf of a result."""
    if isinstance(result, list | tuple):
        leaves = []
        for index, item in enumerate(result):
            leaves.extend(_leaves(ops, item, f"{path}[{index}]"))
        return leaves
    if isinstance(result, bool | int | float | str) or result is None:
        return [(path, result, "python")]
    return [(path, np.asarray(ops.convert_to_numpy(result)), ops.dtype(result))]


def _expected_leaves(expected: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(expected, list | tuple):
        leaves = []
        for index, item in enumerate(expected):
            leaves.extend(_expected_leaves(item, f"{path}[{index}]"))
        return leaves
    return [(path, expected)]


def tolerance_for(case: Case, dtype: str) -> tuple[float, float]:
    if case.tol == "exact":
        return 0.0, 0.0
    if case.tol == "loose":
        return tolerance(dtype, loose=True)
    if case.tol.startswith("x"):
        factor = float(case.tol[1:])
        rtol, atol = tolerance(dtype)
        return rtol * factor, atol * factor
    return tolerance(dtype)


def assert_close(actual: Any, desired: Any, rtol: float, atol: float, message: str) -> None:
    actual_array = np.asarray(actual)
    desired_array = np.asarray(desired)
    if actual_array.dtype == ml_dtypes.bfloat16:
        actual_array = actual_array.astype(np.float32)
    assert actual_array.shape == desired_array.shape, (
        f"{message}: shape {actual_array.shape}, expected {desired_array.shape}"
    )
    if actual_array.dtype.kind in "biu" and desired_array.dtype.kind in "biu":
        mismatch = actual_array != desired_array
        assert not mismatch.any(), (
            f"{message}: values differ at {int(mismatch.sum())} places\n"
            f"actual={actual_array!r}\nexpected={desired_array!r}"
        )
        return
    if actual_array.dtype.kind == "c" or desired_array.dtype.kind == "c":
        actual_array = actual_array.astype(np.complex128)
        desired_array = desired_array.astype(np.complex128)
    else:
        actual_array = actual_array.astype(np.float64)
        desired_array = desired_array.astype(np.float64)
    np.testing.assert_allclose(
        actual_array, desired_array, rtol=rtol, atol=atol, equal_nan=True, err_msg=message
    )


def run_case(case: Case, ops: Any, backend_name: str) -> None:
    """Run ``case`` with ``ops`` (the public ops namespace) on the active backend."""
    where = f"op={case.op} case={case.label} dtype={case.dtype} backend={backend_name}"
    # image ops live only under ops.image, as in Keras
    function = getattr(ops, case.op, None) or getattr(ops.image, case.op, None)
    if function is None and case.call is None:
        raise AssertionError(f"{where}: unison.ops.{case.op} does not exist")
    args = _to_tensors(ops, case.args) if case.convert else case.args
    kwargs = (
        {k: _to_tensors(ops, v) for k, v in case.kwargs.items()} if case.convert else case.kwargs
    )
    try:
        if case.call is not None:
            result = case.call(function, *args, **kwargs)
        else:
            result = function(*args, **kwargs)
    except Exception as error:
        raise AssertionError(f"{where}: raised {type(error).__name__}: {error}") from error
    args64 = upcast(case.args)
    kwargs64 = {k: upcast(v) for k, v in case.kwargs.items()}
    actual = _leaves(ops, result)
    if case.post is not None:
        post = case.post([value for _, value, _ in actual], args64, kwargs64)
        actual = [
            (path, np.asarray(value), dtype)
            for (path, _, dtype), value in zip(actual, post, strict=False)
        ]
        if len(post) != len(actual):
            actual = [(f"[{i}]", np.asarray(value), None) for i, value in enumerate(post)]
    expected_dtypes = dict(_expected_leaves(case.out))
    if len(expected_dtypes) == 1 and len(actual) > 1:
        expected_dtypes = {path: case.out for path, _, _ in actual}
    assert len(actual) == len(expected_dtypes), (
        f"{where}: result has {len(actual)} leaves, expected {len(expected_dtypes)}"
    )
    for (path, _, dtype), (_expected_path, expected_dtype) in zip(
        actual, expected_dtypes.items(), strict=False
    ):
        if expected_dtype is None or dtype is None:
            continue
        if expected_dtype == "python":
            continue
        assert dtype == expected_dtype, (
            f"{where}: result{path} dtype {dtype}, expected {expected_dtype}"
        )
    if not case.check_values or case.reference is None:
        return
    desired = case.reference(*args64, **kwargs64)
    desired_leaves = (
        _expected_leaves(desired) if isinstance(desired, list | tuple) else [("", desired)]
    )
    assert len(desired_leaves) == len(actual), (
        f"{where}: result has {len(actual)} leaves, reference has {len(desired_leaves)}"
    )
    for (path, value, dtype), (_, reference_value) in zip(actual, desired_leaves, strict=False):
        if dtype == "python":
            assert value == reference_value, (
                f"{where}: result{path} {value!r} != {reference_value!r}"
            )
            continue
        compare_dtype = dtype or case.dtype
        rtol, atol = tolerance_for(
            case,
            compare_dtype
            if compare_dtype in LOW_FLOATS
            else (case.dtype if case.dtype in LOW_FLOATS else compare_dtype),
        )
        assert_close(value, reference_value, rtol, atol, f"{where}: result{path}")
