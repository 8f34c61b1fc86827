"""Random number generation from explicit two-int32 seeds, on numpy Generators."""

from __future__ import annotations

import numpy as np

from unison.backends.contract import gather
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    floatx_dtype,
    standard_shape,
    to_array,
    to_numpy_dtype,
)


def _generator(seed) -> np.random.Generator:
    """A Generator determined by the two int32 values of ``seed``."""
    if seed is None:
        raise ValueError("The numpy backend's random functions need a drawn `seed`; received None.")
    if isinstance(seed, (int, np.integer)):
        return np.random.default_rng(int(seed) & 0xFFFFFFFFFFFFFFFF)
    values = np.asarray(to_array(seed)).reshape(-1)
    if values.size != 2:
        raise ValueError(f"`seed` must hold two int32 values; received shape {values.shape}.")
    words = [int(value) & 0xFFFFFFFF for value in values]
    return np.random.default_rng(words)


def _float_dtype(dtype) -> np.dtype:
    dtype = floatx_dtype() if dtype is None else to_numpy_dtype(dtype)
    if dtype not in INEXACT:
        raise ValueError(f"Expected a float dtype; received {dtype.name}.")
    return dtype


def _scalar(value) -> float | np.ndarray:
    if isinstance(value, (int, float)):
        return value
    return to_array(value).astype(np.float64)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    values = _generator(seed).standard_normal(standard_shape(shape))
    return (values * _scalar(stddev) + _scalar(mean)).astype(dtype)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    low, high = _scalar(minval), _scalar(maxval)
    values = _generator(seed).uniform(size=standard_shape(shape))
    return (low + values * (np.asarray(high) - low)).astype(dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    generator = _generator(seed)
    shape = standard_shape(shape)
    values = generator.standard_normal(shape)
    outside = np.abs(values) > 2.0
    while outside.any():
        values[outside] = generator.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2.0
    return (values * _scalar(stddev) + _scalar(mean)).astype(dtype)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    dtype = to_numpy_dtype(dtype)
    low = to_array(minval).astype(np.int64) if not isinstance(minval, int) else minval
    high = to_array(maxval).astype(np.int64) if not isinstance(maxval, int) else maxval
    values = _generator(seed).integers(low, high, size=standard_shape(shape), dtype=np.int64)
    return values.astype(dtype)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = to_array(inputs)
    rate = float(np.asarray(to_array(rate)))
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout: `rate` must be in [0, 1); received {rate}.")
    if noise_shape is None:
        noise_shape = inputs.shape
    else:
        noise_shape = tuple(
            inputs.shape[axis] if dim is None else int(dim) for axis, dim in enumerate(noise_shape)
        )
    keep = _generator(seed).uniform(size=noise_shape) >= rate
    dtype = inputs.dtype
    compute = FLOAT32 if dtype == BFLOAT16 else dtype
    scaled = inputs.astype(compute) / np.asarray(1.0 - rate, dtype=compute)
    return np.where(keep, scaled, np.zeros((), dtype=compute)).astype(dtype)


def shuffle(x, axis=0, seed=None):
    x = to_array(x)
    order = _generator(seed).permutation(x.shape[axis])
    return np.take(x, order, axis=axis)


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = to_array(logits).astype(np.float64)
    if logits.ndim != 2:
        raise ValueError(
            f"categorical: `logits` must be 2-D (batch, classes); received shape {logits.shape}."
        )
    num_samples = int(num_samples)
    generator = _generator(seed)
    shifted = logits - logits.max(axis=-1, keepdims=True)
    probabilities = np.exp(shifted)
    probabilities /= probabilities.sum(axis=-1, keepdims=True)
    cumulative = np.cumsum(probabilities, axis=-1)
    draws = generator.uniform(size=(logits.shape[0], num_samples))
    samples = np.empty((logits.shape[0], num_samples), dtype=np.int64)
    for row in range(logits.shape[0]):
        samples[row] = np.searchsorted(
            cumulative[row], draws[row] * cumulative[row, -1], side="right"
        )
    samples = np.minimum(samples, logits.shape[1] - 1)
    return samples.astype(to_numpy_dtype(dtype))


def gamma(shape, alpha, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    values = _generator(seed).standard_gamma(_scalar(alpha), size=standard_shape(shape))
    return values.astype(dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    counts = to_array(counts).astype(np.int64) if not isinstance(counts, int) else counts
    values = _generator(seed).binomial(counts, _scalar(probabilities), size=standard_shape(shape))
    return values.astype(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    values = _generator(seed).beta(_scalar(alpha), _scalar(beta), size=standard_shape(shape))
    return values.astype(dtype)


__all__ = gather(globals(), "random")
