"""Cases for products (dot, matmul, einsum...) and ``ops.linalg``."""

import numpy as np

from .harness import F32, cast, make, rand
from .harness import F32_BF16 as FLOATS

CASES = []


def _well_conditioned(shape, dtype="float32", seed=0):
    n = shape[-1]
    return cast(rand(shape, "float64", -1, 1, seed=seed) + n * np.eye(n), dtype)


def _spd(shape, dtype="float32", seed=0):
    b = rand(shape, "float64", -1, 1, seed=seed)
    n = shape[-1]
    return cast(b @ np.swapaxes(b, -1, -2) + n * np.eye(n), dtype)


PRODUCTS = [
    ("matmul", "2d", (3, 4), (4, 5)),
    ("matmul", "batched", (2, 3, 4), (2, 4, 5)),
    ("matmul", "broadcast_batch", (2, 1, 3, 4), (3, 4, 2)),
    ("matmul", "vector_right", (3, 4), (4,)),
    ("matmul", "vector_left", (4,), (4, 5)),
    ("matmul", "vectors", (4,), (4,)),
    ("dot", "2d", (3, 4), (4, 5)),
    ("dot", "nd_1d", (2, 3, 4), (4,)),
    ("dot", "nd_nd", (2, 3, 4), (5, 4, 2)),
    ("dot", "scalar", (), (3, 4)),
    ("inner", "1d", (4,), (4,)),
    ("inner", "2d", (2, 4), (3, 4)),
    ("outer", "1d", (3,), (4,)),
    ("outer", "2d_flattens", (2, 2), (3,)),
    ("vdot", "1d", (4,), (4,)),
    ("vdot", "2d_flattens", (2, 3), (2, 3)),
    ("kron", "2d", (2, 3), (2, 2)),
]
for name, label, shape1, shape2 in PRODUCTS:
    CASES += make(
        name,
        label,
        (*FLOATS, "int32") if label in ("2d", "1d") else F32,
        lambda d, s1=shape1, s2=shape2: ((rand(s1, d, -2, 2), rand(s2, d, -2, 2, seed=1)), {}),
        getattr(np, name),
        tol="x4",
    )
CASES += make(
    "matmul",
    "mixed_int_float",
    F32,
    lambda d: ((rand((3, 4), "int32", -3, 3), rand((4, 2), d)), {}),
    np.matmul,
    out="float32",
)
CASES += make(
    "matmul",
    "int8",
    ("int8",),
    lambda d: ((rand((3, 4), d, -3, 3), rand((4, 2), d, -3, 3, seed=1)), {}),
    np.matmul,
    out="int32",
)
CASES += make(
    "matmul",
    "empty_inner",
    F32,
    lambda d: ((np.zeros((3, 0), d), np.zeros((0, 2), d)), {}),
    np.matmul,
)
for axes_label, shapes, axes in [
    ("int2", ((2, 3, 4), (3, 4, 5)), 2),
    ("int1", ((2, 3), (3, 4)), 1),
    ("lists", ((2, 3, 4), (4, 2, 3)), ([1, 2], [2, 0])),
]:
    CASES += make(
        "tensordot",
        axes_label,
        F32 if axes_label != "int1" else (*FLOATS, "int32"),
        lambda d, s=shapes, a=axes: (
            (rand(s[0], d, -2, 2), rand(s[1], d, -2, 2, seed=1)),
            {"axes": a},
        ),
        lambda a, b, axes: np.tensordot(a, b, axes),
        tol="x4",
    )
for subscripts, shapes in [
    ("ij,jk->ik", ((3, 4), (4, 5))),
    ("bij,bjk->bik", ((2, 3, 4), (2, 4, 5))),
    ("ii->i", ((3, 3),)),
    ("ij->", ((3, 4),)),
    ("...ij,...jk", ((2, 3, 4), (4, 2))),
    ("i,j->ij", ((3,), (4,))),
    ("bhqd,bhkd->bhqk", ((1, 2, 3, 4), (1, 2, 5, 4))),
]:
    CASES += make(
        "einsum",
        subscripts.replace("->", "_to_").replace(",", "_").replace("...", "E"),
        ("float32", "bfloat16", "int32") if subscripts == "ij,jk->ik" else F32,
        lambda d, s=shapes, sub=subscripts: (
            (sub, *[rand(shape, d, -2, 2, seed=i) for i, shape in enumerate(s)]),
            {},
        ),
        np.einsum,
        tol="x4",
    )
