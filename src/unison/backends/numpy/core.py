"""Tensors, conversion, control flow and state storage for the NumPy backend."""

from __future__ import annotations

import builtins
from typing import Any

import ml_dtypes
import numpy as np

from unison import tree
from unison.backends.contract import gather
from unison.backends.numpy import _helpers
from unison.backends.numpy._helpers import (
    dtype_name,
    ndarray,
    to_array,
    to_numpy_dtype,
)


# -- tensors -------------------------------------------------------------------------------
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    if sparse:
        raise NotImplementedError("The numpy backend has no sparse tensors (sparse=True).")
    if ragged:
        raise NotImplementedError("The numpy backend has no ragged tensors (ragged=True).")
    if type(x) is ndarray:
        if dtype is None:
            return x
    else:
        x = _helpers._convert_other(x)
        if dtype is None:
            return x
    target = to_numpy_dtype(dtype)
    if x.dtype == target:
        return x
    return x.astype(target)


def convert_to_numpy(x):
    if type(x) is ndarray:
        return x
    return to_array(x)


def is_tensor(x):
    return isinstance(x, (ndarray, np.generic))


def dtype(x):
    return dtype_name(to_array(x).dtype if not hasattr(x, "dtype") else np.dtype(x.dtype))


def shape(x):
    if type(x) is ndarray:
        return x.shape
    return tuple(to_array(x).shape)


def cast(x, dtype):
    target = to_numpy_dtype(dtype)
    if type(x) is not ndarray:
        x = to_array(x)
    if x.dtype == target:
        return x
    return x.astype(target)


def saturate_cast(x, dtype):
    target = to_numpy_dtype(dtype)
    x = to_array(x)
    if target == _helpers.BOOL or x.dtype == _helpers.BOOL:
        return x.astype(target)
    if target in _helpers.INTEGERS:
        info = np.iinfo(target)
        low, high = int(info.min), int(info.max)
    elif target in _helpers.FLOATS:
        info = ml_dtypes.finfo(target)
        low, high = float(info.min), float(info.max)
    else:
        return x.astype(target)
    if x.dtype in _helpers.INTEGERS:
        source = np.iinfo(x.dtype)
        low, high = builtins.max(low, int(source.min)), builtins.min(high, int(source.max))
        return np.clip(x, low, high).astype(target)
    wide = x.astype(np.float64) if x.dtype != np.complex128 else x.real
    low_float, high_float = float(low), float(high)
    if target in _helpers.INTEGERS:
        if high_float > high:
            high_float = float(np.nextafter(high_float, -np.inf))
        if low_float < low:
            low_float = float(np.nextafter(low_float, np.inf))
    return np.clip(wide, low_float, high_float).astype(target)


# -- state ---------------------------------------------------------------------------------
def variable_create(value, dtype, trainable, name):
    array = to_array(value)
    target = to_numpy_dtype(dtype) if dtype is not None else array.dtype
    return np.array(array, dtype=target, copy=True)


def variable_assign(storage, value):
    value = to_array(value)
    if value.shape != storage.shape:
        raise ValueError(
            f"Cannot assign a value of shape {value.shape} to a variable of shape {storage.shape}."
        )
    return np.array(value, dtype=storage.dtype, copy=True)


def variable_value(storage):
    return storage


def devices():
    return ["cpu"]


def compute_output_spec(function, args, kwargs):
    from unison.symbolic.tensor import TensorSpec

    def to_spec(leaf):
        if isinstance(leaf, (ndarray, np.generic)):
            return TensorSpec(tuple(int(dim) for dim in leaf.shape), dtype_name(leaf.dtype))
        return leaf

    # Zeros first; numerical routines that reject them (inv, cholesky...) get ones, then
    # well-conditioned diagonal stand-ins. The first error is the one reported.
    first_error = None
    for make in (_zeros_stand_in, _ones_stand_in, _well_conditioned_stand_in):
        arguments = tree.map_structure(
            lambda leaf, make=make: _stand_in(leaf, make), (args, kwargs)
        )
        try:
            outputs = function(*arguments[0], **arguments[1])
        except (ValueError, ArithmeticError) as error:  # LinAlgError is a ValueError
            if first_error is None:
                first_error = error
            continue
        return tree.map_structure(to_spec, outputs)
    raise first_error


