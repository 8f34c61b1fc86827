"""Cases for ``ops.image``; references in ``references_image`` follow Keras (checked on JAX)."""

import numpy as np

from . import references_image as ref
from .harness import F32, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []
FORMATS = ("channels_last", "channels_first")


def _image(shape, d, data_format, low=0.0, high=1.0, seed=0):
    x = rand(shape, d, low, high, seed=seed)
    return np.ascontiguousarray(np.moveaxis(x, -1, 1)) if data_format == "channels_first" else x


for data_format in FORMATS:
    for label, size, method, antialias in [
        ("bilinear_up", (7, 9), "bilinear", False),
        ("bilinear_down", (3, 2), "bilinear", False),
        ("bilinear_down_antialias", (3, 2), "bilinear", True),
        ("nearest_up", (7, 9), "nearest", False),
        ("nearest_down", (3, 2), "nearest", False),
        ("bicubic_up", (7, 9), "bicubic", False),
        ("lanczos3_down", (3, 4), "lanczos3", False),
    ]:
        CASES += make(
            "resize",
            f"{label}_{data_format}",
            FLOATS if label == "bilinear_up" and data_format == "channels_last" else F32,
            lambda d, s=size, m=method, a=antialias, f=data_format: (
                (_image((2, 5, 6, 3), d, f), s),
                {"interpolation": m, "antialias": a, "data_format": f},
            ),
            ref.resize,
            tol="x10",
        )


def _center_crop_then_resize(images, size, crop_to_aspect_ratio, interpolation):
    height, width = images.shape[1:3]
    crop_height = max(min(height, int(width * size[0] / size[1])), 1)
    crop_width = max(min(width, int(height * size[1] / size[0])), 1)
    top, left = int((height - crop_height) / 2), int((width - crop_width) / 2)
    cropped = images[:, top : top + crop_height, left : left + crop_width]
    return ref.resize(cropped, size, interpolation)


def _pad_then_resize(images, size, pad_to_aspect_ratio, interpolation, fill_value):
    height, width = images.shape[1:3]
    pad_height = max(height, int(width * size[0] / size[1]))
    pad_width = max(width, int(height * size[1] / size[0]))
    top, left = int((pad_height - height) / 2), int((pad_width - width) / 2)
    padded = np.full((images.shape[0], pad_height, pad_width, images.shape[3]), fill_value)
    padded[:, top : top + height, left : left + width] = images
    return ref.resize(padded, size, interpolation)


CASES += make(
    "resize",
    "crop_to_aspect_ratio",
    F32,
    lambda d: (
        (_image((1, 6, 9, 2), d, "channels_last"), (4, 4)),
        {"crop_to_aspect_ratio": True, "interpolation": "nearest"},
    ),
    _center_crop_then_resize,
)
CASES += make(
    "resize",
    "pad_to_aspect_ratio",
    F32,
    lambda d: (
        (_image((1, 4, 8, 2), d, "channels_last"), (6, 6)),
        {"pad_to_aspect_ratio": True, "interpolation": "nearest", "fill_value": 0.5},
    ),
    _pad_then_resize,
)
CASES += make(
    "resize",
    "unbatched",
    F32,
    lambda d: ((rand((5, 6, 3), d, 0, 1), (10, 12)), {}),
    lambda x, size: ref.resize(x[None], size)[0],
    tol="x10",
)
CASES += make(
    "scale_and_translate",
    "linear_antialias",
    F32,
    lambda d: (
        (
            rand((1, 6, 6, 2), d, 0, 1),
            (1, 4, 5, 2),
            np.array([0.7, 0.9], d),
            np.array([0.5, -0.3], d),
            (1, 2),
            "linear",
        ),
        {"antialias": True},
    ),
    ref.scale_and_translate,
    tol="x10",
)
CASES += make(
    "scale_and_translate",
    "cubic_no_antialias",
    F32,
    lambda d: (
        (
            rand((1, 5, 5, 1), d, 0, 1),
            (1, 8, 7, 1),
            np.array([1.6, 1.4], d),
            np.array([0.0, 0.2], d),
            (1, 2),
            "cubic",
        ),
        {"antialias": False},
    ),
    ref.scale_and_translate,
    tol="x10",
)
for data_format in FORMATS:
    CASES += make(
        "rgb_to_grayscale",
        data_format,
        FLOATS,
        lambda d, f=data_format: ((_image((2, 3, 4, 3), d, f),), {"data_format": f}),
        ref.rgb_to_grayscale,
        tol="x2",
    )
    CASES += make(
        "rgb_to_hsv",
        data_format,
        ("float32", "float16"),
        lambda d, f=data_format: ((_image((2, 3, 4, 3), d, f),), {"data_format": f}),
        ref.rgb_to_hsv,
        tol="x4",
    )
    CASES += make(
        "hsv_to_rgb",
        data_format,
        ("float32", "float16"),
        lambda d, f=data_format: ((_image((2, 3, 4, 3), d, f),), {"data_format": f}),
        ref.hsv_to_rgb,
        tol="x4",
    )
    CASES += make(
        "gaussian_blur",
        data_format,
        F32,
        lambda d, f=data_format: (
            (_image((2, 6, 5, 2), d, f),),
            {"kernel_size": (3, 5), "sigma": (1.0, 2.0), "data_format": f},
        ),
        ref.gaussian_blur,
        tol="x4",
    )
    CASES += make(
        "sobel_edges",
        data_format,
        F32,
        lambda d, f=data_format: ((_image((2, 5, 6, 2), d, f),), {"data_format": f}),
        ref.sobel_edges,
        tol="x4",
    )
    for label, kwargs in [
        ("size2", {"size": 2}),
        ("size3_stride1_same", {"size": (3, 3), "strides": 1, "padding": "same"}),
        ("dilation2", {"size": 2, "strides": 1, "dilation_rate": 2}),
    ]:
        CASES += make(
            "extract_patches",
            f"{label}_{data_format}",
            F32,
            lambda d, k=kwargs, f=data_format: (
                (_image((2, 6, 6, 2), d, f),),
                {**k, "data_format": f},
            ),
            ref.extract_patches,
        )
    CASES += make(
        "extract_patches_3d",
        data_format,
        F32,
        lambda d, f=data_format: ((_image((1, 4, 4, 4, 2), d, f),), {"size": 2, "data_format": f}),
        ref.extract_patches_3d,
    )
    CASES += make(
        "ssim",
        data_format,
        F32,
        lambda d, f=data_format: (
            (_image((2, 12, 13, 3), d, f), _image((2, 12, 13, 3), d, f, seed=1)),
            {"filter_size": 5, "data_format": f},
        ),
        ref.ssim,
        tol="x10",
    )

