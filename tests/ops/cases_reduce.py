"""Cases for reductions, scans, sorting, searching, counting and statistics."""

import numpy as np

from .harness import F32, F32_I32, cast, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []

AXES = [
    ("all", {}),
    ("axis1", {"axis": 1}),
    ("axis_neg1_keepdims", {"axis": -1, "keepdims": True}),
    ("axes02", {"axis": (0, 2)}),
    ("none_keepdims", {"axis": None, "keepdims": True}),
]


def _np_axis(kwargs):
    return {k: v for k, v in kwargs.items()}


# name, reference, dtypes, expected dtype rule, tolerance
REDUCTIONS = [
    ("sum", np.sum, (*FLOATS, "int32"), "same", "x4"),
    ("prod", np.prod, (*FLOATS, "int32"), "same", "x4"),
    ("mean", np.mean, (*FLOATS, "int32"), "float", "x4"),
    ("std", np.std, (*FLOATS,), "float", "x8"),
    ("var", np.var, (*FLOATS,), "float", "x8"),
    ("max", np.max, (*FLOATS, "int32"), "same", "default"),
    ("min", np.min, (*FLOATS, "int32"), "same", "default"),
    ("amax", np.amax, ("float32", "int32"), "same", "default"),
    ("amin", np.amin, ("float32", "int32"), "same", "default"),
    ("ptp", np.ptp, ("float32", "int32"), "same", "default"),
    ("median", np.median, ("float32",), "float", "default"),
    ("logsumexp", None, FLOATS, "float", "x4"),
    ("nansum", np.nansum, F32, "same", "default"),
    ("nanmean", np.nanmean, F32, "float", "default"),
    ("nanmax", np.nanmax, F32, "same", "default"),
    ("nanmin", np.nanmin, F32, "same", "default"),
    ("nanprod", np.nanprod, F32, "same", "default"),
    ("nanstd", np.nanstd, F32, "float", "x4"),
    ("nanvar", np.nanvar, F32, "float", "x4"),
    ("nanmedian", np.nanmedian, F32, "float", "default"),
]


def _logsumexp(x, axis=None, keepdims=False):
    peak = np.max(x, axis=axis, keepdims=True)
    value = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    return value if keepdims else np.squeeze(value, axis=axis)


def _with_nans(dtype):
    x = rand((2, 3, 4), dtype, 0.5, 1.5)
    x[0, 1, 2] = np.nan
    x[1, 0, 0] = np.nan
    return x


for name, reference, dtypes, out, tol in REDUCTIONS:
    reference = reference or _logsumexp
    maker = _with_nans if name.startswith("nan") else (lambda d: rand((2, 3, 4), d, 0.5, 1.5))
    for label, kwargs in AXES:
        if name in ("median", "nanmedian") and label == "axes02":
            continue
        CASES += make(
            name,
            label,
            dtypes if label in ("all", "axis1") else F32,  # other dtypes: two axis variants
            lambda d, k=kwargs, m=maker: ((m(d),), dict(k)),
            lambda x, ref=reference, **k: ref(x, **k),
            out=out,
            tol=tol,
        )

for name, reference in [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("prod", np.prod)]:
    CASES += make(
        name,
        "signed_ints",
        ("int32",),
        lambda d: ((rand((3, 4), d, -5, 5),), {"axis": 0}),
        lambda x, axis, ref=reference: ref(x, axis=axis),
        out="float32" if name == "mean" else "int32",
    )
CASES += make(
    "sum", "bool", ("bool",), lambda d: ((rand((3, 4), d),), {"axis": 1}), np.sum, out="int32"
)
CASES += make("sum", "empty", F32, lambda d: ((np.zeros((0, 3), d),), {"axis": 0}), np.sum)
CASES += make(
    "max",
    "initial",
    F32_I32,
    lambda d: ((rand((3, 4), d, -5, 5),), {"axis": 1, "initial": 2}),
    lambda x, axis, initial: np.max(x, axis=axis, initial=initial),
)
CASES += make(
    "min",
    "initial",
    F32_I32,
    lambda d: ((rand((3, 4), d, -5, 5),), {"axis": 0, "initial": -1}),
    lambda x, axis, initial: np.min(x, axis=axis, initial=initial),
)
CASES += make(
    "max",
    "nan",
    F32,
    lambda d: ((cast([1.0, np.nan, 3.0], d),), {}),
    np.max,
)
for name, reference in [("all", np.all), ("any", np.any)]:
    for label, kwargs in AXES:
        CASES += make(
            name,
            label,
            ("bool", "float32", "int32"),
            lambda d, k=kwargs: (
                (
                    rand((2, 3, 4), d, 0, 2)
                    if d != "float32"
                    else np.round(rand((2, 3, 4), d, 0, 1.2)),
                ),
                dict(k),
            ),
            lambda x, ref=reference, **k: ref(x, **k),
            out="bool",
        )
