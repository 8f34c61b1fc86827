"""The NumPy backend: inference only (no gradients, no compilation, one CPU device)."""

import numpy as _np

from unison.backend import Capabilities

CAPABILITIES = Capabilities(
    can_train=False,
    can_jit=False,
    can_distribute=False,
    has_abstract_eval=False,
    jit_by_default=False,
)


def framework_version() -> str:
    """The installed NumPy version."""
    return _np.__version__
