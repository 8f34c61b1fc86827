"""The image family: colour conversions, crops/pads, patches, filters and resampling."""

from __future__ import annotations

import torch

from unison.backends.contract import gather
from unison.backends.torch._base import (
    FLOAT_DTYPES,
    convert_to_tensor,
    floatx_dtype,
)
from unison.backends.torch.nn_conv import conv, depthwise_conv


def _channels_last(images, data_format):
    images = convert_to_tensor(images)
    if images.ndim not in (3, 4):
        raise ValueError(f"images must be rank 3 or 4; received shape {tuple(images.shape)}.")
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    return images, unbatched


def _restore(images, unbatched, data_format):
    if data_format == "channels_first":
        images = images.permute(0, 3, 1, 2)
    return images[0] if unbatched else images


def rgb_to_grayscale(images, data_format=None):
    images, unbatched = _channels_last(images, data_format)
    dtype = images.dtype
    weights = torch.tensor([0.2989, 0.5870, 0.1140], dtype=torch.float32, device=images.device)
    compute = images if dtype in FLOAT_DTYPES else images.to(torch.float32)
    gray = torch.tensordot(compute, weights.to(compute.dtype), dims=([-1], [0]))[..., None]
    return _restore(gray.to(dtype), unbatched, data_format)


def rgb_to_hsv(images, data_format=None):
    images, unbatched = _channels_last(images, data_format)
    dtype = images.dtype
    if dtype not in FLOAT_DTYPES:
        raise TypeError(f"rgb_to_hsv: images must be floating point; received {dtype}.")
    values = images.to(torch.float32) if dtype in (torch.float16, torch.bfloat16) else images
    red, green, blue = values[..., 0], values[..., 1], values[..., 2]
    value = torch.amax(values, dim=-1)
    minimum = torch.amin(values, dim=-1)
    spread = value - minimum
    safe_value = torch.where(value > 0, value, torch.ones_like(value))
    saturation = torch.where(value > 0, spread / safe_value, torch.zeros_like(value))
    safe_spread = torch.where(spread > 0, spread, torch.ones_like(spread))
    hue = torch.where(
        value == red,
        (green - blue) / safe_spread,
        torch.where(
            value == green, 2.0 + (blue - red) / safe_spread, 4.0 + (red - green) / safe_spread
        ),
    )
    hue = torch.where(spread > 0, hue, torch.zeros_like(hue)) / 6.0
    hue = torch.where(hue < 0, hue + 1.0, hue)
    result = torch.stack([hue, saturation, value], dim=-1).to(dtype)
    return _restore(result, unbatched, data_format)


def hsv_to_rgb(images, data_format=None):
    images, unbatched = _channels_last(images, data_format)
    dtype = images.dtype
    if dtype not in FLOAT_DTYPES:
        raise TypeError(f"hsv_to_rgb: images must be floating point; received {dtype}.")
    values = images.to(torch.float32) if dtype in (torch.float16, torch.bfloat16) else images
    hue, saturation, value = values[..., 0], values[..., 1], values[..., 2]
    spread = saturation * value
    minimum = value - spread
    hue_prime = torch.remainder(hue * 6.0, 6.0)
    red = torch.clamp(torch.abs(hue_prime - 3.0) - 1.0, 0.0, 1.0)
    green = torch.clamp(2.0 - torch.abs(hue_prime - 2.0), 0.0, 1.0)
    blue = torch.clamp(2.0 - torch.abs(hue_prime - 4.0), 0.0, 1.0)
    rgb = torch.stack([red, green, blue], dim=-1) * spread[..., None] + minimum[..., None]
    return _restore(rgb.to(dtype), unbatched, data_format)


def _resolve(size, start, end, target, names):
    if start is None and end is None and target is None:
        return 0, size
    if target is None:
        start = start or 0
        end = end or 0
        target = size - start - end
    elif start is None:
        start = size - target - (end or 0) if end is not None else 0
    if target <= 0 or start < 0:
        raise ValueError(
            f"{names}: the values leave no valid region (size {size}, start {start}, "
            f"target {target})."
        )
    return int(start), int(target)


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
    images, unbatched = _channels_last(images, data_format)
    height, width = images.shape[1], images.shape[2]
    top, new_height = _resolve(
        height, top_cropping, bottom_cropping, target_height, "crop_images height"
    )
    left, new_width = _resolve(
        width, left_cropping, right_cropping, target_width, "crop_images width"
    )
    if top + new_height > height or left + new_width > width:
        raise ValueError(
            f"crop_images: the crop ({top}+{new_height}, {left}+{new_width}) exceeds the image "
            f"size ({height}, {width})."
        )
    cropped = images[:, top : top + new_height, left : left + new_width]
    return _restore(cropped, unbatched, data_format)


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
    images, unbatched = _channels_last(images, data_format)
    height, width = images.shape[1], images.shape[2]

    def amounts(size, before, after, target, name):
        if target is None:
            return int(before or 0), int(after or 0)
        if before is None and after is None:
            raise ValueError(f"pad_images: give one {name} padding with the target size.")
        if before is None:
            before = target - size - after
        else:
            after = target - size - before
        if before < 0 or after < 0:
            raise ValueError(
                f"pad_images: target {name} size {target} is smaller than the image ({size})."
            )
        return int(before), int(after)

    top, bottom = amounts(height, top_padding, bottom_padding, target_height, "height")
    left, right = amounts(width, left_padding, right_padding, target_width, "width")
    padded = torch.nn.functional.pad(images, (0, 0, left, right, top, bottom))
    return _restore(padded, unbatched, data_format)


