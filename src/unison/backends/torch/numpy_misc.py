"""Products, sorting, searching, set ops, selection and other numpy-family ops."""

from __future__ import annotations

import re

import torch

from unison import dtypes
from unison.backends.torch._base import (
    DEVICE,
    DTYPE_NAMES,
    FLOAT_DTYPES,
    INEXACT_DTYPES,
    NATIVE_TYPES,
    WIDE_UNSIGNED,
    convert_to_tensor,
    floatx_dtype,
    promote_tensors,
    to_float,
    to_torch_dtype,
)

_BOOL = torch.bool
_INT8 = torch.int8


def _product(function, x1, x2, *args):
    """Run a product op with unison promotion; int8 inputs accumulate into int32."""
    if type(x1) in NATIVE_TYPES and type(x2) in NATIVE_TYPES and x1.dtype == x2.dtype:
        if x1.dtype in FLOAT_DTYPES:
            return function(x1, x2, *args)
        (a, b), target = (x1, x2), x1.dtype
    else:
        (a, b), target = promote_tensors(x1, x2)
    return _run_integer_product(function, [a, b], target, *args)


def _run_integer_product(function, tensors, target, *args, widen_int8=False):
    if target in INEXACT_DTYPES:
        return function(*tensors, *args)
    compute = torch.int64 if target is _BOOL or target in WIDE_UNSIGNED else target
    if widen_int8 and target is _INT8:
        compute = torch.int32
        target = torch.int32
    tensors = [t.to(compute) for t in tensors]
    if DEVICE.type != "cpu":
        result = function(*(t.to(torch.float64) for t in tensors), *args)
    else:
        result = function(*tensors, *args)
    if target is _BOOL:
        return result != 0
    return result.to(target)


def matmul(x1, x2):
    if type(x1) in NATIVE_TYPES and type(x2) in NATIVE_TYPES and x1.dtype == x2.dtype:
        if x1.dtype in FLOAT_DTYPES:
            return torch.matmul(x1, x2)
        a, b, target = x1, x2, x1.dtype
    else:
        (a, b), target = promote_tensors(x1, x2)
    return _run_integer_product(torch.matmul, [a, b], target, widen_int8=True)


def _dot(a, b):
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim == 1 or a.ndim == 1 and b.ndim == 1:
        return torch.tensordot(a, b, dims=([-1], [0]))
    if a.ndim <= 2 and b.ndim == 2:
        return torch.matmul(a, b)
    return torch.tensordot(a, b, dims=([-1], [-2]))


def dot(x1, x2):
    return _product(_dot, x1, x2)


def tensordot(x1, x2, axes=2):
    if not isinstance(axes, int):
        axes = [
            [int(a) for a in (axis if isinstance(axis, (list, tuple)) else [axis])] for axis in axes
        ]
    return _product(lambda a, b: torch.tensordot(a, b, dims=axes), x1, x2)


def inner(x1, x2):
    return _product(torch.inner, x1, x2)


def outer(x1, x2):
    return _product(lambda a, b: a.reshape(-1)[:, None] * b.reshape(-1)[None, :], x1, x2)


def vdot(x1, x2):
    def function(a, b):
        a = a.reshape(-1)
        if a.is_complex():
            a = torch.conj(a)
        return torch.sum(a * b.reshape(-1))

    return _product(function, x1, x2)


def kron(x1, x2):
    return _product(torch.kron, x1, x2)


