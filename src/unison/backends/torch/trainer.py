"""Step compilation for the one trainer: eager autograd, ``torch.compile`` when asked."""

from __future__ import annotations

from collections.abc import Callable

import torch

__all__ = ["compile_step", "fused_adam", "no_grad"]


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


@torch.no_grad()
def fused_adam(
    variables, grads, momentums, velocities, learning_rate, beta_1, beta_2, epsilon, step
):
    """Adam for many variables at once with in-place multi-tensor kernels.

    Same formula as :class:`unison.optimizers.Adam`; ``step`` is the 1-based step (a tensor).
    """
    params = [variable.value for variable in variables]
    dtype = params[0].dtype
    grads = [g if g.dtype == p.dtype else g.to(p.dtype) for g, p in zip(grads, params)]
    m = [slot.value for slot in momentums]
    v = [slot.value for slot in velocities]
    step = step.to(torch.float32)
    alpha = learning_rate * torch.sqrt(1 - beta_2**step) / (1 - beta_1**step)
    torch._foreach_lerp_(m, grads, 1 - beta_1)
    torch._foreach_mul_(v, beta_2)
    torch._foreach_addcmul_(v, grads, grads, value=1 - beta_2)
    denominators = torch._foreach_sqrt(v)
    torch._foreach_add_(denominators, epsilon)
    updates = torch._foreach_div(m, denominators)
    torch._foreach_mul_(updates, alpha.to(dtype))
    torch._foreach_sub_(params, updates)
