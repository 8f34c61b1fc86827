"""Step compilation for the one trainer: a pure ``jax.jit`` step over variable values.

The trainer's step code is stateful (it assigns Variables). Here it runs inside a stateless
scope mapping every state Variable to a traced value, so ``jax.jit`` sees a pure function
``(values, data) -> (logs, new values)``; after each call the new values are stored back
into the Variables, so callbacks always see (and may change) the current state.

Compiled stateful steps donate the state buffers to XLA (as Keras 3 does), so new values are
written in place instead of into fresh allocations. Only buffers the step itself produced are
donated: a value that came from elsewhere (the first step, a callback's ``assign``, arrays
shared with user code) is copied first, so no caller-held array is ever invalidated, except an
array read from ``variable.value`` during training, which is the step's own buffer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import jax

from unison.state.variable import stateless_scope

__all__ = ["compile_step", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = True, stateful: bool = True
) -> Callable:
    """``run(data) -> logs``; ``function(data)`` may assign any of ``state_variables``."""
    variables = list(state_variables)

    def pure(values: list, data: Any):
        with stateless_scope(dict(zip(variables, values))) as scope:
            logs = function(data)
            new_values = [scope.get(variable) for variable in variables] if stateful else None
        return logs, new_values

    donate = jit and stateful
    if not jit:
        compiled = pure
    elif donate:
        compiled = jax.jit(pure, donate_argnums=0)
    else:
        compiled = jax.jit(pure)
    owned: dict[int, Any] = {}  # id -> buffer produced by the previous call (kept alive)

    def run(data: Any) -> Any:
        values = [variable.value for variable in variables]
        if donate:
            values = _donatable(values, owned)
        logs, new_values = compiled(values, data)
        if stateful:
            for variable, value in zip(variables, new_values):
                variable._storage = value
        if donate:
            owned.clear()
            owned.update((id(value), value) for value in new_values)
        return logs

    return run


def _donatable(values: list, owned: dict) -> list:
    """``values`` with a private copy of every buffer this step did not produce itself, and
    of any buffer held by two Variables (a buffer can be donated once)."""
    seen: set[int] = set()
    foreign = []
    for index, value in enumerate(values):
        if owned.get(id(value)) is not value or id(value) in seen:
            foreign.append(index)
        seen.add(id(value))
    if foreign:
        # a plain buffer copy (device_put compiles nothing, unlike jnp.array(copy=True))
        copies = jax.device_put([values[index] for index in foreign], may_alias=False)
        values = list(values)
        for index, copy in zip(foreign, copies):
            values[index] = copy
    return values


def no_grad():
    """JAX differentiates only inside value_and_grad: nothing to switch off."""
    return contextlib.nullcontext()
