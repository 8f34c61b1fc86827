"""Layers: the Keras 3 catalogue. Each family lives in its own module.

Example:
    >>> dense = unison.layers.Dense(4, activation="relu")
    >>> dense(np.ones((2, 3), "float32")).shape
"""

from unison.layers.input_layer import Input, InputLayer
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["Input", "InputLayer", "InputSpec", "Layer"]

from unison.layers import convolutional, normalization, pooling, regularization  # noqa: E402
from unison.layers.convolutional import *  # noqa: E402, F403
from unison.layers.normalization import *  # noqa: E402, F403
from unison.layers.pooling import *  # noqa: E402, F403
from unison.layers.regularization import *  # noqa: E402, F403

__all__ += convolutional.__all__ + normalization.__all__ + pooling.__all__ + regularization.__all__
from unison.layers import activation_layers, core, merging, reshaping  # noqa: E402
from unison.layers.activation_layers import *  # noqa: E402, F403
from unison.layers.core import *  # noqa: E402, F403
from unison.layers.merging import *  # noqa: E402, F403
from unison.layers.reshaping import *  # noqa: E402, F403

__all__ += core.__all__ + activation_layers.__all__ + merging.__all__ + reshaping.__all__

from unison.saving.serialization import register_builtin_module as _register_module  # noqa: E402

_register_module("keras.layers", "unison.layers")
from unison.layers import preprocessing  # noqa: E402
from unison.layers.preprocessing import *  # noqa: E402, F403

__all__ += preprocessing.__all__
from unison.layers import attention, rnn  # noqa: E402
from unison.layers.attention import *  # noqa: E402, F403
from unison.layers.rnn import *  # noqa: E402, F403

__all__ += attention.__all__ + rnn.__all__
