"""Fully-connected recurrence: ``SimpleRNNCell`` and ``SimpleRNN``.

``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

Example:
    >>> unison.layers.SimpleRNN(4)(np.ones((2, 5, 3), "float32")).shape
    (2, 4)
"""

from __future__ import annotations

from typing import Any

from unison import activations, ops
from unison.layers.core_utils import read_weight
from unison.layers.input_spec import InputSpec
from unison.layers.lstm import recurrent_layer_config
from unison.layers.rnn_base import RNN
from unison.layers.rnn_cell_base import GatedCellBase, RecurrentLayerProperties, apply_mask

__all__ = ["SimpleRNN", "SimpleRNNCell"]


class SimpleRNNCell(GatedCellBase):
    """One step of a fully-connected RNN; the output is the new state.

    Example:
        >>> cell = unison.layers.SimpleRNNCell(4)
        >>> h, [h] = cell(np.ones((2, 3), "float32"), [np.zeros((2, 4), "float32")])
    """

    gates = 1

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
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape: tuple) -> None:
        self._add_kernels(self._check_input_dim(input_shape))
        if self.use_bias:
            self._add_bias((self.units,), self.bias_initializer)
        else:
            self.bias = None
        self.built = True

    def recurrent_step(self, projected: Any, states: Any, training: Any = False) -> tuple:
        nested = isinstance(states, (list, tuple))
        previous = states[0] if nested else states
        _, mask = self._masks(training)
        recurrent = ops.matmul(apply_mask(previous, mask), read_weight(self, self.recurrent_kernel))
        output = self.activation(ops.add(projected, recurrent))
        return output, ([output] if nested else output)

    def get_config(self) -> dict:
        config = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            **self._weights_config(),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


class SimpleRNN(RecurrentLayerProperties, RNN):
    """Fully-connected RNN over ``(batch, timesteps, features)`` inputs.

    Example:
        >>> unison.layers.SimpleRNN(4, return_sequences=True)(np.ones((2, 5, 3))).shape
        (2, 5, 4)
    """

    _cell_properties = (
        "units",
        "activation",
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
    )

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
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        recurrent_constraint: Any = None,
        bias_constraint: Any = None,
        dropout: float = 0.0,
        recurrent_dropout: float = 0.0,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        seed: Any = None,
        **kwargs: Any,
    ):
        cell = SimpleRNNCell(
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
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
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

    def call(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = False
    ) -> Any:
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def get_config(self) -> dict:
        cell = self.cell
        config = {
            "units": cell.units,
            "activation": activations.serialize(cell.activation),
            "use_bias": cell.use_bias,
            **cell._weights_config(),
            "dropout": cell.dropout,
            "recurrent_dropout": cell.recurrent_dropout,
        }
        return {**recurrent_layer_config(self), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> SimpleRNN:
        return super(RNN, cls).from_config(config)
