"""Shape manipulation, joining and splitting."""

import builtins

import tensorflow as tf

from unison.backends.tensorflow._base import (
    EagerTensor,
    convert_to_tensor,
    many,
    pair,
    tf_dtype,
)

__all__ = [
    "reshape",
    "transpose",
    "moveaxis",
    "swapaxes",
    "expand_dims",
    "squeeze",
    "ravel",
    "broadcast_to",
    "concatenate",
    "stack",
    "hstack",
    "vstack",
    "dstack",
    "append",
    "split",
    "array_split",
    "hsplit",
    "vsplit",
    "dsplit",
    "tile",
    "repeat",
    "flip",
    "fliplr",
    "flipud",
    "roll",
    "rot90",
    "size",
    "ndim",
    "view",
]

_Reshape = tf.raw_ops.Reshape


def reshape(x, newshape):
    if type(x) is not EagerTensor:
        x = convert_to_tensor(x)
    if isinstance(newshape, int):
        newshape = [newshape]
    elif None in newshape if isinstance(newshape, (list, tuple)) else False:
        newshape = [-1 if dim is None else dim for dim in newshape]
    return tf.reshape(x, newshape)


def transpose(x, axes=None):
    x = convert_to_tensor(x)
    return tf.transpose(x, perm=axes)


def _normalize(axis, rank):
    return axis + rank if axis < 0 else axis


def moveaxis(x, source, destination):
    x = convert_to_tensor(x)
    rank = len(x.shape)
    source = [source] if isinstance(source, int) else list(source)
    destination = [destination] if isinstance(destination, int) else list(destination)
    if len(source) != len(destination):
        raise ValueError(
            "moveaxis: `source` and `destination` must have the same number of axes; "
            f"received {source} and {destination}."
        )
    source = [_normalize(a, rank) for a in source]
    destination = [_normalize(a, rank) for a in destination]
    order = [a for a in range(rank) if a not in source]
    for dest, src in sorted(zip(destination, source, strict=False)):
        order.insert(dest, src)
    return tf.transpose(x, order)


def swapaxes(x, axis1, axis2):
    x = convert_to_tensor(x)
    rank = len(x.shape)
    order = list(range(rank))
    axis1, axis2 = _normalize(axis1, rank), _normalize(axis2, rank)
    order[axis1], order[axis2] = order[axis2], order[axis1]
    return tf.transpose(x, order)


def expand_dims(x, axis):
    x = convert_to_tensor(x)
    if isinstance(axis, int):
        return tf.expand_dims(x, axis)
    out_rank = len(x.shape) + len(axis)
    for position in sorted(_normalize(a, out_rank) for a in axis):
        x = tf.expand_dims(x, position)
    return x


def squeeze(x, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        return tf.squeeze(x)
    axes = [axis] if isinstance(axis, int) else list(axis)
    rank = len(x.shape)
    for a in axes:
        dim = x.shape[_normalize(a, rank)]
        if dim is not None and dim != 1:
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of size {dim}; shape {tuple(x.shape)}."
            )
    return tf.squeeze(x, axis=axes)


def ravel(x):
    return tf.reshape(convert_to_tensor(x), [-1])


def broadcast_to(x, shape):
    return tf.broadcast_to(convert_to_tensor(x), shape)


def concatenate(xs, axis=0):
    xs = many(xs)
    if axis is None:
        xs = [tf.reshape(x, [-1]) for x in xs]
        axis = 0
    return tf.concat(xs, axis=axis)


def stack(x, axis=0):
    return tf.stack(many(x), axis=axis)


def _at_least(x, rank):
    shape = x.shape
    if len(shape) >= rank:
        return x
    if rank == 2:
        return tf.reshape(x, [1, -1])
    if len(shape) == 0:
        return tf.reshape(x, [1, 1, 1])
    if len(shape) == 1:
        return tf.reshape(x, [1, -1, 1])
    return tf.expand_dims(x, -1)


def hstack(xs):
    xs = many(xs)
    if all(len(x.shape) <= 1 for x in xs):
        return tf.concat([tf.reshape(x, [-1]) for x in xs], axis=0)
    return tf.concat(xs, axis=1)


def vstack(xs):
    return tf.concat([_at_least(x, 2) for x in many(xs)], axis=0)


def dstack(xs):
    return tf.concat([_at_least(x, 3) for x in many(xs)], axis=2)


def append(x1, x2, axis=None):
    x1, x2 = pair(x1, x2)
    if axis is None:
        return tf.concat([tf.reshape(x1, [-1]), tf.reshape(x2, [-1])], axis=0)
    return tf.concat([x1, x2], axis=axis)


