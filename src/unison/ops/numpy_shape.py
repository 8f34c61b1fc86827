"""Reshaping, transposing, joining and splitting tensors (``unison.ops.numpy``)."""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    current,
    is_symbolic,
    normalize_axis,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "append",
    "array_split",
    "broadcast_to",
    "concatenate",
    "dsplit",
    "dstack",
    "expand_dims",
    "hsplit",
    "hstack",
    "moveaxis",
    "ravel",
    "rearrange",
    "reshape",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "transpose",
    "vsplit",
    "vstack",
]


def _check_sequence(xs: Any, name: str, op_name: str) -> None:
    if not isinstance(xs, (list, tuple)):
        raise TypeError(
            f"{op_name}: `{name}` must be a list or tuple of tensors; received {type(xs).__name__}."
        )
    if not xs:
        raise ValueError(f"{op_name}: `{name}` must contain at least one tensor.")


def reshape(x: TensorLike, newshape: Any):
    """``x`` with its elements in ``newshape`` (one entry may be -1, inferred).

    Example:
        >>> unison.ops.reshape(unison.ops.arange(6), (2, -1)).shape   # -> (2, 3)
    """
    if type(x) is SymbolicTensor:
        if isinstance(newshape, int):
            newshape = (newshape,)
        if sum(1 for dim in newshape if dim is None or dim == -1) > 1:
            raise ValueError(
                f"reshape: at most one dimension of `newshape` may be -1; received {newshape}."
            )
        newshape = tuple(-1 if dim is None else dim for dim in newshape)
        return symbolic_call(reshape, x, newshape)
    return current().backend.reshape(x, newshape)


def ravel(x: TensorLike):
    """``x`` flattened to one dimension.

    Example:
        >>> unison.ops.ravel([[1, 2], [3, 4]])   # -> [1, 2, 3, 4]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(ravel, x)
    return current().backend.ravel(x)


def transpose(x: TensorLike, axes: Any = None):
    """``x`` with its axes permuted by ``axes`` (reversed when None).

    Example:
        >>> unison.ops.transpose(unison.ops.zeros((2, 3, 4)), (2, 0, 1)).shape   # -> (4, 2, 3)
    """
    if axes is not None and type(axes) is not tuple:
        axes = normalize_axis(axes, "transpose")
    if type(x) is SymbolicTensor:
        return symbolic_call(transpose, x, axes=axes)
    return current().backend.transpose(x, axes=axes)


def swapaxes(x: TensorLike, axis1: int, axis2: int):
    """``x`` with ``axis1`` and ``axis2`` exchanged.

    Example:
        >>> unison.ops.swapaxes(unison.ops.zeros((2, 3)), 0, 1).shape   # -> (3, 2)
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(swapaxes, x, axis1, axis2)
    return current().backend.swapaxes(x, axis1, axis2)


def moveaxis(x: TensorLike, source: Any, destination: Any):
    """``x`` with the axes ``source`` moved to positions ``destination``.

    Example:
        >>> unison.ops.moveaxis(unison.ops.zeros((2, 3, 4)), 0, -1).shape   # -> (3, 4, 2)
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(moveaxis, x, source, destination)
    return current().backend.moveaxis(x, source, destination)


def expand_dims(x: TensorLike, axis: Any):
    """``x`` with a new axis of size 1 inserted at ``axis`` (an int or a tuple of ints).

    Example:
        >>> unison.ops.expand_dims([1, 2], 0).shape   # -> (1, 2)
    """
    if type(axis) is not int:
        axis = normalize_axis(axis, "expand_dims")
        if axis is None:
            raise TypeError("expand_dims: `axis` is required; received None.")
    if type(x) is SymbolicTensor:
        return symbolic_call(expand_dims, x, axis)
    return current().backend.expand_dims(x, axis)


def squeeze(x: TensorLike, axis: Any = None):
    """``x`` without axes of size 1 (only those in ``axis`` when given).

    Example:
        >>> unison.ops.squeeze(unison.ops.zeros((1, 3, 1))).shape   # -> (3,)
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "squeeze")
    if type(x) is SymbolicTensor:
        axes = () if axis is None else (axis if isinstance(axis, tuple) else (axis,))
        for item in axes:
            if -x.ndim <= item < x.ndim and x.shape[item] not in (1, None):
                raise ValueError(
                    f"squeeze: cannot remove axis {item} of size {x.shape[item]} from {x.shape}."
                )
        removed = {item % x.ndim for item in axes if -x.ndim <= item < x.ndim}
        if any(x.shape[item] is None for item in removed):
            # stand-in sizes would not squeeze: an unknown axis named here is taken to be 1
            shape = tuple(dim for index, dim in enumerate(x.shape) if index not in removed)
            output = SymbolicTensor(shape, x.dtype)
            return symbolic_result(squeeze, (x,), {"axis": axis}, output)
        return symbolic_call(squeeze, x, axis=axis)
    return current().backend.squeeze(x, axis=axis)


