"""NumPy-style ops (``unison.ops.numpy``) on NumPy arrays: ``rearrange``, the rest from numpy_*."""

from __future__ import annotations

import numpy as np

from unison.backends._shared.rearrange_plan import plan as _rearrange_plan
from unison.backends.contract import gather
from unison.backends.numpy._helpers import to_array as _to_array


def rearrange(tensor, pattern, **axes_lengths):
    tensor = _to_array(tensor)
    elementary, permutation, output = _rearrange_plan(pattern, tensor.shape, axes_lengths)
    return np.transpose(tensor.reshape(elementary), permutation).reshape(output)


__all__ = gather(globals(), "numpy")
