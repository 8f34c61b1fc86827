"""``unison.ops.image``: resizing, geometric transforms, colour conversion, patches and filters.

Images are ``(height, width, channels)`` or batched ``(batch, height, width, channels)`` for
``"channels_last"`` (channels first for ``"channels_first"``); ``data_format=None`` means
``unison.config.image_data_format()``.

Example:
    >>> from unison.ops import image
    >>> image.resize(unison.ops.ones((2, 32, 32, 3)), (64, 64)).shape   # -> (2, 64, 64, 3)
"""

from __future__ import annotations

from typing import Any

from unison.config import standardize_data_format
from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_choice,
    check_positive,
    current,
    normalize_padding,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "affine_transform",
    "crop_images",
    "elastic_transform",
    "extract_patches",
    "extract_patches_3d",
    "gaussian_blur",
    "hsv_to_rgb",
    "map_coordinates",
    "pad_images",
    "perspective_transform",
    "resize",
    "rgb_to_grayscale",
    "rgb_to_hsv",
    "scale_and_translate",
    "sobel_edges",
    "ssim",
]

_RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
_TRANSFORM_INTERPOLATIONS = ("nearest", "bilinear")
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_SCALE_METHODS = (
    "linear",
    "bilinear",
    "trilinear",
    "cubic",
    "bicubic",
    "tricubic",
    "lanczos3",
    "lanczos5",
)


def _check_images(images: Any, op_name: str, ranks: tuple = (3, 4), name: str = "images") -> None:
    rank = getattr(images, "ndim", None)
    if rank is not None and rank not in ranks:
        raise ValueError(
            f"{op_name}: `{name}` must have rank {' or '.join(map(str, ranks))}; received shape "
            f"{tuple(images.shape)}."
        )


def _simple(name: str, operation: Any, images: Any, data_format: Any) -> Any:
    data_format = standardize_data_format(data_format)
    _check_images(images, name)
    if type(images) is SymbolicTensor:
        return symbolic_call(operation, images, data_format=data_format)
    return getattr(current().backend, name)(images, data_format=data_format)


def rgb_to_grayscale(images: TensorLike, data_format: str | None = None):
    """Convert RGB images to one-channel grayscale (luma weights 0.2989, 0.587, 0.114).

    Example:
        >>> unison.ops.image.rgb_to_grayscale(unison.ops.ones((4, 4, 3))).shape   # (4, 4, 1)
    """
    return _simple("rgb_to_grayscale", rgb_to_grayscale, images, data_format)


def rgb_to_hsv(images: TensorLike, data_format: str | None = None):
    """Convert float RGB images in ``[0, 1]`` to HSV.

    Example:
        >>> unison.ops.image.rgb_to_hsv([[[1.0, 0.0, 0.0]]])   # -> [[[0., 1., 1.]]]
    """
    return _simple("rgb_to_hsv", rgb_to_hsv, images, data_format)


def hsv_to_rgb(images: TensorLike, data_format: str | None = None):
    """Convert float HSV images to RGB in ``[0, 1]``.

    Example:
        >>> unison.ops.image.hsv_to_rgb([[[0.0, 1.0, 1.0]]])   # -> [[[1., 0., 0.]]]
    """
    return _simple("hsv_to_rgb", hsv_to_rgb, images, data_format)


def sobel_edges(images: TensorLike, data_format: str | None = None):
    """Sobel edge maps of each channel.

    Example:
        >>> unison.ops.image.sobel_edges(unison.ops.ones((1, 8, 8, 3))).shape
    """
    return _simple("sobel_edges", sobel_edges, images, data_format)


