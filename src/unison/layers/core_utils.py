"""Small helpers shared by the built-in layers: weight reads, argument checks, tuples."""

from __future__ import annotations

from typing import Any

from unison import ops
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "check_positive_int",
    "check_quantization_config",
    "normalize_tuple",
    "output_dtype",
    "read_weight",
    "symbolic_like",
]


def read_weight(layer: Any, variable: Any) -> Any:
    """The value of ``variable`` in the layer's compute dtype (mixed precision autocast)."""
    value = variable.value
    policy = layer.dtype_policy
    if (
        policy._compute != policy._variable
        and layer.autocast
        and variable.dtype == policy._variable
    ):
        return ops.cast(value, policy._compute)
    return value


def check_positive_int(value: Any, name: str, layer: str) -> int:
    """``value`` as an int, or a ValueError naming the argument when it is not positive."""
    if isinstance(value, bool) or not isinstance(value, int) and not _is_numpy_int(value):
        raise ValueError(
            f"{layer}: `{name}` must be a positive int; received {value!r} of type "
            f"{type(value).__name__}."
        )
    if value <= 0:
        raise ValueError(f"{layer}: `{name}` must be a positive int; received {value!r}.")
    return int(value)


def _is_numpy_int(value: Any) -> bool:
    return type(value).__module__ == "numpy" and str(getattr(value, "dtype", "")).startswith(
        ("int", "uint")
    )


def check_quantization_config(config: Any, layer: str) -> None:
    """Quantized layers are not available: accept only ``None``."""
    if config is not None:
        raise NotImplementedError(
            f"{layer}: quantization (quantization_config={config!r}) is not supported; "
            f"pass quantization_config=None."
        )


def normalize_tuple(value: Any, n: int, name: str, layer: str, allow_zero: bool = False) -> tuple:
    """An int or a sequence of ``n`` ints as a tuple of ``n`` ints (checked)."""
    if isinstance(value, int) and not isinstance(value, bool):
        values = (value,) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise ValueError(
                f"{layer}: `{name}` must be an int or a tuple of {n} ints; received {value!r}."
            ) from None
        if len(values) != n:
            raise ValueError(
                f"{layer}: `{name}` must be an int or a tuple of {n} ints; received {value!r}."
            )
    minimum = 0 if allow_zero else 1
    for item in values:
        if isinstance(item, bool) or not isinstance(item, int) and not _is_numpy_int(item):
            raise ValueError(f"{layer}: `{name}` must contain only ints; received {value!r}.")
        if item < minimum:
            qualifier = "non-negative" if allow_zero else "positive"
            raise ValueError(f"{layer}: `{name}` values must be {qualifier}; received {value!r}.")
    return tuple(int(item) for item in values)


def output_dtype(layer: Any, dtype: str) -> str:
    """The dtype a shape-only layer outputs: floats follow the compute dtype when autocasting."""
    if layer.autocast and "float" in dtype:
        return layer.compute_dtype
    return dtype


def symbolic_like(shape: tuple, dtype: str) -> SymbolicTensor:
    """A fresh symbolic tensor (used by ``compute_output_spec`` implementations)."""
    return SymbolicTensor(tuple(shape), dtype)
