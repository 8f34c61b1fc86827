"""Random sampling from a ``torch.Generator`` seeded by the two int32 seed values."""

from __future__ import annotations

import math as _math

import numpy as np
import torch

from unison.backends.contract import gather
from unison.backends.torch._base import (
    DEVICE,
    FLOAT_DTYPES,
    Tensor,
    convert_to_tensor,
    floatx_dtype,
    to_int_tuple,
    to_torch_dtype,
)


def _generator(seed):
    if isinstance(seed, Tensor):
        values = seed.reshape(-1).tolist()
    elif isinstance(seed, (int, np.integer)):
        values = [0, int(seed)]
    elif isinstance(seed, (list, tuple, np.ndarray)):
        values = np.asarray(seed).reshape(-1).tolist()
    elif seed is None:
        raise ValueError("torch random functions need a drawn seed (two int32 values); got None.")
    else:
        values = np.asarray(convert_to_tensor(seed).cpu()).reshape(-1).tolist()
    if len(values) == 1:
        values = [0, values[0]]
    combined = ((int(values[0]) & 0xFFFFFFFF) << 32) | (int(values[1]) & 0xFFFFFFFF)
    generator = torch.Generator(device=DEVICE)
    generator.manual_seed(_mix(combined))
    return generator


def _mix(value: int) -> int:
    """splitmix64 finaliser: every input bit affects the low 32 bits torch's CPU engine uses."""
    mask = 0xFFFFFFFFFFFFFFFF
    value = (value + 0x9E3779B97F4A7C15) & mask
    value = ((value ^ (value >> 30)) * 0xBF58476D1CE4E5B9) & mask
    value = ((value ^ (value >> 27)) * 0x94D049BB133111EB) & mask
    return (value ^ (value >> 31)) & 0x7FFFFFFFFFFFFFFF


def _float_dtype(dtype, name):
    target = floatx_dtype() if dtype is None else to_torch_dtype(dtype)
    if target not in FLOAT_DTYPES:
        raise ValueError(f"{name}: `dtype` must be a float dtype; received {dtype!r}.")
    return target


def _param(value, dtype):
    if isinstance(value, (int, float)):
        return value
    return convert_to_tensor(value).to(dtype)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    target = _float_dtype(dtype, "normal")
    compute = torch.float64 if target is torch.float64 else torch.float32
    sample = torch.randn(
        to_int_tuple(shape), generator=_generator(seed), dtype=compute, device=DEVICE
    )
    return (sample * _param(stddev, compute) + _param(mean, compute)).to(target)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    target = _float_dtype(dtype, "uniform")
    compute = torch.float64 if target is torch.float64 else torch.float32
    sample = torch.rand(
        to_int_tuple(shape), generator=_generator(seed), dtype=compute, device=DEVICE
    )
    low, high = _param(minval, compute), _param(maxval, compute)
    return (low + sample * (high - low)).to(target)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    target = _float_dtype(dtype, "truncated_normal")
    sample = torch.rand(
        to_int_tuple(shape), generator=_generator(seed), dtype=torch.float64, device=DEVICE
    )
    low = 0.5 * (1.0 + _math.erf(-2.0 / _math.sqrt(2.0)))
    high = 0.5 * (1.0 + _math.erf(2.0 / _math.sqrt(2.0)))
    probability = low + sample * (high - low)
    standard = _math.sqrt(2.0) * torch.special.erfinv(2.0 * probability - 1.0)
    standard = torch.clamp(standard, -2.0, 2.0)
    return (standard * _param(stddev, torch.float64) + _param(mean, torch.float64)).to(target)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    target = to_torch_dtype(dtype)
    low = int(minval.item() if isinstance(minval, Tensor) else minval)
    high = int(maxval.item() if isinstance(maxval, Tensor) else maxval)
    sample = torch.randint(
        low, high, to_int_tuple(shape), generator=_generator(seed), dtype=torch.int64, device=DEVICE
    )
    return sample.to(target)


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    rate = float(rate.item() if isinstance(rate, Tensor) else rate)
    if not 0.0 <= rate < 1.0:
        if rate == 1.0:
            return torch.zeros_like(inputs)
        raise ValueError(f"dropout: `rate` must be in [0, 1); received {rate}.")
    if noise_shape is None:
        shape = tuple(inputs.shape)
    else:
        shape = tuple(inputs.shape[i] if d is None else int(d) for i, d in enumerate(noise_shape))
    keep = torch.rand(shape, generator=_generator(seed), device=inputs.device) >= rate
    scaled = inputs / (1.0 - rate)
    return torch.where(keep, scaled, torch.zeros_like(scaled)).to(
        inputs.dtype if inputs.dtype in FLOAT_DTYPES else scaled.dtype
    )


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    permutation = torch.randperm(x.shape[axis], generator=_generator(seed), device=x.device)
    return torch.index_select(x, axis, permutation)


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    if logits.ndim != 2:
        raise ValueError(
            f"categorical: `logits` must be 2-D (batch, classes); received shape "
            f"{tuple(logits.shape)}."
        )
    probabilities = torch.softmax(logits.to(torch.float64), dim=-1)
    sample = torch.multinomial(
        probabilities, int(num_samples), replacement=True, generator=_generator(seed)
    )
    return sample.to(to_torch_dtype(dtype))


def _gamma(shape, alpha, generator):
    alpha = convert_to_tensor(alpha).to(torch.float64)
    concentration = torch.broadcast_to(alpha, to_int_tuple(shape)).contiguous()
    return torch._standard_gamma(concentration, generator=generator)


def gamma(shape, alpha, dtype=None, seed=None):
    target = _float_dtype(dtype, "gamma")
    return _gamma(shape, alpha, _generator(seed)).to(target)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    target = _float_dtype(dtype, "binomial") if dtype is None else to_torch_dtype(dtype)
    shape = to_int_tuple(shape)
    counts = torch.broadcast_to(convert_to_tensor(counts).to(torch.float64), shape).contiguous()
    probabilities = torch.broadcast_to(
        convert_to_tensor(probabilities).to(torch.float64), shape
    ).contiguous()
    sample = torch.binomial(counts, probabilities, generator=_generator(seed))
    return sample.to(target)


def beta(shape, alpha, beta, dtype=None, seed=None):
    target = _float_dtype(dtype, "beta")
    generator = _generator(seed)
    first = _gamma(shape, alpha, generator)
    second = _gamma(shape, beta, generator)
    return (first / (first + second)).to(target)


__all__ = gather(globals(), "random")
