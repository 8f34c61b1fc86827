"""NumPy float64 references for ``ops.image`` (Keras semantics, checked against Keras on JAX)."""

import colorsys
import itertools

import numpy as np

from .references_conv import conv


def _fix_index(index, size, mode):
    if mode == "nearest":
        return np.clip(index, 0, size - 1)
    if mode == "wrap":
        return np.mod(index, size)
    if mode == "mirror":
        span = max(size - 1, 1)
        return np.abs(np.mod(index + span, 2 * span) - span) if size > 1 else np.zeros_like(index)
    if mode == "reflect":
        doubled = 2 * index + 1
        span = 2 * size
        return (np.abs(np.mod(doubled + span, 2 * span) - span) - 1) // 2
    return index


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0.0):
    """Sample ``inputs`` at ``coordinates`` (one array per input axis), order 0 or 1."""
    inputs = np.asarray(inputs, np.float64)
    neighbours = []
    for coordinate in coordinates:
        coordinate = np.asarray(coordinate, np.float64)
        if order == 0:
            # nearest rounds half away from zero
            nearest = np.sign(coordinate) * np.floor(np.abs(coordinate) + 0.5)
            neighbours.append([(nearest.astype(np.int64), np.ones_like(coordinate))])
        else:
            lower = np.floor(coordinate)
            weight = coordinate - lower
            lower = lower.astype(np.int64)
            neighbours.append([(lower, 1 - weight), (lower + 1, weight)])
    result = np.zeros(np.shape(coordinates[0]))
    for combination in itertools.product(*neighbours):
        weight = np.ones_like(result)
        valid = np.ones(result.shape, bool)
        indices = []
        for axis, (index, axis_weight) in enumerate(combination):
            size = inputs.shape[axis]
            weight = weight * axis_weight
            if fill_mode == "constant":
                valid &= (index >= 0) & (index < size)
                index = np.clip(index, 0, size - 1)
            else:
                index = _fix_index(index, size, fill_mode)
            indices.append(index)
        value = np.where(valid, inputs[tuple(indices)], fill_value)
        result = result + weight * value
    return result


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format="channels_last",
):
    images = np.asarray(images, np.float64)
    if data_format == "channels_first":
        images = np.moveaxis(images, 1, -1)
    order = 0 if interpolation == "nearest" else 1
    outputs = []
    for image, (a0, a1, a2, b0, b1, b2, _, _) in zip(
        images, np.atleast_2d(transform), strict=False
    ):
        height, width, channels = image.shape
        y, x, c = np.meshgrid(
            np.arange(height), np.arange(width), np.arange(channels), indexing="ij"
        )
        coordinates = [b0 * x + b1 * y + b2, a0 * x + a1 * y + a2, c]
        outputs.append(map_coordinates(image, coordinates, order, fill_mode, fill_value))
    out = np.stack(outputs)
    return np.moveaxis(out, -1, 1) if data_format == "channels_first" else out


def _linear(x):
    return np.maximum(0.0, 1 - np.abs(x))


def _cubic(x):
    x = np.abs(x)
    out = ((1.5 * x - 2.5) * x) * x + 1.0
    out = np.where(x >= 1.0, ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0, out)
    return np.where(x >= 2.0, 0.0, out)


def _lanczos(radius):
    def kernel(x):
        x = np.abs(x)
        with np.errstate(divide="ignore", invalid="ignore"):
            y = radius * np.sin(np.pi * x) * np.sin(np.pi * x / radius) / (np.pi**2 * x**2)
        return np.where(x > radius, 0.0, np.where(x > 1e-3, y, 1.0))

    return kernel


KERNELS = {
    "linear": _linear,
    "bilinear": _linear,
    "cubic": _cubic,
    "bicubic": _cubic,
    "lanczos3": _lanczos(3),
    "lanczos5": _lanczos(5),
}


def _weights(in_size, out_size, scale, translation, kernel, antialias):
    inverse = 1.0 / scale
    kernel_scale = max(inverse, 1.0) if antialias else 1.0
    sample = (np.arange(out_size) + 0.5) * inverse - translation * inverse - 0.5
    distance = np.abs(sample[None, :] - np.arange(in_size)[:, None]) / kernel_scale
    weights = kernel(distance)
    total = weights.sum(axis=0, keepdims=True)
    weights = np.where(
        np.abs(total) > 1000 * np.finfo(np.float32).eps, weights / np.where(total != 0, total, 1), 0
    )
    inside = (sample >= -0.5) & (sample <= in_size - 0.5)
    return np.where(inside[None, :], weights, 0)


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    out = np.asarray(images, np.float64)
    for index, axis in enumerate(spatial_dims):
        weights = _weights(
            out.shape[axis],
            output_shape[axis],
            scale[index],
            translation[index],
            KERNELS[method],
            antialias,
        )
        out = np.moveaxis(np.tensordot(np.moveaxis(out, axis, -1), weights, axes=1), -1, axis)
    return out


def resize(images, size, interpolation="bilinear", antialias=False, data_format="channels_last"):
    images = np.asarray(images, np.float64)
    spatial = (1, 2) if data_format == "channels_last" else (2, 3)
    if interpolation == "nearest":
        for axis, target in zip(spatial, size, strict=False):
            source = images.shape[axis]
            index = np.floor((np.arange(target) + 0.5) * source / target).astype(np.int64)
            images = np.take(images, np.minimum(index, source - 1), axis=axis)
        return images
    shape = list(images.shape)
    for axis, target in zip(spatial, size, strict=False):
        shape[axis] = target
    scales = [target / images.shape[axis] for axis, target in zip(spatial, size, strict=False)]
    return scale_and_translate(images, shape, scales, [0.0, 0.0], spatial, interpolation, antialias)


