"""``Dense`` and ``EinsumDense``: learned linear maps, with optional LoRA adapters.

Example:
    >>> layer = unison.layers.Dense(4, activation="relu")
    >>> layer(np.ones((2, 3), "float32")).shape
    (2, 4)
    >>> unison.layers.EinsumDense("abc,cd->abd", output_shape=(None, 8))(np.ones((2, 5, 3))).shape
    (2, 5, 8)
"""

from __future__ import annotations

import re
from typing import Any

from unison import activations, constraints, initializers, ops, regularizers
from unison.backend import current
from unison.layers.core_utils import (
    check_positive_int,
    check_quantization_config,
    read_weight,
    symbolic_like,
)
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["Dense", "EinsumDense"]


class _LoraMixin:
    """Low-rank adaptation: ``kernel + (alpha / rank) * lora_kernel_a @ lora_kernel_b``.

    Enabling it freezes the original kernel; saving writes the merged kernel, so files keep
    the plain layout.
    """

    def _effective_kernel(self) -> Any:
        kernel = read_weight(self, self._kernel)
        if not self.lora_enabled:
            return kernel
        update = ops.matmul(self.lora_kernel_a.value, self.lora_kernel_b.value)
        update = ops.multiply(update, self.lora_alpha / self.lora_rank)
        if self._lora_kernel_shape is not None:
            update = ops.reshape(update, self._lora_kernel_shape)
        return ops.cast(ops.add(kernel, update), self.compute_dtype)

    @property
    def kernel(self) -> Any:
        """The kernel Variable (the merged tensor when LoRA is enabled)."""
        if not self.built:
            raise AttributeError(f"Layer {self.name!r} must be built before accessing `kernel`.")
        if self.lora_enabled:
            return self._effective_kernel()
        return self._kernel

    def enable_lora(
        self,
        rank: int,
        lora_alpha: float | None = None,
        a_initializer: Any = "he_uniform",
        b_initializer: Any = "zeros",
    ) -> None:
        """Add trainable low-rank factors and freeze the kernel."""
        if self.kernel_constraint is not None:
            raise ValueError(
                f"Layer {self.name!r}: LoRA cannot be combined with a kernel constraint; "
                f"remove `kernel_constraint`."
            )
        if not self.built:
            raise ValueError(f"Layer {self.name!r}: build the layer before enabling LoRA.")
        if self.lora_enabled:
            raise ValueError(f"Layer {self.name!r}: LoRA is already enabled.")
        rank = check_positive_int(rank, "rank", type(self).__name__)
        rows, columns = self._lora_factor_dims()
        self.lora_kernel_a = self.add_weight(
            name="lora_kernel_a",
            shape=(rows, rank),
            initializer=initializers.get(a_initializer),
            dtype="float32",
            regularizer=self.kernel_regularizer,
        )
        self.lora_kernel_b = self.add_weight(
            name="lora_kernel_b",
            shape=(rank, columns),
            initializer=initializers.get(b_initializer),
            dtype="float32",
            regularizer=self.kernel_regularizer,
        )
        self._kernel.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def _stored_variables(self) -> list:
        values = [self._effective_kernel() if self.lora_enabled else self._kernel.value]
        if self.bias is not None:
            values.append(self.bias.value)
        return values

    def save_own_variables(self, store: dict) -> None:
        if not self.lora_enabled:
            return Layer.save_own_variables(self, store)
        backend = self._kernel.backend
        for index, value in enumerate(self._stored_variables()):
            store[str(index)] = backend.convert_to_numpy(backend.cast(value, self._kernel.dtype))

    def load_own_variables(self, store: dict) -> None:
        if not self.lora_enabled:
            return Layer.load_own_variables(self, store)
        expected = 2 if self.bias is not None else 1
        if len(store) != expected:
            raise ValueError(
                f"Layer {self.name!r} expects {expected} variables; the file has {len(store)}."
            )
        self._kernel.assign(store["0"])
        if self.bias is not None:
            self.bias.assign(store["1"])
        self.lora_kernel_a.assign(ops.zeros(self.lora_kernel_a.shape, "float32"))
        self.lora_kernel_b.assign(ops.zeros(self.lora_kernel_b.shape, "float32"))


