"""Normalization layers: batch, layer, group, RMS and unit normalization.

``SpectralNormalization`` (a wrapper) lives in ``spectral_normalization`` and is re-exported.

Example:
    >>> bn = unison.layers.BatchNormalization()
    >>> bn(np.random.rand(8, 4).astype("float32"), training=True).shape
    (8, 4)
"""

from __future__ import annotations

from typing import Any

from unison import config, constraints, initializers, ops, regularizers
from unison.dtypes import result_type
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer
from unison.layers.spectral_normalization import SpectralNormalization
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "BatchNormalization",
    "GroupNormalization",
    "LayerNormalization",
    "RMSNormalization",
    "SpectralNormalization",
    "UnitNormalization",
]


def _check_axes(layer: Layer, axis: Any, input_shape: tuple) -> None:
    rank = len(input_shape)
    for item in axis if isinstance(axis, (list, tuple)) else [axis]:
        if item >= rank or item < -rank:
            raise ValueError(
                f"Layer {layer.name!r}: axis {item} is out of bounds for input shape "
                f"{tuple(input_shape)}. Received: axis={axis}."
            )


def _as_compute(value: Any, dtype: str) -> Any:
    """A Variable's value (or ``None``) cast to ``dtype`` when it differs."""
    if value is None:
        return None
    tensor = value.value
    return tensor if value.dtype == dtype else ops.cast(tensor, dtype)


def _float32_or_wider(dtype: Any) -> str:
    return result_type(str(dtype), "float32")


class _ScaleShiftConfig(Layer):
    """Keeps the gamma / beta initializer, regularizer and constraint arguments."""

    def _set_scale_shift(self, beta_initializer, gamma_initializer, beta_regularizer,
                         gamma_regularizer, beta_constraint, gamma_constraint) -> None:
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _scale_shift_config(self, with_moving: bool = False) -> dict:
        result = {
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
        }
        if with_moving:
            result["moving_mean_initializer"] = initializers.serialize(
                self.moving_mean_initializer
            )
            result["moving_variance_initializer"] = initializers.serialize(
                self.moving_variance_initializer
            )
        result.update(
            {
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint),
            }
        )
        return result

    def _add_gamma(self, shape: tuple) -> Any:
        return self.add_weight(
            name="gamma",
            shape=shape,
            initializer=self.gamma_initializer,
            regularizer=self.gamma_regularizer,
            constraint=self.gamma_constraint,
            trainable=True,
            autocast=False,
        )

    def _add_beta(self, shape: tuple) -> Any:
        return self.add_weight(
            name="beta",
            shape=shape,
            initializer=self.beta_initializer,
            regularizer=self.beta_regularizer,
            constraint=self.beta_constraint,
            trainable=True,
            autocast=False,
        )


