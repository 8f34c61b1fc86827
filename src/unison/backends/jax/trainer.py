"""Step compilation for the one trainer: a pure ``jax.jit`` step over variable values.

The trainer's step code is stateful (it assigns Variables). Here it runs inside a stateless
scope mapping every state Variable to a traced value, so ``jax.jit`` sees a pure function
``(values, data) -> (logs, new values)``; after each call the new values are stored back
into the Variables, so callbacks always see (and may change) the current state.
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

    compiled = jax.jit(pure) if jit else pure

    def run(data: Any) -> Any:
        logs, new_values = compiled([variable.value for variable in variables], data)
        if stateful:
            for variable, value in zip(variables, new_values):
                variable._storage = value
        return logs

    return run


def no_grad():
    """JAX differentiates only inside value_and_grad: nothing to switch off."""
    return contextlib.nullcontext()
