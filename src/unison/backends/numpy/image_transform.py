"""Geometric transforms, filters and colour conversions of ``unison.ops.image``."""

from __future__ import annotations

import itertools

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    FLOATS,
    INEXACT,
    floatx_dtype,
    promote,
    to_array,
)
from unison.backends.numpy.image_resize import _batched_channels_last, _restore
from unison.backends.numpy.random import _generator

_FLOAT64 = np.dtype("float64")
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_INTERPOLATIONS = {"nearest": 0, "bilinear": 1}


def _compute(dtype):
    return _FLOAT64 if dtype == _FLOAT64 else FLOAT32


# -- map_coordinates -------------------------------------------------------------------------
def _mirror(index, size):
    if size == 1:
        return np.zeros_like(index)
    period = size - 1
    return np.abs((index + period) % (2 * period) - period)


def _fix_index(index, size, mode):
    if mode in ("constant", "nearest"):
        return np.clip(index, 0, size - 1)
    if mode == "wrap":
        return index % size
    if mode == "mirror":
        return _mirror(index, size)
    return (_mirror(2 * index + 1, 2 * size + 1) - 1) // 2


def _map(values, coordinates, order, mode, fill_value):
    """Sample ``values`` at ``coordinates`` (one array per axis), spline order 0 or 1."""
    per_axis = []
    for coordinate, size in zip(coordinates, values.shape, strict=True):
        if order == 0:
            rounded = np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)
            nodes = [(rounded.astype(np.int64), None)]
        else:
            lower = np.floor(coordinate)
            upper_weight = coordinate - lower
            lower = lower.astype(np.int64)
            nodes = [(lower, 1.0 - upper_weight), (lower + 1, upper_weight)]
        entries = []
        for index, weight in nodes:
            valid = (index >= 0) & (index < size) if mode == "constant" else None
            entries.append((_fix_index(index, size, mode), valid, weight))
        per_axis.append(entries)
    result = None
    for combination in itertools.product(*per_axis):
        indices = tuple(item[0] for item in combination)
        contribution = values[indices]
        validity = [item[1] for item in combination if item[1] is not None]
        if validity:
            contribution = np.where(np.logical_and.reduce(validity), contribution, fill_value)
        for item in combination:
            if item[2] is not None:
                contribution = contribution * item[2]
        result = contribution if result is None else result + contribution
    return result


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = to_array(inputs)
    coordinates = (
        [to_array(c) for c in coordinates]
        if isinstance(coordinates, (list, tuple))
        else list(to_array(coordinates))
    )
    if len(coordinates) != inputs.ndim:
        raise ValueError(
            f"map_coordinates: `coordinates` must have {inputs.ndim} entries (the rank of "
            f"`inputs`); received {len(coordinates)}."
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"map_coordinates: `fill_mode` must be one of {_FILL_MODES}; received {fill_mode!r}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1; received {order!r}.")
    dtype = inputs.dtype
    compute = _compute(dtype)
    coordinates = [c.astype(compute) for c in coordinates]
    result = _map(inputs.astype(compute), coordinates, order, fill_mode, fill_value)
    if dtype not in INEXACT:
        result = np.sign(result) * np.floor(np.abs(result) + 0.5)
    return result.astype(dtype)


def _sample_images(x, rows, cols, order, mode, fill_value):
    """x: (N, H, W, C); rows/cols: (N, H', W') -> (N, H', W', C)."""
    compute = x.dtype
    outputs = []
    for image, r, c in zip(x, rows, cols, strict=True):
        channels = [
            _map(image[..., k], [r.astype(compute), c.astype(compute)], order, mode, fill_value)
            for k in range(image.shape[-1])
        ]
        outputs.append(np.stack(channels, axis=-1))
    return np.stack(outputs)


def _check_interpolation(interpolation, fill_mode=None):
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"`interpolation` must be one of {tuple(_INTERPOLATIONS)}; received {interpolation!r}."
        )
    if fill_mode is not None and fill_mode not in _FILL_MODES:
        raise ValueError(f"`fill_mode` must be one of {_FILL_MODES}; received {fill_mode!r}.")


