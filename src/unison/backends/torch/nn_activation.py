"""Activation functions."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812

from unison.backends.torch._base import (
    INEXACT_DTYPES,
    Tensor,
    convert_to_tensor,
    floatx_dtype,
)

_FLOATING = INEXACT_DTYPES


def _float(x):
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if x.dtype not in _FLOATING:
        x = x.to(floatx_dtype())
    return x


def relu(x):
    if type(x) is Tensor:
        return torch.relu(x)
    return torch.relu(convert_to_tensor(x))


def relu6(x):
    x = _float(x)
    return F.relu6(x)


def sigmoid(x):
    if type(x) is Tensor and x.dtype in _FLOATING:
        return torch.sigmoid(x)
    return torch.sigmoid(_float(x))


def sparse_sigmoid(x):
    x = _float(x)
    return torch.clamp((x + 1.0) / 2.0, 0.0, 1.0)


def softplus(x):
    return F.softplus(_float(x))


def softsign(x):
    return F.softsign(_float(x))


def soft_shrink(x, threshold=0.5):
    x = _float(x)
    return torch.where(
        x > threshold,
        x - threshold,
        torch.where(x < -threshold, x + threshold, torch.zeros_like(x)),
    )


def sparse_plus(x):
    x = _float(x)
    middle = (x + 1.0) ** 2 / 4.0
    return torch.where(x <= -1.0, torch.zeros_like(x), torch.where(x >= 1.0, x, middle))


def silu(x):
    if type(x) is Tensor and x.dtype in _FLOATING:
        return F.silu(x)
    return F.silu(_float(x))


swish = silu


def squareplus(x, b=4):
    x = _float(x)
    return (x + torch.sqrt(x * x + b)) / 2.0


def log_sigmoid(x):
    return F.logsigmoid(_float(x))


def leaky_relu(x, negative_slope=0.2):
    return F.leaky_relu(_float(x), negative_slope)


def hard_sigmoid(x):
    x = _float(x)
    return F.relu6(x + 3.0) / 6.0


def hard_silu(x):
    x = _float(x)
    return x * (F.relu6(x + 3.0) / 6.0)


hard_swish = hard_silu


def elu(x, alpha=1.0):
    return F.elu(_float(x), alpha=alpha)


def selu(x):
    return F.selu(_float(x))


def gelu(x, approximate=True):
    x = _float(x)
    return F.gelu(x, approximate="tanh" if approximate else "none")


def celu(x, alpha=1.0):
    return F.celu(_float(x), alpha=alpha)


def glu(x, axis=-1):
    x = _float(x)
    if x.shape[axis] % 2:
        raise ValueError(
            f"glu: the size of axis {axis} must be even; received shape {tuple(x.shape)}."
        )
    return F.glu(x, dim=axis)


def tanh_shrink(x):
    x = _float(x)
    return x - torch.tanh(x)


def hard_tanh(x):
    return torch.clamp(_float(x), -1.0, 1.0)


def hard_shrink(x, threshold=0.5):
    x = _float(x)
    return torch.where(torch.abs(x) > threshold, x, torch.zeros_like(x))


def threshold(x, threshold, default_value):
    x = _float(x)
    return torch.where(x > threshold, x, torch.full_like(x, default_value))


def _over_axes(function, x, axis):
    if isinstance(axis, int):
        return function(x, axis)
    axes = sorted(a % x.ndim for a in axis)
    rest = [d for d in range(x.ndim) if d not in axes]
    moved = x.permute(*rest, *axes)
    flat = moved.reshape(*moved.shape[: len(rest)], -1)
    result = function(flat, -1).reshape(moved.shape)
    inverse = [0] * x.ndim
    for position, dim in enumerate(rest + axes):
        inverse[dim] = position
    return result.permute(*inverse)


def softmax(x, axis=-1):
    x = _float(x)
    if axis is None:
        return torch.softmax(x.reshape(-1), 0).reshape(x.shape)
    if isinstance(axis, int):
        return torch.softmax(x, axis)
    return _over_axes(lambda v, a: torch.softmax(v, a), x, axis)


def log_softmax(x, axis=-1):
    x = _float(x)
    if axis is None:
        return torch.log_softmax(x.reshape(-1), 0).reshape(x.shape)
    if isinstance(axis, int):
        return torch.log_softmax(x, axis)
    return _over_axes(lambda v, a: torch.log_softmax(v, a), x, axis)


def sparsemax(x, axis=-1):
    x = _float(x)
    ordered = torch.sort(x, dim=axis, descending=True).values
    cumulative = torch.cumsum(ordered, dim=axis)
    size = x.shape[axis]
    shape = [1] * x.ndim
    shape[axis] = size
    ranks = torch.arange(1, size + 1, dtype=x.dtype, device=x.device).reshape(shape)
    support = (1 + ranks * ordered) > cumulative
    count = torch.sum(support, dim=axis, keepdim=True)
    tau_sum = torch.gather(cumulative, axis, (count - 1).clamp(min=0))
    tau = (tau_sum - 1) / count.to(x.dtype)
    return torch.clamp(x - tau, min=0)
