"""Gradients of ``sum(op(x) * w)`` on every training backend, against NumPy finite differences.

Each entry holds the op as a function of one tensor (other operands are fixed arrays) and its
float64 NumPy reference; the gradient from ``backend.value_and_grad`` must match central
differences of the reference, and the backends must agree with each other.
"""

import numpy as np
import pytest

import unison
from tests.conftest import TRAINING_BACKENDS

from . import references_conv as conv_ref
from .cases_nn import (
    batch_norm,
    binary_crossentropy,
    categorical_crossentropy,
    gelu,
    layer_norm,
    log_softmax,
    rms_norm,
    sigmoid,
    softmax,
    sparse_categorical_crossentropy,
)
from .harness import rand

ops = unison.ops
W34 = rand((3, 4), "float64", -1, 1, seed=11)
KERNEL = rand((3, 3, 2, 3), "float64", -1, 1, seed=12)
DEPTH_KERNEL = rand((3, 3, 2, 2), "float64", -1, 1, seed=13)
T_KERNEL = rand((3, 3, 3, 2), "float64", -1, 1, seed=14)
PROBS = softmax(rand((3, 4), "float64", -2, 2, seed=15))
LABELS = np.array([0, 3, 1], "int32")
KEY = rand((1, 5, 2, 4), "float64", -1, 1, seed=16)
VALUE = rand((1, 5, 2, 4), "float64", -1, 1, seed=17)
GAMMA, BETA = rand((4,), "float64", 0.5, 1.5, seed=18), rand((4,), "float64", seed=19)
IMAGE = (1, 5, 5, 2)


def f32(array):
    return ops.convert_to_tensor(np.asarray(array, "float32"))


