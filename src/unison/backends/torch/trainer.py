"""Step compilation for the one trainer: eager autograd, ``torch.compile`` when asked."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import torch

from unison import tree
from unison.backends.torch._base import convert_to_tensor

__all__ = ["compile_step", "fused_adam", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = False, stateful: bool = True
) -> Callable:
    """``run(data) -> logs``: the eager step, or ``torch.compile`` of it when ``jit``.

    NumPy leaves of the batch become tensors first (zero-copy on the CPU), so steps written
    with Python operators (``y_pred - y``) see torch tensors, as in Keras."""
    step = torch.compile(function) if jit else function

    def run(data):
        return step(tree.map_structure(_to_tensor, data))

    return run


def _to_tensor(value):
    return convert_to_tensor(value) if isinstance(value, np.ndarray) else value


def no_grad():
    """Optimizer and metric updates must not record autograd history."""
    return torch.no_grad()


def _host_float(value) -> float | None:
    """``value`` as a Python float when reading it costs no device sync, else None."""
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, torch.Tensor) and value.device.type == "cpu" and value.numel() == 1:
        return float(value)
    return None


@torch.no_grad()
def fused_adam(
    variables, grads, momentums, velocities, learning_rate, beta_1, beta_2, epsilon, iterations
):
    """Adam for many variables at once with in-place multi-tensor kernels.

    Same formula as :class:`unison.optimizers.Adam`; ``iterations`` counts the steps taken
    before this one. On the CPU the bias-corrected step size is computed in Python (as
    ``torch.optim.Adam`` does); on a device it stays a tensor, so no step waits on the device.
    """
    params = [variable.value for variable in variables]
    dtype = params[0].dtype
    grads = [g if g.dtype == p.dtype else g.to(p.dtype) for g, p in zip(grads, params)]
    m = [slot.value for slot in momentums]
    v = [slot.value for slot in velocities]
    torch._foreach_lerp_(m, grads, 1 - beta_1)
    torch._foreach_mul_(v, beta_2)
    torch._foreach_addcmul_(v, grads, grads, value=1 - beta_2)
    denominators = torch._foreach_sqrt(v)
    torch._foreach_add_(denominators, epsilon)
    step = _host_float(iterations)
    rate = _host_float(learning_rate)
    if step is not None and rate is not None:
        step += 1
        alpha = rate * math.sqrt(1 - beta_2**step) / (1 - beta_1**step)
        torch._foreach_addcdiv_(params, m, denominators, value=-alpha)
        return
    step = iterations.to(torch.float32) + 1
    alpha = learning_rate * torch.sqrt(1 - beta_2**step) / (1 - beta_1**step)
    torch._foreach_div_(denominators, (-alpha).to(dtype))  # params += m / (denominators / -alpha)
    torch._foreach_addcdiv_(params, m, denominators)
