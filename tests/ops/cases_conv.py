"""Cases for convolutions, pooling, pixel shuffles, fold/unfold, attention and CTC."""

import numpy as np

from . import references_conv as ref
from .harness import F32, cast, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []


def _channels(shape, data_format):
    """An input shape given channels-last -> the shape for ``data_format``."""
    if data_format == "channels_first":
        return (shape[0], shape[-1], *shape[1:-1])
    return shape


# label, input shape (channels last), kernel shape, strides, padding, dilation
CONVS = [
    ("1d_valid", (2, 7, 3), (3, 3, 4), 1, "valid", 1),
    ("1d_same_stride2", (2, 8, 3), (3, 3, 2), 2, "same", 1),
    ("1d_dilation2", (2, 9, 2), (3, 2, 3), 1, "valid", 2),
    ("2d_valid", (2, 6, 5, 3), (3, 3, 3, 4), 1, "valid", 1),
    ("2d_same", (2, 5, 5, 3), (3, 3, 3, 2), 1, "same", 1),
    ("2d_same_even_kernel", (1, 6, 6, 2), (2, 2, 2, 3), 1, "same", 1),
    ("2d_stride_tuple", (1, 7, 8, 2), (3, 2, 2, 3), (2, 3), "valid", 1),
    ("2d_same_stride2", (1, 7, 7, 2), (3, 3, 2, 2), 2, "same", 1),
    ("2d_dilation_tuple", (1, 7, 7, 2), (2, 3, 2, 2), 1, "valid", (2, 1)),
    ("2d_same_dilation2", (1, 6, 6, 2), (3, 3, 2, 2), 1, "same", 2),
    ("2d_groups2", (1, 5, 5, 4), (3, 3, 2, 6), 1, "valid", 1),
    ("3d_valid", (1, 4, 4, 4, 2), (2, 2, 2, 2, 3), 1, "valid", 1),
    ("3d_same_stride2", (1, 5, 4, 4, 2), (3, 3, 3, 2, 2), 2, "same", 1),
]
for label, shape, kernel_shape, strides, padding, dilation in CONVS:
    for data_format in ("channels_last", "channels_first"):
        if data_format == "channels_first" and label.endswith(
            ("stride_tuple", "groups2", "3d_valid")
        ):
            continue
        dtypes = (
            FLOATS if label in ("2d_valid", "1d_valid") and data_format == "channels_last" else F32
        )
        CASES += make(
            "conv",
            f"{label}_{data_format}",
            dtypes,
            lambda d, s=shape, k=kernel_shape, st=strides, p=padding, di=dilation, f=data_format: (
                (
                    np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                    if f == "channels_first"
                    else rand(s, d),
                    rand(k, d, -1, 1, seed=1),
                ),
                {"strides": st, "padding": p, "data_format": f, "dilation_rate": di},
            ),
            ref.conv,
            tol="loose",
        )

DEPTHWISE = [
    ("1d_valid", (2, 7, 3), (3, 3, 2), 1, "valid", 1),
    ("2d_same", (2, 5, 5, 3), (3, 3, 3, 1), 1, "same", 1),
    ("2d_stride2_mult2", (1, 6, 6, 2), (3, 3, 2, 2), 2, "valid", 1),
    ("2d_dilation2", (1, 7, 7, 2), (3, 3, 2, 1), 1, "same", 2),
]
for label, shape, kernel_shape, strides, padding, dilation in DEPTHWISE:
    for data_format in ("channels_last", "channels_first"):
        CASES += make(
            "depthwise_conv",
            f"{label}_{data_format}",
            FLOATS if label == "2d_same" and data_format == "channels_last" else F32,
            lambda d, s=shape, k=kernel_shape, st=strides, p=padding, di=dilation, f=data_format: (
                (
                    np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                    if f == "channels_first"
                    else rand(s, d),
                    rand(k, d, -1, 1, seed=1),
                ),
                {"strides": st, "padding": p, "data_format": f, "dilation_rate": di},
            ),
            ref.depthwise_conv,
            tol="loose",
        )
for data_format in ("channels_last", "channels_first"):
    for label, shape, depth_shape, point_shape, strides, padding in [
        ("2d_same", (1, 5, 5, 2), (3, 3, 2, 2), (1, 1, 4, 3), 1, "same"),
        ("1d_stride2", (2, 8, 3), (3, 3, 1), (1, 3, 2), 2, "valid"),
    ]:
        CASES += make(
            "separable_conv",
            f"{label}_{data_format}",
            F32,
            lambda d, s=shape, ds=depth_shape, ps=point_shape, st=strides, p=padding, f=data_format: (
                (
                    np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                    if f == "channels_first"
                    else rand(s, d),
                    rand(ds, d, -1, 1, seed=1),
                    rand(ps, d, -1, 1, seed=2),
                ),
                {"strides": st, "padding": p, "data_format": f},
            ),
            ref.separable_conv,
            tol="loose",
        )

