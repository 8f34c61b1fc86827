"""The math family of the JAX backend: segments, top-k, FFTs, STFT and special functions."""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import lax

from unison.backends.contract import gather
from unison.backends.jax._base import floatx_dtype, promote, to_float, to_tensor


def _segment(function, name):
    def op(data, segment_ids, num_segments=None, sorted=False):
        data = to_tensor(data)
        segment_ids = to_tensor(segment_ids).astype("int32")
        if num_segments is None:
            if isinstance(segment_ids, jax.core.Tracer):
                raise ValueError(
                    f"{name}: inside jit num_segments must be given (the output size must be "
                    f"static); received num_segments=None."
                )
            num_segments = int(jnp.max(segment_ids)) + 1 if segment_ids.size else 0
        return function(
            data, segment_ids, num_segments=int(num_segments), indices_are_sorted=sorted
        )

    op.__name__ = op.__qualname__ = name
    return op


segment_sum = _segment(jax.ops.segment_sum, "segment_sum")
segment_max = _segment(jax.ops.segment_max, "segment_max")
segment_min = _segment(jax.ops.segment_min, "segment_min")
segment_prod = _segment(jax.ops.segment_prod, "segment_prod")


def top_k(x, k, sorted=True):
    x = to_tensor(x)
    values, indices = lax.top_k(x, int(k))
    return values, indices.astype("int32")


def in_top_k(targets, predictions, k):
    targets = to_tensor(targets).astype("int32")
    predictions = to_float(predictions)
    target_scores = jnp.take_along_axis(predictions, targets[:, None], axis=-1)
    higher = jnp.sum(predictions > target_scores, axis=-1)
    finite = jnp.isfinite(target_scores[:, 0])
    return (higher < k) & finite


def logsumexp(x, axis=None, keepdims=False):
    x = to_float(x)
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jax.scipy.special.logsumexp(x, axis=axis, keepdims=keepdims)


def rsqrt(x):
    return lax.rsqrt(to_float(x))


def erf(x):
    return jax.scipy.special.erf(to_float(x))


def erfc(x):
    return jax.scipy.special.erfc(to_float(x))


def erfinv(x):
    return jax.scipy.special.erfinv(to_float(x))


def logdet(x):
    x = to_float(x)
    return jnp.linalg.slogdet(x)[1]


def cdist(x, y):
    x, y = promote(x, y)
    if x.dtype.kind in "biu":
        x, y = x.astype(floatx_dtype()), y.astype(floatx_dtype())
    difference = x[..., :, None, :] - y[..., None, :, :]
    return jnp.sqrt(jnp.sum(jnp.square(difference), axis=-1))


def extract_sequences(x, sequence_length, sequence_stride):
    x = to_tensor(x)
    length = x.shape[-1]
    count = 1 + (length - sequence_length) // sequence_stride
    starts = jnp.arange(count) * sequence_stride
    index = starts[:, None] + jnp.arange(sequence_length)[None, :]
    return x[..., index]


def _complex_pair(x):
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"Expected a tuple (real, imag) of two tensors; received {type(x).__name__}."
        )
    real, imag = to_float(x[0]), to_float(x[1])
    if real.shape != imag.shape:
        raise ValueError(
            f"real and imag must have the same shape; received {real.shape} and {imag.shape}."
        )
    if real.dtype.itemsize < 4:
        real, imag = real.astype("float32"), imag.astype("float32")
    return lax.complex(real, imag.astype(real.dtype))


def fft(x):
    result = jnp.fft.fft(_complex_pair(x))
    return jnp.real(result), jnp.imag(result)


def fft2(x):
    result = jnp.fft.fft2(_complex_pair(x))
    return jnp.real(result), jnp.imag(result)


def ifft2(x):
    result = jnp.fft.ifft2(_complex_pair(x))
    return jnp.real(result), jnp.imag(result)


def rfft(x, fft_length=None):
    x = to_float(x)
    if x.dtype.itemsize < 4:
        x = x.astype("float32")
    result = jnp.fft.rfft(x, n=fft_length, axis=-1)
    return jnp.real(result), jnp.imag(result)


def irfft(x, fft_length=None):
    return jnp.fft.irfft(_complex_pair(x), n=fft_length, axis=-1)


def _window(window, sequence_length, dtype):
    if window is None:
        return None
    if isinstance(window, str):
        if window not in ("hann", "hamming"):
            raise ValueError(f"window must be 'hann', 'hamming', a tensor or None; got {window!r}.")
        n = jnp.arange(sequence_length, dtype=dtype)
        base = 0.5 if window == "hann" else 0.54
        return base - (1 - base) * jnp.cos(2 * jnp.pi * n / sequence_length)
    window = to_tensor(window).astype(dtype)
    if window.shape != (sequence_length,):
        raise ValueError(f"window must have shape ({sequence_length},); received {window.shape}.")
    return window


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    x = to_float(x)
    if x.dtype.itemsize < 4:
        x = x.astype("float32")
    if fft_length < sequence_length:
        raise ValueError(
            f"stft: fft_length ({fft_length}) must be >= sequence_length ({sequence_length})."
        )
    if center:
        pad = [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)]
        x = jnp.pad(x, pad, mode="reflect")
    frames = extract_sequences(x, fft_length, sequence_stride)
    weights = _window(window, sequence_length, x.dtype)
    left = (fft_length - sequence_length) // 2
    if weights is not None:
        weights = jnp.pad(weights, (left, fft_length - sequence_length - left))
        frames = frames * weights
    result = jnp.fft.rfft(frames, n=fft_length, axis=-1)
    return jnp.real(result), jnp.imag(result)


def istft(x, sequence_length, sequence_stride, fft_length, length=None, window="hann", center=True):
    spectrum = _complex_pair(x)
    dtype = jnp.real(spectrum).dtype
    frames = spectrum.shape[-2]
    expected = fft_length + sequence_stride * (frames - 1)
    left = (fft_length - sequence_length) // 2
    right = fft_length - sequence_length - left
    weights = _window(window, sequence_length, dtype)
    if weights is not None:
        padded = jnp.pad(weights, (left, right))
    else:
        padded = jnp.ones(fft_length, dtype)
    signal = jax.scipy.signal.istft(
        spectrum,
        fs=1.0,
        window=padded,
        nperseg=fft_length,
        noverlap=fft_length - sequence_stride,
        nfft=fft_length,
        boundary=False,
        time_axis=-2,
        freq_axis=-1,
    )[-1]
    signal = signal / padded.sum() if weights is not None else signal / sequence_stride
    start = fft_length // 2 if center else 0
    if length is not None:
        end = start + length
    elif center:
        end = -(fft_length // 2)
    else:
        end = expected
    return signal[..., start:end].astype(dtype)


def view_as_complex(x):
    x = to_float(x)
    if x.shape[-1] != 2:
        raise ValueError(f"view_as_complex: last dimension must be 2; received shape {x.shape}.")
    if x.dtype.itemsize < 4:
        x = x.astype("float32")
    return lax.complex(x[..., 0], x[..., 1])


def view_as_real(x):
    x = to_tensor(x)
    return jnp.stack([jnp.real(x), jnp.imag(x)], axis=-1)


__all__ = gather(globals(), "math")
