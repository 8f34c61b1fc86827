"""Geometric resampling: affine / perspective transforms, map_coordinates, elastic warps."""

import tensorflow as tf

from unison import config
from unison.backends.tensorflow._base import (
    INEXACT,
    convert_to_tensor,
    floatx,
)

__all__ = [
    "affine_transform",
    "perspective_transform",
    "map_coordinates",
    "elastic_transform",
]

_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def _format(data_format):
    return config.image_data_format() if data_format is None else data_format


def _batched_last(images, data_format):
    """Images as a float NHWC batch; returns the tensor and a function undoing the layout."""
    images = convert_to_tensor(images)
    dtype = images.dtype
    rank = len(images.shape)
    if rank not in (3, 4):
        raise ValueError(f"Images must have rank 3 or 4; received shape {tuple(images.shape)}.")
    if rank == 3:
        images = images[None]
    if data_format == "channels_first":
        images = tf.transpose(images, [0, 2, 3, 1])

    def restore(result):
        if result.dtype != dtype:
            if dtype.is_integer:
                result = tf.round(result)
            result = tf.cast(result, dtype)
        if data_format == "channels_first":
            result = tf.transpose(result, [0, 3, 1, 2])
        return result[0] if rank == 3 else result

    if images.dtype not in INEXACT:
        images = tf.cast(images, floatx())
    return images, restore


def _map_index(index, size, fill_mode):
    """Map integer coordinates outside [0, size) according to ``fill_mode``."""
    if fill_mode == "nearest" or fill_mode == "constant":
        return tf.clip_by_value(index, 0, size - 1)
    if fill_mode == "wrap":
        return tf.math.floormod(index, size)
    if fill_mode == "reflect":  # d c b a | a b c d | d c b a
        period = 2 * size
        folded = tf.math.floormod(index, period)
        return tf.where(folded >= size, period - 1 - folded, folded)
    if fill_mode in ("mirror", "wrap"):  # d c b | a b c d | c b a
        period = tf.maximum(2 * size - 2, 1)
        folded = tf.math.floormod(index, period)
        return tf.where(folded >= size, period - folded, folded)
    raise ValueError(f"`fill_mode` must be one of {_FILL_MODES}; received {fill_mode!r}.")


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = convert_to_tensor(inputs)
    dtype = inputs.dtype
    values = inputs if dtype in INEXACT else tf.cast(inputs, floatx())
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"`fill_mode` must be one of {_FILL_MODES}; received {fill_mode!r}.")
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: `order` must be 0 or 1; received {order}.")
    rank = len(inputs.shape)
    coordinates = [tf.cast(convert_to_tensor(c), values.dtype) for c in coordinates]
    if len(coordinates) != rank:
        raise ValueError(
            f"map_coordinates: expected {rank} coordinate arrays (one per input dimension); "
            f"received {len(coordinates)}."
        )
    sizes = [tf.shape(values)[d] for d in range(rank)]
    if order == 0:
        corners = [[(tf.cast(tf.floor(c + 0.5), tf.int32), None)] for c in coordinates]
    else:
        corners = []
        for c in coordinates:
            low = tf.floor(c)
            weight = c - low
            low = tf.cast(low, tf.int32)
            corners.append([(low, 1 - weight), (low + 1, weight)])
    result = None
    fill = tf.cast(fill_value, values.dtype)

    def combine(dim, chosen):
        nonlocal result
        if dim == rank:
            indices, weight, valid = [], None, None
            for d, (index, w) in enumerate(chosen):
                if fill_mode == "constant":
                    inside = (index >= 0) & (index < sizes[d])
                    valid = inside if valid is None else valid & inside
                indices.append(_map_index(index, sizes[d], fill_mode))
                if w is not None:
                    weight = w if weight is None else weight * w
            gathered = tf.gather_nd(values, tf.stack(indices, axis=-1))
            if valid is not None:
                gathered = tf.where(valid, gathered, fill)
            term = gathered if weight is None else gathered * weight
            result = term if result is None else result + term
            return
        for corner in corners[dim]:
            combine(dim + 1, chosen + [corner])

    combine(0, [])
    if dtype.is_integer:
        result = tf.round(result)
    return tf.cast(result, dtype)


def _sample(images, ys, xs, interpolation, fill_mode, fill_value):
    """Sample a NHWC batch at per-batch coordinate grids ``ys``, ``xs`` of shape (B, H', W')."""
    batch = tf.shape(images)[0]
    height, width = tf.shape(images)[1], tf.shape(images)[2]
    batch_index = tf.broadcast_to(tf.range(batch)[:, None, None], tf.shape(ys))
    fill = tf.cast(fill_value, images.dtype)

    def gather(row, col):
        valid = (row >= 0) & (row < height) & (col >= 0) & (col < width)
        row = _map_index(row, height, fill_mode)
        col = _map_index(col, width, fill_mode)
        values = tf.gather_nd(images, tf.stack([batch_index, row, col], axis=-1))
        if fill_mode == "constant":
            values = tf.where(valid[..., None], values, fill)
        return values

    if interpolation == "nearest":
        return gather(tf.cast(tf.round(ys), tf.int32), tf.cast(tf.round(xs), tf.int32))
    if interpolation != "bilinear":
        raise ValueError(
            f"`interpolation` must be 'nearest' or 'bilinear'; received {interpolation!r}."
        )
    y0, x0 = tf.floor(ys), tf.floor(xs)
    wy, wx = (ys - y0)[..., None], (xs - x0)[..., None]
    y0, x0 = tf.cast(y0, tf.int32), tf.cast(x0, tf.int32)
    top = gather(y0, x0) * (1 - wx) + gather(y0, x0 + 1) * wx
    bottom = gather(y0 + 1, x0) * (1 - wx) + gather(y0 + 1, x0 + 1) * wx
    return top * (1 - wy) + bottom * wy