class BatchNormalization(_ScaleShiftConfig):
    """Normalize with batch statistics in training and moving statistics in inference.

    In training (``training=True`` and the layer trainable) the output uses the mean and
    variance of the current batch over every axis but ``axis``, and the moving statistics are
    updated: ``moving = moving * momentum + batch * (1 - momentum)``. Otherwise the moving
    statistics are used. Weights, in order: ``gamma``, ``beta``, ``moving_mean``,
    ``moving_variance`` (plus ``moving_stddev``, ``renorm_mean``, ``renorm_stddev`` when
    ``renorm=True``). A mask (one dimension less than the inputs) excludes masked positions
    from the batch statistics. ``synchronized=True`` is accepted; statistics are then reduced
    across replicas where the backend's distribution support does so.

    Example:
        >>> bn = unison.layers.BatchNormalization(momentum=0.9)
        >>> y = bn(np.random.rand(16, 3).astype("float32"), training=True)
    """

    def __init__(
        self,
        axis: int = -1,
        momentum: float = 0.99,
        epsilon: float = 1e-3,
        center: bool = True,
        scale: bool = True,
        beta_initializer: Any = "zeros",
        gamma_initializer: Any = "ones",
        moving_mean_initializer: Any = "zeros",
        moving_variance_initializer: Any = "ones",
        beta_regularizer: Any = None,
        gamma_regularizer: Any = None,
        beta_constraint: Any = None,
        gamma_constraint: Any = None,
        renorm: bool = False,
        renorm_clipping: dict | None = None,
        renorm_momentum: float = 0.99,
        synchronized: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(f"BatchNormalization: `axis` must be an int; received axis={axis!r}.")
        self.axis = int(axis)
        self.synchronized = bool(synchronized)
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self._set_scale_shift(beta_initializer, gamma_initializer, beta_regularizer,
                              gamma_regularizer, beta_constraint, gamma_constraint)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.supports_masking = True
        self.renorm = renorm
        if renorm:
            renorm_clipping = renorm_clipping or {}
            unknown = set(renorm_clipping) - {"rmax", "rmin", "dmax"}
            if unknown:
                raise ValueError(
                    f"Received invalid keys for `renorm_clipping`: {sorted(unknown)}. "
                    f"Supported keys: 'rmax', 'rmin', 'dmax'."
                )
            rmax, rmin = renorm_clipping.get("rmax"), renorm_clipping.get("rmin")
            dmax = renorm_clipping.get("dmax")
            if rmax is not None and rmin is not None and rmax < rmin:
                raise ValueError(
                    f"`renorm_clipping`: rmax must be >= rmin; received rmax={rmax}, "
                    f"rmin={rmin}."
                )
            if dmax is not None and dmax < 0:
                raise ValueError(f"`renorm_clipping`: dmax must be >= 0; received dmax={dmax}.")
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes: list[int] | None = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        _check_axes(self, self.axis, input_shape)
        size = input_shape[self.axis]
        if size is None:
            raise ValueError(
                f"Layer {self.name!r}: axis {self.axis} of the inputs must have a known size; "
                f"received input shape {input_shape}."
            )
        shape = (size,)
        if self.scale:
            self.gamma = self._add_gamma(shape)
        if self.center:
            self.beta = self._add_beta(shape)
        self.moving_mean = self.add_weight(
            shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
            trainable=False, autocast=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape, name="moving_variance", initializer=self.moving_variance_initializer,
            trainable=False, autocast=False,
        )
        if self.renorm:
            variance_initializer = self.moving_variance_initializer

            def stddev_initializer(shape, dtype=None):
                return ops.sqrt(variance_initializer(shape, dtype=dtype))

            self.moving_stddev = self.add_weight(
                shape=shape, name="moving_stddev", initializer=stddev_initializer,
                trainable=False, autocast=False,
            )
            self.renorm_mean = self.add_weight(
                shape=shape, name="renorm_mean", initializer=self.moving_mean_initializer,
                trainable=False, autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                shape=shape, name="renorm_stddev", initializer=stddev_initializer,
                trainable=False, autocast=False,
            )
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: size})
        axes = list(range(len(input_shape)))
        del axes[self.axis]
        self._reduction_axes = axes
        self.built = True

    def call(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        if mask is not None and len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError(
                f"Layer {self.name!r}: the mask must have one dimension less than the inputs; "
                f"received mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}."
            )
        dtype = _float32_or_wider(inputs.dtype)
        if str(inputs.dtype) != dtype:
            inputs = ops.cast(inputs, dtype)
        gamma = _as_compute(self.gamma, dtype)
        beta = _as_compute(self.beta, dtype)
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                r, d = self._renorm_correction(mean, variance)
                gamma, beta = self._compose(r, d, gamma, beta, dtype)
                self._update_renorm_statistics(mean, variance)
            else:
                momentum = self.momentum
                moving_mean = _as_compute(self.moving_mean, dtype)
                moving_variance = _as_compute(self.moving_variance, dtype)
                self.moving_mean.assign(moving_mean * momentum + mean * (1.0 - momentum))
                self.moving_variance.assign(
                    moving_variance * momentum + variance * (1.0 - momentum)
                )
        else:
            mean = _as_compute(self.moving_mean, dtype)
            variance = _as_compute(self.moving_variance, dtype)
        outputs = ops.batch_normalization(
            inputs, mean, variance, self.axis, offset=beta, scale=gamma, epsilon=self.epsilon
        )
        if str(outputs.dtype) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def _moments(self, inputs: Any, mask: Any) -> tuple:
        axes = self._reduction_axes
        if mask is None:
            return ops.moments(inputs, axes=axes, synchronized=self.synchronized)
        weights = ops.broadcast_to(ops.expand_dims(ops.cast(mask, "bool"), -1), ops.shape(inputs))
        count = ops.sum(ops.cast(weights, inputs.dtype), axes, keepdims=True)
        denominator = count + config.epsilon()
        mean = ops.sum(ops.where(weights, inputs, 0), axes, keepdims=True) / denominator
        squared = ops.square(ops.where(weights, inputs - mean, 0))
        variance = ops.sum(squared, axes, keepdims=True) / denominator
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def _renorm_correction(self, mean: Any, variance: Any) -> tuple:
        dtype = str(mean.dtype)
        stddev = ops.sqrt(variance + self.epsilon)
        renorm_mean = _as_compute(self.renorm_mean, dtype)
        renorm_stddev = ops.maximum(
            _as_compute(self.renorm_stddev, dtype), ops.sqrt(ops.cast(self.epsilon, dtype))
        )
        r = stddev / renorm_stddev
        d = (mean - renorm_mean) / renorm_stddev
        clipping = self.renorm_clipping
        if clipping.get("rmin") is not None:
            r = ops.maximum(r, clipping["rmin"])
        if clipping.get("rmax") is not None:
            r = ops.minimum(r, clipping["rmax"])
        if clipping.get("dmax") is not None:
            d = ops.clip(d, -clipping["dmax"], clipping["dmax"])
        return r, d

    @staticmethod
    def _compose(r: Any, d: Any, gamma: Any, beta: Any, dtype: str) -> tuple:
        r, d = ops.stop_gradient(r), ops.stop_gradient(d)
        if gamma is not None:
            effective_gamma, effective_beta = r * gamma, d * gamma
        else:
            effective_gamma, effective_beta = ops.cast(r, dtype), ops.cast(d, dtype)
        if beta is not None:
            effective_beta = effective_beta + beta
        return effective_gamma, effective_beta

    def _update_renorm_statistics(self, mean: Any, variance: Any) -> None:
        dtype = str(mean.dtype)
        stddev = ops.sqrt(variance + self.epsilon)
        keep, take = self.renorm_momentum, 1.0 - self.renorm_momentum
        self.renorm_mean.assign(_as_compute(self.renorm_mean, dtype) * keep + mean * take)
        self.renorm_stddev.assign(_as_compute(self.renorm_stddev, dtype) * keep + stddev * take)
        keep, take = self.momentum, 1.0 - self.momentum
        self.moving_mean.assign(_as_compute(self.moving_mean, dtype) * keep + mean * take)
        new_stddev = _as_compute(self.moving_stddev, dtype) * keep + stddev * take
        self.moving_stddev.assign(new_stddev)
        self.moving_variance.assign(ops.relu(new_stddev * new_stddev - self.epsilon))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        _check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def compute_output_spec(self, inputs: Any, training: Any = None, mask: Any = None) -> Any:
        # Computed without running ``call``: tracing it in training would update the moving
        # statistics with placeholder values.
        return SymbolicTensor(self.compute_output_shape(inputs.shape), self.compute_dtype)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "axis": self.axis,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "center": self.center,
                "scale": self.scale,
            }
        )
        result.update(self._scale_shift_config(with_moving=True))
        result.update(
            {
                "synchronized": self.synchronized,
                "renorm": self.renorm,
                "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum,
            }
        )
        return result


