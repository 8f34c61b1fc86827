"""The numpy family of the JAX backend (re-exported from the numpy_* modules)."""

from unison.backends.contract import gather

__all__ = gather(globals(), "numpy")
