"""Convolutional LSTM: ``ConvLSTM1D`` / ``ConvLSTM2D`` / ``ConvLSTM3D``.

The LSTM gates are convolutions: the input transformation uses the layer's ``strides``,
``padding`` and ``dilation_rate``; the recurrent one is a stride-1 ``"same"`` convolution
of the previous state. Inputs are ``(batch, time, *spatial, channels)`` (channels last) or
``(batch, time, channels, *spatial)``.

Example:
    >>> layer = unison.layers.ConvLSTM2D(4, 3, padding="same", return_sequences=True)
    >>> layer(np.ones((2, 5, 8, 8, 1), "float32")).shape
    (2, 5, 8, 8, 4)
"""

from __future__ import annotations

from typing import Any

from unison import activations, config, initializers, ops, tree
from unison.layers.conv_base import conv_output_length, standardize_padding, standardize_tuple
from unison.layers.core_utils import read_weight
from unison.layers.input_spec import InputSpec
from unison.layers.lstm import recurrent_layer_config
from unison.layers.rnn_base import RNN
from unison.layers.rnn_cell_base import GatedCellBase, RecurrentLayerProperties, apply_mask

__all__ = ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"]


class ConvLSTMCell(GatedCellBase):
    """One ConvLSTM step on ``(batch, *spatial, channels)`` inputs (not exported, as Keras)."""

    gates = 4
    _supports_projection = False

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        if rank not in (1, 2, 3):
            raise ValueError(f"ConvLSTM supports rank 1, 2 or 3; received rank={rank}.")
        super().__init__(
            filters,
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
        self.rank = rank
        self.filters = self.units
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides", allow_zero=True)
        self.padding = standardize_padding(padding)
        self.data_format = config.standardize_data_format(data_format)
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"Specifying `strides > 1` is not compatible with `dilation_rate > 1`; "
                f"received strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.dropout_mask_count = 4
        self.state_size = -1
        self.spatial_dims = None
        self.input_dim = None

    def build(self, inputs_shape: tuple, states_shape: Any = None) -> None:
        inputs_shape = tuple(inputs_shape)
        if len(inputs_shape) != self.rank + 2:
            raise ValueError(
                f"Layer {self.name!r}: expected step inputs of rank {self.rank + 2}; received "
                f"shape {inputs_shape}."
            )
        channels_last = self.data_format == "channels_last"
        self.spatial_dims = inputs_shape[1:-1] if channels_last else inputs_shape[2:]
        if None in self.spatial_dims:
            raise ValueError(
                f"ConvLSTM layers need static spatial dimensions; received input shape "
                f"{inputs_shape}."
            )
        input_dim = inputs_shape[-1] if channels_last else inputs_shape[1]
        if input_dim is None:
            raise ValueError(
                f"The channel dimension of the inputs must be known; received input shape "
                f"{inputs_shape}."
            )
        self.input_dim = int(input_dim)
        self.kernel = self.add_weight(
            shape=(*self.kernel_size, self.input_dim, self.filters * 4),
            initializer=self.kernel_initializer,
            name="kernel",
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(*self.kernel_size, self.filters, self.filters * 4),
            initializer=self.recurrent_initializer,
            name="recurrent_kernel",
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                base, filters = self.bias_initializer, self.filters

                def initializer(shape: tuple, dtype: Any = None) -> Any:
                    return ops.concatenate(
                        [
                            base((filters,), dtype),
                            initializers.get("ones")((filters,), dtype),
                            base((filters * 2,), dtype),
                        ]
                    )

            self._add_bias((self.filters * 4,), initializer)
        else:
            self.bias = None
        self.built = True

    def _convolve(self, value: Any, kernel: Any, masks: Any, recurrent: bool) -> Any:
        options = (
            {"strides": 1, "padding": "same"}
            if recurrent
            else {
                "strides": self.strides,
                "padding": self.padding,
                "dilation_rate": self.dilation_rate,
            }
        )
        if masks is None or not isinstance(masks, (list, tuple)):
            return ops.conv(
                apply_mask(value, masks), kernel, data_format=self.data_format, **options
            )
        blocks = ops.split(kernel, 4, axis=-1)
        axis = -1 if self.data_format == "channels_last" else 1
        return ops.concatenate(
            [
                ops.conv(apply_mask(value, mask), block, data_format=self.data_format, **options)
                for mask, block in zip(masks, blocks, strict=False)
            ],
            axis=axis,
        )

    def call(self, inputs: Any, states: Any, training: Any = False) -> tuple[Any, Any]:
        h_previous, c_previous = states[0], states[1]
        if training:
            self.get_dropout_mask(inputs)
            self.get_recurrent_dropout_mask(h_previous)
        input_masks, recurrent_masks = self._masks(training)
        z = self._convolve(inputs, read_weight(self, self.kernel), input_masks, False)
        if self.use_bias:
            bias = read_weight(self, self.bias)
            if self.data_format != "channels_last":
                bias = ops.reshape(bias, (1, self.filters * 4) + (1,) * self.rank)
            z = ops.add(z, bias)
        recurrent_kernel = read_weight(self, self.recurrent_kernel)
        z = ops.add(z, self._convolve(h_previous, recurrent_kernel, recurrent_masks, True))
        axis = -1 if self.data_format == "channels_last" else 1
        z_i, z_f, z_c, z_o = ops.split(z, 4, axis=axis)
        gate = self.recurrent_activation
        c = ops.add(
            ops.multiply(gate(z_f), c_previous), ops.multiply(gate(z_i), self.activation(z_c))
        )
        h = ops.multiply(gate(z_o), self.activation(c))
        return h, [h, c]

    def state_shape(self, batch_size: Any) -> tuple:
        spatial = tuple(
            conv_output_length(length, kernel, self.padding, stride, dilation)
            for length, kernel, stride, dilation in zip(
                self.spatial_dims, self.kernel_size, self.strides, self.dilation_rate, strict=False
            )
        )
        if self.data_format == "channels_last":
            return (batch_size, *spatial, self.filters)
        return (batch_size, self.filters, *spatial)

    def compute_output_shape(self, inputs_shape: tuple, states_shape: Any = None) -> tuple:
        channels_last = self.data_format == "channels_last"
        spatial = inputs_shape[1:-1] if channels_last else inputs_shape[2:]
        lengths = tuple(
            conv_output_length(length, kernel, self.padding, stride, dilation)
            for length, kernel, stride, dilation in zip(
                spatial, self.kernel_size, self.strides, self.dilation_rate, strict=False
            )
        )
        batch = inputs_shape[0]
        shape = (
            (batch, *lengths, self.filters) if channels_last else (batch, self.filters, *lengths)
        )
        return shape, [shape, shape]

    def get_initial_state(self, batch_size: Any = None) -> list:
        shape = self.state_shape(batch_size)
        return [
            ops.zeros(shape, dtype=self.compute_dtype),
            ops.zeros(shape, dtype=self.compute_dtype),
        ]

    def _conv_config(self) -> dict:
        return {
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "recurrent_activation": activations.serialize(self.recurrent_activation),
            "use_bias": self.use_bias,
            **{k: v for k, v in self._weights_config().items() if k.endswith("initializer")},
            "unit_forget_bias": self.unit_forget_bias,
            **{k: v for k, v in self._weights_config().items() if not k.endswith("initializer")},
            "dropout": self.dropout,
            "recurrent_dropout": self.recurrent_dropout,
            "seed": self.seed,
        }

    def get_config(self) -> dict:
        return {**super().get_config(), **self._conv_config()}


class ConvLSTM(RecurrentLayerProperties, RNN):
    """Shared implementation of ``ConvLSTM1D/2D/3D`` (``rank`` spatial dimensions)."""

    _cell_properties = (
        "filters",
        "kernel_size",
        "strides",
        "padding",
        "data_format",
        "dilation_rate",
        "activation",
        "recurrent_activation",
        "use_bias",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer",
        "unit_forget_bias",
        "kernel_regularizer",
        "recurrent_regularizer",
        "bias_regularizer",
        "kernel_constraint",
        "recurrent_constraint",
        "bias_constraint",
        "dropout",
        "recurrent_dropout",
    )
    _rank = 2

    def __init__(
        self,
        filters: int,
        kernel_size: Any,
        strides: Any = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: Any = 1,
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
        **kwargs: Any,
    ):
        cell = ConvLSTMCell(
            rank=self._rank,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            name="conv_lstm_cell",
            dtype=kwargs.get("dtype"),
        )
        super().__init__(
            cell,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.input_spec = InputSpec(ndim=self._rank + 3)

    def call(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = False
    ) -> Any:
        return super().call(sequences, initial_state=initial_state, mask=mask, training=training)

    def compute_output_shape(self, sequences_shape: tuple, initial_state_shape: Any = None) -> Any:
        batch_size, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch_size, *sequences_shape[2:])
        state_shape = self.cell.compute_output_shape(step_shape)[0][1:]
        if self.return_sequences:
            output_shape = (batch_size, steps, *state_shape)
        else:
            output_shape = (batch_size, *state_shape)
        if self.return_state:
            batched = (batch_size, *state_shape)
            return output_shape, batched, batched
        return output_shape

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        mask = None if mask is None else tree.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

    def get_config(self) -> dict:
        return {**recurrent_layer_config(self), **self.cell._conv_config()}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> ConvLSTM:
        return super(RNN, cls).from_config(config)


class ConvLSTM1D(ConvLSTM):
    """1-D convolutional LSTM over ``(batch, time, steps, channels)`` inputs.

    Example:
        >>> unison.layers.ConvLSTM1D(4, 3)(np.ones((2, 5, 8, 1), "float32")).shape
        (2, 6, 4)
    """

    _rank = 1


class ConvLSTM2D(ConvLSTM):
    """2-D convolutional LSTM over ``(batch, time, rows, cols, channels)`` inputs.

    Example:
        >>> unison.layers.ConvLSTM2D(4, 3)(np.ones((2, 5, 8, 8, 1), "float32")).shape
        (2, 6, 6, 4)
    """

    _rank = 2


class ConvLSTM3D(ConvLSTM):
    """3-D convolutional LSTM over ``(batch, time, d1, d2, d3, channels)`` inputs.

    Example:
        >>> unison.layers.ConvLSTM3D(2, 3)(np.ones((1, 3, 5, 5, 5, 1), "float32")).shape
        (1, 3, 3, 3, 2)
    """

    _rank = 3
