"""Shape manipulation, joining, splitting and indexing numpy ops."""

from __future__ import annotations

import builtins

import jax.numpy as jnp
import numpy as np

from unison.backends.jax._base import (
    ArrayImpl,
    JaxArray,
    convert_to_tensor,
    promote,
    shape_tuple,
    standard_axis,
    to_tensor,
)


def reshape(x, newshape):
    if type(x) is not ArrayImpl:
        x = to_tensor(x)
    if isinstance(newshape, int):
        newshape = (newshape,)
    return jnp.reshape(x, tuple(newshape))


def transpose(x, axes=None):
    return jnp.transpose(to_tensor(x), axes=None if axes is None else tuple(axes))


def expand_dims(x, axis):
    return jnp.expand_dims(to_tensor(x), standard_axis(axis))


def squeeze(x, axis=None):
    x = to_tensor(x)
    if axis is not None:
        axes = (axis,) if isinstance(axis, int) else tuple(axis)
        for a in axes:
            if x.shape[a] != 1:
                raise ValueError(
                    f"squeeze: cannot squeeze axis {a} of size {x.shape[a]} (shape {x.shape})."
                )
        return jnp.squeeze(x, axes)
    return jnp.squeeze(x)


def _joined(xs):
    return promote(*xs) if len(xs) > 1 else [to_tensor(xs[0])]


def concatenate(xs, axis=0):
    return jnp.concatenate(_joined(list(xs)), axis=axis)


def stack(x, axis=0):
    return jnp.stack(_joined(list(x)), axis=axis)


def hstack(xs):
    return jnp.hstack(_joined(list(xs)))


def vstack(xs):
    return jnp.vstack(_joined(list(xs)))


def dstack(xs):
    return jnp.dstack(_joined(list(xs)))


def append(x1, x2, axis=None):
    x1, x2 = promote(x1, x2)
    return jnp.append(x1, x2, axis=axis)


def _sections(indices_or_sections):
    if isinstance(indices_or_sections, int):
        return indices_or_sections
    return [int(i) for i in indices_or_sections]


def split(x, indices_or_sections, axis=0):
    x = to_tensor(x)
    sections = _sections(indices_or_sections)
    if isinstance(sections, int) and x.shape[axis] % sections:
        raise ValueError(
            f"split: axis {axis} of size {x.shape[axis]} does not divide into {sections} "
            f"equal sections; use array_split."
        )
    return list(jnp.split(x, sections, axis=axis))


def array_split(x, indices_or_sections, axis=0):
    return list(jnp.array_split(to_tensor(x), _sections(indices_or_sections), axis=axis))


def hsplit(x, indices_or_sections):
    return list(jnp.hsplit(to_tensor(x), _sections(indices_or_sections)))


def vsplit(x, indices_or_sections):
    return list(jnp.vsplit(to_tensor(x), _sections(indices_or_sections)))


def dsplit(x, indices_or_sections):
    return list(jnp.dsplit(to_tensor(x), _sections(indices_or_sections)))


def broadcast_to(x, shape):
    return jnp.broadcast_to(to_tensor(x), shape_tuple(shape))


def flip(x, axis=None):
    return jnp.flip(to_tensor(x), axis=standard_axis(axis))


def fliplr(x):
    return jnp.fliplr(to_tensor(x))


def flipud(x):
    return jnp.flipud(to_tensor(x))


def roll(x, shift, axis=None):
    return jnp.roll(to_tensor(x), shift, axis=standard_axis(axis))


def rot90(array, k=1, axes=(0, 1)):
    array = to_tensor(array)
    if array.ndim < 2:
        raise ValueError(f"rot90: expected a tensor of rank >= 2; received shape {array.shape}.")
    return jnp.rot90(array, k=k, axes=tuple(axes))


