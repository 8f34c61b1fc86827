"""Recurrent layers and wrappers against real Keras (same weights), plus behaviour tests."""

from __future__ import annotations

import functools
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, to_numpy
from unison import layers, tree
from unison.saving import serialization

# A case is (build expression, input shapes, call expression). The same expressions run in
# Keras (``L`` = keras.layers) and in unison (``L`` = unison.layers); ``x`` is the list of
# inputs (float32 normals drawn from the case index) and ``m`` a fixed (2, 5) step mask.
_SCRIPT = r"""
import json, pickle, sys
import numpy as np
import keras
L = keras.layers
results = []
for index, (build, shapes, call) in enumerate(json.load(open(sys.argv[1]))):
    rng = np.random.default_rng(index)
    x = [rng.normal(size=shape).astype("float32") for shape in shapes]
    m = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)
    layer = eval(build)
    out = eval(call)
    flat = keras.tree.flatten(out)
    results.append({
        "x": x,
        "outputs": [np.asarray(item) for item in flat],
        "weights": [np.asarray(w) for w in layer.get_weights()],
        "weight_names": [w.name for w in layer.weights],
        "serialized": json.loads(json.dumps(keras.saving.serialize_keras_object(layer),
                                            default=lambda v: np.asarray(v).tolist())),
    })
with open(sys.argv[2], "wb") as handle:
    pickle.dump(results, handle)
"""

MASK = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], bool)


@functools.cache
def _run(cases_json: str):
    try:
        import keras  # noqa: F401
    except ImportError:
        return "keras is not installed"
    with tempfile.TemporaryDirectory() as folder:
        cases, results, script = (Path(folder) / name for name in ("c.json", "r.pkl", "s.py"))
        cases.write_text(cases_json)
        script.write_text(_SCRIPT)
        completed = subprocess.run(
            [sys.executable, str(script), str(cases), str(results)],
            env=dict(os.environ, KERAS_BACKEND="numpy"),
            capture_output=True,
            text=True,
            timeout=600,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"Keras reference run failed:\n{completed.stderr[-4000:]}")
        return pickle.loads(results.read_bytes())


def keras_reference(cases: list) -> list:
    """Run ``cases`` in real Keras once per process (or skip when Keras is missing)."""
    results = _run(json.dumps(cases))
    if isinstance(results, str):
        pytest.skip(results)
    return results


def check_case(case: tuple, reference: dict, rtol: float = 1e-4, atol: float = 1e-5) -> None:
    """Build the unison twin, copy Keras's weights, and compare every output."""
    build, _, call = case
    x = reference["x"]
    m = MASK  # noqa: F841  (used by the call expressions)
    layer = eval(build, {"L": layers, "np": np})
    symbolic = [layers.Input(batch_shape=item.shape) for item in x]
    eval(call, {"layer": layer, "x": symbolic, "m": MASK})  # builds without running the loop
    layer.set_weights(reference["weights"])
    outputs = tree.flatten(eval(call))
    assert len(outputs) == len(reference["outputs"])
    for ours, theirs in zip(outputs, reference["outputs"], strict=True):
        assert tuple(ours.shape) == theirs.shape
        np.testing.assert_allclose(to_numpy(ours), theirs, rtol=rtol, atol=atol)
    assert [w.name for w in layer.weights] == reference["weight_names"]


