"""Random geometric image augmentations: ``RandomFlip``, ``RandomCrop``, ``RandomRotation``,
``RandomZoom`` and ``RandomTranslation``.

They act when called with ``training=True`` (the default of a direct call, and what ``fit``
passes) and return the input (cast to the compute dtype) otherwise. Each layer draws from
its own :class:`unison.random.SeedGenerator`, so a fixed ``seed`` gives a reproducible
stream on a given backend. Rotations, zooms and translations resample with
``ops.image.affine_transform`` (``fill_mode`` one of ``"reflect"``, ``"wrap"``,
``"constant"``, ``"nearest"``; ``interpolation`` ``"bilinear"`` or ``"nearest"``).

Example:
    >>> augment = unison.models.Sequential([
    ...     unison.layers.RandomFlip("horizontal"), unison.layers.RandomRotation(0.1)])
    >>> augment(np.zeros((2, 32, 32, 3), "float32"), training=True).shape
    (2, 32, 32, 3)
"""

from __future__ import annotations

from typing import Any

from unison import ops, random
from unison.layers.preprocessing.base import (
    BaseImagePreprocessingLayer,
    affine_matrix,
    check_choice,
    parse_factor,
)

__all__ = ["RandomCrop", "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom"]

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
_FILL_MODES = ("reflect", "wrap", "constant", "nearest")
_INTERPOLATIONS = ("nearest", "bilinear")


class RandomFlip(BaseImagePreprocessingLayer):
    """Flip each image horizontally and/or vertically with probability 1/2.

    ``mode`` is ``"horizontal"``, ``"vertical"`` or ``"horizontal_and_vertical"`` (one coin
    per image decides both flips).

    Example:
        >>> unison.layers.RandomFlip("horizontal", seed=1)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        mode: str = HORIZONTAL_AND_VERTICAL,
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL):
            raise ValueError(
                f"RandomFlip: invalid `mode` {mode!r}; expected 'horizontal', 'vertical' or "
                "'horizontal_and_vertical'."
            )
        self.mode = mode
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        shape = (ops.shape(data)[0], 1, 1, 1) if len(data.shape) == 4 else (1, 1, 1)
        draws = random.uniform(shape, seed=seed if seed is not None else self.generator)
        return {"flips": ops.less_equal(draws, 0.5), "input_shape": tuple(data.shape)}

    def _transform_images(self, images: Any, transformation: Any) -> Any:
        if transformation is None:
            return images
        flips = transformation["flips"]
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=self._width_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = ops.where(flips, ops.flip(images, axis=self._height_axis), images)
        return images

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"seed": self.seed, "mode": self.mode, "data_format": self.data_format})
        return result


class RandomCrop(BaseImagePreprocessingLayer):
    """Crop a random ``(height, width)`` window (one window per batch) in training.

    An image smaller than the target is cropped to the target's aspect ratio and resized.
    In inference the input passes through unchanged, as in Keras 3.

    Example:
        >>> unison.layers.RandomCrop(24, 24, seed=0)(np.zeros((2, 32, 32, 3)), training=True).shape
        (2, 24, 24, 3)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height: int,
        width: int,
        seed: int | None = None,
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height = height
        self.width = width
        self._init_seed(seed)
        self.seed = self._default_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        seed = seed if seed is not None else self.generator
        input_height, input_width = self._height_width(data)
        if training and input_height > self.height and input_width > self.width:
            top = ops.cast(
                random.uniform((), 0, float(input_height - self.height + 1), seed=seed), "int32"
            )
            left = ops.cast(
                random.uniform((), 0, float(input_width - self.width + 1), seed=seed), "int32"
            )
            return top, left
        crop_height = max(min(input_height, int(float(input_width * self.height) / self.width)), 1)
        crop_width = max(min(input_width, int(float(input_height * self.width) / self.height)), 1)
        return int(float(input_height - crop_height) / 2), int(float(input_width - crop_width) / 2)

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        top, left = transformation
        input_height, input_width = self._height_width(images)
        height = min(self.height, input_height - int(top)) if isinstance(top, int) else self.height
        width = min(self.width, input_width - int(left)) if isinstance(left, int) else self.width
        start = [0, 0, 0, 0]
        size = list(ops.shape(images))
        start[self._height_axis], size[self._height_axis] = top, height
        start[self._width_axis], size[self._width_axis] = left, width
        images = ops.slice(images, start, size)
        if height != self.height or width != self.width:
            images = ops.image.resize(
                images, size=(self.height, self.width), data_format=self.data_format
            )
            images = ops.cast(images, self.compute_dtype)
        return images

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        shape = list(input_shape)
        shape[self._height_axis] = self.height
        shape[self._width_axis] = self.width
        return tuple(shape)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "height": self.height,
                "width": self.width,
                "seed": self.seed,
                "data_format": self.data_format,
            }
        )
        return result