def rgb_to_grayscale(images, data_format="channels_last"):
    axis = -1 if data_format == "channels_last" else 1
    weights = np.array([0.2989, 0.5870, 0.1140])
    return np.expand_dims(np.tensordot(np.moveaxis(images, axis, -1), weights, axes=1), axis)


def _per_pixel(images, function, data_format):
    axis = -1 if data_format == "channels_last" else 1
    moved = np.moveaxis(np.asarray(images, np.float64), axis, -1)
    flat = moved.reshape(-1, 3)
    out = np.array([function(*pixel) for pixel in flat]).reshape(moved.shape)
    return np.moveaxis(out, -1, axis)


def rgb_to_hsv(images, data_format="channels_last"):
    return _per_pixel(images, colorsys.rgb_to_hsv, data_format)


def hsv_to_rgb(images, data_format="channels_last"):
    return _per_pixel(images, colorsys.hsv_to_rgb, data_format)


def _gaussian_1d(size, sigma):
    x = np.arange(size) - (size - 1) / 2
    kernel = np.exp(-0.5 * (x / sigma) ** 2)
    return kernel / kernel.sum()


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format="channels_last"):
    kernel = np.outer(
        _gaussian_1d(kernel_size[1], sigma[1]), _gaussian_1d(kernel_size[0], sigma[0])
    )
    channels = images.shape[-1 if data_format == "channels_last" else 1]
    depthwise = np.tile(kernel[:, :, None, None], (1, 1, 1, channels))
    return conv(images, depthwise, 1, "same", data_format)


def sobel_edges(images, data_format="channels_last"):
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], np.float64)
    channels = images.shape[-1 if data_format == "channels_last" else 1]
    outputs = []
    for kernel in (sobel_x.T, sobel_x):
        depthwise = np.tile(kernel[:, :, None, None], (1, 1, 1, channels))
        outputs.append(conv(images, depthwise, 1, "same", data_format))
    return np.stack(outputs, axis=-1)


def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid", data_format="channels_last"
):
    """Patches flattened as ``(patch_row, patch_col, channel)`` into the channel axis."""
    size = (size, size) if isinstance(size, int) else tuple(size)
    strides = size if strides is None else strides
    channels = images.shape[-1 if data_format == "channels_last" else 1]
    count = size[0] * size[1] * channels
    kernel = np.eye(count).reshape(size[0], size[1], channels, count)
    return conv(images, kernel, strides, padding, data_format, dilation_rate)


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format="channels_last"
):
    size = (size,) * 3 if isinstance(size, int) else tuple(size)
    strides = size if strides is None else strides
    channels = volumes.shape[-1 if data_format == "channels_last" else 1]
    count = size[0] * size[1] * size[2] * channels
    kernel = np.eye(count).reshape(*size, channels, count)
    return conv(volumes, kernel, strides, padding, data_format, dilation_rate)


def ssim(
    image1,
    image2,
    max_val=1.0,
    filter_size=11,
    filter_sigma=1.5,
    k1=0.01,
    k2=0.03,
    data_format="channels_last",
):
    if data_format == "channels_first":
        image1, image2 = np.moveaxis(image1, 1, -1), np.moveaxis(image2, 1, -1)
    window = _gaussian_1d(filter_size, filter_sigma)
    kernel = np.tile(np.outer(window, window)[:, :, None, None], (1, 1, 1, image1.shape[-1]))

    def blur(x):
        return conv(x, kernel, 1, "valid")

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = blur(image1), blur(image2)
    var1 = blur(image1 * image1) - mu1**2
    var2 = blur(image2 * image2) - mu2**2
    covariance = blur(image1 * image2) - mu1 * mu2
    numerator = (2 * mu1 * mu2 + c1) * (2 * covariance + c2)
    denominator = (mu1**2 + mu2**2 + c1) * (var1 + var2 + c2)
    return (numerator / denominator).mean(axis=(1, 2, 3))


def homography(start_points, end_points):
    """The 8 coefficients mapping output (end) pixel coordinates to input (start) ones."""
    rows, targets = [], []
    for (x, y), (u, v) in zip(end_points, start_points, strict=False):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        targets += [u, v]
    return np.linalg.solve(np.array(rows, np.float64), np.array(targets, np.float64))


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format="channels_last",
):
    images = np.asarray(images, np.float64)
    if data_format == "channels_first":
        images = np.moveaxis(images, 1, -1)
    order = 0 if interpolation == "nearest" else 1
    outputs = []
    for image, start, end in zip(images, start_points, end_points, strict=False):
        a0, a1, a2, b0, b1, b2, c0, c1 = homography(start, end)
        height, width, channels = image.shape
        y, x, c = np.meshgrid(
            np.arange(height), np.arange(width), np.arange(channels), indexing="ij"
        )
        denominator = c0 * x + c1 * y + 1
        coordinates = [
            (b0 * x + b1 * y + b2) / denominator,
            (a0 * x + a1 * y + a2) / denominator,
            c,
        ]
        outputs.append(map_coordinates(image, coordinates, order, "constant", fill_value))
    out = np.stack(outputs)
    return np.moveaxis(out, -1, 1) if data_format == "channels_first" else out