RNN_CASES = [
    ("L.LSTM(4)", [[2, 5, 3]], "layer(x[0])"),
    ("L.LSTM(4, return_sequences=True, go_backwards=True)", [[2, 5, 3]], "layer(x[0])"),
    (
        "L.LSTM(3, activation='relu', unit_forget_bias=False, use_bias=False, return_state=True)",
        [[2, 5, 3]],
        "layer(x[0])",
    ),
    ("L.LSTM(4, return_sequences=True)", [[2, 5, 3]], "layer(x[0], mask=m)"),
    ("L.LSTM(4, unroll=True, return_state=True)", [[2, 5, 3]], "layer(x[0], mask=m)"),
    ("L.LSTM(4)", [[2, 5, 3], [2, 4], [2, 4]], "layer(x[0], initial_state=[x[1], x[2]])"),
    ("L.GRU(4)", [[2, 5, 3]], "layer(x[0])"),
    ("L.GRU(4, reset_after=False, return_sequences=True)", [[2, 5, 3]], "layer(x[0])"),
    ("L.GRU(3, use_bias=False, go_backwards=True, return_state=True)", [[2, 5, 3]], "layer(x[0])"),
    ("L.GRU(4, return_sequences=True)", [[2, 5, 3]], "layer(x[0], mask=m)"),
    ("L.SimpleRNN(4, activation='relu', return_sequences=True)", [[2, 5, 3]], "layer(x[0])"),
    ("L.SimpleRNN(4, return_sequences=True)", [[2, 5, 3]], "layer(x[0], mask=m)"),
    ("L.RNN(L.LSTMCell(3), return_sequences=True)", [[2, 5, 3]], "layer(x[0])"),
    ("L.RNN([L.LSTMCell(3), L.GRUCell(2), L.SimpleRNNCell(2)])", [[2, 5, 3]], "layer(x[0])"),
    ("L.RNN([L.GRUCell(3), L.LSTMCell(2)], return_state=True)", [[2, 5, 3]], "layer(x[0])"),
    ("L.Bidirectional(L.LSTM(3, return_sequences=True))", [[2, 5, 3]], "layer(x[0])"),
    ("L.Bidirectional(L.GRU(3), merge_mode='sum')", [[2, 5, 3]], "layer(x[0], mask=m)"),
    (
        "L.Bidirectional(L.LSTM(2, return_state=True), merge_mode='ave')",
        [[2, 5, 3]],
        "layer(x[0])",
    ),
    (
        "L.Bidirectional(L.SimpleRNN(2, return_sequences=True), merge_mode=None, "
        "backward_layer=L.SimpleRNN(2, return_sequences=True, go_backwards=True))",
        [[2, 5, 3]],
        "layer(x[0])",
    ),
    ("L.TimeDistributed(L.Dense(3))", [[2, 5, 4]], "layer(x[0])"),
    ("L.TimeDistributed(L.Conv1D(2, 3))", [[2, 5, 6, 2]], "layer(x[0])"),
    ("L.TimeDistributed(L.LayerNormalization())", [[2, 5, 4]], "layer(x[0])"),
    ("L.ConvLSTM1D(2, 3, return_sequences=True, go_backwards=True)", [[2, 3, 6, 2]], "layer(x[0])"),
    ("L.ConvLSTM2D(2, 3, padding='same', return_state=True)", [[2, 3, 5, 5, 1]], "layer(x[0])"),
    ("L.ConvLSTM3D(2, 2, strides=2)", [[1, 2, 4, 4, 4, 1]], "layer(x[0])"),
]
RNN_IDS = [f"{index}-{case[0][2:20]}" for index, case in enumerate(RNN_CASES)]


@pytest.fixture(scope="module")
def rnn_references():
    return keras_reference(RNN_CASES)


@pytest.mark.parametrize("index", range(len(RNN_CASES)), ids=RNN_IDS)
def test_matches_keras(backend, rnn_references, index):
    check_case(RNN_CASES[index], rnn_references[index])


@pytest.mark.parametrize("index", range(len(RNN_CASES)), ids=RNN_IDS)
def test_config_round_trip_from_keras(rnn_references, index):
    serialized = rnn_references[index]["serialized"]
    with unison.backend.use("numpy"):
        layer = serialization.deserialize(serialized)
        config = json_ready(layer.get_config())
    assert config == serialized["config"]
    clone = type(layer).from_config(layer.get_config())
    assert json_ready(clone.get_config()) == config


def test_symbolic_shapes_and_masks(backend):
    inputs = layers.Input((None, 3))
    sequence, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(inputs)
    assert sequence.shape == (None, None, 4) and h.shape == (None, 4) and c.shape == (None, 4)
    both = layers.Bidirectional(layers.GRU(2, return_sequences=True))(inputs)
    assert both.shape == (None, None, 4)
    tokens = layers.Input((5,), dtype="int32")
    embedded = layers.Embedding(10, 3, mask_zero=True)(tokens)
    model = unison.Model(tokens, layers.LSTM(4)(embedded))
    ids = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8]], "int32")
    masked = to_numpy(model(ids))
    # The padded steps must be skipped: same result as the unpadded first sequence.
    embedding, lstm = model.layers[1], model.layers[2]
    alone = to_numpy(lstm(embedding(ids[:1, :3])))
    np.testing.assert_allclose(masked[:1], alone, rtol=1e-5, atol=1e-6)