class _AffineLayer(BaseImagePreprocessingLayer):
    """Shared resampling for rotation, zoom and translation."""

    def _init_resampling(self, fill_mode: str, interpolation: str, fill_value: float) -> None:
        check_choice(fill_mode, _FILL_MODES, "fill_mode", type(self).__name__)
        check_choice(interpolation, _INTERPOLATIONS, "interpolation", type(self).__name__)
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value

    def _batch_size(self, data: Any) -> Any:
        return ops.shape(data)[0] if len(data.shape) == 4 else 1

    def _resample(self, images: Any, matrix: Any) -> Any:
        return ops.image.affine_transform(
            images,
            ops.cast(matrix, "float32"),
            interpolation=self.interpolation,
            fill_mode=self.fill_mode,
            fill_value=self.fill_value,
            data_format=self.data_format,
        )


class RandomRotation(_AffineLayer):
    """Rotate each image by a random angle drawn from ``factor`` (fractions of a full turn:
    ``0.1`` means up to +-36 degrees; ``(-0.2, 0.3)`` a range) about its centre.

    Example:
        >>> unison.layers.RandomRotation(0.1, fill_mode="constant", seed=0)
    """

    def __init__(
        self,
        factor: Any,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(factor=factor, data_format=data_format, **kwargs)
        self._init_resampling(fill_mode, interpolation, fill_value)
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        batch_size = self._batch_size(data)
        height, width = self._height_width(data)
        angle = random.uniform(
            (batch_size,),
            minval=self.factor[0] * 360.0,
            maxval=self.factor[1] * 360.0,
            seed=seed if seed is not None else self.generator,
        )
        zeros = ops.zeros_like(angle)
        matrix = affine_matrix(angle, zeros, zeros, ops.ones_like(angle), height, width)
        return {
            "angle": angle,
            "rotation_matrix": matrix,
            "image_height": height,
            "image_width": width,
            "batch_size": batch_size,
        }

    def _transform_images(self, images: Any, transformation: Any) -> Any:
        if transformation is None:
            return images
        return self._resample(images, transformation["rotation_matrix"])

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "factor": self.factor,
                "data_format": self.data_format,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "interpolation": self.interpolation,
                "seed": self.seed,
            }
        )
        return result


