"""Cases for shape manipulation, joining/splitting, indexing and scatter/slice ops."""

import numpy as np

from .harness import F32, F32_I32, cast, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []
ANY = (*FLOATS, "int32", "bool")
SOME = ("float32", "bfloat16", "int32", "bool")


def _x(shape, seed=0):
    return lambda d: rand(shape, d, -5, 5, seed=seed)


def simple(op, label, dtypes, shape, kwargs, reference, args=(), out="same", **options):
    """A case whose first argument is one random array of ``shape``."""
    return make(
        op,
        label,
        dtypes,
        lambda d: ((rand(shape, d, -5, 5), *args), dict(kwargs)),
        reference,
        out=out,
        **options,
    )


CASES += simple("reshape", "flatten_neg1", SOME, (2, 3, 4), {}, np.reshape, args=((6, -1),))
CASES += simple("reshape", "to_rank1", F32, (2, 3), {}, np.reshape, args=((6,),))
CASES += simple("ravel", "rank3", SOME, (2, 3, 4), {}, np.ravel)
CASES += simple("transpose", "default", SOME, (2, 3, 4), {}, np.transpose)
CASES += simple(
    "transpose", "axes", F32, (2, 3, 4), {"axes": (1, 0, 2)}, lambda x, axes: np.transpose(x, axes)
)
CASES += simple(
    "transpose",
    "neg_axes",
    F32,
    (2, 3, 4),
    {"axes": (-1, 0, 1)},
    lambda x, axes: np.transpose(x, axes),
)
CASES += simple("swapaxes", "neg", SOME, (2, 3, 4), {}, np.swapaxes, args=(0, -1))
CASES += simple("moveaxis", "int", SOME, (2, 3, 4), {}, np.moveaxis, args=(0, -1))
CASES += simple("moveaxis", "tuple", F32, (2, 3, 4), {}, np.moveaxis, args=((0, 1), (2, 0)))
CASES += simple("expand_dims", "neg", SOME, (2, 3), {}, np.expand_dims, args=(-1,))
CASES += simple("expand_dims", "tuple", F32, (2, 3), {}, np.expand_dims, args=((0, 2),))
CASES += simple("squeeze", "all", SOME, (1, 3, 1), {}, np.squeeze)
CASES += simple(
    "squeeze", "axis", F32, (1, 3, 1), {"axis": -1}, lambda x, axis: np.squeeze(x, axis)
)
CASES += simple(
    "squeeze", "tuple", F32, (1, 3, 1), {"axis": (0, 2)}, lambda x, axis: np.squeeze(x, axis)
)
CASES += simple("flip", "all", SOME, (2, 3), {}, np.flip)
CASES += simple("flip", "axis", F32, (2, 3, 4), {"axis": -1}, lambda x, axis: np.flip(x, axis))
CASES += simple("flip", "tuple", F32, (2, 3, 4), {"axis": (0, 2)}, lambda x, axis: np.flip(x, axis))
CASES += simple("fliplr", "2d", SOME, (3, 4), {}, np.fliplr)
CASES += simple("flipud", "2d", SOME, (3, 4), {}, np.flipud)
CASES += simple("rot90", "k1", SOME, (3, 4), {}, np.rot90)
CASES += simple(
    "rot90",
    "k3_axes",
    F32,
    (2, 3, 4),
    {"k": 3, "axes": (1, 2)},
    lambda x, k, axes: np.rot90(x, k, axes),
)
CASES += simple("roll", "flat", SOME, (3, 4), {}, np.roll, args=(2,))
CASES += simple(
    "roll",
    "axis_neg",
    F32,
    (3, 4),
    {"axis": -1},
    lambda x, s, axis: np.roll(x, s, axis),
    args=(-1,),
)
CASES += simple(
    "roll",
    "tuple",
    F32,
    (3, 4),
    {"axis": (0, 1)},
    lambda x, s, axis: np.roll(x, s, axis),
    args=((1, 2),),
)
CASES += simple("tile", "int", SOME, (2, 3), {}, np.tile, args=(2,))
CASES += simple("tile", "tuple", F32, (2, 3), {}, np.tile, args=((2, 1, 2),))
CASES += simple("repeat", "flat", SOME, (2, 3), {}, np.repeat, args=(2,))
CASES += simple(
    "repeat", "axis", F32, (2, 3), {"axis": 1}, lambda x, r, axis: np.repeat(x, r, axis), args=(2,)
)
CASES += simple(
    "repeat",
    "per_item",
    F32,
    (2, 3),
    {"axis": 0},
    lambda x, r, axis: np.repeat(x, r, axis),
    args=(np.array([1, 3], "int32"),),
)
CASES += simple("broadcast_to", "expand", SOME, (3, 1), {}, np.broadcast_to, args=((2, 3, 4),))
for name in ("tril", "triu"):
    for k in (0, -1, 1):
        CASES += simple(
            name,
            f"k{k}",
            (*FLOATS, "int32"),
            (4, 5),
            {"k": k},
            lambda x, k, ref=getattr(np, name): ref(x, k),
        )
    CASES += simple(name, "batched", F32, (2, 3, 3), {}, getattr(np, name))
