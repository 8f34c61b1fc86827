"""Activations, normalizations, losses and encodings of ``unison.ops.nn``."""

import math

import tensorflow as tf

from unison import config
from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    EagerTensor,
    convert_to_tensor,
    floatx,
    promoted_type,
    tf_dtype,
)

__all__ = [
    "relu",
    "relu6",
    "sigmoid",
    "softplus",
    "softsign",
    "silu",
    "swish",
    "log_sigmoid",
    "leaky_relu",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "elu",
    "selu",
    "gelu",
    "celu",
    "glu",
    "hard_tanh",
    "hard_shrink",
    "soft_shrink",
    "tanh_shrink",
    "threshold",
    "squareplus",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "softmax",
    "log_softmax",
    "polar",
    "batch_normalization",
    "moments",
    "layer_normalization",
    "rms_normalization",
    "normalize",
    "binary_crossentropy",
    "categorical_crossentropy",
    "sparse_categorical_crossentropy",
    "one_hot",
    "multi_hot",
    "psnr",
]

_Relu = tf.raw_ops.Relu
_Sigmoid = tf.raw_ops.Sigmoid
_REAL_FLOATS = frozenset((tf.float32, tf.float64, tf.float16, tf.bfloat16))


def _float(x):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return x


def relu(x):
    if type(x) is EagerTensor and x.dtype in _REAL_FLOATS:
        return _Relu(features=x)
    x = convert_to_tensor(x)
    if x.dtype.is_integer:
        return tf.maximum(x, tf.zeros([], x.dtype))
    return tf.nn.relu(_float(x))


def relu6(x):
    return tf.nn.relu6(_float(x))


def sigmoid(x):
    if type(x) is EagerTensor and x.dtype in _REAL_FLOATS:
        return _Sigmoid(x=x)
    return tf.sigmoid(_float(x))


def softplus(x):
    return tf.math.softplus(_float(x))


def softsign(x):
    return tf.nn.softsign(_float(x))


def silu(x):
    x = _float(x)
    return x * tf.sigmoid(x)


swish = silu


