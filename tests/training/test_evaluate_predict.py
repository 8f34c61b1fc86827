"""``evaluate``, ``predict``, the ``*_on_batch`` methods, multi-output compile arguments and
metric state, against NumPy on linear layers with known weights.

Keras 3 conventions checked here: losses use ``sum_over_batch_size`` (``sum(w * loss_row) /
rows``), the loss and metrics of evaluate are means over all rows whatever the batch size,
``evaluate`` returns a scalar when there is only the loss, else a list in ``metrics_names``
order, and the ``*_on_batch`` methods report that one batch only.
"""

import numpy as np
import pytest

import unison
from unison import layers, ops

RTOL = 1e-5
RNG = np.random.default_rng(99)
X = RNG.normal(size=(10, 3)).astype("float32")
Y = RNG.normal(size=(10, 1)).astype("float32")
Y2 = RNG.normal(size=(10, 2)).astype("float32")
WEIGHTS = RNG.uniform(0.0, 2.0, size=10).astype("float32")
KERNEL_A = RNG.normal(size=(3, 1)).astype("float32")
BIAS_A = np.array([0.25], "float32")
KERNEL_B = RNG.normal(size=(3, 2)).astype("float32")
BIAS_B = np.array([-0.5, 0.5], "float32")
LR = 0.1


def linear_model(lr=LR, **compile_kwargs):
    model = unison.Sequential([unison.Input((3,)), layers.Dense(1)])
    model.set_weights([KERNEL_A, BIAS_A])
    model.compile(optimizer=unison.optimizers.SGD(lr), loss="mse", **compile_kwargs)
    return model


def two_head_model(dict_outputs=False):
    """Outputs ``a`` (x @ KERNEL_A + BIAS_A) and ``b`` (x @ KERNEL_B + BIAS_B)."""
    inputs = unison.Input((3,), name="x")
    a = layers.Dense(1, name="a")(inputs)
    b = layers.Dense(2, name="b")(inputs)
    # dict outputs listed out of sorted order: names must follow the flattened (sorted) order
    model = unison.Model(inputs, {"b": b, "a": a} if dict_outputs else [a, b])
    model.get_layer("a").set_weights([KERNEL_A, BIAS_A])
    model.get_layer("b").set_weights([KERNEL_B, BIAS_B])
    return model


def pred_a(x=X):
    return x.astype("float64") @ KERNEL_A + BIAS_A


def pred_b(x=X):
    return x.astype("float64") @ KERNEL_B + BIAS_B


def mse(pred, y, weights=None):
    """Keras ``mse`` reduced with ``sum_over_batch_size``."""
    weights = np.ones(len(y)) if weights is None else weights
    return float(np.sum(weights * np.mean((pred - y) ** 2, axis=1)) / len(y))


def mae(pred, y, weights=None):
    weights = np.ones(len(y)) if weights is None else weights
    return float(np.sum(weights * np.mean(np.abs(pred - y), axis=1)) / len(y))


def mae_metric(pred, y, weights=None):
    """The MeanAbsoluteError metric: a weighted mean over rows (divides by sum of weights)."""
    weights = np.ones(len(y)) if weights is None else weights
    return float(np.average(np.mean(np.abs(pred - y), axis=1), weights=weights))


# -- evaluate -------------------------------------------------------------------------------
def test_evaluate_returns_a_scalar_a_list_or_a_dict(training_backend):
    loss = mse(pred_a(), Y)
    error = mae_metric(pred_a(), Y)

    model = linear_model()
    result = model.evaluate(X, Y, verbose=0)
    assert isinstance(result, float)
    np.testing.assert_allclose(result, loss, rtol=RTOL)

    model = linear_model(metrics=["mae"])
    result = model.evaluate(X, Y, verbose=0)
    assert isinstance(result, list) and len(result) == 2
    np.testing.assert_allclose(result, [loss, error], rtol=RTOL)
    assert model.metrics_names == ["loss", "mae"]

    result = model.evaluate(X, Y, verbose=0, return_dict=True)
    assert list(result) == ["loss", "mae"]
    np.testing.assert_allclose([result["loss"], result["mae"]], [loss, error], rtol=RTOL)


