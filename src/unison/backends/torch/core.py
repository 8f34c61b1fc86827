"""Tensors, Variable storage, conversion, casting, scatter/slice and shape inference."""

from __future__ import annotations

import builtins

import numpy as np
import torch

from unison import tree
from unison.backends.contract import gather
from unison.backends.torch import _base
from unison.backends.torch._base import (
    DEVICE,
    DTYPE_NAMES,
    FLOAT_DTYPES,
    INEXACT_DTYPES,
    TORCH_DTYPES,
    Parameter,
    Tensor,
    convert_to_tensor,
    to_torch_dtype,
)
from unison.backends.torch._base import convert_to_numpy as convert_to_numpy


def is_tensor(x):
    return isinstance(x, Tensor)


def shape(x):
    if not isinstance(x, Tensor):
        x = convert_to_tensor(x)
    return tuple(x.shape)


def dtype(x):
    if isinstance(x, Tensor):
        return DTYPE_NAMES[x.dtype]
    return DTYPE_NAMES[convert_to_tensor(x).dtype]


def cast(x, dtype):
    target = to_torch_dtype(dtype)
    if type(x) is Tensor or type(x) is Parameter:
        return x if x.dtype == target else x.to(target)
    return convert_to_tensor(x, target)


def saturate_cast(x, dtype):
    x = convert_to_tensor(x)
    target = to_torch_dtype(dtype)
    if target == torch.bool or x.dtype == torch.bool:
        return x.to(target)
    if target in INEXACT_DTYPES:
        if x.dtype in FLOAT_DTYPES and target in FLOAT_DTYPES:
            info = torch.finfo(target)
            low, high = info.min, info.max
        else:
            return x.to(target)
    else:
        info = torch.iinfo(target)
        low, high = info.min, info.max
    if x.dtype in FLOAT_DTYPES:
        wide = x.to(torch.float64)
        clipped = torch.clamp(wide, low, high)
        if target not in INEXACT_DTYPES:
            # float64 cannot hold int64's max exactly; keep the bound inside the range.
            clipped = torch.where(wide >= high, torch.full_like(wide, 0), clipped)
            result = clipped.to(target)
            return torch.where(wide >= high, torch.tensor(high, dtype=target), result)
        return clipped.to(target)
    if x.dtype in _base.WIDE_UNSIGNED or target in _base.WIDE_UNSIGNED:
        values = x.to(torch.int64)
        low = builtins.max(low, -(2**63))
        high = builtins.min(high, 2**63 - 1)
        return torch.clamp(values, low, high).to(target)
    values = x.to(torch.int64)
    return torch.clamp(values, low, high).to(target)


def stop_gradient(variable):
    return convert_to_tensor(variable).detach()


def unstack(x, num=None, axis=0):
    return list(torch.unbind(convert_to_tensor(x), axis))


def _index_tuple(indices):
    indices = convert_to_tensor(indices)
    if indices.dtype not in (torch.int64, torch.int32):
        indices = indices.to(torch.int64)
    return tuple(torch.movedim(indices.to(torch.int64), -1, 0))


def scatter(indices, values, shape):
    values = convert_to_tensor(values)
    output = torch.zeros(_base.to_int_tuple(shape), dtype=values.dtype, device=values.device)
    index = _index_tuple(indices)
    if values.dtype == torch.bool:
        return output.index_put_(index, values.to(torch.int8), accumulate=True).to(torch.bool)
    compute = _base.compute_dtype(values.dtype)
    if compute != values.dtype:
        result = output.to(compute).index_put_(index, values.to(compute), accumulate=True)
        return result.to(values.dtype)
    return output.index_put_(index, values, accumulate=True)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    index = _index_tuple(indices)
    output = inputs.clone()
    if reduction is None:
        output[index] = updates
        return output
    if reduction == "add":
        return output.index_put_(index, updates, accumulate=True)
    combine = {"max": torch.maximum, "min": torch.minimum, "mul": torch.multiply}.get(reduction)
    if combine is None:
        raise ValueError(
            "scatter_update: `reduction` must be None, 'add', 'max', 'min' or 'mul'; "
            f"received {reduction!r}."
        )
    rows = torch.stack(index, -1).reshape(-1, len(index))
    flat_updates = updates.reshape((rows.shape[0],) + tuple(updates.shape[len(index[0].shape) :]))
    for row, update in zip(rows.tolist(), flat_updates, strict=False):
        position = tuple(row)
        output[position] = combine(output[position], update)
    return output


