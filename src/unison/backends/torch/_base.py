"""Conversion, dtype maps and promotion helpers shared by the torch backend modules."""

from __future__ import annotations

import ml_dtypes
import numpy as np
import torch

from unison import config, dtypes

Tensor = torch.Tensor
Parameter = torch.nn.Parameter
# Types accepted on fast paths as-is (Variables store Parameters).
NATIVE_TYPES = frozenset({Tensor, Parameter})
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")

TORCH_DTYPES: dict[str, torch.dtype] = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "uint16": torch.uint16,
    "uint32": torch.uint32,
    "uint64": torch.uint64,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "bfloat16": torch.bfloat16,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
DTYPE_NAMES: dict[torch.dtype, str] = {value: key for key, value in TORCH_DTYPES.items()}
FLOAT_DTYPES = frozenset((torch.float16, torch.bfloat16, torch.float32, torch.float64))
COMPLEX_DTYPES = frozenset((torch.complex64, torch.complex128))
INEXACT_DTYPES = FLOAT_DTYPES | COMPLEX_DTYPES
INT_DTYPES = frozenset(TORCH_DTYPES[name] for name in dtypes.INT_TYPES)
# Unsigned types torch stores but cannot compute with: computed in int64 and cast back.
WIDE_UNSIGNED = frozenset((torch.uint16, torch.uint32, torch.uint64))
_NUMPY_TO_TORCH = {
    np.dtype(name): TORCH_DTYPES[name] for name in TORCH_DTYPES if name != "bfloat16"
}
_NUMPY_TO_TORCH[np.dtype(ml_dtypes.bfloat16)] = torch.bfloat16


def to_torch_dtype(dtype) -> torch.dtype:
    """The torch dtype for a unison dtype name (or anything ``standardize_dtype`` accepts)."""
    found = TORCH_DTYPES.get(dtype)
    if found is not None:
        return found
    if isinstance(dtype, torch.dtype):
        return dtype
    name = dtypes.standardize_dtype(dtype)
    found = TORCH_DTYPES.get(name)
    if found is None:
        raise TypeError(f"dtype {name!r} is not supported by the torch backend.")
    return found


def floatx_dtype() -> torch.dtype:
    return TORCH_DTYPES[config.floatx()]


def dtype_name(x) -> str:
    """unison dtype name of a torch tensor."""
    return DTYPE_NAMES[x.dtype]


def _from_numpy(array: np.ndarray) -> Tensor:
    if array.dtype == ml_dtypes.bfloat16:
        array = np.ascontiguousarray(array).view(np.uint16)
        return torch.from_numpy(array.copy()).view(torch.bfloat16).to(DEVICE)
    if array.dtype not in _NUMPY_TO_TORCH:
        if array.dtype.kind in "USO":
            raise TypeError(
                f"The torch backend cannot hold {array.dtype} data (strings or objects); "
                "received a NumPy array of that dtype."
            )
        raise TypeError(f"Unsupported NumPy dtype for the torch backend: {array.dtype}.")
    if not array.flags.writeable or not array.flags.c_contiguous:
        array = np.array(array, copy=True, order="C")
    tensor = torch.from_numpy(array)
    if DEVICE.type != "cpu":
        tensor = tensor.to(DEVICE)
    return tensor


def _python_scalar(x, dtype) -> Tensor:
    if dtype is None:
        if isinstance(x, bool):
            dtype = torch.bool
        elif isinstance(x, int):
            dtype = torch.int32
        elif isinstance(x, float):
            dtype = floatx_dtype()
        else:
            dtype = torch.complex64
    return torch.tensor(x, dtype=dtype, device=DEVICE)


def _has_tensor_leaf(x) -> bool:
    for item in x:
        if isinstance(item, (list, tuple)):
            if _has_tensor_leaf(item):
                return True
        elif not isinstance(item, (bool, int, float, complex, np.generic)):
            return True
    return False


def _from_sequence(x, dtype) -> Tensor:
    if _has_tensor_leaf(x):
        parts = [convert_to_tensor(item) for item in x]
        if not parts:
            return torch.zeros((0,), dtype=dtype or floatx_dtype(), device=DEVICE)
        common = dtype or to_torch_dtype(dtypes.result_type(*(DTYPE_NAMES[p.dtype] for p in parts)))
        return torch.stack([p.to(common) for p in parts])
    array = np.asarray(x)
    if dtype is None:
        kind = array.dtype.kind
        if kind in "fiu" and not _all_python(x, float, int, bool):
            dtype = TORCH_DTYPES[dtypes.result_type(*_leaf_nodes(x))]
        elif kind == "f":
            dtype = floatx_dtype()
        elif kind in "iu":
            dtype = torch.int32
            if array.size and (array.max() > 2**31 - 1 or array.min() < -(2**31)):
                dtype = torch.int64
        elif kind == "c":
            dtype = torch.complex64
        elif kind == "b":
            dtype = torch.bool
        else:
            return _from_numpy(array)
    if dtype is torch.bfloat16 or dtype in WIDE_UNSIGNED:
        return _from_numpy(array).to(dtype)
    return torch.as_tensor(array, dtype=dtype, device=DEVICE)


