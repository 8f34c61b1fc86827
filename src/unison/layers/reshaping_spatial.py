"""Cropping and zero-padding layers for 1-D, 2-D and 3-D (sequence, image, volume) inputs.

Example:
    >>> unison.layers.Cropping2D(((1, 1), (2, 2)))(np.ones((1, 5, 6, 3), "float32")).shape
    (1, 3, 2, 3)
    >>> unison.layers.ZeroPadding1D(2)(np.ones((1, 4, 3), "float32")).shape
    (1, 8, 3)
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.layers.core_utils import normalize_tuple, output_dtype, symbolic_like
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]

_AXIS_NAMES = ("1st", "2nd", "3rd")


def _pairs(value: Any, rank: int, name: str, layer: str) -> tuple:
    """An int, ``rank`` ints or ``rank`` pairs as ``rank`` (before, after) pairs."""
    if isinstance(value, int) and not isinstance(value, bool):
        pair = normalize_tuple(value, 2, name, layer, allow_zero=True)
        return (pair,) * rank
    if not hasattr(value, "__len__") or len(value) != rank:
        raise ValueError(
            f"{layer}: `{name}` must be an int, a tuple of {rank} ints, or a tuple of {rank} "
            f"pairs of ints; received {value!r}."
        )
    return tuple(
        normalize_tuple(entry, 2, f"{_AXIS_NAMES[index]} entry of {name}", layer, allow_zero=True)
        for index, entry in enumerate(value)
    )


class _Spatial(Layer):
    """Shared machinery: which axes are spatial, given the rank and data format."""

    _spatial_rank = 1
    _argument = "cropping"

    def _init_spatial(self, amounts: tuple, data_format: str | None) -> None:
        self._amounts = amounts
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=self._spatial_rank + 2)

    def _spatial_axes(self) -> range:
        start = 2 if self.data_format == "channels_first" else 1
        return range(start, start + self._spatial_rank)

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(
            self.compute_output_shape(inputs.shape), output_dtype(self, inputs.dtype)
        )


class _Cropping(_Spatial):
    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._amounts, strict=False):
            if shape[axis] is None:
                continue
            if before + after >= shape[axis]:
                raise ValueError(
                    f"Layer {self.name!r} ({type(self).__name__}): cropping "
                    f"{self._amounts} removes every element of axis {axis} of inputs with "
                    f"shape {tuple(input_shape)}; each crop must be smaller than the axis."
                )
            shape[axis] -= before + after
        return tuple(shape)

    def call(self, inputs: Any) -> Any:
        shape = tuple(ops.shape(inputs))
        self.compute_output_shape(shape)
        index = [slice(None)] * len(shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._amounts, strict=False):
            index[axis] = slice(before, shape[axis] - after)
        return inputs[tuple(index)]


class Cropping1D(_Cropping):
    """Crops along the time axis of ``(batch, steps, features)`` inputs.

    Args:
        cropping: an int (both ends) or ``(start, end)``.

    Example:
        >>> unison.layers.Cropping1D((1, 2))(np.ones((2, 6, 3), "float32")).shape
        (2, 3, 3)
    """

    _spatial_rank = 1

    def __init__(self, cropping: Any = (1, 1), **kwargs: Any):
        super().__init__(**kwargs)
        self.cropping = normalize_tuple(cropping, 2, "cropping", "Cropping1D", allow_zero=True)
        self._init_spatial((self.cropping,), "channels_last")

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping}


class Cropping2D(_Cropping):
    """Crops the height and width of images.

    Args:
        cropping: an int, ``(symmetric_height, symmetric_width)`` or
            ``((top, bottom), (left, right))``.
        data_format: ``"channels_last"`` (default from config) or ``"channels_first"``.

    Example:
        >>> unison.layers.Cropping2D(1)(np.ones((1, 4, 4, 3), "float32")).shape
        (1, 2, 2, 3)
    """

    _spatial_rank = 2

    def __init__(self, cropping: Any = ((0, 0), (0, 0)), data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pairs(cropping, 2, "cropping", "Cropping2D")
        self._init_spatial(self.cropping, data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}


class Cropping3D(_Cropping):
    """Crops the three spatial axes of volumes.

    Args:
        cropping: an int, 3 ints, or 3 pairs ``((d1_start, d1_end), ...)``.

    Example:
        >>> unison.layers.Cropping3D(1)(np.ones((1, 4, 4, 4, 2), "float32")).shape
        (1, 2, 2, 2, 2)
    """

    _spatial_rank = 3

    def __init__(
        self, cropping: Any = ((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs
    ):
        super().__init__(**kwargs)
        self.cropping = _pairs(cropping, 3, "cropping", "Cropping3D")
        self._init_spatial(self.cropping, data_format)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}


class _ZeroPadding(_Spatial):
    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        for axis, (before, after) in zip(self._spatial_axes(), self._amounts, strict=False):
            if shape[axis] is not None:
                shape[axis] += before + after
        return tuple(shape)

    def call(self, inputs: Any) -> Any:
        widths = [(0, 0)] * (self._spatial_rank + 2)
        for axis, pair in zip(self._spatial_axes(), self._amounts, strict=False):
            widths[axis] = pair
        return ops.pad(inputs, tuple(widths))

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}


class ZeroPadding1D(_ZeroPadding):
    """Pads the time axis of ``(batch, steps, features)`` inputs with zeros.

    Args:
        padding: an int (both ends) or ``(start, end)``.

    Example:
        >>> unison.layers.ZeroPadding1D((1, 2))(np.ones((2, 3, 4), "float32")).shape
        (2, 6, 4)
    """

    _spatial_rank = 1

    def __init__(self, padding: Any = 1, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.padding = normalize_tuple(padding, 2, "padding", "ZeroPadding1D", allow_zero=True)
        self._init_spatial((self.padding,), data_format)


class ZeroPadding2D(_ZeroPadding):
    """Pads the height and width of images with zeros.

    Args:
        padding: an int, ``(symmetric_height, symmetric_width)`` or
            ``((top, bottom), (left, right))``.

    Example:
        >>> unison.layers.ZeroPadding2D(1)(np.ones((1, 2, 2, 3), "float32")).shape
        (1, 4, 4, 3)
    """

    _spatial_rank = 2

    def __init__(self, padding: Any = (1, 1), data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, 2, "padding", "ZeroPadding2D")
        self._init_spatial(self.padding, data_format)


class ZeroPadding3D(_ZeroPadding):
    """Pads the three spatial axes of volumes with zeros.

    Args:
        padding: an int, 3 ints, or 3 pairs ``((d1_start, d1_end), ...)``.

    Example:
        >>> unison.layers.ZeroPadding3D(1)(np.ones((1, 2, 2, 2, 1), "float32")).shape
        (1, 4, 4, 4, 1)
    """

    _spatial_rank = 3

    def __init__(
        self, padding: Any = ((1, 1), (1, 1), (1, 1)), data_format: str | None = None, **kwargs
    ):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, 3, "padding", "ZeroPadding3D")
        self._init_spatial(self.padding, data_format)