for name, reference in [
    ("argmax", np.argmax),
    ("argmin", np.argmin),
    ("nanargmax", np.nanargmax),
    ("nanargmin", np.nanargmin),
]:
    for label, kwargs in [
        ("flat", {}),
        ("axis1", {"axis": 1}),
        ("neg_keepdims", {"axis": -1, "keepdims": True}),
    ]:
        dtypes = F32 if name.startswith("nan") else (*FLOATS, "int32")
        CASES += make(
            name,
            label,
            dtypes,
            lambda d, k=kwargs, n=name: (
                ((_with_nans(d) if n.startswith("nan") else rand((2, 3, 4), d, -50, 50)),),
                dict(k),
            ),
            lambda x, ref=reference, **k: ref(x, **k),
            out="int32",
        )

CASES += make(
    "count_nonzero",
    "axis",
    ("float32", "int32", "bool"),
    lambda d: (
        (rand((3, 4), d, -2, 2).round() if d == "float32" else rand((3, 4), d, -2, 2),),
        {"axis": 1},
    ),
    lambda x, axis: np.count_nonzero(x, axis=axis),
    out="int32",
)
CASES += make(
    "count_nonzero",
    "all",
    F32_I32,
    lambda d: ((rand((3, 4), d, -2, 2).round(),), {}),
    np.count_nonzero,
    out="int32",
)
for q_label, q in [("scalar", 50.0), ("vector", np.array([10.0, 50.0, 90.0], "float32"))]:
    for method in ("linear", "lower", "higher", "nearest", "midpoint"):
        CASES += make(
            "percentile",
            f"{q_label}_{method}",
            F32,
            lambda d, q=q, m=method: ((rand((3, 5), d), q), {"axis": 1, "method": m}),
            lambda x, q, axis, method: np.percentile(x, q, axis=axis, method=method),
            out="float32",
        )
        CASES += make(
            "quantile",
            f"{q_label}_{method}",
            F32,
            lambda d, q=q, m=method: (
                (rand((3, 5), d), np.asarray(q) / 100),
                {"axis": 1, "method": m},
            ),
            lambda x, q, axis, method: np.quantile(x, q, axis=axis, method=method),
            out="float32",
        )
CASES += make(
    "nanpercentile",
    "axis",
    F32,
    lambda d: ((_with_nans(d), 30.0), {"axis": -1}),
    lambda x, q, axis: np.nanpercentile(x, q, axis=axis),
)
CASES += make(
    "nanquantile",
    "keepdims",
    F32,
    lambda d: ((_with_nans(d), 0.3), {"axis": -1, "keepdims": True}),
    lambda x, q, axis, keepdims: np.nanquantile(x, q, axis=axis, keepdims=keepdims),
)
CASES += make(
    "average",
    "weights",
    FLOATS,
    lambda d: ((rand((3, 4), d),), {"axis": 1, "weights": rand((4,), d, 0.1, 1, seed=3)}),
    lambda x, axis, weights: np.average(x, axis=axis, weights=weights),
    tol="x4",
)
CASES += make(
    "average", "plain", F32_I32, lambda d: ((rand((3, 4), d),), {}), np.average, out="float"
)