def test_stateful_and_reset(backend):
    x = np.random.default_rng(1).normal(size=(2, 6, 3)).astype("float32")
    whole = layers.GRU(4, return_sequences=True)
    expected = to_numpy(whole(x))
    stateful = layers.GRU(4, return_sequences=True, stateful=True)
    stateful.build((2, 6, 3))
    stateful.set_weights(whole.get_weights())
    assert stateful.weights == stateful.cell.weights  # states are not weights (as Keras)
    first = to_numpy(stateful(x[:, :3]))
    second = to_numpy(stateful(x[:, 3:]))
    np.testing.assert_allclose(np.concatenate([first, second], 1), expected, rtol=1e-5, atol=1e-6)
    stateful.reset_states()
    np.testing.assert_allclose(to_numpy(stateful(x[:, :3])), expected[:, :3], rtol=1e-5)
    with pytest.raises(ValueError, match="batch size"):
        layers.LSTM(2, stateful=True)(layers.Input((3, 2)))


def test_dropout_training_only(backend):
    x = np.ones((4, 5, 3), "float32")
    for layer in (
        layers.LSTM(6, dropout=0.5, recurrent_dropout=0.5, seed=1),
        layers.GRU(6, dropout=0.5, seed=2),
        layers.SimpleRNN(6, recurrent_dropout=0.4, seed=3),
    ):
        inference = to_numpy(layer(x, training=False))
        training = to_numpy(layer(x, training=True))
        assert training.shape == inference.shape
        assert not np.allclose(training, inference)
        assert layer.cell._dropout_mask is None  # masks live for one sequence only


def test_bad_inputs():
    with pytest.raises(ValueError, match="lstm"):
        layers.LSTM(3, name="lstm")(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="units"):
        layers.GRU(0)
    with pytest.raises(ValueError, match="merge mode"):
        layers.Bidirectional(layers.LSTM(2), merge_mode="max")
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(2))
    with pytest.raises(ValueError, match="at least 3"):
        layers.TimeDistributed(layers.Dense(2))(np.ones((2, 3), "float32"))


def test_weights_file_layout():
    from unison.saving.weights_file import saveable_children

    with unison.backend.use("numpy"):
        bi = layers.Bidirectional(layers.LSTM(2))
        bi.build((1, 3, 2))
        names = [name for name, _ in saveable_children(bi)]
        assert names == ["forward_layer", "backward_layer"]
        assert [name for name, _ in saveable_children(bi.forward_layer)] == ["cell"]
        stacked = layers.RNN([layers.LSTMCell(2), layers.LSTMCell(2)])
        stacked.build((1, 3, 2))
        inner = [name for name, _ in saveable_children(stacked.cell)]
        assert inner == ["cells/lstm_cell", "cells/lstm_cell_1"]


@pytest.mark.parametrize("name", ["jax", "tensorflow", "torch"])
def test_trains_compiled(name):
    if name not in unison.available_backends():
        pytest.skip(f"{name} is not installed")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 5, 3)).astype("float32")
    y = rng.normal(size=(8, 2)).astype("float32")
    with unison.backend.use(name):
        model = unison.Sequential(
            [layers.Input((5, 3)), layers.LSTM(4, recurrent_dropout=0.1), layers.Dense(2)]
        )
        model.compile(optimizer="sgd", loss="mse")
        before = [w.copy() for w in model.get_weights()]
        history = model.fit(x, y, epochs=1, batch_size=4, verbose=0)
        assert np.all(np.isfinite(history.history["loss"]))
        changed = [not np.allclose(a, b) for a, b in zip(before, model.get_weights())]
        assert all(changed)


class MinimalCell(layers.Layer):
    """A user cell: a running sum of a projection, with a single (non-list) state."""

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = units

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")

    def call(self, inputs, states):
        output = unison.ops.matmul(inputs, self.kernel) + states[0]
        return output, [output]


def test_user_cell(backend):
    x = np.random.default_rng(2).normal(size=(2, 4, 3)).astype("float32")
    layer = layers.RNN(MinimalCell(2), return_sequences=True, go_backwards=True)
    output = to_numpy(layer(x))
    expected = np.cumsum(x[:, ::-1].sum(-1, keepdims=True), axis=1) * np.ones((1, 1, 2))
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)
    masked = to_numpy(layers.RNN(MinimalCell(2))(x, mask=MASK[:, :4]))
    np.testing.assert_allclose(masked[0], np.full(2, x[0, :3].sum()), rtol=1e-5)
    stacked = layers.RNN([MinimalCell(2), MinimalCell(1)], return_state=True)
    out, first, second = stacked(x)
    assert tuple(out.shape) == (2, 1) and tuple(first.shape) == (2, 2)
    np.testing.assert_allclose(to_numpy(out), to_numpy(second), rtol=1e-6)
