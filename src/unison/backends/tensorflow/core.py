"""Tensors, Variable storage, shape inference and control flow on TensorFlow."""

import builtins

import numpy as np
import tensorflow as tf

from unison import tree
from unison.backends.contract import gather
from unison.backends.tensorflow._base import (
    HALF,
    NAME_TO_TF,
    TF_TO_NAME,
    EagerTensor,
    convert_to_tensor,
    pair,
    tf_dtype,
)
from unison.backends.tensorflow._base import convert_to_numpy as convert_to_numpy
from unison.symbolic.tensor import TensorSpec


def is_tensor(x):
    return tf.is_tensor(x)


def dtype(x):
    if type(x) is EagerTensor:
        return TF_TO_NAME[x.dtype]
    return TF_TO_NAME[convert_to_tensor(x).dtype]


def shape(x):
    if not isinstance(x, (tf.Tensor, tf.Variable)):
        x = convert_to_tensor(x)
    dims = x.shape.as_list()
    if None in dims:
        dynamic = tf.shape(x)
        return tuple(dim if dim is not None else dynamic[i] for i, dim in enumerate(dims))
    return tuple(dims)


def cast(x, dtype):
    target = NAME_TO_TF.get(dtype) or tf_dtype(dtype)
    if type(x) is EagerTensor:
        return x if x.dtype is target else tf.cast(x, target)
    x = convert_to_tensor(x)
    if x.dtype == target:
        return tf.identity(x) if isinstance(x, tf.Variable) else x
    return tf.cast(x, target)


def saturate_cast(x, dtype):
    target = tf_dtype(dtype)
    x = convert_to_tensor(x)
    source = x.dtype
    if source == target:
        return x
    if source in HALF:
        x = tf.cast(x, tf.float32)
    if target.is_integer or target == tf.bool or source.is_integer:
        low = max(float(target.min), float(x.dtype.min)) if target != tf.bool else 0
        high = min(float(target.max), float(x.dtype.max)) if target != tf.bool else 1
        if x.dtype.is_integer:
            low, high = int(low), int(high)
            if x.dtype.is_unsigned:
                low = builtins.max(low, 0)
        x = tf.clip_by_value(x, tf.cast(low, x.dtype), tf.cast(high, x.dtype))
        return tf.cast(x, target)
    return tf.dtypes.saturate_cast(x, target)


# -- Variable storage ---------------------------------------------------------------------


def variable_create(value, dtype, trainable, name):
    value = convert_to_tensor(value, dtype)
    if isinstance(value, tf.Variable):
        value = value.read_value()
    if type(value) is EagerTensor or tf.executing_eagerly():
        with tf.init_scope():
            return tf.Variable(value, trainable=trainable, name=name)
    return tf.Variable(value, trainable=trainable, name=name)


def variable_assign(storage, value):
    storage.assign(value)
    return storage


def variable_value(storage):
    return storage


def devices():
    return [device.name for device in tf.config.list_logical_devices()]


# -- abstract evaluation ------------------------------------------------------------------


def _to_spec(value):
    if isinstance(value, (tf.Tensor, tf.Variable)):
        return TensorSpec(tuple(value.shape.as_list()), TF_TO_NAME[value.dtype])
    return value


def compute_output_spec(function, args, kwargs=None):
    kwargs = kwargs or {}
    structure = (args, kwargs)
    flat = tree.flatten(structure)
    slots = [index for index, leaf in enumerate(flat) if isinstance(leaf, TensorSpec)]
    try:
        graph = tf.Graph()
        with graph.as_default():
            filled = list(flat)
            for index in slots:
                spec = flat[index]
                filled[index] = tf.compat.v1.placeholder(NAME_TO_TF[spec.dtype], shape=spec.shape)
            call_args, call_kwargs = tree.pack_sequence_as(structure, filled)
            outputs = function(*call_args, **call_kwargs)
            return tree.map_structure(_to_spec, outputs)
    except Exception:  # noqa: BLE001 - some functions need concrete values; run them instead
        pass
    filled = list(flat)
    for index in slots:
        spec = flat[index]
        filled[index] = tf.zeros(spec.shape, NAME_TO_TF[spec.dtype])
    call_args, call_kwargs = tree.pack_sequence_as(structure, filled)
    outputs = function(*call_args, **call_kwargs)
    return tree.map_structure(_to_spec, outputs)


