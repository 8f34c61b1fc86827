"""NumPy-style ops (``unison.ops.numpy``) on TensorFlow, gathered from the ``np_*`` modules."""

from unison.backends.contract import gather

__all__ = gather(globals(), "numpy", topics="np_")