# name: (unison function, numpy reference, input shape, input range)
GRADIENTS = {
    "exp": (lambda x: ops.exp(x), np.exp, (3, 4), (-2, 2)),
    "log": (lambda x: ops.log(x), np.log, (3, 4), (0.5, 3)),
    "sqrt": (lambda x: ops.sqrt(x), np.sqrt, (3, 4), (0.5, 3)),
    "tanh": (lambda x: ops.tanh(x), np.tanh, (3, 4), (-2, 2)),
    "sin": (lambda x: ops.sin(x), np.sin, (3, 4), (-2, 2)),
    "erf": (lambda x: ops.erf(x), None, (3, 4), (-2, 2)),
    "square": (lambda x: ops.square(x), np.square, (3, 4), (-2, 2)),
    "power": (lambda x: ops.power(x, 3), lambda x: x**3, (3, 4), (-2, 2)),
    "divide": (lambda x: ops.divide(1.0, x), lambda x: 1 / x, (3, 4), (0.5, 2)),
    "maximum": (lambda x: ops.maximum(x, f32(W34)), lambda x: np.maximum(x, W34), (3, 4), (-2, 2)),
    "clip": (lambda x: ops.clip(x, -1.0, 1.0), lambda x: np.clip(x, -1, 1), (3, 4), (-2, 2)),
    "where": (
        lambda x: ops.where(f32(W34) > 0, x * x, x),
        lambda x: np.where(W34 > 0, x * x, x),
        (3, 4),
        (-2, 2),
    ),
    "matmul": (lambda x: ops.matmul(x, f32(W34)), lambda x: x @ W34, (2, 3), (-2, 2)),
    "einsum": (lambda x: ops.einsum("ij,jk->ik", x, f32(W34)), lambda x: x @ W34, (2, 3), (-2, 2)),
    "mean": (lambda x: ops.mean(x, axis=1), lambda x: x.mean(axis=1), (3, 4), (-2, 2)),
    "std": (lambda x: ops.std(x, axis=0), lambda x: x.std(axis=0), (3, 4), (-2, 2)),
    "cumsum": (lambda x: ops.cumsum(x, axis=1), lambda x: np.cumsum(x, axis=1), (3, 4), (-2, 2)),
    "take": (
        lambda x: ops.take(x, np.array([2, 0, 2]), axis=0),
        lambda x: x[[2, 0, 2]],
        (3, 4),
        (-2, 2),
    ),
    "logsumexp": (
        lambda x: ops.logsumexp(x, axis=-1),
        lambda x: np.log(np.exp(x).sum(-1)),
        (3, 4),
        (-2, 2),
    ),
    "norm": (lambda x: ops.norm(x, axis=-1), lambda x: np.linalg.norm(x, axis=-1), (3, 4), (-2, 2)),
    "relu": (lambda x: ops.relu(x), lambda x: np.maximum(x, 0), (3, 4), (-2, 2)),
    "sigmoid": (lambda x: ops.sigmoid(x), sigmoid, (3, 4), (-3, 3)),
    "softplus": (lambda x: ops.softplus(x), lambda x: np.logaddexp(0, x), (3, 4), (-3, 3)),
    "gelu": (lambda x: ops.gelu(x), gelu, (3, 4), (-3, 3)),
    "silu": (lambda x: ops.silu(x), lambda x: x * sigmoid(x), (3, 4), (-3, 3)),
    "elu": (lambda x: ops.elu(x), lambda x: np.where(x > 0, x, np.expm1(x)), (3, 4), (-3, 3)),
    "softmax": (lambda x: ops.softmax(x), softmax, (3, 4), (-2, 2)),
    "log_softmax": (lambda x: ops.log_softmax(x), log_softmax, (3, 4), (-2, 2)),
    "conv": (
        lambda x: ops.conv(x, f32(KERNEL), padding="same"),
        lambda x: conv_ref.conv(x, KERNEL, padding="same"),
        IMAGE,
        (-1, 1),
    ),
    "conv_strided": (
        lambda x: ops.conv(x, f32(KERNEL), strides=2),
        lambda x: conv_ref.conv(x, KERNEL, strides=2),
        IMAGE,
        (-1, 1),
    ),
    "depthwise_conv": (
        lambda x: ops.depthwise_conv(x, f32(DEPTH_KERNEL), padding="same"),
        lambda x: conv_ref.depthwise_conv(x, DEPTH_KERNEL, padding="same"),
        IMAGE,
        (-1, 1),
    ),
    "conv_transpose": (
        lambda x: ops.conv_transpose(x, f32(T_KERNEL), strides=2, padding="same"),
        lambda x: conv_ref.conv_transpose(x, T_KERNEL, strides=2, padding="same"),
        (1, 3, 3, 2),
        (-1, 1),
    ),
    "max_pool": (
        lambda x: ops.max_pool(x, 2, strides=1),
        lambda x: conv_ref.pool(x, 2, 1, kind="max"),
        IMAGE,
        (-1, 1),
    ),
    "average_pool": (
        lambda x: ops.average_pool(x, 2, padding="same"),
        lambda x: conv_ref.pool(x, 2, padding="same", kind="average"),
        IMAGE,
        (-1, 1),
    ),
    "layer_normalization": (
        lambda x: ops.layer_normalization(x, gamma=f32(GAMMA), beta=f32(BETA)),
        lambda x: layer_norm(x, GAMMA, BETA),
        (3, 4),
        (-2, 2),
    ),
    "batch_normalization": (
        lambda x: ops.batch_normalization(x, f32(BETA), f32(GAMMA), axis=-1, scale=f32(GAMMA)),
        lambda x: batch_norm(x, BETA, GAMMA, -1, scale=GAMMA),
        (3, 4),
        (-2, 2),
    ),
    "rms_normalization": (
        lambda x: ops.rms_normalization(x, scale=f32(GAMMA)),
        lambda x: rms_norm(x, GAMMA),
        (3, 4),
        (-2, 2),
    ),
    "binary_crossentropy": (
        lambda x: ops.binary_crossentropy(f32(PROBS), x),
        lambda x: binary_crossentropy(PROBS, x),
        (3, 4),
        (0.1, 0.9),
    ),
    "binary_crossentropy_logits": (
        lambda x: ops.binary_crossentropy(f32(PROBS), x, from_logits=True),
        lambda x: binary_crossentropy(PROBS, x, from_logits=True),
        (3, 4),
        (-3, 3),
    ),
    "categorical_crossentropy_logits": (
        lambda x: ops.categorical_crossentropy(f32(PROBS), x, from_logits=True),
        lambda x: categorical_crossentropy(PROBS, x, from_logits=True),
        (3, 4),
        (-3, 3),
    ),
    "sparse_categorical_crossentropy": (
        lambda x: ops.sparse_categorical_crossentropy(LABELS, ops.softmax(x)),
        lambda x: sparse_categorical_crossentropy(LABELS, softmax(x)),
        (3, 4),
        (-3, 3),
    ),
    "dot_product_attention": (
        lambda x: ops.dot_product_attention(x, f32(KEY), f32(VALUE)),
        lambda x: conv_ref.attention(x, KEY, VALUE),
        (1, 3, 2, 4),
        (-1, 1),
    ),
}


def _reference(name):
    if name == "erf":
        from scipy import special

        return special.erf
    return GRADIENTS[name][1]


def _input(name):
    shape, (low, high) = GRADIENTS[name][2], GRADIENTS[name][3]
    return rand(shape, "float64", low, high, seed=7).astype("float32")


def _weights(name, x):
    out = np.asarray(_reference(name)(x.astype(np.float64)))
    return rand(out.shape, "float64", -1, 1, seed=8)


