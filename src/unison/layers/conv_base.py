"""Shared machinery of the convolution layers: argument checks, output sizes and base classes.

``BaseConv`` (regular and grouped convolution), ``BaseConvTranspose``, ``BaseDepthwiseConv``
and ``BaseSeparableConv`` hold everything but the rank; the public classes
(``Conv2D``, ``Conv1DTranspose``...) only fix it.
"""

from __future__ import annotations

from typing import Any

from unison import activations, constraints, initializers, ops, regularizers
from unison.backend import current
from unison.config import standardize_data_format
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = [
    "BaseConv",
    "BaseConvTranspose",
    "conv_output_length",
    "conv_transpose_output_length",
    "standardize_padding",
    "standardize_tuple",
]


def standardize_tuple(value: Any, rank: int, name: str, allow_zero: bool = False) -> tuple:
    """``value`` (an int or ``rank`` ints) as a tuple of ``rank`` ints, checked.

    Example:
        >>> standardize_tuple(3, 2, "kernel_size")
        (3, 3)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        result = (value,) * rank
    else:
        try:
            result = tuple(value)
        except TypeError:
            raise ValueError(
                f"The `{name}` argument must be an int or a tuple of {rank} ints; "
                f"received {name}={value!r}."
            ) from None
        if len(result) != rank or not all(
            isinstance(item, int) and not isinstance(item, bool) for item in result
        ):
            raise ValueError(
                f"The `{name}` argument must be an int or a tuple of {rank} ints; "
                f"received {name}={value!r}."
            )
    lowest = 0 if allow_zero else 1
    if any(item < lowest for item in result):
        requirement = ">= 0" if allow_zero else "> 0"
        raise ValueError(
            f"The `{name}` argument must contain only values {requirement}; "
            f"received {name}={value!r}."
        )
    return result


def standardize_padding(padding: Any, allow_causal: bool = False) -> str:
    """Lower-cased ``"valid"`` / ``"same"`` (and ``"causal"`` when allowed), checked."""
    value = padding.lower() if isinstance(padding, str) else padding
    allowed = ("valid", "same", "causal") if allow_causal else ("valid", "same")
    if value not in allowed:
        raise ValueError(
            f"The `padding` argument must be one of {', '.join(repr(a) for a in allowed)}; "
            f"received padding={padding!r}."
        )
    return value


def conv_output_length(
    length: int | None, kernel_size: int, padding: str, stride: int, dilation: int = 1
) -> int | None:
    """Spatial output size of a convolution / pooling window along one axis."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return -(-length // stride)
    span = dilation * (kernel_size - 1) + 1
    return (length - span) // stride + 1