def _leaf_nodes(x) -> list:
    nodes = []
    for item in x:
        if isinstance(item, (list, tuple)):
            nodes.extend(_leaf_nodes(item))
        elif type(item) in (bool, int, float, complex):
            nodes.append(item)
        else:
            nodes.append(dtypes.standardize_dtype(np.asarray(item).dtype))
    return nodes


def _all_python(x, *types) -> bool:
    for item in x:
        if isinstance(item, (list, tuple)):
            if not _all_python(item, *types):
                return False
        elif type(item) not in types:
            return False
    return True


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A torch tensor for ``x`` (tensor, Variable, array, scalar, list, other framework)."""
    kind = type(x)
    if kind is Tensor or kind is Parameter:
        if dtype is None:
            return x
        target = to_torch_dtype(dtype)
        return x if x.dtype == target else x.to(target)
    if sparse:
        raise NotImplementedError("The torch backend does not support sparse tensors.")
    if ragged:
        raise NotImplementedError("The torch backend does not support ragged tensors.")
    target = None if dtype is None else to_torch_dtype(dtype)
    if kind is bool or kind is int or kind is float or kind is complex:
        return _python_scalar(x, target)
    if isinstance(x, Tensor):
        tensor = x
    elif isinstance(x, np.ndarray):
        tensor = _from_numpy(x)
    elif isinstance(x, np.generic):
        tensor = _from_numpy(np.asarray(x))
    elif isinstance(x, (list, tuple)):
        tensor = _from_sequence(x, target)
    elif hasattr(x, "value") and hasattr(x, "backend") and hasattr(x, "assign"):
        return convert_to_tensor(x.value, dtype)
    elif hasattr(x, "__dlpack__") and type(x).__module__.startswith("jax"):
        tensor = _from_foreign(x)
    elif hasattr(x, "numpy") or hasattr(x, "__array__"):
        array = x.numpy() if hasattr(x, "numpy") else np.asarray(x)
        tensor = _from_numpy(np.asarray(array))
    else:
        raise TypeError(
            f"Cannot convert an object of type {kind.__name__} to a torch tensor: expected a "
            "tensor, array, Variable, scalar or nested list."
        )
    if target is not None and tensor.dtype != target:
        tensor = tensor.to(target)
    return tensor


def _from_foreign(x) -> Tensor:
    try:
        return torch.from_dlpack(x).to(DEVICE)
    except Exception:  # noqa: BLE001 - any framework refusing DLPack falls back to NumPy
        return _from_numpy(np.asarray(x))


def convert_to_numpy(x):
    """A NumPy array copy of ``x`` (bfloat16 becomes ``ml_dtypes.bfloat16``)."""
    if not isinstance(x, Tensor):
        x = convert_to_tensor(x)
    x = x.detach()
    if x.device.type != "cpu":
        x = x.cpu()
    if x.is_conj():
        x = x.resolve_conj()
    if x.dtype is torch.bfloat16:
        return x.view(torch.int16).numpy().view(ml_dtypes.bfloat16).copy()
    return x.numpy().copy()


# -- promotion -----------------------------------------------------------------------------
def _node(x):
    """The lattice node (weak scalar or dtype name) of one argument."""
    kind = type(x)
    if kind is Tensor or kind is Parameter:
        return DTYPE_NAMES[x.dtype]
    if kind is bool or kind is int or kind is float or kind is complex:
        return x
    if isinstance(x, Tensor):
        return DTYPE_NAMES[x.dtype]
    return DTYPE_NAMES[convert_to_tensor(x).dtype]


def promote(*args):
    """Tensors of the unison result dtype for ``args``; Python scalars stay weak scalars.

    Returns ``(converted_args, torch_result_dtype)``. At least one result is a tensor.
    """
    result = to_torch_dtype(dtypes.result_type(*(_node(a) for a in args)))
    out = []
    for a in args:
        kind = type(a)
        if kind is bool or kind is int or kind is float or kind is complex:
            out.append(a)
        else:
            out.append(convert_to_tensor(a, result))
    if all(not isinstance(a, Tensor) for a in out):
        out[0] = torch.tensor(out[0], dtype=result, device=DEVICE)
    return out, result


def promote_tensors(*args):
    """Like :func:`promote` but every argument becomes a tensor of the result dtype."""
    result = to_torch_dtype(dtypes.result_type(*(_node(a) for a in args)))
    return [convert_to_tensor(a, result) for a in args], result


def to_float(x):
    """``x`` as a tensor of an inexact dtype (integers and bool become floatx)."""
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if x.dtype in INEXACT_DTYPES:
        return x
    return x.to(floatx_dtype())


def compute_dtype(dtype: torch.dtype) -> torch.dtype:
    """The dtype torch can compute in for ``dtype`` (wide unsigned ints go through int64)."""
    if dtype in WIDE_UNSIGNED:
        return torch.int64
    return dtype


def canonical_axis(axis, ndim: int):
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(a % ndim if ndim else a for a in axis)
    return axis % ndim if ndim else axis


def to_int_tuple(shape) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    if isinstance(shape, Tensor):
        return tuple(int(v) for v in shape.reshape(-1).tolist())
    return tuple(int(v) if not isinstance(v, Tensor) else int(v.item()) for v in shape)