def test_evaluate_with_sample_weight(training_backend):
    model = linear_model(metrics=["mae"], weighted_metrics=["mae"])
    result = model.evaluate(X, Y, sample_weight=WEIGHTS, verbose=0, return_dict=True)
    assert set(result) == {"loss", "mae", "weighted_mae"}
    np.testing.assert_allclose(result["loss"], mse(pred_a(), Y, WEIGHTS), rtol=RTOL)
    # Plain metrics ignore the sample weights; weighted_metrics use them.
    np.testing.assert_allclose(result["mae"], mae_metric(pred_a(), Y), rtol=RTOL)
    np.testing.assert_allclose(result["weighted_mae"], mae_metric(pred_a(), Y, WEIGHTS), rtol=RTOL)


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
def test_evaluate_does_not_depend_on_the_batch_size(training_backend, weighted):
    weights = WEIGHTS if weighted else None
    expected = mse(pred_a(), Y, weights)
    model = linear_model()
    results = [
        model.evaluate(X, Y, sample_weight=weights, batch_size=size, verbose=0)
        for size in (1, 3, 4, 10, 32)
    ]
    np.testing.assert_allclose(results, [expected] * 5, rtol=RTOL)
    # evaluate never trains.
    np.testing.assert_array_equal(model.get_weights()[0], KERNEL_A)


def test_evaluate_steps_takes_the_first_batches(training_backend):
    model = linear_model()
    result = model.evaluate(X, Y, batch_size=4, steps=2, verbose=0)
    np.testing.assert_allclose(result, mse(pred_a(X[:8]), Y[:8]), rtol=RTOL)


def test_each_evaluate_starts_from_reset_metrics(training_backend):
    model = linear_model(metrics=["mae"])
    model.evaluate(X[:5], Y[:5], verbose=0)
    second = model.evaluate(X[5:], Y[5:], verbose=0)
    np.testing.assert_allclose(
        second, [mse(pred_a(X[5:]), Y[5:]), mae_metric(pred_a(X[5:]), Y[5:])], rtol=RTOL
    )
    model.reset_metrics()
    assert [float(metric.result()) for metric in model.metrics] == [0.0, 0.0]


