"""Helpers shared by the public op modules: argument checks and hand-written output specs.

Nothing here is public API. Everything is cheap: the ops call these only for arguments that are
not already in their normal form.
"""

from __future__ import annotations

import builtins
from typing import Any

from unison import config, dtypes
from unison.backend import current
from unison.symbolic.tensor import Node, SymbolicTensor, is_symbolic, symbolic_call
from unison.tree import flatten

TensorLike = Any  # a native tensor, NumPy array, Python scalar / nested list or Variable

_DTYPE_NAMES = frozenset(dtypes.ALLOWED_DTYPES)
_PADDINGS = ("valid", "same")

__all__ = [
    "SymbolicTensor",
    "TensorLike",
    "any_symbolic",
    "check_choice",
    "check_positive",
    "current",
    "dtype_or_floatx",
    "dtype_or_none",
    "is_symbolic",
    "normalize_axis",
    "normalize_padding",
    "symbolic_call",
    "symbolic_result",
    "unknown_spec",
]


def any_symbolic(*values: Any) -> bool:
    """True when any value (or any leaf of a list / tuple / dict value) is symbolic."""
    for value in values:
        if type(value) is SymbolicTensor:
            return True
        if isinstance(value, (list, tuple, dict)) and is_symbolic(value):
            return True
    return False


def dtype_or_none(dtype: Any) -> str | None:
    """The unison name of ``dtype``, keeping ``None`` (meaning: infer it from the inputs)."""
    if dtype is None or (dtype.__class__ is str and dtype in _DTYPE_NAMES):
        return dtype
    return dtypes.standardize_dtype(dtype)


def dtype_or_floatx(dtype: Any) -> str:
    """The unison name of ``dtype``; ``None`` means the configured default float."""
    if dtype.__class__ is str and dtype in _DTYPE_NAMES:
        return dtype
    return dtypes.standardize_dtype(dtype)


def normalize_axis(axis: Any, op_name: str, allow_tuple: bool = True) -> Any:
    """Validate ``axis`` (None, int, or a sequence of ints) and return it with lists as tuples."""
    if axis is None or type(axis) is int:
        return axis
    if isinstance(axis, (list, tuple)):
        if allow_tuple and builtins.all(_is_int(item) for item in axis):
            return tuple(int(item) for item in axis)
    elif _is_int(axis):
        return int(axis)
    expected = "None, an int or a tuple of ints" if allow_tuple else "None or an int"
    raise TypeError(f"{op_name}: `axis` must be {expected}; received {axis!r}.")


def _is_int(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    # NumPy integer scalars
    return (
        getattr(value, "dtype", None) is not None
        and getattr(value, "ndim", 1) == 0
        and (str(value.dtype).startswith(("int", "uint")))
    )


def check_positive(value: Any, name: str, op_name: str, allow_none: bool = False) -> Any:
    """Check ``value`` is a positive int or a sequence of positive ints; return it unchanged."""
    if value is None and allow_none:
        return value
    if _is_int(value):
        if value > 0:
            return value
    elif isinstance(value, (list, tuple)) and value:
        if builtins.all(_is_int(item) and item > 0 for item in value):
            return value
    raise ValueError(
        f"{op_name}: `{name}` must be a positive int or a tuple of positive ints; "
        f"received {value!r}."
    )


def normalize_padding(padding: Any, op_name: str) -> str:
    """Lower-case ``padding`` and check it is ``"valid"`` or ``"same"``."""
    if padding == "valid" or padding == "same":
        return padding
    value = padding.lower() if isinstance(padding, str) else padding
    if value not in _PADDINGS:
        raise ValueError(
            f"{op_name}: `padding` must be 'valid' or 'same' (any case); received {padding!r}."
        )
    return value


def check_choice(value: Any, choices: tuple, name: str, op_name: str) -> Any:
    """Raise a ValueError naming ``name`` unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise ValueError(
            f"{op_name}: `{name}` must be one of {', '.join(repr(c) for c in choices)}; "
            f"received {value!r}."
        )
    return value


def unknown_spec(shape: Any, dtype: Any) -> SymbolicTensor:
    """A symbolic output of the given (partly unknown) shape, for hand-written rules."""
    return SymbolicTensor(tuple(shape), dtype)


def symbolic_result(operation: Any, args: tuple, kwargs: dict, outputs: Any) -> Any:
    """Record a graph Node for outputs whose shapes were computed by hand.

    Used where abstract evaluation cannot know a shape (data-dependent sizes such as
    ``nonzero`` or ``unique``). Mirrors what ``symbolic_call`` records.
    """
    node = Node(operation, args, kwargs, outputs)
    for index, leaf in enumerate(flatten(outputs)):
        if type(leaf) is SymbolicTensor:
            leaf.producer = node
            leaf.output_index = index
    return outputs


def epsilon_or_default(epsilon: Any) -> Any:
    """``None`` -> the configured fuzz factor (``unison.config.epsilon()``)."""
    return config.epsilon() if epsilon is None else epsilon
