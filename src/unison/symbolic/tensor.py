"""Symbolic tensors: shape and dtype without values, recording how they were computed.

``unison.Input(shape=(None, 28, 28, 1))`` returns a :class:`SymbolicTensor`. Every op accepts
symbolic inputs and returns a symbolic result whose shape and dtype come from the active
backend's abstract evaluation (``jax.eval_shape``, torch meta tensors, TF tracing, or a cheap
NumPy run). Each result keeps a :class:`Node` naming the operation and its arguments, which
is the graph functional models replay.

Unknown dimensions (``None``) are inferred by evaluating twice with two different stand-in
sizes: dimensions that change between the runs are unknown in the result.

Example:
    >>> x = unison.Input(shape=(None, 3))
    >>> y = unison.ops.matmul(x, unison.ops.ones((3, 5)))
    >>> y.shape, y.dtype
    ((None, None, 5), 'float32')
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from unison import dtypes, tree

_STAND_IN_SIZES = (83, 89)  # primes, unlikely to collide with real dimensions
_names = itertools.count()


@dataclass(frozen=True)
class TensorSpec:
    """A fully known shape and a dtype name: what backends evaluate abstractly."""

    shape: tuple[int, ...]
    dtype: str


class Node:
    """One application of an operation: ``outputs = operation(*args, **kwargs)``.

    ``operation`` is a public op function or a layer; tensors inside ``args`` / ``kwargs``
    are the symbolic inputs the graph connects through.
    """

    __slots__ = ("operation", "args", "kwargs", "outputs")

    def __init__(self, operation: Callable, args: tuple, kwargs: dict, outputs: Any):
        self.operation = operation
        self.args = args
        self.kwargs = kwargs
        self.outputs = outputs

    @property
    def input_tensors(self) -> list[SymbolicTensor]:
        return [
            leaf
            for leaf in tree.flatten((self.args, self.kwargs))
            if isinstance(leaf, SymbolicTensor)
        ]


class SymbolicTensor:
    """A tensor of known rank, partly known shape and known dtype, but no values."""

    __array_priority__ = 1000  # numpy defers binary operators to us

    def __init__(
        self,
        shape: tuple[int | None, ...],
        dtype: Any = "float32",
        name: str | None = None,
        sparse: bool = False,
        ragged: bool = False,
        producer: Node | None = None,
        output_index: int = 0,
    ):
        self.shape = tuple(None if dim is None else int(dim) for dim in shape)
        self.dtype = dtypes.standardize_dtype(dtype)
        self.name = name or f"symbolic_tensor_{next(_names)}"
        self.sparse = sparse
        self.ragged = ragged
        self.producer = producer
        self.output_index = output_index

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<SymbolicTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def __len__(self) -> int:
        raise TypeError(
            "len() of a SymbolicTensor is not defined: its first dimension may be unknown. "
            "Use `x.shape[0]`."
        )

    def __iter__(self):
        raise TypeError("A SymbolicTensor cannot be iterated: it has no values yet.")

    def __bool__(self) -> bool:
        raise TypeError(
            "A SymbolicTensor has no truth value (it has no values yet); use ops.cond or "
            "ops.where for data-dependent choices."
        )

    def numpy(self):
        raise TypeError(
            "A SymbolicTensor has no values: it is a placeholder used to build functional "
            "models. Call the model on real data to get numbers."
        )

    __array__ = numpy  # np.asarray(symbolic) gives the same clear error

    # Operators route through the public ops so the result is symbolic too.
    def _operator(name: str, reflected: bool = False) -> Callable:  # noqa: N805
        def operator(self, other):
            from unison import ops

            function = getattr(ops, name)
            return function(other, self) if reflected else function(self, other)

        return operator

    __add__ = _operator("add")
    __radd__ = _operator("add", reflected=True)
    __sub__ = _operator("subtract")
    __rsub__ = _operator("subtract", reflected=True)
    __mul__ = _operator("multiply")
    __rmul__ = _operator("multiply", reflected=True)
    __truediv__ = _operator("true_divide")
    __rtruediv__ = _operator("true_divide", reflected=True)
    __floordiv__ = _operator("floor_divide")
    __rfloordiv__ = _operator("floor_divide", reflected=True)
    __mod__ = _operator("mod")
    __rmod__ = _operator("mod", reflected=True)
    __pow__ = _operator("power")
    __rpow__ = _operator("power", reflected=True)
    __matmul__ = _operator("matmul")
    __rmatmul__ = _operator("matmul", reflected=True)
    __lt__ = _operator("less")
    __le__ = _operator("less_equal")
    __gt__ = _operator("greater")
    __ge__ = _operator("greater_equal")
    __and__ = _operator("logical_and")
    __or__ = _operator("logical_or")
    __xor__ = _operator("logical_xor")
    del _operator

    def __neg__(self):
        from unison import ops

        return ops.negative(self)

    def __abs__(self):
        from unison import ops

        return ops.absolute(self)

    def __invert__(self):
        from unison import ops

        return ops.logical_not(self)

    def __getitem__(self, key):
        from unison import ops

        return ops.get_item(self, key)

    def reshape(self, new_shape):
        from unison import ops

        return ops.reshape(self, new_shape)

    def astype(self, dtype):
        from unison import ops

        return ops.cast(self, dtype)

    __hash__ = object.__hash__


def is_symbolic(value: Any) -> bool:
    """True when ``value`` (or any leaf of it) is a :class:`SymbolicTensor`."""
    if type(value) is SymbolicTensor:
        return True
    if isinstance(value, (list, tuple, dict)):
        return any(type(leaf) is SymbolicTensor for leaf in tree.flatten(value))
    return False


def _with_stand_ins(structure: Any, size: int) -> Any:
    def replace(leaf: Any) -> Any:
        if type(leaf) is SymbolicTensor:
            shape = tuple(size if dim is None else dim for dim in leaf.shape)
            return TensorSpec(shape, leaf.dtype)
        return leaf

    return tree.map_structure(replace, structure)


def compute_output_spec(function: Callable, *args: Any, **kwargs: Any) -> Any:
    """Shapes and dtypes ``function`` returns for symbolic ``args`` / ``kwargs``.

    Returns the output structure with :class:`SymbolicTensor` leaves (no producer set).
    """
    from unison.backend import active_backend

    backend = active_backend()
    has_unknown = any(
        type(leaf) is SymbolicTensor and None in leaf.shape for leaf in tree.flatten((args, kwargs))
    )
    first = backend.compute_output_spec(
        function, *_with_stand_ins((args, kwargs), _STAND_IN_SIZES[0])
    )
    if not has_unknown:
        return tree.map_structure(_to_symbolic, first)
    second = backend.compute_output_spec(
        function, *_with_stand_ins((args, kwargs), _STAND_IN_SIZES[1])
    )
    return tree.map_structure(_merge_specs, first, second)


def _to_symbolic(spec: Any) -> Any:
    if isinstance(spec, TensorSpec):
        return SymbolicTensor(spec.shape, spec.dtype)
    return spec


def _merge_specs(first: Any, second: Any) -> Any:
    if not isinstance(first, TensorSpec):
        return first
    if len(first.shape) != len(second.shape):
        return SymbolicTensor((None,) * len(first.shape), first.dtype)
    shape = tuple(a if a == b else None for a, b in zip(first.shape, second.shape))
    return SymbolicTensor(shape, first.dtype)


def symbolic_call(operation: Callable, *args: Any, **kwargs: Any) -> Any:
    """Evaluate ``operation`` abstractly and return symbolic outputs linked by a Node."""
    outputs = compute_output_spec(operation, *args, **kwargs)
    node = Node(operation, args, kwargs, outputs)
    for index, leaf in enumerate(tree.flatten(outputs)):
        if type(leaf) is SymbolicTensor:
            leaf.producer = node
            leaf.output_index = index
    return outputs
