"""The base of the built-in loss classes: a function, its keyword arguments, Keras weighting.

``BuiltinLoss`` converts ``y_true`` and ``y_pred`` to the loss dtype, aligns their ranks,
calls the function and reduces with :func:`reduce_weighted_values`, honouring a mask attached
to ``y_pred`` and one attached to the per-sample losses (``ignore_class``, ``Circle``).

Example:
    >>> class Squared(BuiltinLoss):
    ...     def __init__(self, reduction="sum_over_batch_size", name="squared", dtype=None):
    ...         super().__init__(lambda t, p: ops.square(t - p), reduction=reduction,
    ...                          name=name, dtype=dtype)
"""

from __future__ import annotations

from typing import Any

from unison.losses.loss import LossFunctionWrapper
from unison.losses.weighting import squeeze_or_expand_to_same_rank


class BuiltinLoss(LossFunctionWrapper):
    """A loss computing per-sample values with ``fn``; config keys as in Keras."""

    # Keyword arguments of ``fn`` that also appear in ``get_config``.
    _config_keys: tuple[str, ...] = ()

    def call(self, y_true: Any, y_pred: Any) -> Any:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        config = {"name": self.name, "reduction": self.reduction}
        for key in self._config_keys:
            config[key] = self._fn_kwargs[key]
        return config

    @classmethod
    def from_config(cls, config: dict) -> BuiltinLoss:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name} reduction={self.reduction}>"