# -- control flow -------------------------------------------------------------------------


def cond(pred, true_fn, false_fn):
    if isinstance(pred, (bool, np.bool_)) or (type(pred) is EagerTensor and tf.executing_eagerly()):
        return true_fn() if bool(pred) else false_fn()
    return tf.cond(convert_to_tensor(pred), true_fn, false_fn)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (list, tuple))
    values = tuple(loop_vars) if is_sequence else (loop_vars,)

    def body_function(*args):
        outputs = body(*args)
        return tuple(outputs) if is_sequence else (outputs,)

    values = tree.map_structure(convert_to_tensor, values)
    outputs = tf.while_loop(cond, body_function, values, maximum_iterations=maximum_iterations)
    if not is_sequence:
        return outputs[0]
    return type(loop_vars)(outputs) if isinstance(loop_vars, list) else tuple(outputs)


def fori_loop(lower, upper, body_fun, init_val):
    if isinstance(lower, int) and isinstance(upper, int) and tf.executing_eagerly():
        value = init_val
        for index in range(lower, upper):
            value = body_fun(index, value)
        return value

    def loop_body(index, value):
        return index + 1, body_fun(index, value)

    lower = convert_to_tensor(lower, "int32") if not tf.is_tensor(lower) else lower
    _, result = while_loop(lambda index, value: index < upper, loop_body, (lower, init_val))
    return result


def _length_of(xs_flat, length):
    if length is not None:
        return length
    if not xs_flat:
        raise ValueError("scan: pass `xs` or `length`; received xs=None and length=None.")
    dim = xs_flat[0].shape[0]
    return dim if dim is not None else tf.shape(xs_flat[0])[0]


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    xs_flat = [convert_to_tensor(x) for x in tree.flatten(xs)] if xs is not None else []
    steps = _length_of(xs_flat, length)

    def element(index):
        if xs is None:
            return None
        return tree.pack_sequence_as(xs, [x[index] for x in xs_flat])

    if tf.executing_eagerly() and isinstance(steps, int):
        carry = init
        outputs = [None] * steps
        order = range(steps - 1, -1, -1) if reverse else range(steps)
        for index in order:
            carry, y = f(carry, element(index))
            outputs[index] = y
        if steps == 0 or outputs[0] is None:
            return carry, None
        stacked = [
            tf.stack([convert_to_tensor(leaf) for leaf in leaves])
            for leaves in zip(*[tree.flatten(y) for y in outputs], strict=False)
        ]
        return carry, tree.pack_sequence_as(outputs[0], stacked)
    return _graph_scan(f, init, xs, xs_flat, steps, reverse, element)


def _graph_scan(f, init, xs, xs_flat, steps, reverse, element):
    init_flat = [convert_to_tensor(leaf) for leaf in tree.flatten(init)]
    _, probe = f(init, element(0))
    probe_flat = [convert_to_tensor(leaf) for leaf in tree.flatten(probe)]
    arrays = [
        tf.TensorArray(leaf.dtype, size=steps, element_shape=leaf.shape) for leaf in probe_flat
    ]

    def body(index, carry_flat, arrays):
        position = steps - 1 - index if reverse else index
        carry = tree.pack_sequence_as(init, list(carry_flat))
        new_carry, y = f(carry, element(position))
        new_carry_flat = [
            tf.cast(convert_to_tensor(leaf), old.dtype)
            for leaf, old in zip(tree.flatten(new_carry), init_flat, strict=False)
        ]
        arrays = [
            array.write(position, convert_to_tensor(leaf))
            for array, leaf in zip(arrays, tree.flatten(y), strict=False)
        ]
        return index + 1, new_carry_flat, arrays

    _, carry_flat, arrays = tf.while_loop(
        lambda index, *_: index < steps, body, (tf.constant(0), init_flat, arrays)
    )
    carry = tree.pack_sequence_as(init, list(carry_flat))
    if probe is None:
        return carry, None
    return carry, tree.pack_sequence_as(probe, [array.stack() for array in arrays])


