"""Base of the built-in "mean of a function" metrics, with Keras's weighting rules.

``BuiltinMeanMetric`` averages ``fn(y_true, y_pred, **kwargs)`` over samples. Values with
more axes than the sample weights are first averaged over the extra axes; a mask attached to
``y_pred`` (or, when weights are given, to the values) zeroes the masked entries' weights.

Example:
    >>> metric = BuiltinMeanMetric(lambda t, p: ops.abs(t - p), name="abs_error")
    >>> metric.update_state([1.0, 2.0], [1.5, 2.0])
    >>> float(metric.result())
    0.25
"""

from __future__ import annotations

from typing import Any

from unison import ops
from unison.layers.masking_utils import get_mask
from unison.losses.weighting import apply_mask, squeeze_or_expand_to_same_rank
from unison.metrics.reduction_metrics import MeanMetricWrapper


def samplewise_values(values: Any, sample_weight: Any, dtype: str) -> tuple[Any, Any]:
    """Per-sample weighted values and per-sample weights (``None`` when unweighted)."""
    mask = get_mask(values)
    values = ops.cast(ops.convert_to_tensor(values), dtype)
    if sample_weight is not None:
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
        if mask is not None:
            sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction="sum")
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        weight_rank = len(ops.shape(sample_weight))
        values_rank = len(ops.shape(values))
        if values_rank > weight_rank:
            values = ops.mean(values, axis=tuple(range(weight_rank, values_rank)))
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(values))
        values = ops.multiply(values, sample_weight)
        if weight_rank > 1:
            sample_weight = ops.mean(sample_weight, axis=tuple(range(1, weight_rank)))
    values_rank = len(ops.shape(values))
    if values_rank > 1:
        values = ops.mean(values, axis=tuple(range(1, values_rank)))
    return values, sample_weight


def accumulate_mean(metric: Any, values: Any, sample_weight: Any) -> None:
    """Add a batch to a metric with ``total`` / ``count`` state (Keras ``Mean`` rules)."""
    dtype = metric.dtype
    values, sample_weight = samplewise_values(values, sample_weight, dtype)
    metric.total.assign_add(ops.sum(values))
    if sample_weight is not None:
        count = ops.sum(sample_weight)
    else:
        shape = ops.shape(values)
        count = shape[0] if len(shape) >= 1 else 1
    metric.count.assign_add(ops.cast(count, dtype))


class BuiltinMeanMetric(MeanMetricWrapper):
    """Mean over samples of ``fn(y_true, y_pred, **kwargs)``; config keys as in Keras."""

    # Keyword arguments of ``fn`` that also appear in ``get_config``.
    _config_keys: tuple[str, ...] = ()
    _direction = "down"

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        mask = get_mask(y_pred)
        values = self._fn(y_true, y_pred, **self._fn_kwargs)
        sample_weight = apply_mask(sample_weight, mask, dtype=self.dtype, reduction="sum")
        accumulate_mean(self, values, sample_weight)

    def get_config(self) -> dict:
        config = {"name": self.name, "dtype": self.dtype}
        for key in self._config_keys:
            config[key] = self._fn_kwargs[key]
        return config

    @classmethod
    def from_config(cls, config: dict) -> BuiltinMeanMetric:
        return cls(**config)

    def __getattr__(self, key: str) -> Any:
        kwargs = self.__dict__.get("_fn_kwargs", {})
        if key in kwargs:
            return kwargs[key]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {key!r}")
