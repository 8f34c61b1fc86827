"""Regression metrics: errors, cosine similarity, log-cosh, R2 and correlations.

Example:
    >>> metric = RootMeanSquaredError()
    >>> metric.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(metric.result())   # sqrt(0.5)
    0.7071
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.losses import regression
from unison.losses.weighting import squeeze_or_expand_to_same_rank
from unison.metrics.builtin import BuiltinMeanMetric, accumulate_mean
from unison.metrics.metric import Metric
from unison.metrics.reduction_metrics import Mean


class MeanSquaredError(BuiltinMeanMetric):
    """Mean of ``(y_true - y_pred) ** 2``."""

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(regression.mean_squared_error, name=name, dtype=dtype)


class MeanAbsoluteError(BuiltinMeanMetric):
    """Mean of ``|y_true - y_pred|``."""

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(regression.mean_absolute_error, name=name, dtype=dtype)


class MeanAbsolutePercentageError(BuiltinMeanMetric):
    """Mean absolute error relative to ``|y_true|``, in percent."""

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(regression.mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(BuiltinMeanMetric):
    """Mean of ``(log(1 + y_pred) - log(1 + y_true)) ** 2``."""

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(regression.mean_squared_logarithmic_error, name=name, dtype=dtype)


def _cosine_similarity(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    y_true, y_pred = regression.prepare_pair(y_true, y_pred)
    y_pred = ops.normalize(y_pred, axis=axis)
    y_true = ops.normalize(y_true, axis=axis)
    return ops.sum(ops.multiply(y_true, y_pred), axis=axis)


class CosineSimilarity(BuiltinMeanMetric):
    """Mean cosine similarity between labels and predictions along ``axis``."""

    _direction = "up"

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(_cosine_similarity, name=name, dtype=dtype, axis=axis)


class LogCoshError(BuiltinMeanMetric):
    """Mean of ``log(cosh(y_pred - y_true))``."""

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(regression.log_cosh, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """Square root of the mean squared error."""

    _direction = "down"

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        accumulate_mean(self, ops.square(ops.subtract(y_pred, y_true)), sample_weight)

    def result(self) -> Any:
        return ops.sqrt(super().result())

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}


def pearson_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """Pearson correlation coefficient of ``y_true`` and ``y_pred`` along ``axis``."""
    y_true, y_pred = regression.prepare_pair(y_true, y_pred)
    true_centered = ops.subtract(y_true, ops.mean(y_true, axis=axis, keepdims=True))
    pred_centered = ops.subtract(y_pred, ops.mean(y_pred, axis=axis, keepdims=True))
    true_scaled = ops.divide(true_centered, ops.std(true_centered, axis=axis, keepdims=True))
    pred_scaled = ops.divide(pred_centered, ops.std(pred_centered, axis=axis, keepdims=True))
    return ops.mean(ops.multiply(true_scaled, pred_scaled), axis=axis)


def concordance_correlation(y_true: Any, y_pred: Any, axis: int = -1) -> Any:
    """Lin's concordance correlation coefficient along ``axis`` (as computed by Keras)."""
    y_true, y_pred = regression.prepare_pair(y_true, y_pred)
    true_mean = ops.mean(y_true, axis=axis, keepdims=True)
    pred_mean = ops.mean(y_pred, axis=axis, keepdims=True)
    true_var = ops.var(ops.subtract(y_true, true_mean), axis=axis, keepdims=True)
    pred_var = ops.var(ops.subtract(y_pred, pred_mean), axis=axis, keepdims=True)
    covariance = ops.multiply(ops.subtract(y_true, pred_mean), ops.subtract(y_pred, pred_mean))
    norm = ops.add(ops.add(true_var, pred_var), ops.square(ops.subtract(true_mean, pred_mean)))
    ratio = ops.divide(ops.multiply(covariance, 2.0), ops.add(norm, config.epsilon()))
    return ops.mean(ratio, axis=axis)


class PearsonCorrelation(BuiltinMeanMetric):
    """Mean over samples of the Pearson correlation along ``axis``."""

    _direction = "up"
    _config_keys = ("axis",)

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(pearson_correlation, name=name, dtype=dtype, axis=axis)


