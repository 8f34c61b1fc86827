"""``unison.ops`` math family on NumPy arrays: FFTs, segments, top-k, special functions."""

from __future__ import annotations

import numpy as np

from unison.backends.contract import gather
from unison.backends.numpy import _special
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    INT32,
    float_dtype_of,
    promote,
    to_array,
    to_float_array,
    unary_float,
)

_FLOAT64 = np.dtype("float64")


def _via_float64(function):
    def operation(x):
        x = to_float_array(x)
        return function(x.astype(_FLOAT64)).astype(x.dtype)

    operation.__name__ = function.__name__
    return operation


erf = _via_float64(_special.erf64)
erfc = _via_float64(_special.erfc64)
erfinv = _via_float64(_special.erfinv64)
rsqrt = unary_float(lambda x: 1.0 / np.sqrt(x))


def logsumexp(x, axis=None, keepdims=False):
    x = to_float_array(x)
    dtype = x.dtype
    values = x.astype(FLOAT32 if dtype in (BFLOAT16, np.dtype("float16")) else dtype)
    if isinstance(axis, list):
        axis = tuple(axis)
    peak = np.max(values, axis=axis, keepdims=True)
    peak = np.where(np.isfinite(peak), peak, 0)
    total = np.sum(np.exp(values - peak), axis=axis, keepdims=True)
    with np.errstate(divide="ignore"):
        result = np.log(total) + peak
    if not keepdims:
        result = np.squeeze(result, axis=axis) if axis is not None else result.reshape(())
    return np.asarray(result).astype(dtype)


def logdet(x):
    x = to_float_array(x)
    dtype = x.dtype
    _, value = np.linalg.slogdet(x.astype(FLOAT32 if dtype == BFLOAT16 else dtype))
    return np.asarray(value).astype(dtype)


def cdist(x, y):
    x, y = promote(x, y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(f"cdist: inputs must have rank >= 2; received {x.shape} and {y.shape}.")
    if x.shape[-1] != y.shape[-1]:
        raise ValueError(
            f"cdist: last dimensions must match; received {x.shape[-1]} and {y.shape[-1]}."
        )
    dtype = float_dtype_of(x.dtype)
    compute = FLOAT32 if dtype in (BFLOAT16, np.dtype("float16")) else dtype
    difference = x.astype(compute)[..., :, None, :] - y.astype(compute)[..., None, :, :]
    return np.sqrt(np.sum(difference * difference, axis=-1)).astype(dtype)


# -- top-k and segments ----------------------------------------------------------------------
def top_k(x, k, sorted=True):
    x = to_array(x)
    k = int(k)
    if k > x.shape[-1]:
        raise ValueError(f"top_k: k={k} is larger than the last dimension {x.shape[-1]}.")
    keys = x.astype(np.float64) if x.dtype != np.dtype("int64") else x
    order = np.argsort(-keys, axis=-1, kind="stable")[..., :k]
    values = np.take_along_axis(x, order, axis=-1)
    return values, order.astype(INT32)


def in_top_k(targets, predictions, k):
    targets = to_array(targets).astype(np.int64)
    predictions = to_array(predictions)
    if predictions.dtype == BFLOAT16:
        predictions = predictions.astype(FLOAT32)
    target_values = np.take_along_axis(predictions, targets[:, None], axis=-1)
    larger = np.sum(predictions > target_values, axis=-1)
    return np.asarray((larger < int(k)) & ~np.isnan(target_values[:, 0]))


def _segment(ufunc, identity_kind):
    def operation(data, segment_ids, num_segments=None, sorted=False):
        data = to_array(data)
        segment_ids = to_array(segment_ids).astype(np.int64)
        if num_segments is None:
            num_segments = int(segment_ids.max()) + 1 if segment_ids.size else 0
        num_segments = int(num_segments)
        valid = (segment_ids >= 0) & (segment_ids < num_segments)
        dtype = data.dtype
        compute = FLOAT32 if dtype == BFLOAT16 else dtype
        shape = (num_segments, *data.shape[1:])
        if identity_kind == "zero":
            output = np.zeros(shape, dtype=compute)
        elif identity_kind == "one":
            output = np.ones(shape, dtype=compute)
        else:
            if compute in INEXACT:
                bound = np.inf if identity_kind == "low" else -np.inf
                bound = -bound
            else:
                info = np.iinfo(compute) if compute != np.dtype(bool) else None
                if info is None:
                    bound = identity_kind == "high"
                else:
                    bound = info.min if identity_kind == "low" else info.max
            output = np.full(shape, bound, dtype=compute)
        ufunc.at(output, segment_ids[valid], data[valid].astype(compute))
        return output.astype(dtype)

    operation.__name__ = ufunc.__name__
    return operation


segment_sum = _segment(np.add, "zero")
segment_prod = _segment(np.multiply, "one")
segment_max = _segment(np.maximum, "low")
segment_min = _segment(np.minimum, "high")


def extract_sequences(x, sequence_length, sequence_stride):
    x = to_array(x)
    windows = np.lib.stride_tricks.sliding_window_view(x, int(sequence_length), axis=-1)
    return np.ascontiguousarray(windows[..., :: int(sequence_stride), :])


# -- FFT ---------------------------------------------------------------------------------------
def _complex_from_pair(x, name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{name}: `x` must be a tuple (real, imaginary) of two tensors; received "
            f"{type(x).__name__}."
        )
    real, imaginary = to_array(x[0]), to_array(x[1])
    if real.shape != imaginary.shape:
        raise ValueError(
            f"{name}: real and imaginary parts must have the same shape; received "
            f"{real.shape} and {imaginary.shape}."
        )
    if real.dtype not in INEXACT or imaginary.dtype not in INEXACT:
        raise ValueError(
            f"{name}: real and imaginary parts must be floats; received {real.dtype.name} "
            f"and {imaginary.dtype.name}."
        )
    return real.astype(np.float64) + 1j * imaginary.astype(np.float64), real.dtype


def _pair(values, dtype):
    return np.real(values).astype(dtype), np.imag(values).astype(dtype)


def fft(x):
    values, dtype = _complex_from_pair(x, "fft")
    return _pair(np.fft.fft(values, axis=-1), dtype)


def fft2(x):
    values, dtype = _complex_from_pair(x, "fft2")
    return _pair(np.fft.fft2(values, axes=(-2, -1)), dtype)


def ifft2(x):
    values, dtype = _complex_from_pair(x, "ifft2")
    return _pair(np.fft.ifft2(values, axes=(-2, -1)), dtype)


def rfft(x, fft_length=None):
    x = to_float_array(x)
    return _pair(np.fft.rfft(x.astype(np.float64), n=fft_length, axis=-1), x.dtype)


def irfft(x, fft_length=None):
    values, dtype = _complex_from_pair(x, "irfft")
    return np.fft.irfft(values, n=fft_length, axis=-1).astype(dtype)


def view_as_real(x):
    x = to_array(x)
    if x.dtype.kind != "c":
        raise ValueError(f"view_as_real: `x` must be complex; received dtype {x.dtype.name}.")
    return np.stack([np.real(x), np.imag(x)], axis=-1)


def view_as_complex(x):
    x = to_array(x)
    if x.ndim == 0 or x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last dimension must have size 2; received shape {x.shape}."
        )
    dtype = np.complex128 if x.dtype == _FLOAT64 else np.complex64
    return (x[..., 0].astype(np.float64) + 1j * x[..., 1].astype(np.float64)).astype(dtype)


