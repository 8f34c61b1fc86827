"""Image colour layers: ``RandomContrast``, ``RandomBrightness``, ``RandomGrayscale``,
``RandomInvert``, ``Solarization`` and ``AutoContrast``.

``value_range`` is the range the pixel values live in (``(0, 255)`` by default, ``(0, 1)`` for
normalised images); results are clipped to it where Keras clips. The random layers act when
called with ``training=True`` (the default of a direct call) and draw from their own
:class:`unison.random.SeedGenerator`.

Example:
    >>> unison.layers.RandomBrightness(0.2, value_range=(0, 1), seed=0)
"""

from __future__ import annotations

from typing import Any

from unison import ops, random
from unison.layers.preprocessing.base import (
    BaseImagePreprocessingLayer,
    check_value_range,
    parse_factor,
)

__all__ = [
    "AutoContrast",
    "RandomBrightness",
    "RandomContrast",
    "RandomGrayscale",
    "RandomInvert",
    "Solarization",
]


def _per_image_shape(images: Any) -> tuple:
    return (ops.shape(images)[0], 1, 1, 1)


class RandomContrast(BaseImagePreprocessingLayer):
    """Scale each image's deviation from its per-channel mean by a random factor in
    ``[1 - lower, 1 + upper]`` (``factor`` a number or pair in ``[0, 1]``), then clip to
    ``value_range``.

    Example:
        >>> unison.layers.RandomContrast(0.3, seed=0)
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.factor = parse_factor(factor, self._FACTOR_BOUNDS, "factor")
        self.value_range = value_range
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        shape = _per_image_shape(data)
        if not training:
            return {"contrast_factor": ops.zeros(shape)}
        factor = random.uniform(
            shape,
            minval=1.0 - self.factor[0],
            maxval=1.0 + self.factor[1],
            seed=seed if seed is not None else self.generator,
            dtype=self.compute_dtype,
        )
        return {"contrast_factor": factor}

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        factor = ops.cast(transformation["contrast_factor"], self.compute_dtype)
        mean = ops.mean(images, axis=(self._height_axis, self._width_axis), keepdims=True)
        outputs = (images - mean) * factor + mean
        return ops.clip(outputs, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return result


class RandomBrightness(BaseImagePreprocessingLayer):
    """Add a random offset to each image: ``factor`` (in ``[-1, 1]``, a number or pair) times
    the width of ``value_range``, then clip to ``value_range``.

    Example:
        >>> unison.layers.RandomBrightness((-0.2, 0.5), value_range=(0, 1), seed=0)
    """

    def __init__(self, factor: Any, value_range: Any = (0, 255), seed: int | None = None, **kwargs):
        super().__init__(factor=factor, **kwargs)
        self.value_range = check_value_range(value_range)
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        shape = _per_image_shape(data)
        if not training:
            return {"rgb_delta": ops.zeros(shape)}
        delta = random.uniform(
            shape,
            minval=self.factor[0],
            maxval=self.factor[1],
            seed=seed if seed is not None else self.generator,
        )
        return {"rgb_delta": delta * float(self.value_range[1] - self.value_range[0])}

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        images = images + ops.cast(transformation["rgb_delta"], self.compute_dtype)
        return ops.clip(images, self.value_range[0], self.value_range[1])

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return result


class RandomGrayscale(BaseImagePreprocessingLayer):
    """Turn each image to grayscale with probability ``factor`` (keeping its channel count).

    Example:
        >>> unison.layers.RandomGrayscale(0.2, seed=0)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self, factor: float = 0.5, data_format: str | None = None, seed: int | None = None, **kwargs
    ):
        super().__init__(data_format=data_format, **kwargs)
        if factor < 0 or factor > 1:
            raise ValueError(f"`factor` should be between 0 and 1. Received: factor={factor}")
        self.factor = factor
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        draws = random.uniform(
            (ops.shape(data)[0],), seed=seed if seed is not None else self.generator
        )
        return ops.reshape(ops.less(draws, self.factor), (-1, 1, 1, 1))

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        images = ops.cast(images, self.compute_dtype)
        if not training:
            return images
        channel_axis = 1 if self.data_format == "channels_first" else -1
        gray = ops.image.rgb_to_grayscale(images, data_format=self.data_format)
        channels = ops.shape(images)[channel_axis]
        if ops.shape(gray)[channel_axis] != channels:
            gray = ops.repeat(gray, channels, axis=channel_axis)
        return ops.where(transformation, gray, images)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"factor": self.factor})
        return result


