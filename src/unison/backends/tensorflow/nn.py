"""Neural-network ops (``unison.ops.nn``) on TensorFlow, gathered from the ``nn_*`` modules."""

from unison.backends.contract import gather

__all__ = gather(globals(), "nn")
