"""Metric lookup by name, as ``compile(metrics=[...])`` resolves strings in Keras.

Class names (``"AUC"``), their snake-case forms (``"auc"``, ``"mean_squared_error"``) and
aliases (``"mse"``, ``"mae"``, ``"mape"``, ``"msle"``, ``"bce"``) give a new metric named
after the string. ``"accuracy"`` / ``"acc"`` and ``"crossentropy"`` / ``"ce"`` become the
binary, sparse-categorical or categorical variant according to the shapes of ``y_true`` and
``y_pred``: binary when ``y_pred`` has a last axis of 1, sparse when ``y_true`` has one axis
fewer (or a last axis of 1 while ``y_pred`` has several classes), categorical otherwise.

Example:
    >>> by_name("accuracy", y_true=np.zeros((8,)), y_pred=np.zeros((8, 10)))
    <SparseCategoricalAccuracy name=accuracy>
"""

from __future__ import annotations

from numbers import Number
from typing import Any

from unison.layers.layer import to_snake_case
from unison.losses.weighting import static_dim_is
from unison.metrics import (
    accuracy_metrics,
    auc,
    confusion_metrics,
    f_score_metrics,
    iou_metrics,
    probabilistic_metrics,
    regression_metrics,
)
from unison.metrics.builtin import BuiltinMeanMetric
from unison.metrics.reduction_metrics import Mean, Sum

_CLASS_LIST = (
    accuracy_metrics.Accuracy,
    accuracy_metrics.BinaryAccuracy,
    accuracy_metrics.CategoricalAccuracy,
    accuracy_metrics.SparseCategoricalAccuracy,
    accuracy_metrics.TopKCategoricalAccuracy,
    accuracy_metrics.SparseTopKCategoricalAccuracy,
    auc.AUC,
    confusion_metrics.TruePositives,
    confusion_metrics.FalsePositives,
    confusion_metrics.TrueNegatives,
    confusion_metrics.FalseNegatives,
    confusion_metrics.Precision,
    confusion_metrics.Recall,
    confusion_metrics.PrecisionAtRecall,
    confusion_metrics.RecallAtPrecision,
    confusion_metrics.SensitivityAtSpecificity,
    confusion_metrics.SpecificityAtSensitivity,
    f_score_metrics.F1Score,
    f_score_metrics.FBetaScore,
    iou_metrics.IoU,
    iou_metrics.BinaryIoU,
    iou_metrics.MeanIoU,
    iou_metrics.OneHotIoU,
    iou_metrics.OneHotMeanIoU,
    probabilistic_metrics.BinaryCrossentropy,
    probabilistic_metrics.CategoricalCrossentropy,
    probabilistic_metrics.SparseCategoricalCrossentropy,
    probabilistic_metrics.KLDivergence,
    probabilistic_metrics.Poisson,
    probabilistic_metrics.Hinge,
    probabilistic_metrics.SquaredHinge,
    probabilistic_metrics.CategoricalHinge,
    regression_metrics.MeanSquaredError,
    regression_metrics.MeanAbsoluteError,
    regression_metrics.MeanAbsolutePercentageError,
    regression_metrics.MeanSquaredLogarithmicError,
    regression_metrics.RootMeanSquaredError,
    regression_metrics.CosineSimilarity,
    regression_metrics.LogCoshError,
    regression_metrics.R2Score,
    regression_metrics.PearsonCorrelation,
    regression_metrics.ConcordanceCorrelation,
    Mean,
    Sum,
)

_CLASSES: dict[str, type] = {}
for _cls in _CLASS_LIST:
    _CLASSES[_cls.__name__] = _cls
    _CLASSES[to_snake_case(_cls.__name__)] = _cls
_CLASSES.update(
    {
        "mse": regression_metrics.MeanSquaredError,
        "MSE": regression_metrics.MeanSquaredError,
        "mae": regression_metrics.MeanAbsoluteError,
        "MAE": regression_metrics.MeanAbsoluteError,
        "mape": regression_metrics.MeanAbsolutePercentageError,
        "MAPE": regression_metrics.MeanAbsolutePercentageError,
        "msle": regression_metrics.MeanSquaredLogarithmicError,
        "MSLE": regression_metrics.MeanSquaredLogarithmicError,
        "bce": probabilistic_metrics.BinaryCrossentropy,
        "BCE": probabilistic_metrics.BinaryCrossentropy,
    }
)