CASES += simple("diag", "from_1d", F32_I32, (3,), {"k": 1}, lambda x, k: np.diag(x, k))
CASES += simple("diag", "from_2d", F32_I32, (3, 4), {"k": -1}, lambda x, k: np.diag(x, k))
CASES += simple("diagflat", "2d", F32, (2, 2), {"k": 1}, lambda x, k: np.diagflat(x, k))
CASES += simple("diagonal", "default", F32_I32, (3, 4), {}, np.diagonal)
CASES += simple(
    "diagonal",
    "3d_offset",
    F32,
    (2, 3, 4),
    {"offset": 1, "axis1": 1, "axis2": 2},
    lambda x, **k: np.diagonal(x, **k),
)
CASES += simple("size", "3d", F32, (2, 3, 4), {}, np.size, out="python")
CASES += simple("ndim", "3d", F32, (2, 3, 4), {}, np.ndim, out="python")
CASES += simple("shape", "3d", F32, (2, 3, 4), {}, np.shape, out="python")
CASES += simple("shape", "empty", F32, (0, 3), {}, np.shape, out="python")
CASES += simple("vander", "default", F32, (4,), {}, np.vander, tol="x4")
CASES += simple(
    "vander",
    "N_increasing",
    F32,
    (4,),
    {"N": 3, "increasing": True},
    lambda x, N, increasing: np.vander(x, N, increasing),
)

# Joining.
for name in ("concatenate", "stack"):
    for axis in (0, -1):
        CASES += make(
            name,
            f"axis{axis}",
            SOME,
            lambda d, a=axis: (
                ([rand((2, 3), d, -5, 5), rand((2, 3), d, -5, 5, seed=1)],),
                {"axis": a},
            ),
            lambda xs, axis, ref=getattr(np, name): ref(xs, axis=axis),
        )
CASES += make(
    "concatenate",
    "mixed_dtypes",
    ("float32",),
    lambda d: (([rand((2, 3), "int32", -5, 5), rand((1, 3), d)],), {}),
    lambda xs: np.concatenate(xs),
)
CASES += make(
    "concatenate",
    "empty_piece",
    F32,
    lambda d: (([np.zeros((0, 3), d), rand((2, 3), d)],), {}),
    lambda xs: np.concatenate(xs),
)
for name in ("hstack", "vstack", "dstack"):
    CASES += make(
        name,
        "2d",
        ("float32", "int32"),
        lambda d: (([rand((2, 3), d, -5, 5), rand((2, 3), d, -5, 5, seed=1)],), {}),
        getattr(np, name),
    )
CASES += make(
    "append",
    "flat",
    F32_I32,
    lambda d: ((rand((2, 3), d, -5, 5), rand((3,), d, -5, 5, seed=1)), {}),
    np.append,
)
CASES += make(
    "append",
    "axis0",
    F32,
    lambda d: ((rand((2, 3), d), rand((1, 3), d, seed=1)), {"axis": 0}),
    lambda a, b, axis: np.append(a, b, axis=axis),
)