_TRANSFORMS = {
    "rotate_shift": np.array(
        [[0.9, -0.3, 1.13, 0.3, 0.9, -0.41, 0, 0], [1, 0, 0.4, 0, 1, 0.3, 0, 0]]
    ),
    "zoom": np.array([[0.6, 0, 1.03, 0, 0.7, 0.81, 0, 0]] * 2),
}
for name, transform in _TRANSFORMS.items():
    for interpolation in ("bilinear", "nearest"):
        for fill_mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
            if name == "zoom" and fill_mode != "constant":
                continue
            CASES += make(
                "affine_transform",
                f"{name}_{interpolation}_{fill_mode}",
                F32,
                lambda d, t=transform, i=interpolation, m=fill_mode: (
                    (_image((2, 5, 6, 2), d, "channels_last"), t.astype("float32")),
                    {"interpolation": i, "fill_mode": m, "fill_value": 0.25},
                ),
                ref.affine_transform,
                tol="x4",
            )
CASES += make(
    "affine_transform",
    "channels_first",
    F32,
    lambda d: (
        (_image((2, 5, 6, 2), d, "channels_first"), _TRANSFORMS["rotate_shift"].astype("float32")),
        {"data_format": "channels_first"},
    ),
    ref.affine_transform,
    tol="x4",
)
for order in (0, 1):
    for fill_mode in ("constant", "nearest", "wrap", "mirror", "reflect"):
        CASES += make(
            "map_coordinates",
            f"order{order}_{fill_mode}",
            F32,
            lambda d, o=order, m=fill_mode: (
                (rand((4, 5), d), rand((2, 3, 3), d, -2.3, 6.2, seed=1), o),
                {"fill_mode": m, "fill_value": -1.0},
            ),
            lambda x, c, o, **k: ref.map_coordinates(x, list(c), o, **k),
            tol="x4",
        )
_START = np.array([[[0, 0], [5, 0], [0, 4], [5, 4]], [[1, 0], [5, 1], [0, 4], [4, 4]]], "float32")
_END = np.array(
    [[[0.5, 0.2], [5, 0], [0, 4], [4.5, 4]], [[0, 0], [5, 0], [0, 4], [5, 4]]], "float32"
)
for interpolation in ("bilinear", "nearest"):
    CASES += make(
        "perspective_transform",
        interpolation,
        F32,
        lambda d, i=interpolation: (
            (_image((2, 5, 6, 2), d, "channels_last"), _START, _END),
            {"interpolation": i},
        ),
        ref.perspective_transform,
        tol="x10",
    )
for data_format in FORMATS:
    axis = (1, 2) if data_format == "channels_last" else (2, 3)
    CASES += make(
        "crop_images",
        f"offsets_targets_{data_format}",
        ("float32", "int32"),
        lambda d, f=data_format: (
            (_image((2, 6, 7, 2), d, f, 0, 50),),
            {
                "top_cropping": 1,
                "left_cropping": 2,
                "target_height": 3,
                "target_width": 4,
                "data_format": f,
            },
        ),
        lambda x, data_format, **k: (
            x[:, 1:4, 2:6] if data_format == "channels_last" else x[:, :, 1:4, 2:6]
        ),
    )
    CASES += make(
        "pad_images",
        f"offsets_targets_{data_format}",
        ("float32", "int32"),
        lambda d, f=data_format: (
            (_image((2, 3, 4, 2), d, f, 0, 50),),
            {
                "top_padding": 1,
                "left_padding": 2,
                "target_height": 6,
                "target_width": 7,
                "data_format": f,
            },
        ),
        lambda x, data_format, **k: np.pad(
            x,
            [(0, 0), (1, 2), (2, 1), (0, 0)]
            if data_format == "channels_last"
            else [(0, 0), (0, 0), (1, 2), (2, 1)],
        ),
    )
CASES += make(
    "crop_images",
    "bottom_right",
    F32,
    lambda d: (
        (rand((6, 7, 2), d),),
        {"top_cropping": 1, "bottom_cropping": 2, "left_cropping": 0, "right_cropping": 3},
    ),
    lambda x, **k: x[1:4, 0:4],
)
CASES += make(
    "pad_images",
    "bottom_right",
    F32,
    lambda d: (
        (rand((2, 3, 2), d),),
        {"top_padding": 1, "bottom_padding": 0, "left_padding": 2, "right_padding": 1},
    ),
    lambda x, **k: np.pad(x, [(1, 0), (2, 1), (0, 0)]),
)
# elastic_transform is random; with alpha=0 the displacement vanishes and it is the identity.
CASES += make(
    "elastic_transform",
    "alpha0_identity",
    F32,
    lambda d: ((rand((2, 6, 6, 2), d),), {"alpha": 0.0, "sigma": 1.0, "seed": 3}),
    lambda x, **k: x,
    tol="x4",
)
