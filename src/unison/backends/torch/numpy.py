"""The numpy family of the torch backend, gathered from the numpy_* modules."""

from unison.backends.contract import gather

__all__ = gather(globals(), "numpy")
