"""``unison.ops.math`` on TensorFlow: special functions, segments, FFT and STFT."""

import tensorflow as tf

from unison.backends.contract import gather
from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    convert_to_tensor,
    floatx,
    pair,
)


def _float(x):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    return x


def _half_safe(function, x):
    dtype = x.dtype
    if dtype in HALF:
        return tf.cast(function(tf.cast(x, tf.float32)), dtype)
    return function(x)


def erf(x):
    return _half_safe(tf.math.erf, _float(x))


def erfc(x):
    return _half_safe(tf.math.erfc, _float(x))


def erfinv(x):
    return _half_safe(tf.math.erfinv, _float(x))


def rsqrt(x):
    return tf.math.rsqrt(_float(x))


def logsumexp(x, axis=None, keepdims=False):
    x = _float(x)
    return _half_safe(lambda v: tf.math.reduce_logsumexp(v, axis=axis, keepdims=keepdims), x)


def logdet(x):
    x = _float(x)
    return _half_safe(lambda v: tf.linalg.slogdet(v)[1], x)


def cdist(x, y):
    x, y = pair(x, y)
    if x.dtype not in INEXACT:
        x, y = tf.cast(x, floatx()), tf.cast(y, floatx())
    difference = tf.expand_dims(x, -2) - tf.expand_dims(y, -3)
    return tf.sqrt(tf.reduce_sum(tf.square(difference), axis=-1))


def extract_sequences(x, sequence_length, sequence_stride):
    x = convert_to_tensor(x)
    return tf.signal.frame(x, sequence_length, sequence_stride, axis=-1, pad_end=False)


def _segments(reducer, data, segment_ids, num_segments, fill=None):
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids)
    if not segment_ids.dtype.is_integer:
        raise TypeError(f"segment_ids must be integers; received dtype {segment_ids.dtype.name}.")
    segment_ids = tf.cast(segment_ids, tf.int32)
    if num_segments is None:
        num_segments = tf.reduce_max(segment_ids) + 1
    dtype = data.dtype
    source = data
    if dtype == tf.bool:
        source = tf.cast(data, tf.int32)
    elif dtype in (tf.uint16, tf.uint32, tf.uint64):
        source = tf.cast(data, tf.int64)
    result = reducer(source, segment_ids, num_segments)
    return tf.cast(result, dtype) if result.dtype != dtype else result


def segment_sum(data, segment_ids, num_segments=None, sorted=False):
    return _segments(tf.math.unsorted_segment_sum, data, segment_ids, num_segments)


def segment_prod(data, segment_ids, num_segments=None, sorted=False):
    return _segments(tf.math.unsorted_segment_prod, data, segment_ids, num_segments)


def segment_max(data, segment_ids, num_segments=None, sorted=False):
    return _segments(tf.math.unsorted_segment_max, data, segment_ids, num_segments)


def segment_min(data, segment_ids, num_segments=None, sorted=False):
    return _segments(tf.math.unsorted_segment_min, data, segment_ids, num_segments)


def top_k(x, k, sorted=True):
    x = convert_to_tensor(x)
    dtype = x.dtype
    if dtype == tf.bool or dtype in (tf.uint32, tf.uint64):
        values, indices = tf.math.top_k(tf.cast(x, tf.int64), k=k, sorted=sorted)
        return tf.cast(values, dtype), indices
    return tf.math.top_k(x, k=k, sorted=sorted)


def in_top_k(targets, predictions, k):
    predictions = tf.cast(convert_to_tensor(predictions), tf.float32)
    targets = tf.cast(convert_to_tensor(targets), tf.int32)
    return tf.math.in_top_k(targets, predictions, k)


def _complex_input(x, name):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{name}: `x` must be a tuple (real, imag) of two tensors; received {type(x).__name__}."
        )
    real, imag = pair(x[0], x[1])
    if not real.dtype.is_floating:
        raise ValueError(
            f"{name}: real and imaginary parts must be floats; received {real.dtype.name}."
        )
    if real.shape != imag.shape:
        raise ValueError(
            f"{name}: real and imaginary parts must have the same shape; received "
            f"{tuple(real.shape)} and {tuple(imag.shape)}."
        )
    dtype = real.dtype
    compute = tf.float64 if dtype == tf.float64 else tf.float32
    return tf.complex(tf.cast(real, compute), tf.cast(imag, compute)), dtype


