"""Activation functions of ``unison.ops.nn`` on NumPy arrays."""

from __future__ import annotations

import math

import numpy as np

from unison.backends.numpy import _special
from unison.backends.numpy._helpers import (
    BFLOAT16,
    BOOL,
    FLOAT32,
    INT32,
    ndarray,
    to_array,
    to_float_array,
)

_FLOAT16 = np.dtype("float16")
_HALF = (BFLOAT16, _FLOAT16)


def _float_activation(function):
    """int/bool -> floatx; half floats compute in float32; the result keeps the float dtype."""

    def operation(x, *args, **kwargs):
        x = to_float_array(x)
        dtype = x.dtype
        if dtype in _HALF:
            return np.asarray(function(x.astype(FLOAT32), *args, **kwargs)).astype(dtype)
        return np.asarray(function(x, *args, **kwargs)).astype(dtype, copy=False)

    operation.__name__ = function.__name__
    return operation


def relu(x):
    if type(x) is not ndarray:
        x = to_array(x)
    kind = x.dtype.kind
    if kind in "fiu":
        return np.maximum(x, 0)
    if x.dtype == BOOL:
        return x.astype(INT32)
    return np.maximum(x.astype(FLOAT32), 0).astype(x.dtype)


def relu6(x):
    x = to_array(x)
    if x.dtype == BOOL:
        x = x.astype(INT32)
    if x.dtype == BFLOAT16:
        return np.clip(x.astype(FLOAT32), 0.0, 6.0).astype(BFLOAT16)
    return np.clip(x, np.zeros((), dtype=x.dtype), np.asarray(6, dtype=x.dtype))


def _sigmoid(x):
    positive = x >= 0
    exp_negative = np.exp(-np.abs(x))
    return np.where(positive, 1.0 / (1.0 + exp_negative), exp_negative / (1.0 + exp_negative))


def _softplus(x):
    return np.logaddexp(x, np.zeros((), dtype=x.dtype))


sigmoid = _float_activation(_sigmoid)
softplus = _float_activation(_softplus)
softsign = _float_activation(lambda x: x / (1.0 + np.abs(x)))
silu = _float_activation(lambda x: x * _sigmoid(x))
swish = silu
log_sigmoid = _float_activation(lambda x: -_softplus(-x))
hard_sigmoid = _float_activation(lambda x: np.clip(x / 6.0 + 0.5, 0.0, 1.0))
hard_silu = _float_activation(lambda x: x * np.clip(x / 6.0 + 0.5, 0.0, 1.0))
hard_swish = hard_silu
hard_tanh = _float_activation(lambda x: np.clip(x, -1.0, 1.0))
tanh_shrink = _float_activation(lambda x: x - np.tanh(x))
sparse_plus = _float_activation(
    lambda x: np.where(x <= -1.0, 0.0, np.where(x >= 1.0, x, (x + 1.0) ** 2 / 4.0))
)
sparse_sigmoid = _float_activation(
    lambda x: np.where(x <= -1.0, 0.0, np.where(x >= 1.0, 1.0, 0.5 * (x + 1.0)))
)


@_float_activation
def leaky_relu(x, negative_slope=0.2):
    return np.where(x >= 0, x, negative_slope * x)


@_float_activation
def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


@_float_activation
def selu(x):
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


@_float_activation
def celu(x, alpha=1.0):
    return np.maximum(x, 0) + np.minimum(0, alpha * np.expm1(np.minimum(x, 0) / alpha))


@_float_activation
def gelu(x, approximate=True):
    if approximate:
        inner = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x**3)
        return 0.5 * x * (1.0 + np.tanh(inner))
    values = x.astype(np.float64)
    return (0.5 * values * (1.0 + _special.erf64(values / math.sqrt(2.0)))).astype(x.dtype)


@_float_activation
def hard_shrink(x, threshold=0.5):
    return np.where(np.abs(x) > threshold, x, 0.0)


@_float_activation
def soft_shrink(x, threshold=0.5):
    return np.where(x > threshold, x - threshold, np.where(x < -threshold, x + threshold, 0.0))


@_float_activation
def squareplus(x, b=4):
    return (x + np.sqrt(x * x + b)) / 2.0


def threshold(x, threshold, default_value):
    x = to_float_array(x)
    dtype = x.dtype
    return np.where(x > threshold, x, np.asarray(default_value).astype(dtype)).astype(dtype)


@_float_activation
def glu(x, axis=-1):
    if x.shape[axis] % 2:
        raise ValueError(f"glu: the size of axis {axis} must be even; received shape {x.shape}.")
    first, second = np.split(x, 2, axis=axis)
    return first * _sigmoid(second)


def _axis_tuple(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


@_float_activation
def softmax(x, axis=-1):
    axis = _axis_tuple(axis)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    exponent = np.exp(shifted)
    return exponent / np.sum(exponent, axis=axis, keepdims=True)


@_float_activation
def log_softmax(x, axis=-1):
    axis = _axis_tuple(axis)
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


@_float_activation
def sparsemax(x, axis=-1):
    moved = np.moveaxis(x, axis, -1)
    ordered = -np.sort(-moved, axis=-1)
    cumulative = np.cumsum(ordered, axis=-1)
    ranks = np.arange(1, moved.shape[-1] + 1, dtype=moved.dtype)
    support = 1 + ranks * ordered > cumulative
    count = np.sum(support, axis=-1, keepdims=True)
    total = np.take_along_axis(cumulative, count - 1, axis=-1)
    tau = (total - 1) / count
    return np.moveaxis(np.maximum(moved - tau, 0), -1, axis)
