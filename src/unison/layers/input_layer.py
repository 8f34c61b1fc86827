"""``InputLayer`` and ``Input``: the entry points of functional models."""

from __future__ import annotations

from typing import Any

from unison import dtypes
from unison.layers.layer import Layer
from unison.symbolic.tensor import Node, SymbolicTensor


class InputLayer(Layer):
    """Holds the symbolic tensor a functional model starts from.

    Example: ``InputLayer(shape=(28, 28, 1)).output.shape == (None, 28, 28, 1)``.
    """

    def __init__(
        self,
        shape: tuple | None = None,
        batch_size: int | None = None,
        dtype: Any = None,
        sparse: bool | None = None,
        ragged: bool | None = None,
        batch_shape: tuple | None = None,
        input_tensor: Any = None,
        optional: bool = False,
        name: str | None = None,
        **kwargs: Any,
    ):
        kwargs.pop("input_shape", None)
        super().__init__(name=name, **kwargs)
        if shape is not None and batch_shape is not None:
            raise ValueError("Input: pass either `shape` or `batch_shape`, not both.")
        if input_tensor is not None:
            if not isinstance(input_tensor, SymbolicTensor):
                raise ValueError(
                    f"Input: `input_tensor` must be a symbolic tensor; received "
                    f"{type(input_tensor).__name__}."
                )
            batch_shape = input_tensor.shape
            dtype = dtype or input_tensor.dtype
        if batch_shape is None:
            if shape is None:
                raise ValueError("Input: `shape` or `batch_shape` is required; received neither.")
            if isinstance(shape, int):
                shape = (shape,)
            batch_shape = (batch_size, *shape)
        batch_shape = tuple(batch_shape)
        for dim in batch_shape:
            if dim is not None and (not isinstance(dim, int) or dim < 0):
                raise ValueError(
                    f"Input: dimensions must be non-negative ints or None; received {batch_shape}."
                )
        self.batch_shape = batch_shape
        self._dtype_name = dtypes.standardize_dtype(dtype)
        self.sparse = bool(sparse)
        self.ragged = bool(ragged)
        self.optional = optional
        self.output = SymbolicTensor(batch_shape, self._dtype_name, name=self.name)
        self.output.producer = Node(self, (), {}, self.output)
        self._inbound_nodes.append(self.output.producer)
        self.built = True

    @property
    def dtype(self) -> str:
        return self._dtype_name

    def call(self, inputs: Any = None) -> Any:
        return inputs

    def get_config(self) -> dict:
        return {
            "batch_shape": self.batch_shape,
            "dtype": self._dtype_name,
            "sparse": self.sparse,
            "ragged": self.ragged,
            "name": self.name,
            "optional": self.optional,
        }

    @classmethod
    def from_config(cls, config: dict) -> InputLayer:
        return cls(**config)


def Input(  # noqa: N802 - the Keras name
    shape: tuple | None = None,
    batch_size: int | None = None,
    dtype: Any = None,
    sparse: bool | None = None,
    ragged: bool | None = None,
    batch_shape: tuple | None = None,
    name: str | None = None,
    tensor: Any = None,
    optional: bool = False,
) -> SymbolicTensor:
    """A symbolic input of shape ``(batch_size, *shape)`` for building functional models.

    Example: ``x = unison.Input(shape=(28, 28, 1))`` gives shape ``(None, 28, 28, 1)``.
    """
    layer = InputLayer(
        shape=shape,
        batch_size=batch_size,
        dtype=dtype,
        sparse=sparse,
        ragged=ragged,
        batch_shape=batch_shape,
        input_tensor=tensor,
        optional=optional,
        name=name,
    )
    return layer.output