class RandomInvert(BaseImagePreprocessingLayer):
    """Replace each image ``x`` by ``value_range[1] - x`` with a random probability drawn
    from ``factor`` (default: always).

    Example:
        >>> unison.layers.RandomInvert(0.5, value_range=(0, 1), seed=0)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(
        self,
        factor: Any = 1.0,
        value_range: Any = (0, 255),
        seed: int | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = parse_factor(factor, self._FACTOR_BOUNDS, "factor")
        self.value_range = value_range
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        seed = seed if seed is not None else self.generator
        batch = (ops.shape(data)[0],)
        probability = random.uniform(batch, minval=self.factor[0], maxval=self.factor[1], seed=seed)
        threshold = random.uniform(batch, seed=seed)
        return {"apply_inversion": ops.less(threshold, probability)}

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        if not training:
            return images
        images = ops.cast(images, self.compute_dtype)
        apply = ops.reshape(transformation["apply_inversion"], (-1, 1, 1, 1))
        return ops.where(apply, float(self.value_range[1]) - images, images)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"factor": self.factor, "value_range": self.value_range, "seed": self.seed})
        return result


class Solarization(BaseImagePreprocessingLayer):
    """Invert the pixels at or above a threshold (in the 0-255 scale): ``x`` becomes
    ``255 - x`` where ``x + addition >= threshold``, with ``addition`` and ``threshold``
    drawn per image from ``addition_factor`` / ``threshold_factor`` (fractions of 255).

    Example:
        >>> unison.layers.Solarization(threshold_factor=0.5, value_range=(0, 1), seed=0)
    """

    _USE_BASE_FACTOR = False

    def __init__(
        self,
        addition_factor: Any = 0.0,
        threshold_factor: Any = 0.0,
        value_range: Any = (0, 255),
        seed: int | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.addition_factor = parse_factor(
            addition_factor, (0, 1), "addition_factor", symmetric=False
        )
        self.threshold_factor = parse_factor(
            threshold_factor, (0, 1), "threshold_factor", symmetric=False
        )
        self.value_range = check_value_range(value_range)
        self._init_seed(seed)

    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        if not training:
            return None
        seed = seed if seed is not None else self.generator
        shape = _per_image_shape(data)
        dtype = self.compute_dtype
        additions = random.uniform(
            shape,
            minval=self.addition_factor[0],
            maxval=self.addition_factor[1] * 255,
            seed=seed,
            dtype=dtype,
        )
        thresholds = random.uniform(
            shape,
            minval=self.threshold_factor[0],
            maxval=self.threshold_factor[1] * 255,
            seed=seed,
            dtype=dtype,
        )
        return {"additions": additions, "thresholds": thresholds}

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        images = ops.cast(images, self.compute_dtype)
        if not training or transformation is None:
            return images
        additions = ops.cast(transformation["additions"], self.compute_dtype)
        thresholds = ops.cast(transformation["thresholds"], self.compute_dtype)
        images = self._transform_value_range(images, self.value_range, (0, 255))
        results = ops.clip(images + additions, 0, 255)
        results = ops.where(ops.less(results, thresholds), results, 255 - results)
        return self._transform_value_range(results, (0, 255), self.value_range)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "value_range": self.value_range,
                "addition_factor": self.addition_factor,
                "threshold_factor": self.threshold_factor,
                "seed": self.seed,
            }
        )
        return result


class AutoContrast(BaseImagePreprocessingLayer):
    """Stretch each image's channels so their minimum and maximum span ``value_range``
    (deterministic; constant channels are left unchanged).

    Example:
        >>> unison.layers.AutoContrast(value_range=(0, 1))
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range: Any = (0, 255), **kwargs: Any):
        super().__init__(**kwargs)
        self.value_range = check_value_range(value_range)

    def transform_images(self, images: Any, transformation: Any = None, training: bool = True):
        original = images
        input_dtype = ops.dtype(images)
        images = ops.cast(images, self.compute_dtype)
        images = self._transform_value_range(images, self.value_range, (0, 255))
        low = ops.min(images, axis=(1, 2), keepdims=True)
        high = ops.max(images, axis=(1, 2), keepdims=True)
        scale = 255.0 / (high - low)
        results = ops.clip(images * scale - low * scale, 0.0, 255.0)
        results = self._transform_value_range(results, (0, 255), self.value_range)
        results = ops.where(ops.isnan(results), ops.cast(original, ops.dtype(results)), results)
        return self._restore_dtype(results, input_dtype)

    def _output_dtype(self, input_dtype: str) -> str:
        return input_dtype if "int" in input_dtype else self.compute_dtype

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"value_range": self.value_range})
        return result