# Splitting (results are lists).
for name, shape, sections in [
    ("split", (6, 2), 3),
    ("split", (6, 2), [1, 4]),
    ("array_split", (7, 2), 3),
    ("hsplit", (2, 4), 2),
    ("vsplit", (4, 2), 2),
    ("dsplit", (2, 2, 4), [1]),
]:
    CASES += make(
        name,
        f"sections_{sections}".replace(" ", ""),
        ("float32", "int32"),
        lambda d, s=shape, n=sections: ((rand(s, d, -5, 5), n), {}),
        lambda x, n, ref=getattr(np, name): ref(x, n),
    )
CASES += make(
    "split",
    "axis_neg",
    F32,
    lambda d: ((rand((2, 6), d), 2), {"axis": -1}),
    lambda x, n, axis: np.split(x, n, axis=axis),
)
CASES += make(
    "unstack",
    "axis1",
    F32_I32,
    lambda d: ((rand((2, 3, 2), d, -5, 5),), {"axis": 1}),
    lambda x, axis: [x[:, i] for i in range(x.shape[1])],
)
CASES += make("unstack", "default", F32, lambda d: ((rand((3, 2), d),), {}), lambda x: list(x))

# Indexing and gathering.
CASES += make(
    "take",
    "axis0",
    SOME,
    lambda d: ((rand((4, 3), d, -5, 5), np.array([2, 0, 3], "int32")), {"axis": 0}),
    lambda x, i, axis: np.take(x, i, axis=axis),
    out=lambda d: d,
)
CASES += make(
    "take",
    "flat_2d_indices",
    F32,
    lambda d: ((rand((4, 3), d), np.array([[0, 5], [11, 2]], "int32")), {}),
    lambda x, i: np.take(x, i),
    out=lambda d: d,
)
CASES += make(
    "take",
    "negative_indices",
    F32,
    lambda d: ((rand((4, 3), d), np.array([-1, 0], "int32")), {"axis": -1}),
    lambda x, i, axis: np.take(x, i, axis=axis),
    out=lambda d: d,
)
CASES += make(
    "take_along_axis",
    "argsort",
    F32_I32,
    lambda d: (
        (
            rand((3, 4), d, -5, 5),
            np.argsort(rand((3, 4), "float32", seed=2), axis=1).astype("int32"),
        ),
        {"axis": 1},
    ),
    lambda x, i, axis: np.take_along_axis(x, i, axis=axis),
    out=lambda d: d,
)
for label, key in [
    ("int", 1),
    ("slice", (slice(None), slice(1, 3))),
    ("neg_step", (slice(None, None, -1), 0)),
    ("newaxis", (None, Ellipsis, 1)),
]:
    CASES += make(
        "get_item",
        label,
        ("float32", "int32"),
        lambda d, key=key: ((rand((3, 4), d, -5, 5), key), {}),
        lambda x, key: x[key],
    )
CASES += make(
    "get_item",
    "bool_mask",
    F32,
    lambda d: ((rand((3, 4), d), rand((3, 4), "float32", seed=4) > 0), {}),
    lambda x, mask: x[mask],
)
CASES += make(
    "where",
    "three_args",
    SOME,
    lambda d: ((rand((3, 4), "bool"), rand((3, 4), d, -5, 5), rand((1, 4), d, -5, 5, seed=1)), {}),
    np.where,
)
CASES += make(
    "where",
    "python_scalar",
    ("float32", "int32"),
    lambda d: ((rand((3, 4), "bool"), rand((3, 4), d, -5, 5), 0), {}),
    np.where,
)
CASES += make(
    "where",
    "one_arg",
    F32,
    lambda d: ((cast([[0, 1], [1, 0]], "bool"),), {}),
    np.where,
    out="int32",
)
CASES += make(
    "select",
    "two_conditions",
    F32_I32,
    lambda d: (
        (
            [rand((5,), "float32", seed=1) > 0, rand((5,), "float32", seed=2) > 0],
            [rand((5,), d, -5, 5), rand((5,), d, -5, 5, seed=3)],
        ),
        {"default": 7},
    ),
    lambda c, v, default: np.select(c, v, default),
)
for mode, kwargs in [
    ("constant", {}),
    ("constant_value", {"constant_values": 2}),
    ("reflect", {"mode": "reflect"}),
    ("symmetric", {"mode": "symmetric"}),
    ("edge", {"mode": "edge"}),
]:
    CASES += make(
        "pad",
        mode,
        ("float32", "int32"),
        lambda d, k=kwargs: ((rand((3, 4), d, -5, 5), ((1, 2), (2, 1))), dict(k)),
        lambda x, w, **k: np.pad(x, w, **k),
    )
