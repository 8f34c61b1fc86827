import numpy as np
import pytest

import unison
from tests.callbacks.helpers import StubModel, compiled_model, data, drive_epochs
from unison.callbacks import EarlyStopping


def test_patience_and_min_delta():
    ran, _ = drive_epochs(EarlyStopping(patience=2), [1.0, 0.9, 0.95, 0.92, 0.5])
    assert ran == 4
    # 0.9 -> 0.89 is not an improvement with min_delta=0.05.
    ran, _ = drive_epochs(EarlyStopping(patience=1, min_delta=0.05), [1.0, 0.89, 0.88, 0.5])
    assert ran == 3


def test_mode_max_and_auto_for_accuracy_like_metrics():
    ran, _ = drive_epochs(
        EarlyStopping(monitor="val_auc", mode="max", patience=1), [0.5, 0.6, 0.55, 0.7], "val_auc"
    )
    assert ran == 3
    ran, _ = drive_epochs(
        EarlyStopping(monitor="val_loss", mode="min", patience=1), [0.5, 0.6, 0.4], "val_loss"
    )
    assert ran == 2
    with pytest.raises(ValueError, match="mode='max'"):
        drive_epochs(EarlyStopping(monitor="val_custom"), [1.0, 2.0], "val_custom")


def test_auto_mode_reads_metric_direction():
    class Metric:
        name = "accuracy"
        _direction = "up"

    model = StubModel()
    model.metrics = [Metric()]
    ran, _ = drive_epochs(
        EarlyStopping(monitor="val_accuracy", patience=1),
        [0.5, 0.6, 0.55],
        "val_accuracy",
        model=model,
    )
    assert ran == 3


def test_baseline_stops_when_never_beaten():
    # Epochs that never beat the baseline count towards patience (as in Keras, the stop
    # check runs on epochs without a new best).
    values = [1.0, 0.9, 0.95, 0.96, 0.97]
    ran, _ = drive_epochs(EarlyStopping(patience=2, baseline=0.1), values)
    assert ran == 3
    ran, _ = drive_epochs(EarlyStopping(patience=2), values)
    assert ran == 4


def test_start_from_epoch_and_restore_best_weights():
    callback = EarlyStopping(patience=1, start_from_epoch=2, restore_best_weights=True)
    ran, model = drive_epochs(callback, [5.0, 6.0, 1.0, 0.5, 0.7, 0.8])
    assert ran == 5
    assert callback.best_epoch == 3
    np.testing.assert_array_equal(model.weights[0], [3.0, 3.0])


def test_missing_monitor_warns():
    with pytest.warns(UserWarning, match="not available"):
        ran, _ = drive_epochs(EarlyStopping(monitor="val_loss"), [1.0, 2.0], "loss")
    assert ran == 2


def test_early_stopping_in_fit(training_backend):
    x, y = data()
    model = compiled_model(unison.optimizers.SGD(learning_rate=0.0))
    callback = EarlyStopping(monitor="loss", patience=1, min_delta=1e-3, restore_best_weights=True)
    history = model.fit(x, y, epochs=10, batch_size=16, callbacks=[callback], verbose=0)
    # A zero learning rate never improves the loss (beyond round-off): stop after epoch 2.
    assert len(history.history["loss"]) == 2
    assert callback.stopped_epoch == 1
