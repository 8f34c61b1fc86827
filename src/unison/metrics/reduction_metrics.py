"""Sum, Mean and MeanMetricWrapper: the reductions other metrics build on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison import ops
from unison.losses.weighting import squeeze_or_expand_to_same_rank, static_element_count
from unison.metrics.metric import Metric


def _weighted(values: Any, sample_weight: Any, dtype: str) -> tuple[Any, Any]:
    values = ops.cast(values, dtype)
    if sample_weight is None:
        return values, ops.cast(ops.size(values), dtype)
    if isinstance(sample_weight, (int, float)) and not isinstance(sample_weight, bool):
        # one weight for every value (the trainer's loss tracker: the batch size)
        size = static_element_count(values)
        if size is not None:
            return ops.multiply(values, float(sample_weight)), float(sample_weight) * size
    weights = ops.cast(sample_weight, dtype)
    values, weights = squeeze_or_expand_to_same_rank(values, weights)
    weights = ops.broadcast_to(weights, ops.shape(values))
    return ops.multiply(values, weights), ops.sum(weights)


class Sum(Metric):
    """Running (weighted) sum of the values seen."""

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")

    def update_state(self, values, sample_weight=None):
        weighted, _ = _weighted(values, sample_weight, self.dtype)
        self.total.assign_add(ops.sum(weighted))

    def result(self):
        return ops.convert_to_tensor(self.total.value)


class Mean(Metric):
    """Running (weighted) mean of the values seen."""

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable((), name="total")
        self.count = self.add_variable((), name="count")

    def update_state(self, values, sample_weight=None):
        weighted, count = _weighted(values, sample_weight, self.dtype)
        self.total.assign_add(ops.sum(weighted))
        self.count.assign_add(count)

    def result(self):
        return ops.divide_no_nan(self.total.value, self.count.value)


class MeanMetricWrapper(Mean):
    """The mean over samples of ``fn(y_true, y_pred, **kwargs)``."""

    def __init__(self, fn: Callable, name: str | None = None, dtype: Any = None, **kwargs: Any):
        super().__init__(name=name or getattr(fn, "__name__", "mean_metric"), dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = self._fn(
            ops.convert_to_tensor(y_true), ops.convert_to_tensor(y_pred), **self._fn_kwargs
        )
        super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        return {**super().get_config(), **self._fn_kwargs}