def _split_sizes(length, indices):
    points = [0] + [builtins.min(builtins.max(_normalize(i, length), 0), length) for i in indices]
    points.append(length)
    return [builtins.max(b - a, 0) for a, b in zip(points[:-1], points[1:], strict=False)]


def split(x, indices_or_sections, axis=0):
    x = convert_to_tensor(x)
    length = x.shape[axis]
    if isinstance(indices_or_sections, int):
        if length is not None and length % indices_or_sections:
            raise ValueError(
                f"split: axis {axis} of size {length} cannot be split into "
                f"{indices_or_sections} equal sections."
            )
        return tf.split(x, indices_or_sections, axis=axis)
    sizes = _split_sizes(length, list(indices_or_sections))
    return tf.split(x, sizes, axis=axis)


def array_split(x, indices_or_sections, axis=0):
    x = convert_to_tensor(x)
    length = x.shape[axis]
    if isinstance(indices_or_sections, int):
        base, extra = divmod(length, indices_or_sections)
        sizes = [base + 1] * extra + [base] * (indices_or_sections - extra)
        return tf.split(x, sizes, axis=axis)
    return split(x, indices_or_sections, axis=axis)


def hsplit(x, indices_or_sections):
    x = convert_to_tensor(x)
    return split(x, indices_or_sections, axis=0 if len(x.shape) == 1 else 1)


def vsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=0)


def dsplit(x, indices_or_sections):
    return split(x, indices_or_sections, axis=2)


def tile(x, repeats):
    x = convert_to_tensor(x)
    repeats = [repeats] if isinstance(repeats, int) else list(repeats)
    rank = len(x.shape)
    if len(repeats) < rank:
        repeats = [1] * (rank - len(repeats)) + repeats
    elif len(repeats) > rank:
        x = tf.reshape(x, [1] * (len(repeats) - rank) + x.shape.as_list())
    if x.dtype in (tf.uint16,):
        return tf.cast(tf.tile(tf.cast(x, tf.int32), repeats), x.dtype)
    return tf.tile(x, repeats)


def repeat(x, repeats, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = tf.reshape(x, [-1]), 0
    return tf.repeat(x, repeats, axis=axis)


def flip(x, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        axis = list(range(len(x.shape)))
    elif isinstance(axis, int):
        axis = [axis]
    return tf.reverse(x, list(axis))


def fliplr(x):
    return flip(x, 1)


def flipud(x):
    return flip(x, 0)


def roll(x, shift, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        flat = tf.roll(tf.reshape(x, [-1]), shift, axis=0)
        return tf.reshape(flat, tf.shape(x))
    return tf.roll(x, shift, axis=axis)


def rot90(array, k=1, axes=(0, 1)):
    array = convert_to_tensor(array)
    rank = len(array.shape)
    if rank < 2:
        raise ValueError(f"rot90: input must have at least 2 dimensions; received rank {rank}.")
    first, second = _normalize(axes[0], rank), _normalize(axes[1], rank)
    if first == second:
        raise ValueError(f"rot90: `axes` must be two different axes; received {axes}.")
    k = k % 4
    if k == 0:
        return array
    if k == 2:
        return tf.reverse(array, [first, second])
    order = list(range(rank))
    order[first], order[second] = order[second], order[first]
    if k == 1:
        return tf.transpose(tf.reverse(array, [second]), order)
    return tf.reverse(tf.transpose(array, order), [second])


def size(x):
    x = convert_to_tensor(x)
    dims = x.shape.as_list()
    if None in dims:
        return tf.size(x)
    total = 1
    for dim in dims:
        total *= dim
    return total


def ndim(x):
    return len(convert_to_tensor(x).shape)


def view(x, dtype=None):
    x = convert_to_tensor(x)
    if dtype is None:
        return x
    target = tf_dtype(dtype)
    source = x.dtype
    if source == tf.bool:
        x, source = tf.cast(x, tf.uint8), tf.uint8
    wants_bool = target == tf.bool
    if wants_bool:
        target = tf.uint8
    old_size, new_size = source.size, target.size
    if old_size == new_size:
        result = tf.bitcast(x, target)
    elif old_size > new_size:
        result = tf.bitcast(x, target)
        shape = tf.shape(result)
        result = tf.reshape(result, tf.concat([shape[:-2], [-1]], 0))
    else:
        ratio = new_size // old_size
        shape = tf.shape(x)
        grouped = tf.reshape(x, tf.concat([shape[:-1], [-1, ratio]], 0))
        result = tf.bitcast(grouped, target)
    return tf.cast(result, tf.bool) if wants_bool else result
