"""``unison.ops``: every Keras 3 op, dispatched to the active backend.

Each op checks for symbolic inputs (functional-model construction), normalises a few
arguments (dtype names, ``data_format``) and calls the active backend's function of the same
name. Sub-namespaces mirror Keras: ``unison.ops.nn``, ``unison.ops.numpy``,
``unison.ops.linalg`` and ``unison.ops.image``.

Example:
    >>> import unison
    >>> unison.ops.add([1.0, 2.0], 3.0)   # -> [4., 5.]
    >>> unison.ops.nn.relu([-1.0, 2.0])   # -> [0., 2.]
"""

# ruff: noqa: F403 - each family module lists its ops in __all__
from unison.ops import core, image, linalg, math, nn, numpy
from unison.ops.core import *
from unison.ops.linalg import *
from unison.ops.math import *
from unison.ops.nn import *
from unison.ops.numpy import *

__all__ = ["core", "image", "linalg", "math", "nn", "numpy"]
__all__ += core.__all__
__all__ += math.__all__
__all__ += nn.__all__
__all__ += numpy.__all__
__all__ += linalg.__all__
