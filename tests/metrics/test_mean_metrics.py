"""Accuracy, regression, probabilistic and hinge metrics (running means) against NumPy, with
batches, sample weights and reset_state, on every backend. Tolerance: rtol 1e-4, atol 1e-5."""

import numpy as np
import pytest

from tests.losses import references as loss_ref
from tests.metrics import references as ref
from unison import metrics, ops

RTOL, ATOL = 1e-4, 1e-5
rng = np.random.default_rng(3)
BATCH, CLASSES = 8, 4
LABELS = rng.integers(0, CLASSES, BATCH)
ONE_HOT = np.eye(CLASSES, dtype="float32")[LABELS]
LOGITS = rng.normal(size=(BATCH, CLASSES)).astype("float32")
PROBS = loss_ref.softmax(LOGITS).astype("float32")
Y_BINARY = (rng.random((BATCH, 1)) > 0.5).astype("float32")
P_BINARY = rng.random((BATCH, 1)).astype("float32")
Y_MULTI = (rng.random((BATCH, CLASSES)) > 0.5).astype("float32")
P_MULTI = (rng.random((BATCH, CLASSES)) * 0.96 + 0.02).astype("float32")
Y_REAL = rng.normal(size=(BATCH, CLASSES)).astype("float32")
P_REAL = (Y_REAL + 0.5 * rng.normal(size=(BATCH, CLASSES))).astype("float32")
WEIGHTS = rng.random(BATCH).astype("float32")


def top_k_hits(labels, scores, k):
    order = np.argsort(-scores, axis=-1, kind="stable")[:, :k]
    return np.array([label in row for label, row in zip(labels, order)], np.float64)


def pearson(t, p):
    tc = t - t.mean(-1, keepdims=True)
    pc = p - p.mean(-1, keepdims=True)
    return np.mean((tc / tc.std(-1, keepdims=True)) * (pc / pc.std(-1, keepdims=True)), axis=-1)


def concordance(t, p):
    tm, pm = t.mean(-1, keepdims=True), p.mean(-1, keepdims=True)
    norm = (t - tm).var(-1, keepdims=True) + (p - pm).var(-1, keepdims=True) + (tm - pm) ** 2
    return np.mean(2 * (t - pm) * (p - pm) / (norm + 1e-7), axis=-1)


def cosine(t, p):
    return -loss_ref.cosine_similarity(t, p)


