"""Tensor creation: ranges, constants, identity-like matrices and windows."""

import numpy as np
import tensorflow as tf

from unison import dtypes
from unison.backends.tensorflow._base import (
    HALF,
    NAME_TO_TF,
    TF_TO_NAME,
    convert_to_tensor,
    floatx,
    tf_dtype,
)

__all__ = [
    "arange",
    "linspace",
    "logspace",
    "geomspace",
    "eye",
    "identity",
    "tri",
    "zeros",
    "ones",
    "full",
    "empty",
    "zeros_like",
    "ones_like",
    "full_like",
    "empty_like",
    "array",
    "bartlett",
    "blackman",
    "hamming",
    "hanning",
    "kaiser",
    "vander",
]


def _dtype_key(value):
    if type(value) in (bool, int, float, complex):
        return value
    return TF_TO_NAME[convert_to_tensor(value).dtype]


def arange(start, stop=None, step=None, dtype=None):
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    if dtype is None:
        dtype = dtypes.result_type(*[_dtype_key(v) for v in (start, stop, step)])
    target = tf_dtype(dtype)
    compute = tf.float32 if target in HALF else target
    if compute in (tf.bool, tf.uint8, tf.uint16, tf.uint32, tf.uint64, tf.int8, tf.int16):
        compute = tf.int64 if target in (tf.uint32, tf.uint64) else tf.int32
    values = tf.range(
        tf.cast(start, compute), tf.cast(stop, compute), tf.cast(step, compute), dtype=compute
    )
    return tf.cast(values, target)


def _float_dtype(dtype, *values):
    if dtype is not None:
        return tf_dtype(dtype)
    return NAME_TO_TF[dtypes.float_result_type(*[_dtype_key(v) for v in values])]


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    if num < 0:
        raise ValueError(f"linspace: `num` must be non-negative; received {num}.")
    target = _float_dtype(dtype, start, stop)
    compute = tf.float64
    start = tf.cast(convert_to_tensor(start), compute)
    stop = tf.cast(convert_to_tensor(stop), compute)
    divisions = (num - 1) if endpoint else num
    step = (stop - start) / max(divisions, 1)
    shape = [num] + [1] * len(start.shape)
    positions = tf.reshape(tf.range(num, dtype=compute), shape)
    values = start + positions * step
    if endpoint and num > 1:
        values = tf.concat([values[:-1], tf.expand_dims(stop, 0)], axis=0)
    if axis != 0:
        values = tf.experimental.numpy.moveaxis(values, 0, axis)
    if target.is_integer:
        values = tf.floor(values)
    values = tf.cast(values, target)
    if retstep:
        return values, tf.cast(step, target)
    return values


def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    target = _float_dtype(dtype, start, stop)
    exponents = linspace(start, stop, num=num, endpoint=endpoint, dtype="float64", axis=axis)
    return tf.cast(tf.pow(tf.cast(base, tf.float64), exponents), target)


def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    target = _float_dtype(dtype, start, stop)
    start = tf.cast(convert_to_tensor(start), tf.float64)
    stop = tf.cast(convert_to_tensor(stop), tf.float64)
    sign = tf.sign(start)
    exponents = linspace(
        tf.math.log(tf.abs(start)),
        tf.math.log(tf.abs(stop)),
        num=num,
        endpoint=endpoint,
        dtype="float64",
        axis=0,
    )
    values = sign * tf.exp(exponents)
    if num > 0:
        values = tf.concat([tf.expand_dims(start, 0), values[1:]], 0)
        if endpoint and num > 1:
            values = tf.concat([values[:-1], tf.expand_dims(stop, 0)], 0)
    if axis != 0:
        values = tf.experimental.numpy.moveaxis(values, 0, axis)
    return tf.cast(values, target)


def _default(dtype):
    return floatx() if dtype is None else tf_dtype(dtype)


def eye(N, M=None, k=0, dtype=None):  # noqa: N803 - NumPy names
    M = N if M is None else M  # noqa: N806
    rows = tf.range(N)[:, None]
    cols = tf.range(M)[None, :]
    return tf.cast(tf.equal(cols - rows, k), _default(dtype))


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


def tri(N, M=None, k=0, dtype=None):  # noqa: N803
    M = N if M is None else M  # noqa: N806
    rows = tf.range(N)[:, None]
    cols = tf.range(M)[None, :]
    return tf.cast(cols - rows <= k, _default(dtype))


def _shape(shape):
    if isinstance(shape, int):
        return [shape]
    return shape


def zeros(shape, dtype=None):
    return tf.zeros(_shape(shape), _default(dtype))


def ones(shape, dtype=None):
    return tf.ones(_shape(shape), _default(dtype))


def empty(shape, dtype=None):
    return tf.zeros(_shape(shape), _default(dtype))


def full(shape, fill_value, dtype=None):
    target = _default(dtype)
    value = tf.cast(convert_to_tensor(fill_value), target)
    return tf.broadcast_to(value, _shape(shape))


def zeros_like(x, dtype=None):
    x = convert_to_tensor(x)
    return tf.zeros_like(x, dtype=x.dtype if dtype is None else tf_dtype(dtype))


def ones_like(x, dtype=None):
    x = convert_to_tensor(x)
    return tf.ones_like(x, dtype=x.dtype if dtype is None else tf_dtype(dtype))


def empty_like(x, dtype=None):
    return zeros_like(x, dtype)


def full_like(x, fill_value, dtype=None):
    x = convert_to_tensor(x)
    target = x.dtype if dtype is None else tf_dtype(dtype)
    value = tf.cast(convert_to_tensor(fill_value), target)
    return tf.broadcast_to(value, tf.shape(x))


def array(x, dtype=None):
    return convert_to_tensor(x, dtype)


def _window(function, length, *args):
    return tf.constant(function(int(length), *args), dtype=floatx())


def bartlett(x):
    return _window(np.bartlett, x)


def blackman(x):
    return _window(np.blackman, x)


def hamming(x):
    return _window(np.hamming, x)


def hanning(x):
    return _window(np.hanning, x)


def kaiser(x, beta):
    return _window(np.kaiser, x, float(beta))


def vander(x, N=None, increasing=False):  # noqa: N803
    x = convert_to_tensor(x)
    if len(x.shape) != 1:
        raise ValueError(f"vander: `x` must be 1-D; received shape {tuple(x.shape)}.")
    count = x.shape[0] if N is None else N
    source = x.dtype
    if source == tf.bool:
        x = tf.cast(x, tf.int32)
        source = tf.int32
    compute = tf.float32 if source in HALF else source
    if compute.is_integer and compute not in (tf.int32, tf.int64):
        compute = tf.int64
    powers = tf.range(count, dtype=compute)
    if not increasing:
        powers = tf.reverse(powers, [0])
    return tf.cast(tf.pow(tf.cast(x, compute)[:, None], powers[None, :]), source)
