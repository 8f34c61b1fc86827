"""``Model.fit`` against NumPy: every argument changes the numbers the way Keras 3 says.

The model is ``y = x @ kernel + bias`` (one ``Dense`` layer) with known initial weights, the
loss mean squared error and the optimizer plain SGD, so each step has a closed form:
``grad = 2 * w * (pred - y) / (rows * units)`` per row (``w`` the sample weight), and the
loss of a batch is ``sum(w * mse_row) / rows`` (Keras's ``sum_over_batch_size``). The epoch
loss in the History is the row-weighted mean of the batch losses (Keras's loss tracker).
References run in float64; the model in float32, hence the tolerances.
"""

import numpy as np
import pytest

import unison
from unison import layers, ops

RTOL, ATOL = 1e-5, 1e-6
RNG = np.random.default_rng(1234)
X = RNG.normal(size=(10, 3)).astype("float32")
Y = RNG.normal(size=(10, 1)).astype("float32")
KERNEL = RNG.normal(size=(3, 1)).astype("float32")
BIAS = np.array([0.5], "float32")
LR = 0.1


def linear_model(lr=LR, **compile_kwargs):
    model = unison.Sequential([unison.Input((3,)), layers.Dense(1)])
    model.set_weights([KERNEL, BIAS])
    model.compile(optimizer=unison.optimizers.SGD(learning_rate=lr), loss="mse", **compile_kwargs)
    return model


def batches_of(x, y, batch_size, sample_weight=None):
    weights = np.ones(len(x)) if sample_weight is None else sample_weight
    return [
        (x[i : i + batch_size], y[i : i + batch_size], weights[i : i + batch_size])
        for i in range(0, len(x), batch_size)
    ]


def numpy_loss(kernel, bias, x, y, sample_weight=None):
    """Keras ``mse`` with ``sum_over_batch_size``: sum(w * row_mse) / rows."""
    weights = np.ones(len(x)) if sample_weight is None else sample_weight
    residual = x.astype("float64") @ kernel + bias - y
    return float(np.sum(weights * np.mean(residual**2, axis=1)) / len(x))


def numpy_mae(kernel, bias, x, y):
    return float(np.mean(np.abs(x.astype("float64") @ kernel + bias - y)))


def numpy_sgd(batches, kernel=KERNEL, bias=BIAS, lr=LR):
    """Weights after one SGD step per ``(x, y, w)`` batch, and each batch's loss (computed
    before its update, as the trainer logs it)."""
    kernel, bias = kernel.astype("float64"), bias.astype("float64")
    losses = []
    for xb, yb, wb in batches:
        xb = xb.astype("float64")
        residual = xb @ kernel + bias - yb
        losses.append(numpy_loss(kernel, bias, xb, yb, wb))
        grad = 2.0 * wb[:, None] * residual / residual.size
        kernel = kernel - lr * xb.T @ grad
        bias = bias - lr * grad.sum(axis=0)
    return kernel, bias, losses


def epoch_loss(batches, losses):
    rows = [len(batch[0]) for batch in batches]
    return float(np.average(losses, weights=rows))


def numpy_fit(x, y, batch_size, epochs, sample_weight=None, lr=LR):
    """Unshuffled epochs of SGD: final weights and the per-epoch History losses."""
    kernel, bias, history = KERNEL, BIAS, []
    batches = batches_of(x, y, batch_size, sample_weight)
    for _ in range(epochs):
        kernel, bias, losses = numpy_sgd(batches, kernel, bias, lr)
        history.append(epoch_loss(batches, losses))
    return kernel, bias, history


def assert_weights(model, kernel, bias, rtol=RTOL, atol=ATOL):
    got_kernel, got_bias = model.get_weights()
    np.testing.assert_allclose(got_kernel, kernel, rtol=rtol, atol=atol)
    np.testing.assert_allclose(got_bias, bias, rtol=rtol, atol=atol)


class Recorder(unison.callbacks.Callback):
    """Remembers the epochs begun, the batches ended per epoch and each epoch's logs."""

    def __init__(self):
        super().__init__()
        self.epochs_begun, self.batches, self.epoch_logs = [], [], []

    def on_epoch_begin(self, epoch, logs=None):
        self.epochs_begun.append(epoch)
        self.batches.append([])

    def on_train_batch_end(self, batch, logs=None):
        self.batches[-1].append(batch)

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_logs.append(dict(logs))