def broadcast_to(x: TensorLike, shape: Any):
    """``x`` broadcast to ``shape``.

    Example:
        >>> unison.ops.broadcast_to([1, 2], (3, 2)).shape   # -> (3, 2)
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(broadcast_to, x, tuple(shape))
    return current().backend.broadcast_to(x, shape)


def concatenate(xs: Any, axis: int | None = 0):
    """Join the tensors of ``xs`` along an existing ``axis``.

    Example:
        >>> unison.ops.concatenate([[1, 2], [3]])   # -> [1, 2, 3]
    """
    _check_sequence(xs, "xs", "concatenate")
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "concatenate", allow_tuple=False)
    if is_symbolic(xs):
        return symbolic_call(concatenate, xs, axis=axis)
    return current().backend.concatenate(xs, axis=axis)


def append(x1: TensorLike, x2: TensorLike, axis: int | None = None):
    """``x2`` appended to ``x1`` along ``axis`` (both flattened when None).

    Example:
        >>> unison.ops.append([1, 2], [3])   # -> [1, 2, 3]
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(append, x1, x2, axis=axis)
    return current().backend.append(x1, x2, axis=axis)


def stack(x: Any, axis: int = 0):
    """Join the tensors of ``x`` (same shape) along a new ``axis``.

    Example:
        >>> unison.ops.stack([[1, 2], [3, 4]], axis=1)   # -> [[1, 3], [2, 4]]
    """
    _check_sequence(x, "x", "stack")
    if type(axis) is not int:
        axis = normalize_axis(axis, "stack", allow_tuple=False)
    if is_symbolic(x):
        return symbolic_call(stack, x, axis=axis)
    return current().backend.stack(x, axis=axis)


def hstack(xs: Any):
    """Join tensors column-wise (along axis 1, or axis 0 for 1-D tensors).

    Example:
        >>> unison.ops.hstack([[1, 2], [3]])   # -> [1, 2, 3]
    """
    _check_sequence(xs, "xs", "hstack")
    if is_symbolic(xs):
        return symbolic_call(hstack, xs)
    return current().backend.hstack(xs)


def vstack(xs: Any):
    """Join tensors row-wise (along axis 0, treating 1-D tensors as rows).

    Example:
        >>> unison.ops.vstack([[1, 2], [3, 4]]).shape   # -> (2, 2)
    """
    _check_sequence(xs, "xs", "vstack")
    if is_symbolic(xs):
        return symbolic_call(vstack, xs)
    return current().backend.vstack(xs)


def dstack(xs: Any):
    """Join tensors depth-wise (along axis 2, after promoting them to at least 3-D).

    Example:
        >>> unison.ops.dstack([[1, 2], [3, 4]]).shape   # -> (1, 2, 2)
    """
    _check_sequence(xs, "xs", "dstack")
    if is_symbolic(xs):
        return symbolic_call(dstack, xs)
    return current().backend.dstack(xs)


