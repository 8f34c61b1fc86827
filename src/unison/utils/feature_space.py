"""``FeatureSpace``: Keras's structured-data preprocessing pipeline; not available in unison.

Build the same preprocessing from unison's preprocessing layers (``Normalization``,
``StringLookup``, ``IntegerLookup``, ``Discretization``, ``Hashing``...) in a functional
model instead.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FeatureSpace"]


class FeatureSpace:
    """Not implemented: constructing one raises ``NotImplementedError``."""

    def __init__(self, *args: Any, **kwargs: Any):
        raise NotImplementedError(
            "FeatureSpace is not implemented in unison. Combine preprocessing layers "
            "(Normalization, StringLookup, IntegerLookup, Discretization, Hashing) in a "
            "functional model instead."
        )
