"""Functional models: a graph of operations from symbolic inputs to symbolic outputs.

``Model(inputs, outputs)`` walks back from the outputs through the :class:`Node` each symbolic
tensor records (a layer call or an op), sorts the nodes so each runs after its inputs, and
replays them on real tensors when called.

Example:
    >>> inputs = unison.Input(shape=(4,))
    >>> hidden = unison.layers.Dense(8, activation="relu")(inputs)
    >>> outputs = unison.layers.Dense(2)(hidden + 1.0)
    >>> model = unison.Model(inputs, outputs)
"""

from __future__ import annotations

from typing import Any

from unison import tree
from unison.layers import masking_utils
from unison.layers.input_layer import InputLayer
from unison.layers.layer import Layer
from unison.models.model import Model
from unison.symbolic.tensor import Node, SymbolicTensor


class _Step:
    """A node prepared for replay: where its symbolic inputs sit in its flat arguments."""

    __slots__ = ("node", "operation", "flat", "symbolic_positions", "simple", "output_ids")

    def __init__(self, node: Node):
        self.node = node
        self.operation = node.operation
        self.flat = tree.flatten((node.args, node.kwargs))
        self.symbolic_positions = [
            index for index, leaf in enumerate(self.flat) if isinstance(leaf, SymbolicTensor)
        ]
        # one positional symbolic argument, nothing else: the common case, replayed cheaply
        self.simple = (
            len(node.args) == 1 and not node.kwargs and isinstance(node.args[0], SymbolicTensor)
        )
        self.output_ids = [id(leaf) for leaf in tree.flatten(node.outputs)]

    def run(self, values: dict[int, Any], training: Any) -> None:
        extra = {}
        if training is not None and isinstance(self.operation, Layer):
            extra["training"] = training
        if self.simple:
            result = self.operation(values[id(self.node.args[0])], **extra)
        else:
            flat = list(self.flat)
            for position in self.symbolic_positions:
                flat[position] = values[id(flat[position])]
            args, kwargs = tree.pack_sequence_as((self.node.args, self.node.kwargs), flat)
            if extra and "training" not in kwargs:
                kwargs = {**kwargs, **extra}
            result = self.operation(*args, **kwargs)
        if isinstance(self.node.outputs, SymbolicTensor):
            values[self.output_ids[0]] = result
        else:
            for output_id, value in zip(self.output_ids, tree.flatten(result)):
                values[output_id] = value


def _topological_nodes(inputs: list[SymbolicTensor], outputs: list[SymbolicTensor]) -> list[Node]:
    input_ids = {id(tensor) for tensor in inputs}
    ordered: list[Node] = []
    visited: set[int] = set()
    in_progress: set[int] = set()

    def visit(tensor: SymbolicTensor) -> None:
        if id(tensor) in input_ids:
            return
        node = tensor.producer
        if node is None or isinstance(node.operation, InputLayer):
            raise ValueError(
                f"Graph disconnected: cannot reach tensor {tensor.name!r} "
                f"(shape {tensor.shape}) from the model inputs "
                f"{[t.name for t in inputs]}. Pass it as an input."
            )
        if id(node) in visited:
            return
        if id(node) in in_progress:
            raise ValueError("The graph has a cycle; functional models must be acyclic.")
        in_progress.add(id(node))
        for parent in node.input_tensors:
            visit(parent)
        in_progress.discard(id(node))
        visited.add(id(node))
        ordered.append(node)

    for tensor in outputs:
        visit(tensor)
    return ordered


