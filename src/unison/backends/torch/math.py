"""The math family: special functions, FFTs, segment reductions, top-k."""

from __future__ import annotations

import torch

from unison.backends.contract import gather
from unison.backends.torch._base import (
    DEVICE,
    FLOAT_DTYPES,
    INEXACT_DTYPES,
    WIDE_UNSIGNED,
    Tensor,
    convert_to_tensor,
    promote_tensors,
    to_float,
)
from unison.backends.torch.numpy_misc import slogdet

_HALF = (torch.float16, torch.bfloat16)


def _special(function):
    def op(x):
        x = to_float(x)
        if x.dtype in _HALF:
            return function(x.float()).to(x.dtype)
        return function(x)

    op.__name__ = function.__name__
    return op


erf = _special(torch.special.erf)
erfc = _special(torch.special.erfc)
erfinv = _special(torch.special.erfinv)


def rsqrt(x):
    if type(x) is Tensor and x.dtype in FLOAT_DTYPES:
        return torch.rsqrt(x)
    return torch.rsqrt(to_float(x))


def logsumexp(x, axis=None, keepdims=False):
    x = to_float(x)
    if axis is None:
        axis = tuple(range(x.ndim))
    elif isinstance(axis, int):
        axis = (axis,)
    if not axis:
        return x
    return torch.logsumexp(x, dim=tuple(axis), keepdim=keepdims)


def cdist(x, y):
    (x, y), dtype = promote_tensors(x, y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            f"cdist: inputs must have rank >= 2; received shapes {tuple(x.shape)}, {tuple(y.shape)}."
        )
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"cdist: the last dimensions must match; received {x.shape[-1]} and {y.shape[-1]}."
        )
    if dtype not in INEXACT_DTYPES:
        x, y = to_float(x), to_float(y)
    difference = x.unsqueeze(-2) - y.unsqueeze(-3)
    return torch.sqrt(torch.sum(difference * difference, dim=-1))


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    return x.unfold(-1, int(sequence_length), int(sequence_stride))


def top_k(x, k, sorted=True):  # noqa: A002
    x = convert_to_tensor(x)
    values = x if x.dtype not in WIDE_UNSIGNED and x.dtype is not torch.bool else x.to(torch.int64)
    result = torch.topk(values, int(k), dim=-1, largest=True, sorted=True)
    return result.values.to(x.dtype), result.indices.to(torch.int32)


def in_top_k(targets, predictions, k):
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets).to(torch.int64)
    at_label = torch.gather(predictions, -1, targets.unsqueeze(-1))
    if predictions.dtype in INEXACT_DTYPES:
        at_label = torch.where(
            torch.isnan(at_label), torch.full_like(at_label, float("-inf")), at_label
        )
    rank = 1 + torch.sum(predictions > at_label, dim=-1)
    return rank <= int(k)


def logdet(x):
    return slogdet(x)[1]


# -- segment reductions --------------------------------------------------------------------
def _segment(reduce, data, segment_ids, num_segments):
    data = convert_to_tensor(data)
    ids = convert_to_tensor(segment_ids).to(torch.int64).to(data.device)
    if num_segments is None:
        num_segments = int(ids.max().item()) + 1 if ids.numel() else 0
    num_segments = int(num_segments)
    dtype = data.dtype
    values = data
    if dtype is torch.bool or dtype in WIDE_UNSIGNED:
        values = data.to(torch.int64)
    valid = (ids >= 0) & (ids < num_segments)
    if not bool(torch.all(valid)):
        values = values[valid]
        ids = ids[valid]
    if reduce == "sum":
        fill = 0
    elif reduce == "prod":
        fill = 1
    elif values.dtype in INEXACT_DTYPES:
        fill = float("-inf") if reduce == "amax" else float("inf")
    else:
        info = torch.iinfo(values.dtype)
        fill = info.min if reduce == "amax" else info.max
    output = torch.full(
        (num_segments,) + tuple(values.shape[1:]), fill, dtype=values.dtype, device=values.device
    )
    index = ids.reshape((-1,) + (1,) * (values.ndim - 1)).expand_as(values)
    output = output.scatter_reduce(0, index, values, reduce=reduce, include_self=True)
    return output.to(dtype)