def _split(op_name: str, operation: Any, x: Any, indices_or_sections: Any, axis: int, args, kwargs):
    """Split eagerly, or symbolically with a hand-written rule when the split axis is unknown."""
    if isinstance(indices_or_sections, int) and not isinstance(indices_or_sections, bool):
        if indices_or_sections < 1:
            raise ValueError(
                f"{op_name}: the number of sections must be >= 1; received {indices_or_sections}."
            )
    if type(x) is not SymbolicTensor:
        return getattr(current().backend, op_name)(*args, **kwargs)
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"{op_name}: axis {axis} is out of range for shape {x.shape}.")
    size = x.shape[axis]
    if size is not None:
        if (
            op_name != "array_split"
            and isinstance(indices_or_sections, int)
            and size % indices_or_sections
        ):
            raise ValueError(
                f"{op_name}: axis {axis} of size {size} cannot be split into "
                f"{indices_or_sections} equal sections; use array_split for unequal ones."
            )
        return symbolic_call(operation, *args, **kwargs)
    if isinstance(indices_or_sections, int):
        sizes = [None] * indices_or_sections
    else:
        bounds = [0, *indices_or_sections]
        sizes = [max(0, stop - start) for start, stop in zip(bounds, bounds[1:], strict=False)] + [
            None
        ]
    outputs = []
    for piece in sizes:
        shape = list(x.shape)
        shape[axis] = piece
        outputs.append(SymbolicTensor(tuple(shape), x.dtype))
    return symbolic_result(operation, args, kwargs, outputs)


def split(x: TensorLike, indices_or_sections: Any, axis: int = 0):
    """Split ``x`` along ``axis`` into equal sections, or at the given indices.

    Example:
        >>> unison.ops.split(unison.ops.arange(6), 3)   # -> [[0, 1], [2, 3], [4, 5]]
    """
    return _split(
        "split", split, x, indices_or_sections, axis, (x, indices_or_sections), {"axis": axis}
    )


def array_split(x: TensorLike, indices_or_sections: Any, axis: int = 0):
    """Like :func:`split`, but sections may differ in size by one.

    Example:
        >>> unison.ops.array_split(unison.ops.arange(5), 2)   # -> [[0, 1, 2], [3, 4]]
    """
    return _split(
        "array_split",
        array_split,
        x,
        indices_or_sections,
        axis,
        (x, indices_or_sections),
        {"axis": axis},
    )


def hsplit(x: TensorLike, indices_or_sections: Any):
    """Split along axis 1 (axis 0 for 1-D tensors).

    Example:
        >>> unison.ops.hsplit(unison.ops.zeros((2, 4)), 2)[0].shape   # -> (2, 2)
    """
    axis = 1 if getattr(x, "ndim", 2) > 1 else 0
    return _split("hsplit", hsplit, x, indices_or_sections, axis, (x, indices_or_sections), {})


def vsplit(x: TensorLike, indices_or_sections: Any):
    """Split along axis 0.

    Example:
        >>> unison.ops.vsplit(unison.ops.zeros((4, 2)), 2)[0].shape   # -> (2, 2)
    """
    return _split("vsplit", vsplit, x, indices_or_sections, 0, (x, indices_or_sections), {})


def dsplit(x: TensorLike, indices_or_sections: Any):
    """Split along axis 2 (tensors of rank 3 or more).

    Example:
        >>> unison.ops.dsplit(unison.ops.zeros((1, 2, 4)), 2)[0].shape   # -> (1, 2, 2)
    """
    return _split("dsplit", dsplit, x, indices_or_sections, 2, (x, indices_or_sections), {})


def rearrange(tensor: TensorLike, pattern: str, **axes_lengths: int):
    """Reorder, merge and split axes following an einops pattern.

    Example:
        >>> unison.ops.rearrange(unison.ops.zeros((2, 3, 4)), "b h w -> b (h w)").shape  # (2, 12)
    """
    if not isinstance(pattern, str) or "->" not in pattern:
        raise ValueError(
            f"rearrange: `pattern` must be a string like 'b h w -> b (h w)'; received {pattern!r}."
        )
    if type(tensor) is SymbolicTensor:
        return symbolic_call(rearrange, tensor, pattern, **axes_lengths)
    return current().backend.rearrange(tensor, pattern, **axes_lengths)
