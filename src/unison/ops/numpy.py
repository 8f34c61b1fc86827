"""``unison.ops.numpy``: NumPy-style tensor functions, the names and arguments of
``keras.ops.numpy`` (plus ``rearrange``).

Example:
    >>> from unison.ops import numpy as unp
    >>> unp.sum(unp.arange(4))   # -> 6
"""

# ruff: noqa: F403 - each topic module defines its __all__
from unison.backends.contract import public_names as _public_names
from unison.ops.numpy_binary import *
from unison.ops.numpy_create import *
from unison.ops.numpy_index import *
from unison.ops.numpy_linear import *
from unison.ops.numpy_logic import *
from unison.ops.numpy_misc import *
from unison.ops.numpy_reduce import *
from unison.ops.numpy_shape import *
from unison.ops.numpy_unary import *

__all__ = _public_names("numpy")
