"""Built-in loss classes against NumPy references, every reduction, with and without
sample weights, on every backend. Tolerance: rtol 1e-4, atol 1e-5 (float32 results)."""

import numpy as np
import pytest

from tests.losses import references as ref
from unison import losses, ops

RTOL, ATOL = 1e-4, 1e-5
REDUCTIONS = ["sum_over_batch_size", "sum", "mean", "none", "mean_with_sample_weight"]

rng = np.random.default_rng(7)
BATCH, CLASSES = 5, 4
Y_REAL = rng.normal(size=(BATCH, CLASSES)).astype("float32")
P_REAL = rng.normal(size=(BATCH, CLASSES)).astype("float32")
Y_POSITIVE = np.abs(Y_REAL) + 0.1
P_POSITIVE = np.abs(P_REAL) + 0.1
Y_BINARY = (rng.random((BATCH, CLASSES)) > 0.5).astype("float32")
P_PROB = (rng.random((BATCH, CLASSES)) * 0.96 + 0.02).astype("float32")
Y_SIGNED = np.where(Y_BINARY > 0, 1.0, -1.0).astype("float32")
LABELS = rng.integers(0, CLASSES, BATCH)
Y_ONE_HOT = np.eye(CLASSES, dtype="float32")[LABELS]
LOGITS = rng.normal(size=(BATCH, CLASSES)).astype("float32")
P_SOFTMAX = ref.softmax(LOGITS).astype("float32")
WEIGHTS = np.array([1.0, 0.5, 0.0, 2.0, 1.5], "float32")

# (class name, constructor kwargs, y_true, y_pred, reference per-sample function)
CASES = [
    ("MeanSquaredError", {}, Y_REAL, P_REAL, ref.mse),
    ("MeanAbsoluteError", {}, Y_REAL, P_REAL, ref.mae),
    ("MeanAbsolutePercentageError", {}, Y_REAL, P_REAL, ref.mape),
    ("MeanSquaredLogarithmicError", {}, Y_POSITIVE, P_POSITIVE, ref.msle),
    ("CosineSimilarity", {}, Y_REAL, P_REAL, ref.cosine_similarity),
    ("Huber", {"delta": 0.6}, Y_REAL, P_REAL, lambda t, p: ref.huber(t, p, 0.6)),
    ("LogCosh", {}, Y_REAL, P_REAL, ref.log_cosh),
    ("Hinge", {}, Y_BINARY, P_REAL, ref.hinge),
    ("Hinge", {}, Y_SIGNED, P_REAL, ref.hinge),
    ("SquaredHinge", {}, Y_BINARY, P_REAL, ref.squared_hinge),
    ("CategoricalHinge", {}, Y_ONE_HOT, P_REAL, ref.categorical_hinge),
    ("KLDivergence", {}, Y_ONE_HOT, P_SOFTMAX, ref.kl_divergence),
    ("Poisson", {}, Y_POSITIVE, P_POSITIVE, ref.poisson),
    ("BinaryCrossentropy", {}, Y_BINARY, P_PROB, ref.binary_crossentropy),
    (
        "BinaryCrossentropy",
        {"from_logits": True, "label_smoothing": 0.2},
        Y_BINARY,
        LOGITS,
        lambda t, p: ref.binary_crossentropy(t, p, True, 0.2),
    ),
    (
        "BinaryFocalCrossentropy",
        {"apply_class_balancing": True, "alpha": 0.4, "gamma": 1.5},
        Y_BINARY,
        P_PROB,
        lambda t, p: ref.binary_focal_crossentropy(t, p, True, 0.4, 1.5),
    ),
    (
        "BinaryFocalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        Y_BINARY,
        LOGITS,
        lambda t, p: ref.binary_focal_crossentropy(t, p, from_logits=True, label_smoothing=0.1),
    ),
    ("CategoricalCrossentropy", {}, Y_ONE_HOT, P_SOFTMAX, ref.categorical_crossentropy),
    (
        "CategoricalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.1},
        Y_ONE_HOT,
        LOGITS,
        lambda t, p: ref.categorical_crossentropy(t, p, True, 0.1),
    ),
    (
        "CategoricalFocalCrossentropy",
        {"alpha": 0.3, "gamma": 2.5},
        Y_ONE_HOT,
        P_SOFTMAX,
        lambda t, p: ref.categorical_focal_crossentropy(t, p, 0.3, 2.5),
    ),
    (
        "CategoricalFocalCrossentropy",
        {"from_logits": True, "label_smoothing": 0.2},
        Y_ONE_HOT,
        LOGITS,
        lambda t, p: ref.categorical_focal_crossentropy(
            t, p, from_logits=True, label_smoothing=0.2
        ),
    ),
    ("SparseCategoricalCrossentropy", {}, LABELS, P_SOFTMAX, ref.sparse_categorical_crossentropy),
    (
        "SparseCategoricalCrossentropy",
        {"from_logits": True},
        LABELS[:, None],
        LOGITS,
        lambda t, p: ref.sparse_categorical_crossentropy(t[:, 0], p, True),
    ),
    (
        "CategoricalGeneralizedCrossEntropy",
        {"q": 0.7},
        LABELS,
        P_SOFTMAX,
        lambda t, p: ref.generalized_cross_entropy(t, p, 0.7),
    ),
    ("Dice", {"axis": 1}, Y_BINARY, P_PROB, lambda t, p: ref.dice(t, p, axis=1)),
    (
        "Tversky",
        {"alpha": 0.3, "beta": 0.7, "axis": -1},
        Y_BINARY,
        P_PROB,
        lambda t, p: ref.tversky(t, p, 0.3, 0.7, axis=-1),
    ),
]
IDS = [f"{case[0]}-{index}" for index, case in enumerate(CASES)]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_loss_matches_reference(backend, case):
    name, kwargs, y_true, y_pred, reference = case
    expected = reference(y_true.astype(np.float64), y_pred.astype(np.float64))
    for reduction in REDUCTIONS:
        for weights in (None, WEIGHTS):
            loss = getattr(losses, name)(reduction=reduction, **kwargs)
            got = ops.convert_to_numpy(loss(y_true, y_pred, sample_weight=weights))
            want = ref.reduce(expected, weights, reduction)
            assert got.shape == np.shape(want), (reduction, got.shape)
            np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=reduction)
            assert ops.dtype(loss(y_true, y_pred)) == "float32"


