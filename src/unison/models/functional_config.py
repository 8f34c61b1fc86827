"""Functional model configs in the Keras 3 layout (``layers`` with ``inbound_nodes``).

Each layer entry is the layer's serialized config plus its ``name`` and the nodes (calls) it
has inside the model; a node lists its arguments with symbolic tensors written as
``{"class_name": "__keras_tensor__", "config": {"shape", "dtype", "keras_history":
[layer_name, node_index, tensor_index]}}``. Rebuilding replays the calls in dependency order.
"""

from __future__ import annotations

from typing import Any

from unison import dtype_policies, tree
from unison.layers.input_layer import InputLayer
from unison.layers.layer import Layer
from unison.models import op_nodes
from unison.saving import serialization
from unison.symbolic.tensor import SymbolicTensor


def _model_nodes(model) -> tuple[dict[int, tuple[str, int]], list]:
    """``id(node) -> (entry name, node index)`` and the entries in execution order.

    A layer is one entry holding all its calls in this model; each op call is its own entry
    (named after the op, numbered when repeated), as in Keras configs.
    """
    in_model = [step.node for step in model._steps]
    result: dict[int, tuple[str, int]] = {}
    entries: list = []  # (layer, [nodes]) or (op function, name, node)
    seen_layers: dict[int, list] = {}
    used_names = {layer.name for layer in model.layers}
    op_counts: dict[str, int] = {}
    for layer in model._input_layers:
        result[id(layer._inbound_nodes[0])] = (layer.name, 0)
        entries.append((layer, []))
    for node in in_model:
        operation = node.operation
        if isinstance(operation, Layer):
            if id(operation) not in seen_layers:
                seen_layers[id(operation)] = []
                entries.append((operation, seen_layers[id(operation)]))
            nodes = seen_layers[id(operation)]
            result[id(node)] = (operation.name, len(nodes))
            nodes.append(node)
        elif op_nodes.is_op(operation):
            base = operation.__name__
            while True:
                count = op_counts.get(base, 0)
                op_counts[base] = count + 1
                name = base if count == 0 else f"{base}_{count}"
                if name not in used_names:
                    break
            used_names.add(name)
            result[id(node)] = (name, 0)
            entries.append((operation, name, node))
        else:
            raise NotImplementedError(
                f"Model {model.name!r} calls {operation!r} on symbolic tensors; only layers "
                f"and unison.ops functions can be written to a config."
            )
    return result, entries


def _history(tensor: SymbolicTensor, nodes: dict) -> list:
    name, node_index = nodes[id(tensor.producer)]
    return [name, node_index, tensor.output_index]


def functional_config(model) -> dict:
    nodes, entries = _model_nodes(model)

    def encode(value: Any) -> Any:
        if isinstance(value, SymbolicTensor):
            return {
                "class_name": "__keras_tensor__",
                "config": {
                    "shape": list(value.shape),
                    "dtype": value.dtype,
                    "keras_history": _history(value, nodes),
                },
            }
        return serialization.serialize(value)

    def call_config(args, kwargs) -> dict:
        return {
            "args": [tree.map_structure(encode, a) for a in args],
            "kwargs": {key: tree.map_structure(encode, value) for key, value in kwargs.items()},
        }

    layer_configs = []
    for entry in entries:
        if len(entry) == 3:
            function, name, node = entry
            args, kwargs, settings = op_nodes.split_arguments(function, node.args, node.kwargs)
            config = op_nodes.op_entry(function, name, settings, serialization.serialize)
            config["inbound_nodes"] = [call_config(args, kwargs)]
        else:
            layer, layer_nodes = entry
            config = serialization.serialize(layer)
            config["name"] = layer.name
            config["inbound_nodes"] = [call_config(n.args, n.kwargs) for n in layer_nodes]
        layer_configs.append(config)

    def endpoints(structure: Any) -> Any:
        if isinstance(structure, dict):
            return {key: _history(t, nodes) for key, t in structure.items()}
        if isinstance(structure, (list, tuple)):
            return [_history(t, nodes) for t in tree.flatten(structure)]
        return _history(structure, nodes)

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layer_configs,
        "input_layers": endpoints(model._inputs_struct),
        "output_layers": endpoints(model._outputs_struct),
    }


def functional_from_config(cls, config: dict, custom_objects: dict | None = None):
    layers: dict[str, Any] = {}
    name_of: dict[int, str] = {}
    pending: list[tuple[Any, list]] = []
    for layer_config in config["layers"]:
        if op_nodes.is_op_entry(layer_config):
            layer = op_nodes.op_from_entry(layer_config)
        else:
            layer = serialization.deserialize(layer_config, custom_objects)
        name = layer_config.get("name", layer.name)
        layers[name] = layer
        name_of[id(layer)] = name
        pending.append((layer, list(layer_config.get("inbound_nodes", []))))

    # outputs[layer_name][node_index] = list of output tensors of that call
    outputs: dict[str, list[list[SymbolicTensor]]] = {}
    for name, layer in layers.items():
        if isinstance(layer, InputLayer):
            outputs[name] = [[layer.output]]

    def decode(value: Any) -> Any:
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            layer_name, node_index, tensor_index = value["config"]["keras_history"]
            return outputs[layer_name][node_index][tensor_index]
        if isinstance(value, dict) and "class_name" in value:
            return serialization.deserialize(value, custom_objects)
        if isinstance(value, dict):
            return {key: decode(inner) for key, inner in value.items()}
        if isinstance(value, list):
            return [decode(inner) for inner in value]
        return value

    def ready(node_config: dict) -> bool:
        for leaf in _tensor_refs(node_config):
            layer_name, node_index, _ = leaf
            if len(outputs.get(layer_name, [])) <= node_index:
                return False
        return True

    progress = True
    while progress and any(node_list for _, node_list in pending):
        progress = False
        for layer, node_list in pending:
            while node_list and ready(node_list[0]):
                node_config = node_list.pop(0)
                args = [decode(a) for a in node_config.get("args", [])]
                kwargs = {k: decode(v) for k, v in node_config.get("kwargs", {}).items()}
                result = layer(*args, **kwargs)
                outputs.setdefault(name_of[id(layer)], []).append(tree.flatten(result))
                progress = True
    stuck = [name_of[id(layer)] for layer, node_list in pending if node_list]
    if stuck:
        raise ValueError(f"Cannot rebuild the model graph: layers {stuck} have unresolved inputs.")

    def resolve(endpoint: Any) -> Any:
        if isinstance(endpoint, dict):
            return {key: resolve(value) for key, value in endpoint.items()}
        if endpoint and isinstance(endpoint[0], list):
            return [resolve(item) for item in endpoint]
        layer_name, node_index, tensor_index = endpoint
        return outputs[layer_name][node_index][tensor_index]

    inputs = resolve(config["input_layers"])
    model_outputs = resolve(config["output_layers"])
    dtype = config.get("dtype")
    kwargs = {}
    if dtype is not None:
        kwargs["dtype"] = dtype_policies.deserialize(dtype) if isinstance(dtype, dict) else dtype
    return cls(
        inputs,
        model_outputs,
        name=config.get("name"),
        trainable=config.get("trainable", True),
        **kwargs,
    )


def _tensor_refs(node_config: Any) -> list:
    refs = []

    def visit(value: Any) -> None:
        if isinstance(value, dict):
            if value.get("class_name") == "__keras_tensor__":
                refs.append(value["config"]["keras_history"])
                return
            for inner in value.values():
                visit(inner)
        elif isinstance(value, list):
            for inner in value:
                visit(inner)

    visit(node_config)
    return refs