# Scans.
for name, reference in [
    ("cumsum", np.cumsum),
    ("cumprod", np.cumprod),
    ("nancumsum", np.nancumsum),
    ("nancumprod", np.nancumprod),
]:
    for label, kwargs in [("flat", {}), ("axis1", {"axis": 1}), ("axis_neg1", {"axis": -1})]:
        nan = name.startswith("nan")
        CASES += make(
            name,
            label,
            F32 if nan else (*FLOATS, "int32"),
            lambda d, k=kwargs, nan=nan: (
                (_with_nans(d) if nan else rand((2, 3, 4), d, 0.5, 1.5),),
                dict(k),
            ),
            lambda x, ref=reference, **k: ref(x, **k),
            tol="x4",
        )
CASES += make(
    "cumsum",
    "bool",
    ("bool",),
    lambda d: ((rand((3, 4), d),), {"axis": 1}),
    lambda x, axis: np.cumsum(x, axis=axis),
    out="int32",
)

# Sorting and selection.
for name, reference in [
    ("sort", np.sort),
    ("argsort", lambda x, axis: np.argsort(x, axis, kind="stable")),
]:
    for label, axis in [("last", -1), ("first", 0)]:
        CASES += make(
            name,
            label,
            (*FLOATS, "int32") if name == "sort" else ("float32", "int32"),
            lambda d, a=axis: (
                (
                    rand((3, 5), d, -50, 50)
                    if d != "int32"
                    else np.stack(
                        [np.random.default_rng(i).permutation(5) for i in range(3)]
                    ).astype(d),
                ),
                {"axis": a},
            ),
            lambda x, axis, ref=reference: ref(x, axis=axis),
            out="same" if name == "sort" else "int32",
        )


def _partition_post(result, args, kwargs):
    (indices,) = result
    x = args[0]
    kth = args[1]
    values = np.take_along_axis(x, indices.astype(np.int64), axis=-1)
    rows = []
    for row in values:
        left, middle, right = np.sort(row[:kth]), row[kth : kth + 1], np.sort(row[kth + 1 :])
        assert (left <= middle).all() and (right >= middle).all(), f"not partitioned: {row}"
        rows.append(np.concatenate([left, middle, right]))
    return [np.stack(rows)]


CASES += make(
    "argpartition",
    "kth2",
    F32_I32,
    lambda d: ((rand((3, 6), d, -50, 50), 2), {}),
    lambda x, kth: np.sort(x, axis=-1),
    out="int32",
    post=_partition_post,
)
CASES += make(
    "top_k",
    "sorted",
    (*FLOATS, "int32"),
    lambda d: ((rand((3, 6), d, -50, 50), 3), {}),
    lambda x, k: (-np.sort(-x, axis=-1)[:, :k], np.argsort(-x, axis=-1, kind="stable")[:, :k]),
    out=lambda d: (d, "int32"),
)
CASES += make(
    "in_top_k",
    "k2",
    F32,
    lambda d: ((np.array([0, 3, 1], "int32"), rand((3, 5), d)), {"k": 2}),
    lambda t, p, k: np.array([t[i] in np.argsort(-p[i])[:k] for i in range(len(t))]),
    out="bool",
)
CASES += make(
    "unique",
    "sorted",
    F32_I32,
    lambda d: ((cast([3, 1, 2, 3, 1, 5], d),), {}),
    np.unique,
)
CASES += make(
    "unique",
    "all_outputs",
    ("int32",),
    lambda d: (
        (cast([3, 1, 2, 3, 1, 5], d),),
        {"return_index": True, "return_inverse": True, "return_counts": True},
    ),
    lambda x, **k: np.unique(x, **k),
    out=("int32", "int32", "int32", "int32"),
)
CASES += make(
    "unique",
    "size_fill",
    ("int32",),
    lambda d: ((cast([3, 1, 3, 1], d),), {"size": 4, "fill_value": -1}),
    lambda x, size, fill_value: np.array([1, 3, -1, -1]),
)
CASES += make(
    "nonzero",
    "2d",
    F32_I32,
    lambda d: ((cast([[0, 1, 0], [2, 0, 3]], d),), {}),
    np.nonzero,
    out="int32",
)
CASES += make(
    "searchsorted",
    "left",
    F32_I32,
    lambda d: ((cast([1, 3, 5, 7, 9], d), cast([0, 3, 6, 9, 10], d)), {}),
    lambda s, v: np.searchsorted(s, v),
    out="int32",
)
CASES += make(
    "searchsorted",
    "right",
    F32,
    lambda d: ((cast([1, 3, 5, 7, 9], d), cast([0, 3, 6, 9, 10], d)), {"side": "right"}),
    lambda s, v, side: np.searchsorted(s, v, side=side),
    out="int32",
)
CASES += make(
    "digitize",
    "bins",
    F32,
    lambda d: ((cast([0.2, 6.4, 3.0, 1.6, 10.0], d), cast([0.0, 1.0, 2.5, 4.0, 10.0], d)), {}),
    np.digitize,
    out="int32",
)
CASES += make(
    "histogram",
    "bins5",
    F32,
    lambda d: ((rand((20,), d, 0, 1),), {"bins": 5, "range": (0.0, 1.0)}),
    lambda x, bins, range: np.histogram(x, bins=bins, range=range),
    out=("float32", "float32"),
)
CASES += make(
    "bincount",
    "plain",
    ("int32",),
    lambda d: ((cast([0, 1, 1, 3, 2, 1], d),), {}),
    np.bincount,
)
CASES += make(
    "bincount",
    "weights_minlength",
    ("int32",),
    lambda d: ((cast([0, 1, 1, 3], d),), {"weights": rand((4,), "float32"), "minlength": 6}),
    lambda x, weights, minlength: np.bincount(x, weights=weights, minlength=minlength),
    out="float32",
)
CASES += make(
    "trace",
    "offsets",
    F32_I32,
    lambda d: ((rand((3, 4, 2), d, -5, 5),), {"offset": 1, "axis1": 0, "axis2": 1}),
    lambda x, **k: np.trace(x, **k),
)
CASES += make("trace", "square", F32, lambda d: ((rand((4, 4), d),), {}), np.trace)
for label, kwargs in [("n1", {}), ("n2_axis0", {"n": 2, "axis": 0})]:
    CASES += make(
        "diff",
        label,
        (*FLOATS, "int32"),
        lambda d, k=kwargs: ((rand((4, 5), d, -5, 5),), dict(k)),
        lambda a, **k: np.diff(a, **k),
        tol="x2",
    )