# -- epochs, batches, shuffling -------------------------------------------------------------
def test_unshuffled_fit_follows_numpy_sgd_with_partial_last_batch(training_backend):
    recorder = Recorder()
    model = linear_model()
    history = model.fit(
        X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0, callbacks=[recorder]
    )
    kernel, bias, losses = numpy_fit(X, Y, batch_size=4, epochs=2)
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)
    # 10 rows in batches of 4: two full batches and one of 2 rows per epoch.
    assert recorder.batches == [[0, 1, 2], [0, 1, 2]]
    assert history.params["steps"] == 3 and history.params["epochs"] == 2


def test_default_batch_size_is_32(training_backend):
    x = np.tile(X, (4, 1))  # 40 rows: one batch of 32, one of 8
    y = np.tile(Y, (4, 1))
    recorder = Recorder()
    model = linear_model()
    model.fit(x, y, epochs=1, shuffle=False, verbose=0, callbacks=[recorder])
    kernel, bias, _ = numpy_fit(x, y, batch_size=32, epochs=1)
    assert recorder.batches == [[0, 1]]
    assert_weights(model, kernel, bias)


def test_initial_epoch_runs_the_remaining_epochs(training_backend):
    recorder = Recorder()
    model = linear_model()
    history = model.fit(
        X,
        Y,
        batch_size=5,
        epochs=5,
        initial_epoch=2,
        shuffle=False,
        verbose=0,
        callbacks=[recorder],
    )
    assert recorder.epochs_begun == [2, 3, 4]
    assert history.epoch == [2, 3, 4]
    assert len(history.history["loss"]) == 3
    kernel, bias, losses = numpy_fit(X, Y, batch_size=5, epochs=3)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)
    assert_weights(model, kernel, bias)


def test_shuffle_true_sees_every_row_once_per_epoch(training_backend):
    # With a learning rate of 0 the weights never move, so the epoch loss is the full-data
    # loss whatever the order: each row must be used exactly once per epoch.
    model = linear_model(lr=0.0)
    history = model.fit(X, Y, batch_size=3, epochs=2, shuffle=True, verbose=0)
    expected = numpy_loss(KERNEL, BIAS, X, Y)
    np.testing.assert_allclose(history.history["loss"], [expected] * 2, rtol=RTOL)
    # ...and the order does change: one row per step in the original order is the one
    # trajectory out of 10! that a shuffled epoch should not follow.
    model = linear_model()
    model.fit(X, Y, batch_size=1, epochs=1, shuffle=True, verbose=0)
    kernel, _, _ = numpy_fit(X, Y, batch_size=1, epochs=1)
    assert not np.allclose(model.get_weights()[0], kernel, rtol=1e-3, atol=1e-4)


# -- validation -------------------------------------------------------------------------------
def test_validation_split_holds_out_the_last_rows(training_backend):
    model = linear_model()
    # floor(10 * 0.75) = 7 training rows (Keras rounds down), the last 3 for validation.
    history = model.fit(
        X, Y, batch_size=4, epochs=2, validation_split=0.25, shuffle=False, verbose=0
    )
    kernel, bias, losses = numpy_fit(X[:7], Y[:7], batch_size=4, epochs=2)
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)
    np.testing.assert_allclose(
        history.history["val_loss"][-1], numpy_loss(kernel, bias, X[7:], Y[7:]), rtol=RTOL
    )


def test_validation_split_is_taken_before_shuffling_with_its_sample_weights(training_backend):
    weights = np.linspace(0.5, 2.0, 10).astype("float32")
    model = linear_model()
    history = model.fit(
        X, Y, sample_weight=weights, batch_size=4, epochs=1, validation_split=0.3, verbose=0
    )
    kernel, bias = model.get_weights()
    expected = numpy_loss(kernel, bias, X[7:], Y[7:], weights[7:])
    np.testing.assert_allclose(history.history["val_loss"], [expected], rtol=RTOL)


