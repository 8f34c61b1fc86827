"""NumPy-style ops (``unison.ops.numpy``) on TensorFlow, gathered from the ``np_*`` modules."""

from unison.backends.tensorflow import (
    np_arith,
    np_create,
    np_extra,
    np_index,
    np_linear,
    np_reduce,
    np_shape,
    np_sort,
    np_unary,
)
from unison.backends.tensorflow.np_arith import *  # noqa: F403
from unison.backends.tensorflow.np_create import *  # noqa: F403
from unison.backends.tensorflow.np_extra import *  # noqa: F403
from unison.backends.tensorflow.np_index import *  # noqa: F403
from unison.backends.tensorflow.np_linear import *  # noqa: F403
from unison.backends.tensorflow.np_reduce import *  # noqa: F403
from unison.backends.tensorflow.np_shape import *  # noqa: F403
from unison.backends.tensorflow.np_sort import *  # noqa: F403
from unison.backends.tensorflow.np_unary import *  # noqa: F403

__all__ = [
    *np_arith.__all__,
    *np_create.__all__,
    *np_extra.__all__,
    *np_index.__all__,
    *np_linear.__all__,
    *np_reduce.__all__,
    *np_shape.__all__,
    *np_sort.__all__,
    *np_unary.__all__,
]
