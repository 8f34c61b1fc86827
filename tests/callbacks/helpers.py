"""A tiny compiled model and data for callback tests, and a stand-in model for unit tests."""

from __future__ import annotations

import numpy as np

import unison
from unison import ops


def mse(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def data(rows=32, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")
    return x, y


def compiled_model(optimizer=None):
    model = unison.Sequential([unison.layers.Input((3,)), unison.layers.Dense(1)])
    model.compile(optimizer=optimizer or unison.optimizers.SGD(learning_rate=0.05), loss=mse)
    return model


class StubOptimizer:
    def __init__(self, learning_rate=0.1):
        self.learning_rate = learning_rate
        self.iterations = 0


class StubModel:
    """Enough of a model for callbacks driven by hand: weights, optimizer, stop flag."""

    def __init__(self, learning_rate=0.1):
        self.weights = [np.zeros(2)]
        self.stop_training = False
        self.optimizer = StubOptimizer(learning_rate)
        self.metrics = []

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = [np.array(w) for w in weights]


def drive_epochs(callback, values, monitor="val_loss", model=None):
    """Run ``on_epoch_end`` with ``values``; the stub's weights record the epoch number.
    Returns the number of epochs run before ``stop_training``."""
    model = model or StubModel()
    callback.set_model(model)
    callback.set_params({"epochs": len(values)})
    callback.on_train_begin()
    ran = 0
    for epoch, value in enumerate(values):
        model.weights = [np.full(2, float(epoch))]
        callback.on_epoch_begin(epoch)
        callback.on_epoch_end(epoch, {monitor: value})
        ran += 1
        if model.stop_training:
            break
    callback.on_train_end()
    return ran, model
