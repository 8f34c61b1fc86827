"""``unison.ops.image`` on NumPy arrays (re-exported from the image_* modules)."""

from unison.backends.numpy.image_resize import (
    crop_images,
    extract_patches,
    extract_patches_3d,
    pad_images,
    resize,
    scale_and_translate,
)
from unison.backends.numpy.image_transform import (
    affine_transform,
    elastic_transform,
    gaussian_blur,
    hsv_to_rgb,
    map_coordinates,
    perspective_transform,
    rgb_to_grayscale,
    rgb_to_hsv,
    sobel_edges,
    ssim,
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