def _finish(result, dtype):
    if dtype not in INEXACT:
        result = np.sign(result) * np.floor(np.abs(result) + 0.5)
    return result.astype(dtype)


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    _check_interpolation(interpolation, fill_mode)
    x, unbatched = _batched_channels_last(images, data_format, "affine_transform")
    transform = to_array(transform).astype(np.float64)
    if transform.ndim not in (1, 2) or transform.shape[-1] != 8:
        raise ValueError(
            f"affine_transform: `transform` must have shape (8,) or (batch, 8); received "
            f"{transform.shape}."
        )
    if transform.ndim == 1:
        transform = transform[None]
    transform = np.broadcast_to(transform, (x.shape[0], 8))
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    height, width = x.shape[1], x.shape[2]
    # Coordinates in the compute precision, so rounding for 'nearest' matches other backends.
    grid_y, grid_x = np.meshgrid(
        np.arange(height, dtype=values.dtype), np.arange(width, dtype=values.dtype), indexing="ij"
    )
    transform = transform.astype(values.dtype)
    a0, a1, a2, b0, b1, b2, c0, c1 = (transform[:, i, None, None] for i in range(8))
    denominator = c0 * grid_x + c1 * grid_y + 1.0
    cols = (a0 * grid_x + a1 * grid_y + a2) / denominator
    rows = (b0 * grid_x + b1 * grid_y + b2) / denominator
    result = _sample_images(
        values, rows, cols, _INTERPOLATIONS[interpolation], fill_mode, fill_value
    )
    return _restore(_finish(result, dtype), unbatched, data_format)


def _homography(start_points, end_points):
    start_x, start_y = start_points[..., 0], start_points[..., 1]
    end_x, end_y = end_points[..., 0], end_points[..., 1]
    zeros, ones = np.zeros_like(end_x), np.ones_like(end_x)
    x_rows = np.stack(
        [end_x, end_y, ones, zeros, zeros, zeros, -start_x * end_x, -start_x * end_y], axis=-1
    )
    y_rows = np.stack(
        [zeros, zeros, zeros, end_x, end_y, ones, -start_y * end_x, -start_y * end_y], axis=-1
    )
    matrix = np.concatenate([x_rows, y_rows], axis=1)
    target = np.concatenate([start_x, start_y], axis=-1)[..., None]
    return np.linalg.solve(matrix, target)[..., 0]


def perspective_transform(
    images, start_points, end_points, interpolation="bilinear", fill_value=0, data_format=None
):
    _check_interpolation(interpolation)
    x, unbatched = _batched_channels_last(images, data_format, "perspective_transform")
    start_points = to_array(start_points).astype(np.float64)
    end_points = to_array(end_points).astype(np.float64)
    for name, points in (("start_points", start_points), ("end_points", end_points)):
        if points.shape[-2:] != (4, 2) or points.ndim not in (2, 3):
            raise ValueError(
                f"perspective_transform: `{name}` must have shape (4, 2) or (N, 4, 2); "
                f"received {points.shape}."
            )
    if start_points.shape != end_points.shape:
        raise ValueError(
            f"perspective_transform: start_points {start_points.shape} and end_points "
            f"{end_points.shape} must have the same shape."
        )
    if start_points.ndim == 2:
        start_points, end_points = start_points[None], end_points[None]
    transforms = _homography(start_points, end_points)
    transforms = np.broadcast_to(transforms, (x.shape[0], 8))
    dtype = x.dtype
    height, width = x.shape[1], x.shape[2]
    grid_y, grid_x = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    t = [transforms[:, i, None, None] for i in range(8)]
    denominator = t[6] * grid_x + t[7] * grid_y + 1.0
    cols = (t[0] * grid_x + t[1] * grid_y + t[2]) / denominator
    rows = (t[3] * grid_x + t[4] * grid_y + t[5]) / denominator
    result = _sample_images(
        x.astype(_compute(dtype)),
        rows,
        cols,
        _INTERPOLATIONS[interpolation],
        "constant",
        fill_value,
    )
    return _restore(_finish(result, dtype), unbatched, data_format)


