"""Conversion, dtype maps and promotion helpers shared by the JAX backend modules."""

from __future__ import annotations

import functools
from typing import Any

import jax
import jax.numpy as jnp
import ml_dtypes
import numpy as np

from unison import config, dtypes

ArrayImpl = type(jnp.zeros(()))
Tracer = jax.core.Tracer
JaxArray = jax.Array
_PY_SCALARS = (int, float, bool, complex)


def _build_dtype_map() -> dict[str, np.dtype]:
    x64 = bool(jax.config.read("jax_enable_x64"))
    table = {}
    for name in dtypes.ALLOWED_DTYPES:
        if name == "string":
            continue
        if name == "bfloat16":
            table[name] = np.dtype(ml_dtypes.bfloat16)
            continue
        dtype = np.dtype(name)
        if not x64:
            dtype = {
                "int64": np.dtype("int32"),
                "uint64": np.dtype("uint32"),
                "float64": np.dtype("float32"),
                "complex128": np.dtype("complex64"),
            }.get(name, dtype)
        table[name] = dtype
    return table


JAX_DTYPES = _build_dtype_map()


def jax_dtype(dtype: Any) -> np.dtype:
    """The (possibly narrowed) numpy dtype jax uses for a unison dtype or any dtype object."""
    found = JAX_DTYPES.get(dtype) if type(dtype) is str else None
    if found is not None:
        return found
    return JAX_DTYPES[dtypes.standardize_dtype(dtype)]


def floatx_dtype() -> np.dtype:
    return JAX_DTYPES[config.floatx()]


def dtype_name(x: Any) -> str:
    return x.dtype.name


def _flatten_list(value: Any, out: list) -> list:
    for item in value:
        if isinstance(item, (list, tuple)):
            _flatten_list(item, out)
        else:
            out.append(item)
    return out


def _leaf_dtype(item: Any) -> Any:
    if isinstance(item, _PY_SCALARS):
        return type(item)
    dtype = getattr(item, "dtype", None)
    if dtype is None:
        if hasattr(item, "value") and hasattr(item, "backend"):
            return item.dtype
        return np.asarray(item).dtype
    if isinstance(dtype, str):
        return dtype
    return dtypes.standardize_dtype(dtype)


def _from_foreign(x: Any) -> Any:
    """NumPy view of a tensor from another framework (torch, tensorflow) or array-like."""
    module = type(x).__module__
    if module.startswith("torch"):
        x = x.detach()
        if x.device.type != "cpu":
            x = x.cpu()
        if str(x.dtype) == "torch.bfloat16":
            return x.float().numpy().astype(ml_dtypes.bfloat16)
        return x.numpy()
    if hasattr(x, "numpy") and (module.startswith("tensorflow") or module.startswith("tf")):
        return x.numpy()
    return np.asarray(x)


def convert_to_tensor(x: Any, dtype: Any = None, sparse: Any = None, ragged: Any = None) -> Any:
    """A ``jax.Array`` from ``x`` (jax / numpy / torch / tf data, Variables, Python data)."""
    if sparse:
        raise NotImplementedError("The jax backend does not support sparse tensors (sparse=True).")
    if ragged:
        raise NotImplementedError("The jax backend does not support ragged tensors (ragged=True).")
    if type(x) is ArrayImpl or isinstance(x, JaxArray):
        if dtype is None:
            return x
        target = jax_dtype(dtype)
        if x.dtype == target:
            return x
        return x.astype(target)
    target = None if dtype is None else jax_dtype(dtype)
    if isinstance(x, np.ndarray) or isinstance(x, np.generic):
        if target is None:
            return jnp.asarray(
                x, dtype=jax_dtype(x.dtype.name) if x.dtype.name != "bfloat16" else None
            )
        return jnp.asarray(x, dtype=target)
    if isinstance(x, bool):
        return jnp.asarray(x, dtype=target or np.dtype("bool"))
    if isinstance(x, int):
        return jnp.asarray(x, dtype=target or np.dtype("int32"))
    if isinstance(x, float):
        return jnp.asarray(x, dtype=target or floatx_dtype())
    if isinstance(x, complex):
        return jnp.asarray(x, dtype=target or np.dtype("complex64"))
    if isinstance(x, (list, tuple)):
        leaves = _flatten_list(x, [])
        if target is None:
            target = jax_dtype(dtypes.result_type(*[_leaf_dtype(leaf) for leaf in leaves]))
        if any(isinstance(leaf, JaxArray) for leaf in leaves):
            return jnp.asarray(_convert_leaves(x), dtype=target)
        if any(not isinstance(leaf, _PY_SCALARS) for leaf in leaves):
            x = convert_to_numpy_leaf(x)
        return jnp.asarray(np.asarray(x, dtype=target), dtype=target)
    if hasattr(x, "value") and hasattr(x, "assign") and hasattr(x, "backend"):
        # a unison Variable, possibly of another backend
        return convert_to_tensor(x.value, dtype)
    if type(x).__name__ == "SymbolicTensor":
        raise TypeError(
            "convert_to_tensor: received a SymbolicTensor (no values). Symbolic tensors are "
            "placeholders for building functional models; call the model on real data."
        )
    array = _from_foreign(x)
    if array.dtype.kind in "OUS":
        raise TypeError(
            f"convert_to_tensor: cannot convert a value of type {type(x).__name__} "
            f"(numpy dtype {array.dtype}) to a jax array."
        )
    if target is None:
        target = jax_dtype(array.dtype.name)
    return jnp.asarray(array, dtype=target)


