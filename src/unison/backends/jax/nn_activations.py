"""Activation functions of the nn family."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from unison.backends.jax._base import ArrayImpl, to_float, to_tensor

_INTEGRAL = "biu"
_relu = jax.jit(jax.nn.relu)


def relu(x):
    if type(x) is ArrayImpl and x.dtype.kind not in _INTEGRAL:
        return _relu(x)
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    if x.dtype.kind in "iu":
        return jnp.maximum(x, 0)
    return _relu(x)


def _activation(function, name):
    def op(x):
        if type(x) is ArrayImpl and x.dtype.kind not in _INTEGRAL:
            return function(x)
        return function(to_float(x))

    op.__name__ = op.__qualname__ = name
    return op


relu6 = _activation(jax.jit(jax.nn.relu6), "relu6")
sigmoid = _activation(jax.nn.sigmoid, "sigmoid")
softplus = _activation(jax.jit(jax.nn.softplus), "softplus")
softsign = _activation(jax.nn.soft_sign, "softsign")
silu = _activation(jax.jit(jax.nn.silu), "silu")
swish = _activation(jax.jit(jax.nn.silu), "swish")
log_sigmoid = _activation(jax.jit(jax.nn.log_sigmoid), "log_sigmoid")
selu = _activation(jax.jit(jax.nn.selu), "selu")
hard_sigmoid = _activation(jax.jit(jax.nn.hard_sigmoid), "hard_sigmoid")
hard_silu = _activation(jax.jit(jax.nn.hard_silu), "hard_silu")
hard_swish = _activation(jax.jit(jax.nn.hard_silu), "hard_swish")


def hard_tanh(x):
    x = to_tensor(x)
    if x.dtype.kind == "b":
        x = x.astype("int32")
    if x.dtype.kind == "u":
        return jnp.minimum(x, 1)
    return jnp.clip(x, -1, 1)


sparse_plus = _activation(
    jax.jit(
        lambda x: jnp.where(x <= -1, 0.0, jnp.where(x >= 1, x, (x + 1) ** 2 / 4)).astype(x.dtype)
    ),
    "sparse_plus",
)
sparse_sigmoid = _activation(
    jax.jit(lambda x: jnp.where(x <= -1, 0.0, jnp.where(x >= 1, 1.0, (x + 1) / 2)).astype(x.dtype)),
    "sparse_sigmoid",
)
tanh_shrink = _activation(jax.jit(lambda x: x - jnp.tanh(x)), "tanh_shrink")


def leaky_relu(x, negative_slope=0.2):
    return jax.nn.leaky_relu(to_float(x), negative_slope=negative_slope)


def elu(x, alpha=1.0):
    return jax.nn.elu(to_float(x), alpha=alpha)


def celu(x, alpha=1.0):
    return jax.nn.celu(to_float(x), alpha=alpha)


def gelu(x, approximate=True):
    return jax.nn.gelu(to_float(x), approximate=approximate)


def glu(x, axis=-1):
    x = to_float(x)
    if x.shape[axis] % 2:
        raise ValueError(f"glu: axis {axis} must have an even size; received shape {x.shape}.")
    return jax.nn.glu(x, axis=axis)


def hard_shrink(x, threshold=0.5):
    x = to_float(x)
    return jnp.where(jnp.abs(x) > threshold, x, jnp.zeros((), x.dtype))


def soft_shrink(x, threshold=0.5):
    x = to_float(x)
    zero = jnp.zeros((), x.dtype)
    return jnp.where(x > threshold, x - threshold, jnp.where(x < -threshold, x + threshold, zero))


def squareplus(x, b=4):
    x = to_float(x)
    return ((x + jnp.sqrt(jnp.square(x) + b)) / 2).astype(x.dtype)


def threshold(x, threshold, default_value):
    x = to_float(x)
    return jnp.where(x > threshold, x, jnp.asarray(default_value, x.dtype))


def softmax(x, axis=-1):
    return jax.nn.softmax(to_float(x), axis=tuple(axis) if isinstance(axis, list) else axis)


def log_softmax(x, axis=-1):
    return jax.nn.log_softmax(to_float(x), axis=tuple(axis) if isinstance(axis, list) else axis)


def sparsemax(x, axis=-1):
    x = to_float(x)
    original = x.dtype
    logits = jnp.moveaxis(x.astype("float32"), axis, -1)
    ordered = jnp.flip(jnp.sort(logits, axis=-1), axis=-1)
    cumulative = jnp.cumsum(ordered, axis=-1)
    ranks = jnp.arange(1, logits.shape[-1] + 1, dtype=logits.dtype)
    support = (1 + ranks * ordered) > cumulative
    count = jnp.sum(support, axis=-1, keepdims=True)
    tau = (jnp.take_along_axis(cumulative, count - 1, axis=-1) - 1) / count.astype(logits.dtype)
    output = jnp.maximum(logits - tau, 0.0)
    return jnp.moveaxis(output, -1, axis).astype(original)