# -- filters -----------------------------------------------------------------------------------
def _depthwise_same(x, kernel):
    """x: (N, H, W, C) float; kernel (kh, kw) applied per channel with 'same' zero padding."""
    kh, kw = kernel.shape
    top, left = (kh - 1) // 2, (kw - 1) // 2
    padded = np.pad(x, [(0, 0), (top, kh - 1 - top), (left, kw - 1 - left), (0, 0)])
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(1, 2))
    return np.einsum("nhwcij,ij->nhwc", windows, kernel)


def _gaussian_1d(size, sigma, dtype):
    x = np.arange(size, dtype=dtype) - np.asarray((size - 1) / 2, dtype=dtype)
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    return kernel / np.sum(kernel)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    x, unbatched = _batched_channels_last(images, data_format, "gaussian_blur")
    dtype = x.dtype
    compute = _compute(dtype)
    kernel_size = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    sigma = np.asarray(to_array(sigma), dtype=np.float64).reshape(-1)
    if sigma.size == 1:
        sigma = np.repeat(sigma, 2)
    # Same arrangement as the other backends: rows use kernel_size[1] / sigma[1].
    kernel_rows = _gaussian_1d(int(kernel_size[1]), sigma[1], compute)
    kernel_columns = _gaussian_1d(int(kernel_size[0]), sigma[0], compute)
    kernel = np.outer(kernel_rows, kernel_columns).astype(compute)
    blurred = _depthwise_same(x.astype(compute), kernel)
    return _restore(_finish(blurred, dtype), unbatched, data_format)


def sobel_edges(images, data_format=None):
    x = to_array(images)
    if x.ndim != 4:
        raise ValueError(f"sobel_edges: `images` must be rank 4; received shape {x.shape}.")
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=values.dtype)
    edges_x = _depthwise_same(values, sobel_x)
    edges_y = _depthwise_same(values, sobel_x.T.copy())
    if data_format == "channels_first":
        edges_x, edges_y = np.moveaxis(edges_x, -1, 1), np.moveaxis(edges_y, -1, 1)
    return np.stack([edges_y, edges_x], axis=-1).astype(dtype)


def elastic_transform(
    images,
    alpha=20.0,
    sigma=5.0,
    interpolation="bilinear",
    fill_mode="reflect",
    fill_value=0.0,
    seed=None,
    data_format=None,
):
    _check_interpolation(interpolation, fill_mode)
    x, unbatched = _batched_channels_last(images, data_format, "elastic_transform")
    dtype = x.dtype
    compute = _compute(dtype)
    alpha = float(np.asarray(to_array(alpha)))
    sigma = float(np.asarray(to_array(sigma)))
    batch, height, width, _ = x.shape
    size = int(6 * sigma) | 1
    generator = np.random.default_rng() if seed is None else _generator(seed)
    noise = generator.standard_normal((2, batch, height, width)) * sigma
    kernel_1d = _gaussian_1d(size, sigma, compute)
    kernel = np.outer(kernel_1d, kernel_1d)
    dx = _depthwise_same(noise[0][..., None].astype(compute), kernel)[..., 0]
    dy = _depthwise_same(noise[1][..., None].astype(compute), kernel)[..., 0]
    grid_y, grid_x = np.meshgrid(np.arange(height), np.arange(width), indexing="ij")
    rows = grid_y[None] + alpha * dy
    cols = grid_x[None] + alpha * dx
    result = _sample_images(
        x.astype(compute), rows, cols, _INTERPOLATIONS[interpolation], fill_mode, fill_value
    )
    return _restore(_finish(result, dtype), unbatched, data_format)


