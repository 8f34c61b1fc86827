"""The TensorFlow backend: eager tensors, ``tf.Variable`` storage, ``tf.function`` jit."""

import os

# TensorFlow's C++ logging is noisy at import; keep it quiet unless the user asked otherwise.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from unison.backend import Capabilities  # noqa: E402

CAPABILITIES = Capabilities(
    can_train=True,
    can_jit=True,
    can_distribute=True,
    has_abstract_eval=True,
)


def framework_version() -> str:
    """The installed TensorFlow version."""
    import tensorflow as tf

    return tf.__version__
