"""Control flow and gradient customisation through ``jax.lax``."""

from __future__ import annotations

from typing import Any

import jax
import jax.numpy as jnp
from jax import lax


def cond(pred: Any, true_fn, false_fn) -> Any:
    return lax.cond(pred, true_fn, false_fn)


def switch(index: Any, branches, *operands: Any) -> Any:
    return lax.switch(index, branches, *operands)


def while_loop(cond, body, loop_vars, maximum_iterations=None):
    is_sequence = isinstance(loop_vars, (list, tuple))
    state = tuple(loop_vars) if is_sequence else (loop_vars,)

    def as_tuple(outputs):
        if is_sequence:
            return tuple(outputs)
        return (outputs,)

    if maximum_iterations is None:
        final = lax.while_loop(lambda s: cond(*s), lambda s: as_tuple(body(*s)), state)
    else:
        limit = maximum_iterations

        def limited_cond(s):
            return lax.bitwise_and(cond(*s[0]), s[1] < limit)

        def limited_body(s):
            return as_tuple(body(*s[0])), s[1] + 1

        final, _ = lax.while_loop(limited_cond, limited_body, (state, 0))
    if is_sequence:
        return type(loop_vars)(final) if isinstance(loop_vars, list) else final
    return final[0]


def fori_loop(lower, upper, body_fun, init_val):
    return lax.fori_loop(lower, upper, body_fun, init_val)


def _is_traced(tree_value) -> bool:
    return any(isinstance(leaf, jax.core.Tracer) for leaf in jax.tree_util.tree_leaves(tree_value))


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not isinstance(unroll, bool) and not isinstance(unroll, int):
        raise ValueError(f"scan: unroll must be a positive int or bool; received {unroll!r}.")
    if _is_traced((init, xs)):
        return lax.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)
    # Eager call: lax.scan would trace and compile ``f`` again on every call (a new closure
    # each time, e.g. an RNN layer's step); running the steps directly is much faster.
    return _eager_scan(f, init, xs, length, reverse)


def _eager_scan(f, init, xs, length, reverse):
    leaves = jax.tree_util.tree_leaves(xs)
    if length is None:
        if not leaves:
            raise ValueError("scan: pass `xs` or `length`.")
        length = leaves[0].shape[0]
    steps = range(length - 1, -1, -1) if reverse else range(length)
    carry, outputs = init, [None] * length
    for index in steps:
        x = None if xs is None else jax.tree_util.tree_map(lambda leaf, i=index: leaf[i], xs)
        carry, outputs[index] = f(carry, x)
    if length == 0 or outputs[0] is None:
        return carry, None
    stacked = jax.tree_util.tree_map(lambda *parts: jnp.stack(parts), *outputs)
    return carry, stacked


def associative_scan(f, elems, reverse=False, axis=0):
    return lax.associative_scan(f, elems, reverse=reverse, axis=axis)


def map(f, xs):
    return lax.map(f, xs)


def vectorized_map(function, elements):
    return jax.vmap(function)(elements)


def custom_gradient(f):
    """Keras semantics: ``f(*args)`` returns ``(y, grad_fn)``; ``grad_fn(upstream)`` the grads."""
    return jax.custom_gradient(f)
