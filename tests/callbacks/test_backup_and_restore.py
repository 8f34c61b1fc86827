import json
import os

import numpy as np
import pytest

from tests.callbacks.helpers import compiled_model, data
from unison.callbacks import BackupAndRestore, Callback


class InterruptAt(Callback):
    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise RuntimeError("interrupted")


def test_backup_then_restore(training_backend, tmp_path):
    x, y = data()
    backup_dir = tmp_path / "backup"
    model = compiled_model()
    model(x[:1])
    with pytest.raises(RuntimeError, match="interrupted"):
        model.fit(
            x,
            y,
            epochs=4,
            batch_size=16,
            verbose=0,
            callbacks=[BackupAndRestore(backup_dir), InterruptAt(2)],
        )
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata == {"epoch": 2, "batch": 0}
    saved = model.get_weights()
    iterations = int(np.asarray(model.optimizer.iterations))

    fresh = compiled_model()
    fresh(x[:1])
    callback = BackupAndRestore(backup_dir)
    callback.set_model(fresh)
    callback.on_train_begin()
    for got, want in zip(fresh.get_weights(), saved, strict=True):
        np.testing.assert_allclose(got, want)
    assert fresh._initial_epoch == 2
    assert int(np.asarray(fresh.optimizer.iterations)) == iterations
    callback.on_train_end()
    assert not os.path.exists(backup_dir)


def test_double_checkpoint_and_batch_frequency(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    model(x[:1])
    callback = BackupAndRestore(
        tmp_path, save_freq=2, double_checkpoint=True, delete_checkpoint=False
    )
    model.fit(x, y, epochs=1, batch_size=8, verbose=0, callbacks=[callback])
    assert (tmp_path / "latest.weights.h5").exists()
    assert (tmp_path / "latest.weights.h5.bkp").exists()
    # Batch-frequency backups are written during the epoch, so they record epoch 0.
    assert json.loads((tmp_path / "training_metadata.json").read_text())["epoch"] == 0


def test_requires_built_model(tmp_path):
    import unison

    callback = BackupAndRestore(tmp_path)
    callback.set_model(unison.Sequential([unison.layers.Dense(1)]))
    with pytest.raises(ValueError, match="built"):
        callback.on_train_begin()
    with pytest.raises(ValueError, match="backup_dir"):
        BackupAndRestore("")
