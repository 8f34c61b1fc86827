"""The random family of the JAX backend; ``seed`` is a tensor of two int32 values."""

from __future__ import annotations

import jax
import jax.numpy as jnp

from unison.backends.contract import gather
from unison.backends.jax._base import (
    convert_to_numpy_leaf,
    floatx_dtype,
    jax_dtype,
    shape_tuple,
    to_float,
    to_tensor,
)


def _key(seed):
    """A threefry key whose raw data is the two seed words (works on traced seeds)."""
    if seed is None:
        raise ValueError("random functions of the jax backend need a drawn seed; received None.")
    if not isinstance(seed, jax.Array):
        seed = convert_to_numpy_leaf(seed)
    words = jnp.asarray(seed).reshape(-1)
    if words.shape == (1,):  # a bare integer seed: pad to the two-word form
        words = jnp.concatenate([jnp.zeros(1, words.dtype), words])
    if words.shape != (2,):
        raise ValueError(f"seed must hold two int32 values; received shape {words.shape}.")
    if words.dtype != jnp.uint32:
        words = jax.lax.bitcast_convert_type(words.astype("int32"), jnp.uint32)
    return jax.random.wrap_key_data(words, impl="threefry2x32")


def _float(dtype):
    return floatx_dtype() if dtype is None else jax_dtype(dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float(dtype)
    sample = jax.random.normal(_key(seed), shape_tuple(shape), dtype=dtype)
    return (sample * stddev + mean).astype(dtype)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = _float(dtype)
    return jax.random.uniform(
        _key(seed), shape_tuple(shape), dtype=dtype, minval=minval, maxval=maxval
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float(dtype)
    sample = jax.random.truncated_normal(_key(seed), -2.0, 2.0, shape_tuple(shape), dtype=dtype)
    return (sample * stddev + mean).astype(dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    dtype = jax_dtype(dtype)
    return jax.random.randint(_key(seed), shape_tuple(shape), minval, maxval, dtype=dtype)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = to_float(inputs)
    if not 0 <= float(rate) < 1 if not isinstance(rate, jax.core.Tracer) else False:
        raise ValueError(f"dropout: rate must be in [0, 1); received {rate}.")
    if noise_shape is None:
        noise_shape = inputs.shape
    else:
        noise_shape = tuple(
            inputs.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape)
        )
    keep = jax.random.bernoulli(_key(seed), 1.0 - rate, noise_shape)
    keep = jnp.broadcast_to(keep, inputs.shape)
    return jnp.where(keep, inputs / (1.0 - rate), jnp.zeros((), inputs.dtype)).astype(inputs.dtype)


def shuffle(x, axis=0, seed=None):
    return jax.random.permutation(_key(seed), to_tensor(x), axis=axis, independent=False)


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = to_float(logits)
    if logits.ndim != 2:
        raise ValueError(
            f"categorical: logits must be 2-D (batch, classes); received shape {logits.shape}."
        )
    samples = jax.random.categorical(
        _key(seed), logits[:, None, :], axis=-1, shape=(logits.shape[0], int(num_samples))
    )
    return samples.astype(jax_dtype(dtype))


def gamma(shape, alpha, dtype=None, seed=None):
    dtype = _float(dtype)
    return jax.random.gamma(_key(seed), alpha, shape_tuple(shape), dtype=dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    dtype = _float(dtype)
    counts = jnp.asarray(counts, "float32") if not isinstance(counts, jax.Array) else counts
    return jax.random.binomial(
        _key(seed),
        counts.astype("float32"),
        jnp.asarray(probabilities, "float32"),
        shape_tuple(shape),
    ).astype(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    dtype = _float(dtype)
    sample = jax.random.beta(
        _key(seed),
        jnp.asarray(alpha, "float32"),
        jnp.asarray(beta, "float32"),
        shape_tuple(shape),
        dtype="float32",
    )
    return sample.astype(dtype)


__all__ = gather(globals(), "random")