def _split(complex_value, dtype):
    return tf.cast(tf.math.real(complex_value), dtype), tf.cast(tf.math.imag(complex_value), dtype)


def fft(x):
    value, dtype = _complex_input(x, "fft")
    return _split(tf.signal.fft(value), dtype)


def fft2(x):
    value, dtype = _complex_input(x, "fft2")
    return _split(tf.signal.fft2d(value), dtype)


def ifft2(x):
    value, dtype = _complex_input(x, "ifft2")
    return _split(tf.signal.ifft2d(value), dtype)


def rfft(x, fft_length=None):
    x = _float(x)
    dtype = x.dtype
    if fft_length is None:
        fft_length = x.shape[-1]
    compute = tf.float64 if dtype == tf.float64 else tf.float32
    result = tf.signal.rfft(tf.cast(x, compute), fft_length=[fft_length])
    return _split(result, dtype)


def irfft(x, fft_length=None):
    value, dtype = _complex_input(x, "irfft")
    if fft_length is None:
        fft_length = 2 * (value.shape[-1] - 1)
    return tf.cast(tf.signal.irfft(value, fft_length=[fft_length]), dtype)


def _window(window, sequence_length, fft_length, dtype):
    if window is None:
        values = tf.ones([sequence_length], dtype)
    elif isinstance(window, str):
        if window == "hann":
            values = tf.signal.hann_window(sequence_length, periodic=True, dtype=dtype)
        elif window == "hamming":
            values = tf.signal.hamming_window(sequence_length, periodic=True, dtype=dtype)
        else:
            raise ValueError(
                f"`window` must be 'hann', 'hamming', a tensor or None; received {window!r}."
            )
    else:
        values = tf.cast(convert_to_tensor(window), dtype)
        if len(values.shape) != 1 or values.shape[0] != sequence_length:
            raise ValueError(
                f"`window` must be 1-D of length sequence_length={sequence_length}; received "
                f"shape {tuple(values.shape)}."
            )
    left = (fft_length - sequence_length) // 2
    return tf.pad(values, [[left, fft_length - sequence_length - left]])


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = _float(x)
    dtype = x.dtype
    compute = tf.float64 if dtype == tf.float64 else tf.float32
    x = tf.cast(x, compute)
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: `fft_length` ({fft_length}) must be at least `sequence_length` "
            f"({sequence_length})."
        )
    if center:
        rank = len(x.shape)
        pad = fft_length // 2
        x = tf.pad(x, [[0, 0]] * (rank - 1) + [[pad, pad]], mode="REFLECT")
    window_values = _window(window, sequence_length, fft_length, compute)
    frames = tf.signal.frame(x, fft_length, sequence_stride)
    result = tf.signal.rfft(frames * window_values, fft_length=[fft_length])
    return _split(result, dtype)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    value, dtype = _complex_input(x, "istft")
    compute = tf.float64 if value.dtype == tf.complex128 else tf.float32
    frames = tf.signal.irfft(value, fft_length=[fft_length])
    window_values = _window(window, sequence_length, fft_length, compute)
    signal = tf.signal.overlap_and_add(frames * window_values, sequence_stride)
    count = tf.shape(frames)[-2]
    squares = tf.tile(tf.expand_dims(tf.square(window_values), 0), [count, 1])
    denominator = tf.signal.overlap_and_add(squares, sequence_stride)
    signal = signal / tf.where(denominator > 1e-10, denominator, tf.ones_like(denominator))
    start = fft_length // 2 if center else 0
    if length is not None:
        signal = signal[..., start : start + length]
        missing = length - tf.shape(signal)[-1]
        rank = len(signal.shape)
        signal = tf.pad(signal, [[0, 0]] * (rank - 1) + [[0, missing]])
    elif center:
        signal = signal[..., start:-start] if start else signal
    return tf.cast(signal, dtype)


def view_as_complex(x):
    x = _float(x)
    if x.shape[-1] != 2:
        raise ValueError(
            f"view_as_complex: the last dimension must be 2; received shape {tuple(x.shape)}."
        )
    compute = tf.float64 if x.dtype == tf.float64 else tf.float32
    x = tf.cast(x, compute)
    return tf.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = convert_to_tensor(x)
    if not x.dtype.is_complex:
        raise ValueError(f"view_as_real: input must be complex; received {x.dtype.name}.")
    return tf.stack([tf.math.real(x), tf.math.imag(x)], axis=-1)


__all__ = gather(globals(), "math")
