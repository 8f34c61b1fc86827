"""Gated recurrent unit: ``GRUCell`` (one step) and ``GRU`` (a whole sequence).

Gates are laid out as in Keras (update, reset, candidate). With ``reset_after=True`` (the
default, cuDNN-compatible) the reset gate multiplies the recurrent projection and the bias
has shape ``(2, 3 * units)`` (input bias, recurrent bias); with ``reset_after=False`` it
multiplies the previous state before the projection and the bias is ``(3 * units,)``.

Example:
    >>> unison.layers.GRU(4, return_sequences=True)(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 4)
"""

from __future__ import annotations

from typing import Any

from unison import activations, ops
from unison.layers.core_utils import read_weight
from unison.layers.input_spec import InputSpec
from unison.layers.lstm import check_use_cudnn, recurrent_layer_config
from unison.layers.rnn_base import RNN
from unison.layers.rnn_cell_base import (
    GatedCellBase,
    RecurrentLayerProperties,
    apply_mask,
    gate_matmul,
)

__all__ = ["GRU", "GRUCell"]


class GRUCell(GatedCellBase):
    """One GRU step: ``h, h = cell(x, h_prev)`` (a list of one state in, a list out).

    Example:
        >>> cell = unison.layers.GRUCell(4)
        >>> h, [h] = cell(np.ones((2, 3), "float32"), [np.zeros((2, 4), "float32")])
    """

    gates = 3

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
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
        reset_after: bool = True,
        seed: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            units,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            **kwargs,
        )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape: tuple) -> None:
        self._add_kernels(self._check_input_dim(input_shape))
        if self.use_bias:
            shape = (2, 3 * self.units) if self.reset_after else (3 * self.units,)
            self._add_bias(shape, self.bias_initializer)
        else:
            self.bias = None
        self.built = True

    def _input_bias(self) -> Any:
        if not self.use_bias:
            return None
        bias = read_weight(self, self.bias)
        return bias[0] if self.reset_after else bias

    def recurrent_step(self, projected: Any, states: Any, training: Any = False) -> tuple:
        nested = isinstance(states, (list, tuple))
        h_previous = states[0] if nested else states
        _, masks = self._masks(training)
        per_gate = isinstance(masks, (list, tuple))
        recurrent_kernel = read_weight(self, self.recurrent_kernel)
        units = self.units
        x_z, x_r, x_h = ops.split(projected, 3, axis=-1)
        if self.reset_after:
            inner = gate_matmul(h_previous, recurrent_kernel, masks, 3)
            if self.use_bias:
                inner = ops.add(inner, read_weight(self, self.bias)[1])
            r_z, r_r, r_h = ops.split(inner, 3, axis=-1)
            z = self.recurrent_activation(ops.add(x_z, r_z))
            r = self.recurrent_activation(ops.add(x_r, r_r))
            candidate = ops.add(x_h, ops.multiply(r, r_h))
        else:
            gate_masks = masks[:2] if per_gate else masks
            inner = gate_matmul(h_previous, recurrent_kernel[:, : 2 * units], gate_masks, 2)
            r_z, r_r = ops.split(inner, 2, axis=-1)
            z = self.recurrent_activation(ops.add(x_z, r_z))
            r = self.recurrent_activation(ops.add(x_r, r_r))
            h_candidate = apply_mask(h_previous, masks[2] if per_gate else masks)
            candidate = ops.add(
                x_h, ops.matmul(ops.multiply(r, h_candidate), recurrent_kernel[:, 2 * units :])
            )
        hh = self.activation(candidate)
        h = ops.add(ops.multiply(z, h_previous), ops.multiply(ops.subtract(1.0, z), hh))
        return h, ([h] if nested else h)

    def get_config(self) -> dict:
        config = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            **self._weights_config(),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "reset_after": self.reset_after,
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


class GRU(RecurrentLayerProperties, RNN):
    """GRU over ``(batch, timesteps, features)`` inputs (Cho et al., 2014).

    Accepts the ``GRUCell`` arguments plus those of ``RNN``; ``use_cudnn`` is accepted for
    compatibility.

    Example:
        >>> output, state = unison.layers.GRU(4, return_state=True)(np.ones((2, 5, 3)))
    """

    _cell_properties = (
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
        "dropout",
        "recurrent_dropout",
        "reset_after",
    )

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        recurrent_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        seed: Any = None,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        reset_after: bool = True,
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ):
        cell = GRUCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            reset_after=reset_after,
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
            seed=seed,
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=3)
        self.use_cudnn = check_use_cudnn(use_cudnn)

    def call(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = False
    ) -> Any:
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_config(self) -> dict:
        cell = self.cell
        config = {
            "units": cell.units,
            "activation": activations.serialize(cell.activation),
            "recurrent_activation": activations.serialize(cell.recurrent_activation),
            "use_bias": cell.use_bias,
            **cell._weights_config(),
            "dropout": cell.dropout,
            "recurrent_dropout": cell.recurrent_dropout,
            "reset_after": cell.reset_after,
            "seed": cell.seed,
        }
        return {**recurrent_layer_config(self), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> GRU:
        return super(RNN, cls).from_config(config)
