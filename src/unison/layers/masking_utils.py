"""Masks travel with tensors: ``set_mask`` / ``get_mask``.

A mask is stored as the ``_keras_mask`` attribute where the tensor type allows attributes
(symbolic tensors, torch and TF tensors) and otherwise in a side table keyed by the tensor's
identity that forgets the entry when the tensor is garbage-collected (NumPy and JAX arrays).
"""

from __future__ import annotations

import weakref
from typing import Any

_side_table: dict[int, tuple[Any, Any]] = {}


def _forget(key: int) -> None:
    _side_table.pop(key, None)


def set_mask(tensor: Any, mask: Any) -> None:
    """Attach ``mask`` (or ``None`` to remove it) to ``tensor``."""
    try:
        tensor._keras_mask = mask
        return
    except (AttributeError, TypeError):
        pass
    key = id(tensor)
    if mask is None:
        _side_table.pop(key, None)
        return
    try:
        reference = weakref.ref(tensor, lambda _, key=key: _forget(key))
    except TypeError:
        return  # neither attributes nor weak references: the mask cannot travel
    _side_table[key] = (reference, mask)


def get_mask(tensor: Any) -> Any:
    """The mask attached to ``tensor``, or ``None``."""
    mask = getattr(tensor, "_keras_mask", None)
    if mask is not None:
        return mask
    entry = _side_table.get(id(tensor))
    if entry is not None and entry[0]() is tensor:
        return entry[1]
    return None
