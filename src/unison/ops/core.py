"""Core ops: conversion, casting, shapes, scatter / slice updates and control flow.

Control-flow ops take Python callables and hand them to the active backend unchanged; with
symbolic inputs they are evaluated abstractly and recorded in the graph like any other op.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison import dtypes
from unison.ops._common import (
    TensorLike,
    any_symbolic,
    check_choice,
    current,
    is_symbolic,
    symbolic_call,
    symbolic_result,
)
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "associative_scan",
    "cast",
    "cond",
    "convert_to_numpy",
    "convert_to_tensor",
    "custom_gradient",
    "dtype",
    "fori_loop",
    "is_tensor",
    "map",
    "saturate_cast",
    "scan",
    "scatter",
    "scatter_update",
    "shape",
    "slice",
    "slice_update",
    "stop_gradient",
    "switch",
    "unstack",
    "vectorized_map",
    "while_loop",
]

_DTYPE_NAMES = frozenset(dtypes.ALLOWED_DTYPES)
_SCATTER_REDUCTIONS = (None, "add", "max", "min", "mul")


def _check_callable(function: Any, name: str, op_name: str) -> None:
    if not callable(function):
        raise TypeError(
            f"{op_name}: `{name}` must be callable; received {type(function).__name__}."
        )


# -- conversion and dtypes ------------------------------------------------------------------


def convert_to_tensor(x: TensorLike, dtype: Any = None, sparse: Any = None, ragged: Any = None):
    """Convert ``x`` (array, list, scalar, Variable...) to the active backend's tensor.

    Example:
        >>> unison.ops.convert_to_tensor([1, 2, 3], dtype="float32")   # -> [1., 2., 3.]
    """
    if dtype is not None and not (dtype.__class__ is str and dtype in _DTYPE_NAMES):
        dtype = dtypes.standardize_dtype(dtype)
    if type(x) is SymbolicTensor:
        if dtype is None or dtype == x.dtype:
            return x
        return symbolic_call(cast, x, dtype)
    return current().backend.convert_to_tensor(x, dtype=dtype, sparse=sparse, ragged=ragged)


def convert_to_numpy(x: TensorLike):
    """Return ``x`` as a NumPy array (copying from the device if needed).

    Example:
        >>> unison.ops.convert_to_numpy(unison.ops.ones((2,)))   # -> array([1., 1.])
    """
    if type(x) is SymbolicTensor:
        x.numpy()  # raises the explanatory error
    return current().backend.convert_to_numpy(x)


def is_tensor(x: Any) -> bool:
    """Whether ``x`` is a native tensor of the active backend.

    Example:
        >>> unison.ops.is_tensor(unison.ops.zeros((2,)))   # -> True
    """
    return current().backend.is_tensor(x)


def cast(x: TensorLike, dtype: Any):
    """Cast ``x`` to ``dtype`` (values out of range wrap or truncate as the framework does).

    Example:
        >>> unison.ops.cast([1.7, -2.2], "int32")   # -> [1, -2]
    """
    if not (dtype.__class__ is str and dtype in _DTYPE_NAMES):
        if dtype is None:
            raise ValueError("cast: `dtype` is required; received None.")
        dtype = dtypes.standardize_dtype(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(cast, x, dtype)
    return current().backend.cast(x, dtype)


def saturate_cast(x: TensorLike, dtype: Any):
    """Cast ``x`` to ``dtype``, clipping values to the target dtype's range first.

    Example:
        >>> unison.ops.saturate_cast([300.0, -5.0], "uint8")   # -> [255, 0]
    """
    if dtype is None:
        raise ValueError("saturate_cast: `dtype` is required; received None.")
    dtype = dtypes.standardize_dtype(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(saturate_cast, x, dtype)
    return current().backend.saturate_cast(x, dtype)


def dtype(x: TensorLike) -> str:
    """The standardized dtype name of ``x``, such as ``"float32"``.

    Example:
        >>> unison.ops.dtype(unison.ops.zeros((2,), dtype="int8"))   # -> 'int8'
    """
    if type(x) is SymbolicTensor:
        return x.dtype
    return current().backend.dtype(x)


def shape(x: TensorLike) -> tuple:
    """The shape of ``x`` as a tuple (``None`` for unknown dimensions of symbolic tensors).

    Example:
        >>> unison.ops.shape(unison.ops.zeros((8, 12)))   # -> (8, 12)
    """
    if type(x) is SymbolicTensor:
        return x.shape
    return current().backend.shape(x)


def stop_gradient(variable: TensorLike):
    """Return ``variable`` unchanged, but let no gradient flow through it.

    Example:
        >>> y = unison.ops.stop_gradient(x)   # d(y)/d(x) is treated as zero
    """
    if type(variable) is SymbolicTensor:
        return symbolic_call(stop_gradient, variable)
    return current().backend.stop_gradient(variable)


# -- indexing, slicing and scatter ----------------------------------------------------------


def scatter(indices: TensorLike, values: TensorLike, shape: Any):
    """A zero tensor of ``shape`` with ``values`` added at ``indices``.

    Example:
        >>> unison.ops.scatter([[0], [2]], [5.0, 7.0], (4,))   # -> [5., 0., 7., 0.]
    """
    if type(indices) is SymbolicTensor or type(values) is SymbolicTensor:
        return symbolic_call(scatter, indices, values, shape)
    return current().backend.scatter(indices, values, shape)


def scatter_update(
    inputs: TensorLike, indices: TensorLike, updates: TensorLike, reduction: str | None = None
):
    """Copy of ``inputs`` with ``updates`` written (or combined with ``reduction``) at ``indices``.

    Example:
        >>> unison.ops.scatter_update(unison.ops.zeros((3,)), [[1]], [9.0])   # -> [0., 9., 0.]
    """
    if reduction is not None:
        check_choice(reduction, _SCATTER_REDUCTIONS, "reduction", "scatter_update")
    if any_symbolic(inputs, indices, updates):
        return symbolic_call(scatter_update, inputs, indices, updates, reduction=reduction)
    return current().backend.scatter_update(inputs, indices, updates, reduction=reduction)


def slice(inputs: TensorLike, start_indices: Any, shape: Any):  # noqa: A001 - Keras name
    """The block of ``inputs`` of size ``shape`` starting at ``start_indices``.

    Example:
        >>> unison.ops.slice(unison.ops.arange(10), (2,), (3,))   # -> [2, 3, 4]
    """
    if any_symbolic(inputs, start_indices):
        return symbolic_call(slice, inputs, start_indices, shape)
    return current().backend.slice(inputs, start_indices, shape)


def slice_update(inputs: TensorLike, start_indices: Any, updates: TensorLike):
    """Copy of ``inputs`` with the block at ``start_indices`` replaced by ``updates``.

    Example:
        >>> unison.ops.slice_update(unison.ops.zeros((4,)), (1,), [1.0, 2.0])   # -> [0,1,2,0]
    """
    if any_symbolic(inputs, start_indices, updates):
        return symbolic_call(slice_update, inputs, start_indices, updates)
    return current().backend.slice_update(inputs, start_indices, updates)


def unstack(x: TensorLike, num: int | None = None, axis: int = 0):
    """Split ``x`` along ``axis`` into a list of tensors of one rank less.

    Example:
        >>> unison.ops.unstack([[1, 2], [3, 4]])   # -> [[1, 2], [3, 4]] as two tensors
    """
    if type(x) is SymbolicTensor:
        if not -x.ndim <= axis < x.ndim:
            raise ValueError(
                f"unstack: `axis` {axis} is out of range for a tensor of rank {x.ndim}."
            )
        size = x.shape[axis]
        if size is None and num is None:
            raise ValueError(
                f"unstack: the size of axis {axis} of {x.shape} is unknown; pass `num` to say "
                "how many tensors to produce."
            )
        if size is None:
            dims = list(x.shape)
            del dims[axis]
            outputs = [SymbolicTensor(tuple(dims), x.dtype) for _ in range(num)]
            return symbolic_result(unstack, (x,), {"num": num, "axis": axis}, outputs)
        return symbolic_call(unstack, x, num=num, axis=axis)
    return current().backend.unstack(x, num=num, axis=axis)


# -- control flow ---------------------------------------------------------------------------


def cond(pred: Any, true_fn: Callable, false_fn: Callable):
    """Return ``true_fn()`` if ``pred`` is true, else ``false_fn()`` (traceable).

    Example:
        >>> unison.ops.cond(x > 0, lambda: x, lambda: -x)
    """
    _check_callable(true_fn, "true_fn", "cond")
    _check_callable(false_fn, "false_fn", "cond")
    if type(pred) is SymbolicTensor:
        return symbolic_call(cond, pred, true_fn, false_fn)
    return current().backend.cond(pred, true_fn, false_fn)


def switch(index: Any, branches: list[Callable], *operands: Any):
    """Call ``branches[index](*operands)``; ``index`` is clamped to the valid range.

    Example:
        >>> unison.ops.switch(1, [lambda v: v + 1, lambda v: v * 2], 3.0)   # -> 6.0
    """
    if not isinstance(branches, (list, tuple)) or not branches:
        raise ValueError(
            f"switch: `branches` must be a non-empty list of callables; received {branches!r}."
        )
    for position, branch in enumerate(branches):
        _check_callable(branch, f"branches[{position}]", "switch")
    if type(index) is SymbolicTensor or any_symbolic(operands):
        return symbolic_call(switch, index, branches, *operands)
    return current().backend.switch(index, branches, *operands)


def while_loop(
    cond: Callable, body: Callable, loop_vars: Any, maximum_iterations: int | None = None
):
    """Run ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` holds.

    Example:
        >>> unison.ops.while_loop(lambda i: i < 10, lambda i: (i + 1,), (0,))   # -> (10,)
    """
    _check_callable(cond, "cond", "while_loop")
    _check_callable(body, "body", "while_loop")
    if maximum_iterations is not None and maximum_iterations < 0:
        raise ValueError(
            f"while_loop: `maximum_iterations` must be >= 0; received {maximum_iterations}."
        )
    if is_symbolic(loop_vars):
        return symbolic_call(
            while_loop, cond, body, loop_vars, maximum_iterations=maximum_iterations
        )
    return current().backend.while_loop(
        cond, body, loop_vars, maximum_iterations=maximum_iterations
    )


def fori_loop(lower: Any, upper: Any, body_fun: Callable, init_val: Any):
    """Run ``val = body_fun(i, val)`` for ``i`` from ``lower`` to ``upper - 1``.

    Example:
        >>> unison.ops.fori_loop(0, 5, lambda i, total: total + i, 0)   # -> 10
    """
    _check_callable(body_fun, "body_fun", "fori_loop")
    if any_symbolic(lower, upper, init_val):
        return symbolic_call(fori_loop, lower, upper, body_fun, init_val)
    return current().backend.fori_loop(lower, upper, body_fun, init_val)


def scan(
    f: Callable,
    init: Any,
    xs: Any = None,
    length: int | None = None,
    reverse: bool = False,
    unroll: int | bool = 1,
):
    """Loop ``carry, y = f(carry, x)`` over the leading axis of ``xs``; return ``(carry, ys)``.

    Example:
        >>> unison.ops.scan(lambda c, x: (c + x, c + x), 0.0, [1.0, 2.0, 3.0])  # (6., [1,3,6])
    """
    _check_callable(f, "f", "scan")
    if xs is None and length is None:
        raise ValueError("scan: pass `xs`, `length`, or both; received neither.")
    if not isinstance(unroll, bool) and (not isinstance(unroll, int) or unroll < 1):
        raise ValueError(f"scan: `unroll` must be a positive int or a bool; received {unroll!r}.")
    if any_symbolic(init, xs):
        return symbolic_call(scan, f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)
    return current().backend.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


def associative_scan(f: Callable, elems: Any, reverse: bool = False, axis: int = 0):
    """Inclusive scan of ``elems`` along ``axis`` with an associative binary function ``f``.

    Example:
        >>> unison.ops.associative_scan(unison.ops.add, [1, 2, 3, 4])   # -> [1, 3, 6, 10]
    """
    _check_callable(f, "f", "associative_scan")
    if type(axis) is not int:
        raise TypeError(f"associative_scan: `axis` must be an int; received {axis!r}.")
    if is_symbolic(elems):
        return symbolic_call(associative_scan, f, elems, reverse=reverse, axis=axis)
    return current().backend.associative_scan(f, elems, reverse=reverse, axis=axis)


def map(f: Callable, xs: Any):  # noqa: A001 - Keras name
    """Apply ``f`` to each slice of ``xs`` along its leading axis and stack the results.

    Example:
        >>> unison.ops.map(lambda row: row.sum(), unison.ops.ones((3, 2)))   # -> [2., 2., 2.]
    """
    _check_callable(f, "f", "map")
    if is_symbolic(xs):
        return symbolic_call(map, f, xs)
    return current().backend.map(f, xs)


def vectorized_map(function: Callable, elements: Any):
    """Like :func:`map`, but vectorised (``vmap``) where the backend can.

    Example:
        >>> unison.ops.vectorized_map(lambda row: row * 2, unison.ops.ones((3, 2)))
    """
    _check_callable(function, "function", "vectorized_map")
    if is_symbolic(elements):
        return symbolic_call(vectorized_map, function, elements)
    return current().backend.vectorized_map(function, elements)


class _CustomGradientFunction:
    """A function with a user-defined gradient, dispatched to the backend active at call time."""

    def __init__(self, function: Callable):
        self._function = function
        self._by_backend: dict[int, Callable] = {}
        self.__name__ = getattr(function, "__name__", "custom_gradient_function")
        self.__doc__ = getattr(function, "__doc__", None)
        self.__wrapped__ = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if any_symbolic(args, kwargs):
            return symbolic_call(self, *args, **kwargs)
        backend = current().backend
        wrapped = self._by_backend.get(id(backend))
        if wrapped is None:
            wrapped = backend.custom_gradient(self._function)
            self._by_backend[id(backend)] = wrapped
        return wrapped(*args, **kwargs)


def custom_gradient(f: Callable) -> Callable:
    """Decorator: ``f(*args)`` returns ``(output, grad_fn)``; ``grad_fn(upstream)`` the grads.

    Example:
        >>> @unison.ops.custom_gradient
        ... def clip_gradient(x):
        ...     return x, lambda upstream: unison.ops.clip(upstream, -1.0, 1.0)
    """
    _check_callable(f, "f", "custom_gradient")
    return _CustomGradientFunction(f)
