"""Step compilation for the one trainer: eager autograd, ``torch.compile`` when asked."""

from __future__ import annotations

from collections.abc import Callable

import torch

__all__ = ["compile_step", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = False, stateful: bool = True
) -> Callable:
    """``run(data) -> logs``: the eager step, or ``torch.compile`` of it when ``jit``."""
    if jit:
        return torch.compile(function)
    return function


def no_grad():
    """Optimizer and metric updates must not record autograd history."""
    return torch.no_grad()
