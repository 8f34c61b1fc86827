"""``unison.ops.image`` on TensorFlow: resizing, cropping, colour, patches and filters."""

import numpy as np
import tensorflow as tf

from unison import config
from unison.backends.contract import gather
from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    convert_to_tensor,
    floatx,
)
from unison.backends.tensorflow.nn_conv import conv

_RESIZE_METHODS = {
    "bilinear": "bilinear",
    "nearest": "nearest",
    "bicubic": "bicubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
    "area": "area",
}


def _format(data_format):
    return config.image_data_format() if data_format is None else data_format


def _to_last(images, data_format):
    images = convert_to_tensor(images)
    rank = len(images.shape)
    if rank not in (3, 4):
        raise ValueError(f"Images must have rank 3 or 4; received shape {tuple(images.shape)}.")
    if data_format == "channels_first":
        images = tf.transpose(images, [0, 2, 3, 1] if rank == 4 else [1, 2, 0])
    return images


def _from_last(images, data_format):
    if data_format == "channels_first":
        rank = len(images.shape)
        images = tf.transpose(images, [0, 3, 1, 2] if rank == 4 else [2, 0, 1])
    return images


def rgb_to_grayscale(images, data_format=None):
    data_format = _format(data_format)
    images = _to_last(images, data_format)
    dtype = images.dtype
    weights = tf.constant([0.2989, 0.5870, 0.1140], tf.float32)
    gray = tf.reduce_sum(tf.cast(images, tf.float32) * weights, axis=-1, keepdims=True)
    if dtype.is_integer:
        gray = tf.round(gray)
    return _from_last(tf.cast(gray, dtype), data_format)


def _color(function, images, data_format):
    data_format = _format(data_format)
    images = _to_last(images, data_format)
    dtype = images.dtype
    if dtype not in INEXACT:
        raise TypeError(f"Colour conversion needs float images; received dtype {dtype.name}.")
    result = function(tf.cast(images, tf.float32) if dtype in HALF else images)
    return _from_last(tf.cast(result, dtype), data_format)


def rgb_to_hsv(images, data_format=None):
    return _color(tf.image.rgb_to_hsv, images, data_format)


def hsv_to_rgb(images, data_format=None):
    return _color(tf.image.hsv_to_rgb, images, data_format)


def _crop_to_aspect(images, height, width, target_height, target_width):
    crop_height = int(float(width * target_height) / target_width)
    crop_height = max(min(height, crop_height), 1)
    crop_width = int(float(height * target_width) / target_height)
    crop_width = max(min(width, crop_width), 1)
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return images[..., top : top + crop_height, left : left + crop_width, :]


def _pad_to_aspect(images, height, width, target_height, target_width, fill_value):
    pad_height = max(height, int(float(width * target_height) / target_width))
    pad_width = max(width, int(float(height * target_width) / target_height))
    top = int(float(pad_height - height) / 2)
    left = int(float(pad_width - width) / 2)
    paddings = [[top, top], [left, left], [0, 0]]
    if len(images.shape) == 4:
        paddings = [[0, 0], *paddings]
    return tf.pad(images, paddings, constant_values=tf.cast(fill_value, images.dtype))


def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    data_format = _format(data_format)
    if interpolation not in _RESIZE_METHODS:
        raise ValueError(
            f"resize: `interpolation` must be one of {', '.join(_RESIZE_METHODS)}; received "
            f"{interpolation!r}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported; received {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: pass only one of crop_to_aspect_ratio and pad_to_aspect_ratio.")
    if len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width); received {size!r}.")
    target_height, target_width = int(size[0]), int(size[1])
    images = _to_last(images, data_format)
    dtype = images.dtype
    height, width = images.shape[-3], images.shape[-2]
    if crop_to_aspect_ratio:
        images = _crop_to_aspect(images, height, width, target_height, target_width)
    elif pad_to_aspect_ratio:
        images = _pad_to_aspect(images, height, width, target_height, target_width, fill_value)
    compute = images
    if interpolation != "nearest" and dtype not in (tf.float32, tf.float64):
        compute = tf.cast(images, tf.float32)
    if interpolation in _KERNELS:
        # Separable resampling kernels, as JAX's resize computes them.
        rank = len(compute.shape)
        spatial = (rank - 3, rank - 2)
        source = (compute.shape[spatial[0]], compute.shape[spatial[1]])
        output_shape = list(compute.shape)
        output_shape[spatial[0]], output_shape[spatial[1]] = target_height, target_width
        scales = [target_height / source[0], target_width / source[1]]
        result = _resample(
            compute, output_shape, scales, [0.0, 0.0], spatial, _KERNELS[interpolation], antialias
        )
    else:
        result = tf.image.resize(
            compute,
            (target_height, target_width),
            method=_RESIZE_METHODS[interpolation],
            antialias=antialias,
        )
    if dtype in INEXACT:
        result = tf.cast(result, dtype)
    elif interpolation == "nearest":
        result = tf.cast(result, dtype)
    else:
        result = tf.cast(result, floatx())
    return _from_last(result, data_format)