def _gaussian_1d(size, sigma, dtype, device):
    x = torch.arange(size, dtype=dtype, device=device) - (size - 1) / 2.0
    kernel = torch.exp(-0.5 * (x / sigma) ** 2)
    return kernel / torch.sum(kernel)


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    images, unbatched = _channels_last(images, data_format)
    dtype = images.dtype
    compute = dtype if dtype in FLOAT_DTYPES else floatx_dtype()
    if isinstance(kernel_size, int):
        kernel_size = (kernel_size, kernel_size)
    if isinstance(sigma, (int, float)):
        sigma = (sigma, sigma)
    sigma = [float(s) for s in convert_to_tensor(sigma).reshape(-1).tolist()]
    kernel_x = _gaussian_1d(int(kernel_size[0]), sigma[0], torch.float64, images.device)
    kernel_y = _gaussian_1d(int(kernel_size[1]), sigma[1], torch.float64, images.device)
    kernel = torch.outer(kernel_y, kernel_x).to(compute)
    channels = images.shape[-1]
    depthwise = kernel[:, :, None, None].expand(*kernel.shape, channels, 1)
    blurred = depthwise_conv(images.to(compute), depthwise, 1, "same", "channels_last")
    return _restore(blurred.to(dtype) if dtype in FLOAT_DTYPES else blurred, unbatched, data_format)


def sobel_edges(images, data_format=None):
    images, unbatched = _channels_last(images, data_format)
    dtype = images.dtype
    compute = dtype if dtype in FLOAT_DTYPES else floatx_dtype()
    sobel_x = torch.tensor(
        [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=compute, device=images.device
    )
    channels = images.shape[-1]
    edges = []
    for kernel in (sobel_x.T, sobel_x):
        depthwise = kernel[:, :, None, None].expand(3, 3, channels, 1)
        edges.append(depthwise_conv(images.to(compute), depthwise, 1, "same", "channels_last"))
    result = torch.stack(edges, dim=-1)
    if data_format == "channels_first":
        result = result.permute(0, 3, 1, 2, 4)
    return result[0] if unbatched else result


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
    first, unbatched = _channels_last(image1, data_format)
    second, _ = _channels_last(image2, data_format)
    dtype = first.dtype
    compute = dtype if dtype in FLOAT_DTYPES else floatx_dtype()
    first, second = first.to(compute), second.to(compute)
    batch, height, width, channels = first.shape
    gauss = _gaussian_1d(int(filter_size), float(filter_sigma), compute, first.device)
    kernel = torch.outer(gauss, gauss)[:, :, None, None]
    flat1 = first.permute(0, 3, 1, 2).reshape(-1, height, width, 1)
    flat2 = second.permute(0, 3, 1, 2).reshape(-1, height, width, 1)

    def blur(values):
        return conv(values, kernel, 1, "valid", "channels_last")

    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mu1, mu2 = blur(flat1), blur(flat2)
    mu1_sq, mu2_sq, mu12 = mu1 * mu1, mu2 * mu2, mu1 * mu2
    sigma1 = blur(flat1 * flat1) - mu1_sq
    sigma2 = blur(flat2 * flat2) - mu2_sq
    sigma12 = blur(flat1 * flat2) - mu12
    ssim_map = ((2.0 * mu12 + c1) * (2.0 * sigma12 + c2)) / (
        (mu1_sq + mu2_sq + c1) * (sigma1 + sigma2 + c2)
    )
    per_image = torch.mean(ssim_map, dim=(1, 2, 3)).reshape(batch, channels).mean(-1)
    if unbatched:
        per_image = per_image[0]
    return per_image.to(dtype)


def _patches(images, size, strides, dilation_rate, padding, data_format, rank):
    x = convert_to_tensor(images)
    data_format = data_format or "channels_last"
    unbatched = x.ndim == rank + 1
    if unbatched:
        x = x[None]
    if isinstance(size, int):
        size = (size,) * rank
    size = tuple(int(s) for s in size)
    if strides is None:
        strides = size
    channels = x.shape[-1] if data_format == "channels_last" else x.shape[1]
    patch = 1
    for s in size:
        patch *= s
    dtype = x.dtype
    compute = dtype if dtype in FLOAT_DTYPES else torch.float64
    kernel = torch.eye(patch * channels, dtype=compute, device=x.device).reshape(
        *size, channels, patch * channels
    )
    result = conv(x.to(compute), kernel, strides, padding, data_format, dilation_rate)
    result = result.to(dtype)
    return result[0] if unbatched else result


def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    return _patches(images, size, strides, dilation_rate, padding, data_format, 2)


def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid", data_format=None
):
    return _patches(volumes, size, strides, dilation_rate, padding, data_format, 3)


__all__ = gather(globals(), "image")