CASES += make(
    "cross",
    "3d_vectors",
    F32,
    lambda d: ((rand((4, 3), d), rand((4, 3), d, seed=1)), {}),
    np.cross,
)
CASES += make(
    "cross",
    "2d_vectors",
    F32,
    lambda d: ((rand((4, 2), d), rand((4, 2), d, seed=1)), {}),
    lambda a, b: a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0],
)
CASES += make(
    "cross",
    "axis",
    F32,
    lambda d: ((rand((3, 4), d), rand((3, 4), d, seed=1)), {"axis": 0}),
    lambda a, b, axis: np.cross(a, b, axis=axis),
)

# linalg proper.
CASES += make(
    "det",
    "batched",
    F32,
    lambda d: ((_well_conditioned((2, 3, 3), d),), {}),
    np.linalg.det,
    tol="loose",
)
CASES += make(
    "inv",
    "batched",
    F32,
    lambda d: ((_well_conditioned((2, 3, 3), d),), {}),
    np.linalg.inv,
    tol="loose",
)
CASES += make(
    "solve",
    "matrix_rhs",
    F32,
    lambda d: ((_well_conditioned((3, 3), d), rand((3, 2), d, seed=1)), {}),
    np.linalg.solve,
    tol="loose",
)
CASES += make(
    "solve",
    "batched",
    F32,
    lambda d: ((_well_conditioned((2, 3, 3), d), rand((2, 3, 1), d, seed=1)), {}),
    np.linalg.solve,
    tol="loose",
)
for lower in (True, False):
    CASES += make(
        "solve_triangular",
        f"lower_{lower}",
        F32,
        lambda d, lower=lower: (
            (
                (np.tril if lower else np.triu)(_well_conditioned((3, 3), d)),
                rand((3, 2), d, seed=1),
            ),
            {"lower": lower},
        ),
        lambda a, b, lower: np.linalg.solve(a, b),
        tol="loose",
    )
for upper in (False, True):
    CASES += make(
        "cholesky",
        f"upper_{upper}",
        F32,
        lambda d, u=upper: ((_spd((2, 3, 3), d),), {"upper": u}),
        lambda x, upper: (
            np.swapaxes(np.linalg.cholesky(x), -1, -2) if upper else np.linalg.cholesky(x)
        ),
        tol="loose",
    )
    CASES += make(
        "cholesky_inverse",
        f"upper_{upper}",
        F32,
        lambda d, u=upper: (
            (
                cast(
                    (lambda f: f.T if u else f)(np.linalg.cholesky(_spd((3, 3), "float64"))),
                    d,
                ),
            ),
            {"upper": u},
        ),
        lambda factor, upper: np.linalg.inv(factor.T @ factor if upper else factor @ factor.T),
        tol="loose",
    )
CASES += make(
    "slogdet",
    "batched",
    F32,
    lambda d: ((_well_conditioned((2, 3, 3), d) * cast([[[-1.0]], [[1.0]]], d),), {}),
    lambda x: tuple(np.linalg.slogdet(x)),
    tol="loose",
)
CASES += make(
    "logdet",
    "spd",
    F32,
    lambda d: ((_spd((2, 3, 3), d),), {}),
    lambda x: np.linalg.slogdet(x)[1],
    tol="loose",
)
CASES += make("pinv", "rect", F32, lambda d: ((rand((4, 3), d),), {}), np.linalg.pinv, tol="loose")
CASES += make(
    "matrix_rank",
    "rank2",
    F32,
    lambda d: ((cast(rand((4, 2), "float64") @ rand((2, 5), "float64", seed=1), d),), {}),
    lambda x: np.linalg.matrix_rank(x.astype(np.float32)),
    out="int32",
)
CASES += make(
    "lstsq",
    "overdetermined",
    F32,
    lambda d: ((rand((5, 3), d), rand((5, 2), d, seed=1)), {}),
    lambda a, b: np.linalg.lstsq(a, b, rcond=None)[0],
    tol="loose",
)
for label, kwargs in [
    ("vector_default", {}),
    ("vector_ord1", {"ord": 1}),
    ("vector_inf", {"ord": np.inf}),
    ("vector_ord0", {"ord": 0}),
]:
    CASES += make(
        "norm",
        label,
        FLOATS if label == "vector_default" else F32,
        lambda d, k=kwargs: ((rand((5,), d),), dict(k)),
        lambda x, **k: np.linalg.norm(x, **k),
        tol="x4",
    )
