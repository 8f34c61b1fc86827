"""Normalization, losses and encodings of the nn family."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from unison import config
from unison.backends.jax._base import (
    convert_to_tensor,
    floatx_dtype,
    jax_dtype,
    promote,
    result_dtype,
    to_float,
    to_tensor,
)


def _axes(axis, ndim):
    if isinstance(axis, int):
        axis = (axis,)
    return tuple(sorted(a % ndim for a in axis))


def _compute_dtype(x):
    return x.dtype if x.dtype.itemsize >= 4 else np.dtype("float32")


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = to_float(x)
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def param(value):
        return None if value is None else jnp.reshape(convert_to_tensor(value, x.dtype), shape)

    mean, variance, offset, scale = param(mean), param(variance), param(offset), param(scale)
    inverse = jax.lax.rsqrt(variance + epsilon)
    if scale is not None:
        inverse = inverse * scale
    shift = -mean * inverse
    if offset is not None:
        shift = shift + offset
    return x * inverse + shift


def moments(x, axes, keepdims=False, synchronized=False):
    if synchronized:
        raise NotImplementedError(
            "moments: synchronized=True needs a distributed context, which the jax backend's "
            "moments does not provide; compute it inside a sharded jit instead."
        )
    x = to_float(x)
    original = x.dtype
    compute = x.astype(_compute_dtype(x))
    axes = tuple(axes) if isinstance(axes, (list, tuple)) else (axes,)
    mean = jnp.mean(compute, axis=axes, keepdims=True)
    variance = jnp.mean(jnp.square(compute), axis=axes, keepdims=True) - jnp.square(mean)
    variance = jnp.maximum(variance, 0.0)
    if not keepdims:
        mean, variance = jnp.squeeze(mean, axes), jnp.squeeze(variance, axes)
    if original.itemsize < 4:
        finite = jnp.finfo(original)
        mean = jnp.clip(mean, finite.min, finite.max)
        variance = jnp.clip(variance, finite.min, finite.max)
    return mean.astype(original), variance.astype(original)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization: unexpected arguments {sorted(kwargs)}.")
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float(x)
    original = x.dtype
    compute = x.astype(_compute_dtype(x))
    axes = _axes(axis, x.ndim)
    broadcast = [1] * x.ndim
    for a in axes:
        broadcast[a] = x.shape[a]

    def param(value):
        if value is None:
            return None
        value = convert_to_tensor(value, compute.dtype)
        return jnp.reshape(value, broadcast) if value.ndim != x.ndim else value

    gamma, beta = param(gamma), param(beta)
    variance = jnp.var(compute, axis=axes, keepdims=True)
    if rms_scaling:
        outputs = compute * jax.lax.rsqrt(variance + epsilon)
        if gamma is not None:
            outputs = outputs * gamma
    else:
        mean = jnp.mean(compute, axis=axes, keepdims=True)
        outputs = (compute - mean) * jax.lax.rsqrt(variance + epsilon)
        if gamma is not None:
            outputs = outputs * gamma
        if beta is not None:
            outputs = outputs + beta
    return outputs.astype(original)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float(x)
    original = x.dtype
    compute = x.astype(_compute_dtype(x))
    if compute.ndim == 0:
        compute = compute[None]
    axes = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    outputs = compute * jax.lax.rsqrt(
        jnp.mean(jnp.square(compute), axis=axes, keepdims=True) + epsilon
    )
    if scale is not None:
        outputs = outputs * convert_to_tensor(scale, compute.dtype)
    return outputs.astype(original)


def normalize(x, axis=-1, order=2, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float(x)
    if isinstance(axis, (tuple, list)) and order == 2:
        # the 2-norm over several axes is the Frobenius norm of the entries (as in Keras),
        # not jnp.linalg.norm's matrix 2-norm (largest singular value)
        norm = jnp.sqrt(jnp.sum(jnp.square(x), axis=tuple(axis), keepdims=True))
    else:
        norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / jnp.maximum(norm, epsilon).astype(x.dtype)


def _loss_inputs(target, output):
    target, output = promote(target, output)
    if output.dtype.kind in "biu":
        target, output = target.astype(floatx_dtype()), output.astype(floatx_dtype())
    if target.shape != output.shape:
        raise ValueError(
            f"Arguments target and output must have the same shape; received "
            f"target.shape={target.shape}, output.shape={output.shape}."
        )
    return target, output


def binary_crossentropy(target, output, from_logits=False):
    target, output = _loss_inputs(target, output)
    if from_logits:
        log_p = jax.nn.log_sigmoid(output)
        log_not_p = jax.nn.log_sigmoid(-output)
        return -(target * log_p + (1 - target) * log_not_p)
    epsilon = config.epsilon()
    output = jnp.clip(output, epsilon, 1.0 - epsilon)
    return -(target * jnp.log(output) + (1 - target) * jnp.log(1 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _loss_inputs(target, output)
    if target.ndim < 1:
        raise ValueError(f"categorical_crossentropy: expected rank >= 1; received {target.shape}.")
    if from_logits:
        log_probabilities = jax.nn.log_softmax(output, axis=axis)
    else:
        output = output / jnp.sum(output, axis=axis, keepdims=True)
        epsilon = config.epsilon()
        log_probabilities = jnp.log(jnp.clip(output, epsilon, 1.0 - epsilon))
    return -jnp.sum(target * log_probabilities, axis=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = to_tensor(target)
    output = to_float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, axis=-1)
    if target.ndim != output.ndim - 1 or target.shape != tuple(
        d for i, d in enumerate(output.shape) if i != axis % output.ndim
    ):
        raise ValueError(
            f"sparse_categorical_crossentropy: target shape {target.shape} does not match "
            f"output shape {output.shape} without the class axis {axis}."
        )
    if from_logits:
        log_probabilities = jax.nn.log_softmax(output, axis=axis)
    else:
        output = output / jnp.sum(output, axis=axis, keepdims=True)
        epsilon = config.epsilon()
        log_probabilities = jnp.log(jnp.clip(output, epsilon, 1.0 - epsilon))
    # The integer target is one-hot encoded as floatx (Keras), which sets the result dtype.
    target = target.astype("int32")
    dtype = result_dtype(floatx_dtype().name, log_probabilities.dtype.name)
    encoded = jax.nn.one_hot(target, output.shape[axis], axis=axis, dtype=dtype)
    return -jnp.sum(encoded * log_probabilities.astype(dtype), axis=axis)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise NotImplementedError("one_hot: the jax backend does not support sparse=True.")
    x = to_tensor(x)
    target = floatx_dtype() if dtype is None else jax_dtype(dtype)
    return jax.nn.one_hot(x, int(num_classes), axis=axis, dtype=target)


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise TypeError(f"multi_hot: unexpected arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("multi_hot: num_classes is required.")
    if sparse:
        raise NotImplementedError("multi_hot: the jax backend does not support sparse=True.")
    inputs = to_tensor(inputs)
    reduce_axis = 1 if inputs.ndim > 1 else 0
    encoded = one_hot(inputs.astype("int32"), num_classes, axis=axis, dtype=dtype)
    return jnp.max(encoded, axis=reduce_axis)


def polar(abs_, angle):
    abs_, angle = promote(abs_, angle)
    if abs_.dtype.kind in "biu":
        abs_, angle = abs_.astype(floatx_dtype()), angle.astype(floatx_dtype())
    abs_, angle = abs_.astype("float32"), angle.astype("float32")
    return jax.lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))


def psnr(x1, x2, max_val):
    x1, x2 = promote(x1, x2)
    if x1.dtype.kind in "biu":
        x1, x2 = x1.astype(floatx_dtype()), x2.astype(floatx_dtype())
    if x1.shape != x2.shape:
        raise ValueError(
            f"psnr: x1 and x2 must have the same shape; received {x1.shape} and {x2.shape}."
        )
    mse = jnp.mean(jnp.square(x1 - x2))
    return 20 * jnp.log10(max_val) - 10 * jnp.log10(mse)
