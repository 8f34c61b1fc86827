"""Regularization layers: dropout variants, Gaussian noise and activity regularization.

The stochastic layers act only when called with ``training=True`` (``fit`` does that) and
draw from a :class:`unison.random.SeedGenerator` created with the layer, so a fixed ``seed``
gives a reproducible stream; in inference they return their inputs unchanged.

Example:
    >>> drop = unison.layers.Dropout(0.5, seed=1)
    >>> drop(np.ones((2, 4), "float32"), training=True)   # zeros and 2.0s
"""

from __future__ import annotations

import math
from typing import Any

from unison import config, ops, random, regularizers
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = [
    "ActivityRegularization",
    "AlphaDropout",
    "Dropout",
    "GaussianDropout",
    "GaussianNoise",
    "SpatialDropout1D",
    "SpatialDropout2D",
    "SpatialDropout3D",
]

# SELU constants: the fixed point AlphaDropout preserves.
_SELU_ALPHA = 1.6732632423543772
_SELU_SCALE = 1.0507009873554805


def _check_rate(value: Any, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(
            f"Invalid value received for argument `{name}`: expected a float between 0 and 1; "
            f"received {name}={value!r}."
        )


class _StochasticLayer(Layer):
    """A weightless layer with a seed generator, bound to the backend it was created on."""

    def _init_seed(self, seed: Any, active: bool) -> None:
        self.seed = seed
        self.supports_masking = True
        if active:
            self._bind_backend()
            self.seed_generator = random.SeedGenerator(seed, backend=self.backend)
        self.built = True

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)


class Dropout(_StochasticLayer):
    """Zero a fraction ``rate`` of the inputs in training and scale the rest by ``1/(1-rate)``.

    ``noise_shape`` (with ``None`` for "same as the input") shares one keep/drop decision
    along axes of size 1, e.g. ``(batch, 1, features)`` drops whole features of all steps.

    Example:
        >>> unison.layers.Dropout(0.2, noise_shape=(None, 1, 8))
    """

    def __init__(
        self, rate: float, noise_shape: Any = None, seed: int | None = None, **kwargs: Any
    ):
        super().__init__(**kwargs)
        _check_rate(rate, "rate")
        self.rate = rate
        self.noise_shape = _validate_noise_shape(noise_shape)
        self._init_seed(seed, rate > 0)

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.rate > 0:
            return random.dropout(
                inputs,
                self.rate,
                noise_shape=_concrete_noise_shape(inputs, self.noise_shape),
                seed=self.seed_generator,
            )
        return inputs

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return result


def _validate_noise_shape(noise_shape: Any) -> tuple | None:
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str):
        raise ValueError(
            f"Invalid value received for argument `noise_shape`: expected a tuple or list of "
            f"ints; received noise_shape={noise_shape!r}."
        )
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(
            f"Invalid value received for argument `noise_shape`: expected an iterable of ints; "
            f"received noise_shape={noise_shape!r}."
        ) from None
    for index, dim in enumerate(noise_shape):
        if dim is None:
            continue
        if isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0:
            raise ValueError(
                f"Invalid value received for argument `noise_shape`: every entry must be a "
                f"positive int or None; received {dim!r} at index {index}."
            )
    return noise_shape


def _concrete_noise_shape(inputs: Any, noise_shape: tuple | None) -> Any:
    if noise_shape is None:
        return None
    shape = ops.shape(inputs)
    return tuple(shape[i] if dim is None else dim for i, dim in enumerate(noise_shape))


class _SpatialDropout(Dropout):
    """Dropout of whole channels (feature maps) rather than single entries."""

    _rank = 1

    def __init__(
        self, rate: float, seed: int | None = None, name: str | None = None, dtype: Any = None
    ):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)

    def _noise_shape(self, inputs: Any) -> tuple:
        shape = ops.shape(inputs)
        ones = (1,) * self._rank
        if getattr(self, "data_format", "channels_last") == "channels_first":
            return (shape[0], shape[1], *ones)
        return (shape[0], *ones, shape[-1])

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.rate > 0:
            return random.dropout(
                inputs,
                self.rate,
                noise_shape=self._noise_shape(inputs),
                seed=self.seed_generator,
            )
        return inputs

    def get_config(self) -> dict:
        return {"rate": self.rate, "seed": self.seed, "name": self.name, "dtype": self.dtype}