def _convert_leaves(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_convert_leaves(v) for v in value]
    if isinstance(value, (JaxArray, *_PY_SCALARS)):
        return value
    return convert_to_tensor(value)


def convert_to_numpy_leaf(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [convert_to_numpy_leaf(v) for v in value]
    if isinstance(value, _PY_SCALARS):
        return value
    if hasattr(value, "value") and hasattr(value, "assign") and hasattr(value, "backend"):
        value = value.value
    if isinstance(value, (np.ndarray, np.generic)):
        return value
    return _from_foreign(value)


def to_tensor(x: Any) -> Any:
    """Fast conversion without a dtype request."""
    if type(x) is ArrayImpl:
        return x
    return convert_to_tensor(x)


@functools.lru_cache(maxsize=4096)
def _promoted_cached(floatx: str, *keys: Any) -> np.dtype:
    # floatx is part of the key: weak floats materialise as the default float
    return JAX_DTYPES[dtypes.result_type(*keys)]


def _promoted(*keys: Any) -> np.dtype:
    return _promoted_cached(config.floatx(), *keys)


def _key(x: Any) -> Any:
    if isinstance(x, _PY_SCALARS):
        return type(x)
    return x.dtype.name


def promote(*args: Any) -> list:
    """Convert ``args`` to jax arrays of the unison result dtype (Python scalars are weak)."""
    converted = [a if isinstance(a, _PY_SCALARS) else to_tensor(a) for a in args]
    target = _promoted(*[_key(a) for a in converted])
    return [
        jnp.asarray(a, dtype=target)
        if isinstance(a, _PY_SCALARS)
        else (a if a.dtype == target else a.astype(target))
        for a in converted
    ]


def promote_keep_scalars(x1: Any, x2: Any) -> tuple:
    """Like :func:`promote` for two args, but leaves weak Python scalars to jax when safe."""
    if isinstance(x2, _PY_SCALARS) and not isinstance(x1, _PY_SCALARS):
        x1 = to_tensor(x1)
        target = _promoted(x1.dtype.name, type(x2))
        if x1.dtype != target:
            x1 = x1.astype(target)
        return x1, x2
    if isinstance(x1, _PY_SCALARS) and not isinstance(x2, _PY_SCALARS):
        x2 = to_tensor(x2)
        target = _promoted(type(x1), x2.dtype.name)
        if x2.dtype != target:
            x2 = x2.astype(target)
        return x1, x2
    return tuple(promote(x1, x2))


def result_dtype(*keys: Any) -> np.dtype:
    return _promoted(*keys)


_FLOAT_KINDS = "fc"


def to_float(x: Any) -> Any:
    """Convert to a jax array; integers and bool become floatx."""
    x = to_tensor(x)
    if x.dtype.kind in _FLOAT_KINDS or x.dtype == JAX_DTYPES["bfloat16"]:
        return x
    return x.astype(floatx_dtype())


def is_float(dtype: Any) -> bool:
    return np.dtype(dtype).kind == "f" or np.dtype(dtype) == JAX_DTYPES["bfloat16"]


def standard_axis(axis: Any) -> Any:
    if isinstance(axis, list):
        return tuple(axis)
    return axis


def shape_tuple(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    if isinstance(shape, (list, tuple)):
        return tuple(int(d) for d in shape)
    return tuple(int(d) for d in np.asarray(convert_to_numpy_leaf(shape)).reshape(-1))
