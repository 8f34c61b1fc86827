"""Image files and arrays: ``load_img``, ``img_to_array``, ``array_to_img``, ``save_img``.

These need Pillow (``pip install pillow``); without it they raise ``ImportError``.

Example:
    >>> image = unison.utils.load_img("cat.png", target_size=(64, 64))
    >>> array = unison.utils.img_to_array(image)        # (64, 64, 3) float32
    >>> unison.utils.save_img("copy.png", array)
"""

from __future__ import annotations

import io
import pathlib
import warnings
from typing import Any

import numpy as np

from unison import config

__all__ = ["array_to_img", "img_to_array", "load_img", "save_img"]

_RESAMPLING = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def pil_image() -> Any:
    """The ``PIL.Image`` module, or an ImportError naming Pillow."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(
            "This function needs Pillow to read and write images: `pip install pillow`."
        ) from None
    return Image


def resampling(name: str) -> Any:
    """The Pillow resampling filter called ``name`` (``"bilinear"``...)."""
    if name not in _RESAMPLING:
        raise ValueError(f"interpolation must be one of {_RESAMPLING}; received {name!r}.")
    return getattr(pil_image().Resampling, name.upper())


def array_to_img(
    x: Any, data_format: str | None = None, scale: bool = True, dtype: Any = None
) -> Any:
    """A Pillow image from a rank-3 array (1, 3 or 4 channels).

    With ``scale`` the values are shifted and scaled to span 0..255 first.
    """
    image_module = pil_image()
    data_format = config.standardize_data_format(data_format)
    x = np.asarray(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(
            f"array_to_img expects a rank-3 array (one image); received shape {x.shape}."
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x = x / peak
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return image_module.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image_module.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        f"array_to_img: unsupported number of channels {channels} (expected 1, 3 or 4)."
    )


def img_to_array(img: Any, data_format: str | None = None, dtype: Any = None) -> np.ndarray:
    """A Pillow image as a rank-3 array of ``dtype`` (floatx by default)."""
    data_format = config.standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        return x[None] if data_format == "channels_first" else x[:, :, None]
    raise ValueError(f"img_to_array: unsupported image shape {x.shape}.")


def save_img(
    path: Any,
    x: Any,
    data_format: str | None = None,
    file_format: str | None = None,
    scale: bool = True,
    **kwargs: Any,
) -> None:
    """Write array ``x`` as an image file (format from ``file_format`` or the suffix)."""
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    image = array_to_img(x, data_format=data_format, scale=scale)
    if image.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("JPEG cannot store an alpha channel; saving as RGB.", stacklevel=2)
        image = image.convert("RGB")
    image.save(path, format=file_format, **kwargs)


def load_img(
    path: Any,
    color_mode: str = "rgb",
    target_size: tuple[int, int] | None = None,
    interpolation: str = "nearest",
    keep_aspect_ratio: bool = False,
) -> Any:
    """Read an image file into a Pillow image.

    Args:
        path: file path or ``io.BytesIO``.
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        target_size: ``(height, width)`` to resize to, or ``None``.
        interpolation: resampling filter for the resize.
        keep_aspect_ratio: center-crop to the target aspect ratio before resizing.
    """
    image_module = pil_image()
    if isinstance(path, io.BytesIO):
        image = image_module.open(path)
    elif isinstance(path, (str, bytes, pathlib.Path)):
        with open(path, "rb") as stream:
            image = image_module.open(io.BytesIO(stream.read()))
    else:
        raise TypeError(
            f"load_img: path must be a path or io.BytesIO; received {type(path).__name__}."
        )
    if color_mode == "grayscale":
        if image.mode not in ("L", "I;16", "I"):
            image = image.convert("L")
    elif color_mode in ("rgb", "rgba"):
        mode = color_mode.upper()
        if image.mode != mode:
            image = image.convert(mode)
    else:
        raise ValueError(
            f'color_mode must be "grayscale", "rgb" or "rgba"; received {color_mode!r}.'
        )
    if target_size is None:
        return image
    size = (int(target_size[1]), int(target_size[0]))
    if image.size == size:
        return image
    box = crop_box(image.size, size) if keep_aspect_ratio else None
    return image.resize(size, resampling(interpolation), box=box)


def crop_box(size: tuple[int, int], target: tuple[int, int]) -> tuple[int, int, int, int]:
    """The centered ``(left, top, right, bottom)`` box of ``size`` (width, height) with the
    aspect ratio of ``target`` (width, height)."""
    width, height = size
    target_width, target_height = target
    crop_height = min(height, width * target_height // target_width)
    crop_width = min(width, height * target_width // target_height)
    top = (height - crop_height) // 2
    left = (width - crop_width) // 2
    return (left, top, left + crop_width, top + crop_height)
