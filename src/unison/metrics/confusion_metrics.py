"""Threshold metrics: confusion counts, Precision, Recall and the "X at Y" metrics.

A prediction is positive when it is strictly greater than the threshold. With a list of
thresholds, the result has one value per threshold.

Example:
    >>> metric = Precision(thresholds=[0.3, 0.6])
    >>> metric.update_state([0, 1, 1, 1], [0.5, 0.9, 0.4, 0.2])
    >>> metric.result()   # -> [0.667, 1.0]
"""

from __future__ import annotations

from typing import Any

from unison import ops
from unison.metrics import confusion_utils
from unison.metrics.metric import Metric


def _safe_ratio(numerator: Any, other: Any) -> Any:
    return ops.divide_no_nan(numerator, ops.add(numerator, other))


def _first_if_single(values: Any, thresholds: list) -> Any:
    return values[0] if len(thresholds) == 1 else values


class _ConfusionMatrixConditionCount(Metric):
    """Weighted count of one confusion-matrix cell at each threshold."""

    _condition = "tp"

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.thresholds = confusion_utils.parse_thresholds(thresholds, default=0.5)
        self._evenly = confusion_utils.evenly_distributed(self.thresholds)
        self.accumulator = self.add_variable((len(self.thresholds),), name="accumulator")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        confusion_utils.update_confusion_matrix(
            {self._condition: self.accumulator},
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._evenly,
            sample_weight=sample_weight,
        )

    def result(self) -> Any:
        return _first_if_single(self.accumulator.value, self.thresholds)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMatrixConditionCount):
    """Weighted number of positive labels predicted positive."""

    _condition = "tp"


class FalsePositives(_ConfusionMatrixConditionCount):
    """Weighted number of negative labels predicted positive."""

    _condition = "fp"


class TrueNegatives(_ConfusionMatrixConditionCount):
    """Weighted number of negative labels predicted negative."""

    _condition = "tn"


class FalseNegatives(_ConfusionMatrixConditionCount):
    """Weighted number of positive labels predicted negative."""

    _condition = "fn"


class _PrecisionRecallBase(Metric):
    """Shared state of Precision and Recall: true positives and one error count."""

    _direction = "up"
    _other = "fp"
    _other_name = "false_positives"

    def __init__(self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else confusion_utils.NEG_INF
        self.thresholds = confusion_utils.parse_thresholds(thresholds, default=default)
        self._evenly = confusion_utils.evenly_distributed(self.thresholds)
        count = len(self.thresholds)
        self.true_positives = self.add_variable((count,), name="true_positives")
        setattr(self, self._other_name, self.add_variable((count,), name=self._other_name))

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        confusion_utils.update_confusion_matrix(
            {"tp": self.true_positives, self._other: getattr(self, self._other_name)},
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self) -> Any:
        other = getattr(self, self._other_name).value
        return _first_if_single(_safe_ratio(self.true_positives.value, other), self.thresholds)

    def get_config(self) -> dict:
        return {
            "name": self.name,
            "dtype": self.dtype,
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


class Precision(_PrecisionRecallBase):
    """``TP / (TP + FP)``: the share of positive predictions that are right.

    ``top_k`` counts only the ``k`` highest predictions of each sample as positive;
    ``class_id`` restricts the metric to one class of a multi-class prediction.
    """

    _other = "fp"
    _other_name = "false_positives"


class Recall(_PrecisionRecallBase):
    """``TP / (TP + FN)``: the share of positive labels that are found."""

    _other = "fn"
    _other_name = "false_negatives"


class SensitivitySpecificityBase(Metric):
    """Full confusion counts at ``num_thresholds`` evenly spaced thresholds in [0, 1]."""

    _direction = "up"

    def __init__(self, value, num_thresholds=200, class_id=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if num_thresholds <= 0:
            raise ValueError(
                f"Argument `num_thresholds` must be an integer > 0; received {num_thresholds!r}."
            )
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._evenly = False
        else:
            inner = [(index + 1) / (num_thresholds - 1) for index in range(num_thresholds - 2)]
            self.thresholds = [0.0, *inner, 1.0]
            self._evenly = True
        count = len(self.thresholds)
        self.true_positives = self.add_variable((count,), name="true_positives")
        self.false_positives = self.add_variable((count,), name="false_positives")
        self.true_negatives = self.add_variable((count,), name="true_negatives")
        self.false_negatives = self.add_variable((count,), name="false_negatives")

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        confusion_utils.update_confusion_matrix(
            {
                "tp": self.true_positives,
                "tn": self.true_negatives,
                "fp": self.false_positives,
                "fn": self.false_negatives,
            },
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def _rates(self) -> dict:
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        return {
            "sensitivity": _safe_ratio(tp, fn),
            "specificity": _safe_ratio(tn, fp),
            "precision": _safe_ratio(tp, fp),
        }

    def _max_under_constraint(self, constrained: Any, dependent: Any) -> Any:
        feasible = ops.greater_equal(constrained, self.value)
        zero = ops.zeros((), ops.dtype(dependent))
        return ops.maximum(ops.max(ops.where(feasible, dependent, zero)), zero)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "class_id": self.class_id}


def _check_unit_interval(name: str, value: float) -> None:
    if value < 0 or value > 1:
        raise ValueError(f"Argument `{name}` must be in the range [0, 1]; received {value!r}.")


class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """Best sensitivity (recall) over thresholds whose specificity is >= ``specificity``."""

    def __init__(self, specificity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("specificity", specificity)
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self) -> Any:
        rates = self._rates()
        return self._max_under_constraint(rates["specificity"], rates["sensitivity"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(num_thresholds=self.num_thresholds, specificity=self.specificity)
        return config


class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """Best specificity over thresholds whose sensitivity is >= ``sensitivity``."""

    def __init__(self, sensitivity, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        self.num_thresholds = num_thresholds
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self) -> Any:
        rates = self._rates()
        return self._max_under_constraint(rates["sensitivity"], rates["specificity"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(num_thresholds=self.num_thresholds, sensitivity=self.sensitivity)
        return config


class PrecisionAtRecall(SensitivitySpecificityBase):
    """Best precision over thresholds whose recall is >= ``recall``."""

    def __init__(self, recall, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("recall", recall)
        self.recall = recall
        self.num_thresholds = num_thresholds
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self) -> Any:
        rates = self._rates()
        return self._max_under_constraint(rates["sensitivity"], rates["precision"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(num_thresholds=self.num_thresholds, recall=self.recall)
        return config


class RecallAtPrecision(SensitivitySpecificityBase):
    """Best recall over thresholds whose precision is >= ``precision``."""

    def __init__(self, precision, num_thresholds=200, class_id=None, name=None, dtype=None):
        _check_unit_interval("precision", precision)
        self.precision = precision
        self.num_thresholds = num_thresholds
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self) -> Any:
        rates = self._rates()
        return self._max_under_constraint(rates["precision"], rates["sensitivity"])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(num_thresholds=self.num_thresholds, precision=self.precision)
        return config
