import numpy as np
import pytest

import unison
from tests.callbacks.helpers import StubModel, compiled_model, data
from unison.callbacks import LearningRateScheduler


def test_two_and_one_argument_schedules():
    model = StubModel(learning_rate=1.0)
    callback = LearningRateScheduler(lambda epoch, rate: rate * 0.5)
    callback.set_model(model)
    for epoch in range(3):
        callback.on_epoch_begin(epoch)
    assert model.optimizer.learning_rate == 0.125
    callback = LearningRateScheduler(lambda epoch: 0.1 * (epoch + 1))
    callback.set_model(model)
    callback.on_epoch_begin(2)
    assert model.optimizer.learning_rate == pytest.approx(0.3)


def test_schedule_must_return_float():
    callback = LearningRateScheduler(lambda epoch: "fast")
    callback.set_model(StubModel())
    with pytest.raises(ValueError, match="float"):
        callback.on_epoch_begin(0)


def test_scheduler_in_fit(training_backend):
    x, y = data()
    model = compiled_model()
    callback = LearningRateScheduler(lambda epoch, rate: 0.01 * (epoch + 1))
    history = model.fit(x, y, epochs=3, batch_size=16, callbacks=[callback], verbose=0)
    np.testing.assert_allclose(history.history["learning_rate"], [0.01, 0.02, 0.03], rtol=1e-6)
    assert float(np.asarray(model.optimizer.learning_rate)) == pytest.approx(0.03)
    assert isinstance(model.optimizer, unison.optimizers.SGD)
