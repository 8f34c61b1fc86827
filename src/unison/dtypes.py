"""dtype names and the one promotion table every backend applies.

unison names dtypes with strings (``"float32"``, ``"int32"``, ``"bool"``, ``"bfloat16"``...).
Promotion follows a type lattice (the same shape as JAX's and Keras 3's): integers promote
within their family, any integer meets any float at that float, ``float16`` with
``bfloat16`` gives ``float32``. Python scalars are *weak*: ``int8 tensor + 3`` stays ``int8``,
``int32 tensor + 0.5`` gives the default float (:func:`unison.config.floatx`).

Example:
    >>> from unison import dtypes
    >>> dtypes.result_type("int8", "uint8")
    'int16'
    >>> dtypes.result_type("int32", float)
    'float32'
"""

from __future__ import annotations

import functools
from typing import Any

from unison import config

FLOAT_TYPES = ("bfloat16", "float16", "float32", "float64")
INT_TYPES = ("uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64")
COMPLEX_TYPES = ("complex64", "complex128")
ALLOWED_DTYPES = ("bool", *INT_TYPES, *FLOAT_TYPES, *COMPLEX_TYPES, "string")

# Weak types stand for Python scalars while promoting.
_WEAK_INT = "int"
_WEAK_FLOAT = "float"
_WEAK_COMPLEX = "complex"

# Each entry lists the types directly above a type in the lattice.
_LATTICE: dict[str, tuple[str, ...]] = {
    "bool": (_WEAK_INT,),
    _WEAK_INT: ("uint8", "int8"),
    "uint8": ("uint16", "int16"),
    "uint16": ("uint32", "int32"),
    "uint32": ("uint64", "int64"),
    "uint64": (_WEAK_FLOAT,),
    "int8": ("int16",),
    "int16": ("int32",),
    "int32": ("int64",),
    "int64": (_WEAK_FLOAT,),
    _WEAK_FLOAT: ("float16", "bfloat16", _WEAK_COMPLEX),
    "float16": ("float32",),
    "bfloat16": ("float32",),
    "float32": ("float64", "complex64"),
    "float64": ("complex128",),
    _WEAK_COMPLEX: ("complex64",),
    "complex64": ("complex128",),
    "complex128": (),
}


def _upper_bounds(dtype: str) -> frozenset[str]:
    seen = {dtype}
    stack = [dtype]
    while stack:
        for parent in _LATTICE[stack.pop()]:
            if parent not in seen:
                seen.add(parent)
                stack.append(parent)
    return frozenset(seen)


_BOUNDS = {name: _upper_bounds(name) for name in _LATTICE}


@functools.cache
def _join(a: str, b: str) -> str:
    if a == b:
        return a
    common = _BOUNDS[a] & _BOUNDS[b]
    # The least upper bound is the common bound that is below all the others.
    for candidate in common:
        if common <= _BOUNDS[candidate]:
            return candidate
    raise ValueError(f"No common dtype for {a!r} and {b!r}.")


_ALIASES = {
    "float": "float32",
    "double": "float64",
    "half": "float16",
    "int": "int64",
    "long": "int64",
    "bool_": "bool",
    "boolean": "bool",
    "str": "string",
    "object": "string",
    "complex": "complex128",
}


@functools.lru_cache(maxsize=512)
def _standardize_hashable(dtype: Any) -> str:
    if dtype is bool:
        return "bool"
    if dtype is int:
        return "int64"
    if dtype is complex:
        return "complex128"
    name = dtype if isinstance(dtype, str) else getattr(dtype, "name", None)
    if name is None:
        name = str(dtype)
    # torch.float32 -> "float32", tf.float32 has .name, jax/numpy dtypes have .name
    if name.startswith("torch."):
        name = name[len("torch.") :]
    name = _ALIASES.get(name, name)
    if name not in ALLOWED_DTYPES:
        raise ValueError(
            f"Invalid dtype: expected one of {', '.join(ALLOWED_DTYPES)}; received {dtype!r}."
        )
    return name


def standardize_dtype(dtype: Any = None) -> str:
    """Return unison's string name for ``dtype`` (a string, a framework dtype, or a Python type).

    ``None`` gives the default float. Example: ``standardize_dtype(np.float16) == "float16"``.
    """
    if dtype is None or dtype is float:
        return config.floatx()
    if isinstance(dtype, type) and dtype not in (bool, int, float, complex):
        # numpy scalar types such as np.float32
        dtype = getattr(dtype, "__name__", dtype)
    try:
        return _standardize_hashable(dtype)
    except TypeError:  # unhashable dtype object
        return _standardize_hashable(str(dtype))


def _weak_or_strong(value: Any) -> str:
    """The lattice node of one argument of :func:`result_type`."""
    if value is bool or isinstance(value, bool):
        return "bool"
    if value is int or isinstance(value, int):
        return _WEAK_INT
    if value is float or isinstance(value, float):
        return _WEAK_FLOAT
    if value is complex or isinstance(value, complex):
        return _WEAK_COMPLEX
    dtype = getattr(value, "dtype", value)
    return standardize_dtype(dtype)


def result_type(*dtypes: Any) -> str:
    """The dtype an operation on arguments of these dtypes returns.

    Arguments may be dtype names, framework dtypes, tensors, or Python scalars / types (weak).
    Example: ``result_type("float16", "bfloat16") == "float32"``.
    """
    if not dtypes:
        return config.floatx()
    nodes = [_weak_or_strong(d) for d in dtypes]
    result = nodes[0]
    for node in nodes[1:]:
        result = _join(result, node)
    return _materialize(result)


def _materialize(node: str) -> str:
    if node == _WEAK_INT:
        return "int32"
    if node == _WEAK_FLOAT:
        return config.floatx()
    if node == _WEAK_COMPLEX:
        return "complex64"
    return node


def is_float_dtype(dtype: Any) -> bool:
    """True for float16, bfloat16, float32 and float64."""
    return standardize_dtype(dtype) in FLOAT_TYPES


def is_int_dtype(dtype: Any) -> bool:
    """True for the signed and unsigned integer dtypes."""
    return standardize_dtype(dtype) in INT_TYPES


def is_complex_dtype(dtype: Any) -> bool:
    """True for complex64 and complex128."""
    return standardize_dtype(dtype) in COMPLEX_TYPES


def float_result_type(*dtypes: Any) -> str:
    """Like :func:`result_type`, but integer and bool results become the default float.

    This is the dtype of ops such as ``sqrt`` or ``mean`` on integer input.
    """
    dtype = result_type(*dtypes)
    if dtype in FLOAT_TYPES or dtype in COMPLEX_TYPES:
        return dtype
    return config.floatx()
