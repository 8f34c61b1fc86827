"""Metric updates and losses inside compiled steps: ``jax.jit`` through the stateless
scope, and ``tf.function`` with an unknown batch dimension."""

import numpy as np
import pytest

import unison
from unison import losses, metrics, ops

rng = np.random.default_rng(2)
BATCH, CLASSES = 8, 4
LABELS = rng.integers(0, CLASSES, BATCH)
ONE_HOT = np.eye(CLASSES, dtype="float32")[LABELS]
SCORES = rng.random((BATCH, CLASSES)).astype("float32")
Y_MULTI = (rng.random((BATCH, CLASSES)) > 0.5).astype("float32")
WEIGHTS = rng.random(BATCH).astype("float32")

METRICS = [
    (lambda: metrics.SparseCategoricalAccuracy(), LABELS, SCORES),
    (lambda: metrics.CategoricalAccuracy(), ONE_HOT, SCORES),
    (lambda: metrics.SparseTopKCategoricalAccuracy(k=2), LABELS, SCORES),
    (lambda: metrics.BinaryAccuracy(), Y_MULTI, SCORES),
    (lambda: metrics.AUC(), Y_MULTI, SCORES),
    (lambda: metrics.AUC(curve="PR", multi_label=True, num_labels=CLASSES), Y_MULTI, SCORES),
    (lambda: metrics.Precision(thresholds=[0.2, 0.6]), Y_MULTI, SCORES),
    (lambda: metrics.Recall(top_k=2), Y_MULTI, SCORES),
    (lambda: metrics.SensitivityAtSpecificity(0.5), Y_MULTI, SCORES),
    (lambda: metrics.MeanIoU(num_classes=CLASSES), LABELS, SCORES.argmax(-1)),
    (lambda: metrics.F1Score(average="macro"), Y_MULTI, SCORES),
    (lambda: metrics.R2Score(), ONE_HOT, SCORES),
    (lambda: metrics.MeanSquaredError(), ONE_HOT, SCORES),
    (lambda: metrics.SparseCategoricalCrossentropy(ignore_class=0), LABELS, SCORES),
]
LOSSES = [
    (losses.SparseCategoricalCrossentropy(from_logits=True, ignore_class=0), LABELS, SCORES),
    (losses.CategoricalCrossentropy(label_smoothing=0.1), ONE_HOT, SCORES),
    (losses.BinaryFocalCrossentropy(from_logits=True), Y_MULTI, SCORES),
    (losses.MeanSquaredError(reduction="mean_with_sample_weight"), ONE_HOT, SCORES),
    (losses.Hinge(), Y_MULTI, SCORES),
]


def eager_result(factory, y_true, y_pred):
    metric = factory()
    metric.update_state(y_true, y_pred, sample_weight=WEIGHTS)
    return ops.convert_to_numpy(metric.result())


def prepared(factory, y_true, y_pred):
    metric = factory()
    build = getattr(metric, "build_from_shapes", None)
    if build is not None:
        build(np.shape(y_true), np.shape(y_pred))
    return metric


@pytest.mark.parametrize("index", range(len(METRICS)))
def test_metrics_under_jax_jit(index):
    jax = pytest.importorskip("jax")
    factory, y_true, y_pred = METRICS[index]
    with unison.backend.use("jax"):
        expected = eager_result(factory, y_true, y_pred)
        metric = prepared(factory, y_true, y_pred)

        @jax.jit
        def step(state, y_true, y_pred, weights):
            state = metric.stateless_update_state(state, y_true, y_pred, sample_weight=weights)
            return state, metric.stateless_result(state)

        state = [variable.value for variable in metric.variables]
        state, result = step(state, y_true, y_pred, WEIGHTS)
        np.testing.assert_allclose(np.asarray(result), expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("index", range(len(LOSSES)))
def test_losses_under_jax_jit(index):
    jax = pytest.importorskip("jax")
    loss, y_true, y_pred = LOSSES[index]
    with unison.backend.use("jax"):
        expected = ops.convert_to_numpy(loss(y_true, y_pred, sample_weight=WEIGHTS))
        got = jax.jit(lambda a, b, c: loss(a, b, sample_weight=c))(y_true, y_pred, WEIGHTS)
        np.testing.assert_allclose(np.asarray(got), expected, rtol=1e-5, atol=1e-6)


def _spec(tf, array):
    array = np.asarray(array)
    return tf.TensorSpec((None, *array.shape[1:]), tf.as_dtype(array.dtype))


def test_tf_function_with_unknown_batch_size():
    tf = pytest.importorskip("tensorflow")
    with unison.backend.use("tensorflow"):
        for factory, y_true, y_pred in METRICS:
            expected = eager_result(factory, y_true, y_pred)
            metric = prepared(factory, y_true, y_pred)

            def step(y_true, y_pred, weights, metric=metric):
                metric.update_state(y_true, y_pred, sample_weight=weights)
                return metric.result()

            signature = [_spec(tf, y_true), _spec(tf, y_pred), _spec(tf, WEIGHTS)]
            got = tf.function(step, input_signature=signature)(y_true, y_pred, WEIGHTS)
            np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-6)
        for loss, y_true, y_pred in LOSSES:
            expected = ops.convert_to_numpy(loss(y_true, y_pred, sample_weight=WEIGHTS))

            def compute(y_true, y_pred, weights, loss=loss):
                return loss(y_true, y_pred, sample_weight=weights)

            signature = [_spec(tf, y_true), _spec(tf, y_pred), _spec(tf, WEIGHTS)]
            got = tf.function(compute, input_signature=signature)(y_true, y_pred, WEIGHTS)
            np.testing.assert_allclose(got.numpy(), expected, rtol=1e-5, atol=1e-6)