def _slice_along(x, start, stop, step, axis):
    return x[(builtins.slice(None),) * axis + (builtins.slice(start, stop, step),)]


def _interleave(even, odd, axis):
    even_size = even.shape[axis]
    odd_size = odd.shape[axis]
    if odd_size < even_size:
        padding = [[0, 0]] * len(odd.shape)
        padding[axis] = [0, 1]
        odd = tf.pad(odd, padding)
    stacked = tf.stack([even, odd], axis=axis + 1)
    new_shape = tf.concat(
        [tf.shape(even)[:axis], [even_size + even_size], tf.shape(even)[axis + 1 :]], 0
    )
    merged = tf.reshape(stacked, new_shape)
    return _slice_along(merged, 0, even_size + odd_size, None, axis)


def associative_scan(f, elems, reverse=False, axis=0):
    flat = [convert_to_tensor(leaf) for leaf in tree.flatten(elems)]
    if not flat:
        return elems
    axis = axis + len(flat[0].shape) if axis < 0 else axis
    if reverse:
        flat = [tf.reverse(leaf, [axis]) for leaf in flat]

    def combine(first, second):
        result = f(tree.pack_sequence_as(elems, first), tree.pack_sequence_as(elems, second))
        return [convert_to_tensor(leaf) for leaf in tree.flatten(result)]

    def run(values):
        size = values[0].shape[axis]
        if size is None:
            raise ValueError("associative_scan needs a static size along `axis`.")
        if size < 2:
            return values
        reduced = combine(
            [_slice_along(v, 0, -1, 2, axis) for v in values],
            [_slice_along(v, 1, None, 2, axis) for v in values],
        )
        odd = run(reduced)
        if size % 2 == 0:
            even = combine(
                [_slice_along(v, 0, -1, None, axis) for v in odd],
                [_slice_along(v, 2, None, 2, axis) for v in values],
            )
        else:
            even = combine(odd, [_slice_along(v, 2, None, 2, axis) for v in values])
        even = [
            tf.concat([_slice_along(v, 0, 1, None, axis), e], axis=axis)
            for v, e in zip(values, even, strict=False)
        ]
        return [_interleave(e, o, axis) for e, o in zip(even, odd, strict=False)]

    result = run(flat)
    if reverse:
        result = [tf.reverse(leaf, [axis]) for leaf in result]
    return tree.pack_sequence_as(elems, result)


def map(f, xs):
    xs_flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
    count = xs_flat[0].shape[0]

    def element(index):
        return tree.pack_sequence_as(xs, [x[index] for x in xs_flat])

    if tf.executing_eagerly() and count is not None:
        outputs = [f(element(index)) for index in range(count)]
        if count == 0:
            raise ValueError("map: `xs` has no elements along its first axis.")
        stacked = [
            tf.stack([convert_to_tensor(leaf) for leaf in leaves])
            for leaves in zip(*[tree.flatten(out) for out in outputs], strict=False)
        ]
        return tree.pack_sequence_as(outputs[0], stacked)
    probe = f(element(0))
    signature = [
        tf.TensorSpec(convert_to_tensor(leaf).shape, convert_to_tensor(leaf).dtype)
        for leaf in tree.flatten(probe)
    ]
    result = tf.map_fn(
        lambda flat: [
            convert_to_tensor(leaf)
            for leaf in tree.flatten(f(tree.pack_sequence_as(xs, list(flat))))
        ],
        xs_flat,
        fn_output_signature=signature,
    )
    return tree.pack_sequence_as(probe, list(result))


def switch(index, branches, *operands):
    last = len(branches) - 1
    if isinstance(index, (int, np.integer)) or (
        type(index) is EagerTensor and tf.executing_eagerly()
    ):
        position = builtins.min(builtins.max(int(index), 0), last)
        return branches[position](*operands)
    index = tf.clip_by_value(convert_to_tensor(index, "int32"), 0, last)
    return tf.switch_case(index, [lambda b=b: b(*operands) for b in branches])


def vectorized_map(function, elements):
    elements = tree.map_structure(convert_to_tensor, elements)
    return tf.vectorized_map(function, elements)