def _function_metrics() -> dict[str, Any]:
    """Loss functions without a metric class of their own, averaged as metrics."""
    from unison.losses import probabilistic, regression

    return {
        "binary_focal_crossentropy": probabilistic.binary_focal_crossentropy,
        "categorical_focal_crossentropy": probabilistic.categorical_focal_crossentropy,
        "huber": regression.huber,
        "log_cosh": regression.log_cosh,
    }


_ACCURACY = ("accuracy", "acc")
_CROSSENTROPY = ("crossentropy", "ce")


def names() -> list[str]:
    """Every name :func:`by_name` accepts (besides case variants of accuracy/crossentropy)."""
    return sorted({*_CLASSES, *_function_metrics(), *_ACCURACY, *_CROSSENTROPY})


def _is_number_tree(value: Any) -> bool:
    if isinstance(value, Number):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_number_tree(item) for item in value)
    return False


def _shape_of(value: Any) -> tuple | None:
    """The shape of a tensor-like ``value``; ``None`` if unknown or an ambiguous structure."""
    if value is None:
        return None
    shape = getattr(value, "shape", None)
    if shape is not None:
        try:
            return tuple(None if dim is None else int(dim) for dim in shape)
        except TypeError:
            return None
    if isinstance(value, dict):
        leaves = list(value.values())
        return _shape_of(leaves[0]) if len(leaves) == 1 else None
    if isinstance(value, (list, tuple)):
        if _is_number_tree(value):
            import numpy as np

            return tuple(np.shape(value))
        return _shape_of(value[0]) if len(value) == 1 else None
    return None


def classify(y_true: Any, y_pred: Any) -> tuple[bool, bool]:
    """``(is_binary, is_sparse_categorical)`` as Keras reads the label/prediction shapes."""
    pred_shape = _shape_of(y_pred)
    true_shape = _shape_of(y_true)
    if not pred_shape:
        return False, False
    pred_last = pred_shape[-1]
    is_binary = static_dim_is(pred_last, 1)
    if true_shape is None:
        return is_binary, False
    true_last = true_shape[-1] if true_shape else None
    is_sparse = len(true_shape) < len(pred_shape) or (
        static_dim_is(true_last, 1) and isinstance(pred_last, int) and pred_last > 1
    )
    return is_binary, is_sparse


def _pick(identifier: str, y_true: Any, y_pred: Any, binary: type, sparse: type, dense: type):
    is_binary, is_sparse = classify(y_true, y_pred)
    if is_binary:
        return binary(name=identifier)
    if is_sparse:
        return sparse(name=identifier)
    return dense(name=identifier)


def _build_if_possible(metric: Any, y_true: Any, y_pred: Any) -> None:
    """Create lazily-sized state now, when the shapes are known (keeps compiled steps pure)."""
    build = getattr(metric, "build_from_shapes", None)
    if build is None or getattr(metric, "_built", True):
        return
    true_shape, pred_shape = _shape_of(y_true), _shape_of(y_pred)
    if true_shape is None or pred_shape is None:
        return
    try:
        build(true_shape, pred_shape)
    except ValueError:
        return  # the first update_state reports the problem with the actual data


def by_name(name: str, y_true: Any = None, y_pred: Any = None) -> Any:
    """A new metric for the Keras name ``name``, named ``name`` (as ``compile`` does)."""
    if not isinstance(name, str):
        raise TypeError(f"Metric name must be a str; received {name!r} of type {type(name)}.")
    lowered = name.lower()
    if lowered in _ACCURACY:
        return _pick(
            name,
            y_true,
            y_pred,
            accuracy_metrics.BinaryAccuracy,
            accuracy_metrics.SparseCategoricalAccuracy,
            accuracy_metrics.CategoricalAccuracy,
        )
    if lowered in _CROSSENTROPY:
        return _pick(
            name,
            y_true,
            y_pred,
            probabilistic_metrics.BinaryCrossentropy,
            probabilistic_metrics.SparseCategoricalCrossentropy,
            probabilistic_metrics.CategoricalCrossentropy,
        )
    cls = _CLASSES.get(name)
    if cls is not None:
        try:
            metric = cls(name=name)
        except TypeError as error:
            raise ValueError(
                f"Metric {name!r} ({cls.__name__}) needs constructor arguments: pass an "
                f"instance such as {cls.__name__}(...) instead of the string. ({error})"
            ) from None
        _build_if_possible(metric, y_true, y_pred)
        return metric
    function = _function_metrics().get(name)
    if function is not None:
        return BuiltinMeanMetric(function, name=name)
    raise ValueError(f"Unknown metric name {name!r}. Valid names are: {', '.join(names())}.")
