"""Resampling: resize / scale_and_translate (JAX-compatible kernels) and coordinate maps."""

from __future__ import annotations

import math as _math

import torch

from unison.backends.torch._base import (
    DEVICE,
    FLOAT_DTYPES,
    convert_to_tensor,
    floatx_dtype,
)

RESIZE_METHODS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
_METHOD_ALIASES = {
    "bilinear": "linear",
    "bicubic": "cubic",
    "linear": "linear",
    "cubic": "cubic",
    "lanczos3": "lanczos3",
    "lanczos5": "lanczos5",
    "nearest": "nearest",
    "triangle": "linear",
}


def _linear(x):
    return torch.clamp(1.0 - torch.abs(x), min=0.0)


def _cubic(x):
    x = torch.abs(x)
    inner = ((1.5 * x - 2.5) * x) * x + 1.0
    outer = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    result = torch.where(x >= 1.0, outer, inner)
    return torch.where(x >= 2.0, torch.zeros_like(x), result)


def _lanczos(radius):
    def kernel(x):
        x = torch.abs(x)
        y = radius * torch.sin(_math.pi * x) * torch.sin(_math.pi * x / radius)
        safe = torch.where(x > 1e-3, x, torch.ones_like(x))
        result = torch.where(x > 1e-3, y / (_math.pi**2 * safe * safe), torch.ones_like(x))
        return torch.where(x > radius, torch.zeros_like(x), result)

    return kernel


_KERNELS = {
    "linear": _linear,
    "cubic": _cubic,
    "lanczos3": _lanczos(3.0),
    "lanczos5": _lanczos(5.0),
}


def _weights(input_size, output_size, scale, translation, kernel, antialias):
    """(input_size, output_size) matrix: output = input @ weights along one axis."""
    inverse = 1.0 / scale
    kernel_scale = max(inverse, 1.0) if antialias else 1.0
    sample = (torch.arange(output_size, dtype=torch.float64, device=DEVICE) + 0.5) * inverse
    sample = sample - translation * inverse - 0.5
    distance = (
        torch.abs(
            sample[None, :] - torch.arange(input_size, dtype=torch.float64, device=DEVICE)[:, None]
        )
        / kernel_scale
    )
    weights = kernel(distance)
    total = torch.sum(weights, dim=0, keepdim=True)
    weights = torch.where(
        torch.abs(total) > 1000.0 * float(torch.finfo(torch.float32).eps),
        weights / torch.where(total != 0, total, torch.ones_like(total)),
        torch.zeros_like(weights),
    )
    inside = (sample >= -0.5) & (sample <= input_size - 0.5)
    return torch.where(inside[None, :], weights, torch.zeros_like(weights))


def _apply_axis(values, axis, matrix):
    moved = torch.movedim(values, axis, -1)
    result = torch.matmul(moved, matrix.to(moved.dtype))
    return torch.movedim(result, -1, axis)


def _nearest_axis(values, axis, output_size):
    input_size = values.shape[axis]
    offsets = torch.arange(output_size, dtype=torch.float64, device=values.device) + 0.5
    index = torch.floor(offsets * input_size / output_size).to(torch.int64)
    index = torch.clamp(index, 0, input_size - 1)
    return torch.index_select(values, axis, index)


def _finish(result, dtype):
    if dtype in FLOAT_DTYPES:
        return result.to(dtype)
    if dtype is torch.bool:
        return result > 0.5
    rounded = torch.sign(result) * torch.floor(torch.abs(result) + 0.5)
    if dtype.is_floating_point is False and dtype is not torch.bool:
        info = torch.iinfo(dtype)
        rounded = torch.clamp(rounded, info.min, info.max)
    return rounded.to(dtype)


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    images = convert_to_tensor(images)
    dtype = images.dtype
    method = _METHOD_ALIASES.get(method, method)
    if method not in _KERNELS:
        raise ValueError(
            "scale_and_translate: `method` must be one of 'linear', 'cubic', 'lanczos3', "
            f"'lanczos5'; received {method!r}."
        )
    values = images.to(torch.float64 if dtype is torch.float64 else torch.float32)
    scale = convert_to_tensor(scale).reshape(-1).tolist()
    translation = convert_to_tensor(translation).reshape(-1).tolist()
    output_shape = [int(v) for v in output_shape]
    for position, axis in enumerate(spatial_dims):
        matrix = _weights(
            values.shape[axis],
            output_shape[axis],
            float(scale[position]),
            float(translation[position]),
            _KERNELS[method],
            antialias,
        )
        values = _apply_axis(values, axis, matrix)
    return _finish(values, dtype)


