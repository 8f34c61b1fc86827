"""Long short-term memory: ``LSTMCell`` (one step) and ``LSTM`` (a whole sequence).

The gates are laid out as Keras lays them out (input, forget, cell, output along the last
axis of ``kernel``, ``recurrent_kernel`` and ``bias``), so weights load from Keras files.

Example:
    >>> lstm = unison.layers.LSTM(4, return_sequences=True, return_state=True)
    >>> sequence, h, c = lstm(np.ones((2, 5, 3), "float32"))
    >>> sequence.shape, h.shape, c.shape
    ((2, 5, 4), (2, 4), (2, 4))
"""

from __future__ import annotations

from typing import Any

from unison import activations, initializers, ops, regularizers
from unison.layers.core_utils import read_weight
from unison.layers.input_spec import InputSpec
from unison.layers.rnn_base import RNN
from unison.layers.rnn_cell_base import GatedCellBase, RecurrentLayerProperties, gate_matmul

__all__ = ["LSTM", "LSTMCell"]


class LSTMCell(GatedCellBase):
    """One LSTM step: ``h, [h, c] = cell(x, [h_prev, c_prev])``.

    Args:
        units: size of the output and of both states.
        activation / recurrent_activation: for the cell candidate and output / the gates.
        unit_forget_bias: initialise the forget-gate bias to one.
        dropout / recurrent_dropout: drop rates for the inputs / the recurrent state.

    Example:
        >>> cell = unison.layers.LSTMCell(4)
        >>> h, (h, c) = cell(np.ones((2, 3), "float32"), [np.zeros((2, 4), "float32")] * 2)
    """

    gates = 4

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
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
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape: tuple) -> None:
        self._add_kernels(self._check_input_dim(input_shape))
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base = self.bias_initializer
                units = self.units

                def initializer(shape: tuple, dtype: Any = None) -> Any:
                    return ops.concatenate(
                        [
                            base((units,), dtype),
                            initializers.get("ones")((units,), dtype),
                            base((units * 2,), dtype),
                        ]
                    )

            self._add_bias((self.units * 4,), initializer)
        else:
            self.bias = None
        self.built = True

    def recurrent_step(self, projected: Any, states: Any, training: Any = False) -> tuple:
        h_previous, c_previous = states[0], states[1]
        _, recurrent_masks = self._masks(training)
        recurrent_kernel = read_weight(self, self.recurrent_kernel)
        z = ops.add(projected, gate_matmul(h_previous, recurrent_kernel, recurrent_masks, 4))
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=-1)
        gate = self.recurrent_activation
        c = ops.add(
            ops.multiply(gate(z_f), c_previous), ops.multiply(gate(z_i), self.activation(z_c))
        )
        h = ops.multiply(gate(z_o), self.activation(c))
        return h, [h, c]

    def get_config(self) -> dict:
        config = {
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            "unit_forget_bias": self.unit_forget_bias,
            **self._weights_config(),
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


_LSTM_PROPERTIES = (
    "units",
    "activation",
    "recurrent_activation",
    "use_bias",
    "unit_forget_bias",
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


def check_use_cudnn(value: Any) -> Any:
    if value not in ("auto", True, False):
        raise ValueError(
            f"Invalid value received for argument `use_cudnn`: expected one of "
            f"{{'auto', True, False}}; received use_cudnn={value!r}."
        )
    return value


def recurrent_layer_config(layer: RNN) -> dict:
    """The ``RNN`` config without the cell, plus the activity regularizer (as Keras)."""
    config = RNN.get_config(layer)
    del config["cell"]
    config["activity_regularizer"] = regularizers.serialize(layer.activity_regularizer)
    return config


class LSTM(RecurrentLayerProperties, RNN):
    """LSTM over ``(batch, timesteps, features)`` inputs (Hochreiter & Schmidhuber, 1997).

    Accepts the ``LSTMCell`` arguments plus those of ``RNN`` (``return_sequences``,
    ``return_state``, ``go_backwards``, ``stateful``, ``unroll``). ``use_cudnn`` is accepted
    for compatibility; the computation is the same on every backend.

    Example:
        >>> unison.layers.LSTM(8)(np.ones((2, 5, 3), "float32")).shape
        (2, 8)
    """

    _cell_properties = _LSTM_PROPERTIES

    def __init__(
        self,
        units: int,
        activation: Any = "tanh",
        recurrent_activation: Any = "sigmoid",
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        recurrent_initializer: Any = "orthogonal",
        bias_initializer: Any = "zeros",
        unit_forget_bias: bool = True,
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
        use_cudnn: Any = "auto",
        **kwargs: Any,
    ):
        cell = LSTMCell(
            units,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            unit_forget_bias=unit_forget_bias,
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
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="lstm_cell",
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
            **{
                key: value
                for key, value in cell._weights_config().items()
                if key.endswith("initializer")
            },
            "unit_forget_bias": cell.unit_forget_bias,
            **{
                key: value
                for key, value in cell._weights_config().items()
                if not key.endswith("initializer")
            },
            "dropout": cell.dropout,
            "recurrent_dropout": cell.recurrent_dropout,
            "seed": cell.seed,
        }
        return {**recurrent_layer_config(self), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> LSTM:
        return super(RNN, cls).from_config(config)
