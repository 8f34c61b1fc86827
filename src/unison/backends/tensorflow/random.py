"""Stateless random sampling: every function takes a seed of two int32 values."""

import numpy as np
import tensorflow as tf

from unison.backends.contract import gather
from unison.backends.tensorflow._base import (
    HALF,
    convert_to_tensor,
    floatx,
    tf_dtype,
)


def _seed(seed):
    if seed is None:
        seed = np.random.randint(0, 2**31 - 1, size=2)
    seed = convert_to_tensor(seed)
    if seed.dtype not in (tf.int32, tf.int64):
        seed = tf.cast(seed, tf.int32)
    if seed.shape.rank == 0:
        seed = tf.stack([seed, tf.zeros_like(seed)])
    return seed


def _float_dtype(dtype):
    return floatx() if dtype is None else tf_dtype(dtype)


def _shape(shape):
    return [shape] if isinstance(shape, int) else shape


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    return tf.random.stateless_normal(
        _shape(shape),
        _seed(seed),
        mean=tf.cast(mean, dtype),
        stddev=tf.cast(stddev, dtype),
        dtype=dtype,
    )


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(
            f"uniform: `dtype` must be a float dtype; received {dtype.name}. Use randint for "
            "integers."
        )
    return tf.random.stateless_uniform(
        _shape(shape),
        _seed(seed),
        minval=tf.cast(minval, dtype),
        maxval=tf.cast(maxval, dtype),
        dtype=dtype,
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    return tf.random.stateless_truncated_normal(
        _shape(shape),
        _seed(seed),
        mean=tf.cast(mean, dtype),
        stddev=tf.cast(stddev, dtype),
        dtype=dtype,
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    target = tf_dtype(dtype)
    if not target.is_integer:
        raise ValueError(f"randint: `dtype` must be an integer dtype; received {target.name}.")
    compute = tf.int64 if target in (tf.int64, tf.uint32, tf.uint64) else tf.int32
    values = tf.random.stateless_uniform(
        _shape(shape),
        _seed(seed),
        minval=tf.cast(minval, compute),
        maxval=tf.cast(maxval, compute),
        dtype=compute,
    )
    return tf.cast(values, target)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    if not 0 <= float(rate) < 1:
        raise ValueError(f"dropout: `rate` must be in [0, 1); received {rate}.")
    if noise_shape is None:
        noise_shape = tf.shape(inputs)
    else:
        dynamic = tf.shape(inputs)
        noise_shape = tf.stack(
            [dynamic[i] if dim is None else dim for i, dim in enumerate(noise_shape)]
        )
    compute = tf.float32 if inputs.dtype in HALF or not inputs.dtype.is_floating else inputs.dtype
    keep = tf.random.stateless_uniform(noise_shape, _seed(seed), dtype=compute) >= rate
    scale = tf.cast(1.0 / (1.0 - rate), inputs.dtype)
    return tf.where(keep, inputs * scale, tf.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    length = tf.shape(x)[axis]
    keys = tf.random.stateless_uniform([length], _seed(seed))
    return tf.gather(x, tf.argsort(keys), axis=axis)


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    if not logits.dtype.is_floating:
        logits = tf.cast(logits, floatx())
    target = tf_dtype(dtype)
    samples = tf.random.stateless_categorical(
        logits, num_samples, _seed(seed), dtype=tf.int64 if target == tf.int64 else tf.int32
    )
    return tf.cast(samples, target)


def gamma(shape, alpha, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    compute = tf.float32 if dtype in HALF else dtype
    values = tf.random.stateless_gamma(
        _shape(shape), _seed(seed), alpha=tf.cast(alpha, compute), dtype=compute
    )
    return tf.cast(values, dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    values = tf.random.stateless_binomial(
        _shape(shape),
        _seed(seed),
        counts=tf.cast(counts, tf.float32),
        probs=tf.cast(probabilities, tf.float32),
        output_dtype=tf.float32,
    )
    return tf.cast(values, dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    compute = tf.float64 if dtype == tf.float64 else tf.float32
    first_seed, second_seed = tf.unstack(
        tf.random.experimental.stateless_split(tf.cast(_seed(seed), tf.int64), 2)
    )
    first = tf.random.stateless_gamma(
        _shape(shape), first_seed, alpha=tf.cast(alpha, compute), dtype=compute
    )
    second = tf.random.stateless_gamma(
        _shape(shape), second_seed, alpha=tf.cast(beta, compute), dtype=compute
    )
    return tf.cast(first / (first + second), dtype)


__all__ = gather(globals(), "random")