def conv_transpose_output_length(
    length: int | None,
    kernel_size: int,
    padding: str,
    output_padding: int | None,
    stride: int,
    dilation: int = 1,
) -> int | None:
    """Spatial output size of a transposed convolution along one axis."""
    if length is None:
        return None
    span = kernel_size + (kernel_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return length * stride + max(span - stride, 0)
        return length * stride
    pad = span // 2 if padding == "same" else 0
    return (length - 1) * stride + span - 2 * pad + output_padding


def _channel_axis(data_format: str) -> int:
    return -1 if data_format == "channels_last" else 1


def _spatial(shape: tuple, data_format: str) -> tuple:
    return tuple(shape[1:-1]) if data_format == "channels_last" else tuple(shape[2:])


def _with_channels(batch: Any, spatial: tuple, channels: Any, data_format: str) -> tuple:
    if data_format == "channels_last":
        return (batch, *spatial, channels)
    return (batch, channels, *spatial)


def _weight_value(variable: Any, compute_dtype: str) -> Any:
    """The variable's value in the layer's compute dtype (mixed precision casts here)."""
    value = variable.value
    if variable.dtype != compute_dtype:
        value = ops.cast(value, compute_dtype)
    return value


class _ConvCommon(Layer):
    """Argument handling shared by every convolution layer."""

    def _setup(
        self,
        rank,
        kernel_size,
        strides,
        padding,
        data_format,
        dilation_rate,
        activation,
        use_bias,
        bias_initializer,
        bias_regularizer,
        bias_constraint,
        allow_causal=False,
    ):
        self.rank = rank
        self.kernel_size = standardize_tuple(kernel_size, rank, "kernel_size")
        self.strides = standardize_tuple(strides, rank, "strides")
        self.dilation_rate = standardize_tuple(dilation_rate, rank, "dilation_rate")
        self.padding = standardize_padding(padding, allow_causal=allow_causal)
        self.data_format = standardize_data_format(data_format)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.bias_initializer = initializers.get(bias_initializer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(min_ndim=rank + 2)
        self.bias = None
        self._bias_shape: tuple | None = None

    def _check_rank(self, input_shape: tuple) -> int:
        input_shape = tuple(input_shape)
        if len(input_shape) != self.rank + 2:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) expects inputs of rank "
                f"{self.rank + 2} (batch, {self.rank} spatial dims, channels); received shape "
                f"{input_shape}."
            )
        channels = input_shape[_channel_axis(self.data_format)]
        if channels is None:
            raise ValueError(
                f"Layer {self.name!r}: the channel dimension of the inputs must be known; "
                f"received shape {input_shape} with data_format={self.data_format!r}."
            )
        self.input_spec = InputSpec(
            min_ndim=self.rank + 2,
            max_ndim=self.rank + 2,
            axes={_channel_axis(self.data_format): channels},
        )
        return int(channels)

    def _check_positive_output(self, input_shape: tuple, output_shape: tuple) -> None:
        spatial = _spatial(output_shape, self.data_format)
        if any(size is not None and size <= 0 for size in spatial):
            raise ValueError(
                f"Layer {self.name!r}: computed output size would be zero or negative "
                f"(output shape {tuple(output_shape)}) for input shape {tuple(input_shape)} "
                f"with kernel_size={self.kernel_size}, strides={self.strides}, "
                f"dilation_rate={self.dilation_rate}, padding={self.padding!r}."
            )

    def _conv_spatial(self, input_shape: tuple) -> tuple:
        sizes = _spatial(input_shape, self.data_format)
        return tuple(
            conv_output_length(size, kernel, self.padding, stride, dilation)
            for size, kernel, stride, dilation in zip(
                sizes, self.kernel_size, self.strides, self.dilation_rate, strict=True
            )
        )

    def _add_bias(self, channels: int) -> None:
        if not self.use_bias:
            self.bias = None
            return
        self.bias = self.add_weight(
            name="bias",
            shape=(channels,),
            initializer=self.bias_initializer,
            regularizer=self.bias_regularizer,
            constraint=self.bias_constraint,
            trainable=True,
            dtype=self.dtype,
        )
        if self.data_format == "channels_last":
            self._bias_shape = (1,) * (self.rank + 1) + (channels,)
        else:
            self._bias_shape = (1, channels) + (1,) * self.rank

    def _finish(self, outputs: Any) -> Any:
        if self.bias is not None:
            bias = ops.reshape(_weight_value(self.bias, self.compute_dtype), self._bias_shape)
            outputs = ops.add(outputs, bias)
        if self.activation is not None:
            outputs = self.activation(outputs)
        return outputs

    def _common_config(self) -> dict:
        return {
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
        }

    def _tail_config(self, prefix: str, extra: tuple = ()) -> dict:
        """Initializer / regularizer / constraint keys in Keras order, for ``prefix`` weights."""
        names = (prefix, *extra, "bias")
        config: dict[str, Any] = {}
        for name in names:
            config[f"{name}_initializer"] = initializers.serialize(
                getattr(self, f"{name}_initializer")
            )
        for name in names:
            config[f"{name}_regularizer"] = regularizers.serialize(
                getattr(self, f"{name}_regularizer")
            )
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        for name in names:
            config[f"{name}_constraint"] = constraints.serialize(
                getattr(self, f"{name}_constraint")
            )
        return config


