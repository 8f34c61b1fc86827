"""Normalization layers: batch, layer, group, RMS, unit and spectral normalization.

``BatchNormalization`` and ``SpectralNormalization`` live in their own modules and are
re-exported here.

Example:
    >>> ln = unison.layers.LayerNormalization()
    >>> ln(np.random.rand(8, 4).astype("float32")).shape
    (8, 4)
"""

from __future__ import annotations

from typing import Any

from unison import ops
from unison.layers.batch_normalization import BatchNormalization
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer
from unison.layers.normalization_base import (
    ScaleShiftLayer,
    as_compute,
    check_axes,
    float32_or_wider,
)
from unison.layers.spectral_normalization import SpectralNormalization

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "SpectralNormalization",
    "UnitNormalization",
]


class LayerNormalization(ScaleShiftLayer):
    """Normalize each example over ``axis`` (the last by default), then scale and shift.

    Computed in float32 (or wider) and cast back to the compute dtype. ``rms_scaling=True``
    (deprecated, kept for Keras compatibility) divides by ``sqrt(variance + epsilon)``
    without centring and uses no ``beta``; prefer :class:`RMSNormalization`.

    Example:
        >>> unison.layers.LayerNormalization()(np.array([[1.0, 3.0]], "float32"))
    """

    def __init__(
        self,
        axis: int | list | tuple = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ):
        rms_scaling = kwargs.pop("rms_scaling", False)
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                f"LayerNormalization: `axis` must be an int or a list/tuple of ints; "
                f"received axis={axis!r}."
            )
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.rms_scaling = rms_scaling
        self._set_scale_shift(
            beta_initializer,
            gamma_initializer,
            beta_regularizer,
            gamma_regularizer,
            beta_constraint,
            gamma_constraint,
        )
        self.supports_masking = True
        self.autocast = False
        self.gamma = None
        self.beta = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        check_axes(self, self.axis, input_shape)
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.gamma = self._add_gamma(shape) if self.scale or self.rms_scaling else None
        self.beta = self._add_beta(shape) if self.center and not self.rms_scaling else None
        self.built = True

    def call(self, inputs: Any) -> Any:
        if self.rms_scaling:
            outputs = self._rms_scaled(inputs)
        else:
            outputs = ops.layer_normalization(
                inputs,
                gamma=None if self.gamma is None else self.gamma.value,
                beta=None if self.beta is None else self.beta.value,
                axis=self.axis,
                epsilon=self.epsilon,
            )
        if ops.dtype(outputs) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def _rms_scaled(self, inputs: Any) -> Any:
        dtype = float32_or_wider(ops.dtype(inputs))
        values = ops.cast(inputs, dtype)
        variance = ops.var(values, axis=self.axis, keepdims=True)
        outputs = values * ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            gamma = as_compute(self.gamma, dtype)
            broadcast = [1] * len(inputs.shape)
            for dim in self.axis:
                broadcast[dim] = inputs.shape[dim]
            outputs = outputs * ops.reshape(gamma, broadcast)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
                "rms_scaling": self.rms_scaling,
            }
        )
        result.update(self._scale_shift_config())
        return result


