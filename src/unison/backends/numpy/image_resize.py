"""Resampling ops of ``unison.ops.image``: resize, scale_and_translate, crop, pad, patches."""

from __future__ import annotations

import numpy as np

from unison.backends.numpy._helpers import (
    FLOAT32,
    INEXACT,
    to_array,
)
from unison.backends.numpy.nn_conv import _windows, same_pads

_FLOAT64 = np.dtype("float64")
RESIZE_METHODS = ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area")
_KERNEL_METHODS = {
    "linear": "linear",
    "bilinear": "linear",
    "trilinear": "linear",
    "cubic": "cubic",
    "bicubic": "cubic",
    "tricubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
}


def _compute_dtype(dtype):
    return _FLOAT64 if dtype == _FLOAT64 else FLOAT32


def _finish(result, dtype):
    if dtype in INEXACT:
        return result.astype(dtype)
    info = np.iinfo(dtype) if dtype != np.dtype(bool) else None
    result = np.round(result)
    if info is not None:
        result = np.clip(result, info.min, info.max)
    return result.astype(dtype)


# -- kernels -----------------------------------------------------------------------------------
def _triangle(x):
    return np.maximum(0.0, 1.0 - np.abs(x))


def _keys_cubic(x):
    x = np.abs(x)
    near = ((1.5 * x - 2.5) * x) * x + 1.0
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    return np.where(x >= 2.0, 0.0, np.where(x >= 1.0, far, near))


def _lanczos(radius):
    def kernel(x):
        x = np.abs(x)
        safe = np.where(x > 1e-3, x, 1.0)
        value = radius * np.sin(np.pi * safe) * np.sin(np.pi * safe / radius) / (np.pi**2 * safe**2)
        value = np.where(x > 1e-3, value, 1.0)
        return np.where(x > radius, 0.0, value)

    return kernel


_KERNELS = {
    "linear": _triangle,
    "cubic": _keys_cubic,
    "lanczos3": _lanczos(3.0),
    "lanczos5": _lanczos(5.0),
}


def _weights(input_size, output_size, scale, translation, kernel, antialias):
    """(input_size, output_size) resampling weights for one spatial dimension."""
    inverse = 1.0 / scale
    kernel_scale = max(inverse, 1.0) if antialias else 1.0
    samples = (np.arange(output_size) + 0.5) * inverse - translation * inverse - 0.5
    distance = np.abs(samples[None, :] - np.arange(input_size)[:, None]) / kernel_scale
    weights = kernel(distance)
    totals = np.sum(weights, axis=0, keepdims=True)
    eps = np.finfo(np.float32).eps
    weights = np.where(
        np.abs(totals) > 1000.0 * eps, weights / np.where(totals != 0, totals, 1.0), 0.0
    )
    inside = (samples >= -0.5) & (samples <= input_size - 0.5)
    return np.where(inside[None, :], weights, 0.0)


def _area_weights(input_size, output_size):
    """Fraction of each output pixel's footprint covered by each input pixel."""
    ratio = input_size / output_size
    starts = np.arange(output_size) * ratio
    ends = starts + ratio
    left = np.arange(input_size)[:, None]
    overlap = np.clip(
        np.minimum(left + 1, ends[None, :]) - np.maximum(left, starts[None, :]), 0, None
    )
    return overlap / ratio


def _apply_weights(x, axis, weights):
    moved = np.moveaxis(x, axis, -1)
    return np.moveaxis(moved @ weights, -1, axis)


