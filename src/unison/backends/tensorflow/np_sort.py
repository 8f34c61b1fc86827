"""Sorting, searching, counting and order statistics."""

import numpy as np
import tensorflow as tf

from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    convert_to_tensor,
    floatx,
    pair,
)

__all__ = [
    "sort",
    "argsort",
    "argpartition",
    "searchsorted",
    "digitize",
    "histogram",
    "bincount",
    "unique",
    "nonzero",
    "median",
    "nanmedian",
    "quantile",
    "nanquantile",
    "percentile",
    "nanpercentile",
    "corrcoef",
    "isin",
]

_SORT_PROXY = {tf.bool: tf.int8, tf.uint32: tf.int64, tf.uint64: tf.int64, tf.uint16: tf.int32}


def sort(x, axis=-1):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    proxy = _SORT_PROXY.get(x.dtype)
    if proxy is not None:
        return tf.cast(tf.sort(tf.cast(x, proxy), axis=axis), x.dtype)
    return tf.sort(x, axis=axis)


def argsort(x, axis=-1):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    proxy = _SORT_PROXY.get(x.dtype)
    if proxy is not None:
        x = tf.cast(x, proxy)
    if len(x.shape) == 0:
        return tf.constant(0, tf.int32)
    return tf.cast(tf.argsort(x, axis=axis, stable=True), tf.int32)


def argpartition(x, kth, axis=-1):
    # A full stable sort is one valid partition: everything before position kth is no larger.
    return argsort(x, axis=axis)


def searchsorted(sorted_sequence, values, side="left"):
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: `side` must be 'left' or 'right'; received {side!r}.")
    sorted_sequence, values = pair(sorted_sequence, values)
    if len(sorted_sequence.shape) != 1:
        raise ValueError(
            "searchsorted: `sorted_sequence` must be 1-D; received shape "
            f"{tuple(sorted_sequence.shape)}."
        )
    proxy = _SORT_PROXY.get(values.dtype)
    if proxy is not None:
        sorted_sequence, values = tf.cast(sorted_sequence, proxy), tf.cast(values, proxy)
    flat = tf.reshape(values, [1, -1])
    found = tf.searchsorted(
        tf.reshape(sorted_sequence, [1, -1]), flat, side=side, out_type=tf.int32
    )
    return tf.reshape(found, tf.shape(values))


def digitize(x, bins):
    x, bins = pair(x, bins)
    return searchsorted(bins, x, side="right")


def histogram(x, bins=10, range=None):
    x = convert_to_tensor(x)
    if len(x.shape) != 1:
        raise ValueError(f"histogram: `x` must be 1-D; received shape {tuple(x.shape)}.")
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    if range is None:
        low, high = tf.reduce_min(x), tf.reduce_max(x)
    else:
        low, high = tf.cast(range[0], x.dtype), tf.cast(range[1], x.dtype)
    edges = tf.linspace(low, high, bins + 1)
    inside = (x >= low) & (x <= high)
    width = (high - low) / bins
    safe_width = tf.where(width > 0, width, tf.ones_like(width))
    index = tf.cast(tf.floor((x - low) / safe_width), tf.int32)
    index = tf.clip_by_value(index, 0, bins - 1)
    counts = tf.math.bincount(
        tf.boolean_mask(index, inside), minlength=bins, maxlength=bins, dtype=x.dtype
    )
    return counts, tf.cast(edges, x.dtype)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise NotImplementedError(
            "bincount: sparse=True is not supported by the TensorFlow backend."
        )
    x = convert_to_tensor(x)
    if not x.dtype.is_integer:
        raise TypeError(f"bincount: `x` must be integers; received dtype {x.dtype.name}.")
    x = tf.cast(x, tf.int32)
    if weights is None:
        dtype = tf.int32
    else:
        weights = convert_to_tensor(weights)
        dtype = weights.dtype
        if dtype in HALF or dtype in (tf.int8, tf.int16, tf.uint8, tf.uint16, tf.bool):
            weights = tf.cast(weights, tf.float32 if dtype in HALF else tf.int32)
    axis = -1 if len(x.shape) == 2 else None
    counts = tf.math.bincount(
        x,
        weights=weights,
        minlength=minlength,
        axis=axis,
        dtype=weights.dtype if weights is not None else tf.int32,
    )
    return tf.cast(counts, dtype)


