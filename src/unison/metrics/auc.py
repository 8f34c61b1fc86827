"""AUC: area under the ROC, precision-recall or precision-recall-gain curve.

Confusion counts are kept at ``num_thresholds`` thresholds (evenly spaced in [0, 1] unless
``thresholds`` is given) and the area is a Riemann sum over them (for PR with interpolation,
the Davis & Goadrich interpolation).

Example:
    >>> metric = AUC(num_thresholds=3)
    >>> metric.update_state([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9])
    >>> float(metric.result())
    0.75
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unison import config, ops
from unison.metrics import confusion_utils
from unison.metrics.metric import Metric

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = {"interpolation": "interpolation", "majoring": "majoring", "minoring": "minoring"}


def _curve_name(curve: Any) -> str:
    key = str(getattr(curve, "value", curve)).lower()
    if key not in _CURVES:
        raise ValueError(
            f'Invalid AUC curve value "{curve}": expected one of "ROC", "PR", "PRGAIN".'
        )
    return _CURVES[key]


def _summation_name(method: Any) -> str:
    key = str(getattr(method, "value", method)).lower()
    if key not in _SUMMATIONS:
        raise ValueError(
            f'Invalid AUC summation method "{method}": expected one of "interpolation", '
            '"majoring", "minoring".'
        )
    return _SUMMATIONS[key]


class AUC(Metric):
    """Approximate area under a curve, from confusion counts at many thresholds.

    ``multi_label=True`` keeps counts per label (2D ``y_pred``) and averages the per-label
    areas (weighted by ``label_weights`` if given); otherwise all labels are pooled.
    ``from_logits=True`` applies a sigmoid to ``y_pred`` first.
    """

    _direction = "up"

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(float(value) for value in thresholds)
            self._evenly = confusion_utils.evenly_distributed([0.0, *thresholds, 1.0])
        else:
            if num_thresholds <= 1:
                raise ValueError(
                    f"Argument `num_thresholds` must be an integer > 1; received {num_thresholds!r}."
                )
            self.num_thresholds = num_thresholds
            thresholds = [(index + 1) / (num_thresholds - 1) for index in range(num_thresholds - 2)]
            self._evenly = True
        epsilon = config.epsilon()
        self._thresholds = np.array([0.0 - epsilon, *thresholds, 1.0 + epsilon])
        self.curve = _curve_name(curve)
        self.summation_method = _summation_name(summation_method)
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None if label_weights is None else [float(w) for w in label_weights]
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self.build_from_shapes(None, (None, num_labels))
        else:
            if num_labels:
                raise ValueError("`num_labels` is needed only when `multi_label` is True.")
            self.build_from_shapes(None, None)

    @property
    def thresholds(self) -> list:
        return list(self._thresholds)

    def build_from_shapes(self, y_true_shape: Any, y_pred_shape: Any) -> None:
        """Create the count variables (for ``multi_label``, sized by ``y_pred_shape[1]``)."""
        if self._built:
            return
        if self.multi_label:
            if y_pred_shape is None or len(y_pred_shape) != 2:
                raise ValueError(
                    "`y_pred` must have rank 2 when multi_label=True; received shape "
                    f"{None if y_pred_shape is None else tuple(y_pred_shape)}."
                )
            self._num_labels = y_pred_shape[1]
            shape = (self.num_thresholds, self._num_labels)
        else:
            shape = (self.num_thresholds,)
        self.true_positives = self.add_variable(shape, name="true_positives")
        self.false_positives = self.add_variable(shape, name="false_positives")
        self.true_negatives = self.add_variable(shape, name="true_negatives")
        self.false_negatives = self.add_variable(shape, name="false_negatives")
        self._built = True

    def update_state(self, y_true: Any, y_pred: Any, sample_weight: Any = None) -> None:
        y_pred = ops.convert_to_tensor(y_pred)
        self.build_from_shapes(None, tuple(ops.shape(y_pred)))
        if self._from_logits:
            y_pred = ops.sigmoid(y_pred)
        label_weights = None
        if not self.multi_label and self.label_weights is not None:
            label_weights = ops.convert_to_tensor(np.asarray(self.label_weights, np.float32))
        confusion_utils.update_confusion_matrix(
            {
                "tp": self.true_positives,
                "tn": self.true_negatives,
                "fp": self.false_positives,
                "fn": self.false_negatives,
            },
            y_true,
            y_pred,
            self._thresholds,
            thresholds_distributed_evenly=self._evenly,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=label_weights,
        )

    def _aggregate(self, terms: Any) -> Any:
        if not self.multi_label:
            return ops.sum(terms)
        by_label = ops.sum(terms, axis=0)
        if self.label_weights is None:
            return ops.mean(by_label)
        weights = ops.cast(np.asarray(self.label_weights, np.float32), ops.dtype(by_label))
        return ops.divide_no_nan(ops.sum(ops.multiply(by_label, weights)), ops.sum(weights))

    def interpolate_pr_auc(self) -> Any:
        """PR-AUC with the precision interpolated between thresholds (Davis & Goadrich)."""
        tp = self.true_positives.value
        fp = self.false_positives.value
        fn = self.false_negatives.value
        last = self.num_thresholds - 1
        delta_tp = ops.subtract(tp[:last], tp[1:])
        positives = ops.add(tp, fp)
        delta_positives = ops.subtract(positives[:last], positives[1:])
        zero = ops.zeros((), ops.dtype(tp))
        slope = ops.divide_no_nan(delta_tp, ops.maximum(delta_positives, zero))
        intercept = ops.subtract(tp[1:], ops.multiply(slope, positives[1:]))
        both_positive = ops.logical_and(
            ops.greater(positives[:last], 0), ops.greater(positives[1:], 0)
        )
        ratio = ops.where(
            both_positive,
            ops.divide_no_nan(positives[:last], ops.maximum(positives[1:], zero)),
            ops.ones_like(positives[1:]),
        )
        increments = ops.divide_no_nan(
            ops.multiply(slope, ops.add(delta_tp, ops.multiply(intercept, ops.log(ratio)))),
            ops.maximum(ops.add(tp[1:], fn[1:]), zero),
        )
        return self._aggregate(increments)

    def result(self) -> Any:
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self.interpolate_pr_auc()
        tp = self.true_positives.value
        fp = self.false_positives.value
        tn = self.true_negatives.value
        fn = self.false_negatives.value
        recall = ops.divide_no_nan(tp, ops.add(tp, fn))
        if self.curve == "ROC":
            x = ops.divide_no_nan(fp, ops.add(fp, tn))
            y = recall
        elif self.curve == "PR":
            x = recall
            y = ops.divide_no_nan(tp, ops.add(tp, fp))
        else:
            scale = ops.divide_no_nan(ops.add(tp, fn), ops.add(tn, fp))
            recall_gain = ops.subtract(1.0, ops.multiply(scale, ops.divide_no_nan(fn, tp)))
            precision_gain = ops.subtract(1.0, ops.multiply(scale, ops.divide_no_nan(fp, tp)))
            no_tp = ops.equal(tp, 0.0)
            recall_gain = ops.where(no_tp, ops.zeros_like(recall_gain), recall_gain)
            precision_gain = ops.where(no_tp, ops.ones_like(precision_gain), precision_gain)
            x = ops.maximum(recall_gain, ops.zeros_like(recall_gain))
            y = precision_gain
        last = self.num_thresholds - 1
        if self.summation_method == "interpolation":
            heights = ops.divide(ops.add(y[:last], y[1:]), 2.0)
        elif self.summation_method == "minoring":
            heights = ops.minimum(y[:last], y[1:])
        else:
            heights = ops.maximum(y[:last], y[1:])
        return self._aggregate(ops.multiply(ops.subtract(x[:last], x[1:]), heights))

    def reset_state(self) -> None:
        if self._built:
            super().reset_state()

    def get_config(self) -> dict:
        config = {
            "name": self.name,
            "dtype": self.dtype,
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": self.label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = [float(value) for value in self.thresholds[1:-1]]
        return config
