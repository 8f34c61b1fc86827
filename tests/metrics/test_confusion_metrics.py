"""Threshold metrics (confusion counts, Precision, Recall, X-at-Y, AUC) against NumPy, on
every backend. Tolerance: rtol 1e-4, atol 1e-5."""

import numpy as np
import pytest

from tests.metrics import references as ref
from unison import metrics, ops

RTOL, ATOL = 1e-4, 1e-5
rng = np.random.default_rng(11)
BATCH, CLASSES = 10, 4
Y = (rng.random((BATCH, CLASSES)) > 0.5).astype("float32")
P = rng.random((BATCH, CLASSES)).astype("float32")
P[0, 0], P[1, 1], P[2, 2] = 0.0, 1.0, 0.5  # predictions exactly on thresholds
WEIGHTS = rng.random(BATCH).astype("float32")
W2D = np.broadcast_to(WEIGHTS[:, None], Y.shape)


def result_of(metric, y_true=Y, y_pred=P, weights=WEIGHTS):
    metric.update_state(y_true[:4], y_pred[:4])
    metric.update_state(y_true[4:], y_pred[4:], sample_weight=weights[4:])
    return ops.convert_to_numpy(metric.result())


def batch_weights():
    return np.concatenate([np.ones(4), WEIGHTS[4:]])[:, None] * np.ones((1, CLASSES))


@pytest.mark.parametrize("key", ["tp", "fp", "tn", "fn"])
@pytest.mark.parametrize("thresholds", [None, [0.15, 0.5], [0.0, 0.5, 1.0]])
def test_confusion_counts(backend, key, thresholds):
    cls = {
        "tp": metrics.TruePositives,
        "fp": metrics.FalsePositives,
        "tn": metrics.TrueNegatives,
        "fn": metrics.FalseNegatives,
    }[key]
    got = result_of(cls(thresholds=thresholds))
    counts = ref.confusion_counts(Y, P, thresholds or [0.5], batch_weights())
    want = counts[key][0] if thresholds is None else counts[key]
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize("thresholds", [None, [0.2, 0.7], [0.0, 0.25, 0.5, 0.75, 1.0]])
def test_precision_and_recall(backend, thresholds):
    counts = ref.confusion_counts(Y, P, thresholds or [0.5], batch_weights())
    precision = ref.ratio(counts["tp"], counts["fp"])
    recall = ref.ratio(counts["tp"], counts["fn"])
    if thresholds is None:
        precision, recall = precision[0], recall[0]
    got = result_of(metrics.Precision(thresholds=thresholds))
    np.testing.assert_allclose(got, precision, rtol=RTOL, atol=ATOL)
    got = result_of(metrics.Recall(thresholds=thresholds))
    np.testing.assert_allclose(got, recall, rtol=RTOL, atol=ATOL)


def test_precision_top_k_and_class_id(backend):
    top2 = np.argsort(-P, axis=1)[:, :2]
    kept = np.zeros_like(P, dtype=bool)
    np.put_along_axis(kept, top2, True, axis=1)
    counts = ref.confusion_counts(Y, np.where(kept, P, -1e10), [-1e10], batch_weights())
    got = result_of(metrics.Precision(top_k=2))
    np.testing.assert_allclose(got, ref.ratio(counts["tp"], counts["fp"])[0], rtol=RTOL)
    counts = ref.confusion_counts(Y[:, 2], P[:, 2], [0.5], batch_weights()[:, 0])
    got = result_of(metrics.Recall(class_id=2))
    np.testing.assert_allclose(got, ref.ratio(counts["tp"], counts["fn"])[0], rtol=RTOL)


def _even_thresholds(count):
    inner = [(i + 1) / (count - 1) for i in range(count - 2)]
    return [0.0, *inner, 1.0]