def _unique_flat(x):
    """Sorted unique values of a 1-D tensor, with first indices, inverse and counts."""
    order = tf.argsort(x, stable=True)
    ordered = tf.gather(x, order)
    is_new = tf.concat([[True], tf.not_equal(ordered[1:], ordered[:-1])], axis=0)
    group = tf.cumsum(tf.cast(is_new, tf.int32)) - 1
    count = tf.reduce_sum(tf.cast(is_new, tf.int32))
    values = tf.boolean_mask(ordered, is_new)
    first = tf.math.unsorted_segment_min(order, group, count)
    inverse = tf.scatter_nd(tf.expand_dims(order, 1), group, tf.shape(order))
    counts = tf.math.unsorted_segment_sum(tf.ones_like(group), group, count)
    return values, first, inverse, counts


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    x = convert_to_tensor(x)
    if axis is not None:
        if not tf.executing_eagerly():
            raise NotImplementedError(
                "unique with `axis` needs concrete values; the TensorFlow backend supports it "
                "only eagerly."
            )
        results = np.unique(
            x.numpy(), return_index=True, return_inverse=True, return_counts=True, axis=axis
        )
        values, first, inverse, counts = (convert_to_tensor(r) for r in results)
        first, counts = tf.cast(first, tf.int32), tf.cast(counts, tf.int32)
        inverse = tf.cast(tf.reshape(inverse, [-1]), tf.int32)
    else:
        source = x.dtype
        flat = tf.reshape(x, [-1])
        proxy = _SORT_PROXY.get(source)
        if proxy is not None:
            flat = tf.cast(flat, proxy)
        values, first, inverse, counts = _unique_flat(flat)
        values = tf.cast(values, source)
        inverse = tf.reshape(inverse, tf.shape(x))
    if size is not None:
        current = tf.shape(values)[0 if axis is None else axis]
        if axis is not None:
            raise NotImplementedError("unique: `size` together with `axis` is not supported.")
        fill = values[0] if fill_value is None else tf.cast(fill_value, values.dtype)
        padding = tf.fill([tf.maximum(size - current, 0)], fill)
        values = tf.concat([values, padding], 0)[:size]
        first = tf.concat([first, tf.zeros_like(padding, tf.int32)], 0)[:size]
        counts = tf.concat([counts, tf.zeros_like(padding, tf.int32)], 0)[:size]
    outputs = [values]
    if return_index:
        outputs.append(first)
    if return_inverse:
        outputs.append(inverse)
    if return_counts:
        outputs.append(counts)
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def nonzero(x):
    x = convert_to_tensor(x)
    mask = x if x.dtype == tf.bool else tf.not_equal(x, tf.zeros([], x.dtype))
    positions = tf.cast(tf.where(mask), tf.int32)
    return tuple(positions[:, i] for i in range(len(x.shape)))


# -- order statistics ---------------------------------------------------------------------


def _move_to_last(x, axis):
    """Move the reduced axes to the end and merge them; return tensor and kept-dims shape."""
    rank = len(x.shape)
    if axis is None:
        axes = list(range(rank))
    elif isinstance(axis, (list, tuple)):
        axes = sorted(a + rank if a < 0 else a for a in axis)
    else:
        axes = [axis + rank if axis < 0 else axis]
    kept = [a for a in range(rank) if a not in axes]
    moved = tf.transpose(x, kept + axes) if rank else x
    shape = tf.shape(x)
    kept_shape = tf.gather(shape, kept) if kept else tf.zeros([0], tf.int32)
    merged = tf.reshape(moved, tf.concat([kept_shape, [-1]], 0))
    keep_shape = [1 if a in axes else None for a in range(rank)]
    return merged, keep_shape


