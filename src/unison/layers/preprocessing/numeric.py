"""Numeric preprocessing: ``Rescaling`` and ``Normalization``.

Example:
    >>> norm = unison.layers.Normalization(axis=-1)
    >>> norm.adapt(np.array([[0.0, 7.0], [2.0, 9.0]], "float32"))
    >>> norm(np.array([[0.0, 7.0]], "float32"))     # -> [[-1., -1.]]
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np

from unison import config, ops
from unison.layers.layer import Layer
from unison.saving import serialization

__all__ = ["Normalization", "Rescaling"]


class Rescaling(Layer):
    """Multiply inputs by ``scale`` and add ``offset`` (e.g. ``scale=1/255`` maps bytes to
    ``[0, 1]``). ``scale`` may be per channel (a list), broadcast against the channel axis.

    Example:
        >>> unison.layers.Rescaling(1 / 127.5, offset=-1)(np.full((1, 2), 255.0))  # -> 1.0
    """

    def __init__(self, scale: Any, offset: Any = 0.0, **kwargs: Any):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True
        self.built = True

    def call(self, inputs: Any) -> Any:
        dtype = self.compute_dtype
        scale = ops.cast(self.scale, dtype)
        offset = ops.cast(self.offset, dtype)
        scale_rank = ops.ndim(scale)
        if scale_rank > 0 and config.image_data_format() == "channels_first":
            scale = ops.reshape(scale, tuple(ops.shape(scale)) + (1,) * (3 - scale_rank))
        return ops.cast(inputs, dtype) * scale + offset

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"scale": _plain(self.scale), "offset": _plain(self.offset)})
        return result

    @classmethod
    def from_config(cls, config: dict) -> Rescaling:
        config = dict(config)
        for key in ("scale", "offset"):
            if isinstance(config.get(key), dict):
                config[key] = serialization.deserialize(config[key])
        return super().from_config(config)


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating, np.integer)):
        return value.item()
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return ops.convert_to_numpy(value).tolist()
    return value


def _extract_batch(batch: Any) -> Any:
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(Layer):
    """Shift and scale inputs to zero mean and unit variance: ``(x - mean) / sqrt(var)``.

    ``mean`` / ``variance`` are given, or learned with :meth:`adapt`, separately for each
    index of the ``axis`` axes (``axis=None``: one scalar for everything). With
    ``invert=True`` the layer undoes the normalization: ``mean + x * sqrt(var)``.

    Example:
        >>> layer = unison.layers.Normalization(mean=3.0, variance=2.0)
        >>> layer(np.array([[1.0], [3.0]], "float32"))   # -> [[-1.414], [0.]]
    """

    def __init__(
        self,
        axis: Any = -1,
        mean: Any = None,
        variance: Any = None,
        invert: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if axis is None:
            axis = ()
        elif isinstance(axis, int):
            axis = (axis,)
        else:
            axis = tuple(axis)
        self.axis = axis
        self.input_mean = mean
        self.input_variance = variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        self.mean = None
        self.variance = None
        if (mean is not None) != (variance is not None):
            raise ValueError(
                "When setting values directly, both `mean` and `variance` must be set. "
                f"Received: mean={mean!r} and variance={variance!r}"
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    "When setting values directly, `mean` and `variance` must have the same "
                    f"shape. Received: mean shape {np.shape(mean)} and variance shape "
                    f"{np.shape(variance)}"
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    "The rank of `mean` must be less than or equal to the number of axes "
                    f"({len(self.axis)}). Received: mean shape {np.shape(mean)} for axis "
                    f"{self.axis}"
                )

    def build(self, input_shape: Any) -> None:
        if input_shape is None:
            return
        input_shape = tuple(input_shape)
        ndim = len(input_shape)
        self._build_input_shape = input_shape
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(
                f"All `axis` values must be in the range [-ndim, ndim). Received inputs with "
                f"ndim={ndim}, while axis={self.axis}"
            )
        self._keep_axis = tuple(sorted(a if a >= 0 else a + ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    f"All `axis` values to be kept must have a known shape. Received "
                    f"axis={self.axis}, inputs.shape={input_shape}, with unknown axis at "
                    f"index {d}"
                )
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = tuple(
            input_shape[d] if d in self._keep_axis else 1 for d in range(ndim)
        )
        self._mean_and_var_shape = tuple(input_shape[d] for d in self._keep_axis)
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(
                name="mean", shape=self._mean_and_var_shape, initializer="zeros", trainable=False
            )
            self.adapt_variance = self.add_weight(
                name="variance",
                shape=self._mean_and_var_shape,
                initializer="ones",
                trainable=False,
            )
            self.count = self.add_weight(
                name="count", shape=(), dtype="int32", initializer="zeros", trainable=False
            )
        else:
            mean = np.asarray(self.input_mean, dtype="float64")
            variance = np.asarray(self.input_variance, dtype="float64")
            if mean.ndim > 0:
                expanded = [1] * ndim
                for i in range(1, mean.ndim + 1):
                    expanded[self._keep_axis[-i]] = mean.shape[-i]
                try:
                    mean = mean.reshape(expanded)
                    variance = variance.reshape(expanded)
                except ValueError:
                    raise ValueError(
                        f"Normalization {self.name!r}: `mean` of shape {np.shape(self.input_mean)}"
                        f" cannot be broadcast to the kept axes of inputs with shape "
                        f"{input_shape}."
                    ) from None
            try:
                mean = np.broadcast_to(mean, self._broadcast_shape)
                variance = np.broadcast_to(variance, self._broadcast_shape)
            except ValueError:
                raise ValueError(
                    f"Normalization {self.name!r}: `mean` of shape {np.shape(self.input_mean)} "
                    f"cannot be broadcast to shape {self._broadcast_shape}."
                ) from None
            self.mean = ops.convert_to_tensor(mean, dtype=self.compute_dtype)
            self.variance = ops.convert_to_tensor(variance, dtype=self.compute_dtype)
        self.built = True

    def adapt(self, data: Any) -> None:
        """Compute the mean and variance of ``data`` and store them as the layer's weights.

        ``data`` is a NumPy array, a backend tensor, or an iterable of batches (a list of
        arrays, a generator, a dataset; ``(x, y)`` tuples use ``x``).
        """
        iterable = False
        if isinstance(data, np.ndarray) or ops.is_tensor(data):
            input_shape = tuple(data.shape)
        elif hasattr(data, "__iter__"):
            iterable = True
            iterator = iter(data)
            first = next(iterator, None)
            if first is None:
                raise ValueError(
                    "adapt() received an empty iterable (no batches); expected at least one "
                    "batch, e.g. layer.adapt([x])."
                )
            first = _extract_batch(first)
            if getattr(first, "shape", None) is None:
                raise TypeError(
                    "adapt() expects an iterable yielding arrays or tensors with a `.shape`; "
                    f"received an element of type {type(first).__name__}."
                )
            input_shape = tuple(first.shape)
            data = itertools.chain([first], iterator)
        else:
            raise TypeError(
                f"Unsupported data type for adapt(): {type(data).__name__}. Expected a NumPy "
                "array, a backend tensor or an iterable of batches."
            )
        input_shape = tuple(None if d is None else int(d) for d in input_shape)
        if not self.built:
            self._bind_backend()
            self.build(input_shape)
        else:
            self._check_kept_dims(input_shape)
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization {self.name!r} was given `mean` and `variance`; it cannot be "
                "adapted."
            )
        if not iterable:
            values = ops.convert_to_numpy(data).astype("float64")
            total_mean = values.mean(axis=self._reduce_axis)
            total_var = values.var(axis=self._reduce_axis)
        else:
            total_mean = np.zeros(self._mean_and_var_shape)
            total_var = np.zeros(self._mean_and_var_shape)
            total_count = 0
            for batch in data:
                batch = np.asarray(ops.convert_to_numpy(_extract_batch(batch)), "float64")
                self._check_kept_dims(batch.shape)
                batch_mean = batch.mean(axis=self._reduce_axis)
                batch_var = batch.var(axis=self._reduce_axis)
                batch_count = math.prod(batch.shape[d] for d in self._reduce_axis)
                total_count += batch_count
                weight = batch_count / total_count if total_count else 0.0
                new_mean = total_mean * (1 - weight) + batch_mean * weight
                total_var = (total_var + (total_mean - new_mean) ** 2) * (1 - weight) + (
                    batch_var + (batch_mean - new_mean) ** 2
                ) * weight
                total_mean = new_mean
        self.adapt_mean.assign(np.asarray(total_mean, self.adapt_mean.dtype))
        self.adapt_variance.assign(np.asarray(total_var, self.adapt_variance.dtype))

    def _check_kept_dims(self, shape: tuple) -> None:
        for d in self._keep_axis:
            if shape[d] is not None and shape[d] != self._build_input_shape[d]:
                raise ValueError(
                    f"Normalization {self.name!r} was built with input_shape="
                    f"{self._build_input_shape}, but adapt() received data with an "
                    f"incompatible shape {tuple(shape)}."
                )

    def finalize_state(self) -> None:
        """Kept for Keras compatibility: the statistics are read from the weights at call."""

    def _statistics(self) -> tuple:
        if self.input_mean is not None:
            return self.mean, self.variance
        dtype = self.compute_dtype
        mean = ops.cast(ops.reshape(self.adapt_mean.value, self._broadcast_shape), dtype)
        variance = ops.cast(ops.reshape(self.adapt_variance.value, self._broadcast_shape), dtype)
        return mean, variance

    def call(self, inputs: Any) -> Any:
        if not self.built or self._build_input_shape is None:
            raise ValueError("You must call `.build(input_shape)` on the layer before using it.")
        inputs = ops.cast(inputs, self.compute_dtype)
        mean, variance = self._statistics()
        denominator = ops.maximum(ops.sqrt(variance), config.epsilon())
        if self.invert:
            return mean + inputs * denominator
        return (inputs - mean) / denominator

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "axis": self.axis,
                "invert": self.invert,
                "mean": _listify(self.input_mean),
                "variance": _listify(self.input_variance),
            }
        )
        return result

    def get_build_config(self) -> dict | None:
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def build_from_config(self, config: dict) -> None:
        if config and config.get("input_shape") is not None and self._build_input_shape is None:
            self._bind_backend()
            self.build(tuple(config["input_shape"]))


def _listify(value: Any) -> Any:
    if value is None:
        return None
    return np.array(ops.convert_to_numpy(value) if ops.is_tensor(value) else value).tolist()
