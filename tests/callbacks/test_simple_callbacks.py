"""CSVLogger, TerminateOnNaN, LambdaCallback and RemoteMonitor."""

import csv
import json
import urllib.request

import numpy as np
import pytest

import unison
from tests.callbacks.helpers import compiled_model, data
from unison.callbacks import CSVLogger, LambdaCallback, RemoteMonitor, TerminateOnNaN


def test_csv_logger_writes_and_appends(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    path = tmp_path / "logs" / "training.csv"
    history = model.fit(
        x,
        y,
        epochs=2,
        batch_size=16,
        validation_data=(x, y),
        callbacks=[CSVLogger(path)],
        verbose=0,
    )
    with open(path) as file:
        rows = list(csv.DictReader(file))
    assert [row["epoch"] for row in rows] == ["0", "1"]
    assert set(rows[0]) == {"epoch", "loss", "val_loss"}
    np.testing.assert_allclose([float(r["loss"]) for r in rows], history.history["loss"])
    model.fit(x, y, epochs=1, batch_size=16, callbacks=[CSVLogger(path, append=True)], verbose=0)
    with open(path) as file:
        lines = file.read().splitlines()
    assert len(lines) == 4  # one header, three rows
    assert lines[0].startswith("epoch,")


def test_csv_logger_separator(tmp_path):
    logger = CSVLogger(tmp_path / "log.tsv", separator="\t")
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "acc": 0.75})
    logger.on_train_end()
    assert (tmp_path / "log.tsv").read_text().splitlines() == ["epoch\tacc\tloss", "0\t0.75\t0.5"]


def test_terminate_on_nan(training_backend):
    x, y = data()
    y = y.copy()
    y[5] = np.nan
    model = compiled_model()
    history = model.fit(x, y, epochs=3, batch_size=8, callbacks=[TerminateOnNaN()], verbose=0)
    assert len(history.history["loss"]) == 1
    assert model.stop_training


def test_lambda_callback(training_backend):
    x, y = data()
    events = []
    callback = LambdaCallback(
        on_train_begin=lambda logs: events.append("train_begin"),
        on_epoch_end=lambda epoch, logs: events.append(("epoch", epoch, "loss" in logs)),
        on_train_batch_end=lambda batch, logs: events.append(("batch", batch)),
        on_test_end=lambda logs: events.append("test_end"),
    )
    compiled_model().fit(
        x, y, epochs=2, batch_size=16, validation_data=(x, y), callbacks=[callback], verbose=0
    )
    assert events[0] == "train_begin"
    assert events.count("test_end") == 2
    assert ("epoch", 1, True) in events
    assert [e for e in events if isinstance(e, tuple) and e[0] == "batch"][:2] == [
        ("batch", 0),
        ("batch", 1),
    ]
    with pytest.raises(TypeError, match="on_nothing"):
        LambdaCallback(on_nothing=print)


def test_remote_monitor_posts_logs(monkeypatch):
    sent = []

    class Response:
        def __enter__(self):
            return self

        def __exit__(self, *args):
            return False

    def fake_urlopen(request, timeout=None):
        sent.append(request)
        return Response()

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    RemoteMonitor(root="http://example.invalid", send_as_json=True).on_epoch_end(
        3, {"loss": np.float32(0.5)}
    )
    assert sent[0].full_url == "http://example.invalid/publish/epoch/end/"
    assert json.loads(sent[0].data) == {"epoch": 3, "loss": 0.5}

    def failing(request, timeout=None):
        raise OSError("offline")

    monkeypatch.setattr(urllib.request, "urlopen", failing)
    with pytest.warns(UserWarning, match="could not reach"):
        RemoteMonitor().on_epoch_end(0, {"loss": 1.0})
    assert unison.callbacks.RemoteMonitor is RemoteMonitor
