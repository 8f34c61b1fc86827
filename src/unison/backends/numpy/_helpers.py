"""Conversion and dtype machinery shared by the NumPy backend modules."""

from __future__ import annotations

import builtins
from typing import Any

import ml_dtypes
import numpy as np

from unison import config, dtypes

ndarray = np.ndarray
BFLOAT16 = np.dtype(ml_dtypes.bfloat16)
FLOAT32 = np.dtype("float32")
INT32 = np.dtype("int32")
BOOL = np.dtype("bool")

_NUMPY_DTYPES: dict[str, np.dtype] = {
    name: np.dtype(name)
    for name in (
        "bool",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "int8",
        "int16",
        "int32",
        "int64",
        "float16",
        "float32",
        "float64",
        "complex64",
        "complex128",
    )
}
_NUMPY_DTYPES["bfloat16"] = BFLOAT16
_NUMPY_DTYPES["string"] = np.dtype(object)
_NAMES: dict[np.dtype, str] = {value: key for key, value in _NUMPY_DTYPES.items()}
FLOATS = frozenset(_NUMPY_DTYPES[name] for name in dtypes.FLOAT_TYPES)
COMPLEXES = frozenset(_NUMPY_DTYPES[name] for name in dtypes.COMPLEX_TYPES)
INEXACT = FLOATS | COMPLEXES
INTEGERS = frozenset(_NUMPY_DTYPES[name] for name in dtypes.INT_TYPES)
# dtypes numpy's own kernels compute in; bfloat16 is promoted to float32 around them.
NATIVE_INEXACT = INEXACT - {BFLOAT16}


def to_numpy_dtype(dtype: Any) -> np.dtype:
    """The numpy dtype for a unison dtype name (or anything standardize_dtype accepts)."""
    found = _NUMPY_DTYPES.get(dtype)
    if found is not None:
        return found
    if dtype is None:
        return _NUMPY_DTYPES[config.floatx()]
    return _NUMPY_DTYPES[dtypes.standardize_dtype(dtype)]


def dtype_name(dtype: np.dtype) -> str:
    """unison's name for a numpy dtype."""
    name = _NAMES.get(dtype)
    if name is not None:
        return name
    if dtype.kind in "USO":
        return "string"
    return dtypes.standardize_dtype(dtype)


def floatx_dtype() -> np.dtype:
    return _NUMPY_DTYPES[config.floatx()]


# -- conversion --------------------------------------------------------------------------
_variable_class: Any = None


def _variable_type() -> Any:
    global _variable_class
    if _variable_class is None:
        from unison.state.variable import Variable

        _variable_class = Variable
    return _variable_class


_PYTHON_SCALARS = frozenset((builtins.bool, int, float, complex))


def _flat_leaves(value: Any, out: list) -> None:
    if isinstance(value, (list, tuple)):
        for item in value:
            _flat_leaves(item, out)
    else:
        out.append(value)


def _from_sequence(value: Any) -> np.ndarray:
    leaves: list = []
    _flat_leaves(value, leaves)
    if not leaves:
        return np.asarray(value, dtype=floatx_dtype())
    kinds = {type(leaf) for leaf in leaves}
    if kinds <= _PYTHON_SCALARS:
        target = to_numpy_dtype(dtypes.result_type(*kinds))
    else:
        converted = [leaf if type(leaf) in _PYTHON_SCALARS else to_array(leaf) for leaf in leaves]
        target = to_numpy_dtype(dtypes.result_type(*converted))
        value = _replace_leaves(value, iter(converted))
    array = np.asarray(value)
    if array.dtype != target:
        _check_int_range(array, target)
        array = array.astype(target)
    return array


def _replace_leaves(value: Any, leaves: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_replace_leaves(item, leaves) for item in value]
    return next(leaves)


def _check_int_range(array: np.ndarray, target: np.dtype) -> None:
    if array.dtype.kind in "iu" and target.kind in "iu" and array.size:
        info = np.iinfo(target)
        if array.max() > info.max or array.min() < info.min:
            raise OverflowError(
                f"Python integer {array.max() if array.max() > info.max else array.min()} "
                f"is out of range for {target.name}."
            )


def _convert_other(x: Any) -> np.ndarray:
    if isinstance(x, np.ndarray):
        return np.asarray(x)
    if isinstance(x, np.generic):
        return np.asarray(x)
    if isinstance(x, builtins.bool):
        return np.asarray(x, dtype=BOOL)
    if isinstance(x, int):
        if -(2**31) <= x < 2**31:
            return np.asarray(x, dtype=INT32)
        raise OverflowError(f"Python integer {x} is out of range for int32.")
    if isinstance(x, float):
        return np.asarray(x, dtype=floatx_dtype())
    if isinstance(x, complex):
        return np.asarray(x, dtype=np.complex64)
    if isinstance(x, (list, tuple)):
        return _from_sequence(x)
    if isinstance(x, _variable_type()):
        return to_array(x.value)
    module = type(x).__module__
    if module.startswith("torch"):
        x = x.detach().cpu()
        if str(x.dtype) == "torch.bfloat16":
            import torch

            return x.to(torch.float32).numpy().astype(BFLOAT16)
        return x.numpy()
    if module.startswith("tensorflow") and hasattr(x, "numpy"):
        result = x.numpy()
        return np.asarray(result)
    if isinstance(x, (str, bytes)):
        return np.asarray(x, dtype=object)
    try:
        return np.asarray(x)
    except Exception as error:  # noqa: BLE001
        raise TypeError(
            f"Cannot convert a value of type {type(x).__name__} to a numpy array: {error}"
        ) from None


