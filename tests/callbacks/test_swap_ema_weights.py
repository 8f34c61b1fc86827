import numpy as np
import pytest

import unison
from tests.callbacks.helpers import compiled_model, data
from unison.callbacks import SwapEMAWeights


def test_evaluates_with_ema_weights(training_backend):
    x, y = data()
    model = compiled_model(unison.optimizers.SGD(learning_rate=0.05, use_ema=True))
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    weights = model.get_weights()
    averages = [v.numpy() for v in model.optimizer._ema]
    seen = []

    class Probe(unison.callbacks.Callback):
        def on_test_batch_begin(self, batch, logs=None):
            seen.append(model.get_weights())

    model.evaluate(x, y, verbose=0, callbacks=[SwapEMAWeights(), Probe()])
    for got, want in zip(seen[0], averages, strict=True):
        np.testing.assert_allclose(got, want)
    for got, want in zip(model.get_weights(), weights, strict=True):
        np.testing.assert_allclose(got, want)


def test_requires_ema_optimizer(training_backend):
    x, y = data()
    model = compiled_model()
    model.fit(x, y, epochs=1, batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="use_ema"):
        model.evaluate(x, y, verbose=0, callbacks=[SwapEMAWeights()])
