"""Shape manipulation: reshape, transpose, joins, splits, padding, indexing."""

from __future__ import annotations

import builtins

import numpy as np
import torch

from unison import dtypes
from unison.backends._shared.rearrange_plan import plan as _rearrange_plan
from unison.backends.torch._base import (
    DTYPE_NAMES,
    Tensor,
    convert_to_tensor,
    to_int_tuple,
    to_torch_dtype,
)


def _common(tensors):
    tensors = [convert_to_tensor(t) for t in tensors]
    first = tensors[0].dtype
    if builtins.all(t.dtype == first for t in tensors):
        return tensors
    target = to_torch_dtype(dtypes.result_type(*(DTYPE_NAMES[t.dtype] for t in tensors)))
    return [t.to(target) for t in tensors]


def reshape(x, newshape):
    if type(x) is not Tensor:
        x = convert_to_tensor(x)
    if isinstance(newshape, int):
        return x.reshape(newshape)
    return x.reshape(tuple(-1 if d is None else int(d) for d in newshape))


def ravel(x):
    return convert_to_tensor(x).reshape(-1)


def transpose(x, axes=None):
    x = convert_to_tensor(x)
    if axes is None:
        return x.permute(*range(x.ndim - 1, -1, -1))
    return x.permute(*(int(a) for a in axes))


def moveaxis(x, source, destination):
    return torch.movedim(convert_to_tensor(x), source, destination)


def swapaxes(x, axis1, axis2):
    return torch.swapaxes(convert_to_tensor(x), axis1, axis2)


def expand_dims(x, axis):
    x = convert_to_tensor(x)
    if isinstance(axis, int):
        return torch.unsqueeze(x, axis)
    out_ndim = x.ndim + len(axis)
    for a in sorted(int(a) % out_ndim for a in axis):
        x = torch.unsqueeze(x, a)
    return x


