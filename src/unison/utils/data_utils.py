"""Helpers on training data and graphs: ``pack_x_y_sample_weight``,
``unpack_x_y_sample_weight``, ``get_source_inputs`` and ``is_keras_tensor``."""

from __future__ import annotations

from typing import Any

from unison import tree
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "get_source_inputs",
    "is_keras_tensor",
    "pack_x_y_sample_weight",
    "unpack_x_y_sample_weight",
]


def pack_x_y_sample_weight(x: Any, y: Any = None, sample_weight: Any = None) -> Any:
    """The batch ``fit`` expects: ``x``, ``(x, y)`` or ``(x, y, sample_weight)``.

    A tuple or list ``x`` without ``y`` is wrapped as ``(x,)`` so it stays one input.

    Example:
        >>> x, y = unison.utils.unpack_x_y_sample_weight(
        ...     unison.utils.pack_x_y_sample_weight(features, labels))[:2]
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """Split a batch into ``(x, y, sample_weight)``; missing parts are ``None``.

    Example:
        >>> unison.utils.unpack_x_y_sample_weight((features, labels))
        (features, labels, None)
    """
    from unison.training.data_adapters.generator_adapter import unpack_x_y_sample_weight as unpack

    return unpack(data)


def is_keras_tensor(x: Any) -> bool:
    """Whether ``x`` is a symbolic tensor (``unison.Input`` or a layer output on one)."""
    return isinstance(x, SymbolicTensor)


def get_source_inputs(tensor: Any) -> list:
    """The input tensors a symbolic ``tensor`` was computed from (walking back through
    the graph to ``unison.Input`` tensors or tensors with no producer), each once.

    Example:
        >>> inputs = unison.Input((3,))
        >>> unison.utils.get_source_inputs(unison.layers.Dense(2)(inputs))[0] is inputs
        True
    """
    from unison.layers.input_layer import InputLayer

    if not isinstance(tensor, SymbolicTensor):
        return tensor
    sources: list = []
    seen: set[int] = set()
    stack = [tensor]
    visited: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        node = current.producer
        if node is None or isinstance(node.operation, InputLayer):
            if id(current) not in seen:
                seen.add(id(current))
                sources.append(current)
            continue
        parents = [leaf for leaf in tree.flatten((node.args, node.kwargs))]
        stack.extend(reversed([leaf for leaf in parents if isinstance(leaf, SymbolicTensor)]))
    return sources
