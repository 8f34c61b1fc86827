"""The image family of the JAX backend (re-exported from the image_* modules)."""

from unison.backends.contract import gather

__all__ = gather(globals(), "image")