def _window(window, sequence_length, fft_length, dtype):
    if window is None:
        values = np.ones(sequence_length, dtype=np.float64)
    elif isinstance(window, str):
        phase = 2.0 * np.pi * np.arange(sequence_length) / sequence_length
        if window == "hann":
            values = 0.5 - 0.5 * np.cos(phase)
        elif window == "hamming":
            values = 0.54 - 0.46 * np.cos(phase)
        else:
            raise ValueError(
                f"`window` must be 'hann', 'hamming', a tensor or None; received {window!r}."
            )
    else:
        values = to_array(window).astype(np.float64)
        if values.shape != (sequence_length,):
            raise ValueError(
                f"The shape of `window` must be ({sequence_length},); received {values.shape}."
            )
    left = (fft_length - sequence_length) // 2
    return np.pad(values, (left, fft_length - sequence_length - left))


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = to_array(x)
    if x.dtype not in (FLOAT32, _FLOAT64):
        raise TypeError(f"stft: `x` must be float32 or float64; received {x.dtype.name}.")
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: `fft_length` ({fft_length}) must be >= `sequence_length` ({sequence_length})."
        )
    dtype = x.dtype
    values = x.astype(np.float64)
    if center:
        pad = [(0, 0)] * (values.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        values = np.pad(values, pad, mode="reflect")
    weights = _window(window, sequence_length, fft_length, dtype)
    frames = np.lib.stride_tricks.sliding_window_view(values, fft_length, axis=-1)
    frames = frames[..., ::sequence_stride, :] * weights
    return _pair(np.fft.rfft(frames, n=fft_length, axis=-1), dtype)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    values, dtype = _complex_from_pair(x, "istft")
    weights = _window(window, sequence_length, fft_length, dtype)
    frames = np.fft.irfft(values, n=fft_length, axis=-1) * weights
    count = frames.shape[-2]
    total = fft_length + sequence_stride * (count - 1)
    signal = np.zeros((*frames.shape[:-2], total))
    norm = np.zeros(total)
    for index in range(count):
        start = index * sequence_stride
        signal[..., start : start + fft_length] += frames[..., index, :]
        norm[start : start + fft_length] += weights * weights
    signal = signal / np.where(norm > 1e-10, norm, 1.0)
    if window is None:
        signal = signal * weights.sum() / sequence_stride
    begin = fft_length // 2 if center else 0
    if length is not None:
        end = begin + length
    elif center:
        end = total - fft_length // 2
    else:
        end = total
    return signal[..., begin:end].astype(dtype)


__all__ = gather(globals(), "math")
