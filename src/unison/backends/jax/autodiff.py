"""Differentiation and compilation for the JAX backend."""

from __future__ import annotations

import jax

from unison.backends.contract import gather


def value_and_grad(function, argnums=0, has_aux=False):
    """``function``'s value and gradient w.r.t. ``argnums`` (pytrees of tensors allowed)."""
    return jax.value_and_grad(function, argnums=argnums, has_aux=has_aux)


def grad(function, argnums=0, has_aux=False):
    return jax.grad(function, argnums=argnums, has_aux=has_aux)


def jit(function, static_argnums=()):
    return jax.jit(function, static_argnums=static_argnums)


__all__ = gather(globals(), "autodiff")
