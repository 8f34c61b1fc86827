"""``unison.ops.nn``: neural-network ops (activations, convolution, pooling, normalization,
losses, attention, encodings, CTC), the same names and arguments as ``keras.ops.nn``.

Example:
    >>> from unison.ops import nn
    >>> nn.relu([-1.0, 2.0])   # -> [0., 2.]
"""

# ruff: noqa: F403 - each topic module defines its __all__
from unison.backends.contract import public_names as _public_names
from unison.ops.nn_activations import *
from unison.ops.nn_conv import *
from unison.ops.nn_misc import *

__all__ = _public_names("nn")
