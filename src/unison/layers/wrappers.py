"""Sequence wrappers: ``Bidirectional`` (an RNN run both ways) and ``TimeDistributed``.

Example:
    >>> bi = unison.layers.Bidirectional(unison.layers.LSTM(4, return_sequences=True))
    >>> bi(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 8)
    >>> td = unison.layers.TimeDistributed(unison.layers.Dense(6))
    >>> td(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 6)
"""

from __future__ import annotations

import copy
from typing import Any

from unison import ops, tree
from unison.layers.conv_base import BaseConv
from unison.layers.core import Activation, Dense, EinsumDense, Wrapper
from unison.layers.core_utils import output_dtype
from unison.layers.layer import Layer
from unison.layers.rnn_base import build_sublayer
from unison.saving import serialization
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["Bidirectional", "TimeDistributed"]

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)
# Layers that treat every sample independently: folding time into the batch is exact.
_PER_SAMPLE_LAYERS = (Dense, EinsumDense, Activation, BaseConv)


class Bidirectional(Layer):
    """Runs an RNN forwards and a copy of it backwards, and merges the two outputs.

    Args:
        layer: the RNN layer to run forwards (a copy of it, named ``forward_<name>``).
        merge_mode: ``"concat"`` (default), ``"sum"``, ``"mul"``, ``"ave"`` or ``None``
            (return both outputs as a list).
        weights: optional initial weights, forward layer's first.
        backward_layer: the layer to run backwards; by default a copy of ``layer`` with
            ``go_backwards=True``.

    Example:
        >>> unison.layers.Bidirectional(unison.layers.GRU(4), merge_mode="sum")
    """

    def __init__(
        self,
        layer: Layer,
        merge_mode: str | None = "concat",
        weights: list | None = None,
        backward_layer: Layer | None = None,
        **kwargs: Any,
    ):
        if not isinstance(layer, Layer):
            raise ValueError(
                f"Bidirectional: `layer` must be a Layer instance; received {layer!r}."
            )
        if backward_layer is not None and not isinstance(backward_layer, Layer):
            raise ValueError(
                f"Bidirectional: `backward_layer` must be a Layer instance; received "
                f"{backward_layer!r}."
            )
        if merge_mode not in _MERGE_MODES:
            raise ValueError(
                f"Invalid merge mode. Received: {merge_mode!r}. Merge mode should be one of "
                f'{{"sum", "mul", "ave", "concat", None}}.'
            )
        super().__init__(**kwargs)
        self.forward_layer = _copy_layer(layer, "forward", go_backwards=None)
        if backward_layer is None:
            self.backward_layer = _copy_layer(layer, "backward", go_backwards=True)
        else:
            self.backward_layer = backward_layer
        if hasattr(layer, "use_cudnn"):
            self.forward_layer.use_cudnn = layer.use_cudnn
            self.backward_layer.use_cudnn = layer.use_cudnn
        self._verify_layer_config()
        for inner in (self.forward_layer, self.backward_layer):
            if getattr(inner, "zero_output_for_mask", None) is not None:
                inner.zero_output_for_mask = inner.return_sequences
        self.merge_mode = merge_mode
        self._initial_weights = list(weights) if weights else None
        self.stateful = layer.stateful
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        self.supports_masking = True
        self.input_spec = layer.input_spec

    def _verify_layer_config(self) -> None:
        forward, backward = self.forward_layer, self.backward_layer
        if forward.go_backwards == backward.go_backwards:
            raise ValueError(
                f"Forward layer and backward layer should have different `go_backwards` "
                f"values; received forward_layer.go_backwards={forward.go_backwards}, "
                f"backward_layer.go_backwards={backward.go_backwards}."
            )
        for attribute in ("stateful", "return_sequences", "return_state"):
            forward_value = getattr(forward, attribute)
            backward_value = getattr(backward, attribute)
            if forward_value != backward_value:
                raise ValueError(
                    f"Forward layer and backward layer are expected to have the same value "
                    f"for attribute {attribute!r}; got {forward_value!r} for the forward "
                    f"layer and {backward_value!r} for the backward layer."
                )

    def build(self, sequences_shape: tuple, initial_state_shape: Any = None) -> None:
        build_sublayer(self.forward_layer, tuple(sequences_shape))
        build_sublayer(self.backward_layer, tuple(sequences_shape))
        if self._initial_weights is not None:
            half = len(self._initial_weights) // 2
            self.forward_layer.set_weights(self._initial_weights[:half])
            self.backward_layer.set_weights(self._initial_weights[half:])
            self._initial_weights = None
        self.built = True

    def call(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        kwargs: dict[str, Any] = {}
        if self.forward_layer._call_accepts_training:
            kwargs["training"] = training
        if self.forward_layer._call_accepts_mask and mask is not None:
            kwargs["mask"] = mask
        forward_kwargs, backward_kwargs = dict(kwargs), dict(kwargs)
        if initial_state is not None:
            initial_state = list(initial_state)
            half = len(initial_state) // 2
            forward_kwargs["initial_state"] = initial_state[:half]
            backward_kwargs["initial_state"] = initial_state[half:]
        y = self.forward_layer(sequences, **forward_kwargs)
        y_reverse = self.backward_layer(sequences, **backward_kwargs)
        states: tuple = ()
        if self.return_state:
            states = tuple(y[1:]) + tuple(y_reverse[1:])
            y, y_reverse = y[0], y_reverse[0]
        y = ops.cast(y, self.compute_dtype)
        y_reverse = ops.cast(y_reverse, self.compute_dtype)
        if self.return_sequences:
            y_reverse = ops.flip(y_reverse, axis=1)
        output = _merge(self.merge_mode, y, y_reverse)
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output) + states
            return (output, *states)
        return output

    def compute_output_shape(self, sequences_shape: tuple, initial_state_shape: Any = None) -> Any:
        output_shape = self.forward_layer.compute_output_shape(tuple(sequences_shape))
        state_shape: tuple = ()
        if self.return_state:
            output_shape, state_shape = output_shape[0], tuple(output_shape[1:])
        if self.merge_mode == "concat":
            output_shape = (*output_shape[:-1], output_shape[-1] * 2)
        elif self.merge_mode is None:
            output_shape = [tuple(output_shape), tuple(output_shape)]
        if self.return_state:
            if self.merge_mode is None:
                return tuple(output_shape) + state_shape + state_shape
            return (tuple(output_shape), *state_shape, *state_shape)
        return output_shape if self.merge_mode is None else tuple(output_shape)

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        shapes = self.compute_output_shape(tuple(sequences.shape))
        dtype = self.compute_dtype
        return tree.map_shape_structure(lambda shape: SymbolicTensor(shape, dtype), shapes)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        if isinstance(mask, list):
            mask = mask[0]
        if self.return_sequences:
            output_mask = (mask, mask) if not self.merge_mode else mask
        else:
            output_mask = (None, None) if not self.merge_mode else None
        if self.return_state and self.states is not None:
            state_masks = tuple(None for _ in self.states)
            if isinstance(output_mask, tuple):
                return output_mask + state_masks
            return (output_mask, *state_masks)
        return output_mask

    @property
    def states(self) -> Any:
        forward_states = getattr(self.forward_layer, "states", None)
        backward_states = getattr(self.backward_layer, "states", None)
        if forward_states and backward_states:
            return tuple(forward_states) + tuple(backward_states)
        return None

    def reset_state(self) -> None:
        if not self.stateful:
            raise AttributeError(f"Layer {self.name!r} must be stateful to reset its states.")
        self.forward_layer.reset_state()
        self.backward_layer.reset_state()

    def reset_states(self) -> None:
        self.reset_state()

    def get_config(self) -> dict:
        config = {
            "merge_mode": self.merge_mode,
            "layer": serialization.serialize(self.forward_layer),
            "backward_layer": serialization.serialize(self.backward_layer),
        }
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Bidirectional:
        config = copy.deepcopy(config)
        config["layer"] = serialization.deserialize(
            config["layer"], custom_objects, module_hint="keras.layers"
        )
        backward = config.pop("backward_layer", None)
        if backward is not None:
            config["backward_layer"] = serialization.deserialize(
                backward, custom_objects, module_hint="keras.layers"
            )
        return super().from_config(config)


