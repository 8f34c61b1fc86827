"""Indexing, diagonals, triangles, padding and selection."""

import builtins

import numpy as np
import tensorflow as tf

from unison.backends.tensorflow._base import (
    EagerTensor,
    convert_to_tensor,
    many,
    pair,
)
from unison.backends.tensorflow.np_reduce import sum as _sum
from unison.backends.tensorflow.np_sort import nonzero

__all__ = [
    "take",
    "take_along_axis",
    "get_item",
    "diag",
    "diagflat",
    "diagonal",
    "trace",
    "tril",
    "triu",
    "pad",
    "meshgrid",
    "unravel_index",
    "where",
    "select",
    "diff",
]


def _index_tensor(indices):
    indices = convert_to_tensor(indices)
    if indices.dtype not in (tf.int32, tf.int64):
        if not indices.dtype.is_integer and indices.dtype != tf.bool:
            raise TypeError(f"Indices must be integers; received dtype {indices.dtype.name}.")
        indices = tf.cast(indices, tf.int32)
    return indices


def _wrap(indices, length):
    length = tf.cast(length, indices.dtype)
    return tf.where(indices < 0, indices + length, indices)


def take(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = _index_tensor(indices)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    rank = len(x.shape)
    axis = axis + rank if axis < 0 else axis
    indices = _wrap(indices, tf.shape(x, out_type=indices.dtype)[axis])
    return tf.gather(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = _index_tensor(indices)
    if axis is None:
        x, indices, axis = tf.reshape(x, [-1]), tf.reshape(indices, [-1]), 0
    rank = len(x.shape)
    axis = axis + rank if axis < 0 else axis
    indices = _wrap(indices, tf.shape(x, out_type=indices.dtype)[axis])
    x_moved = tf.experimental.numpy.moveaxis(x, axis, -1)
    index_moved = tf.experimental.numpy.moveaxis(indices, axis, -1)
    batch = tf.broadcast_dynamic_shape(tf.shape(x_moved)[:-1], tf.shape(index_moved)[:-1])
    x_moved = tf.broadcast_to(x_moved, tf.concat([batch, tf.shape(x_moved)[-1:]], 0))
    index_moved = tf.broadcast_to(index_moved, tf.concat([batch, tf.shape(index_moved)[-1:]], 0))
    gathered = tf.gather(x_moved, index_moved, batch_dims=rank - 1)
    return tf.experimental.numpy.moveaxis(gathered, -1, axis)


def _is_array_key(key):
    return isinstance(key, (list, np.ndarray, tf.Tensor, tf.Variable)) or (
        hasattr(key, "shape") and hasattr(key, "dtype") and not isinstance(key, (int, float))
    )


def get_item(x, key):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    if isinstance(key, (int, builtins.slice)) or key is None or key is Ellipsis:
        return x[key]
    parts = key if isinstance(key, tuple) else (key,)
    if not builtins.any(_is_array_key(part) for part in parts):
        return x[key]
    if len(parts) == 1:
        index = convert_to_tensor(parts[0])
        if index.dtype == tf.bool:
            return tf.boolean_mask(x, index)
        index = _index_tensor(index)
        return tf.gather(x, _wrap(index, tf.shape(x, out_type=index.dtype)[0]), axis=0)
    if builtins.all(_is_array_key(part) for part in parts):
        arrays = [_index_tensor(part) for part in parts]
        shape = tf.shape(x, out_type=arrays[0].dtype)
        arrays = [_wrap(tf.cast(a, arrays[0].dtype), shape[i]) for i, a in enumerate(arrays)]
        arrays = many(arrays)
        broadcast = tf.broadcast_dynamic_shape(tf.shape(arrays[0]), tf.shape(arrays[0]))
        for a in arrays[1:]:
            broadcast = tf.broadcast_dynamic_shape(broadcast, tf.shape(a))
        stacked = tf.stack([tf.broadcast_to(a, broadcast) for a in arrays], axis=-1)
        return tf.gather_nd(x, stacked)
    if tf.executing_eagerly():
        numpy_key = tuple(np.asarray(part) if _is_array_key(part) else part for part in parts)
        return convert_to_tensor(x.numpy()[numpy_key])
    raise NotImplementedError(
        "get_item: mixing integer arrays with slices is supported by the TensorFlow backend "
        f"only eagerly; received key {key!r}."
    )


def diag(x, k=0):
    x = convert_to_tensor(x)
    rank = len(x.shape)
    if rank == 1:
        return tf.linalg.diag(x, k=k)
    if rank == 2:
        return tf.linalg.diag_part(x, k=k)
    raise ValueError(f"diag: input must be 1-D or 2-D; received shape {tuple(x.shape)}.")


def diagflat(x, k=0):
    return tf.linalg.diag(tf.reshape(convert_to_tensor(x), [-1]), k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    x = convert_to_tensor(x)
    rank = len(x.shape)
    axis1 = axis1 + rank if axis1 < 0 else axis1
    axis2 = axis2 + rank if axis2 < 0 else axis2
    order = [a for a in range(rank) if a not in (axis1, axis2)] + [axis1, axis2]
    moved = tf.transpose(x, order)
    if moved.dtype == tf.bool:
        return tf.cast(tf.linalg.diag_part(tf.cast(moved, tf.int8), k=offset), tf.bool)
    return tf.linalg.diag_part(moved, k=offset)


def trace(x, offset=0, axis1=0, axis2=1):
    return _sum(diagonal(x, offset=offset, axis1=axis1, axis2=axis2), axis=-1)


def _band_mask(x, k, lower):
    shape = tf.shape(x)
    rows = tf.range(shape[-2])[:, None]
    cols = tf.range(shape[-1])[None, :]
    return cols - rows <= k if lower else cols - rows >= k


def tril(x, k=0):
    x = convert_to_tensor(x)
    return tf.where(_band_mask(x, k, lower=True), x, tf.zeros_like(x))


def triu(x, k=0):
    x = convert_to_tensor(x)
    return tf.where(_band_mask(x, k, lower=False), x, tf.zeros_like(x))


def _pad_widths(pad_width, rank):
    widths = np.asarray(pad_width, dtype=np.int64)
    if widths.ndim == 0:
        widths = np.full((rank, 2), int(widths))
    elif widths.ndim == 1 and widths.size == 1:
        widths = np.full((rank, 2), int(widths[0]))
    elif widths.ndim == 1 and widths.size == 2:
        widths = np.broadcast_to(widths[None, :], (rank, 2))
    elif widths.shape[0] == 1:
        widths = np.broadcast_to(widths, (rank, 2))
    if widths.shape != (rank, 2):
        raise ValueError(
            f"pad: `pad_width` must broadcast to shape ({rank}, 2); received {pad_width!r}."
        )
    return widths.tolist()


def pad(x, pad_width, mode="constant", constant_values=None):
    x = convert_to_tensor(x)
    widths = _pad_widths(pad_width, len(x.shape))
    mode = mode.lower()
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return tf.pad(x, widths, mode="CONSTANT", constant_values=tf.cast(value, x.dtype))
    if constant_values is not None:
        raise ValueError(
            f"pad: `constant_values` is only valid with mode='constant'; mode={mode!r}."
        )
    if mode in ("reflect", "symmetric"):
        return tf.pad(x, widths, mode=mode.upper())
    if mode in ("edge", "wrap"):
        for axis, (before, after) in enumerate(widths):
            if not before and not after:
                continue
            length = tf.shape(x)[axis]
            if mode == "edge":
                index = tf.clip_by_value(tf.range(-before, length + after), 0, length - 1)
            else:
                index = tf.math.floormod(tf.range(-before, length + after), length)
            x = tf.gather(x, index, axis=axis)
        return x
    raise ValueError(
        f"pad: `mode` must be one of constant, reflect, symmetric, edge, wrap; received {mode!r}."
    )


def meshgrid(*x, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` must be 'xy' or 'ij'; received {indexing!r}.")
    return tf.meshgrid(*[convert_to_tensor(item) for item in x], indexing=indexing)


def unravel_index(indices, shape):
    indices = convert_to_tensor(indices)
    dtype = indices.dtype if indices.dtype.is_integer else tf.int32
    indices = tf.cast(indices, dtype)
    output = []
    for dim in reversed(list(shape)):
        output.append(tf.math.floormod(indices, tf.cast(dim, dtype)))
        indices = tf.math.floordiv(indices, tf.cast(dim, dtype))
    return tuple(reversed(output))


def _condition(condition):
    condition = convert_to_tensor(condition)
    if condition.dtype != tf.bool:
        condition = tf.not_equal(condition, tf.zeros([], condition.dtype))
    return condition


def where(condition, x1=None, x2=None):
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: pass both `x1` and `x2`, or neither.")
    x1, x2 = pair(x1, x2)
    return tf.where(_condition(condition), x1, x2)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError(
            "select: `condlist` and `choicelist` must have the same length; received "
            f"{len(condlist)} and {len(choicelist)}."
        )
    values = many([*choicelist, default])
    result = values[-1]
    for condition, choice in reversed(list(zip(condlist, values[:-1], strict=False))):
        condition = _condition(condition)
        shape = tf.broadcast_dynamic_shape(tf.shape(condition), tf.shape(choice))
        shape = tf.broadcast_dynamic_shape(shape, tf.shape(result))
        result = tf.where(condition, choice, result)
        result = tf.broadcast_to(result, shape)
    return result


def diff(a, n=1, axis=-1):
    a = convert_to_tensor(a)
    rank = len(a.shape)
    axis = axis + rank if axis < 0 else axis
    upper = (builtins.slice(None),) * axis + (builtins.slice(1, None),)
    lower = (builtins.slice(None),) * axis + (builtins.slice(None, -1),)
    for _ in range(n):
        if a.dtype == tf.bool:
            a = tf.not_equal(a[upper], a[lower])
        else:
            a = a[upper] - a[lower]
    return a