class GroupNormalization(ScaleShiftLayer):
    """Normalize over groups of channels of each example (``groups=-1``: instance norm).

    Example:
        >>> unison.layers.GroupNormalization(groups=2)(np.random.rand(2, 5, 4).astype("float32"))
    """

    def __init__(
        self,
        groups: int = 32,
        axis: int = -1,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        **kwargs: Any,
    ):
        if (
            not isinstance(groups, int)
            or isinstance(groups, bool)
            or (groups <= 0 and groups != -1)
        ):
            raise ValueError(
                f"GroupNormalization: `groups` must be a positive int (or -1 for instance "
                f"normalization); received groups={groups!r}."
            )
        super().__init__(**kwargs)
        self.supports_masking = True
        self.autocast = False
        self.groups = groups
        self.axis = axis
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self._set_scale_shift(
            beta_initializer,
            gamma_initializer,
            beta_regularizer,
            gamma_regularizer,
            beta_constraint,
            gamma_constraint,
        )
        self.gamma = None
        self.beta = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        check_axes(self, self.axis, input_shape)
        size = input_shape[self.axis]
        if size is None:
            raise ValueError(
                f"Layer {self.name!r}: axis {self.axis} of the inputs must have a known size; "
                f"received input shape {input_shape}."
            )
        if self.groups == -1:
            self.groups = size
        if size < self.groups:
            raise ValueError(
                f"Layer {self.name!r}: number of groups ({self.groups}) cannot be more than "
                f"the number of channels ({size})."
            )
        if size % self.groups:
            raise ValueError(
                f"Layer {self.name!r}: the number of channels ({size}) must be a multiple of "
                f"the number of groups ({self.groups})."
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: size})
        self.gamma = self._add_gamma((size,)) if self.scale else None
        self.beta = self._add_beta((size,)) if self.center else None
        self.built = True

    def call(self, inputs: Any) -> Any:
        shape = tuple(inputs.shape)
        rank = len(shape)
        axis = self.axis % rank
        grouped_shape = list(shape)
        grouped_shape[0] = -1
        grouped_shape[axis] = shape[axis] // self.groups
        grouped_shape.insert(axis, self.groups)
        grouped = ops.reshape(inputs, grouped_shape)
        input_dtype = ops.dtype(grouped)
        dtype = float32_or_wider(input_dtype)
        grouped = ops.cast(grouped, dtype)
        # Reduce over every axis but the batch and the group axis.
        reduction = [dim for dim in range(1, rank + 1) if dim != axis]
        broadcast = [1] * rank
        broadcast[axis] = shape[axis] // self.groups
        broadcast.insert(axis, self.groups)
        mean, variance = ops.moments(grouped, axes=reduction, keepdims=True)
        inverse = ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inverse = inverse * ops.reshape(as_compute(self.gamma, dtype), broadcast)
        shift = -mean * inverse
        if self.beta is not None:
            shift = shift + ops.reshape(as_compute(self.beta, dtype), broadcast)
        outputs = ops.cast(grouped * inverse + shift, input_dtype)
        outputs = ops.reshape(outputs, ops.shape(inputs))
        if ops.dtype(outputs) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "groups": self.groups,
                "axis": self.axis,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
            }
        )
        result.update(self._scale_shift_config())
        return result


class RMSNormalization(Layer):
    """``x / sqrt(mean(x ** 2, axis) + epsilon) * scale`` with a learned ``scale``.

    Example:
        >>> unison.layers.RMSNormalization()(np.array([[3.0, 4.0]], "float32"))
    """

    def __init__(self, axis: int | list | tuple = -1, epsilon: float = 1e-6, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis
        self.epsilon = epsilon
        self.scale = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        check_axes(self, self.axis, input_shape)
        if isinstance(self.axis, (list, tuple)):
            self.axis = sorted(self.axis)
            shape = tuple(input_shape[dim] for dim in self.axis)
        else:
            shape = (input_shape[self.axis],)
            self.axis = [self.axis]
        self.scale = self.add_weight(name="scale", shape=shape, initializer="ones")
        self.built = True

    def call(self, x: Any) -> Any:
        return ops.rms_normalization(
            x,
            scale=as_compute(self.scale, self.compute_dtype),
            axis=self.axis,
            epsilon=self.epsilon,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"axis": self.axis, "epsilon": self.epsilon})
        return result


class UnitNormalization(Layer):
    """Scale each example to unit L2 norm along ``axis``.

    Example:
        >>> unison.layers.UnitNormalization()(np.array([[3.0, 4.0]], "float32"))  # [[0.6, 0.8]]
    """

    def __init__(self, axis: int | list | tuple = -1, **kwargs: Any):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)):
            self.axis = list(axis)
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = axis
        else:
            raise TypeError(
                f"UnitNormalization: `axis` must be an int or a list/tuple of ints; "
                f"received axis={axis!r}."
            )
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        axis = tuple(self.axis) if isinstance(self.axis, list) else self.axis
        return ops.normalize(inputs, axis=axis, order=2, epsilon=1e-12)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result["axis"] = self.axis
        return result