FUNCTION_NAMES = {
    "MeanSquaredError": "mean_squared_error",
    "MeanAbsoluteError": "mean_absolute_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "CosineSimilarity": "cosine_similarity",
    "Huber": "huber",
    "LogCosh": "log_cosh",
    "Hinge": "hinge",
    "SquaredHinge": "squared_hinge",
    "CategoricalHinge": "categorical_hinge",
    "KLDivergence": "kl_divergence",
    "Poisson": "poisson",
    "BinaryCrossentropy": "binary_crossentropy",
    "BinaryFocalCrossentropy": "binary_focal_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "CategoricalFocalCrossentropy": "categorical_focal_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "CategoricalGeneralizedCrossEntropy": "categorical_generalized_cross_entropy",
    "Dice": "dice",
    "Tversky": "tversky",
}


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_loss_function_matches_reference(backend, case):
    name, kwargs, y_true, y_pred, reference = case
    function = getattr(losses, FUNCTION_NAMES[name])
    got = ops.convert_to_numpy(function(y_true, y_pred, **kwargs))
    expected = reference(y_true.astype(np.float64), y_pred.astype(np.float64))
    np.testing.assert_allclose(got, expected, rtol=RTOL, atol=ATOL)


def test_rank_alignment_of_column_labels(backend):
    column = Y_REAL[:, :1]
    got = ops.convert_to_numpy(losses.MeanSquaredError()(column, P_REAL[:, 0]))
    np.testing.assert_allclose(got, np.mean((Y_REAL[:, 0] - P_REAL[:, 0]) ** 2), rtol=RTOL)