def test_validation_data_with_and_without_sample_weight(training_backend):
    rng = np.random.default_rng(7)
    val_x = rng.normal(size=(6, 3)).astype("float32")
    val_y = rng.normal(size=(6, 1)).astype("float32")
    val_w = rng.uniform(0.0, 2.0, size=6).astype("float32")
    kernel, bias, _ = numpy_fit(X, Y, batch_size=4, epochs=1)

    model = linear_model()
    # batch_size 4 also batches the validation data: 4 + 2 rows, averaged by rows.
    history = model.fit(
        X, Y, batch_size=4, epochs=1, shuffle=False, validation_data=(val_x, val_y), verbose=0
    )
    np.testing.assert_allclose(
        history.history["val_loss"], [numpy_loss(kernel, bias, val_x, val_y)], rtol=RTOL
    )

    model = linear_model()
    history = model.fit(
        X,
        Y,
        batch_size=4,
        epochs=1,
        shuffle=False,
        validation_data=(val_x, val_y, val_w),
        verbose=0,
    )
    weighted = numpy_loss(kernel, bias, val_x, val_y, val_w)
    np.testing.assert_allclose(history.history["val_loss"], [weighted], rtol=RTOL)
    assert abs(weighted - numpy_loss(kernel, bias, val_x, val_y)) > 1e-2  # weights matter


def test_validation_freq_validates_every_nth_epoch(training_backend):
    recorder = Recorder()
    model = linear_model()
    history = model.fit(
        X[:8],
        Y[:8],
        batch_size=8,
        epochs=4,
        shuffle=False,
        validation_data=(X[8:], Y[8:]),
        validation_freq=2,
        verbose=0,
        callbacks=[recorder],
    )
    assert ["val_loss" in logs for logs in recorder.epoch_logs] == [False, True, False, True]
    assert len(history.history["loss"]) == 4
    # The validated epochs are the 2nd and the 4th: compare with NumPy after 2 and 4 epochs.
    expected = []
    for epochs in (2, 4):
        kernel, bias, _ = numpy_fit(X[:8], Y[:8], batch_size=8, epochs=epochs)
        expected.append(numpy_loss(kernel, bias, X[8:], Y[8:]))
    np.testing.assert_allclose(history.history["val_loss"], expected, rtol=RTOL)


# -- steps_per_epoch --------------------------------------------------------------------------
def test_steps_per_epoch_with_a_generator_continues_across_epochs(training_backend):
    def endless():
        while True:
            for start in range(0, 10, 2):
                yield X[start : start + 2], Y[start : start + 2]

    recorder = Recorder()
    model = linear_model()
    history = model.fit(endless(), steps_per_epoch=3, epochs=2, verbose=0, callbacks=[recorder])
    assert recorder.batches == [[0, 1, 2], [0, 1, 2]]
    # A generator is consumed once: epoch 2 takes batches 4, 5 (= 0, wrapped) and 6 (= 1).
    stream = batches_of(X, Y, 2) * 2
    kernel, bias, losses = numpy_sgd(stream[:6])
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(
        history.history["loss"],
        [epoch_loss(stream[:3], losses[:3]), epoch_loss(stream[3:6], losses[3:])],
        rtol=RTOL,
    )


def test_steps_per_epoch_with_arrays_sets_the_batch_size(training_backend):
    # Without batch_size, steps_per_epoch=3 over 10 rows makes batches of ceil(10 / 3) = 4.
    recorder = Recorder()
    model = linear_model()
    model.fit(X, Y, steps_per_epoch=3, epochs=1, shuffle=False, verbose=0, callbacks=[recorder])
    assert recorder.batches == [[0, 1, 2]]
    kernel, bias, _ = numpy_fit(X, Y, batch_size=4, epochs=1)
    assert_weights(model, kernel, bias)


def test_steps_per_epoch_with_arrays_continues_through_the_data(training_backend):
    # As in Keras, the arrays are one stream across epochs: with 4 batches (3, 3, 3, 1 rows)
    # and steps_per_epoch=2, epoch 2 trains on the last two batches, so every row is used;
    # epoch 3 starts a new pass.
    recorder = Recorder()
    model = linear_model()
    history = model.fit(
        X,
        Y,
        batch_size=3,
        steps_per_epoch=2,
        epochs=3,
        shuffle=False,
        verbose=0,
        callbacks=[recorder],
    )
    assert recorder.batches == [[0, 1], [0, 1], [0, 1]]
    stream = batches_of(X, Y, 3) + batches_of(X, Y, 3)[:2]
    kernel, bias, losses = numpy_sgd(stream)
    assert_weights(model, kernel, bias)
    expected = [epoch_loss(stream[i : i + 2], losses[i : i + 2]) for i in (0, 2, 4)]
    np.testing.assert_allclose(history.history["loss"], expected, rtol=RTOL)


