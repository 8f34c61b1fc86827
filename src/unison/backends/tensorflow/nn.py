"""Neural-network ops (``unison.ops.nn``) on TensorFlow, gathered from the ``nn_*`` modules."""

from unison.backends.tensorflow import nn_activations, nn_attention, nn_conv
from unison.backends.tensorflow.nn_activations import *  # noqa: F403
from unison.backends.tensorflow.nn_attention import *  # noqa: F403
from unison.backends.tensorflow.nn_conv import *  # noqa: F403

__all__ = [*nn_activations.__all__, *nn_attention.__all__, *nn_conv.__all__]
