"""Control flow for the torch backend: eager Python loops (torch runs eagerly)."""

from __future__ import annotations

import builtins

import torch

from unison import tree
from unison.backends.torch._base import Tensor, convert_to_tensor


def cond(pred, true_fn, false_fn):
    if isinstance(pred, Tensor):
        pred = bool(pred.item()) if pred.device.type != "meta" else True
    return true_fn() if pred else false_fn()


def switch(index, branches, *operands):
    if isinstance(index, Tensor):
        index = int(index.item())
    index = builtins.max(0, builtins.min(int(index), len(branches) - 1))
    return branches[index](*operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)
    state = tree.map_structure(_as_tensor, state)
    count = 0
    while maximum_iterations is None or count < int(maximum_iterations):
        keep_going = cond(*state)
        if isinstance(keep_going, Tensor):
            keep_going = bool(keep_going.item())
        if not keep_going:
            break
        state = body(*state)
        if not isinstance(state, (tuple, list)):
            state = (state,)
        state = tuple(state)
        count += 1
    return state if is_sequence else state[0]


def _as_tensor(value):
    if isinstance(value, (int, float, bool)) or not isinstance(value, Tensor):
        try:
            return convert_to_tensor(value)
        except TypeError:
            return value
    return value


def fori_loop(lower, upper, body_fun, init_val):
    value = init_val
    for index in range(int(lower), int(upper)):
        value = body_fun(index, value)
    return value


def _stack_tree(outputs, template):
    leaves = [tree.flatten(o) for o in outputs]
    stacked = [
        torch.stack([convert_to_tensor(row[i]) for row in leaves]) for i in range(len(leaves[0]))
    ]
    return tree.pack_sequence_as(template, stacked)


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if xs is None:
        if length is None:
            raise ValueError("scan: pass `xs` or `length`; both were None.")
        steps = int(length)
        flat_xs = None
    else:
        flat_xs = [convert_to_tensor(x) for x in tree.flatten(xs)]
        steps = int(flat_xs[0].shape[0]) if flat_xs else int(length)
        if length is not None and int(length) != steps:
            raise ValueError(
                f"scan: `length` ({length}) does not match the leading dimension of `xs` ({steps})."
            )
    carry = init
    outputs = []
    order = range(steps - 1, -1, -1) if reverse else range(steps)
    for index in order:
        x = None if flat_xs is None else tree.pack_sequence_as(xs, [x[index] for x in flat_xs])
        carry, y = f(carry, x)
        outputs.append(y)
    if reverse:
        outputs.reverse()
    if not outputs:
        return carry, None
    if outputs[0] is None:
        return carry, None
    return carry, _stack_tree(outputs, outputs[0])


def map(f, xs):
    flat = [convert_to_tensor(x) for x in tree.flatten(xs)]
    steps = int(flat[0].shape[0])
    outputs = [f(tree.pack_sequence_as(xs, [x[i] for x in flat])) for i in range(steps)]
    if not outputs:
        raise ValueError("map: `xs` has a leading dimension of 0; cannot infer the output.")
    return _stack_tree(outputs, outputs[0])


def associative_scan(f, elems, reverse=False, axis=0):
    flat = [convert_to_tensor(e) for e in tree.flatten(elems)]
    if not flat:
        return elems
    ndim = flat[0].ndim
    axis = axis % ndim
    if reverse:
        flat = [torch.flip(e, (axis,)) for e in flat]
    length = int(flat[0].shape[axis])

    def call(left, right):
        out = f(tree.pack_sequence_as(elems, left), tree.pack_sequence_as(elems, right))
        return [convert_to_tensor(o) for o in tree.flatten(out)]

    offset = 1
    while offset < length:
        earlier = [e.narrow(axis, 0, length - offset) for e in flat]
        later = [e.narrow(axis, offset, length - offset) for e in flat]
        combined = call(earlier, later)
        flat = [
            torch.cat([e.narrow(axis, 0, offset), c.to(e.dtype)], dim=axis)
            for e, c in zip(flat, combined, strict=False)
        ]
        offset *= 2
    if reverse:
        flat = [torch.flip(e, (axis,)) for e in flat]
    return tree.pack_sequence_as(elems, flat)


def vectorized_map(function, elements):
    structure = elements
    flat = [convert_to_tensor(e) for e in tree.flatten(elements)]
    batched = tree.pack_sequence_as(structure, flat)
    try:
        return torch.func.vmap(function)(batched)
    except Exception:  # noqa: BLE001 - data-dependent functions cannot be vmapped
        return map(function, batched)
