"""IoU family and F-beta / F1 scores against NumPy, on every backend."""

import numpy as np
import pytest

from tests.metrics import references as ref
from unison import metrics, ops

rng = np.random.default_rng(5)
BATCH, CLASSES = 8, 4
SEG_TRUE = rng.integers(0, 3, (BATCH, 5))
SEG_PRED = rng.integers(0, 3, (BATCH, 5))
SEG_WEIGHTS = np.broadcast_to(rng.integers(0, 3, BATCH)[:, None], SEG_TRUE.shape).copy()
LABELS = rng.integers(0, CLASSES, BATCH)
ONE_HOT = np.eye(CLASSES, dtype="float32")[LABELS]
SCORES = rng.random((BATCH, CLASSES)).astype("float32")
Y_MULTI = (rng.random((BATCH, CLASSES)) > 0.5).astype("float32")
WEIGHTS = rng.random(BATCH).astype("float32")


def seg_matrix(ignore=None):
    labels, predictions = SEG_TRUE.reshape(-1), SEG_PRED.reshape(-1)
    weights = SEG_WEIGHTS.reshape(-1).astype(np.float64)
    if ignore is not None:
        weights = np.where(labels == ignore, 0.0, weights)
    return ref.confusion_matrix(labels, predictions, 3, weights)


@pytest.mark.parametrize(
    "cls, kwargs, targets",
    [
        (metrics.IoU, {"num_classes": 3, "target_class_ids": [0, 2]}, [0, 2]),
        (metrics.MeanIoU, {"num_classes": 3}, [0, 1, 2]),
    ],
)
def test_iou_on_class_ids(backend, cls, kwargs, targets):
    metric = cls(**kwargs)
    metric.update_state(SEG_TRUE[:4], SEG_PRED[:4], sample_weight=SEG_WEIGHTS[:4])
    metric.update_state(SEG_TRUE[4:], SEG_PRED[4:], sample_weight=SEG_WEIGHTS[4:])
    got = ops.convert_to_numpy(metric.result())
    np.testing.assert_allclose(got, ref.iou(seg_matrix(), targets), rtol=1e-5)
    metric.reset_state()
    assert float(ops.convert_to_numpy(metric.result())) == 0.0


def test_mean_iou_ignore_class_and_out_of_range(backend):
    metric = metrics.MeanIoU(num_classes=3, ignore_class=1)
    metric.update_state(SEG_TRUE, SEG_PRED, sample_weight=SEG_WEIGHTS)
    got = ops.convert_to_numpy(metric.result())
    np.testing.assert_allclose(got, ref.iou(seg_matrix(ignore=1), [0, 1, 2]), rtol=1e-5)
    metric = metrics.MeanIoU(num_classes=2)
    metric.update_state([0, 1, 5, 1], [0, 1, 1, -1])
    np.testing.assert_allclose(ops.convert_to_numpy(metric.result()), 1.0, rtol=1e-5)


def test_binary_and_one_hot_iou(backend):
    metric = metrics.BinaryIoU(threshold=0.4)
    metric.update_state(Y_MULTI, SCORES)
    matrix = ref.confusion_matrix(
        Y_MULTI.reshape(-1).astype(int), (SCORES.reshape(-1) >= 0.4).astype(int), 2
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(metric.result()), ref.iou(matrix, [0, 1]), rtol=1e-5
    )
    matrix = ref.confusion_matrix(LABELS, SCORES.argmax(-1), CLASSES)
    metric = metrics.OneHotIoU(num_classes=CLASSES, target_class_ids=[1, 3])
    metric.update_state(ONE_HOT, SCORES)
    np.testing.assert_allclose(
        ops.convert_to_numpy(metric.result()), ref.iou(matrix, [1, 3]), rtol=1e-5
    )
    metric = metrics.OneHotMeanIoU(num_classes=CLASSES)
    metric.update_state(ONE_HOT, SCORES)
    np.testing.assert_allclose(
        ops.convert_to_numpy(metric.result()), ref.iou(matrix, list(range(CLASSES))), rtol=1e-5
    )


def test_iou_configs():
    assert metrics.MeanIoU(3).get_config() == {
        "num_classes": 3,
        "name": "mean_io_u",
        "dtype": "int32",
        "ignore_class": None,
        "sparse_y_true": True,
        "sparse_y_pred": True,
        "axis": -1,
    }
    assert metrics.BinaryIoU().get_config() == {
        "target_class_ids": [0, 1],
        "threshold": 0.5,
        "name": "binary_io_u",
        "dtype": "int32",
    }
    with pytest.raises(ValueError, match="out of range"):
        metrics.IoU(num_classes=2, target_class_ids=[2])


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"average": "micro", "threshold": 0.3},
        {"average": "macro"},
        {"average": "weighted", "beta": 2.0, "threshold": 0.4},
    ],
)
def test_fbeta_score(backend, kwargs):
    beta = kwargs.get("beta", 1.0)
    threshold = kwargs.get("threshold")
    if threshold is None:
        predicted = (SCORES >= SCORES.max(-1, keepdims=True)).astype(np.float64)
    else:
        predicted = (SCORES > threshold).astype(np.float64)
    want = ref.fbeta(Y_MULTI, predicted, beta, kwargs.get("average"), WEIGHTS)
    cls = metrics.FBetaScore if "beta" in kwargs else metrics.F1Score
    metric = cls(**kwargs)
    metric.update_state(Y_MULTI, SCORES, sample_weight=WEIGHTS)
    np.testing.assert_allclose(ops.convert_to_numpy(metric.result()), want, rtol=1e-4, atol=1e-6)
    metric.reset_state()
    np.testing.assert_allclose(ops.convert_to_numpy(metric.result()), np.zeros_like(want))


def test_fbeta_validation_and_config():
    with pytest.raises(ValueError, match="average"):
        metrics.FBetaScore(average="samples")
    with pytest.raises(ValueError, match="beta"):
        metrics.FBetaScore(beta=2)
    with pytest.raises(ValueError, match="threshold"):
        metrics.F1Score(threshold=1.5)
    assert metrics.F1Score(average="macro").get_config() == {
        "name": "f1_score",
        "dtype": "float32",
        "average": "macro",
        "threshold": None,
    }
    with pytest.raises(ValueError, match="2D"):
        metrics.F1Score().update_state(LABELS, SCORES)
