"""F-beta and F1 scores for multi-class / multi-label 2D predictions.

``average``: ``None`` (one score per class), ``"micro"`` (pooled counts), ``"macro"``
(unweighted mean of per-class scores) or ``"weighted"`` (mean weighted by class support).
Without ``threshold`` only each sample's highest score counts as positive.

Example:
    >>> metric = F1Score(average="macro", threshold=0.5)
    >>> metric.update_state([[1, 0], [0, 1]], [[0.8, 0.3], [0.6, 0.7]])
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.metrics.metric import Metric


class FBetaScore(Metric):
    """Weighted harmonic mean of precision and recall, recall counting ``beta`` times more.

    State is created on the first update (or by :meth:`build_from_shapes`), sized by the
    number of classes.
    """

    _direction = "up"

    def __init__(self, average=None, beta=1.0, threshold=None, name="fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average`: expected one of None, 'micro', 'macro', 'weighted'; "
                f"received average={average!r}."
            )
        if not isinstance(beta, float):
            raise ValueError(
                f"Invalid `beta`: it should be a Python float; received {beta!r} of type "
                f"{type(beta)}."
            )
        if beta <= 0.0:
            raise ValueError(f"Invalid `beta`: it should be > 0; received beta={beta!r}.")
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    f"Invalid `threshold`: it should be a Python float; received {threshold!r} "
                    f"of type {type(threshold)}."
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    f"Invalid `threshold`: it should satisfy 0 < threshold <= 1; received "
                    f"threshold={threshold!r}."
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def build_from_shapes(self, y_true_shape: tuple, y_pred_shape: tuple) -> None:
        """Create the count variables for 2D ``(batch, classes)`` inputs."""
        if self._built:
            return
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "FBetaScore expects 2D inputs of shape (batch_size, output_dim); received "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        if y_pred_shape[-1] is None or y_true_shape[-1] is None:
            raise ValueError(
                "FBetaScore expects output_dim to be known; received "
                f"y_pred.shape={tuple(y_pred_shape)} and y_true.shape={tuple(y_true_shape)}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self.intermediate_weights = self.add_variable(shape, name="intermediate_weights")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        dtype = self.dtype
        y_true = ops.cast(ops.convert_to_tensor(y_true), dtype)
        y_pred = ops.cast(ops.convert_to_tensor(y_pred), dtype)
        self.build_from_shapes(tuple(ops.shape(y_true)), tuple(ops.shape(y_pred)))
        if self.threshold is None:
            best = ops.max(y_pred, axis=-1, keepdims=True)
            predicted = ops.logical_and(
                ops.greater_equal(y_pred, best), ops.greater(ops.abs(y_pred), 1e-9)
            )
        else:
            predicted = ops.greater(y_pred, self.threshold)
        y_pred = ops.cast(predicted, dtype)
        if sample_weight is not None:
            sample_weight = ops.expand_dims(
                ops.cast(ops.convert_to_tensor(sample_weight), dtype), 1
            )

        def weighted_sum(values: Any) -> Any:
            if sample_weight is not None:
                values = ops.multiply(values, sample_weight)
            return ops.sum(values, axis=self.axis)

        not_pred = ops.subtract(1.0, y_pred)
        not_true = ops.subtract(1.0, y_true)
        self.true_positives.assign_add(weighted_sum(ops.multiply(y_pred, y_true)))
        self.false_positives.assign_add(weighted_sum(ops.multiply(y_pred, not_true)))
        self.false_negatives.assign_add(weighted_sum(ops.multiply(not_pred, y_true)))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self) -> Any:
        if not self._built:
            return ops.zeros((), self.dtype)
        epsilon = config.epsilon()
        tp = self.true_positives.value
        precision = ops.divide(tp, ops.add(ops.add(tp, self.false_positives.value), epsilon))
        recall = ops.divide(tp, ops.add(ops.add(tp, self.false_negatives.value), epsilon))
        beta_squared = self.beta**2
        product = ops.multiply(precision, recall)
        weighted_sum = ops.add(ops.multiply(precision, beta_squared), recall)
        score = ops.multiply(
            ops.divide(product, ops.add(weighted_sum, epsilon)), 1.0 + beta_squared
        )
        if self.average == "weighted":
            support = self.intermediate_weights.value
            weights = ops.divide(support, ops.add(ops.sum(support), epsilon))
            return ops.sum(ops.multiply(score, weights))
        if self.average is not None:
            return ops.mean(score)
        return score

    def reset_state(self) -> None:
        for variable in self.variables:
            variable.assign(ops.zeros(variable.shape, variable.dtype))

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


class F1Score(FBetaScore):
    """The F-beta score with ``beta = 1``: harmonic mean of precision and recall."""

    def __init__(self, average=None, threshold=None, name="f1_score", dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