def _stand_in(leaf, make):
    from unison.symbolic.tensor import TensorSpec

    if isinstance(leaf, TensorSpec):
        return make(leaf.shape, to_numpy_dtype(leaf.dtype))
    return leaf


def _zeros_stand_in(shape_, dtype_):
    return np.zeros(shape_, dtype=dtype_)


def _ones_stand_in(shape_, dtype_):
    return np.ones(shape_, dtype=dtype_)


def _well_conditioned_stand_in(shape_, dtype_):
    values = np.zeros(shape_, dtype=np.float64)
    if len(shape_) >= 2:
        size = builtins.min(shape_[-1], shape_[-2])
        index = np.arange(size)
        values[..., index, index] = 2.0
    else:
        values += 1.0
    return values.astype(dtype_)


# -- control flow --------------------------------------------------------------------------
def cond(pred, true_fn, false_fn):
    if bool(np.asarray(to_array(pred))):
        return true_fn()
    return false_fn()


def switch(index, branches, *operands):
    index = int(np.asarray(to_array(index)))
    index = builtins.max(0, builtins.min(index, len(branches) - 1))
    return branches[index](*operands)


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for index in range(int(to_array(lower)), int(to_array(upper))):
        value = body_fun(index, value)
    return value


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    values = tuple(loop_vars) if is_sequence else (loop_vars,)
    iterations = 0
    while bool(np.asarray(to_array(cond(*values)))):
        if maximum_iterations is not None and iterations >= maximum_iterations:
            break
        result = body(*values)
        values = tuple(result) if isinstance(result, (tuple, list)) else (result,)
        iterations += 1
    if is_sequence:
        return type(loop_vars)(values) if isinstance(loop_vars, list) else values
    return values[0]


def _stack_outputs(outputs: list) -> Any:
    if not outputs:
        return None
    return tree.map_structure(lambda *leaves: np.stack([to_array(v) for v in leaves]), *outputs)


def map(f, xs):
    leaves = tree.flatten(xs)
    if not leaves:
        raise ValueError("map: `xs` must hold at least one tensor.")
    leaves = [to_array(leaf) for leaf in leaves]
    length = leaves[0].shape[0]
    outputs = []
    for index in range(length):
        outputs.append(f(tree.pack_sequence_as(xs, [leaf[index] for leaf in leaves])))
    if not outputs:
        raise ValueError("map: `xs` has a leading dimension of 0.")
    return _stack_outputs(outputs)


def vectorized_map(function, elements):
    return map(function, elements)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not isinstance(unroll, (bool, int)):
        raise ValueError(f"scan: `unroll` must be an int or bool; received {unroll!r}.")
    if xs is None:
        if length is None:
            raise ValueError("scan: pass `xs` or `length`; received neither.")
        leaves = []
    else:
        leaves = [to_array(leaf) for leaf in tree.flatten(xs)]
        lengths = {leaf.shape[0] for leaf in leaves}
        if len(lengths) > 1:
            raise ValueError(f"scan: leaves of `xs` have different lengths {sorted(lengths)}.")
        found = lengths.pop() if lengths else 0
        if length is not None and found != length:
            raise ValueError(f"scan: `length`={length} but `xs` has length {found}.")
        length = found
    carry = init
    outputs = []
    order = range(length - 1, -1, -1) if reverse else range(length)
    for index in order:
        x = None if xs is None else tree.pack_sequence_as(xs, [leaf[index] for leaf in leaves])
        carry, y = f(carry, x)
        outputs.append(y)
    if reverse:
        outputs.reverse()
    if not outputs or all(leaf is None for leaf in tree.flatten(outputs[0])):
        return carry, None if not outputs else outputs[0]
    return carry, _stack_outputs(outputs)