def _resize_spatial(values, axes, sizes, method, antialias):
    method = _METHOD_ALIASES[method]
    for axis, size in zip(axes, sizes, strict=False):
        if values.shape[axis] == size:
            continue
        if method == "nearest":
            values = _nearest_axis(values, axis, size)
        else:
            matrix = _weights(
                values.shape[axis],
                size,
                size / values.shape[axis],
                0.0,
                _KERNELS[method],
                antialias,
            )
            values = _apply_axis(values, axis, matrix)
    return values


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
        raise ValueError(f"resize: only fill_mode='constant' is supported; got {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio`.")
    if len(size) != 2:
        raise ValueError(f"resize: `size` must have two entries; received {size}.")
    images = convert_to_tensor(images)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"resize: images must be rank 3 or 4; received shape {tuple(images.shape)}."
        )
    data_format = data_format or "channels_last"
    target_height, target_width = int(size[0]), int(size[1])
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    height, width = images.shape[1], images.shape[2]
    if crop_to_aspect_ratio:
        crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
        crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
        top = int(float(height - crop_height) / 2)
        left = int(float(width - crop_width) / 2)
        images = images[:, top : top + crop_height, left : left + crop_width]
    elif pad_to_aspect_ratio:
        pad_height = max(height, int(float(width * target_height) / target_width))
        pad_width = max(width, int(float(height * target_width) / target_height))
        top = int(float(pad_height - height) / 2)
        left = int(float(pad_width - width) / 2)
        if top > 0:
            images = torch.nn.functional.pad(images, (0, 0, 0, 0, top, top), value=fill_value)
        elif left > 0:
            images = torch.nn.functional.pad(images, (0, 0, left, left), value=fill_value)
    dtype = images.dtype
    values = images if dtype in (torch.float32, torch.float64) else images.to(torch.float32)
    values = _resize_spatial(
        values, (1, 2), (target_height, target_width), interpolation, antialias
    )
    result = _finish(values, dtype) if interpolation != "nearest" else values.to(dtype)
    if data_format == "channels_first":
        result = result.permute(0, 3, 1, 2)
    return result[0] if unbatched else result


# -- coordinate mapping --------------------------------------------------------------------
def _fix_index(index, size, mode):
    if mode == "constant":
        return index
    if mode == "nearest":
        return torch.clamp(index, 0, size - 1)
    if mode == "wrap":
        return torch.remainder(index, size)
    if mode == "mirror":
        if size == 1:
            return torch.zeros_like(index)
        half = size - 1
        return torch.abs(torch.remainder(index + half, 2 * half) - half)
    if mode == "reflect":
        doubled = 2 * index + 1
        half = 2 * size
        mirrored = torch.abs(torch.remainder(doubled + half, 2 * half) - half)
        return torch.div(mirrored - 1, 2, rounding_mode="floor")
    raise ValueError(
        "map_coordinates: `fill_mode` must be one of 'constant', 'nearest', 'wrap', 'mirror', "
        f"'reflect'; received {mode!r}."
    )


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    if isinstance(coordinates, (list, tuple)):
        coordinates = torch.stack([convert_to_tensor(c) for c in coordinates])
    coordinates = convert_to_tensor(coordinates)
    if coordinates.ndim < 2 or coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "map_coordinates: `coordinates` must have shape (inputs.ndim, ...); received "
            f"{tuple(coordinates.shape)} for inputs of shape {tuple(inputs.shape)}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1; received {order!r}.")
    _fix_index(torch.zeros(1, dtype=torch.int64), 1, fill_mode)
    dtype = inputs.dtype
    compute = torch.float64 if dtype is torch.float64 else torch.float32
    values = inputs.to(compute)
    coordinates = coordinates.to(compute)
    flat_input = values.reshape(-1)
    strides = []
    running = 1
    for size in reversed(inputs.shape):
        strides.append(running)
        running *= size
    strides.reverse()
    per_axis = []
    for axis in range(inputs.ndim):
        coordinate = coordinates[axis]
        if order == 0:
            index = torch.where(
                coordinate >= 0, torch.floor(coordinate + 0.5), torch.ceil(coordinate - 0.5)
            ).to(torch.int64)
            nodes = [(index, None)]
        else:
            lower = torch.floor(coordinate)
            upper_weight = coordinate - lower
            lower = lower.to(torch.int64)
            nodes = [(lower, 1.0 - upper_weight), (lower + 1, upper_weight)]
        size = inputs.shape[axis]
        fixed = []
        for index, weight in nodes:
            valid = (index >= 0) & (index < size) if fill_mode == "constant" else None
            fixed.append(
                (torch.clamp(_fix_index(index, size, fill_mode), 0, size - 1), valid, weight)
            )
        per_axis.append(fixed)
    result = torch.zeros(coordinates.shape[1:], dtype=compute, device=coordinates.device)
    for combination in _product(per_axis):
        flat_index = torch.zeros_like(combination[0][0])
        weight = None
        valid = None
        for axis, (index, is_valid, node_weight) in enumerate(combination):
            flat_index = flat_index + index * strides[axis]
            if node_weight is not None:
                weight = node_weight if weight is None else weight * node_weight
            if is_valid is not None:
                valid = is_valid if valid is None else valid & is_valid
        contribution = flat_input[flat_index.reshape(-1)].reshape(flat_index.shape)
        if valid is not None:
            contribution = torch.where(
                valid, contribution, torch.full_like(contribution, float(fill_value))
            )
        result = result + (contribution if weight is None else weight * contribution)
    if dtype in FLOAT_DTYPES:
        return result.to(dtype)
    rounded = torch.sign(result) * torch.floor(torch.abs(result) + 0.5)
    return rounded.to(dtype)