def _starts(start_indices):
    if isinstance(start_indices, Tensor):
        return [int(v) for v in start_indices.tolist()]
    return [int(v) for v in start_indices]


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    sizes = _base.to_int_tuple(shape)
    index = tuple(
        builtins.slice(start, start + size)
        for start, size in zip(_starts(start_indices), sizes, strict=False)
    )
    return inputs[index]


def slice_update(inputs, start_indices, updates):
    inputs = convert_to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    index = tuple(
        builtins.slice(start, start + size)
        for start, size in zip(_starts(start_indices), updates.shape, strict=False)
    )
    output = inputs.clone()
    output[index] = updates
    return output


# -- custom gradients ----------------------------------------------------------------------
class _CustomGradient(torch.autograd.Function):
    @staticmethod
    def forward(ctx, function, kwargs, *args):
        output, gradient_function = function(*args, **kwargs)
        ctx.gradient_function = gradient_function
        ctx.tensor_mask = [isinstance(a, Tensor) for a in args]
        return output

    @staticmethod
    def backward(ctx, *upstream):
        grads = ctx.gradient_function(*upstream)
        if not isinstance(grads, (tuple, list)):
            grads = (grads,)
        result = []
        for is_tensor_arg, grad in zip(ctx.tensor_mask, grads, strict=False):
            result.append(convert_to_tensor(grad) if is_tensor_arg and grad is not None else None)
        result.extend([None] * (len(ctx.tensor_mask) - len(result)))
        return (None, None, *result)


def custom_gradient(f):
    """``f(*args)`` returns ``(output, grad_fn)``; ``grad_fn(*upstream)`` returns input grads."""

    def wrapper(*args, **kwargs):
        args = tuple(
            convert_to_tensor(a) if isinstance(a, (np.ndarray, float, list)) else a for a in args
        )
        return _CustomGradient.apply(f, kwargs, *args)

    wrapper.__name__ = getattr(f, "__name__", "custom_gradient")
    wrapper.__doc__ = f.__doc__
    return wrapper


# -- Variable storage ----------------------------------------------------------------------
def variable_create(value, dtype, trainable, name):
    tensor = convert_to_tensor(value, dtype)
    if tensor.device != DEVICE:
        tensor = tensor.to(DEVICE)
    tensor = tensor.detach().clone()
    return Parameter(tensor, requires_grad=bool(trainable) and tensor.dtype in INEXACT_DTYPES)


def variable_assign(storage, value):
    value = convert_to_tensor(value)
    with torch.no_grad():
        storage.copy_(value)
    return storage


def variable_value(storage):
    return storage


def devices():
    found = ["cpu"]
    if torch.cuda.is_available():
        found.extend(f"cuda:{index}" for index in range(torch.cuda.device_count()))
    return found


# -- abstract evaluation -------------------------------------------------------------------
def _is_spec(leaf):
    return type(leaf).__name__ == "TensorSpec" and hasattr(leaf, "shape")


def _stand_ins(structure, device):
    def replace(leaf):
        if _is_spec(leaf):
            torch_dtype = TORCH_DTYPES.get(leaf.dtype)
            if torch_dtype is None:
                raise TypeError(f"The torch backend has no dtype {leaf.dtype!r}.")
            if device == "meta":
                return torch.empty(leaf.shape, dtype=torch_dtype, device="meta")
            return torch.ones(leaf.shape, dtype=torch_dtype, device=device)
        return leaf

    return tree.map_structure(replace, structure)


def _to_specs(structure):
    from unison.symbolic.tensor import TensorSpec

    def replace(leaf):
        if isinstance(leaf, Tensor):
            return TensorSpec(tuple(leaf.shape), DTYPE_NAMES[leaf.dtype])
        return leaf

    return tree.map_structure(replace, structure)


def compute_output_spec(function, args, kwargs):
    """Run ``function`` on meta-device stand-ins (real ones when meta fails)."""
    with torch.no_grad():
        try:
            meta_args, meta_kwargs = _stand_ins((args, kwargs), "meta")
            outputs = function(*meta_args, **meta_kwargs)
        except Exception:  # noqa: BLE001 - data-dependent ops cannot run on meta tensors
            real_args, real_kwargs = _stand_ins((args, kwargs), DEVICE)
            outputs = function(*real_args, **real_kwargs)
    return _to_specs(outputs)


__all__ = gather(globals(), "core")