# -- sample and class weights -----------------------------------------------------------------
def test_sample_weight_scales_each_rows_gradient(training_backend):
    weights = np.linspace(0.0, 2.0, 10).astype("float32")
    model = linear_model()
    history = model.fit(
        X, Y, sample_weight=weights, batch_size=4, epochs=2, shuffle=False, verbose=0
    )
    kernel, bias, losses = numpy_fit(X, Y, batch_size=4, epochs=2, sample_weight=weights)
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)


def test_class_weight_is_a_per_class_sample_weight(training_backend):
    labels = np.array([0, 1, 1, 0, 2, 1, 0, 2, 2, 1])
    y = labels[:, None].astype("float32")
    class_weight = {0: 0.5, 1: 2.0, 2: 1.5}
    per_row = np.array([class_weight[label] for label in labels])

    model = linear_model()
    history = model.fit(
        X, y, class_weight=class_weight, batch_size=4, epochs=1, shuffle=False, verbose=0
    )
    kernel, bias, losses = numpy_fit(X, y, batch_size=4, epochs=1, sample_weight=per_row)
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)

    # Given together, class and sample weights multiply.
    extra = np.linspace(0.5, 1.5, 10).astype("float32")
    model = linear_model()
    model.fit(
        X,
        y,
        class_weight=class_weight,
        sample_weight=extra,
        batch_size=4,
        epochs=1,
        shuffle=False,
        verbose=0,
    )
    kernel, bias, _ = numpy_fit(X, y, batch_size=4, epochs=1, sample_weight=per_row * extra)
    assert_weights(model, kernel, bias)


# -- logs: verbose and History ----------------------------------------------------------------
def test_verbose_0_prints_nothing(training_backend, capsys):
    linear_model().fit(X, Y, batch_size=4, epochs=2, validation_split=0.2, verbose=0)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "loss" not in captured.err


@pytest.mark.parametrize("verbose", [1, 2])
def test_verbose_prints_each_epoch_to_stdout(training_backend, capsys, verbose):
    history = linear_model().fit(
        X, Y, batch_size=4, epochs=2, shuffle=False, validation_split=0.2, verbose=verbose
    )
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out
    for key in ("loss", "val_loss"):
        for value in history.history[key]:
            assert f"{key}: {value:.4f}" in out


def test_history_has_loss_metrics_and_val_prefixed_entries(training_backend):
    val_x, val_y = X[:4] * 2.0, Y[:4]
    model = linear_model(metrics=["mae"])
    history = model.fit(
        X, Y, batch_size=5, epochs=2, shuffle=False, validation_data=(val_x, val_y), verbose=0
    )
    assert set(history.history) == {"loss", "mae", "val_loss", "val_mae"}
    assert all(len(values) == 2 for values in history.history.values())
    assert model.history is history
    assert history.epoch == [0, 1]

    # Training metrics average over the epoch's batches, each taken before its update.
    batches = batches_of(X, Y, 5)
    kernel, bias = KERNEL, BIAS
    for epoch in range(2):
        maes = []
        for batch in batches:
            maes.append(numpy_mae(kernel, bias, batch[0], batch[1]))
            kernel, bias, _ = numpy_sgd([batch], kernel, bias)
        np.testing.assert_allclose(history.history["mae"][epoch], np.mean(maes), rtol=RTOL)
        np.testing.assert_allclose(
            history.history["val_mae"][epoch], numpy_mae(kernel, bias, val_x, val_y), rtol=RTOL
        )
        np.testing.assert_allclose(
            history.history["val_loss"][epoch],
            numpy_loss(kernel, bias, val_x, val_y),
            rtol=RTOL,
        )