def _product(lists):
    combos = [[]]
    for options in lists:
        combos = [combo + [option] for combo in combos for option in options]
    return combos


def _sample_images(images, y, x, order, fill_mode, fill_value):
    """Sample channels_last ``images`` (N, H, W, C) at per-batch (N, H', W') coordinates."""
    batch, _, _, channels = images.shape
    outputs = []
    for item in range(batch):
        channel_index = torch.arange(channels, device=images.device, dtype=y.dtype)
        grid_y = y[item][..., None].expand(*y.shape[1:], channels)
        grid_x = x[item][..., None].expand(*x.shape[1:], channels)
        grid_c = channel_index.expand(*y.shape[1:], channels)
        coordinates = torch.stack([grid_y, grid_x, grid_c])
        outputs.append(map_coordinates(images[item], coordinates, order, fill_mode, fill_value))
    return torch.stack(outputs)


_INTERPOLATION_ORDER = {"nearest": 0, "bilinear": 1}


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    if interpolation not in _INTERPOLATION_ORDER:
        raise ValueError(
            "affine_transform: `interpolation` must be 'nearest' or 'bilinear'; received "
            f"{interpolation!r}."
        )
    images = convert_to_tensor(images)
    transform = convert_to_tensor(transform)
    if images.ndim not in (3, 4):
        raise ValueError(
            f"affine_transform: images must be rank 3 or 4; received {tuple(images.shape)}."
        )
    if transform.ndim not in (1, 2):
        raise ValueError(
            f"affine_transform: transform must be rank 1 or 2; received {tuple(transform.shape)}."
        )
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if transform.ndim == 1:
        transform = transform[None]
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    height, width = images.shape[1], images.shape[2]
    transform = transform.to(torch.float32)
    if transform.shape[0] == 1 and images.shape[0] > 1:
        transform = transform.expand(images.shape[0], 8)
    rows = torch.arange(height, dtype=torch.float32, device=images.device)
    cols = torch.arange(width, dtype=torch.float32, device=images.device)
    grid_y, grid_x = torch.meshgrid(rows, cols, indexing="ij")
    t = [transform[:, i].reshape(-1, 1, 1) for i in range(8)]
    denominator = t[6] * grid_x + t[7] * grid_y + 1.0
    source_x = (t[0] * grid_x + t[1] * grid_y + t[2]) / denominator
    source_y = (t[3] * grid_x + t[4] * grid_y + t[5]) / denominator
    result = _sample_images(
        images, source_y, source_x, _INTERPOLATION_ORDER[interpolation], fill_mode, fill_value
    )
    if data_format == "channels_first":
        result = result.permute(0, 3, 1, 2)
    return result[0] if unbatched else result


