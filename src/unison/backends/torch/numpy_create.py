"""Tensor creation: ranges, constants, identity-like matrices, windows."""

from __future__ import annotations

import math as _math

import torch

from unison import dtypes
from unison.backends.torch._base import (
    DEVICE,
    INEXACT_DTYPES,
    Tensor,
    _node,
    convert_to_tensor,
    floatx_dtype,
    to_int_tuple,
    to_torch_dtype,
)


def _dtype_or_floatx(dtype):
    return floatx_dtype() if dtype is None else to_torch_dtype(dtype)


def _shape(shape):
    if shape is None:
        return ()
    return to_int_tuple(shape)


def zeros(shape, dtype=None):
    return torch.zeros(_shape(shape), dtype=_dtype_or_floatx(dtype), device=DEVICE)


def ones(shape, dtype=None):
    return torch.ones(_shape(shape), dtype=_dtype_or_floatx(dtype), device=DEVICE)


def empty(shape, dtype=None):
    return torch.zeros(_shape(shape), dtype=_dtype_or_floatx(dtype), device=DEVICE)


def full(shape, fill_value, dtype=None):
    target = _dtype_or_floatx(dtype)
    if isinstance(fill_value, (bool, int, float, complex)):
        return torch.full(_shape(shape), fill_value, dtype=target, device=DEVICE)
    value = convert_to_tensor(fill_value, target)
    return torch.broadcast_to(value, _shape(shape)).clone()


def _like_dtype(x, dtype):
    return x.dtype if dtype is None else to_torch_dtype(dtype)


def zeros_like(x, dtype=None):
    x = convert_to_tensor(x)
    return torch.zeros_like(x, dtype=_like_dtype(x, dtype))


def ones_like(x, dtype=None):
    x = convert_to_tensor(x)
    return torch.ones_like(x, dtype=_like_dtype(x, dtype))


def empty_like(x, dtype=None):
    x = convert_to_tensor(x)
    return torch.zeros_like(x, dtype=_like_dtype(x, dtype))


def full_like(x, fill_value, dtype=None):
    x = convert_to_tensor(x)
    target = _like_dtype(x, dtype)
    if isinstance(fill_value, (bool, int, float, complex)):
        return torch.full_like(x, fill_value, dtype=target)
    value = convert_to_tensor(fill_value, target)
    return torch.broadcast_to(value, x.shape).clone()


def array(x, dtype=None):
    return convert_to_tensor(x, dtype)


def _scalar(value):
    if isinstance(value, Tensor):
        return value.item()
    if hasattr(value, "item") and not isinstance(value, (int, float)):
        return value.item()
    return value


def arange(start, stop=None, step=None, dtype=None):
    if dtype is None:
        parts = [start] + [v for v in (stop, step) if v is not None]
        dtype = dtypes.result_type(
            *(_node(p) if not isinstance(p, (int, float)) else p for p in parts)
        )
    target = to_torch_dtype(dtype)
    start, stop, step = _scalar(start), _scalar(stop), _scalar(step)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    compute = (
        torch.float64
        if target in INEXACT_DTYPES or any(isinstance(v, float) for v in (start, stop, step))
        else torch.int64
    )
    if target in (torch.complex64, torch.complex128):
        compute = torch.float64
    values = torch.arange(start, stop, step, dtype=compute, device=DEVICE)
    return values.to(target)


def _linspace_values(start, stop, num, endpoint, axis, compute):
    start = convert_to_tensor(start).to(compute)
    stop = convert_to_tensor(stop).to(compute)
    shape = torch.broadcast_shapes(start.shape, stop.shape)
    start = start.expand(shape)
    stop = stop.expand(shape)
    divisor = (num - 1) if endpoint else num
    steps = torch.arange(num, dtype=compute, device=DEVICE).reshape((num,) + (1,) * len(shape))
    if divisor > 0:
        step = (stop - start) / divisor
        values = start + steps * step
        if endpoint and num > 1:
            values[-1] = stop
    else:
        step = torch.full_like(start, float("nan"))
        values = start + steps * 0
    if shape:
        values = torch.movedim(values, 0, axis % (len(shape) + 1))
    return values, step


