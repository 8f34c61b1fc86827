"""Gradients with ``torch.autograd`` and opt-in compilation with ``torch.compile``."""

from __future__ import annotations

import torch

from unison import tree
from unison.backends.contract import gather
from unison.backends.torch._base import INEXACT_DTYPES, Tensor, convert_to_tensor


def _leaf(value):
    # A detached view shares storage with ``value`` (no copy); it becomes a fresh autograd
    # leaf, so gradients never flow into the caller's tensors.
    leaf = convert_to_tensor(value).detach()
    if leaf.dtype in INEXACT_DTYPES:
        leaf.requires_grad_(True)
    return leaf


def _plain(value):
    if isinstance(value, Tensor):
        return value.detach()
    return value


def value_and_grad(function, argnums=0, has_aux=False):
    """``f(*args) -> (value, grads)``; with ``has_aux`` ``((value, aux), grads)``.

    ``argnums`` is an int or a tuple of ints; each differentiated argument may be a pytree
    of tensors. Gradients are returned as plain (detached) tensors with the argument's
    structure; a tuple of them when ``argnums`` is a tuple.
    """
    single = isinstance(argnums, int)
    positions = (argnums,) if single else tuple(argnums)

    def wrapped(*args, **kwargs):
        args = list(args)
        flat_leaves = []
        for position in positions:
            if position >= len(args):
                raise ValueError(
                    f"value_and_grad: argnums={argnums} but the function got {len(args)} "
                    "positional arguments."
                )
            converted = tree.map_structure(_leaf, args[position])
            args[position] = converted
            flat_leaves.append(tree.flatten(converted))
        with torch.enable_grad():
            output = function(*args, **kwargs)
            value, aux = (output[0], output[1]) if has_aux else (output, None)
            if not isinstance(value, Tensor):
                value = convert_to_tensor(value)
            if value.numel() != 1:
                raise ValueError(
                    "value_and_grad: the function must return a scalar to differentiate; "
                    f"received shape {tuple(value.shape)}."
                )
            inputs = [leaf for leaves in flat_leaves for leaf in leaves if leaf.requires_grad]
            if inputs and value.requires_grad:
                grads = torch.autograd.grad(value, inputs, allow_unused=True)
            else:
                grads = [None] * len(inputs)
        found = iter(grads)
        results = []
        for position, leaves in zip(positions, flat_leaves, strict=False):
            grads_here = []
            for leaf in leaves:
                gradient = next(found) if leaf.requires_grad else None
                if gradient is None:
                    gradient = torch.zeros_like(leaf.detach())
                grads_here.append(gradient)
            results.append(tree.pack_sequence_as(args[position], grads_here))
        gradient_result = results[0] if single else tuple(results)
        value = value.detach()
        if has_aux:
            return (value, tree.map_structure(_plain, aux)), gradient_result
        return value, gradient_result

    return wrapped


def grad(function, argnums=0, has_aux=False):
    """Gradient of a scalar ``function``; with ``has_aux`` returns ``(grads, aux)``."""
    both = value_and_grad(function, argnums=argnums, has_aux=has_aux)

    def wrapped(*args, **kwargs):
        if has_aux:
            (_, aux), grads = both(*args, **kwargs)
            return grads, aux
        return both(*args, **kwargs)[1]

    return wrapped


def jit(function, static_argnums=()):
    """Compile ``function`` with ``torch.compile`` (opt in; eager execution is the default).

    Compilation happens on the first call and may take seconds; ``static_argnums`` is
    accepted for API parity (torch.compile specialises on Python values itself).
    """
    return torch.compile(function)


__all__ = gather(globals(), "autodiff")