class SpatialDropout1D(_SpatialDropout):
    """Drop whole feature channels of ``(batch, steps, channels)`` inputs.

    Example:
        >>> unison.layers.SpatialDropout1D(0.3)(np.ones((2, 5, 4), "float32"), training=True)
    """

    _rank = 1

    def __init__(
        self, rate: float, seed: int | None = None, name: str | None = None, dtype: Any = None
    ):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.input_spec = InputSpec(ndim=3)


class SpatialDropout2D(_SpatialDropout):
    """Drop whole feature maps of 4-D image inputs.

    Example:
        >>> unison.layers.SpatialDropout2D(0.3, data_format="channels_first")
    """

    _rank = 2

    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=4)

    def get_config(self) -> dict:
        result = super().get_config()
        result["data_format"] = self.data_format
        return result


class SpatialDropout3D(_SpatialDropout):
    """Drop whole feature volumes of 5-D inputs.

    Example:
        >>> unison.layers.SpatialDropout3D(0.3)(np.ones((1, 2, 2, 2, 3), "float32"), training=True)
    """

    _rank = 3

    def __init__(
        self,
        rate: float,
        data_format: str | None = None,
        seed: int | None = None,
        name: str | None = None,
        dtype: Any = None,
    ):
        super().__init__(rate, seed=seed, name=name, dtype=dtype)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=5)

    def get_config(self) -> dict:
        result = super().get_config()
        result["data_format"] = self.data_format
        return result


class GaussianDropout(_StochasticLayer):
    """Multiply by noise ``~ N(1, rate / (1 - rate))`` in training.

    Example:
        >>> unison.layers.GaussianDropout(0.1, seed=3)
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        _check_rate(rate, "rate")
        self.rate = rate
        self._init_seed(seed, rate > 0)

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.rate > 0:
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random.normal(
                ops.shape(inputs),
                mean=1.0,
                stddev=stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs * noise
        return inputs

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"rate": self.rate, "seed": self.seed})
        return result


class GaussianNoise(_StochasticLayer):
    """Add zero-mean Gaussian noise of standard deviation ``stddev`` in training.

    Example:
        >>> unison.layers.GaussianNoise(0.1, seed=3)
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        _check_rate(stddev, "stddev")
        self.stddev = stddev
        self._init_seed(seed, stddev > 0)

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.stddev > 0:
            noise = random.normal(
                ops.shape(inputs),
                mean=0.0,
                stddev=self.stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs + noise
        return inputs

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"stddev": self.stddev, "seed": self.seed})
        return result


class AlphaDropout(_StochasticLayer):
    """Dropout that keeps the mean and variance of SELU activations (self-normalizing nets).

    Dropped entries are set to the SELU negative saturation value, then an affine correction
    restores the input statistics.

    Example:
        >>> unison.layers.AlphaDropout(0.1, seed=3)
    """

    def __init__(
        self, rate: float, noise_shape: Any = None, seed: int | None = None, **kwargs: Any
    ):
        super().__init__(**kwargs)
        _check_rate(rate, "rate")
        self.rate = rate
        self.noise_shape = noise_shape
        self._init_seed(seed, rate > 0)

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training and self.rate > 0:
            noise_shape = _concrete_noise_shape(inputs, self.noise_shape) or ops.shape(inputs)
            alpha_p = -_SELU_ALPHA * _SELU_SCALE
            uniform = random.uniform(noise_shape, seed=self.seed_generator)
            kept = ops.cast(ops.greater_equal(uniform, self.rate), ops.dtype(inputs))
            a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
            b = -a * alpha_p * self.rate
            return a * (inputs * kept + alpha_p * (1 - kept)) + b
        return inputs

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"rate": self.rate, "seed": self.seed, "noise_shape": self.noise_shape})
        return result


class ActivityRegularization(Layer):
    """Identity that adds ``l1 * sum(|x|) + l2 * sum(x ** 2)`` of its output to the losses.

    Example:
        >>> layer = unison.layers.ActivityRegularization(l2=0.01)
        >>> _ = layer(np.ones((2, 2), "float32")); layer.losses   # [0.04]
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs: Any):
        super().__init__(activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs)
        self.supports_masking = True
        self.l1 = l1
        self.l2 = l2
        self.built = True

    def call(self, inputs: Any) -> Any:
        return inputs

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.pop("activity_regularizer", None)
        result.update({"l1": self.l1, "l2": self.l2})
        return result
