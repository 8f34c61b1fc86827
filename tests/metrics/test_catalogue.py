"""Metric lookup by Keras name, including shape-driven "accuracy" / "crossentropy"."""

import numpy as np
import pytest

from unison import metrics
from unison.metrics import catalogue

BINARY = (np.zeros((6, 1), "float32"), np.zeros((6, 1), "float32"))
SPARSE = (np.zeros((6,), "int32"), np.zeros((6, 5), "float32"))
SPARSE_COLUMN = (np.zeros((6, 1), "int32"), np.zeros((6, 5), "float32"))
CATEGORICAL = (np.zeros((6, 5), "float32"), np.zeros((6, 5), "float32"))


@pytest.mark.parametrize(
    "shapes, accuracy, crossentropy",
    [
        (BINARY, metrics.BinaryAccuracy, metrics.BinaryCrossentropy),
        (SPARSE, metrics.SparseCategoricalAccuracy, metrics.SparseCategoricalCrossentropy),
        (SPARSE_COLUMN, metrics.SparseCategoricalAccuracy, metrics.SparseCategoricalCrossentropy),
        (CATEGORICAL, metrics.CategoricalAccuracy, metrics.CategoricalCrossentropy),
    ],
)
def test_shape_driven_resolution(shapes, accuracy, crossentropy):
    y_true, y_pred = shapes
    for name in ("accuracy", "acc", "Accuracy"):
        metric = metrics.get(name, y_true=y_true, y_pred=y_pred)
        assert type(metric) is accuracy and metric.name == name
    for name in ("crossentropy", "ce"):
        metric = metrics.get(name, y_true=y_true, y_pred=y_pred)
        assert type(metric) is crossentropy and metric.name == name


def test_resolution_from_python_lists_and_single_output_structures():
    metric = metrics.get("accuracy", y_true=[[1], [0]], y_pred=[[0.3], [0.8]])
    assert type(metric) is metrics.BinaryAccuracy
    metric = metrics.get("acc", y_true={"out": SPARSE[0]}, y_pred=SPARSE[1])
    assert type(metric) is metrics.SparseCategoricalAccuracy


@pytest.mark.parametrize(
    "name, cls",
    [
        ("mse", metrics.MeanSquaredError),
        ("MAE", metrics.MeanAbsoluteError),
        ("mape", metrics.MeanAbsolutePercentageError),
        ("msle", metrics.MeanSquaredLogarithmicError),
        ("bce", metrics.BinaryCrossentropy),
        ("mean_squared_error", metrics.MeanSquaredError),
        ("root_mean_squared_error", metrics.RootMeanSquaredError),
        ("auc", metrics.AUC),
        ("AUC", metrics.AUC),
        ("precision", metrics.Precision),
        ("recall", metrics.Recall),
        ("binary_accuracy", metrics.BinaryAccuracy),
        ("sparse_categorical_accuracy", metrics.SparseCategoricalAccuracy),
        ("sparse_top_k_categorical_accuracy", metrics.SparseTopKCategoricalAccuracy),
        ("categorical_crossentropy", metrics.CategoricalCrossentropy),
        ("true_positives", metrics.TruePositives),
        ("f1_score", metrics.F1Score),
        ("r2_score", metrics.R2Score),
        ("log_cosh_error", metrics.LogCoshError),
        ("pearson_correlation", metrics.PearsonCorrelation),
        ("mean", metrics.Mean),
    ],
)
def test_names(name, cls):
    metric = metrics.get(name)
    assert type(metric) is cls
    assert metric.name == name


def test_function_names_without_classes_become_mean_metrics():
    metric = metrics.get("huber")
    assert isinstance(metric, metrics.MeanMetricWrapper) and metric.name == "huber"


def test_lazily_sized_metrics_are_built_from_shapes():
    y_true, y_pred = CATEGORICAL
    metric = metrics.get("f1_score", y_true=y_true, y_pred=y_pred)
    assert len(metric.variables) == 4 and metric.variables[0].shape == (5,)
    metric = metrics.get("r2_score", y_true=y_true, y_pred=y_pred)
    assert len(metric.variables) == 5


def test_errors():
    with pytest.raises(ValueError, match="Unknown metric name 'acuracy'") as info:
        catalogue.by_name("acuracy")
    assert "sparse_categorical_accuracy" in str(info.value)
    with pytest.raises(ValueError, match="needs constructor arguments"):
        catalogue.by_name("mean_io_u")
    instance = metrics.AUC()
    assert metrics.get(instance) is instance
