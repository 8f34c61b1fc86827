"""unison.initializers: statistics, seeding, fans, configs (matched to real Keras)."""

import numpy as np
import pytest

import unison
from unison import initializers


def _numpy(x):
    return unison.ops.convert_to_numpy(x)


def test_constants(backend):
    np.testing.assert_array_equal(_numpy(initializers.Zeros()((2, 3))), np.zeros((2, 3)))
    np.testing.assert_array_equal(_numpy(initializers.Ones()((2,), "int32")), [1, 1])
    assert _numpy(initializers.Ones()((2,), "int32")).dtype == np.int32
    np.testing.assert_array_equal(_numpy(initializers.Constant(3.0)((2, 2))), np.full((2, 2), 3.0))
    np.testing.assert_array_equal(
        _numpy(initializers.Identity(gain=2.0)((2, 3))), 2.0 * np.eye(2, 3)
    )
    with pytest.raises(ValueError, match="2-D"):
        initializers.Identity()((2, 2, 2))


@pytest.mark.parametrize(
    "name", ["random_normal", "random_uniform", "truncated_normal", "glorot_uniform",
             "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
             "orthogonal", "variance_scaling"],
)  # fmt: skip
def test_seeded_is_reproducible(backend, name):
    cls = initializers.get(name).__class__
    first = _numpy(cls(seed=3)((4, 5)))
    again = _numpy(cls(seed=3)((4, 5)))
    assert first.shape == (4, 5) and first.dtype == np.float32
    np.testing.assert_array_equal(first, again)
    instance = cls(seed=None)
    np.testing.assert_array_equal(_numpy(instance((4, 5))), _numpy(instance((4, 5))))


def test_different_seeds_differ(backend):
    for cls in (initializers.RandomNormal, initializers.GlorotUniform, initializers.Orthogonal):
        first = _numpy(cls(seed=3)((4, 5)))
        assert not np.array_equal(first, _numpy(cls(seed=4)((4, 5)))), cls.__name__


def test_seed_generator_gives_new_values(backend):
    init = initializers.RandomNormal(seed=unison.random.SeedGenerator(1))
    assert not np.array_equal(_numpy(init((3,))), _numpy(init((3,))))


def test_statistics(backend):
    shape = (200, 300)
    glorot = _numpy(initializers.GlorotUniform(seed=1)(shape))
    limit = np.sqrt(6 / (200 + 300))
    assert glorot.min() >= -limit and glorot.max() <= limit
    assert abs(glorot.std() - limit / np.sqrt(3)) < 0.01 * limit
    he = _numpy(initializers.HeNormal(seed=1)(shape))
    assert abs(he.std() - np.sqrt(2 / 200)) < 0.05 * np.sqrt(2 / 200)
    assert np.abs(he).max() <= 2 * np.sqrt(2 / 200) / 0.87962566103423978 + 1e-6
    normal = _numpy(initializers.RandomNormal(1.0, 2.0, seed=2)(shape))
    assert abs(normal.mean() - 1.0) < 0.05 and abs(normal.std() - 2.0) < 0.05


@pytest.mark.parametrize("shape", [(4, 4), (3, 6), (6, 3), (2, 3, 4)])
def test_orthogonal(backend, shape):
    q = _numpy(initializers.Orthogonal(gain=1.5, seed=0)(shape)).reshape(-1, shape[-1])
    if q.shape[0] >= q.shape[1]:
        np.testing.assert_allclose(q.T @ q, 2.25 * np.eye(q.shape[1]), atol=1e-4)
    else:
        np.testing.assert_allclose(q @ q.T, 2.25 * np.eye(q.shape[0]), atol=1e-4)


def test_half_precision(backend):
    for dtype in ("float16", "bfloat16"):
        value = initializers.GlorotUniform(seed=1)((3, 4), dtype)
        assert unison.ops.dtype(value) == dtype
        assert unison.ops.dtype(initializers.Orthogonal(seed=1)((3, 3), dtype)) == dtype
    with pytest.raises(ValueError, match="float"):
        initializers.RandomNormal()((2,), "int32")


def test_compute_fans():
    assert initializers.compute_fans(()) == (1, 1)
    assert initializers.compute_fans((5,)) == (5, 5)
    assert initializers.compute_fans((3, 4)) == (3, 4)
    assert initializers.compute_fans((3, 3, 8, 16)) == (72, 144)
    assert initializers.compute_fans((2, 3, 4), input_axes=[0], output_axes=[1, 2]) == (2, 12)


def test_stft_matches_keras():
    keras = pytest.importorskip("keras")
    for side, window, scaling in [("real", "hann", "density"), ("imag", "hamming", "spectrum"),
                                  ("real", None, None)]:  # fmt: skip
        mine = initializers.STFT(side, window, scaling)((8, 1, 5))
        theirs = keras.initializers.STFT(side, window, scaling)((8, 1, 5))
        np.testing.assert_allclose(np.asarray(mine), np.asarray(theirs), atol=1e-6)


def test_get_and_configs_match_keras():
    keras = pytest.importorskip("keras")
    names = [n for n in dir(keras.initializers) if not n.startswith("_")]
    assert [n for n in names if not hasattr(initializers, n)] == []
    for name in ["glorot_uniform", "zeros", "Orthogonal", "RandomNormal", "variance_scaling",
                 "identity", "stft", "he_normal", "truncated_normal"]:  # fmt: skip
        mine = initializers.serialize(initializers.get(name))
        theirs = keras.initializers.serialize(keras.initializers.get(name))
        assert mine["class_name"] == theirs["class_name"]
        assert mine["module"] == theirs["module"] == "keras.initializers"
        assert set(mine["config"]) >= set(theirs["config"])
        restored = initializers.deserialize(theirs)
        assert type(restored).__name__ == theirs["class_name"]
    assert initializers.get(None) is None
    assert isinstance(initializers.get(initializers.HeUniform), initializers.HeUniform)
    with pytest.raises(ValueError, match="Unknown initializer"):
        initializers.get("nope")


def test_config_round_trip():
    init = initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=5)
    clone = initializers.deserialize(initializers.serialize(init))
    assert clone.get_config() == init.get_config()
    seeded = initializers.RandomUniform(seed=unison.random.SeedGenerator(7))
    config = initializers.serialize(seeded)
    assert config["config"]["seed"]["class_name"] == "SeedGenerator"
    assert isinstance(initializers.deserialize(config).seed, unison.random.SeedGenerator)
    array = initializers.Constant(np.array([1.0, 2.0]))
    restored = initializers.deserialize(initializers.serialize(array))
    np.testing.assert_array_equal(np.asarray(restored.value), [1.0, 2.0])


def test_array_identifier(backend):
    value = np.arange(6, dtype="float32").reshape(2, 3)
    init = initializers.get(value)
    np.testing.assert_array_equal(_numpy(init((2, 3))), value)
    with pytest.raises(ValueError, match="shape"):
        init((3, 2))