def _range_dtype(start, stop, dtype):
    if dtype is not None:
        return to_torch_dtype(dtype)
    return to_torch_dtype(
        dtypes.result_type(
            _node(start) if not isinstance(start, (int, float)) else start,
            _node(stop) if not isinstance(stop, (int, float)) else stop,
            float,
        )
    )


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    target = _range_dtype(start, stop, dtype)
    values, step = _linspace_values(start, stop, int(num), endpoint, axis, torch.float64)
    if target not in INEXACT_DTYPES:
        values = torch.floor(values)
    values = values.to(target)
    if retstep:
        return values, step.to(target if target in INEXACT_DTYPES else floatx_dtype())
    return values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    target = _range_dtype(start, stop, dtype)
    exponents, _ = _linspace_values(start, stop, int(num), endpoint, axis, torch.float64)
    values = torch.pow(torch.tensor(float(base), dtype=torch.float64, device=DEVICE), exponents)
    return values.to(target)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    target = _range_dtype(start, stop, dtype)
    start_t = convert_to_tensor(start).to(torch.float64)
    stop_t = convert_to_tensor(stop).to(torch.float64)
    if torch.any(start_t == 0) or torch.any(stop_t == 0):
        raise ValueError("geomspace: `start` and `stop` must be non-zero.")
    sign = torch.sign(start_t)
    exponents, _ = _linspace_values(
        torch.log10(torch.abs(start_t)),
        torch.log10(torch.abs(stop_t)),
        int(num),
        endpoint,
        0,
        torch.float64,
    )
    values = sign * torch.pow(10.0, exponents)
    if int(num) > 0:
        values[0] = start_t
        if endpoint and int(num) > 1:
            values[-1] = stop_t
    shape = torch.broadcast_shapes(start_t.shape, stop_t.shape)
    if shape:
        values = torch.movedim(values, 0, axis % (len(shape) + 1))
    return values.to(target)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803
    rows = int(N)
    cols = rows if M is None else int(M)
    target = _dtype_or_floatx(dtype)
    mask = (
        torch.arange(cols, device=DEVICE)[None, :] - torch.arange(rows, device=DEVICE)[:, None]
    ) == int(k)
    return mask.to(target)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    rows = int(N)
    cols = rows if M is None else int(M)
    target = _dtype_or_floatx(dtype)
    mask = (
        torch.arange(cols, device=DEVICE)[None, :] - torch.arange(rows, device=DEVICE)[:, None]
    ) <= int(k)
    return mask.to(target)


def meshgrid(*x, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` must be 'xy' or 'ij'; received {indexing!r}.")
    tensors = [convert_to_tensor(v) for v in x]
    return list(torch.meshgrid(*tensors, indexing=indexing))


def _window(function, x, **kwargs):
    length = int(_scalar(x))
    if length <= 0:
        return torch.zeros((0,), dtype=floatx_dtype(), device=DEVICE)
    values = function(length, periodic=False, dtype=torch.float64, device=DEVICE, **kwargs)
    return values.to(floatx_dtype())


def bartlett(x):
    return _window(torch.bartlett_window, x)


def blackman(x):
    length = int(_scalar(x))
    if length <= 1:
        return torch.ones((length,), dtype=floatx_dtype(), device=DEVICE)
    n = torch.arange(length, dtype=torch.float64, device=DEVICE)
    phase = 2.0 * _math.pi * n / (length - 1)
    values = 0.42 - 0.5 * torch.cos(phase) + 0.08 * torch.cos(2 * phase)
    return values.to(floatx_dtype())


def hamming(x):
    return _window(torch.hamming_window, x)


def hanning(x):
    return _window(torch.hann_window, x)


def kaiser(x, beta):
    length = int(_scalar(x))
    if length <= 1:
        return torch.ones((length,), dtype=floatx_dtype(), device=DEVICE)
    n = torch.arange(length, dtype=torch.float64, device=DEVICE)
    alpha = (length - 1) / 2.0
    beta = float(_scalar(beta))
    ratio = torch.clamp(1 - ((n - alpha) / alpha) ** 2, min=0.0)
    values = torch.special.i0(beta * torch.sqrt(ratio)) / torch.special.i0(
        torch.tensor(beta, dtype=torch.float64)
    )
    return values.to(floatx_dtype())


def vander(x, N=None, increasing=False):  # noqa: N803
    x = convert_to_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"vander: `x` must be 1-D; received shape {tuple(x.shape)}.")
    columns = x.shape[0] if N is None else int(N)
    powers = torch.arange(columns, device=x.device)
    if not increasing:
        powers = torch.flip(powers, (0,))
    compute = x.dtype if x.dtype in INEXACT_DTYPES else torch.int64
    result = torch.pow(x.to(compute)[:, None], powers[None, :].to(compute))
    return result.to(x.dtype)
