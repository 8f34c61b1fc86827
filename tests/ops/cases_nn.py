"""Cases for ``ops.nn`` activations, normalisation, encodings and losses."""

import numpy as np
from scipy import special

from .harness import F32, FLOATS, cast, make, rand

CASES = []
EPSILON = 1e-7


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def hard_sigmoid(x):
    return np.clip(x / 6 + 0.5, 0, 1)


def gelu(x, approximate=True):
    if approximate:
        return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    return 0.5 * x * (1 + special.erf(x / np.sqrt(2)))


def sparsemax(x, axis=-1):
    x = np.moveaxis(x, axis, -1)
    z = -np.sort(-x, axis=-1)
    k = np.arange(1, x.shape[-1] + 1)
    cumulative = np.cumsum(z, axis=-1)
    support = 1 + k * z > cumulative
    k_max = support.sum(axis=-1, keepdims=True)
    tau = (np.take_along_axis(cumulative, k_max - 1, -1) - 1) / k_max
    return np.moveaxis(np.maximum(x - tau, 0), -1, axis)


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

ACTIVATIONS = [
    ("relu", lambda x: np.maximum(x, 0), {}),
    ("relu6", lambda x: np.clip(x, 0, 6), {}),
    ("sigmoid", sigmoid, {}),
    ("softplus", lambda x: np.logaddexp(0, x), {}),
    ("softsign", lambda x: x / (1 + np.abs(x)), {}),
    ("silu", lambda x: x * sigmoid(x), {}),
    ("swish", lambda x: x * sigmoid(x), {}),
    ("log_sigmoid", lambda x: -np.logaddexp(0, -x), {}),
    ("leaky_relu", lambda x: np.where(x > 0, x, 0.2 * x), {}),
    (
        "leaky_relu",
        lambda x, negative_slope: np.where(x > 0, x, negative_slope * x),
        {"negative_slope": 0.05},
    ),
    ("hard_sigmoid", hard_sigmoid, {}),
    ("hard_silu", lambda x: x * hard_sigmoid(x), {}),
    ("hard_swish", lambda x: x * hard_sigmoid(x), {}),
    ("elu", lambda x: np.where(x > 0, x, np.expm1(x)), {}),
    ("elu", lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(x)), {"alpha": 0.5}),
    ("selu", lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)), {}),
    ("gelu", gelu, {}),
    ("gelu", gelu, {"approximate": False}),
    ("celu", lambda x: np.maximum(x, 0) + np.minimum(0, np.expm1(x)), {}),
    (
        "celu",
        lambda x, alpha: np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(x / alpha)),
        {"alpha": 2.0},
    ),
    ("hard_tanh", lambda x: np.clip(x, -1, 1), {}),
    ("hard_shrink", lambda x: np.where(np.abs(x) > 0.5, x, 0), {}),
    ("hard_shrink", lambda x, threshold: np.where(np.abs(x) > threshold, x, 0), {"threshold": 1.0}),
    ("soft_shrink", lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)), {}),
    ("tanh_shrink", lambda x: x - np.tanh(x), {}),
    ("sparse_plus", lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)), {}),
    ("sparse_sigmoid", lambda x: np.clip((x + 1) / 2, 0, 1), {}),
    ("squareplus", lambda x: (x + np.sqrt(x**2 + 4)) / 2, {}),
    ("squareplus", lambda x, b: (x + np.sqrt(x**2 + b)) / 2, {"b": 1}),
    (
        "threshold",
        lambda x, threshold, default_value: np.where(x > threshold, x, default_value),
        {"threshold": 0.3, "default_value": -1.0},
    ),
    ("softmax", softmax, {}),
    ("softmax", softmax, {"axis": 0}),
    ("log_softmax", log_softmax, {}),
    ("log_softmax", log_softmax, {"axis": 1}),
    ("sparsemax", sparsemax, {}),
    ("sparsemax", sparsemax, {"axis": 0}),
]
for name, reference, kwargs in ACTIVATIONS:
    label = "_".join(f"{k}{v}" for k, v in kwargs.items()) or "default"
    CASES += make(
        name,
        label,
        FLOATS,
        lambda d, k=kwargs: ((rand((3, 4), d, -4, 4),), dict(k)),
        lambda x, ref=reference, **k: ref(x, **k),
        tol="x2",
    )
for name in ("relu", "sigmoid", "softmax", "gelu", "silu"):
    reference = dict((n, r) for n, r, k in ACTIVATIONS if not k)[name]
    CASES += make(name, "rank3", F32, lambda d: ((rand((2, 3, 4), d, -4, 4),), {}), reference)