def _homography(start_points, end_points):
    start_x, start_y = start_points[..., 0], start_points[..., 1]
    end_x, end_y = end_points[..., 0], end_points[..., 1]
    zeros, ones = torch.zeros_like(end_x), torch.ones_like(end_x)
    x_rows = torch.stack(
        [end_x, end_y, ones, zeros, zeros, zeros, -start_x * end_x, -start_x * end_y], dim=-1
    )
    y_rows = torch.stack(
        [zeros, zeros, zeros, end_x, end_y, ones, -start_y * end_x, -start_y * end_y], dim=-1
    )
    matrix = torch.cat([x_rows, y_rows], dim=1)
    target = torch.cat([start_x, start_y], dim=-1).unsqueeze(-1)
    return torch.linalg.solve(matrix, target).squeeze(-1)


def perspective_transform(
    images, start_points, end_points, interpolation="bilinear", fill_value=0, data_format=None
):
    if interpolation not in _INTERPOLATION_ORDER:
        raise ValueError(
            "perspective_transform: `interpolation` must be 'nearest' or 'bilinear'; received "
            f"{interpolation!r}."
        )
    images = convert_to_tensor(images)
    start_points = convert_to_tensor(start_points).to(torch.float64)
    end_points = convert_to_tensor(end_points).to(torch.float64)
    if tuple(start_points.shape[-2:]) != (4, 2) or start_points.shape != end_points.shape:
        raise ValueError(
            "perspective_transform: start_points and end_points must both have shape "
            f"(..., 4, 2); received {tuple(start_points.shape)} and {tuple(end_points.shape)}."
        )
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if start_points.ndim == 2:
        start_points, end_points = start_points[None], end_points[None]
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    height, width = images.shape[1], images.shape[2]
    h = _homography(start_points, end_points).to(torch.float32)
    if h.shape[0] == 1 and images.shape[0] > 1:
        h = h.expand(images.shape[0], 8)
    rows = torch.arange(height, dtype=torch.float32, device=images.device)
    cols = torch.arange(width, dtype=torch.float32, device=images.device)
    grid_y, grid_x = torch.meshgrid(rows, cols, indexing="ij")
    t = [h[:, i].reshape(-1, 1, 1) for i in range(8)]
    denominator = t[6] * grid_x + t[7] * grid_y + 1.0
    source_x = (t[0] * grid_x + t[1] * grid_y + t[2]) / denominator
    source_y = (t[3] * grid_x + t[4] * grid_y + t[5]) / denominator
    result = _sample_images(
        images, source_y, source_x, _INTERPOLATION_ORDER[interpolation], "constant", fill_value
    )
    if data_format == "channels_first":
        result = result.permute(0, 3, 1, 2)
    return result[0] if unbatched else result


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
    from unison.backends.torch.image import gaussian_blur
    from unison.backends.torch.random import normal

    if interpolation not in _INTERPOLATION_ORDER:
        raise ValueError(
            "elastic_transform: `interpolation` must be 'nearest' or 'bilinear'; received "
            f"{interpolation!r}."
        )
    images = convert_to_tensor(images)
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if data_format == "channels_first":
        images = images.permute(0, 2, 3, 1)
    batch, height, width, _ = images.shape
    dtype = images.dtype if images.dtype in FLOAT_DTYPES else floatx_dtype()
    kernel = 2 * int(3 * float(sigma)) + 1
    noise = normal((batch, height, width, 2), dtype="float32", seed=seed)
    displacement = gaussian_blur(
        noise, (kernel, kernel), (float(sigma), float(sigma)), data_format="channels_last"
    ) * float(alpha)
    rows = torch.arange(height, dtype=torch.float32, device=images.device)
    cols = torch.arange(width, dtype=torch.float32, device=images.device)
    grid_y, grid_x = torch.meshgrid(rows, cols, indexing="ij")
    source_y = grid_y[None] + displacement[..., 0]
    source_x = grid_x[None] + displacement[..., 1]
    result = _sample_images(
        images.to(dtype),
        source_y,
        source_x,
        _INTERPOLATION_ORDER[interpolation],
        fill_mode,
        fill_value,
    )
    if data_format == "channels_first":
        result = result.permute(0, 3, 1, 2)
    return result[0] if unbatched else result
