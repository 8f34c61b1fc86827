"""Indexing, gathering, flipping, tiling, padding and diagonals (``unison.ops.numpy``)."""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_choice,
    current,
    is_symbolic,
    normalize_axis,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "diag",
    "diagflat",
    "diagonal",
    "diff",
    "flip",
    "fliplr",
    "flipud",
    "get_item",
    "pad",
    "repeat",
    "roll",
    "rot90",
    "take",
    "take_along_axis",
    "tile",
    "tril",
    "triu",
]

_PAD_MODES = (
    "constant",
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


def get_item(x: TensorLike, key: Any):
    """``x[key]``: NumPy-style basic and integer-array indexing.

    Example:
        >>> unison.ops.get_item(unison.ops.arange(6), slice(1, 3))   # -> [1, 2]
    """
    if type(x) is SymbolicTensor or is_symbolic(key):
        return symbolic_call(get_item, x, key)
    return current().backend.get_item(x, key)


def take(x: TensorLike, indices: TensorLike, axis: int | None = None):
    """Elements of ``x`` at ``indices`` along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.take([10, 20, 30], [2, 0])   # -> [30, 10]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "take", allow_tuple=False)
    if type(x) is SymbolicTensor or type(indices) is SymbolicTensor:
        return symbolic_call(take, x, indices, axis=axis)
    return current().backend.take(x, indices, axis=axis)


def take_along_axis(x: TensorLike, indices: TensorLike, axis: int | None = None):
    """Pick values of ``x`` along ``axis`` with an index tensor of matching rank.

    Example:
        >>> unison.ops.take_along_axis([[4, 1], [2, 3]], [[1], [0]], axis=1)   # -> [[1], [2]]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "take_along_axis", allow_tuple=False)
    if type(x) is SymbolicTensor or type(indices) is SymbolicTensor:
        return symbolic_call(take_along_axis, x, indices, axis=axis)
    return current().backend.take_along_axis(x, indices, axis=axis)


def flip(x: TensorLike, axis: Any = None):
    """``x`` with the order of elements reversed along ``axis`` (all axes when None).

    Example:
        >>> unison.ops.flip([1, 2, 3])   # -> [3, 2, 1]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "flip")
    if type(x) is SymbolicTensor:
        return symbolic_call(flip, x, axis=axis)
    return current().backend.flip(x, axis=axis)


def fliplr(x: TensorLike):
    """``x`` reversed along axis 1 (left / right).

    Example:
        >>> unison.ops.fliplr([[1, 2], [3, 4]])   # -> [[2, 1], [4, 3]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(fliplr, x)
    return current().backend.fliplr(x)


def flipud(x: TensorLike):
    """``x`` reversed along axis 0 (up / down).

    Example:
        >>> unison.ops.flipud([[1, 2], [3, 4]])   # -> [[3, 4], [1, 2]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(flipud, x)
    return current().backend.flipud(x)


def rot90(array: TensorLike, k: int = 1, axes: tuple = (0, 1)):
    """``array`` rotated by ``k`` quarter turns in the plane of ``axes``.

    Example:
        >>> unison.ops.rot90([[1, 2], [3, 4]])   # -> [[2, 4], [1, 3]]
    """
    if len(axes) != 2 or axes[0] == axes[1]:
        raise ValueError(f"rot90: `axes` must be two different axes; received {axes!r}.")
    if type(array) is SymbolicTensor:
        return symbolic_call(rot90, array, k=k, axes=tuple(axes))
    return current().backend.rot90(array, k=k, axes=axes)


def roll(x: TensorLike, shift: Any, axis: Any = None):
    """``x`` with elements shifted by ``shift`` along ``axis``, wrapping around.

    Example:
        >>> unison.ops.roll([1, 2, 3, 4], 1)   # -> [4, 1, 2, 3]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "roll")
    if any_symbolic(x, shift):
        return symbolic_call(roll, x, shift, axis=axis)
    return current().backend.roll(x, shift, axis=axis)


def repeat(x: TensorLike, repeats: Any, axis: int | None = None):
    """Repeat each element ``repeats`` times along ``axis`` (of the flattened tensor when None).

    Example:
        >>> unison.ops.repeat([1, 2], 2)   # -> [1, 1, 2, 2]
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "repeat", allow_tuple=False)
    if type(repeats) is SymbolicTensor and type(x) is SymbolicTensor:
        # the output length depends on the values of `repeats`
        if axis is None:
            shape = (None,)
        else:
            shape = list(x.shape)
            shape[axis] = None
        output = SymbolicTensor(tuple(shape), x.dtype)
        return symbolic_result(repeat, (x, repeats), {"axis": axis}, output)
    if type(x) is SymbolicTensor or type(repeats) is SymbolicTensor:
        return symbolic_call(repeat, x, repeats, axis=axis)
    return current().backend.repeat(x, repeats, axis=axis)


def tile(x: TensorLike, repeats: Any):
    """``x`` repeated ``repeats`` times along each axis.

    Example:
        >>> unison.ops.tile([1, 2], 2)   # -> [1, 2, 1, 2]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(tile, x, repeats)
    return current().backend.tile(x, repeats)


def pad(x: TensorLike, pad_width: Any, mode: str = "constant", constant_values: Any = None):
    """``x`` padded by ``pad_width`` (``(before, after)`` per axis) using ``mode``.

    Example:
        >>> unison.ops.pad([1, 2], (1, 2))   # -> [0, 1, 2, 0, 0]
    """
    check_choice(mode, _PAD_MODES, "mode", "pad")
    if constant_values is not None and mode != "constant":
        raise ValueError(
            f"pad: `constant_values` can only be given with mode='constant'; received "
            f"mode={mode!r}."
        )
    if type(x) is SymbolicTensor:
        return symbolic_call(pad, x, pad_width, mode=mode, constant_values=constant_values)
    return current().backend.pad(x, pad_width, mode=mode, constant_values=constant_values)


def diff(a: TensorLike, n: int = 1, axis: int = -1):
    """``n``-th discrete difference along ``axis``.

    Example:
        >>> unison.ops.diff([1, 4, 9, 16])   # -> [3, 5, 7]
    """
    if not isinstance(n, int) or n < 0:
        raise ValueError(f"diff: `n` must be a non-negative int; received {n!r}.")
    if type(a) is SymbolicTensor:
        return symbolic_call(diff, a, n=n, axis=axis)
    return current().backend.diff(a, n=n, axis=axis)


def tril(x: TensorLike, k: int = 0):
    """``x`` with elements above the ``k``-th diagonal set to zero.

    Example:
        >>> unison.ops.tril([[1, 2], [3, 4]])   # -> [[1, 0], [3, 4]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(tril, x, k=k)
    return current().backend.tril(x, k=k)


def triu(x: TensorLike, k: int = 0):
    """``x`` with elements below the ``k``-th diagonal set to zero.

    Example:
        >>> unison.ops.triu([[1, 2], [3, 4]])   # -> [[1, 2], [0, 4]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(triu, x, k=k)
    return current().backend.triu(x, k=k)


def diag(x: TensorLike, k: int = 0):
    """The ``k``-th diagonal of a matrix, or a matrix with 1-D ``x`` on that diagonal.

    Example:
        >>> unison.ops.diag([1, 2])   # -> [[1, 0], [0, 2]]
    """
    if type(x) is SymbolicTensor:
        if x.ndim not in (1, 2):
            raise ValueError(f"diag: `x` must be 1-D or 2-D; received shape {x.shape}.")
        return symbolic_call(diag, x, k=k)
    return current().backend.diag(x, k=k)


def diagflat(x: TensorLike, k: int = 0):
    """A matrix with the flattened ``x`` on its ``k``-th diagonal.

    Example:
        >>> unison.ops.diagflat([[1, 2]])   # -> [[1, 0], [0, 2]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(diagflat, x, k=k)
    return current().backend.diagflat(x, k=k)


def diagonal(x: TensorLike, offset: int = 0, axis1: int = 0, axis2: int = 1):
    """The diagonal at ``offset`` of the 2-D slices of ``x`` spanned by ``axis1``, ``axis2``.

    Example:
        >>> unison.ops.diagonal([[1, 2], [3, 4]])   # -> [1, 4]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(diagonal, x, offset=offset, axis1=axis1, axis2=axis2)
    return current().backend.diagonal(x, offset=offset, axis1=axis1, axis2=axis2)