def to_array(x: Any) -> np.ndarray:
    """``x`` as a numpy array, with unison's policy for Python data (floats -> floatx)."""
    if type(x) is np.ndarray:
        return x
    return _convert_other(x)


def is_python_scalar(x: Any) -> bool:
    return type(x) in (int, float, builtins.bool, complex)


# -- promotion ---------------------------------------------------------------------------
_promotion_cache: dict[tuple, np.dtype] = {}


def _node(x: Any) -> Any:
    kind = type(x)
    if kind in (int, float, builtins.bool, complex):
        return kind
    return x.dtype


def promoted_dtype(*values: Any) -> np.dtype:
    """The numpy dtype unison's promotion gives for these arrays / Python scalars."""
    key = (*(_node(value) for value in values), config.floatx())
    found = _promotion_cache.get(key)
    if found is None:
        nodes = [node if isinstance(node, type) else dtype_name(node) for node in key[:-1]]
        found = to_numpy_dtype(dtypes.result_type(*nodes))
        _promotion_cache[key] = found
    return found


def promote(x1: Any, x2: Any) -> tuple[np.ndarray, np.ndarray]:
    """Both arguments as arrays of their unison result dtype (Python scalars are weak)."""
    if type(x1) is np.ndarray:
        if type(x2) is np.ndarray and x1.dtype == x2.dtype:
            return x1, x2
    elif not is_python_scalar(x1):
        x1 = to_array(x1)
    if type(x2) is not np.ndarray and not is_python_scalar(x2):
        x2 = to_array(x2)
    target = promoted_dtype(x1, x2)
    return as_dtype(x1, target), as_dtype(x2, target)


def promote_all(*values: Any) -> list[np.ndarray]:
    arrays = [
        value if type(value) is np.ndarray or is_python_scalar(value) else to_array(value)
        for value in values
    ]
    target = promoted_dtype(*arrays)
    return [as_dtype(value, target) for value in arrays]


def as_dtype(x: Any, dtype: np.dtype) -> np.ndarray:
    if type(x) is np.ndarray:
        if x.dtype == dtype:
            return x
        return x.astype(dtype)
    return np.asarray(x, dtype=dtype)


def float_dtype_of(dtype: np.dtype) -> np.dtype:
    """Inexact dtypes stay; integers and bool become floatx."""
    if dtype in INEXACT:
        return dtype
    return floatx_dtype()


def to_float_array(x: Any) -> np.ndarray:
    """``x`` as an array of an inexact dtype (integers and bool become floatx)."""
    x = to_array(x)
    if x.dtype in INEXACT:
        return x
    return x.astype(floatx_dtype())


def compute_dtype(dtype: np.dtype) -> np.dtype:
    """Where numpy lacks fast kernels (bfloat16, float16 in some ops) compute in float32."""
    if dtype == BFLOAT16:
        return FLOAT32
    return dtype


def unary_float(function: Any) -> Any:
    """Wrap a numpy ufunc so int/bool input gives floatx and bfloat16 computes in float32."""

    def operation(x):
        if type(x) is not np.ndarray:
            x = to_array(x)
        dtype = x.dtype
        if dtype.kind in "fc":
            return function(x)
        if dtype != BFLOAT16:
            dtype = floatx_dtype()
            if dtype != BFLOAT16:
                return function(x.astype(dtype))
        return function(x.astype(FLOAT32)).astype(BFLOAT16)

    operation.__name__ = getattr(function, "__name__", "operation")
    return operation


def with_dtype(result: Any, dtype: np.dtype) -> np.ndarray:
    """``result`` as an array of ``dtype`` (numpy scalars become 0-d arrays)."""
    if type(result) is np.ndarray and result.dtype == dtype:
        return result
    return np.asarray(result, dtype=dtype)


def canonical_axis(axis: Any) -> Any:
    if axis is None or isinstance(axis, int):
        return axis
    if isinstance(axis, list):
        return tuple(axis)
    if isinstance(axis, np.ndarray):
        return tuple(int(a) for a in axis.reshape(-1))
    return axis


def standard_shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, (int, np.integer)):
        return (int(shape),)
    if isinstance(shape, np.ndarray):
        return tuple(int(dim) for dim in shape.reshape(-1))
    try:
        return tuple(int(dim) for dim in shape)
    except TypeError:
        raise TypeError(f"Invalid shape: expected a tuple of ints; received {shape!r}.") from None