def _nearest(x, axis, output_size):
    input_size = x.shape[axis]
    index = ((2 * np.arange(output_size) + 1) * input_size) // (2 * output_size)
    return np.take(x, np.clip(index, 0, input_size - 1), axis=axis)


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    if method not in _KERNEL_METHODS:
        raise ValueError(
            f"scale_and_translate: `method` must be one of {sorted(_KERNEL_METHODS)}; "
            f"received {method!r}."
        )
    images = to_array(images)
    dtype = images.dtype
    x = images.astype(_compute_dtype(dtype))
    scale = np.asarray(to_array(scale), dtype=np.float64).reshape(-1)
    translation = np.asarray(to_array(translation), dtype=np.float64).reshape(-1)
    kernel = _KERNELS[_KERNEL_METHODS[method]]
    output_shape = tuple(int(d) for d in output_shape)
    for index, axis in enumerate(spatial_dims):
        weights = _weights(
            x.shape[axis], output_shape[axis], scale[index], translation[index], kernel, antialias
        ).astype(x.dtype)
        x = _apply_weights(x, axis, weights)
    return _finish(x, dtype)


def _aspect_crop(x, target_height, target_width):
    height, width = x.shape[1], x.shape[2]
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top = int(float(height - crop_height) / 2)
    left = int(float(width - crop_width) / 2)
    return x[:, top : top + crop_height, left : left + crop_width, :]


def _aspect_pad(x, target_height, target_width, fill_value):
    height, width = x.shape[1], x.shape[2]
    padded_height = max(height, int(float(width * target_height) / target_width))
    padded_width = max(width, int(float(height * target_width) / target_height))
    top = int(float(padded_height - height) / 2)
    left = int(float(padded_width - width) / 2)
    if top > 0:
        pads = [(0, 0), (top, top), (0, 0), (0, 0)]
    elif left > 0:
        pads = [(0, 0), (0, 0), (left, left), (0, 0)]
    else:
        return x
    return np.pad(x, pads, constant_values=np.asarray(fill_value).astype(x.dtype))


def _batched_channels_last(images, data_format, name):
    images = to_array(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"{name}: expected a rank-3 image or a rank-4 batch; received shape {images.shape}."
        )
    unbatched = images.ndim == 3
    x = images[None] if unbatched else images
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    return x, unbatched


def _restore(x, unbatched, data_format):
    if data_format == "channels_first":
        x = np.moveaxis(x, -1, 1)
    return x[0] if unbatched else x


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
    if interpolation not in RESIZE_METHODS:
        raise ValueError(
            f"resize: `interpolation` must be one of {RESIZE_METHODS}; received {interpolation!r}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported; received {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio may be True."
        )
    size = tuple(int(value) for value in size)
    if len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width); received {size}.")
    x, unbatched = _batched_channels_last(images, data_format, "resize")
    dtype = x.dtype
    if crop_to_aspect_ratio:
        x = _aspect_crop(x, *size)
    elif pad_to_aspect_ratio:
        x = _aspect_pad(x, *size, fill_value)
    if interpolation == "nearest":
        result = _nearest(_nearest(x, 1, size[0]), 2, size[1])
        return _restore(result, unbatched, data_format)
    values = x.astype(_compute_dtype(dtype))
    for axis, output_size in zip((1, 2), size, strict=True):
        input_size = values.shape[axis]
        if interpolation == "area":
            weights = _area_weights(input_size, output_size)
        else:
            weights = _weights(
                input_size,
                output_size,
                output_size / input_size,
                0.0,
                _KERNELS[_KERNEL_METHODS[interpolation]],
                antialias,
            )
        values = _apply_weights(values, axis, weights.astype(values.dtype))
    return _restore(_finish(values, dtype), unbatched, data_format)


