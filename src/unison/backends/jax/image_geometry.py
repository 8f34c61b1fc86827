"""Image ops: geometric resampling, filtering, edges and similarity."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import lax

from unison.backends.jax._base import convert_to_numpy_leaf, to_float, to_tensor
from unison.backends.jax.image_basic import check_rank, data_format_of

_ORDERS = {"nearest": 0, "bilinear": 1}
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")


def map_coordinates(inputs, coordinates, order, fill_mode="constant", fill_value=0):
    inputs = to_tensor(inputs)
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"map_coordinates: fill_mode must be one of {_FILL_MODES}; received {fill_mode!r}."
        )
    if order not in (0, 1):
        raise ValueError(f"map_coordinates: order must be 0 or 1; received {order!r}.")
    coordinates = (
        to_tensor(coordinates)
        if not isinstance(coordinates, (list, tuple))
        else [to_tensor(c) for c in coordinates]
    )
    if len(coordinates) != inputs.ndim:
        raise ValueError(
            f"map_coordinates: the first dimension of coordinates ({len(coordinates)}) must "
            f"equal the input rank ({inputs.ndim})."
        )
    original = inputs.dtype
    compute = inputs if original.kind not in "biu" else inputs.astype("float32")
    result = jax.scipy.ndimage.map_coordinates(
        compute,
        [c.astype(compute.dtype) for c in coordinates],
        order=order,
        mode=fill_mode,
        cval=fill_value,
    )
    if original.kind in "iu":
        result = jnp.round(result)
    return result.astype(original)


def _resample(images, transform, interpolation, fill_mode, fill_value, data_format):
    """Sample ``images`` at input points given by projective ``transform`` rows (B, 8)."""
    height, width = images.shape[1], images.shape[2]
    ys, xs = jnp.meshgrid(
        jnp.arange(height, dtype="float32"), jnp.arange(width, dtype="float32"), indexing="ij"
    )
    transform = transform.astype("float32")

    def one(image, row):
        denominator = row[6] * xs + row[7] * ys + 1.0
        x_in = (row[0] * xs + row[1] * ys + row[2]) / denominator
        y_in = (row[3] * xs + row[4] * ys + row[5]) / denominator

        def channel(plane):
            return jax.scipy.ndimage.map_coordinates(
                plane, [y_in, x_in], order=_ORDERS[interpolation], mode=fill_mode, cval=fill_value
            )

        return jax.vmap(channel, in_axes=-1, out_axes=-1)(image)

    return jax.vmap(one)(images, transform)


def _to_channels_last(images, data_format):
    check_rank(images)
    unbatched = images.ndim == 3
    if unbatched:
        images = images[None]
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 2, 3, 1))
    return images, unbatched


def _from_channels_last(images, data_format, unbatched):
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 3, 1, 2))
    return images[0] if unbatched else images


def _check_interpolation(interpolation, fill_mode):
    if interpolation not in _ORDERS:
        raise ValueError(
            f"interpolation must be 'nearest' or 'bilinear'; received {interpolation!r}."
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(f"fill_mode must be one of {_FILL_MODES}; received {fill_mode!r}.")


def affine_transform(
    images,
    transform,
    interpolation="bilinear",
    fill_mode="constant",
    fill_value=0,
    data_format=None,
):
    data_format = data_format_of(data_format)
    _check_interpolation(interpolation, fill_mode)
    images = to_tensor(images)
    transform = to_float(transform)
    if transform.ndim not in (1, 2) or transform.shape[-1] != 8:
        raise ValueError(
            f"affine_transform: transform must have shape (8,) or (batch, 8); received "
            f"{transform.shape}."
        )
    original = images.dtype
    images, unbatched = _to_channels_last(images, data_format)
    if transform.ndim == 1:
        transform = jnp.broadcast_to(transform, (images.shape[0], 8))
    compute = (
        images.astype("float32") if original.kind in "biu" or original.itemsize < 4 else (images)
    )
    result = _resample(compute, transform, interpolation, fill_mode, fill_value, data_format)
    if original.kind in "iu":
        result = jnp.round(result)
    return _from_channels_last(result.astype(original), data_format, unbatched)


def _homography(start_points, end_points):
    start_x, start_y = start_points[..., 0], start_points[..., 1]
    end_x, end_y = end_points[..., 0], end_points[..., 1]
    zeros, ones = jnp.zeros_like(end_x), jnp.ones_like(end_x)
    x_rows = jnp.stack(
        [end_x, end_y, ones, zeros, zeros, zeros, -start_x * end_x, -start_x * end_y], axis=-1
    )
    y_rows = jnp.stack(
        [zeros, zeros, zeros, end_x, end_y, ones, -start_y * end_x, -start_y * end_y], axis=-1
    )
    system = jnp.concatenate([x_rows, y_rows], axis=-2)
    target = jnp.concatenate([start_x, start_y], axis=-1)[..., None]
    return jnp.linalg.solve(system, target)[..., 0]


def perspective_transform(
    images, start_points, end_points, interpolation="bilinear", fill_value=0, data_format=None
):
    data_format = data_format_of(data_format)
    _check_interpolation(interpolation, "constant")
    images = to_tensor(images)
    start_points = to_float(start_points).astype("float32")
    end_points = to_float(end_points).astype("float32")
    for name, points in (("start_points", start_points), ("end_points", end_points)):
        if points.shape[-2:] != (4, 2) or points.ndim not in (2, 3):
            raise ValueError(
                f"perspective_transform: {name} must have shape (4, 2) or (batch, 4, 2); "
                f"received {points.shape}."
            )
    original = images.dtype
    images, unbatched = _to_channels_last(images, data_format)
    transform = _homography(start_points, end_points)
    if transform.ndim == 1:
        transform = jnp.broadcast_to(transform, (images.shape[0], 8))
    compute = (
        images.astype("float32") if original.kind in "biu" or original.itemsize < 4 else (images)
    )
    result = _resample(compute, transform, interpolation, "constant", fill_value, data_format)
    if original.kind in "iu":
        result = jnp.round(result)
    return _from_channels_last(result.astype(original), data_format, unbatched)


def _gaussian_1d(size, sigma, dtype):
    x = jnp.arange(size, dtype=dtype) - (size - 1) / 2
    kernel = jnp.exp(-0.5 * jnp.square(x / sigma))
    return kernel / jnp.sum(kernel)


def _depthwise_same(images, kernel_2d):
    """Per-channel 'same' cross-correlation of NHWC images with one 2-D kernel."""
    channels = images.shape[-1]
    kernel = jnp.tile(kernel_2d[:, :, None, None], (1, 1, 1, channels))
    return lax.conv_general_dilated(
        images,
        kernel,
        (1, 1),
        "SAME",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
        feature_group_count=channels,
    )


def gaussian_blur(images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None):
    data_format = data_format_of(data_format)
    images = to_float(to_tensor(images))
    original = images.dtype
    images, unbatched = _to_channels_last(images, data_format)
    compute = images.astype("float32") if original.itemsize < 4 else images
    sizes = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    sigmas = (sigma, sigma) if not isinstance(sigma, (list, tuple)) else tuple(sigma)
    kernel_x = _gaussian_1d(int(sizes[0]), sigmas[0], compute.dtype)
    kernel_y = _gaussian_1d(int(sizes[1]), sigmas[1], compute.dtype)
    blurred = _depthwise_same(compute, jnp.outer(kernel_y, kernel_x))
    return _from_channels_last(blurred.astype(original), data_format, unbatched)


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
    from unison.backends.jax.random import normal

    data_format = data_format_of(data_format)
    _check_interpolation(interpolation, fill_mode)
    images = to_tensor(images)
    original = images.dtype
    images, unbatched = _to_channels_last(images, data_format)
    compute = images.astype("float32")
    batch, height, width, _ = compute.shape
    sigma = float(convert_to_numpy_leaf(sigma)) if not isinstance(sigma, (int, float)) else sigma
    alpha = float(convert_to_numpy_leaf(alpha)) if not isinstance(alpha, (int, float)) else alpha
    size = int(6 * sigma) | 1
    noise = normal((2, batch, height, width, 1), dtype="float32", seed=seed) * sigma
    kernel_1d = _gaussian_1d(size, sigma, jnp.float32)
    kernel = jnp.outer(kernel_1d, kernel_1d)
    dx = _depthwise_same(noise[0], kernel)[..., 0]
    dy = _depthwise_same(noise[1], kernel)[..., 0]
    ys, xs = jnp.meshgrid(
        jnp.arange(height, dtype="float32"), jnp.arange(width, dtype="float32"), indexing="ij"
    )

    def one(image, shift_x, shift_y):
        coords = [ys + alpha * shift_y, xs + alpha * shift_x]

        def channel(plane):
            return jax.scipy.ndimage.map_coordinates(
                plane, coords, order=_ORDERS[interpolation], mode=fill_mode, cval=fill_value
            )

        return jax.vmap(channel, in_axes=-1, out_axes=-1)(image)

    result = jax.vmap(one)(compute, dx, dy)
    if original.kind in "iu":
        result = jnp.round(result)
    return _from_channels_last(result.astype(original), data_format, unbatched)


def sobel_edges(images, data_format=None):
    data_format = data_format_of(data_format)
    images = to_float(to_tensor(images))
    if images.ndim != 4:
        raise ValueError(f"sobel_edges: expected a 4-D batch of images; received {images.shape}.")
    images, _ = _to_channels_last(images, data_format)
    vertical = jnp.asarray([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], images.dtype)
    horizontal = jnp.asarray([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], images.dtype)
    edges = jnp.stack(
        [_depthwise_same(images, vertical), _depthwise_same(images, horizontal)], axis=-1
    )
    if data_format == "channels_first":
        edges = jnp.transpose(edges, (0, 3, 1, 2, 4))
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
    data_format = data_format_of(data_format)
    image1, image2 = to_float(image1), to_float(image2)
    original = image1.dtype
    unbatched = image1.ndim == 3
    image1, _ = _to_channels_last(image1, data_format)
    image2, _ = _to_channels_last(image2, data_format)
    image1, image2 = image1.astype("float32"), image2.astype("float32")
    batch, height, width, channels = image1.shape
    kernel_1d = _gaussian_1d(filter_size, filter_sigma, jnp.float32)
    kernel = jnp.outer(kernel_1d, kernel_1d)[:, :, None, None]

    def blur(x):
        planes = jnp.transpose(x, (0, 3, 1, 2)).reshape(-1, height, width, 1)
        return lax.conv_general_dilated(
            planes, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")
        )

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = blur(image1), blur(image2)
    sigma1 = blur(image1 * image1) - mu1 * mu1
    sigma2 = blur(image2 * image2) - mu2 * mu2
    sigma12 = blur(image1 * image2) - mu1 * mu2
    ssim_map = ((2 * mu1 * mu2 + c1) * (2 * sigma12 + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (sigma1 + sigma2 + c2)
    )
    per_image = jnp.mean(jnp.mean(ssim_map, axis=(1, 2, 3)).reshape(batch, channels), axis=-1)
    result = per_image[0] if unbatched else per_image
    return result.astype(original)


def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method, antialias=True
):
    images = to_float(images)
    return jax.image.scale_and_translate(
        images,
        tuple(output_shape),
        tuple(spatial_dims),
        to_float(scale).astype("float32"),
        to_float(translation).astype("float32"),
        method,
        antialias=antialias,
    )