class ConcordanceCorrelation(BuiltinMeanMetric):
    """Mean over samples of the concordance correlation along ``axis``."""

    _direction = "up"
    _config_keys = ("axis",)

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(concordance_correlation, name=name, dtype=dtype, axis=axis)


class R2Score(Metric):
    """Coefficient of determination, per output then aggregated.

    ``class_aggregation``: ``"uniform_average"`` (default), ``"variance_weighted_average"`` or
    ``None`` (one score per output). ``num_regressors > 0`` gives the adjusted R2 (the plain
    score is kept while there are too few samples). State is created on the first update (or
    by :meth:`build_from_shapes`), sized by the number of outputs.
    """

    _direction = "up"
    _AGGREGATIONS = (None, "uniform_average", "variance_weighted_average")

    def __init__(
        self, class_aggregation="uniform_average", num_regressors=0, name="r2_score", dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in self._AGGREGATIONS:
            raise ValueError(
                f"Invalid `class_aggregation`: expected one of {self._AGGREGATIONS}; received "
                f"class_aggregation={class_aggregation!r}."
            )
        if num_regressors < 0:
            raise ValueError(
                f"Invalid `num_regressors`: expected a value >= 0; received {num_regressors!r}."
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable((), name="num_samples")
        self._built = False

    def build_from_shapes(self, y_true_shape: tuple, y_pred_shape: tuple) -> None:
        """Create the per-output state for 2D ``(batch, outputs)`` labels and predictions."""
        if self._built:
            return
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs of shape (batch_size, output_dim); received "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "R2Score expects output_dim to be known; received "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        outputs = y_pred_shape[-1]
        self.squared_sum = self.add_variable((outputs,), name="squared_sum")
        self.sum = self.add_variable((outputs,), name="sum")
        self.total_mse = self.add_variable((outputs,), name="residual")
        self.count = self.add_variable((outputs,), name="count")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_true = ops.cast(ops.convert_to_tensor(y_true), self.dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        self.build_from_shapes(tuple(ops.shape(y_true)), tuple(ops.shape(y_pred)))
        if sample_weight is None:
            sample_weight = 1.0
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), self.dtype)
        if len(ops.shape(sample_weight)) == 1:
            sample_weight = ops.expand_dims(sample_weight, axis=1)
        sample_weight = ops.broadcast_to(sample_weight, ops.shape(y_true))
        weighted_true = ops.multiply(y_true, sample_weight)
        squared_error = ops.square(ops.subtract(y_true, y_pred))
        self.sum.assign_add(ops.sum(weighted_true, axis=0))
        self.squared_sum.assign_add(ops.sum(ops.multiply(y_true, weighted_true), axis=0))
        self.total_mse.assign_add(ops.sum(ops.multiply(squared_error, sample_weight), axis=0))
        self.count.assign_add(ops.sum(sample_weight, axis=0))
        self.num_samples.assign_add(ops.cast(ops.size(y_true), self.dtype))

    def result(self) -> Any:
        if not self._built:
            return ops.zeros((), self.dtype)
        total_sum = self.sum.value
        mean = ops.divide(total_sum, self.count.value)
        total = ops.subtract(self.squared_sum.value, ops.multiply(total_sum, mean))
        raw_scores = ops.subtract(1.0, ops.divide(self.total_mse.value, total))
        raw_scores = ops.where(ops.isinf(raw_scores), ops.zeros((), self.dtype), raw_scores)
        if self.class_aggregation == "uniform_average":
            score = ops.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = ops.divide(ops.sum(ops.multiply(total, raw_scores)), ops.sum(total))
        else:
            score = raw_scores
        if self.num_regressors != 0:
            samples = self.num_samples.value
            regressors = float(self.num_regressors)
            adjusted_denominator = ops.subtract(ops.subtract(samples, regressors), 1.0)
            positive = ops.greater(adjusted_denominator, 0.0)
            adjusted = ops.subtract(
                1.0,
                ops.divide(
                    ops.multiply(ops.subtract(1.0, score), ops.subtract(samples, 1.0)),
                    ops.where(positive, adjusted_denominator, 1.0),
                ),
            )
            score = ops.where(positive, adjusted, score)
        return score

    def reset_state(self) -> None:
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, variable.dtype))

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