class Dense(_LoraMixin, Layer):
    """A densely connected layer: ``activation(inputs @ kernel + bias)``.

    Inputs of rank > 2 are multiplied along their last axis.

    Args:
        units: output size (positive int).
        activation: activation name or callable (``None``: linear).
        use_bias: whether to add a bias vector.
        kernel_initializer, bias_initializer: initializers of the weights.
        kernel_regularizer, bias_regularizer, activity_regularizer: penalties.
        kernel_constraint, bias_constraint: projections applied after updates.
        lora_rank, lora_alpha: enable LoRA with this rank / scale when built.

    Example:
        >>> unison.layers.Dense(4)(np.ones((2, 5, 3), "float32")).shape
        (2, 5, 4)
    """

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        units = check_positive_int(units, "units", "Dense")
        check_quantization_config(quantization_config, "Dense")
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.units = units
        self.activation = activations.get(activation)
        self._applies_activation = self.activation is not activations.linear
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self._lora_kernel_shape = None
        self.quantization_config = None
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape: tuple) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"Layer {self.name!r} (Dense): the last dimension of the inputs must be known "
                f"to create the kernel; received input shape {tuple(input_shape)}."
            )
        self._kernel = self.add_weight(
            name="kernel",
            shape=(input_dim, self.units),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    def _lora_factor_dims(self) -> tuple[int, int]:
        self._lora_kernel_shape = None
        return self._kernel.shape[0], self._kernel.shape[1]

    def call(self, inputs: Any) -> Any:
        if self.lora_enabled:
            kernel = self._effective_kernel()
        else:
            kernel = read_weight(self, self._kernel)
        if self.bias is None:
            outputs = ops.matmul(inputs, kernel)
        else:
            bias = read_weight(self, self.bias)
            fused = getattr(current().backend, "fused_dense", None)
            outputs = None if fused is None else fused(inputs, kernel, bias)
            if outputs is None:
                outputs = ops.add(ops.matmul(inputs, kernel), bias)
        if self._applies_activation:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*tuple(input_shape)[:-1], self.units)

    def compute_output_spec(self, inputs: Any) -> Any:
        if self._applies_activation and not getattr(self.activation, "_keras_name", None):
            return super().compute_output_spec(inputs)
        return symbolic_like(self.compute_output_shape(inputs.shape), self.compute_dtype)

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config


_EQUATION_FORMS = (
    (re.compile(r"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$"), None),
    (re.compile(r"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$"), "left"),
    (re.compile(r"^([a-zA-Z]{2,})\.\.\.,([a-zA-Z]+)->([a-zA-Z]+)\.\.\.$"), "right"),
)


def _match_equation(equation: str) -> tuple:
    compact = equation.replace(" ", "")
    for pattern, side in _EQUATION_FORMS:
        match = pattern.match(compact)
        if match:
            return match, side
    raise ValueError(
        f"EinsumDense: invalid equation {equation!r}; expected the form 'X,Y->Z', "
        f"'...X,Y->...Z' or 'X...,Y->Z...' (letters only)."
    )


def analyze_einsum(
    equation: str, bias_axes: str | None, input_shape: tuple, partial_output: tuple
) -> tuple:
    """Kernel shape, bias shape, full output shape and the kernel's input / output axes.

    ``partial_output`` is the output shape without the batch axis (``None`` where the size
    comes from the input). Supported forms: ``ab,bc->ac``, ``...b,bc->...c`` and
    ``ab...,bc->ac...``.
    """
    match, elided_side = _match_equation(equation)
    input_spec, weight_spec, output_spec = match.groups()
    input_shape = tuple(input_shape)
    elided = len(input_shape) - len(input_spec)
    if elided < 0 or (elided_side is None and elided != 0):
        raise ValueError(
            f"EinsumDense: equation {equation!r} expects inputs of rank {len(input_spec)}; "
            f"received input shape {input_shape}."
        )
    output_shape = [input_shape[0], *partial_output]
    if elided_side == "left":
        for index in range(1, elided):
            output_shape.insert(1, input_shape[index])
        input_axis = {
            dim: index + elided - len(input_shape) for index, dim in enumerate(input_spec)
        }
        output_axis = {dim: index + elided for index, dim in enumerate(output_spec)}
    else:
        if elided_side == "right":
            output_shape.extend(input_shape[len(input_shape) - elided :])
        input_axis = {dim: index for index, dim in enumerate(input_spec)}
        output_axis = {dim: index for index, dim in enumerate(output_spec)}
    for dim in input_spec:
        if dim in output_axis:
            expected = output_shape[output_axis[dim]]
            actual = input_shape[input_axis[dim]]
            if expected is not None and actual is not None and expected != actual:
                raise ValueError(
                    f"EinsumDense: input and output shapes disagree on dimension {dim!r}: input "
                    f"has {actual}, output_shape asks for {expected}."
                )
            if expected is None:
                output_shape[output_axis[dim]] = actual
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(
                f"EinsumDense: output dimension {dim!r} of {equation!r} appears in neither the "
                f"input spec {input_spec!r} nor the weight spec {weight_spec!r}."
            )
    kernel_shape, kernel_input_axes, kernel_output_axes = [], [], []
    for index, dim in enumerate(weight_spec):
        if dim in output_axis:
            kernel_shape.append(output_shape[output_axis[dim]])
            kernel_output_axes.append(index)
        elif dim in input_axis:
            kernel_shape.append(input_shape[input_axis[dim]])
            kernel_input_axes.append(index)
        else:
            raise ValueError(
                f"EinsumDense: weight dimension {dim!r} of {equation!r} appears in neither the "
                f"input spec {input_spec!r} nor the output spec {output_spec!r}."
            )
    bias_shape = None
    if bias_axes is not None:
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(
                    f"EinsumDense: bias axis {char!r} is not in the output spec {output_spec!r}."
                )
        offset = elided if elided_side == "left" else 0
        sizes = {char: output_shape[index + offset] for index, char in enumerate(output_spec)}
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if elided_side != "left":
            bias_shape.extend([1] * elided)
    return kernel_shape, bias_shape, output_shape, kernel_input_axes, kernel_output_axes