def resize(
    images: TensorLike,
    size: tuple,
    interpolation: str = "bilinear",
    antialias: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    fill_mode: str = "constant",
    fill_value: float = 0.0,
    data_format: str | None = None,
):
    """Resize images to ``size = (height, width)``.

    Example:
        >>> unison.ops.image.resize(unison.ops.ones((2, 32, 32, 3)), (16, 16)).shape  # (2,16,16,3)
    """
    check_choice(interpolation, _RESIZE_INTERPOLATIONS, "interpolation", "resize")
    if fill_mode != "constant":
        raise ValueError(f"resize: only fill_mode='constant' is supported; received {fill_mode!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "resize: only one of `crop_to_aspect_ratio` and `pad_to_aspect_ratio` can be True."
        )
    if not isinstance(size, (list, tuple)) or len(size) != 2:
        raise ValueError(f"resize: `size` must be (height, width); received {size!r}.")
    check_positive(tuple(size), "size", "resize")
    size = tuple(size)
    data_format = standardize_data_format(data_format)
    _check_images(images, "resize")
    kwargs = {
        "interpolation": interpolation,
        "antialias": antialias,
        "crop_to_aspect_ratio": crop_to_aspect_ratio,
        "pad_to_aspect_ratio": pad_to_aspect_ratio,
        "fill_mode": fill_mode,
        "fill_value": fill_value,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor:
        return symbolic_call(resize, images, size, **kwargs)
    return current().backend.resize(images, size, **kwargs)


def affine_transform(
    images: TensorLike,
    transform: TensorLike,
    interpolation: str = "bilinear",
    fill_mode: str = "constant",
    fill_value: float = 0,
    data_format: str | None = None,
):
    """Apply projective transforms ``[a0, a1, a2, b0, b1, b2, c0, c1]`` (output -> input map).

    Example:
        >>> identity = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]
        >>> unison.ops.image.affine_transform(images, identity)   # -> images
    """
    check_choice(interpolation, _TRANSFORM_INTERPOLATIONS, "interpolation", "affine_transform")
    check_choice(fill_mode, _FILL_MODES, "fill_mode", "affine_transform")
    data_format = standardize_data_format(data_format)
    _check_images(images, "affine_transform")
    _check_images(transform, "affine_transform", (1, 2), "transform")
    kwargs = {
        "interpolation": interpolation,
        "fill_mode": fill_mode,
        "fill_value": fill_value,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor or type(transform) is SymbolicTensor:
        return symbolic_call(affine_transform, images, transform, **kwargs)
    return current().backend.affine_transform(images, transform, **kwargs)


def perspective_transform(
    images: TensorLike,
    start_points: TensorLike,
    end_points: TensorLike,
    interpolation: str = "bilinear",
    fill_value: float = 0,
    data_format: str | None = None,
):
    """Warp images so the 4 ``start_points`` (x, y) corners move to ``end_points``.

    Example:
        >>> corners = [[0, 0], [31, 0], [0, 31], [31, 31]]
        >>> unison.ops.image.perspective_transform(images, corners, corners)   # -> images
    """
    check_choice(interpolation, _TRANSFORM_INTERPOLATIONS, "interpolation", "perspective_transform")
    data_format = standardize_data_format(data_format)
    _check_images(images, "perspective_transform")
    kwargs = {"interpolation": interpolation, "fill_value": fill_value, "data_format": data_format}
    if any_symbolic(images, start_points, end_points):
        return symbolic_call(perspective_transform, images, start_points, end_points, **kwargs)
    return current().backend.perspective_transform(images, start_points, end_points, **kwargs)


def map_coordinates(
    inputs: TensorLike,
    coordinates: TensorLike,
    order: int,
    fill_mode: str = "constant",
    fill_value: float = 0,
):
    """Sample ``inputs`` at ``coordinates`` (one array per input axis) by interpolation.

    Example:
        >>> unison.ops.image.map_coordinates([[1.0, 2.0]], [[0.0], [0.5]], order=1)   # -> [1.5]
    """
    check_choice(order, (0, 1), "order", "map_coordinates")
    check_choice(fill_mode, _FILL_MODES, "fill_mode", "map_coordinates")
    if type(inputs) is SymbolicTensor or any_symbolic(coordinates):
        return symbolic_call(
            map_coordinates,
            inputs,
            coordinates,
            order,
            fill_mode=fill_mode,
            fill_value=fill_value,
        )
    return current().backend.map_coordinates(
        inputs, coordinates, order, fill_mode=fill_mode, fill_value=fill_value
    )


def scale_and_translate(
    images: TensorLike,
    output_shape: tuple,
    scale: TensorLike,
    translation: TensorLike,
    spatial_dims: tuple,
    method: str,
    antialias: bool = True,
):
    """Resample ``images`` over ``spatial_dims`` with a per-axis scale and translation.

    Example:
        >>> unison.ops.image.scale_and_translate(x, (8, 8), [2.0, 2.0], [0.0, 0.0], (0, 1), "linear")
    """
    check_choice(method, _SCALE_METHODS, "method", "scale_and_translate")
    if any_symbolic(images, scale, translation):
        return symbolic_call(
            scale_and_translate,
            images,
            output_shape,
            scale,
            translation,
            spatial_dims,
            method,
            antialias=antialias,
        )
    return current().backend.scale_and_translate(
        images, output_shape, scale, translation, spatial_dims, method, antialias=antialias
    )


def _count_specified(values: tuple, names: str, op_name: str) -> None:
    if sum(value is not None for value in values) != 2:
        raise ValueError(f"{op_name}: give exactly two of {names}; received {values}.")
    for value in values:
        if value is not None and value < 0:
            raise ValueError(f"{op_name}: {names} must be >= 0; received {values}.")


def _pad_crop_symbolic(operation, images, kwargs, height_arguments, width_arguments, sign):
    """Output spec of pad_images / crop_images: static arithmetic, no stand-in sizes."""
    shape = list(images.shape)
    height_axis, width_axis = (-3, -2) if kwargs["data_format"] == "channels_last" else (-2, -1)
    for axis, (first, second, target) in (
        (height_axis, height_arguments),
        (width_axis, width_arguments),
    ):
        size = shape[axis]
        if target is not None:
            shape[axis] = target
        elif size is not None:
            shape[axis] = size + sign * (first + second)
            if shape[axis] < 0:
                raise ValueError(
                    f"{operation.__name__}: the result would have a negative size along axis "
                    f"{axis} of {images.shape}."
                )
    output = SymbolicTensor(tuple(shape), images.dtype)
    return symbolic_result(operation, (images,), kwargs, output)


def pad_images(
    images: TensorLike,
    top_padding: int | None = None,
    left_padding: int | None = None,
    bottom_padding: int | None = None,
    right_padding: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
):
    """Pad images with zeros on each side, or up to ``target_height`` x ``target_width``.

    Example:
        >>> unison.ops.image.pad_images(unison.ops.ones((4, 4, 1)), 1, 1, 1, 1).shape  # (6, 6, 1)
    """
    _count_specified(
        (top_padding, bottom_padding, target_height),
        "top_padding, bottom_padding, target_height",
        "pad_images",
    )
    _count_specified(
        (left_padding, right_padding, target_width),
        "left_padding, right_padding, target_width",
        "pad_images",
    )
    data_format = standardize_data_format(data_format)
    _check_images(images, "pad_images")
    kwargs = {
        "top_padding": top_padding,
        "left_padding": left_padding,
        "bottom_padding": bottom_padding,
        "right_padding": right_padding,
        "target_height": target_height,
        "target_width": target_width,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor:
        return _pad_crop_symbolic(
            pad_images,
            images,
            kwargs,
            (top_padding, bottom_padding, target_height),
            (left_padding, right_padding, target_width),
            1,
        )
    return current().backend.pad_images(images, **kwargs)


def crop_images(
    images: TensorLike,
    top_cropping: int | None = None,
    left_cropping: int | None = None,
    bottom_cropping: int | None = None,
    right_cropping: int | None = None,
    target_height: int | None = None,
    target_width: int | None = None,
    data_format: str | None = None,
):
    """Crop images on each side, or to ``target_height`` x ``target_width``.

    Example:
        >>> unison.ops.image.crop_images(unison.ops.ones((6, 6, 1)), 1, 1, 1, 1).shape  # (4, 4, 1)
    """
    _count_specified(
        (top_cropping, bottom_cropping, target_height),
        "top_cropping, bottom_cropping, target_height",
        "crop_images",
    )
    _count_specified(
        (left_cropping, right_cropping, target_width),
        "left_cropping, right_cropping, target_width",
        "crop_images",
    )
    data_format = standardize_data_format(data_format)
    _check_images(images, "crop_images")
    kwargs = {
        "top_cropping": top_cropping,
        "left_cropping": left_cropping,
        "bottom_cropping": bottom_cropping,
        "right_cropping": right_cropping,
        "target_height": target_height,
        "target_width": target_width,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor:
        return _pad_crop_symbolic(
            crop_images,
            images,
            kwargs,
            (top_cropping, bottom_cropping, target_height),
            (left_cropping, right_cropping, target_width),
            -1,
        )
    return current().backend.crop_images(images, **kwargs)


def _patches(name, operation, images, size, strides, dilation_rate, padding, data_format, dims):
    if isinstance(size, int):
        size = (size,) * dims
    if not isinstance(size, (list, tuple)) or len(size) != dims:
        raise ValueError(f"{name}: `size` must be an int or {dims} ints; received {size!r}.")
    check_positive(tuple(size), "size", name)
    check_positive(strides, "strides", name, allow_none=True)
    check_positive(dilation_rate, "dilation_rate", name)
    padding = normalize_padding(padding, name)
    data_format = standardize_data_format(data_format)
    kwargs = {
        "strides": strides,
        "dilation_rate": dilation_rate,
        "padding": padding,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor:
        _check_images(images, name, (dims + 1, dims + 2))
        return symbolic_call(operation, images, tuple(size), **kwargs)
    return getattr(current().backend, name)(images, tuple(size), **kwargs)


def extract_patches(
    images: TensorLike,
    size: int | tuple,
    strides: int | tuple | None = None,
    dilation_rate: int | tuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
):
    """Patches of ``size`` from each image, flattened into the channel axis.

    Example:
        >>> unison.ops.image.extract_patches(unison.ops.ones((1, 8, 8, 3)), 4).shape  # (1,2,2,48)
    """
    return _patches(
        "extract_patches",
        extract_patches,
        images,
        size,
        strides,
        dilation_rate,
        padding,
        data_format,
        2,
    )


def extract_patches_3d(
    volumes: TensorLike,
    size: int | tuple,
    strides: int | tuple | None = None,
    dilation_rate: int | tuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
):
    """3-D patches of ``size`` from each volume, flattened into the channel axis.

    Example:
        >>> unison.ops.image.extract_patches_3d(unison.ops.ones((1, 4, 4, 4, 1)), 2).shape
        (1, 2, 2, 2, 8)
    """
    return _patches(
        "extract_patches_3d",
        extract_patches_3d,
        volumes,
        size,
        strides,
        dilation_rate,
        padding,
        data_format,
        3,
    )


def gaussian_blur(
    images: TensorLike,
    kernel_size: tuple = (3, 3),
    sigma: tuple = (1.0, 1.0),
    data_format: str | None = None,
):
    """Blur images with a Gaussian kernel of ``kernel_size`` and standard deviations ``sigma``.

    Example:
        >>> unison.ops.image.gaussian_blur(unison.ops.ones((1, 8, 8, 3)), (5, 5), (1.5, 1.5))
    """
    check_positive(kernel_size, "kernel_size", "gaussian_blur")
    data_format = standardize_data_format(data_format)
    _check_images(images, "gaussian_blur")
    if type(images) is SymbolicTensor or any_symbolic(sigma):
        return symbolic_call(
            gaussian_blur, images, kernel_size=kernel_size, sigma=sigma, data_format=data_format
        )
    return current().backend.gaussian_blur(
        images, kernel_size=kernel_size, sigma=sigma, data_format=data_format
    )


def elastic_transform(
    images: TensorLike,
    alpha: float = 20.0,
    sigma: float = 5.0,
    interpolation: str = "bilinear",
    fill_mode: str = "reflect",
    fill_value: float = 0.0,
    seed: Any = None,
    data_format: str | None = None,
):
    """Randomly displace pixels by a smoothed noise field (strength ``alpha``, smoothness ``sigma``).

    Example:
        >>> unison.ops.image.elastic_transform(images, alpha=10.0, sigma=3.0, seed=1)
    """
    check_choice(interpolation, _TRANSFORM_INTERPOLATIONS, "interpolation", "elastic_transform")
    check_choice(fill_mode, _FILL_MODES, "fill_mode", "elastic_transform")
    data_format = standardize_data_format(data_format)
    _check_images(images, "elastic_transform")
    kwargs = {
        "alpha": alpha,
        "sigma": sigma,
        "interpolation": interpolation,
        "fill_mode": fill_mode,
        "fill_value": fill_value,
        "data_format": data_format,
    }
    if type(images) is SymbolicTensor:
        return symbolic_call(elastic_transform, images, seed=seed, **kwargs)
    from unison.random import draw_seed  # random imports ops; resolve it on first use

    return current().backend.elastic_transform(images, seed=draw_seed(seed), **kwargs)


def ssim(
    image1: TensorLike,
    image2: TensorLike,
    max_val: float = 1.0,
    filter_size: int = 11,
    filter_sigma: float = 1.5,
    k1: float = 0.01,
    k2: float = 0.03,
    data_format: str | None = None,
):
    """Structural similarity index between two batches of images (one value per image).

    Example:
        >>> unison.ops.image.ssim(images, images)   # -> ones
    """
    check_positive(filter_size, "filter_size", "ssim")
    data_format = standardize_data_format(data_format)
    kwargs = {
        "max_val": max_val,
        "filter_size": filter_size,
        "filter_sigma": filter_sigma,
        "k1": k1,
        "k2": k2,
        "data_format": data_format,
    }
    if type(image1) is SymbolicTensor or type(image2) is SymbolicTensor:
        return symbolic_call(ssim, image1, image2, **kwargs)
    return current().backend.ssim(image1, image2, **kwargs)
