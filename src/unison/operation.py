"""``unison.Operation`` (a user-defined op usable on real and symbolic tensors) and
``unison.Function`` (a callable graph from symbolic inputs to symbolic outputs).

Example:
    >>> class Square(unison.Operation):
    ...     def call(self, x):
    ...         return unison.ops.multiply(x, x)
    >>> inputs = unison.Input(shape=(3,))
    >>> outputs = Square()(inputs)             # symbolic, recorded in the graph
    >>> square = unison.Function(inputs, outputs)
    >>> square(np.array([[1.0, 2.0, 3.0]]))     # runs Square on the real tensor
"""

from __future__ import annotations

from typing import Any

from unison import tree
from unison.symbolic import tensor as symbolic

__all__ = ["Function", "Operation"]


def _link(operation: Any, args: tuple, kwargs: dict, outputs: Any) -> Any:
    node = symbolic.Node(operation, args, kwargs, outputs)
    for index, leaf in enumerate(tree.flatten(outputs)):
        if type(leaf) is symbolic.SymbolicTensor:
            leaf.producer = node
            leaf.output_index = index
    return outputs


class Operation:
    """Base class of a custom op. Subclasses implement :meth:`call` on real tensors;
    :meth:`compute_output_spec` (shapes and dtypes for symbolic inputs) defaults to an
    abstract evaluation of ``call`` on the active backend and may be overridden.

    Calling an operation with any symbolic input returns symbolic outputs recorded in the
    graph, so it can be used in functional models and :class:`Function`.
    """

    def __init__(self, name: str | None = None):
        if name is None:
            from unison.layers.layer import to_snake_case, unique_name

            name = unique_name(to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(f"Operation name must be a string without '/'; received {name!r}.")
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if symbolic.is_symbolic(args) or symbolic.is_symbolic(kwargs):
            return self.symbolic_call(*args, **kwargs)
        return self.call(*args, **kwargs)

    def call(self, *args: Any, **kwargs: Any) -> Any:
        """The computation on real tensors; subclasses must implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement call(), the computation on real tensors."
        )

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """Symbolic outputs (shape and dtype) for symbolic ``args`` / ``kwargs``."""
        return symbolic.compute_output_spec(self.call, *args, **kwargs)

    def symbolic_call(self, *args: Any, **kwargs: Any) -> Any:
        """Compute the output spec and record this call as a graph node."""
        outputs = self.compute_output_spec(*args, **kwargs)
        return _link(self, args, kwargs, outputs)

    @property
    def __name__(self) -> str:  # read by error messages that name graph operations
        return self.name

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> Operation:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"


class Function:
    """A graph of operations from symbolic ``inputs`` to symbolic ``outputs``, callable on
    real tensors (it replays the graph) or on symbolic ones (it extends the graph).

    Unlike a functional ``Model`` it has no weights of its own, no training API and its
    inputs need not come from ``unison.Input``: any symbolic tensors will do.

    Args:
        inputs: a symbolic tensor or a nested structure (list / tuple / dict) of them.
        outputs: a symbolic tensor or a nested structure of them, computed from ``inputs``.
        name: optional name.
    """

    def __init__(self, inputs: Any, outputs: Any, name: str | None = None):
        from unison.models.functional import _Step, _topological_nodes

        for label, structure in (("inputs", inputs), ("outputs", outputs)):
            for leaf in tree.flatten(structure):
                if type(leaf) is not symbolic.SymbolicTensor:
                    raise ValueError(
                        f"Function {label} must be symbolic tensors; received "
                        f"{type(leaf).__name__}."
                    )
        self.name = name or "function"
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = tree.flatten(inputs)
        self._outputs = tree.flatten(outputs)
        nodes = _topological_nodes(self._inputs, self._outputs)
        self._steps = [_Step(node) for node in nodes]
        self._operations = [node.operation for node in nodes]

    @property
    def inputs(self) -> list:
        return list(self._inputs)

    @property
    def outputs(self) -> list:
        return list(self._outputs)

    @property
    def operations(self) -> list:
        """The operations (ops, layers, :class:`Operation` objects) in execution order."""
        return list(self._operations)

    def _flatten_inputs(self, inputs: Any) -> list:
        if isinstance(self._inputs_struct, dict) and isinstance(inputs, dict):
            missing = set(self._inputs_struct) - set(inputs)
            if missing:
                raise ValueError(
                    f"Function {self.name!r}: missing inputs {sorted(missing)}; received keys "
                    f"{sorted(inputs)}."
                )
            inputs = {key: inputs[key] for key in self._inputs_struct}
        flat = tree.flatten(inputs) if tree.is_nested(inputs) else [inputs]
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Function {self.name!r} expects {len(self._inputs)} input tensor(s); received "
                f"{len(flat)}."
            )
        return flat

    def call(self, inputs: Any) -> Any:
        """Run the graph on ``inputs`` (same structure as the symbolic inputs)."""
        values = {
            id(tensor): value for tensor, value in zip(self._inputs, self._flatten_inputs(inputs))
        }
        for step in self._steps:
            step.run(values, None)
        return tree.pack_sequence_as(self._outputs_struct, [values[id(t)] for t in self._outputs])

    def __call__(self, inputs: Any) -> Any:
        return self.call(inputs)

    def compute_output_spec(self, inputs: Any) -> Any:
        """Symbolic outputs for symbolic ``inputs`` (the graph replayed symbolically)."""
        return self.call(inputs)

    def __repr__(self) -> str:
        return (
            f"<Function name={self.name}, inputs={len(self._inputs)}, "
            f"outputs={len(self._outputs)}, operations={len(self._operations)}>"
        )