def test_validation_does_not_leak_into_training_metrics(training_backend):
    # Very different validation data: if its loss were folded into the training
    # tracker, the logged training loss would move far from the NumPy value.
    recorder = Recorder()
    model = linear_model(metrics=["mae"])
    model.fit(
        X,
        Y,
        batch_size=4,
        epochs=2,
        shuffle=False,
        validation_data=(X * 10.0, Y + 5.0),
        verbose=0,
        callbacks=[recorder],
    )
    _, _, losses = numpy_fit(X, Y, batch_size=4, epochs=2)
    logged = [logs["loss"] for logs in recorder.epoch_logs]
    np.testing.assert_allclose(logged, losses, rtol=RTOL)
    assert all(logs["val_loss"] > 10 * logs["loss"] for logs in recorder.epoch_logs)


# -- steps_per_execution, run_eagerly, jit --------------------------------------------------
def test_steps_per_execution_gives_the_same_training(training_backend):
    kernel, bias, losses = numpy_fit(X, Y, batch_size=2, epochs=2)
    for steps_per_execution in (2, 3):  # 5 batches: both leave a partial last group
        model = linear_model(steps_per_execution=steps_per_execution)
        history = model.fit(X, Y, batch_size=2, epochs=2, shuffle=False, verbose=0)
        assert_weights(model, kernel, bias)
        np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)
        np.testing.assert_allclose(
            model.evaluate(X, Y, batch_size=2, verbose=0),
            numpy_loss(kernel, bias, X, Y),
            rtol=RTOL,
        )


@pytest.mark.parametrize(
    "compile_kwargs",
    [{"run_eagerly": True}, {"jit_compile": False}],
    ids=["run_eagerly", "no_jit"],
)
def test_uncompiled_steps_give_the_same_training(training_backend, compile_kwargs):
    # The compiled default is checked by every other test against the same reference.
    model = linear_model(**compile_kwargs)
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    kernel, bias, losses = numpy_fit(X, Y, batch_size=4, epochs=2)
    assert_weights(model, kernel, bias)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=RTOL)
    if compile_kwargs.get("run_eagerly"):
        assert model.jit_compile is False


def test_weights_assigned_by_a_callback_are_used_by_the_next_step(training_backend):
    new_kernel = np.array([[0.3], [-0.2], [0.1]], "float32")

    class ResetKernel(unison.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0:
                self.model.layers[0].kernel.assign(new_kernel)

    model = linear_model()
    model.fit(X, Y, batch_size=5, epochs=1, shuffle=False, verbose=0, callbacks=[ResetKernel()])
    first, second = batches_of(X, Y, 5)
    _, bias, _ = numpy_sgd([first])
    kernel, bias, _ = numpy_sgd([second], new_kernel, bias)
    assert_weights(model, kernel, bias)


def test_arrays_given_to_variables_survive_training(training_backend):
    """The trainer must not consume (on JAX: donate to XLA) arrays the user still holds:
    one assigned to a kernel before fit, one a Variable was created from."""
    user_kernel = ops.convert_to_tensor(KERNEL)
    user_scale = ops.convert_to_tensor(np.array([2.0], "float32"))

    class Scaled(layers.Layer):
        def __init__(self):
            super().__init__()
            self.scale = unison.Variable(user_scale)

        def call(self, inputs):
            return ops.multiply(inputs, self.scale)

    model = unison.Sequential([unison.Input((3,)), layers.Dense(1), Scaled()])
    model.layers[0].kernel.assign(user_kernel)
    model.layers[0].bias.assign(BIAS)
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    model.fit(X, Y, batch_size=5, epochs=2, shuffle=False, verbose=0)
    np.testing.assert_array_equal(ops.convert_to_numpy(user_kernel), KERNEL)
    np.testing.assert_array_equal(ops.convert_to_numpy(user_scale), [2.0])

    # The training itself is right: SGD on pred = (x @ kernel + bias) * scale.
    kernel, bias, scale = KERNEL.astype("float64"), BIAS.astype("float64"), 2.0
    for _ in range(2):
        for xb, yb, _ in batches_of(X, Y, 5):
            linear = xb @ kernel + bias
            grad = 2.0 * (linear * scale - yb) / len(xb)
            kernel, bias, scale = (
                kernel - LR * xb.T @ (grad * scale),
                bias - LR * np.sum(grad * scale, axis=0),
                scale - LR * float(np.sum(grad * linear)),
            )
    got_kernel, got_bias, got_scale = model.get_weights()
    np.testing.assert_allclose(got_kernel, kernel, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(got_bias, bias, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(got_scale, [scale], rtol=RTOL)