def _transform_grid(transform, height, width, dtype):
    """Input coordinates for every output pixel of a projective ``transform`` (B, 8)."""
    ys, xs = tf.meshgrid(tf.range(height, dtype=dtype), tf.range(width, dtype=dtype), indexing="ij")
    t = [transform[:, i][:, None, None] for i in range(8)]
    denominator = t[6] * xs + t[7] * ys + 1
    source_x = (t[0] * xs + t[1] * ys + t[2]) / denominator
    source_y = (t[3] * xs + t[4] * ys + t[5]) / denominator
    return source_y, source_x


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    data_format = _format(data_format)
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"`fill_mode` must be one of {_FILL_MODES}; received {fill_mode!r}.")
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            f"`interpolation` must be 'nearest' or 'bilinear'; received {interpolation!r}."
        )
    images, restore = _batched_last(images, data_format)
    transform = tf.cast(convert_to_tensor(transform), tf.float32)
    if len(transform.shape) == 1:
        transform = transform[None]
    if len(transform.shape) != 2 or transform.shape[-1] != 8:
        raise ValueError(
            f"`transform` must have shape (8,) or (batch, 8); received {tuple(transform.shape)}."
        )
    if fill_mode in ("mirror", "wrap"):
        height, width = tf.shape(images)[1], tf.shape(images)[2]
        ys, xs = _transform_grid(transform, height, width, tf.float32)
        result = _sample(tf.cast(images, tf.float32), ys, xs, interpolation, fill_mode, fill_value)
        return restore(tf.cast(result, images.dtype))
    compute = images.dtype
    if compute not in (tf.float16, tf.float32, tf.float64, tf.bfloat16):
        compute = tf.float32
    result = tf.raw_ops.ImageProjectiveTransformV3(
        images=tf.cast(images, compute),
        transforms=tf.broadcast_to(transform, [tf.shape(images)[0], 8]),
        output_shape=tf.shape(images)[1:3],
        fill_value=tf.cast(fill_value, tf.float32),
        interpolation=interpolation.upper(),
        fill_mode=fill_mode.upper(),
    )
    return restore(tf.cast(result, images.dtype))


def _homography(start_points, end_points):
    """Coefficients mapping each output (end) point to its input (start) point."""
    start = tf.cast(start_points, tf.float64)
    end = tf.cast(end_points, tf.float64)
    rows = []
    targets = []
    for i in range(4):
        x, y = end[:, i, 0], end[:, i, 1]
        u, v = start[:, i, 0], start[:, i, 1]
        zeros, ones = tf.zeros_like(x), tf.ones_like(x)
        rows.append(tf.stack([x, y, ones, zeros, zeros, zeros, -u * x, -u * y], -1))
        rows.append(tf.stack([zeros, zeros, zeros, x, y, ones, -v * x, -v * y], -1))
        targets.extend([u, v])
    system = tf.stack(rows, axis=1)
    rhs = tf.stack(targets, axis=1)[..., None]
    return tf.cast(tf.squeeze(tf.linalg.solve(system, rhs), -1), tf.float32)


def perspective_transform(
    images,
    start_points,
    end_points,
    interpolation="bilinear",
    fill_value=0,
    data_format=None,
):
    start_points = convert_to_tensor(start_points)
    end_points = convert_to_tensor(end_points)
    if len(start_points.shape) == 2:
        start_points, end_points = start_points[None], end_points[None]
    transform = _homography(start_points, end_points)
    return affine_transform(
        images,
        transform,
        interpolation=interpolation,
        fill_mode="constant",
        fill_value=fill_value,
        data_format=data_format,
    )


def _gaussian_kernel_1d(sigma, dtype):
    radius = max(int(3 * sigma), 1)
    positions = tf.range(-radius, radius + 1, dtype=dtype)
    kernel = tf.exp(-(positions**2) / (2 * sigma * sigma))
    return kernel / tf.reduce_sum(kernel)


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
    from unison.backends.tensorflow.random import _seed

    data_format = _format(data_format)
    images, restore = _batched_last(images, data_format)
    compute = tf.float32
    batch, height, width = (tf.shape(images)[i] for i in range(3))
    seeds = tf.random.experimental.stateless_split(tf.cast(_seed(seed), tf.int64), 2)
    shape = tf.stack([batch, height, width, 1])
    displacements = [
        tf.random.stateless_uniform(shape, seeds[i], -1.0, 1.0, dtype=compute) for i in range(2)
    ]
    kernel = _gaussian_kernel_1d(float(sigma), compute)
    size = kernel.shape[0]
    vertical = tf.reshape(kernel, [size, 1, 1, 1])
    horizontal = tf.reshape(kernel, [1, size, 1, 1])
    smoothed = []
    for field in displacements:
        field = tf.nn.conv2d(field, vertical, 1, "SAME")
        field = tf.nn.conv2d(field, horizontal, 1, "SAME")
        smoothed.append(field[..., 0] * float(alpha))
    ys, xs = tf.meshgrid(
        tf.range(height, dtype=compute), tf.range(width, dtype=compute), indexing="ij"
    )
    ys = ys[None] + smoothed[0]
    xs = xs[None] + smoothed[1]
    result = _sample(tf.cast(images, compute), ys, xs, interpolation, fill_mode, fill_value)
    return restore(tf.cast(result, images.dtype))