CASES += make(
    "relu", "int", ("int32",), lambda d: ((rand((3, 4), d, -4, 4),), {}), lambda x: np.maximum(x, 0)
)
CASES += make(
    "softmax",
    "large_logits",
    F32,
    lambda d: ((cast([[1000.0, 1001.0, 999.0]], d),), {}),
    softmax,
)
CASES += make(
    "softmax",
    "axis_tuple",
    F32,
    lambda d: ((rand((2, 3, 4), d),), {"axis": (1, 2)}),
    lambda x, axis: softmax(x.reshape(2, 12)).reshape(2, 3, 4),
)
CASES += make(
    "glu",
    "last",
    FLOATS,
    lambda d: ((rand((3, 4), d, -3, 3),), {}),
    lambda x: x[..., :2] * sigmoid(x[..., 2:]),
    tol="x2",
)
CASES += make(
    "glu",
    "axis0",
    F32,
    lambda d: ((rand((4, 3), d, -3, 3),), {"axis": 0}),
    lambda x, axis: x[:2] * sigmoid(x[2:]),
)
for order in (1, 2):
    CASES += make(
        "normalize",
        f"order{order}",
        FLOATS,
        lambda d, o=order: ((rand((3, 4), d),), {"order": o}),
        lambda x, order: x / np.linalg.norm(x, ord=order, axis=-1, keepdims=True),
        tol="x2",
    )
CASES += make(
    "normalize",
    "axis0",
    F32,
    lambda d: ((rand((3, 4), d),), {"axis": 0}),
    lambda x, axis: x / np.linalg.norm(x, axis=0, keepdims=True),
)


def one_hot(x, num_classes, axis=-1, dtype=None):
    out = (np.asarray(x)[..., None] == np.arange(num_classes)).astype(np.float64)
    return np.moveaxis(out, -1, axis)


CASES += make(
    "one_hot",
    "default",
    ("int32",),
    lambda d: ((cast([[0, 2], [1, 5]], d), 4), {}),
    one_hot,
    out="float32",
)
CASES += make(
    "one_hot",
    "axis0_dtype",
    ("int32",),
    lambda d: ((cast([0, 2, 1], d), 3), {"axis": 0, "dtype": "int32"}),
    one_hot,
    out="int32",
)
CASES += make(
    "one_hot",
    "negative_index",
    ("int32",),
    lambda d: ((cast([-1, 1], d), 3), {}),
    one_hot,
    out="float32",
)
CASES += make(
    "multi_hot",
    "default",
    ("int32",),
    lambda d: ((cast([[0, 2], [1, 1]], d), 4), {}),
    lambda x, n: one_hot(x, n).max(axis=-2),
    out="float32",
)
for label, kwargs in [
    ("axis0", {"axes": [0]}),
    ("axes01_keepdims", {"axes": [0, 1], "keepdims": True}),
]:
    CASES += make(
        "moments",
        label,
        FLOATS,
        lambda d, k=kwargs: ((rand((4, 3, 2), d),), dict(k)),
        lambda x, axes, keepdims=False: (
            x.mean(axis=tuple(axes), keepdims=keepdims),
            x.var(axis=tuple(axes), keepdims=keepdims),
        ),
        tol="x4",
    )


