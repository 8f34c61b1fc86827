"""The nn family of the JAX backend (re-exported from the nn_* modules)."""

from unison.backends.contract import gather

__all__ = gather(globals(), "nn")