def moveaxis(x, source, destination):
    return jnp.moveaxis(to_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return jnp.swapaxes(to_tensor(x), axis1, axis2)


def tile(x, repeats):
    return jnp.tile(to_tensor(x), repeats)


def repeat(x, repeats, axis=None):
    x = to_tensor(x)
    if not isinstance(repeats, int):
        repeats = to_tensor(repeats)
        if repeats.ndim == 0:
            repeats = int(repeats)
    return jnp.repeat(x, repeats, axis=axis)


def ravel(x):
    return jnp.ravel(to_tensor(x))


def copy(x):
    return jnp.array(to_tensor(x), copy=True)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = to_tensor(x)
    pad_width = (
        np.asarray(pad_width).astype(int).tolist() if not isinstance(pad_width, int) else pad_width
    )
    if isinstance(pad_width, list) and pad_width and not isinstance(pad_width[0], list):
        pad_width = [pad_width] * x.ndim
    if mode == "constant":
        return jnp.pad(
            x,
            pad_width,
            mode="constant",
            constant_values=0 if constant_values is None else constant_values,
        )
    if constant_values is not None:
        raise ValueError(
            f"pad: constant_values is only used with mode='constant'; received mode={mode!r}."
        )
    allowed = (
        "edge",
        "linear_ramp",
        "maximum",
        "mean",
        "median",
        "minimum",
        "reflect",
        "symmetric",
        "wrap",
        "empty",
    )
    if mode not in allowed:
        raise ValueError(f"pad: mode must be 'constant' or one of {allowed}; received {mode!r}.")
    return jnp.pad(x, pad_width, mode=mode)


def _indices(indices):
    indices = to_tensor(indices)
    if indices.dtype.kind not in "iu":
        if indices.dtype.kind == "b":
            raise TypeError("take: indices must be integers; received bool.")
        indices = indices.astype("int32")
    return indices


def take(x, indices, axis=None):
    x = to_tensor(x)
    indices = _indices(indices)
    return jnp.take(x, indices, axis=axis)


def take_along_axis(x, indices, axis=None):
    return jnp.take_along_axis(to_tensor(x), _indices(indices), axis=axis)


def _convert_key(key):
    if isinstance(key, tuple):
        return tuple(_convert_key(k) for k in key)
    if isinstance(key, (int, builtins.slice, type(None), type(Ellipsis))) or key is Ellipsis:
        return key
    if isinstance(key, JaxArray):
        return key
    if isinstance(key, list) or hasattr(key, "shape"):
        return convert_to_tensor(key)
    return key


def get_item(x, key):
    return to_tensor(x)[_convert_key(key)]


def diag(x, k=0):
    x = to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: expected a 1-D or 2-D tensor; received shape {x.shape}.")
    return jnp.diag(x, k=k)


def diagflat(x, k=0):
    return jnp.diagflat(to_tensor(x), k=k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return jnp.diagonal(to_tensor(x), offset=offset, axis1=axis1, axis2=axis2)


def tril(x, k=0):
    return jnp.tril(to_tensor(x), k=k)


def triu(x, k=0):
    return jnp.triu(to_tensor(x), k=k)


def where(condition, x1=None, x2=None):
    condition = to_tensor(condition)
    if x1 is None and x2 is None:
        return tuple(i.astype("int32") for i in jnp.nonzero(condition))
    if x1 is None or x2 is None:
        raise ValueError("where: pass both x1 and x2, or neither.")
    x1, x2 = promote(x1, x2)
    return jnp.where(condition, x1, x2)


def select(condlist, choicelist, default=0):
    conditions = [to_tensor(c).astype(bool) for c in condlist]
    choices = (
        promote(*choicelist, default)
        if not isinstance(default, (int, float))
        else (promote(*choicelist) + [default])
    )
    default_value = choices[-1]
    return jnp.select(conditions, choices[:-1], default_value).astype(choices[0].dtype)


def meshgrid(*x, indexing="xy"):
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid: indexing must be 'xy' or 'ij'; received {indexing!r}.")
    return list(jnp.meshgrid(*[to_tensor(v) for v in x], indexing=indexing))


def nonzero(x):
    return tuple(i.astype("int32") for i in jnp.nonzero(to_tensor(x)))


def unravel_index(indices, shape):
    indices = to_tensor(indices)
    return tuple(i.astype(indices.dtype) for i in jnp.unravel_index(indices, shape_tuple(shape)))