class BaseConv(_ConvCommon):
    """N-D convolution: ``activation(conv(inputs, kernel) + bias)``; ``groups`` splits channels.

    The kernel has shape ``(*kernel_size, input_channels // groups, filters)``.
    """

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: int | tuple,
        strides: int | tuple = 1,
        padding: str = "valid",
        data_format: str | None = None,
        dilation_rate: int | tuple = 1,
        groups: int = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._setup(
            rank,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            bias_initializer,
            bias_regularizer,
            bias_constraint,
            allow_causal=rank == 1,
        )
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"Invalid value for argument `filters`: expected a strictly positive int; "
                f"received filters={filters!r}."
            )
        if not isinstance(groups, int) or groups <= 0:
            raise ValueError(
                f"The number of groups must be a positive integer; received groups={groups!r}."
            )
        if filters % groups:
            raise ValueError(
                f"The number of filters must be evenly divisible by the number of groups; "
                f"received groups={groups}, filters={filters}."
            )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"`strides > 1` is not supported together with `dilation_rate > 1`; received "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.filters = filters
        self.groups = groups
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.kernel = None

    def build(self, input_shape: tuple) -> None:
        channels = self._check_rank(input_shape)
        if channels % self.groups:
            raise ValueError(
                f"Layer {self.name!r}: the number of input channels must be evenly divisible "
                f"by the number of groups; received groups={self.groups}, but the input has "
                f"{channels} channels (full input shape {tuple(input_shape)})."
            )
        self._check_positive_output(input_shape, self.compute_output_shape(input_shape))
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels // self.groups, self.filters),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
            dtype=self.dtype,
        )
        self._add_bias(self.filters)
        if self.padding == "causal":
            left = self.dilation_rate[0] * (self.kernel_size[0] - 1)
            if self.data_format == "channels_last":
                self._causal_pad = [[0, 0], [left, 0], [0, 0]]
            else:
                self._causal_pad = [[0, 0], [0, 0], [left, 0]]
        self.built = True

    def convolution_op(self, inputs: Any, kernel: Any) -> Any:
        padding = self.padding
        if padding == "causal":
            inputs = ops.pad(inputs, self._causal_pad)
            padding = "valid"
        return ops.conv(
            inputs,
            kernel,
            strides=self.strides,
            padding=padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def call(self, inputs: Any) -> Any:
        kernel = _weight_value(self.kernel, self.compute_dtype)
        fused = self._fused_bias_conv(inputs, kernel)
        if fused is not None:
            return fused if self.activation is None else self.activation(fused)
        return self._finish(self.convolution_op(inputs, kernel))

    def _fused_bias_conv(self, inputs: Any, kernel: Any) -> Any:
        """``conv + bias`` through the backend's optional ``fused_conv`` kernel (one pass over
        the output), when the layer uses the stock ``convolution_op``; else None."""
        fused = getattr(current().backend, "fused_conv", None)
        if (
            fused is None
            or self.bias is None
            or self.padding == "causal"
            or type(self).convolution_op is not BaseConv.convolution_op
        ):
            return None
        return fused(
            inputs,
            kernel,
            _weight_value(self.bias, self.compute_dtype),
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        spatial = self._conv_spatial(input_shape)
        return _with_channels(input_shape[0], spatial, self.filters, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config["filters"] = self.filters
        config.update(self._common_config())
        config["groups"] = self.groups
        config["activation"] = activations.serialize(self.activation)
        config["use_bias"] = self.use_bias
        config.update(self._tail_config("kernel"))
        return config


class BaseConvTranspose(_ConvCommon):
    """N-D transposed convolution; the kernel has shape ``(*kernel_size, filters, channels)``."""

    def __init__(
        self,
        rank: int,
        filters: int,
        kernel_size: int | tuple,
        strides: int | tuple = 1,
        padding: str = "valid",
        output_padding: int | tuple | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self._setup(
            rank,
            kernel_size,
            strides,
            padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            bias_initializer,
            bias_regularizer,
            bias_constraint,
        )
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(
                f"Invalid value for argument `filters`: expected a strictly positive int; "
                f"received filters={filters!r}."
            )
        self.filters = filters
        if output_padding is None:
            self.output_padding = None
        else:
            self.output_padding = standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True
            )
            for index, (pad, stride) in enumerate(
                zip(self.output_padding, self.strides, strict=True)
            ):
                if pad >= stride:
                    raise ValueError(
                        f"`output_padding` must be strictly less than `strides` in every "
                        f"dimension; at dimension {index} output_padding is {pad} and strides "
                        f"is {stride} (output_padding={self.output_padding}, "
                        f"strides={self.strides})."
                    )
        if max(self.strides) > 1 and max(self.dilation_rate) > 1:
            raise ValueError(
                f"`strides > 1` is not supported together with `dilation_rate > 1`; received "
                f"strides={self.strides} and dilation_rate={self.dilation_rate}."
            )
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.kernel = None

    def build(self, input_shape: tuple) -> None:
        channels = self._check_rank(input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
            trainable=True,
            dtype=self.dtype,
        )
        self._add_bias(self.filters)
        self.built = True

    def call(self, inputs: Any) -> Any:
        outputs = ops.conv_transpose(
            inputs,
            _weight_value(self.kernel, self.compute_dtype),
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return self._finish(outputs)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        paddings = self.output_padding or (None,) * self.rank
        spatial = tuple(
            conv_transpose_output_length(size, k, self.padding, p, s, d)
            for size, k, p, s, d in zip(
                _spatial(input_shape, self.data_format),
                self.kernel_size,
                paddings,
                self.strides,
                self.dilation_rate,
                strict=True,
            )
        )
        return _with_channels(input_shape[0], spatial, self.filters, self.data_format)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config["filters"] = self.filters
        config["kernel_size"] = self.kernel_size
        config["strides"] = self.strides
        config["padding"] = self.padding
        config["output_padding"] = self.output_padding
        config["data_format"] = self.data_format
        config["dilation_rate"] = self.dilation_rate
        config["activation"] = activations.serialize(self.activation)
        config["use_bias"] = self.use_bias
        config.update(self._tail_config("kernel"))
        return config