def _copy_layer(layer: Layer, prefix: str, go_backwards: bool | None) -> Layer:
    config = serialization.serialize(layer)
    inner = config["config"]
    name = inner["name"]
    if name.startswith(f"{prefix}_"):
        name = name[len(prefix) + 1 :]
    inner["name"] = f"{prefix}_{name}"
    if go_backwards is not None:
        inner["go_backwards"] = go_backwards
    return serialization.deserialize(config)


def _merge(mode: str | None, y: Any, y_reverse: Any) -> Any:
    if mode == "concat":
        return ops.concatenate([y, y_reverse], axis=-1)
    if mode == "sum":
        return ops.add(y, y_reverse)
    if mode == "ave":
        return ops.divide(ops.add(y, y_reverse), 2)
    if mode == "mul":
        return ops.multiply(y, y_reverse)
    return [y, y_reverse]


class TimeDistributed(Wrapper):
    """Applies ``layer`` to every temporal slice (axis 1) of the inputs.

    Example:
        >>> td = unison.layers.TimeDistributed(unison.layers.Conv2D(8, 3))
        >>> td(np.ones((2, 10, 16, 16, 3), "float32")).shape
        (2, 10, 14, 14, 8)
    """

    def __init__(self, layer: Layer, **kwargs: Any):
        super().__init__(layer, **kwargs)
        self.supports_masking = True

    def _child_input_shape(self, input_shape: Any) -> tuple:
        if not isinstance(input_shape, (tuple, list)) or len(input_shape) < 3:
            raise ValueError(
                f"`TimeDistributed` layer {self.name!r} needs inputs with at least 3 "
                f"dimensions (batch, time, ...); received input shape {input_shape}."
            )
        return (input_shape[0], *input_shape[2:])

    def build(self, input_shape: tuple) -> None:
        build_sublayer(self.layer, self._child_input_shape(tuple(input_shape)))
        self.built = True

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        child = self.layer.compute_output_shape(self._child_input_shape(tuple(input_shape)))
        return (child[0], input_shape[1], *child[1:])

    def compute_output_spec(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        shape = self.compute_output_shape(tuple(inputs.shape))
        return SymbolicTensor(shape, output_dtype(self, inputs.dtype))

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        if mask is not None:
            _check_mask(self.name, inputs, mask)
        kwargs: dict[str, Any] = {}
        if self.layer._call_accepts_training:
            kwargs["training"] = training
        steps = inputs.shape[1]
        if isinstance(self.layer, _PER_SAMPLE_LAYERS) or steps is None:
            folded = ops.reshape(inputs, (-1, *inputs.shape[2:]))
            outputs = self.layer.call(folded, **kwargs)
            batch = ops.shape(inputs)[0]
            return ops.reshape(outputs, (batch, ops.shape(inputs)[1], *outputs.shape[1:]))
        use_mask = self.layer._call_accepts_mask and mask is not None
        outputs = []
        for index in range(int(steps)):
            step_kwargs = dict(kwargs, mask=mask[:, index]) if use_mask else kwargs
            outputs.append(self.layer.call(inputs[:, index], **step_kwargs))
        return ops.stack(outputs, axis=1)


def _check_mask(name: str, inputs: Any, mask: Any) -> None:
    mask_shape, input_shape = tuple(mask.shape), tuple(inputs.shape)
    if len(mask_shape) < 2:
        raise ValueError(
            f"The `mask` passed to the `TimeDistributed` layer {name!r} must be at least 2D "
            f"(batch_size, timesteps); received a mask of shape {mask_shape}."
        )
    for axis in (0, 1):
        if (
            input_shape[axis] is not None
            and mask_shape[axis] is not None
            and input_shape[axis] != mask_shape[axis]
        ):
            raise ValueError(
                f"The `mask` passed to the `TimeDistributed` layer {name!r} has shape "
                f"{mask_shape}, incompatible with the input shape {input_shape}: the first "
                f"two dimensions must match."
            )