# -- predict -----------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_size", [None, 4, 10])
def test_predict_equals_numpy_and_calling_the_model(training_backend, batch_size):
    model = linear_model()
    predictions = model.predict(X, batch_size=batch_size, verbose=0)
    assert isinstance(predictions, np.ndarray) and predictions.shape == (10, 1)
    np.testing.assert_allclose(predictions, pred_a(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(predictions, ops.convert_to_numpy(model(X)), rtol=RTOL, atol=1e-6)


def test_predict_steps_limits_the_batches(training_backend):
    predictions = linear_model().predict(X, batch_size=4, steps=2, verbose=0)
    np.testing.assert_allclose(predictions, pred_a(X[:8]), rtol=RTOL, atol=1e-6)


@pytest.mark.parametrize("dict_outputs", [False, True], ids=["list", "dict"])
def test_predict_multi_output_keeps_the_structure(training_backend, dict_outputs):
    model = two_head_model(dict_outputs)
    predictions = model.predict(X, batch_size=3, verbose=0)  # batches of 3, 3, 3, 1
    if dict_outputs:
        assert isinstance(predictions, dict) and set(predictions) == {"a", "b"}
        a, b = predictions["a"], predictions["b"]
    else:
        assert isinstance(predictions, list) and len(predictions) == 2
        a, b = predictions
    assert a.shape == (10, 1) and b.shape == (10, 2)
    np.testing.assert_allclose(a, pred_a(), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(b, pred_b(), rtol=RTOL, atol=1e-6)


def test_predict_on_batch(training_backend):
    model = two_head_model()
    a, b = model.predict_on_batch(X[:4])
    assert isinstance(a, np.ndarray) and a.shape == (4, 1) and b.shape == (4, 2)
    np.testing.assert_allclose(a, pred_a(X[:4]), rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(b, pred_b(X[:4]), rtol=RTOL, atol=1e-6)


# -- train_on_batch / test_on_batch -------------------------------------------------------
def sgd_step(x, y, weights=None):
    """Kernel and bias of the linear model after one SGD step on mse."""
    weights = np.ones(len(x)) if weights is None else weights
    x = x.astype("float64")
    grad = 2.0 * weights[:, None] * (x @ KERNEL_A + BIAS_A - y) / len(x)
    return KERNEL_A - LR * x.T @ grad, BIAS_A - LR * grad.sum(axis=0)


def test_train_on_batch_reports_the_loss_before_its_update(training_backend):
    model = linear_model(metrics=["mae"])
    result = model.train_on_batch(X[:6], Y[:6])
    expected = [mse(pred_a(X[:6]), Y[:6]), mae_metric(pred_a(X[:6]), Y[:6])]
    np.testing.assert_allclose(result, expected, rtol=RTOL)
    kernel, bias = sgd_step(X[:6], Y[:6])
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=RTOL, atol=1e-6)
    np.testing.assert_allclose(model.get_weights()[1], bias, rtol=RTOL, atol=1e-6)


def test_train_on_batch_with_sample_and_class_weights(training_backend):
    model = linear_model()
    result = model.train_on_batch(X[:6], Y[:6], sample_weight=WEIGHTS[:6], return_dict=True)
    assert list(result) == ["loss"]
    np.testing.assert_allclose(result["loss"], mse(pred_a(X[:6]), Y[:6], WEIGHTS[:6]), rtol=RTOL)
    kernel, _ = sgd_step(X[:6], Y[:6], WEIGHTS[:6])
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=RTOL, atol=1e-6)

    labels = np.array([[0.0], [1.0], [1.0], [0.0], [1.0], [0.0]], "float32")
    model = linear_model()
    loss = model.train_on_batch(X[:6], labels, class_weight={0: 0.5, 1: 3.0})
    per_row = np.where(labels[:, 0] == 1.0, 3.0, 0.5)
    np.testing.assert_allclose(loss, mse(pred_a(X[:6]), labels, per_row), rtol=RTOL)
    kernel, _ = sgd_step(X[:6], labels, per_row)
    np.testing.assert_allclose(model.get_weights()[0], kernel, rtol=RTOL, atol=1e-6)


def test_test_on_batch_does_not_train(training_backend):
    model = linear_model(metrics=["mae"])
    result = model.test_on_batch(X[:4], Y[:4], sample_weight=WEIGHTS[:4])
    np.testing.assert_allclose(
        result,
        [mse(pred_a(X[:4]), Y[:4], WEIGHTS[:4]), mae_metric(pred_a(X[:4]), Y[:4])],
        rtol=RTOL,
    )
    result = model.test_on_batch(X[4:], Y[4:], return_dict=True)
    assert set(result) == {"loss", "mae"}
    np.testing.assert_allclose(result["loss"], mse(pred_a(X[4:]), Y[4:]), rtol=RTOL)
    np.testing.assert_array_equal(model.get_weights()[0], KERNEL_A)


def test_train_on_batch_reports_only_its_own_batch(training_backend):
    # Keras 3 resets the metrics at the start of each train_on_batch / test_on_batch.
    model = linear_model(lr=0.0, metrics=["mae"])  # the weights stay put
    model.train_on_batch(X[:5], Y[:5])
    second = model.train_on_batch(X[5:], Y[5:])
    np.testing.assert_allclose(
        second, [mse(pred_a(X[5:]), Y[5:]), mae_metric(pred_a(X[5:]), Y[5:])], rtol=RTOL
    )


def test_on_batch_lists_follow_metrics_names(training_backend):
    # A metric named before "loss": jax.jit returns dicts with sorted keys, the list must
    # still follow metrics_names.
    model = linear_model(lr=0.0, metrics=[unison.metrics.MeanAbsoluteError(name="abs_error")])
    expected = [mse(pred_a(X), Y), mae_metric(pred_a(X), Y)]
    assert model.evaluate(X, Y, verbose=0) == pytest.approx(expected, rel=RTOL)
    assert model.metrics_names == ["loss", "abs_error"]
    assert model.test_on_batch(X, Y) == pytest.approx(expected, rel=RTOL)
    assert model.train_on_batch(X, Y) == pytest.approx(expected, rel=RTOL)


# -- multi-output compile arguments -------------------------------------------------------
def test_loss_list_with_loss_weights_is_a_weighted_sum(training_backend):
    model = two_head_model()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss=["mse", "mae"], loss_weights=[0.5, 2.0])
    expected = 0.5 * mse(pred_a(), Y) + 2.0 * mae(pred_b(), Y2)
    total, loss_a, loss_b = model.evaluate(X, [Y, Y2], verbose=0)  # as Keras: per output too
    np.testing.assert_allclose(total, expected, rtol=RTOL)
    np.testing.assert_allclose([loss_a, loss_b], [mse(pred_a(), Y), mae(pred_b(), Y2)], rtol=RTOL)


@pytest.mark.parametrize("targets", ["list", "dict"])
def test_loss_dict_matches_outputs_by_name(training_backend, targets):
    model = two_head_model()
    model.compile(
        optimizer=unison.optimizers.SGD(LR),
        loss={"b": "mae", "a": "mse"},
        loss_weights={"b": 2.0, "a": 0.5},
    )
    y = [Y, Y2] if targets == "list" else {"b": Y2, "a": Y}
    expected = 0.5 * mse(pred_a(), Y) + 2.0 * mae(pred_b(), Y2)
    np.testing.assert_allclose(model.evaluate(X, y, verbose=0)[0], expected, rtol=RTOL)


def test_dict_output_model_with_dict_loss_metrics_and_sample_weights(training_backend):
    model = two_head_model(dict_outputs=True)
    model.compile(
        optimizer=unison.optimizers.SGD(LR),
        loss={"a": "mse", "b": "mae"},
        loss_weights={"a": 1.0, "b": 0.25},
        metrics={"b": ["mae", "mse"]},
    )
    weights_b = np.linspace(0.0, 1.0, 10).astype("float32")
    result = model.evaluate(
        X,
        {"a": Y, "b": Y2},
        sample_weight={"a": WEIGHTS, "b": weights_b},
        verbose=0,
        return_dict=True,
    )
    assert {"loss", "b_mae", "b_mse"} <= set(result)
    np.testing.assert_allclose(
        result["loss"],
        mse(pred_a(), Y, WEIGHTS) + 0.25 * mae(pred_b(), Y2, weights_b),
        rtol=RTOL,
    )
    np.testing.assert_allclose(result["b_mae"], mae_metric(pred_b(), Y2), rtol=RTOL)
    np.testing.assert_allclose(result["b_mse"], np.mean((pred_b() - Y2) ** 2), rtol=RTOL)


def test_metrics_list_per_output_are_prefixed_with_the_output_name(training_backend):
    model = two_head_model()
    model.compile(
        optimizer=unison.optimizers.SGD(LR),
        loss="mse",
        metrics=[["mae"], ["mse", "mae"]],
        weighted_metrics=[["mae"], None],
    )
    history = model.fit(
        X, [Y, Y2], sample_weight=[WEIGHTS, None], batch_size=10, epochs=1, verbose=0
    )
    # As Keras names them: a weighted metric clashing with a plain one gets "weighted_".
    assert model.metrics_names == [
        *("loss", "a_loss", "b_loss"),
        *("a_mae", "b_mse", "b_mae", "a_weighted_mae"),
    ]
    # The logs of the only batch were computed before its update, on the initial weights.
    expected = {
        "loss": mse(pred_a(), Y, WEIGHTS) + mse(pred_b(), Y2),
        "a_loss": mse(pred_a(), Y, WEIGHTS),
        "b_loss": mse(pred_b(), Y2),
        "a_mae": mae_metric(pred_a(), Y),
        "a_weighted_mae": mae_metric(pred_a(), Y, WEIGHTS),
        "b_mae": mae_metric(pred_b(), Y2),
        "b_mse": float(np.mean((pred_b() - Y2) ** 2)),
    }
    assert set(history.history) == set(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(history.history[name], [value], rtol=RTOL, err_msg=name)


def test_weighted_metrics_keep_their_name_unless_it_clashes(training_backend):
    model = linear_model(metrics=["mse"], weighted_metrics=["mae"])
    result = model.evaluate(X, Y, sample_weight=WEIGHTS, verbose=0, return_dict=True)
    assert list(result) == ["loss", "mse", "mae"]
    np.testing.assert_allclose(result["mae"], mae_metric(pred_a(), Y, WEIGHTS), rtol=RTOL)
    np.testing.assert_allclose(result["mse"], np.mean((pred_a() - Y) ** 2), rtol=RTOL)


def test_per_output_losses_are_logged(training_backend):
    model = two_head_model()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss=["mse", "mae"], loss_weights=[0.5, 2.0])
    result = model.evaluate(X, [Y, Y2], verbose=0, return_dict=True)
    np.testing.assert_allclose(result["a_loss"], mse(pred_a(), Y), rtol=RTOL)
    np.testing.assert_allclose(result["b_loss"], mae(pred_b(), Y2), rtol=RTOL)
    total = 0.5 * mse(pred_a(), Y) + 2.0 * mae(pred_b(), Y2)
    np.testing.assert_allclose(result["loss"], total, rtol=RTOL)
    assert model.metrics_names == ["loss", "a_loss", "b_loss"]
    history = model.fit(X, [Y, Y2], epochs=1, verbose=0, validation_data=(X, [Y, Y2]))
    assert {"a_loss", "b_loss", "val_a_loss", "val_b_loss"} <= set(history.history)
    moved = model.to_backend(training_backend.name)
    assert moved.evaluate(X, [Y, Y2], verbose=0, return_dict=True).keys() == result.keys()


def test_multi_output_training_step_uses_the_weighted_total(training_backend):
    model = two_head_model()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss=["mse", "mae"], loss_weights=[0.5, 2.0])
    loss, loss_a, loss_b = model.train_on_batch(X, [Y, Y2])  # total first, then per output
    np.testing.assert_allclose(loss, 0.5 * mse(pred_a(), Y) + 2.0 * mae(pred_b(), Y2), rtol=RTOL)
    np.testing.assert_allclose([loss_a, loss_b], [mse(pred_a(), Y), mae(pred_b(), Y2)], rtol=RTOL)
    x = X.astype("float64")
    grad_a = 0.5 * 2.0 * (pred_a() - Y) / Y.size
    grad_b = 2.0 * np.sign(pred_b() - Y2) / Y2.size
    np.testing.assert_allclose(
        model.get_layer("a").kernel.numpy(), KERNEL_A - LR * x.T @ grad_a, rtol=RTOL, atol=1e-6
    )
    np.testing.assert_allclose(
        model.get_layer("b").kernel.numpy(), KERNEL_B - LR * x.T @ grad_b, rtol=RTOL, atol=1e-6
    )
    np.testing.assert_allclose(
        model.get_layer("b").bias.numpy(), BIAS_B - LR * grad_b.sum(0), rtol=RTOL, atol=1e-6
    )


def test_dict_outputs_name_their_losses_and_metrics_by_key(training_backend):
    model = two_head_model(dict_outputs=True)
    model.compile(
        optimizer=unison.optimizers.SGD(LR),
        loss={"a": "mse", "b": "mae"},
        metrics={"a": ["mae"], "b": ["mse"]},
    )
    result = model.evaluate(X, {"a": Y, "b": Y2}, verbose=0, return_dict=True)
    expected = {
        "loss": mse(pred_a(), Y) + mae(pred_b(), Y2),
        "a_loss": mse(pred_a(), Y),
        "b_loss": mae(pred_b(), Y2),
        "a_mae": mae(pred_a(), Y),
        "b_mse": mse(pred_b(), Y2),
    }
    assert set(result) == set(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(result[name], value, rtol=RTOL, err_msg=name)