def finite_difference(name, x, w, step=1e-6):
    reference = _reference(name)
    x = x.astype(np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        plus, minus = x.copy(), x.copy()
        plus[index] += step
        minus[index] -= step
        grad[index] = ((reference(plus) * w).sum() - (reference(minus) * w).sum()) / (2 * step)
    return grad


def backend_gradient(name, backend, x, w):
    function = GRADIENTS[name][0]
    weights = f32(w)

    def loss(value):
        return ops.sum(ops.multiply(function(value), weights))

    value, grad = backend.value_and_grad(loss)(ops.convert_to_tensor(x))
    return float(ops.convert_to_numpy(value)), np.asarray(ops.convert_to_numpy(grad), np.float64)


@pytest.mark.parametrize("name", list(GRADIENTS))
def test_gradient_matches_finite_differences(name, training_backend):
    where = f"op={name} backend={training_backend.name} dtype=float32"
    x = _input(name)
    w = _weights(name, x)
    try:
        value, grad = backend_gradient(name, training_backend, x, w)
    except Exception as error:
        raise AssertionError(f"{where}: raised {type(error).__name__}: {error}") from error
    expected_value = float((_reference(name)(x.astype(np.float64)) * w).sum())
    np.testing.assert_allclose(
        value, expected_value, rtol=1e-4, atol=1e-4, err_msg=f"{where}: value"
    )
    np.testing.assert_allclose(
        grad, finite_difference(name, x, w), rtol=2e-3, atol=2e-4, err_msg=f"{where}: gradient"
    )


@pytest.mark.skipif(len(TRAINING_BACKENDS) < 2, reason="needs two training backends to compare")
@pytest.mark.parametrize("name", list(GRADIENTS))
def test_gradients_agree_across_backends(name):
    x = _input(name)
    w = _weights(name, x)
    results = {}
    for backend_name in TRAINING_BACKENDS:
        with unison.backend.use(backend_name) as backend:
            try:
                results[backend_name] = backend_gradient(name, backend, x, w)[1]
            except Exception as error:
                raise AssertionError(
                    f"op={name} backend={backend_name}: raised {type(error).__name__}: {error}"
                ) from error
    first = TRAINING_BACKENDS[0]
    for other in TRAINING_BACKENDS[1:]:
        np.testing.assert_allclose(
            results[other],
            results[first],
            rtol=1e-4,
            atol=1e-5,
            err_msg=f"op={name}: gradient on {other} differs from {first}",
        )


def test_custom_gradient(training_backend):
    where = f"op=custom_gradient backend={training_backend.name}"

    @ops.custom_gradient
    def scaled_identity(x):
        def grad(*args, upstream=None):
            if upstream is None:
                (upstream,) = args
            return ops.multiply(upstream, 3.0)

        return ops.multiply(x, 1.0), grad

    x = ops.convert_to_tensor(np.array([1.0, -2.0, 0.5], "float32"))
    value, grad = training_backend.value_and_grad(lambda v: ops.sum(scaled_identity(v) * 2.0))(x)
    np.testing.assert_allclose(ops.convert_to_numpy(value), -1.0, rtol=1e-6, err_msg=where)
    np.testing.assert_allclose(ops.convert_to_numpy(grad), [6.0, 6.0, 6.0], err_msg=where)


def test_jvp(training_backend):
    where = f"op=jvp backend={training_backend.name}"
    x = np.array([1.0, -2.0, 0.5], "float32")
    t = np.array([0.5, 1.0, -1.0], "float32")
    out, tangent = ops.jvp(
        lambda v: ops.sin(v) * v, (ops.convert_to_tensor(x),), (ops.convert_to_tensor(t),)
    )
    np.testing.assert_allclose(ops.convert_to_numpy(out), np.sin(x) * x, rtol=1e-5, err_msg=where)
    np.testing.assert_allclose(
        ops.convert_to_numpy(tangent), (np.cos(x) * x + np.sin(x)) * t, rtol=1e-5, err_msg=where
    )
    out, tangent, aux = ops.jvp(
        lambda v: (v * v, ops.sum(v)),
        (ops.convert_to_tensor(x),),
        (ops.convert_to_tensor(t),),
        has_aux=True,
    )
    np.testing.assert_allclose(ops.convert_to_numpy(tangent), 2 * x * t, rtol=1e-5, err_msg=where)
    np.testing.assert_allclose(ops.convert_to_numpy(aux), x.sum(), rtol=1e-5, err_msg=where)


def test_stop_gradient_blocks(training_backend):
    x = ops.convert_to_tensor(np.array([1.0, 2.0], "float32"))
    _, grad = training_backend.value_and_grad(lambda v: ops.sum(v * v + ops.stop_gradient(v * v)))(
        x
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(grad),
        [2.0, 4.0],
        err_msg=f"op=stop_gradient backend={training_backend.name}",
    )
