import glob
import os
import struct

import numpy as np
import pytest

from tests.callbacks.helpers import compiled_model, data
from unison.callbacks import TensorBoard
from unison.callbacks.tensorboard_events import (
    EventFileWriter,
    crc32c,
    frame_record,
    masked_crc32c,
    read_events,
    read_records,
)


def test_crc32c_known_values():
    # Standard CRC-32C check values.
    assert crc32c(b"123456789") == 0xE3069283
    assert crc32c(b"") == 0
    assert crc32c(bytes(32)) == 0x8A9136AA
    assert masked_crc32c(b"") == 0xA282EAD8


def test_record_framing_round_trip(tmp_path):
    path = tmp_path / "records"
    path.write_bytes(frame_record(b"hello") + frame_record(b""))
    assert list(read_records(path)) == [b"hello", b""]
    raw = bytearray(path.read_bytes())
    raw[13] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="CRC"):
        list(read_records(path))
    assert struct.unpack("<Q", frame_record(b"abc")[:8])[0] == 3


def test_writer_scalars_and_histograms(tmp_path):
    with EventFileWriter(tmp_path) as writer:
        writer.add_scalar("epoch_loss", 0.25, step=3)
        writer.add_histogram("kernel", np.arange(10.0), step=1, bins=5)
    events = read_events(writer.path)
    assert events[0]["file_version"] == "brain.Event:2"
    assert events[1]["step"] == 3
    assert events[1]["summary"] == [{"tag": "epoch_loss", "simple_value": 0.25}]
    histogram = events[2]["summary"][0]["histo"]
    assert histogram["num"] == 10 and histogram["sum"] == 45.0
    assert histogram["min"] == 0.0 and histogram["max"] == 9.0
    assert sum(histogram["bucket"]) == 10
    assert len(histogram["bucket_limit"]) == 5


def _scalars(directory):
    (path,) = glob.glob(os.path.join(directory, "events.out.tfevents.*"))
    found = {}
    for event in read_events(path):
        for value in event.get("summary", []):
            if "simple_value" in value:
                found.setdefault(value["tag"], []).append((event["step"], value["simple_value"]))
    return path, found


def test_tensorboard_in_fit(training_backend, tmp_path):
    x, y = data()
    model = compiled_model()
    board = TensorBoard(log_dir=tmp_path, histogram_freq=1, update_freq=2)
    history = model.fit(
        x, y, epochs=2, batch_size=8, validation_data=(x, y), callbacks=[board], verbose=0
    )
    train_path, train = _scalars(tmp_path / "train")
    _, validation = _scalars(tmp_path / "validation")
    assert [step for step, _ in train["epoch_loss"]] == [0, 1]
    np.testing.assert_allclose(
        [value for _, value in train["epoch_loss"]], history.history["loss"], rtol=1e-6
    )
    np.testing.assert_allclose(
        [value for _, value in validation["epoch_loss"]], history.history["val_loss"], rtol=1e-6
    )
    assert [step for step, _ in train["batch_loss"]] == [2, 4, 6, 8]
    assert "epoch_learning_rate" in train
    assert [step for step, _ in validation["evaluation_loss_vs_iterations"]] == [4, 8]
    tags = {v["tag"] for e in read_events(train_path) for v in e.get("summary", [])}
    assert any(tag.endswith("/histogram") for tag in tags)


def test_tensorflow_reads_our_files(tmp_path):
    tf = pytest.importorskip("tensorflow")
    with EventFileWriter(tmp_path) as writer:
        writer.add_scalar("epoch_loss", 1.5, step=7)
        writer.add_histogram("weights", np.linspace(-1, 1, 50), step=7)
    events = list(tf.compat.v1.train.summary_iterator(writer.path))
    assert events[0].file_version == "brain.Event:2"
    assert events[1].step == 7
    assert events[1].summary.value[0].tag == "epoch_loss"
    assert events[1].summary.value[0].simple_value == 1.5
    histogram = events[2].summary.value[0].histo
    assert histogram.num == 50 and histogram.min == -1.0 and histogram.max == 1.0
    assert sum(histogram.bucket) == 50


def test_unsupported_options():
    with pytest.raises(NotImplementedError, match="write_images"):
        TensorBoard(write_images=True)
    with pytest.raises(NotImplementedError, match="profile_batch"):
        TensorBoard(profile_batch=2)
    with pytest.raises(ValueError, match="update_freq"):
        TensorBoard(update_freq="sometimes")
