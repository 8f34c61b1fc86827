"""Random sampling on the active backend (``keras.random``).

``seed`` may be an int (stateless: the same int gives the same numbers), a
:class:`SeedGenerator` (a reproducible stream), or ``None`` (the backend's global generator).

Example:
    >>> unison.random.uniform((2, 3), minval=-1.0, maxval=1.0, seed=7).shape
    (2, 3)
"""

from __future__ import annotations

from typing import Any

from unison.backend import current
from unison.dtypes import standardize_dtype
from unison.random.seed_generator import (
    SeedGenerator,
    draw_seed,
    global_seed_generator,
    set_global_seed,
)
from unison.symbolic.tensor import SymbolicTensor, symbolic_call

__all__ = [
    "SeedGenerator",
    "beta",
    "binomial",
    "categorical",
    "draw_seed",
    "dropout",
    "gamma",
    "global_seed_generator",
    "normal",
    "randint",
    "set_global_seed",
    "shuffle",
    "truncated_normal",
    "uniform",
]


def _shape(shape: Any) -> tuple[int, ...]:
    if isinstance(shape, int):
        shape = (shape,)
    try:
        result = tuple(int(dim) for dim in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"shape must be a tuple of non-negative ints; received {shape!r}."
        ) from None
    if any(dim < 0 for dim in result):
        raise ValueError(f"shape must be a tuple of non-negative ints; received {shape!r}.")
    return result


def _float_dtype(dtype: Any, function: str) -> str:
    name = standardize_dtype(dtype)
    if not name.startswith(("float", "bfloat")):
        raise ValueError(f"{function}: dtype must be a float dtype; received {name!r}.")
    return name


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from a normal distribution. Example: ``normal((3,), seed=1)``."""
    return current().backend.normal(
        _shape(shape), mean, stddev, dtype=_float_dtype(dtype, "normal"), seed=draw_seed(seed)
    )


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from ``[minval, maxval)``. Example: ``uniform((3,), 0.0, 2.0, seed=1)``."""
    return current().backend.uniform(
        _shape(shape), minval, maxval, dtype=_float_dtype(dtype, "uniform"), seed=draw_seed(seed)
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples re-drawn when more than two stddevs from the mean."""
    return current().backend.truncated_normal(
        _shape(shape),
        mean,
        stddev,
        dtype=_float_dtype(dtype, "truncated_normal"),
        seed=draw_seed(seed),
    )


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Integers from ``[minval, maxval)``. Example: ``randint((4,), 0, 10, seed=3)``."""
    if maxval <= minval:
        raise ValueError(f"randint: maxval ({maxval}) must be greater than minval ({minval}).")
    return current().backend.randint(
        _shape(shape), minval, maxval, dtype=standardize_dtype(dtype), seed=draw_seed(seed)
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    """Class indices sampled from unnormalised log-probabilities of shape (batch, classes)."""
    if type(logits) is SymbolicTensor:
        return symbolic_call(categorical, logits, num_samples, dtype=dtype, seed=seed)
    return current().backend.categorical(
        logits, int(num_samples), dtype=standardize_dtype(dtype), seed=draw_seed(seed)
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zero entries with probability ``rate`` and scale the rest by ``1 / (1 - rate)``."""
    if not 0 <= rate < 1:
        raise ValueError(f"dropout: rate must be in [0, 1); received {rate!r}.")
    if type(inputs) is SymbolicTensor:
        return symbolic_call(dropout, inputs, rate, noise_shape=noise_shape, seed=seed)
    return current().backend.dropout(inputs, rate, noise_shape=noise_shape, seed=draw_seed(seed))


def shuffle(x, axis=0, seed=None):
    """Randomly permute ``x`` along ``axis``."""
    if type(x) is SymbolicTensor:
        return symbolic_call(shuffle, x, axis=axis, seed=seed)
    return current().backend.shuffle(x, axis=axis, seed=draw_seed(seed))


def gamma(shape, alpha, dtype=None, seed=None):
    """Samples from Gamma(alpha, 1)."""
    return current().backend.gamma(
        _shape(shape), alpha, dtype=_float_dtype(dtype, "gamma"), seed=draw_seed(seed)
    )


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    """Samples from Binomial(counts, probabilities), as floats of ``dtype``."""
    return current().backend.binomial(
        _shape(shape),
        counts,
        probabilities,
        dtype=_float_dtype(dtype, "binomial"),
        seed=draw_seed(seed),
    )


def beta(shape, alpha, beta, dtype=None, seed=None):
    """Samples from Beta(alpha, beta)."""
    return current().backend.beta(
        _shape(shape), alpha, beta, dtype=_float_dtype(dtype, "beta"), seed=draw_seed(seed)
    )
