"""Shape, joining, splitting and indexing ops of the NumPy API."""

from __future__ import annotations

import builtins

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    INT32,
    INTEGERS,
    canonical_axis,
    ndarray,
    promote_all,
    standard_shape,
    to_array,
    to_numpy_dtype,
)


def reshape(x, newshape):
    if type(x) is not ndarray:
        x = to_array(x)
    try:
        return x.reshape(newshape)
    except TypeError:  # None for an unknown dimension, or tensors as dimensions
        return x.reshape(tuple(-1 if dim is None else int(dim) for dim in newshape))


def transpose(x, axes=None):
    return np.transpose(to_array(x), axes=None if axes is None else tuple(axes))


def expand_dims(x, axis):
    return np.expand_dims(to_array(x), canonical_axis(axis))


def squeeze(x, axis=None):
    x = to_array(x)
    axis = canonical_axis(axis)
    if axis is not None:
        axes = (axis,) if isinstance(axis, int) else axis
        for item in axes:
            if x.shape[item] != 1:
                raise ValueError(
                    f"squeeze: cannot squeeze axis {item} of shape {x.shape}: its size is "
                    f"{x.shape[item]}, not 1."
                )
    return np.squeeze(x, axis=axis)


def ravel(x):
    return np.ravel(to_array(x))


def broadcast_to(x, shape):
    return np.broadcast_to(to_array(x), standard_shape(shape))


def moveaxis(x, source, destination):
    return np.moveaxis(to_array(x), source, destination)


def swapaxes(x, axis1, axis2):
    return np.swapaxes(to_array(x), axis1, axis2)


def flip(x, axis=None):
    return np.flip(to_array(x), axis=canonical_axis(axis))


def fliplr(x):
    return np.fliplr(to_array(x))


def flipud(x):
    return np.flipud(to_array(x))


def rot90(array, k=1, axes=(0, 1)):
    return np.rot90(to_array(array), k=k, axes=tuple(axes))


def roll(x, shift, axis=None):
    return np.roll(to_array(x), shift, axis=canonical_axis(axis))


def tile(x, repeats):
    return np.tile(to_array(x), repeats)


def repeat(x, repeats, axis=None):
    if not isinstance(repeats, int):
        repeats = to_array(repeats)
    return np.repeat(to_array(x), repeats, axis=axis)


def concatenate(xs, axis=0):
    arrays = promote_all(*xs)
    return np.concatenate(arrays, axis=axis)


def append(x1, x2, axis=None):
    x1, x2 = promote_all(x1, x2)
    return np.append(x1, x2, axis=axis)


def stack(x, axis=0):
    return np.stack(promote_all(*x), axis=axis)


def hstack(xs):
    return np.hstack(promote_all(*xs))


def vstack(xs):
    return np.vstack(promote_all(*xs))


def dstack(xs):
    return np.dstack(promote_all(*xs))


def _sections(indices_or_sections):
    if isinstance(indices_or_sections, int):
        return indices_or_sections
    return [int(index) for index in np.asarray(to_array(indices_or_sections)).reshape(-1)]


def split(x, indices_or_sections, axis=0):
    return np.split(to_array(x), _sections(indices_or_sections), axis=axis)


def array_split(x, indices_or_sections, axis=0):
    return np.array_split(to_array(x), _sections(indices_or_sections), axis=axis)


def hsplit(x, indices_or_sections):
    return np.hsplit(to_array(x), _sections(indices_or_sections))


def vsplit(x, indices_or_sections):
    return np.vsplit(to_array(x), _sections(indices_or_sections))


def dsplit(x, indices_or_sections):
    return np.dsplit(to_array(x), _sections(indices_or_sections))


def diag(x, k=0):
    return np.diag(to_array(x), k=k)


def diagflat(x, k=0):
    return np.diagflat(to_array(x), k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return np.diagonal(to_array(x), offset=offset, axis1=axis1, axis2=axis2)


def diff(a, n=1, axis=-1):
    return np.diff(to_array(a), n=n, axis=axis)


def tril(x, k=0):
    return np.tril(to_array(x), k=k)


def triu(x, k=0):
    return np.triu(to_array(x), k=k)


def _index_array(indices):
    indices = to_array(indices)
    if indices.dtype not in INTEGERS:
        if indices.dtype.kind == "f" or indices.dtype == BFLOAT16:
            indices = indices.astype(INT32)
        else:
            raise TypeError(f"Indices must be integers; received dtype {indices.dtype.name}.")
    return indices


def take(x, indices, axis=None):
    x = to_array(x)
    indices = _index_array(indices)
    size = x.size if axis is None else x.shape[axis]
    if size:
        indices = np.where(indices < 0, indices + size, indices)
        indices = np.clip(indices, 0, size - 1)
    return np.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    x = to_array(x)
    indices = _index_array(indices)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    size = x.shape[axis]
    indices = np.where(indices < 0, indices + size, indices)
    indices = np.clip(indices, 0, builtins.max(size - 1, 0))
    shape = list(x.shape)
    shape[axis] = indices.shape[axis]
    broadcast = np.broadcast_shapes(tuple(shape), indices.shape)
    x_shape = list(broadcast)
    x_shape[axis] = x.shape[axis]
    x = np.broadcast_to(x, tuple(x_shape))
    indices = np.broadcast_to(indices, broadcast)
    return np.take_along_axis(x, indices, axis=axis)


def _convert_key(key):
    if isinstance(key, tuple):
        return tuple(_convert_key(item) for item in key)
    if key is None or key is Ellipsis or isinstance(key, (int, builtins.slice)):
        return key
    if isinstance(key, (list, ndarray, np.generic)):
        return np.asarray(key) if isinstance(key, list) else key
    return to_array(key)


def get_item(x, key):
    return to_array(x)[_convert_key(key)]


def unravel_index(indices, shape):
    result = np.unravel_index(to_array(indices), standard_shape(shape))
    return tuple(np.asarray(item).astype(to_array(indices).dtype) for item in result)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = to_array(x)
    pad_width = np.asarray(
        to_array(pad_width) if not isinstance(pad_width, (list, tuple)) else pad_width
    )
    mode = mode.lower()
    if mode == "constant":
        value = 0 if constant_values is None else constant_values
        return np.pad(x, pad_width, mode="constant", constant_values=value)
    if constant_values is not None:
        raise ValueError(
            f"pad: `constant_values` is only valid with mode='constant'; received mode={mode!r}."
        )
    if mode not in (
        "reflect",
        "symmetric",
        "edge",
        "wrap",
        "maximum",
        "minimum",
        "mean",
        "median",
        "linear_ramp",
        "empty",
    ):
        raise ValueError(f"pad: unsupported mode {mode!r}.")
    return np.pad(x, pad_width, mode=mode)


def meshgrid(*x, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: `indexing` must be 'xy' or 'ij'; received {indexing!r}.")
    return list(np.meshgrid(*[to_array(item) for item in x], indexing=indexing))


def size(x):
    return int(np.size(to_array(x)))


def ndim(x):
    return np.ndim(to_array(x))


def copy(x):
    return np.array(to_array(x), copy=True)


def view(x, dtype=None):
    x = to_array(x)
    if dtype is None:
        return x.view()
    return x.view(to_numpy_dtype(dtype))
