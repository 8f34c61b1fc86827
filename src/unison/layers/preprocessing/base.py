"""Shared machinery of the preprocessing layers: the image-layer base, factor parsing and
categorical encoding.

Image layers take a single image ``(height, width, channels)`` or a batch
``(batch, height, width, channels)`` (channels first for ``"channels_first"``). Random
augmentations split their work the way Keras does: ``get_random_transformation`` draws the
random parameters (from the layer's own :class:`unison.random.SeedGenerator`) and
``transform_images`` applies them, so a transformation can be drawn once and replayed.

Example:
    >>> flip = unison.layers.RandomFlip("horizontal", seed=3)
    >>> flip(np.zeros((2, 8, 8, 3), "float32")).shape
    (2, 8, 8, 3)
"""

from __future__ import annotations

import math
import random as python_random
from typing import Any

import numpy as np

from unison import ops, random
from unison.config import standardize_data_format
from unison.layers.layer import Layer
from unison.symbolic.tensor import SymbolicTensor

__all__: list[str] = []


def parse_factor(factor: Any, bounds: tuple, name: str, symmetric: bool = True) -> tuple:
    """``(lower, upper)`` from a number or a pair, checked against ``bounds``.

    A single number ``f`` gives ``(max(-|f|, bounds[0]), |f|)`` when ``symmetric``, else
    ``(0, f)``.
    """
    message = (
        f"The `{name}` argument should be a number (or a list of two numbers) in the range "
        f"[{bounds[0]}, {bounds[1]}]. Received: {name}={factor!r}"
    )
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or not all(_is_number(value) for value in factor):
            raise ValueError(message)
        if factor[0] > bounds[1] or factor[1] < bounds[0]:
            raise ValueError(message)
        lower, upper = sorted(factor)
        return lower, upper
    if not _is_number(factor):
        raise ValueError(message)
    if factor < bounds[0] or factor > bounds[1]:
        raise ValueError(message)
    if not symmetric:
        return 0, factor
    factor = abs(factor)
    return max(-factor, bounds[0]), factor


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def check_choice(value: Any, choices: tuple, name: str, layer: str) -> None:
    if value not in choices:
        raise NotImplementedError(
            f"{layer}: unknown `{name}` {value!r}; expected one of {', '.join(choices)}."
        )


def check_value_range(value_range: Any) -> list:
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(
            "The `value_range` argument should be a list of two numbers. "
            f"Received: value_range={value_range!r}"
        )
    return sorted(value_range)


def encode_categorical(
    indices: Any, output_mode: str, depth: int, dtype: str, count_weights: Any = None
) -> Any:
    """Turn integer ``indices`` into the ``output_mode`` encoding with ``depth`` classes.

    ``one_hot`` drops a trailing axis of size 1 and appends one of size ``depth``;
    ``multi_hot`` and ``count`` reduce axis 1 (axis 0 for vectors), as Keras does.
    """
    if output_mode == "int":
        return ops.cast(indices, dtype)
    if ops.ndim(indices) == 0:
        indices = ops.expand_dims(indices, -1)
    rank = ops.ndim(indices)
    if output_mode == "multi_hot":
        return ops.multi_hot(indices, depth, dtype=dtype)
    if output_mode == "one_hot":
        shape = ops.shape(indices)
        if rank > 1 and shape[-1] == 1:
            indices = ops.squeeze(indices, -1)
        return ops.one_hot(indices, depth, dtype=dtype)
    if output_mode == "count":
        axis = 1 if rank > 1 else 0
        if count_weights is not None:
            dtype = ops.dtype(count_weights)
        encoded = ops.one_hot(indices, depth, dtype=dtype)
        if count_weights is not None:
            encoded = encoded * ops.expand_dims(count_weights, -1)
        return ops.sum(encoded, axis=axis)
    raise ValueError(
        "Invalid value for argument `output_mode`: expected one of 'int', 'one_hot', "
        f"'multi_hot', 'count'; received output_mode={output_mode!r}."
    )


def encode_categorical_numpy(indices: np.ndarray, output_mode: str, depth: int) -> np.ndarray:
    """NumPy twin of :func:`encode_categorical` (int64 counts); indices outside
    ``[0, depth)`` contribute nothing."""
    indices = np.asarray(indices, dtype=np.int64)
    if indices.ndim == 0:
        indices = indices[None]
    if output_mode == "one_hot" and indices.ndim > 1 and indices.shape[-1] == 1:
        indices = indices[..., 0]
    valid = (indices >= 0) & (indices < depth)
    one_hot = np.zeros(indices.shape + (depth,), dtype=np.int64)
    np.put_along_axis(
        one_hot, np.where(valid, indices, 0)[..., None], valid[..., None].astype(np.int64), -1
    )
    if output_mode == "one_hot":
        return one_hot
    axis = 1 if indices.ndim > 1 else 0
    counts = one_hot.sum(axis=axis)
    if output_mode == "multi_hot":
        return np.minimum(counts, 1)
    return counts