TRANSPOSED = [
    ("1d_valid", (2, 5, 3), (3, 4, 3), 1, "valid", None, 1),
    ("1d_same_stride2", (2, 5, 3), (3, 2, 3), 2, "same", None, 1),
    ("2d_valid_stride2", (1, 4, 3, 2), (3, 3, 3, 2), 2, "valid", None, 1),
    ("2d_same_stride2", (1, 4, 4, 2), (3, 3, 2, 2), 2, "same", None, 1),
    ("2d_stride_gt_kernel", (1, 3, 3, 2), (2, 2, 2, 2), 3, "valid", None, 1),
    ("2d_output_padding", (1, 4, 4, 2), (3, 3, 2, 2), 2, "same", 1, 1),
    ("2d_valid_output_padding", (1, 3, 3, 2), (3, 3, 2, 2), 2, "valid", 1, 1),
    ("2d_dilation2", (1, 4, 4, 2), (3, 3, 2, 2), 1, "valid", None, 2),
    ("3d_same_stride2", (1, 3, 3, 3, 2), (2, 2, 2, 2, 2), 2, "same", None, 1),
]
for label, shape, kernel_shape, strides, padding, output_padding, dilation in TRANSPOSED:
    for data_format in ("channels_last", "channels_first"):
        if data_format == "channels_first" and label.startswith(("1d_valid", "3d")):
            continue
        CASES += make(
            "conv_transpose",
            f"{label}_{data_format}",
            FLOATS if label == "2d_same_stride2" and data_format == "channels_last" else F32,
            lambda d, s=shape, k=kernel_shape, st=strides, p=padding, o=output_padding, di=dilation, f=data_format: (
                (
                    np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                    if f == "channels_first"
                    else rand(s, d),
                    rand(k, d, -1, 1, seed=1),
                ),
                {
                    "strides": st,
                    "padding": p,
                    "output_padding": o,
                    "data_format": f,
                    "dilation_rate": di,
                },
            ),
            ref.conv_transpose,
            tol="loose",
        )

POOLS = [
    ("1d_valid", (2, 7, 3), 2, None, "valid"),
    ("1d_same_stride1", (2, 7, 3), 3, 1, "same"),
    ("2d_valid", (2, 6, 6, 3), 2, None, "valid"),
    ("2d_same_stride2", (1, 5, 5, 2), 3, 2, "same"),
    ("2d_tuple_pool", (1, 6, 5, 2), (2, 3), (2, 1), "valid"),
    ("3d_valid", (1, 4, 4, 4, 2), 2, None, "valid"),
]
for name, kind in [("max_pool", "max"), ("average_pool", "average")]:
    for label, shape, pool_size, strides, padding in POOLS:
        for data_format in ("channels_last", "channels_first"):
            if data_format == "channels_first" and label.startswith("3d"):
                continue
            CASES += make(
                name,
                f"{label}_{data_format}",
                FLOATS if label == "2d_valid" and data_format == "channels_last" else F32,
                lambda d, s=shape, ps=pool_size, st=strides, p=padding, f=data_format: (
                    (
                        np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                        if f == "channels_first"
                        else rand(s, d),
                        ps,
                    ),
                    {"strides": st, "padding": p, "data_format": f},
                ),
                lambda x, pool_size, k=kind, **kw: ref.pool(x, pool_size, kind=k, **kw),
                tol="x2",
            )
for name, kind in [("adaptive_max_pool", "max"), ("adaptive_average_pool", "average")]:
    for label, shape, output_size in [
        ("1d", (2, 7, 3), 3),
        ("2d", (2, 7, 5, 3), (3, 2)),
        ("2d_int", (1, 6, 6, 2), 4),
    ]:
        for data_format in ("channels_last", "channels_first"):
            CASES += make(
                name,
                f"{label}_{data_format}",
                FLOATS if label == "2d" and data_format == "channels_last" else F32,
                lambda d, s=shape, o=output_size, f=data_format: (
                    (
                        np.ascontiguousarray(np.moveaxis(rand(s, d), -1, 1))
                        if f == "channels_first"
                        else rand(s, d),
                        o,
                    ),
                    {"data_format": f},
                ),
                lambda x, output_size, data_format, k=kind: ref.adaptive_pool(
                    x, output_size, data_format, kind=k
                ),
                tol="x2",
            )