def squeeze(x, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        return torch.squeeze(x)
    axes = (axis,) if isinstance(axis, int) else tuple(axis)
    for a in axes:
        if x.shape[a] != 1:
            raise ValueError(
                f"squeeze: cannot squeeze axis {a} of size {x.shape[a]} (shape {tuple(x.shape)})."
            )
    return torch.squeeze(x, dim=tuple(a % x.ndim for a in axes))


def broadcast_to(x, shape):
    return torch.broadcast_to(convert_to_tensor(x), to_int_tuple(shape))


def concatenate(xs, axis=0):
    tensors = _common(xs)
    if axis is None:
        return torch.cat([t.reshape(-1) for t in tensors])
    return torch.cat(tensors, dim=axis)


def stack(x, axis=0):
    return torch.stack(_common(x), dim=axis)


def append(x1, x2, axis=None):
    a, b = _common([x1, x2])
    if axis is None:
        return torch.cat([a.reshape(-1), b.reshape(-1)])
    return torch.cat([a, b], dim=axis)


def hstack(xs):
    tensors = [torch.atleast_1d(t) for t in _common(xs)]
    return torch.cat(tensors, dim=0 if tensors[0].ndim == 1 else 1)


def vstack(xs):
    return torch.cat([torch.atleast_2d(t) for t in _common(xs)], dim=0)


def dstack(xs):
    return torch.cat([torch.atleast_3d(t) for t in _common(xs)], dim=2)


def _split(x, indices_or_sections, axis, strict):
    x = convert_to_tensor(x)
    if isinstance(indices_or_sections, (int, np.integer)):
        sections = int(indices_or_sections)
        if strict and x.shape[axis] % sections:
            raise ValueError(
                f"split: the axis of size {x.shape[axis]} cannot be divided into {sections} "
                "equal sections; use array_split."
            )
        return list(torch.tensor_split(x, sections, dim=axis))
    indices = [
        int(i)
        for i in (
            indices_or_sections.tolist()
            if isinstance(indices_or_sections, Tensor)
            else indices_or_sections
        )
    ]
    return list(torch.tensor_split(x, indices, dim=axis))


def split(x, indices_or_sections, axis=0):
    return _split(x, indices_or_sections, axis, strict=True)


def array_split(x, indices_or_sections, axis=0):
    return _split(x, indices_or_sections, axis, strict=False)


def hsplit(x, indices_or_sections):
    x = convert_to_tensor(x)
    return _split(x, indices_or_sections, 0 if x.ndim == 1 else 1, strict=True)


def vsplit(x, indices_or_sections):
    return _split(x, indices_or_sections, 0, strict=True)


def dsplit(x, indices_or_sections):
    return _split(x, indices_or_sections, 2, strict=True)


def tile(x, repeats):
    x = convert_to_tensor(x)
    return torch.tile(x, to_int_tuple(repeats))


def repeat(x, repeats, axis=None):
    x = convert_to_tensor(x)
    if not isinstance(repeats, int):
        repeats = convert_to_tensor(repeats).to(torch.int64).to(x.device)
        if repeats.ndim == 0:
            repeats = int(repeats)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    return torch.repeat_interleave(x, repeats, dim=axis)


def flip(x, axis=None):
    x = convert_to_tensor(x)
    if axis is None:
        return torch.flip(x, tuple(range(x.ndim)))
    return torch.flip(x, (axis,) if isinstance(axis, int) else tuple(axis))


def fliplr(x):
    return torch.flip(convert_to_tensor(x), (1,))


def flipud(x):
    return torch.flip(convert_to_tensor(x), (0,))


def roll(x, shift, axis=None):
    x = convert_to_tensor(x)
    if isinstance(shift, Tensor):
        shift = shift.tolist()
    if axis is None:
        return torch.roll(x, shift)
    return torch.roll(x, shift, axis)


def rot90(array, k=1, axes=(0, 1)):
    return torch.rot90(convert_to_tensor(array), int(k), tuple(axes))


# -- padding -------------------------------------------------------------------------------
def _pad_index(size, before, after, mode):
    positions = np.arange(-before, size + after)
    if mode == "edge":
        return np.clip(positions, 0, size - 1)
    if mode == "wrap":
        return np.mod(positions, size)
    if mode == "reflect":
        if size == 1:
            return np.zeros_like(positions)
        period = 2 * size - 2
        positions = np.mod(positions, period)
        return np.where(positions >= size, period - positions, positions)
    period = 2 * size  # symmetric
    positions = np.mod(positions, period)
    return np.where(positions >= size, period - 1 - positions, positions)


def pad(x, pad_width, mode="constant", constant_values=None):
    x = convert_to_tensor(x)
    widths = np.asarray(
        pad_width.tolist() if isinstance(pad_width, Tensor) else pad_width, dtype=np.int64
    )
    widths = np.broadcast_to(widths.reshape(-1, 2) if widths.size > 2 else widths, (x.ndim, 2))
    if mode == "constant":
        flat = []
        for before, after in reversed(widths.tolist()):
            flat.extend((before, after))
        value = 0 if constant_values is None else constant_values
        if isinstance(value, Tensor):
            value = value.item()
        if x.dtype is torch.bool:
            return torch.nn.functional.pad(x.to(torch.uint8), flat, value=int(bool(value))).to(
                torch.bool
            )
        return torch.nn.functional.pad(x, flat, value=value)
    if constant_values is not None:
        raise ValueError(
            f"pad: `constant_values` is only valid with mode='constant'; received mode={mode!r}."
        )
    if mode in ("edge", "wrap", "reflect", "symmetric"):
        for axis, (before, after) in enumerate(widths.tolist()):
            if before or after:
                index = _pad_index(x.shape[axis], before, after, mode)
                x = torch.index_select(x, axis, torch.as_tensor(index, device=x.device))
        return x
    reducers = {
        "maximum": lambda v, a: torch.amax(v, dim=a, keepdim=True),
        "minimum": lambda v, a: torch.amin(v, dim=a, keepdim=True),
        "mean": lambda v, a: _mean_as(v, a),
        "median": lambda v, a: torch.quantile(v.double(), 0.5, dim=a, keepdim=True).to(v.dtype),
    }
    if mode in reducers:
        for axis, (before, after) in enumerate(widths.tolist()):
            if before or after:
                stat = reducers[mode](x, axis)
                parts = [
                    stat.expand(*_sized(x.shape, axis, before)),
                    x,
                    stat.expand(*_sized(x.shape, axis, after)),
                ]
                x = torch.cat(parts, dim=axis)
        return x
    raise ValueError(
        "pad: `mode` must be one of 'constant', 'edge', 'reflect', 'symmetric', 'wrap', "
        f"'maximum', 'minimum', 'mean', 'median'; received {mode!r}."
    )


def _mean_as(values, axis):
    mean = torch.mean(values.double(), dim=axis, keepdim=True)
    if values.dtype.is_floating_point or values.is_complex():
        return mean.to(values.dtype)
    return torch.round(mean).to(values.dtype)


def _sized(shape, axis, size):
    shape = list(shape)
    shape[axis] = size
    return shape


# -- indexing ------------------------------------------------------------------------------
def _index_tensor(indices, device):
    indices = convert_to_tensor(indices)
    if indices.dtype not in (torch.int64, torch.int32):
        indices = indices.to(torch.int64)
    return indices.to(device)


def take(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = _index_tensor(indices, x.device)
    if axis is None:
        x = x.reshape(-1)
        axis = 0
    axis = axis % x.ndim
    size = x.shape[axis]
    flat = indices.reshape(-1).to(torch.int64)
    flat = torch.where(flat < 0, flat + size, flat)
    selected = torch.index_select(x, axis, flat)
    return selected.reshape(x.shape[:axis] + indices.shape + x.shape[axis + 1 :])


def take_along_axis(x, indices, axis=None):
    x = convert_to_tensor(x)
    indices = _index_tensor(indices, x.device).to(torch.int64)
    if axis is None:
        x = x.reshape(-1)
        indices = indices.reshape(-1)
        axis = 0
    axis = axis % x.ndim
    x_shape = list(x.shape)
    index_shape = list(indices.shape)
    x_shape[axis] = 1
    index_shape[axis] = 1
    common = list(torch.broadcast_shapes(tuple(x_shape), tuple(index_shape)))
    x_target = list(common)
    x_target[axis] = x.shape[axis]
    index_target = list(common)
    index_target[axis] = indices.shape[axis]
    x = x.expand(*x_target)
    indices = indices.expand(*index_target)
    indices = torch.where(indices < 0, indices + x.shape[axis], indices)
    return torch.gather(x, axis, indices)


def _convert_key(key):
    if isinstance(key, tuple):
        return tuple(_convert_key(k) for k in key)
    if isinstance(key, (Tensor, list, np.ndarray)) or (
        hasattr(key, "shape") and hasattr(key, "dtype")
    ):
        key = convert_to_tensor(key)
        if key.dtype not in (torch.bool, torch.int64, torch.int32, torch.uint8):
            key = key.to(torch.int64)
        if key.dtype is torch.int32:
            key = key.to(torch.int64)
        return key
    return key


def _consumed(item, ndim_hint):
    if item is None:
        return 0
    if isinstance(item, Tensor) and item.dtype is torch.bool:
        return item.ndim
    return 1


def _apply_reversed_slices(x, key):
    """Apply slices with negative steps (unsupported by torch) as index selections."""
    explicit = sum(_consumed(k, x.ndim) for k in key if k is not Ellipsis)
    axis = 0
    remaining = []
    for item in key:
        if item is Ellipsis:
            axis += x.ndim - explicit
            remaining.append(item)
            continue
        if isinstance(item, builtins.slice) and item.step is not None and item.step < 0:
            positions = range(*item.indices(x.shape[axis]))
            index = torch.as_tensor(list(positions), dtype=torch.int64, device=x.device)
            x = torch.index_select(x, axis, index)
            remaining.append(builtins.slice(None))
        else:
            remaining.append(item)
        axis += _consumed(item, x.ndim)
    return x, tuple(remaining)


def get_item(x, key):
    x = convert_to_tensor(x)
    key = _convert_key(key)
    if isinstance(key, builtins.slice) and key.step is not None and key.step < 0:
        key = (key,)
    if isinstance(key, tuple) and any(
        isinstance(k, builtins.slice) and k.step is not None and k.step < 0 for k in key
    ):
        x, key = _apply_reversed_slices(x, key)
    return x[key]


def diag(x, k=0):
    x = convert_to_tensor(x)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: `x` must be 1-D or 2-D; received shape {tuple(x.shape)}.")
    return torch.diag(x, k)


def diagflat(x, k=0):
    return torch.diagflat(convert_to_tensor(x), k)


def diagonal(x, offset=0, axis1=0, axis2=1):
    return torch.diagonal(convert_to_tensor(x), offset, axis1, axis2)


def tril(x, k=0):
    x = convert_to_tensor(x)
    return torch.tril(x, int(k))


def triu(x, k=0):
    x = convert_to_tensor(x)
    return torch.triu(x, int(k))


def unravel_index(indices, shape):
    indices = convert_to_tensor(indices)
    dtype = indices.dtype
    shape = to_int_tuple(shape)
    result = torch.unravel_index(indices.to(torch.int64), shape)
    return tuple(r.to(dtype) for r in result)


def size(x):
    return convert_to_tensor(x).numel()


def ndim(x):
    return convert_to_tensor(x).ndim


def copy(x):
    return convert_to_tensor(x).clone()


def view(x, dtype=None):
    x = convert_to_tensor(x)
    if dtype is None:
        return x.view(x.shape)
    return x.view(to_torch_dtype(dtype))


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    first_shape, permutation, final_shape = _rearrange_plan(
        pattern, tuple(tensor.shape), axes_lengths
    )
    return tensor.reshape(first_shape).permute(*permutation).reshape(final_shape)