# (class name, kwargs, y_true, y_pred, per-sample reference values)
CASES = [
    ("Accuracy", {}, LABELS, rng.integers(0, CLASSES, BATCH), None),
    ("BinaryAccuracy", {}, Y_BINARY, P_BINARY, (Y_BINARY == (P_BINARY > 0.5))[:, 0]),
    ("BinaryAccuracy", {"threshold": 0.3}, Y_MULTI, P_MULTI, (Y_MULTI == (P_MULTI > 0.3))),
    ("CategoricalAccuracy", {}, ONE_HOT, PROBS, LABELS == PROBS.argmax(-1)),
    ("SparseCategoricalAccuracy", {}, LABELS, PROBS, LABELS == PROBS.argmax(-1)),
    ("SparseCategoricalAccuracy", {}, LABELS[:, None], PROBS, LABELS == PROBS.argmax(-1)),
    ("TopKCategoricalAccuracy", {"k": 2}, ONE_HOT, PROBS, top_k_hits(LABELS, PROBS, 2)),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, LABELS, PROBS, top_k_hits(LABELS, PROBS, 2)),
    (
        "SparseTopKCategoricalAccuracy",
        {"k": 2, "from_sorted_ids": True},
        LABELS,
        np.argsort(-PROBS, axis=-1).astype("int32"),
        top_k_hits(LABELS, PROBS, 2),
    ),
    ("MeanSquaredError", {}, Y_REAL, P_REAL, loss_ref.mse(Y_REAL, P_REAL)),
    ("MeanAbsoluteError", {}, Y_REAL, P_REAL, loss_ref.mae(Y_REAL, P_REAL)),
    ("MeanAbsolutePercentageError", {}, Y_REAL, P_REAL, loss_ref.mape(Y_REAL, P_REAL)),
    (
        "MeanSquaredLogarithmicError",
        {},
        np.abs(Y_REAL),
        np.abs(P_REAL),
        loss_ref.msle(np.abs(Y_REAL), np.abs(P_REAL)),
    ),
    ("CosineSimilarity", {}, Y_REAL, P_REAL, cosine(Y_REAL, P_REAL)),
    ("LogCoshError", {}, Y_REAL, P_REAL, loss_ref.log_cosh(Y_REAL, P_REAL)),
    ("PearsonCorrelation", {}, Y_REAL, P_REAL, pearson(Y_REAL, P_REAL)),
    ("ConcordanceCorrelation", {}, Y_REAL, P_REAL, concordance(Y_REAL, P_REAL)),
    ("BinaryCrossentropy", {}, Y_MULTI, P_MULTI, loss_ref.binary_crossentropy(Y_MULTI, P_MULTI)),
    (
        "BinaryCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        Y_MULTI,
        LOGITS,
        loss_ref.binary_crossentropy(Y_MULTI, LOGITS, True, 0.1),
    ),
    (
        "CategoricalCrossentropy",
        {"label_smoothing": 0.2},
        ONE_HOT,
        PROBS,
        loss_ref.categorical_crossentropy(ONE_HOT, PROBS, False, 0.2),
    ),
    (
        "SparseCategoricalCrossentropy",
        {"from_logits": True},
        LABELS,
        LOGITS,
        loss_ref.sparse_categorical_crossentropy(LABELS, LOGITS, True),
    ),
    ("KLDivergence", {}, ONE_HOT, PROBS, loss_ref.kl_divergence(ONE_HOT, PROBS)),
    (
        "Poisson",
        {},
        np.abs(Y_REAL),
        np.abs(P_REAL),
        loss_ref.poisson(np.abs(Y_REAL), np.abs(P_REAL)),
    ),
    ("Hinge", {}, Y_MULTI, P_REAL, loss_ref.hinge(Y_MULTI, P_REAL)),
    ("SquaredHinge", {}, Y_MULTI, P_REAL, loss_ref.squared_hinge(Y_MULTI, P_REAL)),
    ("CategoricalHinge", {}, ONE_HOT, P_REAL, loss_ref.categorical_hinge(ONE_HOT, P_REAL)),
]
CASES[0] = (*CASES[0][:4], (CASES[0][2] == CASES[0][3]))
IDS = [f"{case[0]}-{index}" for index, case in enumerate(CASES)]


def run_batches(metric, y_true, y_pred, weights, zero_after_reset=True):
    """Unweighted first half, weighted second half, then reset and one weighted batch."""
    half = len(y_true) // 2
    metric.update_state(y_true[:half], y_pred[:half])
    first = ops.convert_to_numpy(metric.result())
    metric.update_state(y_true[half:], y_pred[half:], sample_weight=weights[half:])
    second = ops.convert_to_numpy(metric.result())
    metric.reset_state()
    if zero_after_reset:
        assert float(ops.convert_to_numpy(metric.result())) == 0.0
    metric.update_state(y_true, y_pred, sample_weight=weights)
    third = ops.convert_to_numpy(metric.result())
    return first, second, third


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_mean_metric_matches_reference(backend, case):
    name, kwargs, y_true, y_pred, per_sample = case
    per_sample = np.asarray(per_sample, np.float64)
    half = BATCH // 2
    sample_values = per_sample.reshape(BATCH, -1).mean(axis=1)
    combined_weights = np.concatenate([np.ones(half), WEIGHTS[half:]])
    expected = (
        ref.weighted_mean(per_sample[:half]),
        ref.weighted_mean(sample_values, combined_weights),
        ref.weighted_mean(per_sample, WEIGHTS),
    )
    metric = getattr(metrics, name)(**kwargs)
    for got, want in zip(run_batches(metric, y_true, y_pred, WEIGHTS), expected):
        np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL)
        assert got.dtype == np.float32


