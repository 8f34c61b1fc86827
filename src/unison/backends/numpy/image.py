"""``unison.ops.image`` on NumPy arrays (re-exported from the image_* modules)."""

from unison.backends.contract import gather

__all__ = gather(globals(), "image")