for data_format in ("channels_last", "channels_first"):
    CASES += make(
        "depth_to_space",
        data_format,
        ("float32", "int32"),
        lambda d, f=data_format: (
            (rand((2, 2, 3, 8) if f == "channels_last" else (2, 8, 2, 3), d, 0, 50), 2),
            {"data_format": f},
        ),
        ref.depth_to_space,
    )
    CASES += make(
        "space_to_depth",
        data_format,
        ("float32", "int32"),
        lambda d, f=data_format: (
            (rand((2, 4, 6, 2) if f == "channels_last" else (2, 2, 4, 6), d, 0, 50), 2),
            {"data_format": f},
        ),
        ref.space_to_depth,
    )
for label, kwargs in [
    ("k2", {"kernel_size": 2}),
    ("k3_pad1_stride2", {"kernel_size": 3, "padding": 1, "stride": 2}),
    ("k2_dilation2", {"kernel_size": (2, 2), "dilation": 2}),
]:
    CASES += make(
        "unfold",
        label,
        F32,
        lambda d, k=kwargs: ((rand((2, 3, 5, 6), d),), dict(k)),
        lambda x, **k: ref.unfold(x, **k),
    )
    shape = ref.unfold(np.zeros((2, 3, 5, 6)), **kwargs).shape
    CASES += make(
        "fold",
        label,
        F32,
        lambda d, k=kwargs, s=shape: ((rand(s, d),), {"output_size": (5, 6), **k}),
        lambda x, **k: ref.fold(x, **k),
    )

# Attention: (batch, length, heads, head_dim).
ATTENTION = [
    ("plain", {}, (2, 3, 2, 4), (2, 5, 2, 4)),
    ("causal", {"is_causal": True}, (2, 4, 2, 4), (2, 4, 2, 4)),
    ("scale", {"scale": 0.3}, (1, 3, 2, 4), (1, 3, 2, 4)),
    ("grouped_query", {}, (1, 3, 4, 4), (1, 5, 2, 4)),
]
for label, kwargs, q_shape, kv_shape in ATTENTION:
    CASES += make(
        "dot_product_attention",
        label,
        FLOATS if label == "plain" else F32,
        lambda d, k=kwargs, q=q_shape, kv=kv_shape: (
            (rand(q, d), rand(kv, d, seed=1), rand(kv, d, seed=2)),
            dict(k),
        ),
        ref.attention,
        tol="x4",
    )
CASES += make(
    "dot_product_attention",
    "mask",
    F32,
    lambda d: (
        (rand((2, 3, 2, 4), d), rand((2, 5, 2, 4), d, seed=1), rand((2, 5, 2, 4), d, seed=2)),
        {"mask": np.concatenate([np.ones((2, 1, 3, 3), bool), rand((2, 1, 3, 2), "bool")], -1)},
    ),
    ref.attention,
    tol="x4",
)
CASES += make(
    "dot_product_attention",
    "bias",
    F32,
    lambda d: (
        (rand((2, 3, 2, 4), d), rand((2, 5, 2, 4), d, seed=1), rand((2, 5, 2, 4), d, seed=2)),
        {"bias": rand((1, 2, 3, 5), d, seed=3)},
    ),
    ref.attention,
    tol="x4",
)

CASES += make(
    "ctc_loss",
    "batch2",
    F32,
    lambda d: (
        (
            np.array([[1, 2, 2, 0], [3, 1, 0, 0]], "int32"),
            rand((2, 8, 5), d, -2, 2),
            np.array([3, 2], "int32"),
            np.array([8, 6], "int32"),
        ),
        {},
    ),
    ref.ctc_loss,
    tol="x10",
)
CASES += make(
    "ctc_decode",
    "greedy",
    F32,
    lambda d: (
        (cast(np.log(rand((2, 6, 4), "float64", 0.05, 1)), d), np.array([6, 4], "int32")),
        {"strategy": "greedy", "mask_index": 0},
    ),
    lambda x, lengths, strategy, mask_index: ref.ctc_greedy_decode(x, lengths, True, mask_index),
    out=("int32", "float32"),
)
CASES += make(
    "ctc_decode",
    "greedy_no_merge",
    F32,
    lambda d: (
        (cast(np.log(rand((2, 6, 4), "float64", 0.05, 1, seed=3)), d), np.array([6, 5], "int32")),
        {"strategy": "greedy", "merge_repeated": False, "mask_index": 0},
    ),
    lambda x, lengths, strategy, merge_repeated, mask_index: ref.ctc_greedy_decode(
        x, lengths, merge_repeated, mask_index
    ),
    out=("int32", "float32"),
)
