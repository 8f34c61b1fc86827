"""``Sequential``: a plain stack of layers, each with one input and one output.

When the input shape is known (an ``Input`` / ``InputLayer`` first, or ``input_shape`` on the
first layer) the model builds at once; otherwise it builds on the first call.

Example:
    >>> model = unison.Sequential([
    ...     unison.Input(shape=(784,)),
    ...     unison.layers.Dense(64, activation="relu"),
    ...     unison.layers.Dense(10),
    ... ])
    >>> model.count_params()
    50890
"""

from __future__ import annotations

from typing import Any

from unison.layers.input_layer import InputLayer
from unison.layers.layer import Layer
from unison.models.model import Model
from unison.symbolic.tensor import SymbolicTensor


class Sequential(Model):
    """A linear stack of layers."""

    def __init__(
        self,
        layers: list | None = None,
        trainable: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list[Layer] = []
        self._input_layer: InputLayer | None = None
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._build_if_shape_known()

    # -- composition ----------------------------------------------------------------------
    def add(self, layer: Any, rebuild: bool = True) -> None:
        """Append a layer (or an ``Input`` tensor, which sets the input shape)."""
        if isinstance(layer, SymbolicTensor):
            producer = layer.producer
            if producer is None or not isinstance(producer.operation, InputLayer):
                raise ValueError(
                    "Sequential.add: only tensors from unison.Input can be added; received "
                    f"{layer!r}."
                )
            layer = producer.operation
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Sequential.add expects a Layer; received {type(layer).__name__} {layer!r}."
            )
        if isinstance(layer, InputLayer):
            if self._stack or self._input_layer is not None:
                raise ValueError(
                    "Sequential: an InputLayer may only come first; this model already has "
                    "layers or an input."
                )
            self._input_layer = layer
        else:
            if any(existing.name == layer.name for existing in self._stack):
                raise ValueError(
                    f"Sequential: all layers need unique names; {layer.name!r} is already "
                    f"in the model."
                )
            self._stack.append(layer)
        self.built = False
        if rebuild:
            self._build_if_shape_known()

    def pop(self, rebuild: bool = True) -> Layer:
        """Remove and return the last layer."""
        if not self._stack:
            raise IndexError("Sequential.pop: the model has no layers.")
        layer = self._stack.pop()
        self.built = False
        if rebuild:
            self._build_if_shape_known()
        return layer

    @property
    def layers(self) -> list[Layer]:
        """The layers, without the input layer (as in Keras)."""
        return list(self._stack)

    @property
    def _layers(self) -> list[Layer]:
        return list(self._stack)

    def _known_input_shape(self) -> tuple | None:
        if self._input_layer is not None:
            return self._input_layer.batch_shape
        if self._stack and self._stack[0]._input_shape_argument is not None:
            return self._stack[0]._input_shape_argument
        return None

    def _build_if_shape_known(self) -> None:
        shape = self._known_input_shape()
        if shape is not None and self._stack:
            self.build(shape)

    # -- building and calling -------------------------------------------------------------
    def build(self, input_shape: Any = None) -> None:
        if input_shape is None:
            input_shape = self._known_input_shape()
        if input_shape is None:
            raise ValueError(
                f"Sequential {self.name!r}: cannot build without an input shape; add an "
                f"Input first or call the model on data."
            )
        input_shape = tuple(input_shape)
        if self._input_layer is None or tuple(self._input_layer.batch_shape) != input_shape:
            dtype = self._input_layer.dtype if self._input_layer is not None else None
            self._input_layer = InputLayer(batch_shape=input_shape, dtype=dtype)
        self._bind_backend()
        tensor = self._input_layer.output
        for layer in self._stack:
            try:
                tensor = layer(tensor)
            except Exception as error:
                raise type(error)(
                    f"Sequential {self.name!r}: layer {layer.name!r} failed on input shape "
                    f"{tensor.shape}: {error}"
                ) from error
            if isinstance(tensor, (list, tuple)):
                raise ValueError(
                    f"Sequential: layer {layer.name!r} returned {len(tensor)} outputs; every "
                    f"layer of a Sequential model must return a single tensor."
                )
        self._output_tensor = tensor
        self._build_shapes = input_shape
        self.built = True

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        if not args:
            raise ValueError(f"Sequential {self.name!r}: call it with an input tensor.")
        shape = tuple(getattr(args[0], "shape", ()))
        self.build((None, *shape[1:]))

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        outputs = inputs
        for layer in self._stack:
            kwargs = {}
            if training is not None and layer._call_accepts_training:
                kwargs["training"] = training
            outputs = layer(outputs, **kwargs)
        return outputs

    def compute_output_spec(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        return self.call(inputs, training=training)

    @property
    def inputs(self) -> list[SymbolicTensor]:
        return [self._input_layer.output] if self.built and self._input_layer else []

    @property
    def outputs(self) -> list[SymbolicTensor]:
        return [self._output_tensor] if self.built else []

    @property
    def input_shape(self) -> tuple | None:
        return self._known_input_shape()

    # -- configuration --------------------------------------------------------------------
    def get_config(self) -> dict:
        from unison import dtype_policies
        from unison.saving import serialization

        layers = []
        if self._input_layer is not None:
            layers.append(serialization.serialize(self._input_layer))
        layers.extend(serialization.serialize(layer) for layer in self._stack)
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self.dtype_policy),
            "layers": layers,
        }
        if self.built and self._build_shapes is not None:
            config["build_input_shape"] = list(self._build_shapes)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Sequential:
        from unison import dtype_policies
        from unison.saving import serialization

        layers = [
            serialization.deserialize(layer_config, custom_objects)
            for layer_config in config.get("layers", [])
        ]
        dtype = config.get("dtype")
        model = cls(
            name=config.get("name"),
            trainable=config.get("trainable", True),
            dtype=dtype_policies.deserialize(dtype) if isinstance(dtype, dict) else dtype,
        )
        for layer in layers:
            model.add(layer, rebuild=False)
        shape = config.get("build_input_shape")
        if not model.built:
            if shape is not None:
                model.build(tuple(shape))
            else:
                model._build_if_shape_known()
        return model
