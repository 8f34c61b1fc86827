"""Control flow and gradient customisation through ``jax.lax``."""

from __future__ import annotations

from typing import Any

import jax
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


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    if not isinstance(unroll, bool) and not isinstance(unroll, int):
        raise ValueError(f"scan: unroll must be a positive int or bool; received {unroll!r}.")
    return lax.scan(f, init, xs=xs, length=length, reverse=reverse, unroll=unroll)


def associative_scan(f, elems, reverse=False, axis=0):
    return lax.associative_scan(f, elems, reverse=reverse, axis=axis)


def map(f, xs):
    return lax.map(f, xs)


def vectorized_map(function, elements):
    return jax.vmap(function)(elements)


def custom_gradient(f):
    """Keras semantics: ``f(*args)`` returns ``(y, grad_fn)``; ``grad_fn(upstream)`` the grads."""
    return jax.custom_gradient(f)
