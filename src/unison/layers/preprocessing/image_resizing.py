"""Deterministic image resizing layers: ``Resizing`` and ``CenterCrop``.

Example:
    >>> unison.layers.Resizing(32, 32)(np.zeros((2, 64, 48, 3), "float32")).shape
    (2, 32, 32, 3)
    >>> unison.layers.CenterCrop(16, 16)(np.zeros((2, 64, 48, 3), "float32")).shape
    (2, 16, 16, 3)
"""

from __future__ import annotations

from typing import Any

from unison import ops
from unison.layers.preprocessing.base import BaseImagePreprocessingLayer

__all__ = ["CenterCrop", "Resizing"]


def _with_size(layer: Any, input_shape: tuple, height: int, width: int) -> tuple:
    shape = list(input_shape)
    if len(shape) not in (3, 4) or isinstance(shape[0], (list, tuple)):
        raise ValueError(
            f"{type(layer).__name__}: `input_shape` must be a flat tuple of rank 3 "
            f"(unbatched) or 4 (batched); received {tuple(input_shape)}."
        )
    shape[layer._height_axis] = height
    shape[layer._width_axis] = width
    return tuple(shape)


def _slice_spatial(layer: Any, images: Any, top: int, left: int, height: int, width: int):
    start = [0] * 4
    size = list(ops.shape(images))
    start[layer._height_axis], size[layer._height_axis] = top, height
    start[layer._width_axis], size[layer._width_axis] = left, width
    return ops.slice(images, start, size)


def _aspect_crop(layer: Any, images: Any, target_height: int, target_width: int) -> Any:
    """Crop the largest centred window with the target aspect ratio (Keras smart_resize)."""
    height, width = layer._height_width(images)
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return _slice_spatial(layer, images, top, left, crop_height, crop_width)


class Resizing(BaseImagePreprocessingLayer):
    """Resize images to ``(height, width)``; optionally crop or pad to keep the aspect
    ratio. Integer images keep their dtype (rounded and clipped).

    Example:
        >>> unison.layers.Resizing(4, 4, interpolation="nearest")
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height: int,
        width: int,
        interpolation: str = "bilinear",
        crop_to_aspect_ratio: bool = False,
        pad_to_aspect_ratio: bool = False,
        fill_mode: str = "constant",
        fill_value: float = 0.0,
        antialias: bool = False,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be True."
            )

    def transform_images(self, images: Any, transformation: Any = None, training: bool = True):
        input_dtype = ops.dtype(images)
        if "int" in input_dtype or input_dtype == "bool":
            images = ops.cast(images, self.compute_dtype)
        resized = ops.image.resize(
            images,
            size=(self.height, self.width),
            interpolation=self.interpolation,
            antialias=self.antialias,
            crop_to_aspect_ratio=self.crop_to_aspect_ratio,
            pad_to_aspect_ratio=self.pad_to_aspect_ratio,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )
        return self._restore_dtype(resized, input_dtype)

    def _output_dtype(self, input_dtype: str) -> str:
        return input_dtype if "int" in input_dtype else self.compute_dtype

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return _with_size(self, input_shape, self.height, self.width)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "height": self.height,
                "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "antialias": self.antialias,
                "data_format": self.data_format,
            }
        )
        return result


class CenterCrop(BaseImagePreprocessingLayer):
    """Crop the central ``(height, width)`` window; an image smaller than the target is
    first cropped to the target aspect ratio and resized (bilinear) instead.

    Example:
        >>> unison.layers.CenterCrop(2, 2)(np.arange(16.0).reshape(1, 4, 4, 1))[0, ..., 0]
        [[5., 6.], [9., 10.]]
    """

    _USE_BASE_FACTOR = False

    def __init__(self, height: int, width: int, data_format: str | None = None, **kwargs: Any):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def transform_images(self, images: Any, transformation: Any = None, training: bool = True):
        images = ops.cast(images, self.compute_dtype)
        height, width = self._height_width(images)
        height_difference = height - self.height
        width_difference = width - self.width
        if height_difference >= 0 and width_difference >= 0:
            return _slice_spatial(
                self,
                images,
                height_difference // 2,
                width_difference // 2,
                self.height,
                self.width,
            )
        cropped = _aspect_crop(self, images, self.height, self.width)
        return ops.image.resize(
            cropped,
            (self.height, self.width),
            interpolation="bilinear",
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return _with_size(self, input_shape, self.height, self.width)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"height": self.height, "width": self.width, "data_format": self.data_format})
        return result
