import os

import numpy as np
import pytest

import unison
from tests.callbacks.helpers import compiled_model, data
from unison.callbacks import ModelCheckpoint


def test_weights_files_named_by_epoch_and_logs(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    pattern = str(tmp_path / "ckpt_{epoch:02d}_{val_loss:.2f}.weights.h5")
    checkpoint = ModelCheckpoint(pattern, save_weights_only=True)
    history = model.fit(
        x, y, epochs=2, batch_size=16, validation_data=(x, y), callbacks=[checkpoint], verbose=0
    )
    names = sorted(os.listdir(tmp_path))
    expected = [
        f"ckpt_{epoch + 1:02d}_{loss:.2f}.weights.h5"
        for epoch, loss in enumerate(history.history["val_loss"])
    ]
    assert names == sorted(expected)
    restored = compiled_model()
    restored(x[:1])
    restored.load_weights(str(tmp_path / expected[-1]))
    for got, want in zip(restored.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_allclose(got, want)


def test_save_best_only(training_backend, tmp_path):
    x, y = data()
    # Gradient ascent (a negative rate): the loss only grows after the first epoch.
    model = compiled_model(unison.optimizers.SGD(learning_rate=-0.05))
    path = str(tmp_path / "best_{epoch}.weights.h5")
    checkpoint = ModelCheckpoint(path, monitor="loss", save_best_only=True, save_weights_only=True)
    model.fit(x, y, epochs=3, batch_size=16, callbacks=[checkpoint], verbose=0)
    assert os.listdir(tmp_path) == ["best_1.weights.h5"]


def test_full_model_checkpoint(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    checkpoint = ModelCheckpoint(str(tmp_path / "model.keras"), monitor="loss")
    model.fit(x, y, epochs=1, batch_size=16, callbacks=[checkpoint], verbose=0)
    assert os.path.exists(tmp_path / "model.keras")


def test_save_freq_batches(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    path = str(tmp_path / "e{epoch}_b{batch}.weights.h5")
    checkpoint = ModelCheckpoint(path, save_weights_only=True, save_freq=2)
    model.fit(x, y, epochs=1, batch_size=8, callbacks=[checkpoint], verbose=0)
    assert sorted(os.listdir(tmp_path)) == ["e1_b2.weights.h5", "e1_b4.weights.h5"]


def test_filepath_validation(tmp_path):
    with pytest.raises(ValueError, match=".weights.h5"):
        ModelCheckpoint(str(tmp_path / "w.h5x"), save_weights_only=True)
    with pytest.raises(ValueError, match=".keras"):
        ModelCheckpoint(str(tmp_path / "model.txt"))
    with pytest.raises(ValueError, match="save_freq"):
        ModelCheckpoint(str(tmp_path / "m.keras"), save_freq="sometimes")