@pytest.mark.parametrize(
    "name, kwargs, constrained, dependent",
    [
        ("SensitivityAtSpecificity", {"specificity": 0.4}, "specificity", "sensitivity"),
        ("SpecificityAtSensitivity", {"sensitivity": 0.7}, "sensitivity", "specificity"),
        ("PrecisionAtRecall", {"recall": 0.5, "num_thresholds": 50}, "sensitivity", "precision"),
        ("RecallAtPrecision", {"precision": 0.6}, "precision", "sensitivity"),
    ],
)
def test_value_at_constraint(backend, name, kwargs, constrained, dependent):
    counts = ref.confusion_counts(
        Y, P, _even_thresholds(kwargs.get("num_thresholds", 200)), batch_weights()
    )
    rates = {
        "sensitivity": ref.ratio(counts["tp"], counts["fn"]),
        "specificity": ref.ratio(counts["tn"], counts["fp"]),
        "precision": ref.ratio(counts["tp"], counts["fp"]),
    }
    value = next(iter(value for key, value in kwargs.items() if key != "num_thresholds"))
    feasible = rates[constrained] >= value
    want = max(np.max(np.where(feasible, rates[dependent], 0.0)), 0.0)
    got = result_of(getattr(metrics, name)(**kwargs))
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"curve": "PR"},
        {"curve": "PR", "summation_method": "majoring", "num_thresholds": 7},
        {"summation_method": "minoring", "num_thresholds": 13},
    ],
)
def test_auc(backend, kwargs):
    thresholds = ref.auc_thresholds(kwargs.get("num_thresholds", 200))
    counts = ref.confusion_counts(Y, P, thresholds, batch_weights())
    want = ref.auc_from_counts(
        counts, kwargs.get("curve", "ROC"), kwargs.get("summation_method", "interpolation")
    )
    got = result_of(metrics.AUC(**kwargs))
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)


def test_auc_explicit_thresholds_and_logits(backend):
    counts = ref.confusion_counts(Y, P, [-1e-7, 0.1, 0.35, 0.8, 1 + 1e-7], batch_weights())
    got = result_of(metrics.AUC(thresholds=[0.8, 0.1, 0.35]))
    np.testing.assert_allclose(got, ref.auc_from_counts(counts), rtol=RTOL, atol=ATOL)
    logits = np.log(np.clip(P, 1e-4, 1 - 1e-4) / np.clip(1 - P, 1e-4, 1))
    got = result_of(metrics.AUC(from_logits=True, num_thresholds=50), y_pred=logits)
    probabilities = 1 / (1 + np.exp(-logits))
    counts = ref.confusion_counts(Y, probabilities, ref.auc_thresholds(50), batch_weights())
    np.testing.assert_allclose(got, ref.auc_from_counts(counts), rtol=1e-3, atol=1e-4)


def test_auc_multi_label_and_label_weights(backend):
    thresholds = ref.auc_thresholds(200)
    per_label = [
        ref.auc_from_counts(
            ref.confusion_counts(Y[:, j], P[:, j], thresholds, batch_weights()[:, j]), "PR"
        )
        for j in range(CLASSES)
    ]
    label_weights = np.array([1.0, 2.0, 0.5, 1.0])
    got = result_of(metrics.AUC(curve="PR", multi_label=True))
    np.testing.assert_allclose(got, np.mean(per_label), rtol=RTOL, atol=ATOL)
    got = result_of(
        metrics.AUC(curve="PR", multi_label=True, num_labels=CLASSES, label_weights=label_weights)
    )
    want = np.sum(np.array(per_label) * label_weights) / label_weights.sum()
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)
    counts = ref.confusion_counts(Y, P, thresholds, batch_weights() * label_weights)
    got = result_of(metrics.AUC(label_weights=label_weights))
    np.testing.assert_allclose(got, ref.auc_from_counts(counts), rtol=RTOL, atol=ATOL)


def test_reset_state_and_configs(backend):
    metric = metrics.AUC(thresholds=[0.3, 0.6])
    result_of(metric)
    metric.reset_state()
    assert float(ops.convert_to_numpy(metric.result())) == 0.0
    config = metric.get_config()
    assert config["thresholds"] == [0.3, 0.6] and config["num_thresholds"] == 4
    assert config["curve"] == "ROC" and config["summation_method"] == "interpolation"
    restored = metrics.AUC.from_config(config)
    assert restored.get_config() == config
    assert metrics.Precision(top_k=2).get_config() == {
        "name": "precision",
        "dtype": "float32",
        "thresholds": None,
        "top_k": 2,
        "class_id": None,
    }
    assert metrics.SensitivityAtSpecificity(0.5).get_config() == {
        "name": "sensitivity_at_specificity",
        "dtype": "float32",
        "class_id": None,
        "num_thresholds": 200,
        "specificity": 0.5,
    }


def test_invalid_arguments():
    with pytest.raises(ValueError, match="Threshold"):
        metrics.Precision(thresholds=[0.5, 1.5])
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="curve"):
        metrics.AUC(curve="DET")
    with pytest.raises(ValueError, match="recall"):
        metrics.PrecisionAtRecall(recall=1.2)
    with pytest.raises(ValueError, match="num_labels"):
        metrics.AUC(num_labels=3)
