import numpy as np
import pytest

import unison
from tests.callbacks.helpers import compiled_model, data, drive_epochs
from unison.callbacks import ReduceLROnPlateau


def test_reduces_after_patience_with_cooldown_and_floor():
    callback = ReduceLROnPlateau(factor=0.5, patience=1, cooldown=1, min_lr=0.03)
    _, model = drive_epochs(callback, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    # epoch 1 reduces 0.1 -> 0.05, epoch 2 is cooldown, epoch 3 -> 0.03 (floor)
    assert model.optimizer.learning_rate == pytest.approx(0.03)


def test_improvements_reset_the_wait():
    callback = ReduceLROnPlateau(factor=0.5, patience=2)
    _, model = drive_epochs(callback, [1.0, 1.0, 0.5, 0.5, 0.1])
    assert model.optimizer.learning_rate == pytest.approx(0.1)


def test_rejects_factor_at_least_one():
    with pytest.raises(ValueError, match="factor"):
        ReduceLROnPlateau(factor=1.0)


def test_reduce_lr_in_fit(training_backend):
    x, y = data()
    model = compiled_model(unison.optimizers.SGD(learning_rate=0.0))
    callback = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=0.0)
    model.optimizer.learning_rate = 0.0
    history = model.fit(x, y, epochs=3, batch_size=16, callbacks=[callback], verbose=0)
    assert history.history["learning_rate"][0] == 0.0
    model2 = compiled_model(unison.optimizers.SGD(learning_rate=1e-9))
    model2.fit(
        x,
        y,
        epochs=3,
        batch_size=16,
        callbacks=[ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=1.0)],
        verbose=0,
    )
    rate = float(np.asarray(model2.optimizer.learning_rate))
    assert rate == pytest.approx(1e-9 * 0.25, rel=1e-5)