class Functional(Model):
    """A model defined by connecting symbolic tensors (see module docstring)."""

    _keras_module = "keras.src.models.functional"

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None, **kwargs: Any):
        trainable = kwargs.pop("trainable", True)
        super().__init__(name=name, trainable=trainable, **kwargs)
        for label, structure in (("inputs", inputs), ("outputs", outputs)):
            for leaf in tree.flatten(structure):
                if not isinstance(leaf, SymbolicTensor):
                    raise ValueError(
                        f"Model {label} must be symbolic tensors (from unison.Input or layer "
                        f"calls on them); received {type(leaf).__name__}."
                    )
        if isinstance(inputs, dict):
            for key, tensor in inputs.items():
                if tensor.producer is not None and isinstance(
                    tensor.producer.operation, InputLayer
                ):
                    tensor.producer.operation._dict_key = key
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._input_tensors = tree.flatten(inputs)
        self._output_tensors = tree.flatten(outputs)
        nodes = _topological_nodes(self._input_tensors, self._output_tensors)
        self._steps = [_Step(node) for node in nodes]
        self._operations = [node.operation for node in nodes]
        self._input_layers = [
            tensor.producer.operation
            for tensor in self._input_tensors
            if tensor.producer is not None and isinstance(tensor.producer.operation, InputLayer)
        ]
        backends = {layer.backend for layer in self._operations if isinstance(layer, Layer)}
        backends.discard(None)
        if len(backends) > 1:
            raise ValueError(
                f"Model {self.name!r} mixes layers built on different backends "
                f"({sorted(b.name for b in backends)}); convert them to one backend first."
            )
        self._backend = next(iter(backends), None)
        self._build_shapes = tree.map_structure(lambda t: t.shape, inputs)
        self.built = True

    @property
    def inputs(self) -> list[SymbolicTensor]:
        return list(self._input_tensors)

    @property
    def outputs(self) -> list[SymbolicTensor]:
        return list(self._output_tensors)

    @property
    def input(self) -> Any:
        return self._inputs_struct

    @property
    def output(self) -> Any:
        return self._outputs_struct

    @property
    def operations(self) -> list:
        """Every operation in execution order: input layers, layers and ops."""
        return [*self._input_layers, *self._operations]

    @property
    def layers(self) -> list[Layer]:
        """Input layers first, then every layer in execution order (each once)."""
        result, seen = [], set()
        for operation in self.operations:
            if isinstance(operation, Layer) and id(operation) not in seen:
                seen.add(id(operation))
                result.append(operation)
        return result

    @property
    def _layers(self) -> list[Layer]:
        return self.layers

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        flat_inputs = self._flatten_call_inputs(inputs)
        values: dict[int, Any] = {}
        for tensor, value in zip(self._input_tensors, flat_inputs):
            values[id(tensor)] = value
        masks = tree.flatten(mask) if mask is not None else []
        for value, input_mask in zip(flat_inputs, masks):
            if input_mask is not None:
                masking_utils.set_mask(value, input_mask)
        for step in self._steps:
            step.run(values, training)
        return tree.pack_sequence_as(
            self._outputs_struct, [values[id(t)] for t in self._output_tensors]
        )

    def _flatten_call_inputs(self, inputs: Any) -> list:
        if isinstance(self._inputs_struct, dict):
            if not isinstance(inputs, dict):
                if len(self._input_tensors) == 1:
                    return [inputs]
                raise ValueError(
                    f"Model {self.name!r} expects a dict of inputs with keys "
                    f"{sorted(self._inputs_struct)}; received {type(inputs).__name__}."
                )
            missing = set(self._inputs_struct) - set(inputs)
            if missing:
                raise ValueError(
                    f"Model {self.name!r}: missing inputs {sorted(missing)}; received keys "
                    f"{sorted(inputs)}."
                )
            return tree.flatten({key: inputs[key] for key in self._inputs_struct})
        flat = tree.flatten(inputs) if isinstance(inputs, (list, tuple, dict)) else [inputs]
        if len(flat) != len(self._input_tensors):
            raise ValueError(
                f"Model {self.name!r} expects {len(self._input_tensors)} input(s); received "
                f"{len(flat)}."
            )
        for tensor, value in zip(self._input_tensors, flat):
            shape = getattr(value, "shape", None)
            if shape is not None and len(shape) != len(tensor.shape):
                raise ValueError(
                    f"Model {self.name!r}: input {tensor.name!r} expects shape {tensor.shape}; "
                    f"received shape {tuple(shape)}."
                )
        return flat

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        self.built = True

    def compute_output_spec(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        flat = self._flatten_call_inputs(inputs)
        values = {id(t): v for t, v in zip(self._input_tensors, flat)}
        for step in self._steps:
            step.run(values, training)
        return tree.pack_sequence_as(
            self._outputs_struct, [values[id(t)] for t in self._output_tensors]
        )

    def get_config(self) -> dict:
        from unison.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Functional:
        from unison.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects)