class RandomZoom(_AffineLayer):
    """Zoom each image by a random factor: ``height_factor`` ``0.2`` or ``(-0.2, 0.2)``
    draws a vertical scale in ``[1 - 0.2, 1 + 0.2]`` (positive values zoom out, negative
    zoom in); ``width_factor=None`` keeps the aspect ratio.

    Example:
        >>> unison.layers.RandomZoom((-0.3, -0.1), seed=0)   # always zoom in by 10-30%
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height_factor: Any,
        width_factor: Any = None,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = _zoom_factor(height_factor, "height_factor")
        self.width_factor = width_factor
        if width_factor is not None:
            self.width_lower, self.width_upper = _zoom_factor(width_factor, "width_factor")
        self._init_resampling(fill_mode, interpolation, fill_value)
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        seed = seed if seed is not None else self.generator
        shape = (self._batch_size(data), 1)
        height_zoom = random.uniform(
            shape, minval=1.0 + self.height_lower, maxval=1.0 + self.height_upper, seed=seed
        )
        if self.width_factor is not None:
            width_zoom = random.uniform(
                shape, minval=1.0 + self.width_lower, maxval=1.0 + self.width_upper, seed=seed
            )
        else:
            width_zoom = height_zoom
        return {
            "height_zoom": height_zoom,
            "width_zoom": width_zoom,
            "input_shape": tuple(data.shape),
        }

    def _transform_images(self, images: Any, transformation: Any) -> Any:
        if transformation is None:
            return images
        height, width = self._height_width(images)
        width_zoom = ops.cast(transformation["width_zoom"], "float32")
        height_zoom = ops.cast(transformation["height_zoom"], "float32")
        zeros = ops.zeros_like(width_zoom)
        matrix = ops.concatenate(
            [
                width_zoom,
                zeros,
                (float(width) - 1.0) / 2.0 * (1.0 - width_zoom),
                zeros,
                height_zoom,
                (float(height) - 1.0) / 2.0 * (1.0 - height_zoom),
                zeros,
                zeros,
            ],
            axis=1,
        )
        return self._resample(images, matrix)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "height_factor": self.height_factor,
                "width_factor": self.width_factor,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
                "data_format": self.data_format,
            }
        )
        return result


def _zoom_factor(factor: Any, name: str) -> tuple:
    values = factor if isinstance(factor, (tuple, list)) else [factor]
    for value in values:
        if isinstance(value, (int, float)) and (value > 1.0 or value <= -1.0):
            raise ValueError(
                f"The `height_factor` and `width_factor` arguments should be a number (or a "
                f"list of two numbers) in the range (-1.0, 1.0]. Received: {name}={factor!r}"
            )
    return parse_factor(factor, (-1, 1), name)


class RandomTranslation(_AffineLayer):
    """Shift each image by a random fraction of its size: ``height_factor`` ``0.2`` or
    ``(-0.2, 0.2)`` moves it vertically by up to 20% of the height (positive: down);
    ``width_factor`` likewise horizontally (positive: right).

    Example:
        >>> unison.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=0)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        height_factor: Any,
        width_factor: Any,
        fill_mode: str = "reflect",
        interpolation: str = "bilinear",
        seed: int | None = None,
        fill_value: float = 0.0,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.height_lower, self.height_upper = parse_factor(height_factor, (-1, 1), "height_factor")
        self.width_factor = width_factor
        self.width_lower, self.width_upper = parse_factor(width_factor, (-1, 1), "width_factor")
        self._init_resampling(fill_mode, interpolation, fill_value)
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        seed = seed if seed is not None else self.generator
        height, width = self._height_width(data)
        shape = (self._batch_size(data), 1)
        shift_y = random.uniform(
            shape, minval=self.height_lower, maxval=self.height_upper, seed=seed
        ) * float(height)
        shift_x = random.uniform(
            shape, minval=self.width_lower, maxval=self.width_upper, seed=seed
        ) * float(width)
        translations = ops.cast(ops.concatenate([shift_x, shift_y], axis=1), "float32")
        return {"translations": translations, "input_shape": tuple(data.shape)}

    def _transform_images(self, images: Any, transformation: Any) -> Any:
        if transformation is None:
            return images
        translations = ops.cast(transformation["translations"], "float32")
        ones = ops.ones_like(translations[:, 0:1])
        zeros = ops.zeros_like(ones)
        matrix = ops.concatenate(
            [ones, zeros, -translations[:, 0:1], zeros, ones, -translations[:, 1:], zeros, zeros],
            axis=1,
        )
        return self._resample(images, matrix)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "height_factor": self.height_factor,
                "width_factor": self.width_factor,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
                "data_format": self.data_format,
            }
        )
        return result
