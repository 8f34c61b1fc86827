"""``Loss`` base class, reductions and the wrapper that turns a function into a Loss.

A loss computes per-sample values in ``call(y_true, y_pred)``; ``__call__`` applies the
sample weights (and the mask of ``y_pred``, if it carries one) and reduces:

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

REDUCTIONS = ("sum", "sum_over_batch_size", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction: Any) -> Any:
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid reduction {reduction!r}: expected one of {list(REDUCTIONS)}.")
    return reduction


def _squeeze_or_expand(values: Any, weights: Any) -> Any:
    """Make ``weights`` broadcastable to ``values`` (drop/add trailing unit axes)."""
    values_rank = len(ops.shape(values))
    weights_rank = len(ops.shape(weights))
    if weights_rank == values_rank + 1 and ops.shape(weights)[-1] == 1:
        return ops.squeeze(weights, axis=-1)
    while weights_rank < values_rank:
        weights = ops.expand_dims(weights, axis=-1)
        weights_rank += 1
    return weights


def reduce_values(values: Any, sample_weight: Any = None, reduction: Any = "sum_over_batch_size"):
    """Apply ``sample_weight`` to per-sample ``values`` and reduce them."""
    if sample_weight is not None:
        sample_weight = ops.cast(sample_weight, ops.dtype(values))
        sample_weight = _squeeze_or_expand(values, sample_weight)
        values = ops.multiply(values, sample_weight)
    if reduction in ("none", None):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        weight_total = ops.sum(ops.broadcast_to(sample_weight, ops.shape(values)))
        return ops.divide_no_nan(total, weight_total)
    count = ops.cast(ops.size(values), ops.dtype(values))
    return ops.divide_no_nan(total, count)


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
        mask = get_mask(y_pred)
        y_pred = ops.convert_to_tensor(y_pred)
        if dtypes.is_float_dtype(ops.dtype(y_pred)) and ops.dtype(y_pred) != self.dtype:
            y_pred = ops.cast(y_pred, self.dtype)
        y_true = ops.convert_to_tensor(y_true)
        losses = self.call(y_true, y_pred)
        if mask is not None:
            mask = ops.cast(mask, ops.dtype(losses))
            mask = _squeeze_or_expand(losses, mask)
            sample_weight = (
                mask
                if sample_weight is None
                else ops.multiply(
                    _squeeze_or_expand(losses, ops.cast(sample_weight, ops.dtype(losses))), mask
                )
            )
        return reduce_values(losses, sample_weight, self.reduction)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement call().")

    def get_config(self) -> dict:
        return {"name": self.name, "reduction": self.reduction, "dtype": self._dtype}

    @classmethod
    def from_config(cls, config: dict) -> Loss:
        return cls(**config)


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
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), **self._fn_kwargs}
