"""Layers: the Keras 3 catalogue. Each family lives in its own module.

Example:
    >>> dense = unison.layers.Dense(4, activation="relu")
    >>> dense(np.ones((2, 3), "float32")).shape
"""

from unison.layers.input_layer import Input, InputLayer
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["Input", "InputLayer", "InputSpec", "Layer"]
