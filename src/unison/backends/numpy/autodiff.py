"""Differentiation and compilation: the NumPy backend does neither."""

from __future__ import annotations

from unison.backends.contract import gather

_MESSAGE = (
    "The numpy backend cannot differentiate: it is an inference-only backend. "
    "Use jax, torch or tensorflow to compute gradients (e.g. "
    "`unison.config.set_backend('jax')` or `with unison.backend.use('torch'):`)."
)


def value_and_grad(function, argnums=0, has_aux=False):
    raise NotImplementedError(_MESSAGE)


def grad(function, argnums=0, has_aux=False):
    raise NotImplementedError(_MESSAGE)


def jit(function, static_argnums=()):
    return function


__all__ = gather(globals(), "autodiff")
