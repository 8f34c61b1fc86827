"""What ``SimpleRNNCell``, ``LSTMCell`` and ``GRUCell`` share.

Each of these cells computes ``inputs @ kernel (+ input bias)`` and then a recurrence that
needs the previous state. ``project_inputs`` does the first part for a whole sequence at
once (one large matmul instead of one per step) and ``recurrent_step`` does the rest, so
an ``RNN`` keeps only the recurrence inside its time loop. ``call`` chains the two for a
single step, which is how a cell is used on its own.
"""

from __future__ import annotations

from typing import Any

from unison import activations, constraints, initializers, ops, regularizers
from unison.layers.core_utils import check_positive_int, read_weight
from unison.layers.layer import Layer
from unison.layers.rnn_base import DropoutRNNCell

__all__ = ["GatedCellBase", "RecurrentLayerProperties", "apply_mask", "gate_matmul"]


def apply_mask(value: Any, mask: Any) -> Any:
    """``value * mask``, the mask broadcast over a time axis ``value`` may have."""
    if mask is None:
        return value
    if len(value.shape) > len(mask.shape):
        mask = ops.expand_dims(mask, 1)
    return ops.multiply(value, mask)


def gate_matmul(value: Any, matrix: Any, masks: Any, gates: int) -> Any:
    """``value @ matrix`` with dropout: one mask for all gates, or one mask per gate."""
    if masks is None or not isinstance(masks, (list, tuple)):
        return ops.matmul(apply_mask(value, masks), matrix)
    blocks = ops.split(matrix, gates, axis=-1)
    return ops.concatenate(
        [
            ops.matmul(apply_mask(value, mask), block)
            for mask, block in zip(masks, blocks, strict=False)
        ],
        axis=-1,
    )


class GatedCellBase(DropoutRNNCell, Layer):
    """Shared constructor, weights, input projection and config of the built-in cells."""

    gates = 1
    _direct_call = True
    _supports_projection = True

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: Any = None,
        **kwargs: Any,
    ):
        if isinstance(units, int) and not isinstance(units, bool) and units <= 0:
            raise ValueError(
                f"Received an invalid value for argument `units`, expected a positive "
                f"integer, got {units}."
            )
        units = check_positive_int(units, "units", type(self).__name__)
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        self.implementation = implementation
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.recurrent_constraint = constraints.get(recurrent_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._init_dropout(dropout, recurrent_dropout, seed)

    # -- weights -------------------------------------------------------------------------
    def _check_input_dim(self, input_shape: tuple) -> int:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}): the last dimension of the "
                f"inputs must be known; received input shape {tuple(input_shape)}."
            )
        return int(input_dim)

    def _add_kernels(self, input_dim: int) -> None:
        width = self.units * self.gates
        self.kernel = self.add_weight(
            shape=(input_dim, width),
            name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, width),
            name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )

    def _add_bias(self, shape: tuple, initializer: Any) -> None:
        self.bias = self.add_weight(
            shape=shape,
            name="bias",
            initializer=initializer,
            regularizer=self.bias_regularizer,
            constraint=self.bias_constraint,
        )

    def _input_bias(self) -> Any:
        return read_weight(self, self.bias) if self.use_bias else None

    # -- computation ---------------------------------------------------------------------
    def _masks(self, training: Any) -> tuple[Any, Any]:
        if not training:
            return None, None
        return self._dropout_mask, self._recurrent_dropout_mask

    def project_inputs(self, inputs: Any, training: Any = False) -> Any:
        """``inputs @ kernel + input_bias`` for ``(batch, [time,] features)`` inputs."""
        input_masks, _ = self._masks(training)
        kernel = read_weight(self, self.kernel)
        projected = gate_matmul(inputs, kernel, input_masks, self.gates)
        bias = self._input_bias()
        if bias is not None:
            projected = ops.add(projected, bias)
        return projected

    def recurrent_step(self, projected: Any, states: Any, training: Any = False) -> tuple:
        raise NotImplementedError(f"{type(self).__name__} must implement recurrent_step().")

    def call(self, inputs: Any, states: Any, training: Any = False) -> tuple[Any, Any]:
        if training:
            previous = states[0] if isinstance(states, (list, tuple)) else states
            self.get_dropout_mask(inputs)
            self.get_recurrent_dropout_mask(previous)
        return self.recurrent_step(self.project_inputs(inputs, training), states, training)

    def get_initial_state(self, batch_size: Any = None) -> list:
        sizes = self.state_size if isinstance(self.state_size, list) else [self.state_size]
        return [ops.zeros((batch_size, size), dtype=self.compute_dtype) for size in sizes]

    # -- configuration -------------------------------------------------------------------
    def _weights_config(self) -> dict:
        return {
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "recurrent_constraint": constraints.serialize(self.recurrent_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


class RecurrentLayerProperties:
    """Read-only views of the cell's hyper-parameters on an RNN layer (``layer.units``...)."""

    _cell_properties: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        if name in type(self)._cell_properties and "cell" in self.__dict__:
            return getattr(self.__dict__["cell"], name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
