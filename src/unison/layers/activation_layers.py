"""Activation layers: ReLU, LeakyReLU, PReLU (learned slope), ELU and Softmax (mask-aware).

Example:
    >>> unison.layers.ReLU(max_value=6.0)(np.array([-1.0, 8.0], "float32"))   # -> [0., 6.]
    >>> unison.layers.Softmax()(np.array([[1.0, 1.0]], "float32"))   # -> [[0.5, 0.5]]
"""

from __future__ import annotations

from typing import Any

from unison import activations, constraints, initializers, ops, regularizers
from unison.layers.core_utils import output_dtype, read_weight, symbolic_like
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["ELU", "LeakyReLU", "PReLU", "ReLU", "Softmax"]


class _ShapePreserving(Layer):
    """An element-wise layer: output shape is the input shape."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, *args: Any, **kwargs: Any) -> Any:
        return symbolic_like(inputs.shape, output_dtype(self, inputs.dtype))


def _check_non_negative(value: Any, name: str, layer: str, allow_none: bool = False) -> Any:
    if value is None and allow_none:
        return value
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{layer}: `{name}` must be a non-negative number; received {value!r}.")
    if value < 0:
        raise ValueError(f"{layer}: `{name}` must be a non-negative number; received {value!r}.")
    return value


class ReLU(_ShapePreserving):
    """Rectified linear unit with optional cap, leak and threshold.

    ``max_value`` for ``x >= max_value``, ``x`` for ``threshold <= x < max_value``,
    ``negative_slope * (x - threshold)`` otherwise.

    Example:
        >>> unison.layers.ReLU(negative_slope=0.1)(np.array([-10.0], "float32"))   # -> [-1.]
    """

    def __init__(
        self,
        max_value: float | None = None,
        negative_slope: float = 0.0,
        threshold: float = 0.0,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.max_value = _check_non_negative(max_value, "max_value", "ReLU", allow_none=True)
        self.negative_slope = _check_non_negative(negative_slope, "negative_slope", "ReLU")
        self.threshold = _check_non_negative(threshold, "threshold", "ReLU")

    def call(self, inputs: Any) -> Any:
        return activations.relu(
            inputs,
            negative_slope=self.negative_slope,
            max_value=self.max_value,
            threshold=self.threshold,
        )

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "max_value": self.max_value,
            "negative_slope": self.negative_slope,
            "threshold": self.threshold,
        }


class LeakyReLU(_ShapePreserving):
    """``x`` for positive values, ``negative_slope * x`` otherwise.

    ``alpha`` is accepted as the older name of ``negative_slope``.

    Example:
        >>> unison.layers.LeakyReLU()(np.array([-1.0, 1.0], "float32"))   # -> [-0.3, 1.]
    """

    def __init__(self, negative_slope: float = 0.3, **kwargs: Any):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self.negative_slope = _check_non_negative(negative_slope, "negative_slope", "LeakyReLU")

    def call(self, inputs: Any) -> Any:
        return ops.leaky_relu(inputs, negative_slope=self.negative_slope)

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}


class PReLU(_ShapePreserving):
    """Leaky ReLU with a learned slope per input unit: ``relu(x) - alpha * relu(-x)``.

    Args:
        alpha_initializer: initializer of the slopes (default zeros).
        shared_axes: axes (1-based, excluding batch) sharing one slope, e.g. ``[1, 2]``
            to learn one slope per channel of images.

    Example:
        >>> unison.layers.PReLU(shared_axes=[1])(np.ones((2, 4, 3), "float32")).shape
        (2, 4, 3)
    """

    def __init__(
        self,
        alpha_initializer: Any = "Zeros",
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        elif isinstance(shared_axes, (list, tuple)):
            self.shared_axes = list(shared_axes)
        else:
            self.shared_axes = [shared_axes]

    def build(self, input_shape: tuple) -> None:
        rank = len(input_shape)
        parameter_shape = list(input_shape[1:])
        for axis in self.shared_axes or ():
            if not isinstance(axis, int) or not 1 <= axis < rank:
                raise ValueError(
                    f"Layer {self.name!r} (PReLU): `shared_axes` must contain axes in "
                    f"[1, {rank - 1}] for inputs of shape {tuple(input_shape)}; received "
                    f"{self.shared_axes}."
                )
            parameter_shape[axis - 1] = 1
        if any(dim is None for dim in parameter_shape):
            raise ValueError(
                f"Layer {self.name!r} (PReLU): non-shared input dimensions must be known; "
                f"received input shape {tuple(input_shape)} (share the unknown axes with "
                f"`shared_axes`)."
            )
        self.alpha = self.add_weight(
            shape=tuple(parameter_shape),
            name="alpha",
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
        )
        axes = {}
        shared = set(self.shared_axes or ())
        for axis in range(1, rank):
            if axis not in shared:
                axes[axis] = input_shape[axis]
        self.input_spec = InputSpec(ndim=rank, axes=axes)

    def call(self, inputs: Any) -> Any:
        alpha = read_weight(self, self.alpha)
        positive = ops.relu(inputs)
        negative = ops.multiply(ops.negative(alpha), ops.relu(ops.negative(inputs)))
        return ops.add(positive, negative)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": constraints.serialize(self.alpha_constraint),
            "shared_axes": self.shared_axes,
        }


class ELU(_ShapePreserving):
    """Exponential linear unit: ``x`` if positive, else ``alpha * (exp(x) - 1)``.

    Example:
        >>> unison.layers.ELU()(np.array([-1.0, 1.0], "float32"))   # -> [-0.6321, 1.]
    """

    def __init__(self, alpha: float = 1.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.alpha = alpha

    def call(self, inputs: Any) -> Any:
        return ops.elu(inputs, alpha=self.alpha)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}


def _large_negative(dtype: str) -> float:
    return -3e4 if dtype == "float16" else -1e9


class Softmax(_ShapePreserving):
    """Softmax along ``axis`` (an int or a tuple of axes), honouring an optional mask.

    Masked positions (mask False, or <= 0.5) get probability 0.

    Example:
        >>> layer = unison.layers.Softmax()
        >>> layer(np.array([[1.0, 1.0, 5.0]], "float32"), mask=np.array([[True, True, False]]))
        # -> [[0.5, 0.5, 0.]]
    """

    def __init__(self, axis: Any = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if mask is not None:
            input_shape = tuple(ops.shape(inputs))
            mask_shape = tuple(ops.shape(mask))
            compatible = len(mask_shape) <= len(input_shape) and all(
                m is None or i is None or m in (1, i)
                for m, i in zip(reversed(mask_shape), reversed(input_shape), strict=False)
            )
            if not compatible:
                raise ValueError(
                    f"Layer {self.name!r} (Softmax): `mask` must broadcast to the inputs "
                    f"without adding dimensions; received inputs.shape={input_shape}, "
                    f"mask.shape={mask_shape}."
                )
            if ops.dtype(mask) != "bool":
                mask = ops.greater(mask, 0.5)
            inputs = ops.where(mask, inputs, _large_negative(ops.dtype(inputs)))
        axis = self.axis
        if isinstance(axis, (tuple, list)) and len(axis) > 1:
            outputs = ops.exp(
                ops.subtract(inputs, ops.logsumexp(inputs, axis=tuple(axis), keepdims=True))
            )
        else:
            if isinstance(axis, (tuple, list)):
                axis = axis[0]
            outputs = ops.softmax(inputs, axis=axis)
        if mask is not None:
            outputs = ops.where(mask, outputs, ops.zeros_like(outputs))
        return outputs

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}