def test_sparse_ignore_class_masks_entries(backend):
    labels = np.array([0, 2, -1, 3, -1])
    loss = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    per_sample = ref.sparse_categorical_crossentropy(np.maximum(labels, 0), LOGITS, True)
    valid = labels != -1
    want = per_sample[valid].mean()
    np.testing.assert_allclose(ops.convert_to_numpy(loss(labels, LOGITS)), want, rtol=RTOL)
    none = losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction="none")
    np.testing.assert_allclose(
        ops.convert_to_numpy(none(labels, LOGITS)), np.where(valid, per_sample, 0.0), rtol=RTOL
    )
    weighted = ops.convert_to_numpy(loss(labels, LOGITS, sample_weight=WEIGHTS))
    np.testing.assert_allclose(
        weighted, ref.reduce(per_sample, WEIGHTS, mask=valid), rtol=RTOL, atol=ATOL
    )


def test_mask_on_predictions_averages_valid_entries(backend):
    from unison.layers.masking_utils import set_mask

    prediction = ops.convert_to_tensor(P_REAL)
    mask = ops.convert_to_tensor(np.array([True, False, True, True, False]))
    set_mask(prediction, mask)
    got = ops.convert_to_numpy(losses.MeanSquaredError()(Y_REAL, prediction))
    values = ref.mse(Y_REAL, P_REAL)
    np.testing.assert_allclose(got, values[[0, 2, 3]].mean(), rtol=RTOL)


def test_dice_and_tversky_over_everything(backend):
    dice = ops.convert_to_numpy(losses.Dice()(Y_BINARY, P_PROB))
    np.testing.assert_allclose(dice, ref.dice(Y_BINARY, P_PROB), rtol=RTOL)
    tversky = ops.convert_to_numpy(losses.Tversky(alpha=0.2, beta=0.8)(Y_BINARY, P_PROB))
    np.testing.assert_allclose(tversky, ref.tversky(Y_BINARY, P_PROB, 0.2, 0.8), rtol=RTOL)


def test_circle_loss(backend):
    embeddings = rng.normal(size=(6, 3)).astype("float32")
    embeddings /= np.linalg.norm(embeddings, axis=1, keepdims=True)
    labels = np.array([0, 1, 0, 1, 2, 2])
    per_sample, valid = ref.circle(labels, embeddings.astype(np.float64))
    got = ops.convert_to_numpy(losses.Circle()(labels, embeddings))
    np.testing.assert_allclose(got, per_sample[valid].mean(), rtol=1e-3)
    none = ops.convert_to_numpy(losses.Circle(reduction="none")(labels, embeddings))
    np.testing.assert_allclose(none, per_sample, rtol=1e-3, atol=1e-4)


def test_ctc_loss(backend):
    labels = np.array([[1, 2, 0], [3, 1, 1]])
    logits = rng.normal(size=(2, 7, 5)).astype("float32")
    expected = ref.ctc(labels, logits.astype(np.float64))
    got = ops.convert_to_numpy(losses.CTC(reduction="none")(labels, logits))
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(
        ops.convert_to_numpy(losses.ctc(labels, logits)), expected, rtol=1e-4, atol=1e-4
    )


def test_ctc_rejects_bad_ranks(backend):
    with pytest.raises(ValueError, match="y_true"):
        losses.ctc(np.zeros((2,), "int32"), np.zeros((2, 3, 4), "float32"))
    with pytest.raises(ValueError, match="y_pred"):
        losses.ctc(np.zeros((2, 3), "int32"), np.zeros((2, 3), "float32"))


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_reduced_precision_dtype(backend, dtype):
    loss = losses.CategoricalCrossentropy(from_logits=True, dtype=dtype)
    result = loss(Y_ONE_HOT, LOGITS)
    assert ops.dtype(result) == dtype
    want = ref.categorical_crossentropy(Y_ONE_HOT, LOGITS, True).mean()
    got = ops.convert_to_numpy(ops.cast(result, "float32"))
    np.testing.assert_allclose(got, want, rtol=3e-2, atol=3e-2)


def test_invalid_arguments():
    with pytest.raises(ValueError, match="reduction"):
        losses.MeanSquaredError(reduction="average")
    with pytest.raises(ValueError, match="q"):
        losses.CategoricalGeneralizedCrossEntropy(q=1.5)
    with pytest.raises(ValueError, match="axis"):
        losses.categorical_crossentropy(Y_ONE_HOT, P_SOFTMAX, axis=True)