def _quantile(x, q, axis, method, keepdims, ignore_nan):
    x = convert_to_tensor(x)
    source = x.dtype
    out_dtype = source if source in INEXACT else floatx()
    compute = tf.float64 if source == tf.float64 else tf.float32
    x = tf.cast(x, compute)
    q = tf.cast(convert_to_tensor(q), compute)
    merged, keep_shape = _move_to_last(x, axis)
    nan = tf.math.is_nan(merged)
    ordered = tf.sort(tf.where(nan, tf.constant(np.inf, compute), merged), axis=-1)
    if ignore_nan:
        count = tf.reduce_sum(tf.cast(tf.logical_not(nan), compute), axis=-1, keepdims=True)
    else:
        count = tf.cast(tf.shape(merged)[-1], compute) * tf.ones_like(ordered[..., :1])
    scalar_q = len(q.shape) == 0
    q_flat = tf.reshape(q, [-1])
    position = q_flat * tf.maximum(count - 1, 0)  # [..., nq]
    lower = tf.floor(position)
    upper = tf.math.ceil(position)
    if method == "lower":
        index_low = index_high = lower
    elif method == "higher":
        index_low = index_high = upper
    elif method == "nearest":
        index_low = index_high = tf.round(position)
    elif method in ("linear", "midpoint"):
        index_low, index_high = lower, upper
    else:
        raise ValueError(
            "quantile: `method` must be one of linear, lower, higher, midpoint, nearest; "
            f"received {method!r}."
        )
    width = tf.shape(ordered)[-1]
    low_value = _take_last(ordered, index_low, width)
    high_value = _take_last(ordered, index_high, width)
    if method == "linear":
        fraction = position - lower
        result = low_value + (high_value - low_value) * fraction
        result = tf.where(tf.equal(fraction, 0), low_value, result)
    elif method == "midpoint":
        result = (low_value + high_value) / 2
    else:
        result = low_value
    if ignore_nan:
        result = tf.where(count > 0, result, tf.constant(np.nan, compute))
    else:
        has_nan = tf.reduce_any(nan, axis=-1, keepdims=True)
        result = tf.where(has_nan, tf.constant(np.nan, compute), result)
    # result: [kept..., nq] -> [nq, kept...]
    rank = len(result.shape)
    result = tf.transpose(result, [rank - 1] + list(range(rank - 1)))
    if keepdims:
        kept_dims = tf.shape(result)[1:]
        full, position_kept = [], 0
        for dim in keep_shape:
            if dim == 1:
                full.append(tf.constant(1))
            else:
                full.append(kept_dims[position_kept])
                position_kept += 1
        result = tf.reshape(result, tf.stack([tf.shape(result)[0]] + full))
    if scalar_q:
        result = result[0]
    return tf.cast(result, out_dtype)


def _take_last(ordered, index, width):
    index = tf.clip_by_value(tf.cast(index, tf.int32), 0, width - 1)
    index = tf.broadcast_to(index, tf.concat([tf.shape(ordered)[:-1], tf.shape(index)[-1:]], 0))
    return tf.gather(ordered, index, batch_dims=len(ordered.shape) - 1)


def quantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def nanquantile(x, q, axis=None, method="linear", keepdims=False):
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def percentile(x, q, axis=None, method="linear", keepdims=False):
    q = tf.cast(convert_to_tensor(q), tf.float64) / 100.0
    return _quantile(x, q, axis, method, keepdims, ignore_nan=False)


def nanpercentile(x, q, axis=None, method="linear", keepdims=False):
    q = tf.cast(convert_to_tensor(q), tf.float64) / 100.0
    return _quantile(x, q, axis, method, keepdims, ignore_nan=True)


def median(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=False)


def nanmedian(x, axis=None, keepdims=False):
    return _quantile(x, 0.5, axis, "linear", keepdims, ignore_nan=True)


def corrcoef(x):
    x = convert_to_tensor(x)
    dtype = x.dtype if x.dtype in INEXACT else floatx()
    compute = tf.float32 if dtype in HALF else dtype
    x = tf.cast(x, compute)
    if len(x.shape) == 1:
        x = x[None, :]
    centered = x - tf.reduce_mean(x, axis=1, keepdims=True)
    covariance = tf.matmul(centered, tf.math.conj(centered), transpose_b=True)
    diagonal = tf.math.real(tf.linalg.diag_part(covariance))
    scale = tf.sqrt(diagonal)
    result = covariance / tf.cast(scale[:, None] * scale[None, :], compute)
    if not compute.is_complex:
        result = tf.clip_by_value(result, -1.0, 1.0)
    if result.shape[0] == 1:
        result = tf.reshape(result, [])
    return tf.cast(result, dtype)


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = pair(x1, x2)
    flat = tf.reshape(x2, [-1])
    matches = tf.reduce_any(tf.equal(tf.expand_dims(x1, -1), flat), axis=-1)
    return tf.logical_not(matches) if invert else matches