class EinsumDense(_LoraMixin, Layer):
    """A dense layer whose contraction is an einsum equation (e.g. ``"abc,cd->abd"``).

    Args:
        equation: ``"input,kernel->output"`` einsum equation; ``...`` may stand for leading
            (or trailing) input axes.
        output_shape: output shape without the batch axis; ``None`` entries take the input's
            size for that axis.
        bias_axes: letters of the output spec that get a bias.

    Example:
        >>> layer = unison.layers.EinsumDense("ab,bc->ac", output_shape=4, bias_axes="c")
        >>> layer(np.ones((2, 3), "float32")).shape
        (2, 4)
    """

    def __init__(
        self,
        equation: str,
        output_shape: Any,
        activation: Any = None,
        bias_axes: str | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        gptq_unpacked_column_size: Any = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        check_quantization_config(quantization_config, "EinsumDense")
        super().__init__(**kwargs)
        if not isinstance(equation, str):
            raise ValueError(f"EinsumDense: `equation` must be a string; received {equation!r}.")
        self.equation = equation
        if isinstance(output_shape, int):
            self.partial_output_shape = (output_shape,)
        else:
            self.partial_output_shape = tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        self._applies_activation = self.activation is not activations.linear
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self._lora_kernel_shape = None
        self.gptq_unpacked_column_size = gptq_unpacked_column_size
        self.quantization_config = None

    def build(self, input_shape: tuple) -> None:
        kernel_shape, bias_shape, _, input_axes, output_axes = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        if any(dim is None for dim in kernel_shape):
            raise ValueError(
                f"Layer {self.name!r} (EinsumDense): the kernel shape {tuple(kernel_shape)} "
                f"depends on unknown input dimensions; received input shape "
                f"{tuple(input_shape)}."
            )
        self.input_spec = InputSpec(ndim=len(input_shape))
        kernel_initializer = self.kernel_initializer
        if isinstance(kernel_initializer, initializers.VarianceScaling) and (
            kernel_initializer.input_axes is None or kernel_initializer.output_axes is None
        ):
            config = kernel_initializer.get_config()
            config.update(seed=kernel_initializer.seed, input_axes=input_axes)
            config["output_axes"] = output_axes
            kernel_initializer = type(kernel_initializer).from_config(config)
        self._kernel = self.add_weight(
            name="kernel",
            shape=tuple(kernel_shape),
            initializer=kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        if bias_shape is not None:
            self.bias = self.add_weight(
                name="bias",
                shape=tuple(bias_shape),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    def _lora_factor_dims(self) -> tuple[int, int]:
        shape = self._kernel.shape
        self._lora_kernel_shape = shape
        columns = 1
        for dim in shape[1:]:
            columns *= dim
        return shape[0], columns

    def call(self, inputs: Any) -> Any:
        if self.lora_enabled:
            kernel = self._effective_kernel()
        else:
            kernel = read_weight(self, self._kernel)
        outputs = ops.einsum(self.equation, inputs, kernel)
        if self.bias is not None:
            outputs = ops.add(outputs, read_weight(self, self.bias))
        if self._applies_activation:
            outputs = self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        _, _, output_shape, _, _ = analyze_einsum(
            self.equation, self.bias_axes, input_shape, self.partial_output_shape
        )
        return tuple(output_shape)

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(self.compute_output_shape(inputs.shape), self.compute_dtype)

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "output_shape": self.partial_output_shape,
            "equation": self.equation,
            "activation": activations.serialize(self.activation),
            "bias_axes": self.bias_axes,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "quantization_config": None,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        if self.gptq_unpacked_column_size:
            config["gptq_unpacked_column_size"] = self.gptq_unpacked_column_size
        return config
