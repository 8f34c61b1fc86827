"""``BatchNormalization``: batch statistics in training, moving statistics in inference.

Example:
    >>> bn = unison.layers.BatchNormalization()
    >>> bn(np.random.rand(8, 4).astype("float32"), training=True).shape
    (8, 4)
"""

from __future__ import annotations

from typing import Any

from unison import config, initializers, ops
from unison.layers.input_spec import InputSpec
from unison.layers.normalization_base import (
    ScaleShiftLayer,
    as_compute,
    check_axes,
    float32_or_wider,
)
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["BatchNormalization"]


class BatchNormalization(ScaleShiftLayer):
    """Normalize with batch statistics in training and moving statistics in inference.

    In training (``training=True`` and the layer trainable) the output uses the mean and
    variance of the current batch over every axis but ``axis``, and the moving statistics are
    updated: ``moving = moving * momentum + batch * (1 - momentum)``. Otherwise the moving
    statistics are used. Weights, in order: ``gamma``, ``beta``, ``moving_mean``,
    ``moving_variance`` (plus ``moving_stddev``, ``renorm_mean``, ``renorm_stddev`` when
    ``renorm=True``). A mask (one dimension less than the inputs) excludes masked positions
    from the batch statistics. ``synchronized=True`` is accepted and saved in the config;
    the statistics are global wherever the distribution engine computes them over the whole
    batch (a sharded JAX jit) and per replica otherwise.

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
        self._set_scale_shift(
            beta_initializer,
            gamma_initializer,
            beta_regularizer,
            gamma_regularizer,
            beta_constraint,
            gamma_constraint,
        )
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
                    f"`renorm_clipping`: rmax must be >= rmin; received rmax={rmax}, rmin={rmin}."
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
        check_axes(self, self.axis, input_shape)
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
            shape=shape,
            name="moving_mean",
            initializer=self.moving_mean_initializer,
            trainable=False,
            autocast=False,
        )
        self.moving_variance = self.add_weight(
            shape=shape,
            name="moving_variance",
            initializer=self.moving_variance_initializer,
            trainable=False,
            autocast=False,
        )
        if self.renorm:
            variance_initializer = self.moving_variance_initializer

            def stddev_initializer(shape, dtype=None):
                return ops.sqrt(variance_initializer(shape, dtype=dtype))

            self.moving_stddev = self.add_weight(
                shape=shape,
                name="moving_stddev",
                initializer=stddev_initializer,
                trainable=False,
                autocast=False,
            )
            self.renorm_mean = self.add_weight(
                shape=shape,
                name="renorm_mean",
                initializer=self.moving_mean_initializer,
                trainable=False,
                autocast=False,
            )
            self.renorm_stddev = self.add_weight(
                shape=shape,
                name="renorm_stddev",
                initializer=stddev_initializer,
                trainable=False,
                autocast=False,
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
        dtype = float32_or_wider(ops.dtype(inputs))
        if ops.dtype(inputs) != dtype:
            inputs = ops.cast(inputs, dtype)
        gamma = as_compute(self.gamma, dtype)
        beta = as_compute(self.beta, dtype)
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if self.renorm:
                r, d = self._renorm_correction(mean, variance)
                gamma, beta = self._compose(r, d, gamma, beta, dtype)
                self._update_renorm_statistics(mean, variance)
            else:
                momentum = self.momentum
                moving_mean = as_compute(self.moving_mean, dtype)
                moving_variance = as_compute(self.moving_variance, dtype)
                self.moving_mean.assign(moving_mean * momentum + mean * (1.0 - momentum))
                self.moving_variance.assign(
                    moving_variance * momentum + variance * (1.0 - momentum)
                )
        else:
            mean = as_compute(self.moving_mean, dtype)
            variance = as_compute(self.moving_variance, dtype)
        outputs = ops.batch_normalization(
            inputs, mean, variance, self.axis, offset=beta, scale=gamma, epsilon=self.epsilon
        )
        if ops.dtype(outputs) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def _moments(self, inputs: Any, mask: Any) -> tuple:
        axes = self._reduction_axes
        if mask is None:
            # ``synchronized`` is not forwarded: under a sharded JAX jit the batch moments
            # are already global; other engines reduce per replica.
            return ops.moments(inputs, axes=axes)
        weights = ops.broadcast_to(ops.expand_dims(ops.cast(mask, "bool"), -1), ops.shape(inputs))
        count = ops.sum(ops.cast(weights, ops.dtype(inputs)), axes, keepdims=True)
        denominator = count + config.epsilon()
        mean = ops.sum(ops.where(weights, inputs, 0), axes, keepdims=True) / denominator
        squared = ops.square(ops.where(weights, inputs - mean, 0))
        variance = ops.sum(squared, axes, keepdims=True) / denominator
        return ops.reshape(mean, (-1,)), ops.reshape(variance, (-1,))

    def _renorm_correction(self, mean: Any, variance: Any) -> tuple:
        dtype = ops.dtype(mean)
        stddev = ops.sqrt(variance + self.epsilon)
        renorm_mean = as_compute(self.renorm_mean, dtype)
        renorm_stddev = ops.maximum(
            as_compute(self.renorm_stddev, dtype), ops.sqrt(ops.cast(self.epsilon, dtype))
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
        dtype = ops.dtype(mean)
        stddev = ops.sqrt(variance + self.epsilon)
        keep, take = self.renorm_momentum, 1.0 - self.renorm_momentum
        self.renorm_mean.assign(as_compute(self.renorm_mean, dtype) * keep + mean * take)
        self.renorm_stddev.assign(as_compute(self.renorm_stddev, dtype) * keep + stddev * take)
        keep, take = self.momentum, 1.0 - self.momentum
        self.moving_mean.assign(as_compute(self.moving_mean, dtype) * keep + mean * take)
        new_stddev = as_compute(self.moving_stddev, dtype) * keep + stddev * take
        self.moving_stddev.assign(new_stddev)
        self.moving_variance.assign(ops.relu(new_stddev * new_stddev - self.epsilon))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        check_axes(self, self.axis, input_shape)
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
