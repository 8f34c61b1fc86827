"""``Loss`` base class, reductions and the wrapper that turns a function into a Loss.

A loss computes per-sample values in ``call(y_true, y_pred)``; ``__call__`` applies the
sample weights and masks (of ``y_pred`` or of the per-sample losses) as Keras does — see
:mod:`unison.losses.weighting` — and reduces:

* ``"sum_over_batch_size"`` (default): weighted sum / number of elements;
* ``"sum"``; ``"mean"``: weighted sum / number of elements;
* ``"mean_with_sample_weight"``: weighted sum / sum of weights;
* ``"none"`` / ``None``: the weighted per-sample values.

Example:
    >>> loss = unison.losses.MeanSquaredError()
    >>> loss([[0.0, 1.0]], [[1.0, 1.0]])   # -> 0.5
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison import dtypes, ops
from unison.layers.masking_utils import get_mask
from unison.losses.weighting import (
    combine_masks,
    reduce_weighted_values,
    squeeze_or_expand_to_same_rank,
    standardize_reduction,
)


class Loss:
    """Base class; subclasses implement ``call(y_true, y_pred)`` returning per-sample losses."""

    _keras_module = "keras.losses"

    def __init__(
        self, name: str | None = None, reduction: Any = "sum_over_batch_size", dtype: Any = None
    ):
        self.name = name or type(self).__name__
        self.reduction = standardize_reduction(reduction)
        self._dtype = dtypes.standardize_dtype(dtype) if dtype is not None else None

    @property
    def dtype(self) -> str:
        from unison import config

        return self._dtype or config.floatx()

    def __call__(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        input_mask = get_mask(y_pred)
        dtype = self.dtype
        y_pred = _to_dtype(y_pred, dtype)
        y_true = _to_dtype(y_true, dtype)
        losses = self.call(y_true, y_pred)
        mask = combine_masks(input_mask, get_mask(losses))
        return reduce_weighted_values(
            losses, sample_weight=sample_weight, mask=mask, reduction=self.reduction, dtype=dtype
        )

    def call(self, y_true: Any, y_pred: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)


def _to_dtype(value: Any, dtype: str) -> Any:
    value = ops.convert_to_tensor(value)
    if ops.dtype(value) != dtype:
        value = ops.cast(value, dtype)
    return value


class LossFunctionWrapper(Loss):
    """A Loss computing per-sample values with ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(
        self,
        fn: Callable,
        reduction: Any = "sum_over_batch_size",
        name: str | None = None,
        dtype: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype
        )
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true: Any, y_pred: Any) -> Any:
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), **self._fn_kwargs}