def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format=None,
):
    image1, image2 = promote(image1, image2)
    dtype = image1.dtype
    compute = _compute(dtype) if dtype in INEXACT else _compute(floatx_dtype())
    first, unbatched = _batched_channels_last(image1.astype(compute), data_format, "ssim")
    second, _ = _batched_channels_last(image2.astype(compute), data_format, "ssim")
    kernel_1d = _gaussian_1d(int(filter_size), float(filter_sigma), compute)
    kernel = np.outer(kernel_1d, kernel_1d)

    def blur(values):
        windows = np.lib.stride_tricks.sliding_window_view(values, kernel.shape, axis=(1, 2))
        return np.einsum("nhwcij,ij->nhwc", windows, kernel)

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu1, mu2 = blur(first), blur(second)
    sigma1 = blur(first * first) - mu1 * mu1
    sigma2 = blur(second * second) - mu2 * mu2
    sigma12 = blur(first * second) - mu1 * mu2
    numerator = (2.0 * mu1 * mu2 + c1) * (2.0 * sigma12 + c2)
    denominator = (mu1 * mu1 + mu2 * mu2 + c1) * (sigma1 + sigma2 + c2)
    result = np.mean(numerator / denominator, axis=(1, 2, 3))
    if unbatched:
        result = result[0]
    return np.asarray(result).astype(dtype if dtype in INEXACT else floatx_dtype())


# -- colour ------------------------------------------------------------------------------------
def _channel_axis(images, data_format, name):
    images = to_array(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"{name}: expected a rank-3 image or a rank-4 batch; received shape {images.shape}."
        )
    return images, -1 if data_format != "channels_first" else -3


def rgb_to_grayscale(images, data_format=None):
    images, axis = _channel_axis(images, data_format, "rgb_to_grayscale")
    if images.shape[axis] not in (1, 3):
        raise ValueError(
            f"rgb_to_grayscale: expected 1 or 3 channels; received shape {images.shape}."
        )
    if images.shape[axis] == 1:
        return images
    dtype = images.dtype
    values = images.astype(_compute(dtype) if dtype in INEXACT else _compute(floatx_dtype()))
    weights = np.array([0.2989, 0.5870, 0.1140], dtype=values.dtype)
    gray = np.expand_dims(np.tensordot(values, weights, axes=([axis], [0])), axis)
    return gray.astype(dtype)


def _require_float(images, name):
    if images.dtype not in FLOATS:
        raise ValueError(f"{name}: `images` must have a float dtype; received {images.dtype.name}.")


def rgb_to_hsv(images, data_format=None):
    images, axis = _channel_axis(images, data_format, "rgb_to_hsv")
    _require_float(images, "rgb_to_hsv")
    dtype = images.dtype
    eps = float(np.finfo(np.float32 if dtype == BFLOAT16 else dtype).eps)
    if dtype == BFLOAT16:
        eps = 0.0078125
    values = images.astype(_compute(dtype))
    values = np.where(np.abs(values) < eps, 0.0, values)
    red, green, blue = (np.take(values, i, axis=axis) for i in range(3))
    value = np.maximum(np.maximum(red, green), blue)
    minimum = np.minimum(np.minimum(red, green), blue)
    spread = value - minimum
    saturation = np.where(value > 0, spread / np.where(value > 0, value, 1.0), 0.0)
    norm = 1.0 / (6.0 * np.where(spread > 0, spread, 1.0))
    hue = np.where(
        value == green, norm * (blue - red) + 2.0 / 6.0, norm * (red - green) + 4.0 / 6.0
    )
    hue = np.where(value == red, norm * (green - blue), hue)
    hue = np.where(spread > 0, hue, 0.0) + (hue < 0.0).astype(hue.dtype)
    return np.stack([hue, saturation, value], axis=axis).astype(dtype)


def hsv_to_rgb(images, data_format=None):
    images, axis = _channel_axis(images, data_format, "hsv_to_rgb")
    _require_float(images, "hsv_to_rgb")
    dtype = images.dtype
    values = images.astype(_compute(dtype))
    hue, saturation, value = (np.take(values, i, axis=axis) for i in range(3))
    sector = np.mod(hue, 1.0) * 6.0
    red = np.clip(np.abs(sector - 3.0) - 1.0, 0.0, 1.0)
    green = np.clip(2.0 - np.abs(sector - 2.0), 0.0, 1.0)
    blue = np.clip(2.0 - np.abs(sector - 4.0), 0.0, 1.0)
    rest = 1.0 - saturation
    planes = [value * (rest + saturation * channel) for channel in (red, green, blue)]
    return np.stack(planes, axis=axis).astype(dtype)
