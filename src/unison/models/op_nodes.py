"""Ops applied directly to symbolic tensors, in functional model configs.

Keras 3 writes such a node as a layer entry of an op class, e.g. ``{"module":
"keras.src.ops.numpy", "class_name": "Add", "config": {"name": "add_1"}}``, with the op's
non-tensor arguments in ``config`` and its tensor arguments in the node's ``args``. unison
writes its op nodes the same way and reads Keras's back as calls of the public op function.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

from unison import ops
from unison.symbolic.tensor import SymbolicTensor

# Parameters that carry tensors (kept in the node's args); other parameters are op settings.
_TENSOR_PARAMETERS = frozenset(
    {
        "x", "x1", "x2", "y", "a", "b", "inputs", "condition", "indices", "values", "updates",
        "target", "output", "kernel", "tensor", "elements", "xs", "xp", "fp", "weights", "mask",
        "query", "key", "value", "bias", "mean", "variance", "offset", "scale", "logits",
        "data", "segment_ids", "sequence_lengths", "targets", "predictions", "start_indices",
        "operands", "arrays", "pred", "index",
    }
)  # fmt: skip
_FAMILIES = ("numpy", "nn", "math", "linalg", "image", "core")


def op_family(function: Any) -> str:
    """``numpy`` / ``nn`` / ``math`` / ``linalg`` / ``image`` / ``core`` from its module."""
    module = getattr(function, "__module__", "") or ""
    leaf = module.rsplit(".", 1)[-1]
    for family in _FAMILIES:
        if leaf == family or leaf.startswith(family + "_"):
            return family
    return "core"


def camel_case(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def is_op(operation: Any) -> bool:
    return callable(operation) and getattr(operation, "__module__", "").startswith("unison.ops")


def split_arguments(function: Any, args: tuple, kwargs: dict) -> tuple[list, dict, dict]:
    """``(tensor_args, tensor_kwargs, settings)`` of one op call."""
    try:
        bound = inspect.signature(function).bind(*args, **kwargs)
    except TypeError:
        return list(args), dict(kwargs), {}
    tensor_args, tensor_kwargs, settings = [], {}, {}
    positional = True
    for name, value in bound.arguments.items():
        parameter = inspect.signature(function).parameters[name]
        holds_tensor = any(isinstance(v, SymbolicTensor) for v in _leaves(value))
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            tensor_args.extend(value)
        elif parameter.kind is inspect.Parameter.VAR_KEYWORD:
            settings.update(value)
        elif holds_tensor or name in _TENSOR_PARAMETERS:
            if positional:
                tensor_args.append(value)
            else:
                tensor_kwargs[name] = value
        else:
            positional = False
            settings[name] = value
    return tensor_args, tensor_kwargs, settings


def _leaves(value: Any) -> list:
    if isinstance(value, (list, tuple)):
        return [leaf for item in value for leaf in _leaves(item)]
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    return [value]


def op_entry(function: Any, name: str, settings: dict, serialize: Any) -> dict:
    """The layer-list entry for one op node (without ``inbound_nodes``)."""
    class_name = camel_case(function.__name__)
    return {
        "module": f"keras.src.ops.{op_family(function)}",
        "class_name": class_name,
        "config": {"name": name, **{k: serialize(v) for k, v in settings.items()}},
        "registered_name": class_name,
        "name": name,
    }


def is_op_entry(entry: dict) -> bool:
    module = entry.get("module") or ""
    return module.startswith(("keras.src.ops", "keras.ops", "unison.ops"))


class OpCall:
    """A deserialized op node: calls the public op with its stored settings."""

    def __init__(self, function: Any, name: str, settings: dict):
        self.function = function
        self.name = name
        self.settings = settings

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **{**self.settings, **kwargs})


def op_from_entry(entry: dict) -> OpCall:
    class_name = entry.get("class_name", "")
    function_name = snake_case(class_name)
    function = getattr(ops, function_name, None) or getattr(ops.image, function_name, None)
    if function is None:
        raise ValueError(
            f"The model applies the op {class_name!r} ({entry.get('module')}), which unison "
            f"does not provide."
        )
    settings = dict(entry.get("config") or {})
    name = settings.pop("name", entry.get("name", function_name))
    return OpCall(function, name, settings)