def _resolve(first, second, target, total, names):
    given = [first, second, target].count(None)
    if given != 1:
        raise ValueError(
            f"Pass exactly two of {', '.join(names)}; received {first}, {second}, {target}."
        )
    if first is None:
        first = total - target - second
    if second is None:
        second = total - target - first
    if target is None:
        target = total - first - second
    return first, second, target


def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    data_format = _format(data_format)
    images = _to_last(images, data_format)
    height, width = images.shape[-3], images.shape[-2]
    top, _, target_height = _resolve(
        top_cropping,
        bottom_cropping,
        target_height,
        height,
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    left, _, target_width = _resolve(
        left_cropping,
        right_cropping,
        target_width,
        width,
        ("left_cropping", "right_cropping", "target_width"),
    )
    if min(top, left, target_height, target_width) < 0:
        raise ValueError(
            f"crop_images: crops exceed the image ({height}x{width}): top={top}, left={left}, "
            f"target {target_height}x{target_width}."
        )
    cropped = images[..., top : top + target_height, left : left + target_width, :]
    return _from_last(cropped, data_format)


def _resolve_padding(before, after, target, size, names):
    if [before, after, target].count(None) != 1:
        raise ValueError(
            f"Pass exactly two of {', '.join(names)}; received {before}, {after}, {target}."
        )
    if before is None:
        before = target - size - after
    if after is None:
        after = target - size - before
    return before, after


def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    data_format = _format(data_format)
    images = _to_last(images, data_format)
    height, width = images.shape[-3], images.shape[-2]
    top, bottom = _resolve_padding(
        top_padding,
        bottom_padding,
        target_height,
        height,
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right = _resolve_padding(
        left_padding,
        right_padding,
        target_width,
        width,
        ("left_padding", "right_padding", "target_width"),
    )
    if min(top, bottom, left, right) < 0:
        raise ValueError(f"pad_images: target size is smaller than the image ({height}x{width}).")
    paddings = [[top, bottom], [left, right], [0, 0]]
    if len(images.shape) == 4:
        paddings = [[0, 0], *paddings]
    return _from_last(tf.pad(images, paddings), data_format)


def _patch_args(size, strides, count):
    size = (size,) * count if isinstance(size, int) else tuple(size)
    strides = size if strides is None else strides
    strides = (strides,) * count if isinstance(strides, int) else tuple(strides)
    return size, strides


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    data_format = _format(data_format)
    size, strides = _patch_args(size, strides, 2)
    rates = (dilation_rate,) * 2 if isinstance(dilation_rate, int) else tuple(dilation_rate)
    images = _to_last(images, data_format)
    unbatched = len(images.shape) == 3
    if unbatched:
        images = images[None]
    patches = tf.image.extract_patches(
        images,
        sizes=[1, *size, 1],
        strides=[1, *strides, 1],
        rates=[1, *rates, 1],
        padding=padding.upper(),
    )
    if unbatched:
        patches = patches[0]
    return _from_last(patches, data_format)


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    data_format = _format(data_format)
    size, strides = _patch_args(size, strides, 3)
    volumes = convert_to_tensor(volumes)
    unbatched = len(volumes.shape) == 4
    if unbatched:
        volumes = volumes[None]
    if data_format == "channels_first":
        volumes = tf.transpose(volumes, [0, 2, 3, 4, 1])
    channels = volumes.shape[-1]
    depth = size[0] * size[1] * size[2] * channels
    kernel = tf.reshape(tf.eye(depth, dtype=volumes.dtype), [*size, channels, depth])
    patches = conv(
        volumes,
        kernel,
        strides=strides,
        padding=padding,
        data_format="channels_last",
        dilation_rate=dilation_rate,
    )
    if data_format == "channels_first":
        patches = tf.transpose(patches, [0, 4, 1, 2, 3])
    return patches[0] if unbatched else patches


def _gaussian_1d(size, sigma, dtype):
    positions = tf.range(size, dtype=dtype) - (size - 1) / 2.0
    kernel = tf.exp(-(positions**2) / (2.0 * sigma**2))
    return kernel / tf.reduce_sum(kernel)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    data_format = _format(data_format)
    images = _to_last(images, data_format)
    dtype = images.dtype
    unbatched = len(images.shape) == 3
    if unbatched:
        images = images[None]
    compute = tf.float64 if dtype == tf.float64 else tf.float32
    x = tf.cast(images, compute)
    kernel_size = (kernel_size,) * 2 if isinstance(kernel_size, int) else kernel_size
    sigma = (sigma,) * 2 if isinstance(sigma, (int, float)) else sigma
    # Keras orders (kernel_size, sigma) as (x, y): the second entry runs down the rows.
    rows = _gaussian_1d(kernel_size[1], float(sigma[1]), compute)
    cols = _gaussian_1d(kernel_size[0], float(sigma[0]), compute)
    kernel = rows[:, None] * cols[None, :]
    channels = x.shape[-1]
    kernel = tf.tile(kernel[:, :, None, None], [1, 1, channels, 1])
    result = tf.nn.depthwise_conv2d(x, kernel, [1, 1, 1, 1], "SAME")
    if unbatched:
        result = result[0]
    if dtype.is_integer:
        result = tf.round(result)
    return _from_last(tf.cast(result, dtype), data_format)


def sobel_edges(images, data_format=None):
    data_format = _format(data_format)
    images = convert_to_tensor(images)
    if images.dtype not in INEXACT:
        images = tf.cast(images, floatx())
    if data_format == "channels_first":
        images = tf.transpose(images, [0, 2, 3, 1])
    dtype = images.dtype
    x = tf.cast(images, tf.float32) if dtype in HALF else images
    horizontal = tf.constant([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], x.dtype)
    channels = x.shape[-1]
    edges = []
    for kernel in (tf.transpose(horizontal), horizontal):  # (dy, dx), zero padding
        depthwise = tf.tile(kernel[:, :, None, None], [1, 1, channels, 1])
        edges.append(tf.nn.depthwise_conv2d(x, depthwise, [1, 1, 1, 1], "SAME"))
    edges = tf.cast(tf.stack(edges, axis=-1), dtype)
    if data_format == "channels_first":
        edges = tf.transpose(edges, [0, 3, 1, 2, 4])
    return edges


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
    data_format = _format(data_format)
    image1 = convert_to_tensor(image1)
    image2 = convert_to_tensor(image2)
    dtype = image1.dtype
    compute = dtype if dtype in (tf.float32, tf.float64) else tf.float32
    a, b = tf.cast(image1, compute), tf.cast(image2, compute)
    unbatched = len(a.shape) == 3
    if unbatched:
        a, b = a[None], b[None]
    if data_format == "channels_first":
        a, b = tf.transpose(a, [0, 2, 3, 1]), tf.transpose(b, [0, 2, 3, 1])
    height, width, channels = a.shape[1], a.shape[2], a.shape[3]
    line = _gaussian_1d(filter_size, float(filter_sigma), compute)
    kernel = tf.reshape(line[:, None] * line[None, :], [filter_size, filter_size, 1, 1])

    def per_channel(x):
        return tf.reshape(tf.transpose(x, [0, 3, 1, 2]), [-1, height, width, 1])

    def blur(x):
        return tf.nn.conv2d(x, kernel, 1, "VALID")

    a, b = per_channel(a), per_channel(b)
    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = blur(a), blur(b)
    sigma1 = blur(a * a) - mu1 * mu1
    sigma2 = blur(b * b) - mu2 * mu2
    sigma12 = blur(a * b) - mu1 * mu2
    numerator = (2.0 * mu1 * mu2 + c1) * (2.0 * sigma12 + c2)
    denominator = (mu1 * mu1 + mu2 * mu2 + c1) * (sigma1 + sigma2 + c2)
    values = tf.reduce_mean(numerator / denominator, axis=[1, 2, 3])
    result = tf.reduce_mean(tf.reshape(values, [-1, channels]), axis=-1)
    if unbatched:
        result = result[0]
    return tf.cast(result, dtype if dtype in INEXACT else floatx())


def _triangle(x):
    return tf.maximum(0.0, 1 - tf.abs(x))


def _keys_cubic(x):
    x = tf.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return tf.where(x >= 2.0, tf.zeros_like(x), tf.where(x >= 1.0, far, near))


def _lanczos(radius):
    def kernel(x):
        x = tf.abs(x)
        pix = np.pi * x
        safe = tf.where(x > 1e-3, pix, tf.ones_like(pix))
        value = radius * tf.sin(safe) * tf.sin(safe / radius) / (safe * safe)
        value = tf.where(x > 1e-3, value, tf.ones_like(x))
        return tf.where(x > radius, tf.zeros_like(x), value)

    return kernel


_KERNELS = {
    "linear": _triangle,
    "bilinear": _triangle,
    "trilinear": _triangle,
    "triangle": _triangle,
    "cubic": _keys_cubic,
    "bicubic": _keys_cubic,
    "tricubic": _keys_cubic,
    "keyscubic": _keys_cubic,
    "lanczos3": _lanczos(3.0),
    "lanczos5": _lanczos(5.0),
}


def _weights(input_size, output_size, scale, translation, kernel, antialias):
    inverse = 1.0 / scale
    kernel_scale = tf.maximum(inverse, 1.0) if antialias else tf.ones_like(inverse)
    samples = (tf.range(output_size, dtype=scale.dtype) + 0.5) * inverse - translation * inverse
    samples = samples - 0.5
    distance = samples[None, :] - tf.range(input_size, dtype=scale.dtype)[:, None]
    weights = kernel(distance / kernel_scale)
    total = tf.reduce_sum(weights, axis=0, keepdims=True)
    eps = 1000.0 * float(np.finfo(np.float32).eps)
    weights = tf.where(
        tf.abs(total) > eps,
        weights / tf.where(tf.abs(total) > eps, total, 1.0),
        tf.zeros_like(weights),
    )
    inside = (samples >= -0.5) & (samples <= tf.cast(input_size, scale.dtype) - 0.5)
    return tf.where(inside[None, :], weights, tf.zeros_like(weights))


def _resample(x, output_shape, scale, translation, spatial_dims, kernel, antialias):
    rank = len(x.shape)
    for i, dim in enumerate(spatial_dims):
        dim = dim % rank
        weights = _weights(
            x.shape[dim],
            output_shape[dim],
            tf.cast(scale[i], x.dtype),
            tf.cast(translation[i], x.dtype),
            kernel,
            antialias,
        )
        x = tf.tensordot(x, weights, axes=[[dim], [0]])
        x = tf.experimental.numpy.moveaxis(x, -1, dim)
    return x


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    if method not in _KERNELS:
        raise ValueError(
            f"scale_and_translate: `method` must be one of {', '.join(_KERNELS)}; received "
            f"{method!r}."
        )
    images = convert_to_tensor(images)
    dtype = images.dtype
    scale = tf.cast(convert_to_tensor(scale), tf.float32)
    translation = tf.cast(convert_to_tensor(translation), tf.float32)
    x = tf.cast(images, tf.float32) if dtype not in (tf.float32, tf.float64) else images
    scale, translation = tf.cast(scale, x.dtype), tf.cast(translation, x.dtype)
    x = _resample(x, output_shape, scale, translation, spatial_dims, _KERNELS[method], antialias)
    if dtype.is_integer:
        x = tf.clip_by_value(
            tf.round(x),
            tf.cast(tf.reduce_min(images), x.dtype),
            tf.cast(tf.reduce_max(images), x.dtype),
        )
    return tf.cast(x, dtype)


__all__ = gather(globals(), "image")