# -- crop and pad ------------------------------------------------------------------------------
def _resolve(first, second, target, length, names):
    if [first, second, target].count(None) != 1:
        raise ValueError(
            f"Specify exactly two of {', '.join(names)}; received {names[0]}={first}, "
            f"{names[1]}={second}, {names[2]}={target}."
        )
    for name, value in zip(names, (first, second, target), strict=True):
        if value is not None and value < 0:
            raise ValueError(f"`{name}` must be >= 0; received {value}.")
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
    x, unbatched = _batched_channels_last(images, data_format, "crop_images")
    height, width = x.shape[1], x.shape[2]
    top, bottom, target_height = _resolve(
        top_cropping,
        bottom_cropping,
        target_height,
        height,
        ("top_cropping", "bottom_cropping", "target_height"),
    )
    left, right, target_width = _resolve(
        left_cropping,
        right_cropping,
        target_width,
        width,
        ("left_cropping", "right_cropping", "target_width"),
    )
    if top is None:
        top = height - target_height - bottom
    if target_height is None:
        target_height = height - bottom - top
    if left is None:
        left = width - target_width - right
    if target_width is None:
        target_width = width - right - left
    if top < 0 or left < 0 or target_height < 0 or target_width < 0:
        raise ValueError(
            f"crop_images: the cropping does not fit images of size {(height, width)}."
        )
    result = x[:, top : top + target_height, left : left + target_width, :]
    return _restore(result, unbatched, data_format)


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
    x, unbatched = _batched_channels_last(images, data_format, "pad_images")
    height, width = x.shape[1], x.shape[2]
    top, bottom, target_height = _resolve(
        top_padding,
        bottom_padding,
        target_height,
        height,
        ("top_padding", "bottom_padding", "target_height"),
    )
    left, right, target_width = _resolve(
        left_padding,
        right_padding,
        target_width,
        width,
        ("left_padding", "right_padding", "target_width"),
    )
    top = target_height - bottom - height if top is None else top
    bottom = target_height - top - height if bottom is None else bottom
    left = target_width - right - width if left is None else left
    right = target_width - left - width if right is None else right
    for name, value in (
        ("top_padding", top),
        ("bottom_padding", bottom),
        ("left_padding", left),
        ("right_padding", right),
    ):
        if value < 0:
            raise ValueError(f"pad_images: `{name}` must be >= 0; received {value}.")
    result = np.pad(x, [(0, 0), (top, bottom), (left, right), (0, 0)])
    return _restore(result, unbatched, data_format)


# -- patches -----------------------------------------------------------------------------------
def _patches(inputs, size, strides, dilation_rate, padding, data_format, count, name):
    x = to_array(inputs)
    unbatched = x.ndim == count + 1
    if x.ndim not in (count + 1, count + 2):
        raise ValueError(
            f"{name}: expected rank {count + 1} or {count + 2} input; received shape {x.shape}."
        )
    if unbatched:
        x = x[None]
    if data_format == "channels_first":
        x = np.moveaxis(x, 1, -1)
    size = (int(size),) * count if isinstance(size, int) else tuple(int(s) for s in size)
    if len(size) != count:
        raise TypeError(f"{name}: `size` must be an int or {count} ints; received {size}.")
    if not strides:
        strides = size
    strides = (int(strides),) * count if isinstance(strides, int) else tuple(strides)
    dilations = (
        (int(dilation_rate),) * count if isinstance(dilation_rate, int) else tuple(dilation_rate)
    )
    padding = padding.lower()
    if padding == "same":
        pads = same_pads(x.shape[1:-1], size, strides, dilations)
        x = np.pad(x, [(0, 0), *pads, (0, 0)])
    elif padding != "valid":
        raise ValueError(f"{name}: `padding` must be 'valid' or 'same'; received {padding!r}.")
    windows = _windows(x, size, strides, dilations)  # (N, *out, C, *size)
    order = (0, *range(1, count + 1), *range(count + 2, 2 * count + 2), count + 1)
    patches = np.transpose(windows, order)
    patches = patches.reshape(*patches.shape[: count + 1], -1)
    if data_format == "channels_first":
        patches = np.moveaxis(patches, -1, 1)
    return patches[0] if unbatched else patches


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    if not isinstance(size, int) and len(size) == 3:
        return extract_patches_3d(images, size, strides, dilation_rate, padding, data_format)
    return _patches(
        images, size, strides, dilation_rate, padding, data_format, 2, "extract_patches"
    )


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    return _patches(
        volumes, size, strides, dilation_rate, padding, data_format, 3, "extract_patches_3d"
    )