def log_sigmoid(x):
    return tf.math.log_sigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return tf.nn.leaky_relu(_float(x), alpha=negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return tf.nn.relu6(x + tf.constant(3.0, x.dtype)) / tf.constant(6.0, x.dtype)


def hard_silu(x):
    x = _float(x)
    return x * hard_sigmoid(x)


hard_swish = hard_silu


def elu(x, alpha=1.0):
    x = _float(x)
    result = tf.nn.elu(x)
    if alpha == 1.0:
        return result
    return tf.where(x > 0, x, tf.cast(alpha, x.dtype) * result)


def selu(x):
    return tf.nn.selu(_float(x))


def gelu(x, approximate=True):
    x = _float(x)
    if approximate:
        coefficient = tf.constant(math.sqrt(2.0 / math.pi), x.dtype)
        inner = coefficient * (x + tf.constant(0.044715, x.dtype) * x * x * x)
        return tf.constant(0.5, x.dtype) * x * (1 + tf.tanh(inner))
    return tf.constant(0.5, x.dtype) * x * (1 + tf.math.erf(x / tf.constant(math.sqrt(2), x.dtype)))


def celu(x, alpha=1.0):
    x = _float(x)
    alpha = tf.cast(alpha, x.dtype)
    return tf.nn.relu(x) + tf.minimum(tf.zeros_like(x), alpha * tf.math.expm1(x / alpha))


def glu(x, axis=-1):
    x = _float(x)
    size = x.shape[axis]
    if size is not None and size % 2:
        raise ValueError(f"glu: axis {axis} must have an even size; received {size}.")
    first, second = tf.split(x, 2, axis=axis)
    return first * tf.sigmoid(second)


def hard_tanh(x):
    x = _float(x)
    return tf.clip_by_value(x, tf.constant(-1.0, x.dtype), tf.constant(1.0, x.dtype))


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return tf.where(tf.abs(x) > tf.cast(threshold, x.dtype), x, tf.zeros_like(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    limit = tf.cast(threshold, x.dtype)
    return tf.where(x > limit, x - limit, tf.where(x < -limit, x + limit, tf.zeros_like(x)))


def tanh_shrink(x):
    x = _float(x)
    return x - tf.tanh(x)


def threshold(x, threshold, default_value):
    x = convert_to_tensor(x)
    return tf.where(x > tf.cast(threshold, x.dtype), x, tf.cast(default_value, x.dtype))


def squareplus(x, b=4):
    x = _float(x)
    return (x + tf.sqrt(x * x + tf.cast(b, x.dtype))) / tf.constant(2.0, x.dtype)


def sparse_plus(x):
    x = _float(x)
    one = tf.ones_like(x)
    middle = tf.square(x + one) / tf.constant(4.0, x.dtype)
    return tf.where(x <= -one, tf.zeros_like(x), tf.where(x >= one, x, middle))


def sparse_sigmoid(x):
    x = _float(x)
    one = tf.ones_like(x)
    return tf.where(
        x <= -one, tf.zeros_like(x), tf.where(x >= one, one, (x + one) / tf.constant(2.0, x.dtype))
    )


def sparsemax(x, axis=-1):
    x = _float(x)
    dtype = x.dtype
    if dtype in HALF:
        x = tf.cast(x, tf.float32)
    ordered = tf.sort(x, axis=axis, direction="DESCENDING")
    cumulative = tf.cumsum(ordered, axis=axis)
    rank = len(x.shape)
    axis_index = axis + rank if axis < 0 else axis
    size = tf.shape(x)[axis_index]
    shape = [1] * rank
    shape[axis_index] = -1
    positions = tf.reshape(tf.cast(tf.range(1, size + 1), x.dtype), shape)
    support = tf.cast(1 + positions * ordered > cumulative, x.dtype)
    count = tf.reduce_sum(support, axis=axis, keepdims=True)
    tau = (tf.reduce_sum(support * ordered, axis=axis, keepdims=True) - 1) / count
    return tf.cast(tf.maximum(x - tau, 0), dtype)


def softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return tf.nn.softmax(x, axis=axis)
    shifted = x - tf.stop_gradient(tf.reduce_max(x, axis=axis, keepdims=True))
    exponentials = tf.exp(shifted)
    return exponentials / tf.reduce_sum(exponentials, axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    x = _float(x)
    if isinstance(axis, int):
        return tf.nn.log_softmax(x, axis=axis)
    shifted = x - tf.stop_gradient(tf.reduce_max(x, axis=axis, keepdims=True))
    return shifted - tf.math.log(tf.reduce_sum(tf.exp(shifted), axis=axis, keepdims=True))


def polar(abs_, angle):
    abs_ = _float(abs_)
    angle = tf.cast(_float(angle), abs_.dtype)
    if abs_.dtype in HALF:
        abs_, angle = tf.cast(abs_, tf.float32), tf.cast(angle, tf.float32)
    return tf.complex(abs_ * tf.cos(angle), abs_ * tf.sin(angle))


# -- normalization ------------------------------------------------------------------------


def moments(x, axes, keepdims=False, synchronized=False):
    x = _float(x)
    dtype = x.dtype
    if dtype in HALF:
        x = tf.cast(x, tf.float32)
    axes = list(axes) if isinstance(axes, (list, tuple)) else [axes]
    mean = tf.reduce_mean(x, axis=axes, keepdims=True)
    variance = tf.reduce_mean(tf.square(x - mean), axis=axes, keepdims=True)
    if not keepdims:
        mean = tf.squeeze(mean, axes)
        variance = tf.squeeze(variance, axes)
    return tf.cast(mean, dtype), tf.cast(variance, dtype)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = _float(x)
    rank = len(x.shape)
    axis = axis + rank if axis < 0 else axis
    shape = [1] * rank
    shape[axis] = -1

    def prepare(value):
        value = tf.cast(convert_to_tensor(value), x.dtype)
        return tf.reshape(value, shape) if len(value.shape) == 1 and rank > 1 else value

    inverse = tf.math.rsqrt(prepare(variance) + tf.cast(epsilon, x.dtype))
    if scale is not None:
        inverse = inverse * prepare(scale)
    result = x * inverse - prepare(mean) * inverse
    if offset is not None:
        result = result + prepare(offset)
    return result


def _compute_type(x):
    x = _float(x)
    dtype = x.dtype
    return (tf.cast(x, tf.float32) if dtype in HALF else x), dtype


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    epsilon = config.epsilon() if epsilon is None else epsilon
    rms_scaling = kwargs.pop("rms_scaling", False)
    x, dtype = _compute_type(x)
    rank = len(x.shape)
    axes = sorted(a + rank if a < 0 else a for a in ([axis] if isinstance(axis, int) else axis))
    shape = [1] * rank
    for a in axes:
        shape[a] = x.shape[a] if x.shape[a] is not None else -1

    def prepare(value):
        if value is None:
            return None
        value = tf.cast(convert_to_tensor(value), x.dtype)
        if len(value.shape) != rank and axes != [rank - 1]:
            value = tf.reshape(value, shape)
        return value

    gamma, beta = prepare(gamma), prepare(beta)
    mean = tf.reduce_mean(x, axis=axes, keepdims=True)
    variance = tf.reduce_mean(tf.square(x - mean), axis=axes, keepdims=True)
    inverse = tf.math.rsqrt(variance + tf.cast(epsilon, x.dtype))
    if rms_scaling:
        result = x * inverse
        if gamma is not None:
            result = result * gamma
        return tf.cast(result, dtype)
    if gamma is not None:
        inverse = inverse * gamma
    shift = -mean * inverse
    if beta is not None:
        shift = shift + beta
    return tf.cast(x * inverse + shift, dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x, dtype = _compute_type(x)
    axes = list(axis) if isinstance(axis, (list, tuple)) else axis
    if len(x.shape) == 0:
        x = tf.expand_dims(x, 0)
    mean_square = tf.reduce_mean(tf.square(x), axis=axes, keepdims=True)
    result = x * tf.math.rsqrt(mean_square + tf.cast(epsilon, x.dtype))
    if scale is not None:
        result = result * tf.cast(convert_to_tensor(scale), x.dtype)
    return tf.cast(result, dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    if order == 2:
        squares = tf.reduce_sum(tf.square(x), axis=axis, keepdims=True)
        return x * tf.math.rsqrt(tf.maximum(squares, tf.cast(epsilon, x.dtype)))
    norm = tf.norm(x, ord=order, axis=axis, keepdims=True)
    return x / tf.maximum(norm, tf.cast(epsilon, x.dtype))


# -- losses -------------------------------------------------------------------------------


def _loss_pair(target, output):
    output = _float(output)
    target = tf.cast(convert_to_tensor(target), output.dtype)
    if target.shape.rank is not None and output.shape.rank is not None:
        if target.shape.rank != output.shape.rank:
            raise ValueError(
                "Arguments `target` and `output` must have the same rank; received "
                f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}."
            )
    return target, output


def binary_crossentropy(target, output, from_logits=False):
    target, output = _loss_pair(target, output)
    if from_logits:
        return tf.nn.sigmoid_cross_entropy_with_logits(labels=target, logits=output)
    epsilon = tf.cast(config.epsilon(), output.dtype)
    output = tf.clip_by_value(output, epsilon, 1.0 - epsilon)
    return -(target * tf.math.log(output) + (1 - target) * tf.math.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _loss_pair(target, output)
    if from_logits:
        return -tf.reduce_sum(target * tf.nn.log_softmax(output, axis=axis), axis=axis)
    output = output / tf.reduce_sum(output, axis=axis, keepdims=True)
    epsilon = tf.cast(config.epsilon(), output.dtype)
    output = tf.clip_by_value(output, epsilon, 1.0 - epsilon)
    return -tf.reduce_sum(target * tf.math.log(output), axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    output = _float(output)
    if output.dtype in HALF:
        # The integer target is one-hot encoded as floatx, which sets the result dtype.
        output = tf.cast(output, promoted_type(output.dtype, floatx()))
    target = convert_to_tensor(target)
    if target.dtype not in (tf.int32, tf.int64):
        target = tf.cast(target, tf.int32)
    rank = len(output.shape)
    axis = axis + rank if axis < 0 else axis
    if len(target.shape) == rank and target.shape[-1] == 1:
        target = tf.squeeze(target, -1)
    if axis != rank - 1:
        order = [a for a in range(rank) if a != axis] + [axis]
        output = tf.transpose(output, order)
    if from_logits:
        log_probabilities = tf.nn.log_softmax(output, axis=-1)
    else:
        output = output / tf.reduce_sum(output, axis=-1, keepdims=True)
        epsilon = tf.cast(config.epsilon(), output.dtype)
        log_probabilities = tf.math.log(tf.clip_by_value(output, epsilon, 1.0 - epsilon))
    classes = tf.shape(output)[-1]
    encoded = tf.one_hot(target, classes, dtype=output.dtype)
    return -tf.reduce_sum(encoded * log_probabilities, axis=-1)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise NotImplementedError(
            "one_hot: sparse=True is not supported by the TensorFlow backend."
        )
    x = convert_to_tensor(x)
    if x.dtype not in (tf.int32, tf.int64, tf.uint8):
        x = tf.cast(x, tf.int32)
    target = floatx() if dtype is None else tf_dtype(dtype)
    return tf.one_hot(x, num_classes, axis=axis, dtype=target)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    inputs = convert_to_tensor(inputs)
    reduction_axis = 1 if len(inputs.shape) > 1 else 0
    encoded = one_hot(inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    if encoded.dtype == tf.bool:
        return tf.reduce_any(encoded, axis=reduction_axis)
    return tf.reduce_max(encoded, axis=reduction_axis)


def psnr(x1, x2, max_val):
    x1 = _float(x1)
    x2 = tf.cast(convert_to_tensor(x2), x1.dtype)
    if x1.shape != x2.shape:
        raise ValueError(
            f"psnr: inputs must have the same shape; received {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    max_val = tf.cast(max_val, x1.dtype)
    mse = tf.reduce_mean(tf.square(x1 - x2))
    log10 = tf.constant(math.log(10.0), x1.dtype)
    return 20 * tf.math.log(max_val) / log10 - 10 * tf.math.log(mse) / log10