def custom_gradient(f):
    decorated = tf.custom_gradient(f)

    def wrapper(*args, **kwargs):
        args = [
            convert_to_tensor(arg) if isinstance(arg, (np.ndarray, list, float)) else arg
            for arg in args
        ]
        return decorated(*args, **kwargs)

    wrapper.__name__ = getattr(f, "__name__", "custom_gradient")
    wrapper.__doc__ = getattr(f, "__doc__", None)
    return wrapper


def stop_gradient(variable):
    return tf.stop_gradient(convert_to_tensor(variable))


def unstack(x, num=None, axis=0):
    return tf.unstack(convert_to_tensor(x), num=num, axis=axis)


# -- scatter and slices -------------------------------------------------------------------

_NO_SCATTER_KERNEL = frozenset((tf.bool, tf.uint16, tf.uint32, tf.uint64))


def _index_tensor(indices):
    indices = convert_to_tensor(indices)
    if not indices.dtype.is_integer:
        raise TypeError(f"Scatter indices must be integers; received dtype {indices.dtype.name}.")
    if indices.dtype not in (tf.int32, tf.int64):
        indices = tf.cast(indices, tf.int32)
    return indices


def scatter(indices, values, shape):
    indices = _index_tensor(indices)
    values = convert_to_tensor(values)
    shape = convert_to_tensor(shape, indices.dtype)
    source = values.dtype
    if source in _NO_SCATTER_KERNEL or source in HALF:
        wide = tf.float32 if source in HALF else tf.int64
        if source == tf.bool:
            wide = tf.int32
        result = tf.scatter_nd(indices, tf.cast(values, wide), shape)
        if source == tf.bool:
            result = result > 0
        return tf.cast(result, source)
    return tf.scatter_nd(indices, values, shape)


def scatter_update(inputs, indices, updates, reduction=None):
    inputs = convert_to_tensor(inputs)
    indices = _index_tensor(indices)
    updates = cast(updates, TF_TO_NAME[inputs.dtype])
    if reduction is None:
        return tf.tensor_scatter_nd_update(inputs, indices, updates)
    if reduction == "add":
        return tf.tensor_scatter_nd_add(inputs, indices, updates)
    if reduction == "max":
        return tf.tensor_scatter_nd_max(inputs, indices, updates)
    if reduction == "min":
        return tf.tensor_scatter_nd_min(inputs, indices, updates)
    if reduction == "mul":
        depth = indices.shape[-1]
        dims = tf.shape(inputs, out_type=indices.dtype)[:depth]
        strides = tf.math.cumprod(dims, exclusive=True, reverse=True)
        flat_ids = tf.reduce_sum(indices * strides, axis=-1)
        unique_ids, segments = tf.unique(flat_ids)
        products = tf.math.unsorted_segment_prod(
            updates, segments, num_segments=tf.shape(unique_ids)[0]
        )
        targets = tf.gather(
            indices,
            tf.math.unsorted_segment_min(
                tf.range(tf.shape(flat_ids)[0]), segments, tf.shape(unique_ids)[0]
            ),
        )
        current = tf.gather_nd(inputs, targets)
        return tf.tensor_scatter_nd_update(inputs, targets, current * products)
    raise ValueError(
        f"scatter_update: `reduction` must be None, 'add', 'max', 'min' or 'mul'; "
        f"received {reduction!r}."
    )


def slice(inputs, start_indices, shape):
    inputs = convert_to_tensor(inputs)
    return tf.slice(inputs, start_indices, shape)


def slice_update(inputs, start_indices, updates):
    inputs, updates = pair(inputs, updates)
    rank = len(inputs.shape)
    start = convert_to_tensor(start_indices)
    if start.dtype not in (tf.int32, tf.int64):
        start = tf.cast(start, tf.int32)
    input_shape = tf.shape(inputs, out_type=start.dtype)
    update_shape = tf.shape(updates, out_type=start.dtype)
    # Like XLA's dynamic_update_slice, starts are clamped so the update fits.
    start = tf.clip_by_value(start, tf.zeros_like(start), input_shape - update_shape)
    return tf.raw_ops.TensorStridedSliceUpdate(
        input=inputs,
        begin=start,
        end=start + update_shape,
        strides=tf.ones([rank], start.dtype),
        value=updates,
    )


__all__ = gather(globals(), "core")
