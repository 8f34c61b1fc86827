"""Core layers: Dense, EinsumDense, Embedding, Activation, Identity, Lambda, Masking, Wrapper.

Example:
    >>> model = unison.Sequential([unison.layers.Dense(8, activation="relu"),
    ...                            unison.layers.Dense(1)])
"""

from __future__ import annotations

from typing import Any

from unison import activations, ops, tree
from unison.layers.core_dense import Dense, EinsumDense
from unison.layers.core_embedding import Embedding
from unison.layers.core_lambda import Lambda
from unison.layers.core_utils import output_dtype, symbolic_like
from unison.layers.layer import Layer
from unison.saving import serialization

__all__ = [
    "Activation",
    "Dense",
    "EinsumDense",
    "Embedding",
    "Identity",
    "Lambda",
    "Masking",
    "Wrapper",
]


class Activation(Layer):
    """Applies an activation function (a name such as ``"relu"`` or a callable).

    Example:
        >>> unison.layers.Activation("relu")(np.array([-1.0, 2.0], "float32"))   # -> [0., 2.]
    """

    def __init__(self, activation: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.activation = activations.get(activation)

    def call(self, inputs: Any) -> Any:
        return self.activation(inputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any) -> Any:
        if getattr(self.activation, "_keras_name", None) is None:
            return super().compute_output_spec(inputs)
        return symbolic_like(inputs.shape, output_dtype(self, inputs.dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class Identity(Layer):
    """Returns its inputs unchanged (a placeholder, e.g. to name a tensor in a graph).

    Example:
        >>> unison.layers.Identity()(np.ones((2,), "float32"))   # -> [1., 1.]
    """

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape

    def compute_output_spec(self, inputs: Any) -> Any:
        return tree.map_structure(
            lambda t: symbolic_like(t.shape, output_dtype(self, t.dtype)), inputs
        )


class Masking(Layer):
    """Masks timesteps whose features all equal ``mask_value`` (and zeroes them).

    Downstream mask-aware layers (RNNs, attention) skip the masked steps.

    Example:
        >>> x = np.array([[[1.0], [0.0]]], "float32")
        >>> unison.layers.Masking(0.0)(x)   # mask [[True, False]]
    """

    def __init__(self, mask_value: float = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True
        self.mask_value = mask_value

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return ops.any(ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs: Any) -> Any:
        keep = ops.any(ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        return ops.multiply(inputs, ops.cast(keep, ops.dtype(inputs)))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(inputs.shape, output_dtype(self, inputs.dtype))

    def get_config(self) -> dict:
        return {**super().get_config(), "mask_value": self.mask_value}


class Wrapper(Layer):
    """Base class of layers that wrap another layer (e.g. ``TimeDistributed``).

    The wrapped layer is built with the wrapper and saved in its config under ``"layer"``.

    Example:
        >>> class Twice(unison.layers.Wrapper):
        ...     def call(self, inputs):
        ...         return self.layer(self.layer(inputs))
    """

    def __init__(self, layer: Layer, **kwargs: Any):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"{type(self).__name__}: `layer` must be a unison Layer instance; received "
                f"{layer!r} of type {type(layer).__name__}."
            )
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape: Any = None) -> None:
        if not self.layer.built:
            self.layer._bind_backend()
            self.layer.build(input_shape)
            self.layer._build_shapes = input_shape
            self.layer.built = True
        self.built = True

    def call(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return self.layer(inputs, *args, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "layer": serialization.serialize(self.layer)}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Wrapper:
        config = dict(config)
        config["layer"] = serialization.deserialize(
            config["layer"], custom_objects, module_hint="keras.layers"
        )
        return super().from_config(config)
