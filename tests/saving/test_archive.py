"""`.keras` archives: round trips, cross-backend loading, optimizer state, hostile files."""

import json
import os
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

import unison
from tests.conftest import BACKENDS, TRAINING_BACKENDS
from unison import layers, ops
from unison.saving import archive


def squared_error(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


CUSTOM = {"squared_error": squared_error}
RNG = np.random.default_rng(0)
X = RNG.standard_normal((32, 6)).astype("float32")
Y = (X[:, :2] * 1.5 - 0.5).astype("float32")


def small_model():
    return unison.Sequential(
        [
            unison.Input(shape=(6,)),
            layers.Dense(8, activation="relu"),
            layers.BatchNormalization(),
            layers.Dense(2),
        ]
    )


def functional_model():
    a = unison.Input(shape=(6,), name="a")
    b = unison.Input(shape=(3,), name="b")
    merged = layers.Concatenate()([layers.Dense(4)(a), layers.Dense(4)(b)])
    return unison.Model([a, b], layers.Dense(1)(merged))


def test_round_trip_same_backend(backend, tmp_path):
    model = small_model()
    expected = ops.convert_to_numpy(model(X))
    path = tmp_path / "model.keras"
    model.save(path)
    with zipfile.ZipFile(path) as zipped:
        assert set(zipped.namelist()) == {"config.json", "metadata.json", "model.weights.h5"}
        config = json.loads(zipped.read("config.json"))
    assert config["class_name"] == "Sequential"
    restored = unison.saving.load_model(path)
    assert [type(layer).__name__ for layer in restored.layers] == [
        "Dense",
        "BatchNormalization",
        "Dense",
    ]
    np.testing.assert_allclose(ops.convert_to_numpy(restored(X)), expected, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("source", BACKENDS)
def test_loads_on_every_backend(source, tmp_path):
    with unison.backend.use(source):
        model = functional_model()
        inputs = [X, X[:, :3]]
        expected = ops.convert_to_numpy(model(inputs))
        path = tmp_path / "functional.keras"
        model.save(path)
    for target in BACKENDS:
        with unison.backend.use(target):
            restored = unison.saving.load_model(path)
            assert restored.backend.name == target
            np.testing.assert_allclose(
                ops.convert_to_numpy(restored(inputs)),
                expected,
                rtol=1e-5,
                atol=1e-5,
                err_msg=f"{source} -> {target}",
            )


def _train(model, steps, offset=0):
    for step in range(steps):
        index = (offset + step) % 4
        model.train_on_batch(X[index * 8 : (index + 1) * 8], Y[index * 8 : (index + 1) * 8])


def _optimizer():
    # momentum carries state across the save; plain SGD keeps the cross-backend comparison
    # free of Adam's amplification of round-off in near-zero second moments
    return unison.optimizers.SGD(0.05, momentum=0.9)


@pytest.mark.parametrize("source", TRAINING_BACKENDS)
def test_training_resumes_on_another_backend(source, tmp_path):
    with unison.backend.use(source):
        model = small_model()
        initial = model.get_weights()
        model.compile(optimizer=_optimizer(), loss=squared_error)
        _train(model, 3)
        path = tmp_path / "trained.keras"
        model.save(path)
    for target in TRAINING_BACKENDS:
        with unison.backend.use(target):
            resumed = unison.saving.load_model(path, custom_objects=CUSTOM)
            assert int(resumed.optimizer.iterations.numpy()) == 3
            _train(resumed, 3, offset=3)
            reference = small_model()
            reference.set_weights(initial)
            reference.compile(optimizer=_optimizer(), loss=squared_error)
            _train(reference, 6)
            for got, want in zip(resumed.get_weights(), reference.get_weights()):
                np.testing.assert_allclose(
                    got, want, rtol=2e-4, atol=2e-5, err_msg=f"{source}->{target}"
                )


def test_to_backend_carries_weights_and_optimizer(tmp_path):
    if len(TRAINING_BACKENDS) < 2:
        pytest.skip("needs two training backends")
    source, target = TRAINING_BACKENDS[0], TRAINING_BACKENDS[1]
    with unison.backend.use(source):
        model = small_model()
        model.compile(optimizer=unison.optimizers.Adam(0.01), loss=squared_error)
        _train(model, 2)
    moved = model.to_backend(target)
    assert moved.backend.name == target
    np.testing.assert_allclose(
        unison.backend.get_backend(target).convert_to_numpy(moved(X)),
        unison.backend.get_backend(source).convert_to_numpy(model(X)),
        rtol=1e-5,
        atol=1e-5,
    )
    assert int(moved.optimizer.iterations.numpy()) == 2
    for a, b in zip(model.optimizer.variables, moved.optimizer.variables):
        np.testing.assert_allclose(a.numpy(), b.numpy())


def test_interrupted_save_keeps_previous_file(tmp_path, monkeypatch):
    with unison.backend.use(BACKENDS[0]):
        model = small_model()
        path = tmp_path / "keep.keras"
        model.save(path)
        before = path.read_bytes()

        def explode(*args, **kwargs):
            raise KeyboardInterrupt("interrupted")

        monkeypatch.setattr(archive, "write_weights_file", explode)
        with pytest.raises(KeyboardInterrupt):
            model.save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.keras"]


# -- hostile or broken archives ------------------------------------------------------------
def _saved_members(tmp_path):
    with unison.backend.use(BACKENDS[0]):
        model = small_model()
        path = tmp_path / "good.keras"
        model.save(path)
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist()}


def _write(path, members):
    with zipfile.ZipFile(path, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def test_not_a_zip(tmp_path):
    path = tmp_path / "bad.keras"
    path.write_text("hello")
    with pytest.raises(ValueError, match="not a zip file"):
        unison.saving.load_model(path)


def test_missing_member(tmp_path):
    members = _saved_members(tmp_path)
    del members["model.weights.h5"]
    with pytest.raises(ValueError, match="missing 'model.weights.h5'"):
        unison.saving.load_model(_write(tmp_path / "missing.keras", members))


def test_path_traversal_member(tmp_path):
    members = _saved_members(tmp_path)
    members["../../evil.txt"] = b"owned"
    with pytest.raises(ValueError, match="unsafe member name"):
        unison.saving.load_model(_write(tmp_path / "traversal.keras", members))
    assert not (tmp_path.parent / "evil.txt").exists()


def test_unknown_class(tmp_path):
    members = _saved_members(tmp_path)
    config = json.loads(members["config.json"])
    config["config"]["layers"][1]["class_name"] = "TotallyUnknownLayer"
    members["config.json"] = json.dumps(config)
    with pytest.raises(ValueError, match="TotallyUnknownLayer"):
        unison.saving.load_model(_write(tmp_path / "unknown.keras", members))


def test_lambda_bytecode_refused_in_safe_mode(tmp_path):
    members = _saved_members(tmp_path)
    config = json.loads(members["config.json"])
    config["config"]["layers"].append(
        {
            "module": "keras.layers",
            "class_name": "Lambda",
            "config": {
                "name": "evil",
                "function": {"class_name": "__lambda__", "config": {"code": "ZXZpbA=="}},
            },
            "registered_name": None,
        }
    )
    members["config.json"] = json.dumps(config)
    with pytest.raises(ValueError, match="safe_mode"):
        unison.saving.load_model(_write(tmp_path / "lambda.keras", members))


def test_wrong_weight_shapes(tmp_path):
    with unison.backend.use(BACKENDS[0]):
        small_model().save(tmp_path / "a.keras")
        other = unison.Sequential(
            [
                unison.Input(shape=(6,)),
                layers.Dense(5),
                layers.BatchNormalization(),
                layers.Dense(2),
            ]
        )
        with pytest.raises(ValueError, match=r"file shape \(6, 8\), variable shape \(6, 5\)"):
            other.load_weights(tmp_path / "a.keras")
        skipped = other.load_weights(tmp_path / "a.keras", skip_mismatch=True)
        assert skipped


def test_weights_only_round_trip(backend, tmp_path):
    model = small_model()
    path = tmp_path / "w.weights.h5"
    model.save_weights(path)
    other = small_model()
    other.load_weights(path)
    for a, b in zip(model.get_weights(), other.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match=".weights.h5"):
        model.save_weights(tmp_path / "w.h5")


# -- interop with real Keras (test-only reference) -----------------------------------------
def test_unison_file_loads_in_real_keras(tmp_path):
    pytest.importorskip("keras")
    with unison.backend.use(BACKENDS[0]):
        model = functional_model()
        inputs = [X, X[:, :3]]
        expected = ops.convert_to_numpy(model(inputs))
        model.save(tmp_path / "for_keras.keras")
    np.save(tmp_path / "a.npy", inputs[0])
    np.save(tmp_path / "b.npy", inputs[1])
    code = f"""
    import numpy as np, keras
    model = keras.saving.load_model({str(tmp_path / "for_keras.keras")!r})
    out = model.predict([np.load({str(tmp_path / "a.npy")!r}), np.load({str(tmp_path / "b.npy")!r})], verbose=0)
    np.save({str(tmp_path / "keras_out.npy")!r}, out)
    """
    env = {**os.environ, "KERAS_BACKEND": "jax" if "jax" in BACKENDS else "numpy"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    np.testing.assert_allclose(np.load(tmp_path / "keras_out.npy"), expected, rtol=1e-5, atol=1e-5)


def test_assets_travel_with_the_archive(tmp_path):
    source, target = BACKENDS[0], BACKENDS[-1]
    x = np.array([[9, 5], [7, 42]], "int32")
    with unison.backend.use(source):
        lookup = layers.IntegerLookup()
        lookup.adapt(np.array([5, 7, 7, 9, 9, 9]))
        inputs = unison.Input(shape=(2,), dtype="int32")
        model = unison.Model(inputs, lookup(inputs))
        expected = ops.convert_to_numpy(model(x))
        model.save(tmp_path / "lookup.keras")
    with zipfile.ZipFile(tmp_path / "lookup.keras") as zipped:
        assert "assets/layers/integer_lookup/vocabulary.txt" in zipped.namelist()
    with unison.backend.use(target):
        restored = unison.saving.load_model(tmp_path / "lookup.keras")
        np.testing.assert_array_equal(ops.convert_to_numpy(restored(x)), expected)
    np.testing.assert_array_equal(expected, [[1, 3], [2, 0]])


def ops_model():
    inputs = unison.Input(shape=(6,), name="features")
    hidden = layers.Dense(4)(inputs)
    mixed = ops.add(hidden, ops.relu(hidden)) * 2.0
    reshaped = ops.reshape(mixed, (-1, 2, 2))
    summed = ops.sum(reshaped, axis=-1)
    return unison.Model(
        inputs, ops.concatenate([summed, ops.mean(mixed, axis=-1, keepdims=True)], axis=-1)
    )


def test_ops_on_symbolic_tensors_round_trip(tmp_path):
    with unison.backend.use(BACKENDS[0]):
        model = ops_model()
        expected = ops.convert_to_numpy(model(X))
        model.save(tmp_path / "ops.keras")
    for target in BACKENDS:
        with unison.backend.use(target):
            restored = unison.saving.load_model(tmp_path / "ops.keras")
            np.testing.assert_allclose(
                ops.convert_to_numpy(restored(X)), expected, rtol=1e-5, atol=1e-5, err_msg=target
            )
    pytest.importorskip("keras")
    np.save(tmp_path / "x.npy", X)
    code = f"""
    import numpy as np, keras
    model = keras.saving.load_model({str(tmp_path / "ops.keras")!r})
    np.save({str(tmp_path / "keras_ops.npy")!r}, model.predict(np.load({str(tmp_path / "x.npy")!r}), verbose=0))
    """
    env = {**os.environ, "KERAS_BACKEND": "jax" if "jax" in BACKENDS else "numpy"}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    np.testing.assert_allclose(np.load(tmp_path / "keras_ops.npy"), expected, rtol=1e-5, atol=1e-5)


def test_huge_declared_shapes_are_refused(tmp_path):
    members = _saved_members(tmp_path)
    config = json.loads(members["config.json"])
    config["config"]["layers"][1]["config"]["units"] = 10**11
    members["config.json"] = json.dumps(config)
    with pytest.raises(ValueError, match="more than the file stores"):
        unison.saving.load_model(_write(tmp_path / "huge.keras", members))
