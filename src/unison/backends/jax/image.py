"""The image family of the JAX backend."""

from unison.backends.jax.image_basic import (
    crop_images,
    extract_patches,
    extract_patches_3d,
    hsv_to_rgb,
    pad_images,
    resize,
    rgb_to_grayscale,
    rgb_to_hsv,
)
from unison.backends.jax.image_geometry import (
    affine_transform,
    elastic_transform,
    gaussian_blur,
    map_coordinates,
    perspective_transform,
    scale_and_translate,
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