for label, kwargs in [
    ("matrix_default", {}),
    ("fro", {"ord": "fro"}),
    ("nuc", {"ord": "nuc"}),
    ("matrix_ord1", {"ord": 1}),
    ("matrix_ord2", {"ord": 2}),
    ("matrix_inf", {"ord": np.inf}),
    ("matrix_neg_inf_keepdims", {"ord": -np.inf, "keepdims": True}),
    ("axis_vectors", {"axis": -1}),
    ("axis_pair", {"axis": (0, 1), "ord": "fro"}),
]:
    CASES += make(
        "norm",
        label,
        F32,
        lambda d, k=kwargs: ((rand((3, 4), d),), dict(k)),
        lambda x, **k: np.linalg.norm(x, **k),
        tol="loose",
    )
CASES += make(
    "norm",
    "int_input",
    ("int32",),
    lambda d: ((rand((5,), d, -4, 4),), {}),
    np.linalg.norm,
    out="float32",
)


def _qr_post(result, args, kwargs):
    q, r = (np.asarray(v, np.float64) for v in result)
    assert np.allclose(np.triu(r), r, atol=1e-5), "R is not upper triangular"
    return [q @ r, q.T @ q]


for mode in ("reduced", "complete"):
    CASES += make(
        "qr",
        mode,
        F32,
        lambda d, m=mode: ((rand((4, 3), d),), {"mode": m}),
        lambda x, mode: [x, np.eye(3 if mode == "reduced" else 4)],
        post=_qr_post,
        tol="loose",
    )


def _svd_post(result, args, kwargs):
    u, s, vh = (np.asarray(v, np.float64) for v in result)
    k = s.shape[-1]
    return [s, (u[..., :, :k] * s[..., None, :]) @ vh[..., :k, :]]


CASES += make(
    "svd",
    "full",
    F32,
    lambda d: ((rand((2, 4, 3), d),), {}),
    lambda x: [np.linalg.svd(x, compute_uv=False), x],
    post=_svd_post,
    tol="loose",
)
CASES += make(
    "svd",
    "reduced",
    F32,
    lambda d: ((rand((3, 5), d),), {"full_matrices": False}),
    lambda x, full_matrices: [np.linalg.svd(x, compute_uv=False), x],
    post=_svd_post,
    tol="loose",
)
CASES += make(
    "svd",
    "values_only",
    F32,
    lambda d: ((rand((3, 5), d),), {"compute_uv": False}),
    lambda x, compute_uv: np.linalg.svd(x, compute_uv=False),
    tol="loose",
)


def _eig_post(result, args, kwargs):
    values, vectors = (np.asarray(v) for v in result)
    x = args[0]
    residual = np.abs(x @ vectors - vectors * values[..., None, :]).max()
    order = np.argsort(values.real, axis=-1)
    return [np.take_along_axis(values.real, order, -1), residual]


CASES += make(
    "eigh",
    "symmetric",
    F32,
    lambda d: ((_spd((2, 3, 3), d),), {}),
    lambda x: [np.linalg.eigvalsh(x), 0.0],
    post=_eig_post,
    out=None,
    tol="loose",
)
CASES += make(
    "eig",
    "symmetric",
    F32,
    lambda d: ((_spd((3, 3), d),), {}),
    lambda x: [np.linalg.eigvalsh(x), 0.0],
    post=_eig_post,
    out=None,
    tol="loose",
)


def _lu_post(result, args, kwargs):
    lu, pivots = (np.asarray(v) for v in result)
    n = lu.shape[-1]
    lower = np.tril(lu, -1) + np.eye(n)
    upper = np.triu(lu)
    product = lower @ upper
    for i in reversed(range(len(pivots))):
        j = int(pivots[i])
        product[[i, j]] = product[[j, i]]
    return [product, 0.0]


CASES += make(
    "lu_factor",
    "square",
    F32,
    lambda d: ((_well_conditioned((4, 4), d) + cast(np.eye(4)[::-1] * 6, d),), {}),
    lambda x: [x, 0.0],
    post=_lu_post,
    out=("float32", "int32"),
    tol="loose",
)