def segment_sum(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    return _segment("sum", data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    return _segment("prod", data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    return _segment("amax", data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):  # noqa: A002
    return _segment("amin", data, segment_ids, num_segments)


# -- FFT -----------------------------------------------------------------------------------
def _complex_from_pair(x, name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{name}: `x` must be a tuple of two tensors (real, imaginary); received {type(x)}."
        )
    real, imag = convert_to_tensor(x[0]), convert_to_tensor(x[1])
    if tuple(real.shape) != tuple(imag.shape):
        raise ValueError(
            f"{name}: real and imaginary parts must have the same shape; received "
            f"{tuple(real.shape)} and {tuple(imag.shape)}."
        )
    if real.dtype not in FLOAT_DTYPES or imag.dtype not in FLOAT_DTYPES:
        raise ValueError(
            f"{name}: real and imaginary parts must be floating point; received {real.dtype} "
            f"and {imag.dtype}."
        )
    dtype = real.dtype
    compute = torch.float64 if dtype is torch.float64 else torch.float32
    return torch.complex(real.to(compute), imag.to(compute)), dtype


def _pair(value, dtype):
    return torch.real(value).to(dtype), torch.imag(value).to(dtype)


def fft(x):
    value, dtype = _complex_from_pair(x, "fft")
    return _pair(torch.fft.fft(value), dtype)


def fft2(x):
    value, dtype = _complex_from_pair(x, "fft2")
    return _pair(torch.fft.fft2(value), dtype)


def ifft2(x):
    value, dtype = _complex_from_pair(x, "ifft2")
    return _pair(torch.fft.ifft2(value), dtype)


def rfft(x, fft_length=None):
    x = to_float(x)
    dtype = x.dtype
    compute = torch.float64 if dtype is torch.float64 else torch.float32
    return _pair(torch.fft.rfft(x.to(compute), n=fft_length), dtype)


def irfft(x, fft_length=None):
    value, dtype = _complex_from_pair(x, "irfft")
    return torch.fft.irfft(value, n=fft_length).to(dtype)


def view_as_complex(x):
    x = convert_to_tensor(x)
    if x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last dimension must be 2; received shape {tuple(x.shape)}."
        )
    if x.dtype not in (torch.float32, torch.float64):
        x = x.to(torch.float32)
    return torch.view_as_complex(x.contiguous())


def view_as_real(x):
    x = convert_to_tensor(x)
    if not x.is_complex():
        raise ValueError(f"view_as_real: `x` must be complex; received dtype {x.dtype}.")
    return torch.view_as_real(x).clone()


def _window(window, sequence_length, fft_length, dtype):
    if window is None:
        return torch.ones(fft_length, dtype=dtype, device=DEVICE), None
    if isinstance(window, str):
        if window == "hann":
            values = torch.hann_window(sequence_length, periodic=True, dtype=torch.float64)
        elif window == "hamming":
            values = torch.hamming_window(sequence_length, periodic=True, dtype=torch.float64)
        else:
            raise ValueError(
                f"stft: a string `window` must be 'hann' or 'hamming'; received {window!r}."
            )
        values = values.to(dtype).to(DEVICE)
    else:
        values = convert_to_tensor(window).to(dtype)
    if values.ndim != 1 or values.shape[0] != sequence_length:
        raise ValueError(
            f"stft: `window` must have shape ({sequence_length},); received {tuple(values.shape)}."
        )
    left = (fft_length - sequence_length) // 2
    right = fft_length - sequence_length - left
    return torch.nn.functional.pad(values, (left, right)), values


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = convert_to_tensor(x)
    if x.dtype not in (torch.float32, torch.float64):
        raise TypeError(f"stft: `x` must be float32 or float64; received {x.dtype}.")
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: `fft_length` ({fft_length}) must be >= `sequence_length` ({sequence_length})."
        )
    if center:
        half = fft_length // 2
        shape = x.shape
        flat = x.reshape(-1, 1, shape[-1])
        x = torch.nn.functional.pad(flat, (half, half), mode="reflect").reshape(
            *shape[:-1], shape[-1] + 2 * half
        )
    padded_window, _ = _window(window, sequence_length, fft_length, x.dtype)
    frames = x.unfold(-1, fft_length, int(sequence_stride)) * padded_window
    return _pair(torch.fft.rfft(frames, n=fft_length), x.dtype)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    value, dtype = _complex_from_pair(x, "istft")
    if value.ndim < 2:
        raise ValueError(f"istft: `x` must have at least 2 dimensions; received {value.ndim}.")
    frames = torch.fft.irfft(value, n=fft_length).to(dtype)
    padded_window, given = _window(window, sequence_length, fft_length, dtype)
    count = frames.shape[-2]
    stride = int(sequence_stride)
    total = fft_length + stride * (count - 1)
    batch_shape = frames.shape[:-2]
    weighted = (frames * padded_window).reshape(-1, count, fft_length).transpose(1, 2)
    signal = torch.nn.functional.fold(
        weighted, (1, total), (1, fft_length), stride=(1, stride)
    ).reshape(*batch_shape, total)
    squares = (padded_window * padded_window).reshape(1, fft_length, 1).expand(1, fft_length, count)
    norm = torch.nn.functional.fold(
        squares.contiguous(), (1, total), (1, fft_length), stride=(1, stride)
    ).reshape(total)
    signal = signal / torch.where(norm > 1e-10, norm, torch.ones_like(norm))
    if given is None:
        signal = signal * fft_length / stride
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + int(length)
    elif center:
        end = total - fft_length // 2
    else:
        end = total
    return signal[..., start:end]


__all__ = gather(globals(), "math")