class LayerNormalization(_ScaleShiftConfig):
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
        self._set_scale_shift(beta_initializer, gamma_initializer, beta_regularizer,
                              gamma_regularizer, beta_constraint, gamma_constraint)
        self.supports_masking = True
        self.autocast = False
        self.gamma = None
        self.beta = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        _check_axes(self, self.axis, input_shape)
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
        if str(outputs.dtype) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def _rms_scaled(self, inputs: Any) -> Any:
        dtype = _float32_or_wider(inputs.dtype)
        values = ops.cast(inputs, dtype)
        variance = ops.var(values, axis=self.axis, keepdims=True)
        outputs = values * ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            gamma = _as_compute(self.gamma, dtype)
            broadcast = [1] * len(inputs.shape)
            for dim in self.axis:
                broadcast[dim] = inputs.shape[dim]
            outputs = outputs * ops.reshape(gamma, broadcast)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        _check_axes(self, self.axis, input_shape)
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


class GroupNormalization(_ScaleShiftConfig):
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
        if not isinstance(groups, int) or isinstance(groups, bool) or (
            groups <= 0 and groups != -1
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
        self._set_scale_shift(beta_initializer, gamma_initializer, beta_regularizer,
                              gamma_regularizer, beta_constraint, gamma_constraint)
        self.gamma = None
        self.beta = None

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        _check_axes(self, self.axis, input_shape)
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
        input_dtype = str(grouped.dtype)
        dtype = _float32_or_wider(input_dtype)
        grouped = ops.cast(grouped, dtype)
        # Reduce over every axis but the batch and the group axis.
        reduction = [dim for dim in range(1, rank + 1) if dim != axis]
        broadcast = [1] * rank
        broadcast[axis] = shape[axis] // self.groups
        broadcast.insert(axis, self.groups)
        mean, variance = ops.moments(grouped, axes=reduction, keepdims=True)
        inverse = ops.rsqrt(variance + self.epsilon)
        if self.gamma is not None:
            inverse = inverse * ops.reshape(_as_compute(self.gamma, dtype), broadcast)
        shift = -mean * inverse
        if self.beta is not None:
            shift = shift + ops.reshape(_as_compute(self.beta, dtype), broadcast)
        outputs = ops.cast(grouped * inverse + shift, input_dtype)
        outputs = ops.reshape(outputs, ops.shape(inputs))
        if str(outputs.dtype) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        _check_axes(self, self.axis, input_shape)
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
        _check_axes(self, self.axis, input_shape)
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
            x, scale=_as_compute(self.scale, self.compute_dtype), axis=self.axis,
            epsilon=self.epsilon,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        _check_axes(self, self.axis, input_shape)
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
        _check_axes(self, self.axis, input_shape)
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result["axis"] = self.axis
        return result