class BaseImagePreprocessingLayer(Layer):
    """Base of the image layers: ``data_format``, factor parsing, rank checks, the
    transformation / application split and Keras's affine-matrix convention."""

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS: tuple = (-1, 1)

    def __init__(
        self,
        factor: Any = None,
        bounding_box_format: str | None = None,
        data_format: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.bounding_box_format = bounding_box_format
        self.data_format = standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self.factor = parse_factor(factor or 0.0, self._FACTOR_BOUNDS, "factor")
        elif factor is not None:
            raise ValueError(
                f"Layer {type(self).__name__} does not take a `factor` argument. "
                f"Received: factor={factor!r}"
            )

    # -- helpers --------------------------------------------------------------------------
    def _init_seed(self, seed: Any) -> None:
        self.seed = seed
        self._bind_backend()
        self.generator = random.SeedGenerator(seed, backend=self.backend)

    def _default_seed(self, seed: Any) -> int:
        return seed if seed is not None else python_random.randint(1, 2**31 - 1)

    @property
    def _height_axis(self) -> int:
        return -2 if self.data_format == "channels_first" else -3

    @property
    def _width_axis(self) -> int:
        return -1 if self.data_format == "channels_first" else -2

    def _height_width(self, images: Any) -> tuple:
        shape = ops.shape(images)
        return shape[self._height_axis], shape[self._width_axis]

    def _check_rank(self, data: Any) -> int:
        rank = len(data.shape)
        if rank not in (3, 4):
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) expects a rank 3 image "
                f"(height, width, channels) or a rank 4 batch of images; received input "
                f"with shape {tuple(data.shape)}."
            )
        return rank

    def _transform_value_range(self, images: Any, original: Any, target: Any) -> Any:
        if original[0] == target[0] and original[1] == target[1]:
            return images
        dtype = self.compute_dtype
        images = ops.cast(images, dtype)
        images = (images - float(original[0])) / (float(original[1]) - float(original[0]))
        return images * (float(target[1]) - float(target[0])) + float(target[0])

    def _restore_dtype(self, results: Any, input_dtype: str) -> Any:
        if ops.dtype(results) == input_dtype:
            return results
        if "int" in input_dtype:
            results = ops.round(results)
        return ops.saturate_cast(results, input_dtype)

    # -- Keras-style hooks ----------------------------------------------------------------
    def get_random_transformation(self, data: Any, training: bool = True, seed: Any = None):
        return None

    def transform_images(self, images: Any, transformation: Any, training: bool = True):
        images = ops.cast(images, self.compute_dtype)
        if training:
            images = self._transform_images(images, transformation)
        return images

    def _transform_images(self, images: Any, transformation: Any) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must implement _transform_images or transform_images."
        )

    def call(self, data: Any, training: bool = True) -> Any:
        if isinstance(data, dict):
            raise NotImplementedError(
                f"{type(self).__name__}: dict inputs (images with labels, bounding boxes or "
                "segmentation masks) are not supported; pass the image tensor."
            )
        batched = self._check_rank(data) == 4
        images = data if batched else ops.expand_dims(data, 0)
        transformation = self.get_random_transformation(images, training=training)
        outputs = self.transform_images(images, transformation, training=training)
        return outputs if batched else ops.squeeze(outputs, 0)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return tuple(input_shape)

    def _output_dtype(self, input_dtype: str) -> str:
        return self.compute_dtype

    def compute_output_spec(self, data: Any, training: Any = None, **kwargs: Any) -> Any:
        self._check_rank(data)
        shape = self.compute_output_shape(tuple(data.shape))
        return SymbolicTensor(shape, self._output_dtype(data.dtype))

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config


def affine_matrix(
    angle: Any,
    translate_x: Any,
    translate_y: Any,
    scale: Any,
    height: int,
    width: int,
    center_x: float = 0.5,
    center_y: float = 0.5,
) -> Any:
    """Per-image 8-parameter transforms ``(batch, 8)`` of a rotation by ``angle`` degrees
    about ``(center_x, center_y)`` (fractions of the image), scaling and translation:
    the output pixel ``(x, y)`` samples the input at ``(a0 x + a1 y + a2, b0 x + b1 y + b2)``.
    """
    radians = angle * (math.pi / 180.0)
    cx = center_x * (float(width) - 1.0)
    cy = center_y * (float(height) - 1.0)
    cos, sin = ops.cos(radians), ops.sin(radians)
    a0 = scale * cos
    a1 = -scale * sin
    a2 = translate_x + cx - cx * a0 - cy * a1
    b0 = scale * sin
    b1 = scale * cos
    b2 = translate_y + cy - cx * b0 - cy * b1
    zeros = ops.zeros_like(a0)
    return ops.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