def test_root_mean_squared_error(backend):
    metric = metrics.RootMeanSquaredError()
    got = run_batches(metric, Y_REAL, P_REAL, WEIGHTS)[2]
    want = np.sqrt(ref.weighted_mean(loss_ref.mse(Y_REAL, P_REAL), WEIGHTS))
    np.testing.assert_allclose(got, want, rtol=RTOL)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"class_aggregation": "variance_weighted_average", "num_regressors": 2},
        {"class_aggregation": None},
        {"num_regressors": 100},
    ],
)
def test_r2_score(backend, kwargs):
    metric = metrics.R2Score(**kwargs)
    got = run_batches(metric, Y_REAL, P_REAL, WEIGHTS, zero_after_reset=False)[2]
    want = ref.r2(
        Y_REAL.astype(np.float64),
        P_REAL.astype(np.float64),
        WEIGHTS.astype(np.float64),
        kwargs.get("class_aggregation", "uniform_average"),
        kwargs.get("num_regressors", 0),
    )
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_sparse_crossentropy_ignore_class_weights(backend):
    labels = np.array([0, 2, 1, 3, 1, 0, 2, 1])
    metric = metrics.SparseCategoricalCrossentropy(from_logits=True, ignore_class=1)
    per_sample = loss_ref.sparse_categorical_crossentropy(
        np.where(labels == 1, 0, labels), LOGITS, True
    )
    per_sample = np.where(labels == 1, 0.0, per_sample)
    metric.update_state(labels, LOGITS)
    # As in Keras, without sample weights the ignored entries count as zeros.
    np.testing.assert_allclose(ops.convert_to_numpy(metric.result()), per_sample.mean(), 1e-4)
    metric.reset_state()
    metric.update_state(labels, LOGITS, sample_weight=WEIGHTS)
    valid = labels != 1
    want = (per_sample * WEIGHTS * valid).sum() / (WEIGHTS * valid).sum()
    np.testing.assert_allclose(ops.convert_to_numpy(metric.result()), want, rtol=1e-4)


def test_metric_functions(backend):
    np.testing.assert_allclose(
        ops.convert_to_numpy(metrics.sparse_categorical_accuracy(LABELS, PROBS)),
        (LABELS == PROBS.argmax(-1)).astype(np.float32),
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(metrics.top_k_categorical_accuracy(ONE_HOT, PROBS, k=3)),
        top_k_hits(LABELS, PROBS, 3),
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(metrics.binary_accuracy(Y_MULTI, P_MULTI, threshold=0.7)),
        (Y_MULTI == (P_MULTI > 0.7)).astype(np.float32),
    )
    np.testing.assert_allclose(
        ops.convert_to_numpy(metrics.pearson_correlation(Y_REAL, P_REAL)),
        pearson(Y_REAL, P_REAL),
        rtol=1e-4,
    )
    assert metrics.mean_squared_error is not None and metrics.huber is not None


def test_configs_match_keras():
    assert metrics.BinaryAccuracy().get_config() == {
        "name": "binary_accuracy",
        "dtype": "float32",
        "threshold": 0.5,
    }
    assert metrics.LogCoshError().get_config() == {"name": "logcosh", "dtype": "float32"}
    assert metrics.SparseTopKCategoricalAccuracy(k=3).get_config() == {
        "name": "sparse_top_k_categorical_accuracy",
        "dtype": "float32",
        "k": 3,
    }
    assert metrics.SparseCategoricalCrossentropy(ignore_class=2).get_config() == {
        "name": "sparse_categorical_crossentropy",
        "dtype": "float32",
        "from_logits": False,
        "ignore_class": 2,
        "axis": -1,
    }
    assert metrics.R2Score().get_config() == {
        "name": "r2_score",
        "dtype": "float32",
        "class_aggregation": "uniform_average",
        "num_regressors": 0,
    }


def test_serialize_round_trip():
    metric = metrics.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    config = metrics.serialize(metric)
    assert config["module"] == "keras.metrics"
    restored = metrics.deserialize(config)
    assert type(restored) is metrics.CategoricalCrossentropy
    assert restored.get_config() == metric.get_config()


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision(backend, dtype):
    metric = metrics.MeanSquaredError(dtype=dtype)
    metric.update_state(Y_REAL, P_REAL)
    result = metric.result()
    assert ops.dtype(result) == dtype
    want = loss_ref.mse(Y_REAL, P_REAL).mean()
    np.testing.assert_allclose(
        ops.convert_to_numpy(ops.cast(result, "float32")), want, rtol=3e-2, atol=3e-2
    )
