"""Optimizers inside ``model.fit``: the same weights on every backend after N steps."""

import numpy as np
import pytest

import unison
from tests.conftest import TRAINING_BACKENDS
from unison import ops


def _loss(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def _data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(24, 4)).astype("float32")
    y = rng.normal(size=(24, 2)).astype("float32")
    kernel = rng.normal(size=(4, 2)).astype("float32") * 0.5
    bias = rng.normal(size=(2,)).astype("float32") * 0.1
    return x, y, [kernel, bias]


def _train(backend_name, make_optimizer, epochs=2):
    x, y, initial = _data()
    with unison.backend.use(backend_name):
        model = unison.Sequential([unison.layers.Input((4,)), unison.layers.Dense(2)])
        model.set_weights(initial)
        model.compile(optimizer=make_optimizer(), loss=_loss)
        history = model.fit(x, y, batch_size=6, epochs=epochs, shuffle=False, verbose=0)
        return [np.asarray(w) for w in model.get_weights()], history.history["loss"]


def _reference_sgd(learning_rate, momentum, steps):
    x, y, (kernel, bias) = _data()
    kernel, bias = kernel.astype("float64"), bias.astype("float64")
    velocity = [np.zeros_like(kernel), np.zeros_like(bias)]
    for step in range(steps):
        rows = slice((step % 4) * 6, (step % 4) * 6 + 6)
        xb, yb = x[rows].astype("float64"), y[rows].astype("float64")
        error = xb @ kernel + bias - yb
        # mean over outputs, then over the batch
        grad_pred = 2 * error / (error.shape[0] * error.shape[1])
        grads = [xb.T @ grad_pred, grad_pred.sum(0)]
        for i, grad in enumerate(grads):
            velocity[i] = momentum * velocity[i] - learning_rate * grad
        kernel, bias = kernel + velocity[0], bias + velocity[1]
    return [kernel, bias]


OPTIMIZERS = {
    "sgd": lambda: unison.optimizers.SGD(learning_rate=0.1),
    "sgd_momentum": lambda: unison.optimizers.SGD(learning_rate=0.05, momentum=0.9),
    "adam": lambda: unison.optimizers.Adam(learning_rate=0.01),
}


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_fit_gives_same_weights_on_every_backend(name):
    results = {b: _train(b, OPTIMIZERS[name]) for b in TRAINING_BACKENDS}
    first = TRAINING_BACKENDS[0]
    for backend_name, (weights, losses) in results.items():
        for got, want in zip(weights, results[first][0], strict=False):
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6, err_msg=backend_name)
        np.testing.assert_allclose(losses, results[first][1], rtol=1e-5, err_msg=backend_name)


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_fit_sgd_matches_numpy(training_backend, momentum):
    def make():
        return unison.optimizers.SGD(learning_rate=0.05, momentum=momentum)

    weights, _ = _train(training_backend.name, make, epochs=2)
    for got, want in zip(weights, _reference_sgd(0.05, momentum, steps=8), strict=False):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


NEW_OPTIMIZERS = [
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "Muon",
    "Nadam",
    "RMSprop",
    "ScheduleFreeAdamW",
]


@pytest.mark.parametrize("name", NEW_OPTIMIZERS)
def test_every_optimizer_trains_in_fit(training_backend, name):
    """Each optimizer runs inside the compiled train step and reduces the loss."""
    x, y, initial = _data()
    model = unison.Sequential([unison.layers.Input((4,)), unison.layers.Dense(2)])
    model.set_weights(initial)
    optimizer = getattr(unison.optimizers, name)(learning_rate=0.05)
    model.compile(optimizer=optimizer, loss=_loss)
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, batch_size=6, epochs=3, shuffle=False, verbose=0)
    after = model.evaluate(x, y, verbose=0)
    assert np.isfinite(after)
    assert after < before
    assert int(optimizer.iterations.numpy()) == 12