def batch_norm(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def reshape(v):
        return None if v is None else np.reshape(v, shape)

    out = (x - reshape(mean)) / np.sqrt(reshape(variance) + epsilon)
    if scale is not None:
        out = out * reshape(scale)
    if offset is not None:
        out = out + reshape(offset)
    return out


for label, axis, extra in [
    ("last_axis", -1, True),
    ("channels_first", 1, True),
    ("plain", -1, False),
]:
    CASES += make(
        "batch_normalization",
        label,
        FLOATS,
        lambda d, a=axis, e=extra: (
            (
                rand((2, 3, 4), d),
                rand((4 if a == -1 else 3,), d, seed=1),
                rand((4 if a == -1 else 3,), d, 0.5, 2, seed=2),
                a,
            ),
            {
                "offset": rand((4 if a == -1 else 3,), d, seed=3),
                "scale": rand((4 if a == -1 else 3,), d, seed=4),
            }
            if e
            else {},
        ),
        batch_norm,
        tol="x4",
    )


def layer_norm(x, gamma=None, beta=None, axis=-1, epsilon=EPSILON):
    axes = tuple(axis) if isinstance(axis, tuple | list) else (axis,)
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    out = (x - mean) / np.sqrt(var + epsilon)
    if gamma is not None:
        out = out * gamma
    if beta is not None:
        out = out + beta
    return out


CASES += make(
    "layer_normalization",
    "gamma_beta",
    FLOATS,
    lambda d: (
        (rand((2, 3, 4), d),),
        {"gamma": rand((4,), d, seed=1), "beta": rand((4,), d, seed=2)},
    ),
    layer_norm,
    tol="x4",
)
CASES += make(
    "layer_normalization",
    "plain_eps",
    F32,
    lambda d: ((rand((2, 3, 4), d),), {"epsilon": 1e-3}),
    layer_norm,
)
CASES += make(
    "layer_normalization",
    "two_axes",
    F32,
    lambda d: ((rand((2, 3, 4), d),), {"axis": (1, 2)}),
    layer_norm,
)


def rms_norm(x, scale=None, axis=-1, epsilon=EPSILON):
    out = x / np.sqrt(np.mean(x**2, axis=axis, keepdims=True) + epsilon)
    return out if scale is None else out * scale


CASES += make(
    "rms_normalization",
    "scale",
    FLOATS,
    lambda d: ((rand((2, 3, 4), d),), {"scale": rand((4,), d, seed=1)}),
    rms_norm,
    tol="x4",
)
CASES += make(
    "rms_normalization",
    "plain",
    F32,
    lambda d: ((rand((2, 3, 4), d),), {}),
    rms_norm,
)


# Losses (per-sample, no reduction).
def binary_crossentropy(target, output, from_logits=False, upper=1 - EPSILON):
    if from_logits:
        return np.maximum(output, 0) - output * target + np.log1p(np.exp(-np.abs(output)))
    output = np.clip(output, EPSILON, upper)
    return -(target * np.log(output) + (1 - target) * np.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    if from_logits:
        return -(target * log_softmax(output, axis=axis)).sum(axis=axis)
    output = output / output.sum(axis=axis, keepdims=True)
    output = np.clip(output, EPSILON, 1 - EPSILON)
    return -(target * np.log(output)).sum(axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    classes = output.shape[axis]
    dense = np.moveaxis(np.asarray(target)[..., None] == np.arange(classes), -1, axis)
    return categorical_crossentropy(dense.astype(np.float64), output, from_logits, axis)


def _probabilities(d, shape=(4, 3), seed=1):
    return cast(softmax(rand(shape, "float64", -2, 2, seed=seed)), d)


for from_logits in (False, True):
    CASES += make(
        "binary_crossentropy",
        f"from_logits_{from_logits}",
        FLOATS,
        lambda d, f=from_logits: (
            (
                rand((4, 3), d, 0, 2).round(),
                rand((4, 3), d, -3, 3, seed=1) if f else rand((4, 3), d, 0.05, 0.95, seed=1),
            ),
            {"from_logits": f},
        ),
        binary_crossentropy,
        tol="x4",
    )
    CASES += make(
        "categorical_crossentropy",
        f"from_logits_{from_logits}",
        FLOATS,
        lambda d, f=from_logits: (
            (_probabilities(d, seed=0), rand((4, 3), d, -3, 3, seed=1) if f else _probabilities(d)),
            {"from_logits": f},
        ),
        categorical_crossentropy,
        tol="x4",
    )
    CASES += make(
        "sparse_categorical_crossentropy",
        f"from_logits_{from_logits}",
        FLOATS,
        lambda d, f=from_logits: (
            (
                cast([0, 2, 1, 2], "int32"),
                rand((4, 3), d, -3, 3, seed=1) if f else _probabilities(d),
            ),
            {"from_logits": f},
        ),
        sparse_categorical_crossentropy,
        out="float32",  # Keras: the int target is one-hot encoded as floatx
        tol="x4",
    )
CASES += make(
    "categorical_crossentropy",
    "axis0",
    F32,
    lambda d: (
        (_probabilities(d, (3, 4), 0).T.copy(), _probabilities(d, (3, 4)).T.copy()),
        {"axis": 0},
    ),
    categorical_crossentropy,
)
CASES += make(
    "categorical_crossentropy",
    "unnormalised_probs",
    F32,
    lambda d: ((_probabilities(d, seed=0), rand((4, 3), d, 0.1, 1, seed=1)), {}),
    categorical_crossentropy,
)
CASES += make(
    "binary_crossentropy",
    "saturated",
    F32,
    lambda d: ((cast([1.0, 0.0, 1.0], d), cast([0.0, 1.0, 1.0], d)), {}),
    # the clip bound 1 - epsilon rounds to float32 before the log
    lambda t, o: binary_crossentropy(t, o, upper=float(np.float32(1 - EPSILON))),
    tol="x10",
)
CASES += make(
    "psnr",
    "max1",
    F32,
    lambda d: (
        (rand((2, 4, 4, 3), d, 0, 1), rand((2, 4, 4, 3), d, 0, 1, seed=1)),
        {"max_val": 1.0},
    ),
    lambda a, b, max_val: 20 * np.log10(max_val) - 10 * np.log10(np.mean((a - b) ** 2)),
    tol="x4",
)
CASES += make(
    "polar",
    "default",
    F32,
    lambda d: ((rand((3,), d, 0.5, 2), rand((3,), d, -3, 3, seed=1)), {}),
    lambda r, theta: r * np.exp(1j * theta),
    out="complex64",
)