def associative_scan(f, elems, reverse=False, axis=0):
    leaves = [to_array(leaf) for leaf in tree.flatten(elems)]
    if not leaves:
        raise ValueError("associative_scan: `elems` must hold at least one tensor.")
    size = leaves[0].shape[axis]
    if reverse:
        leaves = [np.flip(leaf, axis) for leaf in leaves]

    def part(index):
        return tree.pack_sequence_as(elems, [np.take(leaf, [index], axis=axis) for leaf in leaves])

    if size == 0:
        return elems
    accumulated = part(0)
    results = [tree.flatten(accumulated)]
    for index in range(1, size):
        accumulated = f(part(index), accumulated) if reverse else f(accumulated, part(index))
        results.append([to_array(leaf) for leaf in tree.flatten(accumulated)])
    stacked = [np.concatenate(column, axis=axis) for column in zip(*results, strict=False)]
    if reverse:
        stacked = [np.flip(leaf, axis) for leaf in stacked]
    return tree.pack_sequence_as(elems, stacked)


# -- indexing ------------------------------------------------------------------------------
def scatter(indices, values, shape):
    indices = to_array(indices)
    values = to_array(values)
    output = np.zeros(tuple(int(dim) for dim in shape), dtype=values.dtype)
    index = tuple(np.moveaxis(indices, -1, 0))
    np.add.at(output, index, values)
    return output


_REDUCTIONS = {"add": np.add, "max": np.maximum, "min": np.minimum, "mul": np.multiply}


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = to_array(inputs)
    output = np.array(inputs, copy=True)
    indices = to_array(indices)
    updates = to_array(updates).astype(output.dtype, copy=False)
    index = tuple(np.moveaxis(indices, -1, 0))
    if reduction is None:
        output[index] = updates
        return output
    ufunc = _REDUCTIONS.get(reduction)
    if ufunc is None:
        raise ValueError(
            f"scatter_update: `reduction` must be one of None, add, max, min, mul; "
            f"received {reduction!r}."
        )
    ufunc.at(output, index, updates)
    return output


def slice(inputs, start_indices, shape):
    inputs = to_array(inputs)
    starts = [int(value) for value in np.asarray(to_array(start_indices)).reshape(-1)]
    sizes = [int(value) for value in np.asarray(to_array(shape)).reshape(-1)]
    index = []
    for axis, (start, size) in enumerate(zip(starts, sizes, strict=False)):
        dim = inputs.shape[axis]
        size = dim - start if size == -1 else size
        start = builtins.max(0, builtins.min(start, dim - size))
        index.append(builtins.slice(start, start + size))
    return inputs[tuple(index)]


def slice_update(inputs, start_indices, updates):
    inputs = to_array(inputs)
    updates = to_array(updates)
    starts = [int(value) for value in np.asarray(to_array(start_indices)).reshape(-1)]
    output = np.array(inputs, copy=True)
    index = []
    for axis, (start, size) in enumerate(zip(starts, updates.shape, strict=False)):
        start = builtins.max(0, builtins.min(start, inputs.shape[axis] - size))
        index.append(builtins.slice(start, start + size))
    output[tuple(index)] = updates
    return output


def unstack(x, num=None, axis=0):
    x = to_array(x)
    if num is not None and num != x.shape[axis]:
        raise ValueError(
            f"unstack: `num`={num} does not match dimension {x.shape[axis]} of axis {axis}."
        )
    return [np.take(x, index, axis=axis) for index in range(x.shape[axis])]


def stop_gradient(variable):
    if type(variable) is ndarray:
        return variable
    return to_array(variable)


def custom_gradient(f):
    def forward(*args, **kwargs):
        outputs, _ = f(*args, **kwargs)
        return outputs

    return forward


__all__ = gather(globals(), "core")
