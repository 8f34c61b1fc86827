"""Up-sampling layers: repeat (nearest) or interpolate (bilinear...) along spatial axes.

Example:
    >>> unison.layers.UpSampling2D((2, 3))(np.ones((1, 2, 2, 1), "float32")).shape
    (1, 4, 6, 1)
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np

from unison import config, ops
from unison.layers.core_utils import (
    check_positive_int,
    normalize_tuple,
    output_dtype,
    symbolic_like,
)
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["UpSampling1D", "UpSampling2D", "UpSampling3D"]

_INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "lanczos3", "lanczos5")


def linear_interpolation_matrix(size: int, factor: int) -> np.ndarray:
    """``(size * factor, size)`` weights of half-pixel-centred linear up-sampling.

    Output sample ``o`` reads input position ``(o + 0.5) / factor - 0.5``, clamped to the
    edges, blending its two neighbours.
    """
    positions = (np.arange(size * factor) + 0.5) / factor - 0.5
    positions = np.clip(positions, 0.0, size - 1)
    lower = np.floor(positions).astype(np.int64)
    upper = np.minimum(lower + 1, size - 1)
    weight_upper = positions - lower
    matrix = np.zeros((size * factor, size), dtype=np.float64)
    rows = np.arange(size * factor)
    np.add.at(matrix, (rows, lower), 1.0 - weight_upper)
    np.add.at(matrix, (rows, upper), weight_upper)
    return matrix


def _interpolate_axis(x: Any, axis: int, factor: int) -> Any:
    shape = tuple(ops.shape(x))
    matrix = linear_interpolation_matrix(int(shape[axis]), factor)
    dtype = ops.dtype(x)
    weights = ops.cast(ops.convert_to_tensor(matrix.astype(np.float32)), dtype)
    letters = string.ascii_lowercase[: len(shape)]
    target = "Z"
    output = letters[:axis] + target + letters[axis + 1 :]
    return ops.einsum(f"{letters},{target}{letters[axis]}->{output}", x, weights)


class _UpSampling(Layer):
    _spatial_rank = 2

    def _spatial_axes(self) -> range:
        start = 2 if self.data_format == "channels_first" else 1
        return range(start, start + self._spatial_rank)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        for axis, factor in zip(self._spatial_axes(), self._factors(), strict=False):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(
            self.compute_output_shape(inputs.shape), output_dtype(self, inputs.dtype)
        )

    def _factors(self) -> tuple:
        return self.size

    def call(self, inputs: Any) -> Any:
        interpolation = getattr(self, "interpolation", "nearest")
        if interpolation == "nearest":
            for axis, factor in zip(self._spatial_axes(), self._factors(), strict=False):
                if factor != 1:
                    inputs = ops.repeat(inputs, factor, axis=axis)
            return inputs
        if interpolation == "bilinear":
            if "float" not in ops.dtype(inputs):
                inputs = ops.cast(inputs, config.floatx())
            for axis, factor in zip(self._spatial_axes(), self._factors(), strict=False):
                if factor != 1:
                    inputs = _interpolate_axis(inputs, axis, factor)
            return inputs
        shape = tuple(ops.shape(inputs))
        size = tuple(
            shape[a] * f for a, f in zip(self._spatial_axes(), self._factors(), strict=False)
        )
        return ops.image.resize(
            inputs, size, interpolation=interpolation, data_format=self.data_format
        )


class UpSampling1D(_UpSampling):
    """Repeats each time step ``size`` times: ``(batch, steps, features)`` to
    ``(batch, steps * size, features)``.

    Example:
        >>> unison.layers.UpSampling1D(2)(np.ones((1, 3, 2), "float32")).shape
        (1, 6, 2)
    """

    _spatial_rank = 1

    def __init__(self, size: int = 2, **kwargs: Any):
        super().__init__(**kwargs)
        self.size = check_positive_int(size, "size", "UpSampling1D")
        self.data_format = "channels_last"
        self.input_spec = InputSpec(ndim=3)

    def _factors(self) -> tuple:
        return (self.size,)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


class UpSampling2D(_UpSampling):
    """Scales the height and width of images by integer factors.

    Args:
        size: an int or ``(height_factor, width_factor)``.
        data_format: ``"channels_last"`` or ``"channels_first"``.
        interpolation: ``"nearest"`` (repeat), ``"bilinear"`` (half-pixel centres, as
            ``ops.image.resize``), or ``"bicubic"`` / ``"lanczos3"`` / ``"lanczos5"``
            through ``ops.image.resize``.

    Example:
        >>> layer = unison.layers.UpSampling2D(2, interpolation="bilinear")
        >>> layer(np.ones((1, 2, 2, 3), "float32")).shape
        (1, 4, 4, 3)
    """

    _spatial_rank = 2

    def __init__(
        self,
        size: Any = (2, 2),
        data_format: str | None = None,
        interpolation: str = "nearest",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.size = normalize_tuple(size, 2, "size", "UpSampling2D")
        interpolation = str(interpolation).lower()
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(
                f"UpSampling2D: `interpolation` must be one of {', '.join(_INTERPOLATIONS)}; "
                f"received {interpolation!r}."
            )
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "size": self.size,
            "data_format": self.data_format,
            "interpolation": self.interpolation,
        }


class UpSampling3D(_UpSampling):
    """Repeats volumes along their three spatial axes by integer factors.

    Example:
        >>> unison.layers.UpSampling3D(2)(np.ones((1, 1, 2, 3, 4), "float32")).shape
        (1, 2, 4, 6, 4)
    """

    _spatial_rank = 3

    def __init__(self, size: Any = (2, 2, 2), data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.size = normalize_tuple(size, 3, "size", "UpSampling3D")
        self.input_spec = InputSpec(ndim=5)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format}