def einsum(subscripts, *operands, **kwargs):
    tensors = [convert_to_tensor(o) for o in operands]
    names = [DTYPE_NAMES[t.dtype] for t in tensors]
    target = to_torch_dtype(dtypes.result_type(*names)) if names else floatx_dtype()
    tensors = [t.to(target) for t in tensors]

    def function(*values):
        return torch.einsum(subscripts, *values)

    return _run_integer_product(function, tensors, target, widen_int8=True)


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    (a, b), target = promote_tensors(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = torch.movedim(a, axisa, -1)
    b = torch.movedim(b, axisb, -1)
    two_d = a.shape[-1] == 2 and b.shape[-1] == 2
    for size, name in ((a.shape[-1], "x1"), (b.shape[-1], "x2")):
        if size not in (2, 3):
            raise ValueError(f"cross: vectors in `{name}` must have 2 or 3 components; got {size}.")
    if a.shape[-1] == 2:
        a = torch.nn.functional.pad(a, (0, 1))
    if b.shape[-1] == 2:
        b = torch.nn.functional.pad(b, (0, 1))
    a, b = torch.broadcast_tensors(a, b)
    compute = target if target in INEXACT_DTYPES else torch.int64
    result = torch.linalg.cross(a.to(compute), b.to(compute), dim=-1).to(target)
    if two_d:
        return result[..., 2]
    return torch.movedim(result, -1, axisc)


def correlate(x1, x2, mode="valid"):
    (a, v), target = promote_tensors(x1, x2)
    if target not in INEXACT_DTYPES:
        target = floatx_dtype()
    compute = torch.float32 if target in (torch.float16, torch.bfloat16) else target
    a, v = a.to(compute), v.to(compute)
    if a.ndim != 1 or v.ndim != 1:
        raise ValueError("correlate: `x1` and `x2` must be 1-D.")
    length_a, length_v = a.shape[0], v.shape[0]
    if v.is_complex():
        v = torch.conj(v)
    padded = torch.nn.functional.pad(a[None, None], (length_v - 1, length_v - 1))
    full = torch.nn.functional.conv1d(padded, v[None, None])[0, 0]
    total = full.shape[0]
    shortest, longest = min(length_a, length_v), max(length_a, length_v)
    if mode == "full":
        result = full
    elif mode == "same":
        start = (total - longest) // 2
        result = full[start : start + longest]
    elif mode == "valid":
        result = full[shortest - 1 : shortest - 1 + longest - shortest + 1]
    else:
        raise ValueError(f"correlate: `mode` must be 'valid', 'same' or 'full'; got {mode!r}.")
    return result.to(target)


# -- sorting and searching -----------------------------------------------------------------
def sort(x, axis=-1):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    if x.dtype is _BOOL or x.dtype in WIDE_UNSIGNED:
        return torch.sort(x.to(torch.int64), dim=axis).values.to(x.dtype)
    return torch.sort(x, dim=axis).values


def argsort(x, axis=-1):
    x = convert_to_tensor(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    if x.dtype is _BOOL or x.dtype in WIDE_UNSIGNED:
        x = x.to(torch.int64)
    return torch.argsort(x, dim=axis, stable=True).to(torch.int32)


def argpartition(x, kth, axis=-1):
    return argsort(x, axis)


def searchsorted(sorted_sequence, values, side="left"):
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted: `side` must be 'left' or 'right'; received {side!r}.")
    (sequence, values), _ = promote_tensors(sorted_sequence, values)
    if sequence.ndim != 1:
        raise ValueError(
            f"searchsorted: `sorted_sequence` must be 1-D; received shape {tuple(sequence.shape)}."
        )
    if sequence.dtype is _BOOL or sequence.dtype in WIDE_UNSIGNED:
        sequence, values = sequence.to(torch.int64), values.to(torch.int64)
    return torch.searchsorted(sequence, values, right=side == "right").to(torch.int32)


def digitize(x, bins):
    (x, bins), _ = promote_tensors(x, bins)
    if x.dtype is _BOOL:
        x, bins = x.to(torch.int64), bins.to(torch.int64)
    return torch.searchsorted(bins, x, right=True).to(torch.int32)


def nonzero(x):
    x = convert_to_tensor(x)
    return tuple(i.to(torch.int32) for i in torch.nonzero(x, as_tuple=True))


def where(condition, x1=None, x2=None):
    condition = convert_to_tensor(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: pass both `x1` and `x2`, or neither.")
    if condition.dtype is not _BOOL:
        condition = condition != 0
    (a, b), _ = promote_tensors(x1, x2)
    return torch.where(condition, a, b)


def select(condlist, choicelist, default=0):
    if len(condlist) != len(choicelist):
        raise ValueError(
            f"select: `condlist` has {len(condlist)} entries but `choicelist` has "
            f"{len(choicelist)}."
        )
    if not condlist:
        raise ValueError("select: `condlist` must not be empty.")
    values, _ = promote_tensors(*choicelist, default)
    result = values[-1]
    conditions = [convert_to_tensor(c).to(_BOOL) for c in condlist]
    for condition, choice in zip(reversed(conditions), reversed(values[:-1]), strict=False):
        result = torch.where(condition, choice, result)
    return result


def isin(x1, x2, assume_unique=False, invert=False):
    (a, b), _ = promote_tensors(x1, x2)
    return torch.isin(a, b, assume_unique=assume_unique, invert=invert)


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,  # noqa: A002
    axis=None,
    size=None,
    fill_value=None,
):
    x = convert_to_tensor(x)
    values, inverse, counts = torch.unique(
        x, sorted=True, return_inverse=True, return_counts=True, dim=axis
    )
    results = [values]
    if return_index:
        flat_inverse = inverse.reshape(-1)
        positions = torch.arange(flat_inverse.shape[0], device=x.device)
        first = torch.full(
            (values.shape[0] if axis is not None else values.numel(),),
            flat_inverse.shape[0],
            dtype=torch.int64,
            device=x.device,
        )
        first = first.scatter_reduce(0, flat_inverse, positions, reduce="amin")
        results.append(first.to(torch.int32))
    if return_inverse:
        results.append(inverse.to(torch.int32))
    if return_counts:
        results.append(counts.to(torch.int32))
    if size is not None:
        inverse_position = 1 + int(return_index) if return_inverse else -1
        results = [
            item
            if position == inverse_position
            else _resize(
                item,
                int(size),
                0 if (position or axis is None) else axis,
                fill_value if position == 0 else 0,
            )
            for position, item in enumerate(results)
        ]
    return results[0] if len(results) == 1 else tuple(results)


def _resize(item, size, axis, fill):
    found = item.shape[axis]
    if found >= size:
        return item.narrow(axis, 0, size)
    if fill is None:
        fill = item.min().item() if item.numel() else 0
    shape = list(item.shape)
    shape[axis] = size - found
    padding = torch.full(shape, fill, dtype=item.dtype, device=item.device)
    return torch.cat([item, padding], dim=axis)


def histogram(x, bins=10, range=None):  # noqa: A002
    x = convert_to_tensor(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: `x` must be 1-D; received shape {tuple(x.shape)}.")
    target = x.dtype if x.dtype in FLOAT_DTYPES else floatx_dtype()
    values = x.to(torch.float64)
    if range is None:
        low = values.min().item() if values.numel() else 0.0
        high = values.max().item() if values.numel() else 1.0
    else:
        low, high = float(range[0]), float(range[1])
    if low == high:
        low, high = low - 0.5, high + 0.5
    bins = int(bins)
    edges = torch.linspace(low, high, bins + 1, dtype=torch.float64, device=x.device)
    index = torch.searchsorted(edges, values, right=True) - 1
    index = torch.where(values == high, torch.full_like(index, bins - 1), index)
    valid = (values >= low) & (values <= high)
    counts = torch.bincount(index[valid], minlength=bins)[:bins]
    return counts.to(target), edges.to(target)


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise NotImplementedError("bincount: sparse output is not supported by the torch backend.")
    x = convert_to_tensor(x).to(torch.int64)
    if weights is None:
        target = torch.int32
        weights_t = torch.ones_like(x, dtype=torch.int64)
    else:
        weights_t = convert_to_tensor(weights)
        target = weights_t.dtype
        if target is _BOOL:
            target = torch.int32
        weights_t = weights_t.to(torch.float64 if target in INEXACT_DTYPES else torch.int64)
    length = max(int(minlength), int(x.max().item()) + 1 if x.numel() else 0)
    if x.ndim == 1:
        output = torch.zeros(length, dtype=weights_t.dtype, device=x.device)
        return output.scatter_add(0, x, weights_t).to(target)
    output = torch.zeros((x.shape[0], length), dtype=weights_t.dtype, device=x.device)
    return output.scatter_add(1, x, weights_t).to(target)


def trapezoid(y, x=None, dx=1.0, axis=-1):
    y = to_float(y)
    if x is not None:
        x = convert_to_tensor(x).to(y.dtype)
        return torch.trapezoid(y, x=x, dim=axis)
    return torch.trapezoid(y, dx=dx, dim=axis)


def diff(a, n=1, axis=-1):
    a = convert_to_tensor(a)
    if a.dtype in WIDE_UNSIGNED:
        return torch.diff(a.to(torch.int64), n=n, dim=axis).to(a.dtype)
    if a.dtype is _BOOL:
        for _ in range(n):
            a = a.narrow(axis, 1, a.shape[axis] - 1) != a.narrow(axis, 0, a.shape[axis] - 1)
        return a
    return torch.diff(a, n=n, dim=axis)


def corrcoef(x):
    x = to_float(x)
    if x.dtype in (torch.float16, torch.bfloat16):
        return torch.corrcoef(x.float()).to(x.dtype)
    return torch.corrcoef(x)


# -- vectorize -----------------------------------------------------------------------------
_CORE = re.compile(r"\(([^()]*)\)")


def _parse_signature(signature):
    inputs, outputs = signature.replace(" ", "").split("->")
    parse = lambda side: [  # noqa: E731
        tuple(name for name in group.split(",") if name) for group in _CORE.findall(side)
    ]
    return parse(inputs), parse(outputs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded = set(excluded or ())

    def wrapped(*args, **kwargs):
        positions = [i for i in range(len(args)) if i not in excluded]
        tensors = [convert_to_tensor(args[i]) for i in positions]
        if signature is None:
            cores = [()] * len(tensors)
        else:
            cores, _ = _parse_signature(signature)
        loop_shapes = [t.shape[: t.ndim - len(c)] for t, c in zip(tensors, cores, strict=False)]
        loop = torch.broadcast_shapes(*loop_shapes)
        count = 1
        for dim in loop:
            count *= dim
        flat = [
            t.expand(loop + t.shape[t.ndim - len(c) :]).reshape(
                (count,) + t.shape[t.ndim - len(c) :]
            )
            for t, c in zip(tensors, cores, strict=False)
        ]

        def call(*values):
            full = list(args)
            for index, value in zip(positions, values, strict=False):
                full[index] = value
            return pyfunc(*full, **kwargs)

        try:
            result = torch.func.vmap(call)(*flat)
        except Exception:  # noqa: BLE001 - functions that vmap cannot trace run in a loop
            rows = [call(*(f[i] for f in flat)) for i in range(count)]
            if isinstance(rows[0], (tuple, list)):
                result = tuple(
                    torch.stack([convert_to_tensor(r[j]) for r in rows])
                    for j in range(len(rows[0]))
                )
            else:
                result = torch.stack([convert_to_tensor(r) for r in rows])
        if isinstance(result, (tuple, list)):
            return tuple(r.reshape(loop + r.shape[1:]) for r in result)
        return result.reshape(loop + result.shape[1:])

    return wrapped


def slogdet(x):
    x = to_float(x)
    compute = torch.float32 if x.dtype in (torch.float16, torch.bfloat16) else x.dtype
    sign, logabsdet = torch.linalg.slogdet(x.to(compute))
    return sign.to(x.dtype), logabsdet.to(x.dtype)
