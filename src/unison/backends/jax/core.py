"""Core family: conversion, casting, state storage, shape inference, control flow."""

from __future__ import annotations

import builtins
from functools import partial
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unison import dtypes, tree
from unison.backends.contract import gather
from unison.backends.jax._base import (
    JAX_DTYPES,
    ArrayImpl,
    JaxArray,
    convert_to_numpy_leaf,
    convert_to_tensor,
    jax_dtype,
    to_tensor,
)
from unison.symbolic.tensor import TensorSpec


@partial(jax.jit, static_argnums=1)
def _jit_cast(x, target):
    return x.astype(target)


def cast(x: Any, dtype: Any) -> Any:
    target = JAX_DTYPES.get(dtype) if type(dtype) is str else None
    if target is None:
        target = jax_dtype(dtype)
    if type(x) is ArrayImpl:
        if x.dtype == target:
            return x
        return _jit_cast(x, target)
    return convert_to_tensor(x, target)


def dtype(x: Any) -> str:
    if type(x) is ArrayImpl or isinstance(x, JaxArray):
        return x.dtype.name
    return dtypes.standardize_dtype(getattr(x, "dtype", None) or to_tensor(x).dtype)


def is_tensor(x: Any) -> bool:
    return type(x) is ArrayImpl or isinstance(x, JaxArray)


def shape(x: Any) -> tuple:
    found = getattr(x, "shape", None)
    if found is None:
        return tuple(to_tensor(x).shape)
    return tuple(found)


def convert_to_numpy(x: Any) -> np.ndarray:
    if isinstance(x, JaxArray):
        return np.asarray(x)
    value = convert_to_numpy_leaf(x)
    if isinstance(value, (np.ndarray, np.generic)):
        return np.asarray(value)
    return np.asarray(convert_to_tensor(value))


def saturate_cast(x: Any, dtype: Any) -> Any:
    target = jax_dtype(dtype)
    x = to_tensor(x)
    source = x.dtype
    if source == target:
        return x
    if target == np.dtype(bool) or source == np.dtype(bool):
        return x.astype(target)
    in_info = jnp.iinfo(source) if source.kind in "iu" else jnp.finfo(source)
    out_info = jnp.iinfo(target) if target.kind in "iu" else jnp.finfo(target)
    if source.kind == "c":
        x = jnp.real(x)
        source = x.dtype
        in_info = jnp.finfo(source)
    low = builtins.max(float(in_info.min), float(out_info.min))
    high = builtins.min(float(in_info.max), float(out_info.max))
    low_value = np.asarray(low).astype(source)
    high_value = np.asarray(high).astype(source)
    # a bound that rounded beyond the target's range in the source dtype moves back inside
    if float(low_value) < float(out_info.min):
        low_value = np.nextafter(low_value, np.asarray(0, source))
    if float(high_value) > float(out_info.max):
        high_value = np.nextafter(high_value, np.asarray(0, source))
    return jnp.clip(x, low_value, high_value).astype(target)


# -- state ------------------------------------------------------------------------------
def variable_create(value: Any, dtype: Any, trainable: bool, name: str) -> Any:
    if dtype is None:
        return convert_to_tensor(value)
    return convert_to_tensor(value, dtype)


def variable_assign(storage: Any, value: Any) -> Any:
    value = to_tensor(value)
    if value.dtype != storage.dtype:
        value = value.astype(storage.dtype)
    return value


def variable_value(storage: Any) -> Any:
    return storage


# -- shape inference --------------------------------------------------------------------
def _spec_of(value: Any) -> Any:
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return TensorSpec(tuple(int(d) for d in value.shape), value.dtype.name)
    return value


def compute_output_spec(function, args, kwargs):
    structure = (tuple(args), dict(kwargs))
    flat = tree.flatten(structure)
    positions = [i for i, leaf in enumerate(flat) if isinstance(leaf, TensorSpec)]

    def call(*arrays):
        leaves = list(flat)
        for position, array in zip(positions, arrays, strict=True):
            leaves[position] = array
        call_args, call_kwargs = tree.pack_sequence_as(structure, leaves)
        return function(*call_args, **call_kwargs)

    stand_ins = [jax.ShapeDtypeStruct(flat[i].shape, jax_dtype(flat[i].dtype)) for i in positions]
    try:
        outputs = jax.eval_shape(call, *stand_ins)
    except (
        jax.errors.ConcretizationTypeError,
        jax.errors.TracerBoolConversionError,
        jax.errors.TracerIntegerConversionError,
        jax.errors.TracerArrayConversionError,
    ):
        # Data-dependent shapes: run on zeros instead.
        outputs = call(*[jnp.zeros(s.shape, s.dtype) for s in stand_ins])
    return jax.tree_util.tree_map(_spec_of, outputs)


def devices() -> list[str]:
    counts: dict[str, int] = {}
    names = []
    for device in jax.devices():
        index = counts.get(device.platform, 0)
        counts[device.platform] = index + 1
        names.append(f"{device.platform}:{index}")
    return names


# -- indexing ----------------------------------------------------------------------------
def stop_gradient(variable: Any) -> Any:
    return lax.stop_gradient(to_tensor(variable))


def _index_tuple(indices: Any) -> tuple:
    indices = to_tensor(indices)
    if indices.dtype.kind not in "iu":
        raise TypeError(f"indices must be integers; received dtype {indices.dtype.name}.")
    return tuple(jnp.moveaxis(indices, -1, 0))


def scatter(indices: Any, values: Any, shape: Any) -> Any:
    values = to_tensor(values)
    zeros = jnp.zeros(tuple(int(d) for d in shape), values.dtype)
    return zeros.at[_index_tuple(indices)].add(values)


def scatter_update(inputs: Any, indices: Any, updates: Any, reduction: Any = None) -> Any:
    inputs = to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    where = inputs.at[_index_tuple(indices)]
    if reduction is None:
        return where.set(updates)
    methods = {"add": where.add, "max": where.max, "min": where.min, "mul": where.multiply}
    if reduction not in methods:
        raise ValueError(
            f"scatter_update: reduction must be None, 'add', 'max', 'min' or 'mul'; "
            f"received {reduction!r}."
        )
    return methods[reduction](updates)


def _static_or_traced(values: Any) -> Any:
    if isinstance(values, (list, tuple)):
        return [v if isinstance(v, int) else to_tensor(v) for v in values]
    return to_tensor(values)


def slice(inputs: Any, start_indices: Any, shape: Any) -> Any:
    inputs = to_tensor(inputs)
    starts = _static_or_traced(start_indices)
    sizes = []
    for axis, size in enumerate(shape):
        size = int(size)
        if size == -1:
            size = inputs.shape[axis] - int(starts[axis])
        sizes.append(size)
    return lax.dynamic_slice(inputs, starts, sizes)


def slice_update(inputs: Any, start_indices: Any, updates: Any) -> Any:
    inputs = to_tensor(inputs)
    updates = convert_to_tensor(updates, inputs.dtype)
    return lax.dynamic_update_slice(inputs, updates, _static_or_traced(start_indices))


def unstack(x: Any, num: Any = None, axis: int = 0) -> list:
    x = to_tensor(x)
    count = x.shape[axis]
    if num is not None and num != count:
        raise ValueError(
            f"unstack: num={num} does not match the size {count} of axis {axis} (shape {x.shape})."
        )
    return [lax.index_in_dim(x, i, axis, keepdims=False) for i in range(count)]


__all__ = gather(globals(), "core")