CASES += make(
    "unravel_index",
    "2d",
    ("int32",),
    lambda d: ((np.array([0, 5, 11], d), (3, 4)), {}),
    np.unravel_index,
    out="int32",
)
CASES += make(
    "view",
    "float_to_int",
    F32,
    lambda d: ((rand((2, 3), d),), {"dtype": "int32"}),
    lambda x, dtype: x.astype(np.float32).view(np.int32),
    out="int32",
)
CASES += make(
    "view",
    "int_to_float16_pairs",
    ("int32",),
    lambda d: ((rand((2, 3), d, 0, 5000),), {"dtype": "float16"}),
    lambda x, dtype: x.view(np.float16).astype(np.float64),
    out="float16",
)

# Slices and scatter.
CASES += make(
    "slice",
    "2d",
    SOME,
    lambda d: ((rand((4, 5), d, -5, 5), (1, 2), (2, 3)), {}),
    lambda x, start, shape: x[1:3, 2:5],
)
CASES += make(
    "slice_update",
    "2d",
    ("float32", "bfloat16", "int32"),
    lambda d: ((rand((4, 5), d, -5, 5), (1, 2), rand((2, 3), d, -5, 5, seed=1)), {}),
    lambda x, start, update: _updated(x, (slice(1, 3), slice(2, 5)), update),
)


def _updated(x, index, update):
    x = x.copy()
    x[index] = update
    return x


def _scatter(indices, values, shape):
    out = np.zeros(shape, values.dtype)
    for index, value in zip(indices, values, strict=False):
        out[tuple(index)] += value
    return out


CASES += make(
    "scatter",
    "duplicates_add",
    F32_I32,
    lambda d: ((np.array([[0, 1], [2, 0], [0, 1]], "int32"), rand((3,), d, -5, 5), (3, 2)), {}),
    _scatter,
    out=lambda d: d,
)
CASES += make(
    "scatter",
    "slices",
    F32,
    lambda d: ((np.array([[1], [0]], "int32"), rand((2, 3), d), (3, 3)), {}),
    _scatter,
    out=lambda d: d,
)


def _scatter_update(x, indices, updates):
    x = x.copy()
    for index, value in zip(indices, updates, strict=False):
        x[tuple(index)] = value
    return x


CASES += make(
    "scatter_update",
    "points",
    ("float32", "bfloat16", "int32"),
    lambda d: (
        (rand((3, 4), d, -5, 5), np.array([[0, 1], [2, 3]], "int32"), rand((2,), d, -5, 5, seed=1)),
        {},
    ),
    _scatter_update,
)
CASES += make(
    "scatter_update",
    "rows",
    F32,
    lambda d: ((rand((3, 4), d), np.array([[2]], "int32"), rand((1, 4), d, seed=1)), {}),
    _scatter_update,
)

# einops-style rearrange.
for pattern, shape, lengths, reference in [
    ("b h w c -> b c h w", (2, 3, 4, 5), {}, lambda x: x.transpose(0, 3, 1, 2)),
    ("b h w c -> b (h w) c", (2, 3, 4, 5), {}, lambda x: x.reshape(2, 12, 5)),
    ("b (h w) c -> b h w c", (2, 12, 5), {"h": 3}, lambda x: x.reshape(2, 3, 4, 5)),
    ("b h w c -> (b h) w c", (2, 3, 4, 5), {}, lambda x: x.reshape(6, 4, 5)),
]:
    CASES += make(
        "rearrange",
        pattern.replace(" ", "").replace("->", "_to_"),
        ("float32", "int32"),
        lambda d, s=shape, p=pattern, k=lengths: ((rand(s, d, -5, 5), p), dict(k)),
        lambda x, p, ref=reference, **k: ref(x),
    )
for indexing in ("xy", "ij"):
    CASES += make(
        "meshgrid",
        indexing,
        ("float32", "int32"),
        lambda d, i=indexing: (
            (rand((3,), d, -5, 5), rand((4,), d, -5, 5, seed=1)),
            {"indexing": i},
        ),
        lambda x, y, indexing: np.meshgrid(x, y, indexing=indexing),
    )
