"""Image ops: colour conversion, resizing, cropping, padding, patches."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from unison import config
from unison.backends.jax._base import to_float, to_tensor
from unison.backends.jax.nn_conv import conv

RESIZE_METHODS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")


def data_format_of(data_format):
    return config.image_data_format() if data_format is None else data_format


def check_rank(images, name="images", ranks=(3, 4)):
    if images.ndim not in ranks:
        raise ValueError(
            f"Invalid {name} rank: expected rank in {ranks}; received shape {images.shape}."
        )


def _channel_axis(data_format):
    return -1 if data_format == "channels_last" else -3


def rgb_to_grayscale(images, data_format=None):
    images = to_tensor(images)
    check_rank(images)
    axis = _channel_axis(data_format_of(data_format))
    if images.shape[axis] != 3:
        raise ValueError(f"rgb_to_grayscale: expected 3 channels; received shape {images.shape}.")
    original = images.dtype
    compute = to_float(images)
    weights = jnp.asarray([0.2989, 0.5870, 0.1140], compute.dtype)
    gray = jnp.tensordot(jnp.moveaxis(compute, axis, -1), weights, axes=1)[..., None]
    gray = jnp.moveaxis(gray, -1, axis)
    return gray.astype(original)


def rgb_to_hsv(images, data_format=None):
    images = to_tensor(images)
    check_rank(images)
    if images.dtype.kind in "biu":
        raise TypeError(f"rgb_to_hsv: expected float images; received dtype {images.dtype}.")
    axis = _channel_axis(data_format_of(data_format))
    eps = jnp.finfo(images.dtype).eps
    images = jnp.where(jnp.abs(images) < eps, 0.0, images).astype(images.dtype)
    red, green, blue = jnp.split(images, 3, axis=axis)
    red, green, blue = (jnp.squeeze(c, axis) for c in (red, green, blue))
    value = jnp.maximum(jnp.maximum(red, green), blue)
    low = jnp.minimum(jnp.minimum(red, green), blue)
    span = value - low
    safe_value = jnp.where(value > 0, value, 1.0)
    saturation = jnp.where(value > 0, span / safe_value, 0.0)
    safe_span = jnp.where(span > 0, span, 1.0)
    hue = jnp.where(
        value == red,
        (green - blue) / safe_span,
        jnp.where(value == green, 2.0 + (blue - red) / safe_span, 4.0 + (red - green) / safe_span),
    )
    hue = jnp.where(span > 0, hue / 6.0, 0.0)
    hue = jnp.where(hue < 0, hue + 1.0, hue)
    return jnp.stack([hue, saturation, value], axis=axis).astype(images.dtype)


def hsv_to_rgb(images, data_format=None):
    images = to_tensor(images)
    check_rank(images)
    if images.dtype.kind in "biu":
        raise TypeError(f"hsv_to_rgb: expected float images; received dtype {images.dtype}.")
    axis = _channel_axis(data_format_of(data_format))
    hue, saturation, value = (jnp.squeeze(c, axis) for c in jnp.split(images, 3, axis=axis))
    hue = hue * 6.0
    red = jnp.clip(jnp.abs(hue - 3.0) - 1.0, 0.0, 1.0)
    green = jnp.clip(2.0 - jnp.abs(hue - 2.0), 0.0, 1.0)
    blue = jnp.clip(2.0 - jnp.abs(hue - 4.0), 0.0, 1.0)
    rgb = jnp.stack([red, green, blue], axis=axis)
    value_e = jnp.expand_dims(value, axis)
    saturation_e = jnp.expand_dims(saturation, axis)
    return (((rgb - 1.0) * saturation_e + 1.0) * value_e).astype(images.dtype)


def _spatial(images, data_format):
    if data_format == "channels_last":
        return images.shape[-3], images.shape[-2]
    return images.shape[-2], images.shape[-1]


def _spatial_slice(images, data_format, rows, cols):
    if data_format == "channels_last":
        return images[..., rows, cols, :]
    return images[..., rows, cols]


def _spatial_pad(images, data_format, rows, cols, value=0):
    widths = [(0, 0)] * images.ndim
    if data_format == "channels_last":
        widths[-3], widths[-2] = rows, cols
    else:
        widths[-2], widths[-1] = rows, cols
    return jnp.pad(images, widths, constant_values=value)


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
    data_format = data_format_of(data_format)
    images = to_tensor(images)
    if interpolation not in RESIZE_METHODS:
        raise ValueError(
            f"resize: interpolation must be one of {RESIZE_METHODS}; received {interpolation!r}."
        )
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported; received {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of crop_to_aspect_ratio and pad_to_aspect_ratio.")
    if len(size) != 2:
        raise ValueError(f"resize: size must be (height, width); received {size}.")
    check_rank(images)
    target_height, target_width = int(size[0]), int(size[1])
    height, width = _spatial(images, data_format)
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(width * target_height / target_width)), 1)
        crop_width = max(min(width, int(height * target_width / target_height)), 1)
        top = int((height - crop_height) / 2)
        left = int((width - crop_width) / 2)
        images = _spatial_slice(
            images, data_format, slice(top, top + crop_height), slice(left, left + crop_width)
        )
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(width * target_height / target_width))
        pad_width = max(width, int(height * target_width / target_height))
        top = int((pad_height - height) / 2)
        left = int((pad_width - width) / 2)
        if top > 0:
            images = _spatial_pad(images, data_format, (top, top), (0, 0), fill_value)
        elif left > 0:
            images = _spatial_pad(images, data_format, (0, 0), (left, left), fill_value)
    shape = list(images.shape)
    if data_format == "channels_last":
        shape[-3], shape[-2] = target_height, target_width
    else:
        shape[-2], shape[-1] = target_height, target_width
    original = images.dtype
    compute = images if images.dtype.kind not in "biu" else images.astype("float32")
    result = jax.image.resize(compute, tuple(shape), method=interpolation, antialias=antialias)
    if original.kind in "iu":
        info = jnp.iinfo(original)
        result = jnp.clip(jnp.round(result), info.min, info.max)
    return result.astype(original)


def _sides(first, second, target, extent):
    """Resolve two offsets whose sum must be ``extent`` when ``target`` is given."""
    if target is None:
        return first or 0, second or 0
    if first is None and second is None:
        first = 0
    if first is None:
        first = extent - second
    if second is None:
        second = extent - first
    return first, second


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
    data_format = data_format_of(data_format)
    images = to_tensor(images)
    check_rank(images)
    height, width = _spatial(images, data_format)
    top, bottom = _sides(
        top_cropping, bottom_cropping, target_height, height - (target_height or 0)
    )
    left, right = _sides(left_cropping, right_cropping, target_width, width - (target_width or 0))
    for name, value in (
        ("top_cropping", top),
        ("bottom_cropping", bottom),
        ("left_cropping", left),
        ("right_cropping", right),
    ):
        if value < 0:
            raise ValueError(f"crop_images: {name} must be >= 0; received {value}.")
    if top + bottom >= height or left + right >= width:
        raise ValueError(
            f"crop_images: croppings (top={top}, bottom={bottom}, left={left}, right={right}) "
            f"leave nothing of images of size {height}x{width}."
        )
    return _spatial_slice(
        images, data_format, slice(top, height - bottom), slice(left, width - right)
    )


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
    data_format = data_format_of(data_format)
    images = to_tensor(images)
    check_rank(images)
    height, width = _spatial(images, data_format)
    top, bottom = _sides(top_padding, bottom_padding, target_height, (target_height or 0) - height)
    left, right = _sides(left_padding, right_padding, target_width, (target_width or 0) - width)
    for name, value in (
        ("top_padding", top),
        ("bottom_padding", bottom),
        ("left_padding", left),
        ("right_padding", right),
    ):
        if value < 0:
            raise ValueError(f"pad_images: {name} must be >= 0; received {value}.")
    return _spatial_pad(images, data_format, (top, bottom), (left, right))


def _patches(images, size, strides, dilation_rate, padding, data_format, spatial):
    data_format = data_format_of(data_format)
    images = to_tensor(images)
    sizes = (size,) * spatial if isinstance(size, int) else tuple(size)
    if len(sizes) != spatial:
        raise ValueError(f"extract_patches: size must have {spatial} values; received {size}.")
    strides = sizes if not strides else strides
    unbatched = images.ndim == spatial + 1
    if unbatched:
        images = images[None]
    channels = images.shape[-1] if data_format == "channels_last" else images.shape[1]
    out = channels
    for s in sizes:
        out *= s
    kernel = jnp.eye(out, dtype=images.dtype).reshape(*sizes, channels, out)
    with jax.default_matmul_precision("highest"):
        patches = conv(images, kernel, strides, padding, data_format, dilation_rate)
    return patches[0] if unbatched else patches


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    if not isinstance(size, int) and len(size) == 3:
        return _patches(images, size, strides, dilation_rate, padding, data_format, 3)
    return _patches(images, size, strides, dilation_rate, padding, data_format, 2)


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, 3)