for mode in ("valid", "same", "full"):
    CASES += make(
        "correlate",
        mode,
        F32,
        lambda d, m=mode: ((rand((7,), d), rand((3,), d, seed=2)), {"mode": m}),
        lambda a, v, mode: np.correlate(a, v, mode=mode),
    )
CASES += make("corrcoef", "3x6", F32, lambda d: ((rand((3, 6), d),), {}), np.corrcoef, tol="x4")
CASES += make(
    "trapezoid",
    "dx",
    F32,
    lambda d: ((rand((3, 5), d),), {"dx": 0.5}),
    lambda y, dx: np.trapezoid(y, dx=dx),
)
CASES += make(
    "trapezoid",
    "x",
    F32,
    lambda d: ((rand((3, 5), d),), {"x": np.sort(rand((5,), d, seed=3))}),
    lambda y, x: np.trapezoid(y, x=x),
)
for name, reference, out in [("allclose", np.allclose, "bool"), ("isclose", np.isclose, "bool")]:
    CASES += make(
        name,
        "mixed",
        F32,
        lambda d: ((cast([1.0, 2.0, np.nan], d), cast([1.0, 2.00001, np.nan], d)), {}),
        reference,
        out=out,
    )
    CASES += make(
        name,
        "equal_nan",
        F32,
        lambda d: ((cast([1.0, np.nan], d), cast([1.0, np.nan], d)), {"equal_nan": True}),
        lambda a, b, equal_nan, ref=reference: ref(a, b, equal_nan=equal_nan),
        out=out,
    )
CASES += make(
    "isin",
    "plain",
    F32_I32,
    lambda d: ((cast([[1, 2], [3, 4]], d), cast([2, 4, 6], d)), {}),
    np.isin,
    out="bool",
)
CASES += make(
    "isin",
    "invert",
    ("int32",),
    lambda d: ((cast([1, 2, 3, 4], d), cast([2, 4], d)), {"invert": True}),
    lambda a, b, invert: np.isin(a, b, invert=invert),
    out="bool",
)
