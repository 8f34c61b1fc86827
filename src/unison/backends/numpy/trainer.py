"""Step compilation for the one trainer: NumPy runs evaluate / predict steps eagerly."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

__all__ = ["compile_step", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = False, stateful: bool = True
) -> Callable:
    """The step itself: NumPy has no compiler."""
    return function


def no_grad():
    return contextlib.nullcontext()
