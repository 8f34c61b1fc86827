"""Rescaling and Normalization against real Keras and NumPy, on every backend."""

import numpy as np
import pytest

from tests.layers.preprocessing.keras_reference import (
    config_without_name,
    keras_reference,
    normal,
    register,
    to_numpy,
)
from unison import layers
from unison.saving import serialization

CASES = {
    "rescaling": """
        layer = keras.layers.Rescaling(0.5, offset=-1.0)
        out["y"] = np.asarray(layer(normal(0, (3, 4))))
        out["config"] = layer.get_config()
    """,
    "norm_adapt": """
        layer = keras.layers.Normalization(axis=-1)
        layer.adapt(normal(1, (20, 3)) * 3 + 2)
        out["y"] = np.asarray(layer(normal(2, (4, 3))))
        out["weights"] = [np.asarray(w) for w in layer.weights]
        out["names"] = [w.name for w in layer.weights]
        out["config"] = layer.get_config()
    """,
    "norm_batches": """
        layer = keras.layers.Normalization(axis=(1, 2))
        data = normal(3, (12, 2, 3)) * 2 - 1
        layer.adapt([data[:5], data[5:9], data[9:]])
        out["y"] = np.asarray(layer(normal(4, (2, 2, 3))))
        out["weights"] = [np.asarray(w) for w in layer.get_weights()]
    """,
    "norm_none_invert": """
        layer = keras.layers.Normalization(axis=None, invert=True)
        layer.adapt(normal(5, (10, 4)) + 5)
        out["y"] = np.asarray(layer(normal(6, (2, 4))))
    """,
    "norm_given": """
        layer = keras.layers.Normalization(axis=-1, mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 0.0])
        out["y"] = np.asarray(layer(normal(7, (2, 5, 3))))
        out["config"] = layer.get_config()
    """,
}

register(CASES)


@pytest.fixture(scope="module")
def reference():
    return keras_reference(CASES)


def test_rescaling_matches_keras(backend, reference):
    layer = layers.Rescaling(0.5, offset=-1.0)
    result = to_numpy(layer(normal(0, (3, 4))))
    np.testing.assert_allclose(result, reference["rescaling"]["y"], rtol=1e-6)
    assert config_without_name(layer.get_config()) == config_without_name(
        reference["rescaling"]["config"]
    )


def test_rescaling_integer_input_and_per_channel_scale(backend):
    result = to_numpy(layers.Rescaling([1.0, 2.0])(np.array([[1, 1], [3, 3]], "uint8")))
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, [[1, 2], [3, 6]])


def test_normalization_adapt_matches_keras(backend, reference):
    expected = reference["norm_adapt"]
    layer = layers.Normalization(axis=-1)
    layer.adapt(normal(1, (20, 3)) * 3 + 2)
    np.testing.assert_allclose(to_numpy(layer(normal(2, (4, 3)))), expected["y"], rtol=1e-5)
    assert [w.name for w in layer.weights] == expected["names"] == ["mean", "variance", "count"]
    for ours, theirs in zip(layer.get_weights(), expected["weights"], strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    assert config_without_name(layer.get_config()) == config_without_name(expected["config"])


def test_normalization_adapt_batches_matches_keras(backend, reference):
    expected = reference["norm_batches"]
    layer = layers.Normalization(axis=(1, 2))
    data = normal(3, (12, 2, 3)) * 2 - 1
    layer.adapt(iter([data[:5], data[5:9], data[9:]]))
    np.testing.assert_allclose(to_numpy(layer(normal(4, (2, 2, 3)))), expected["y"], rtol=1e-4)
    np.testing.assert_allclose(layer.get_weights()[0], expected["weights"][0], rtol=1e-5)
    np.testing.assert_allclose(layer.get_weights()[1], expected["weights"][1], rtol=1e-5)


def test_normalization_axis_none_invert_matches_keras(backend, reference):
    layer = layers.Normalization(axis=None, invert=True)
    layer.adapt(normal(5, (10, 4)) + 5)
    np.testing.assert_allclose(
        to_numpy(layer(normal(6, (2, 4)))), reference["norm_none_invert"]["y"], rtol=1e-5
    )


def test_normalization_given_statistics_matches_keras(backend, reference):
    expected = reference["norm_given"]
    layer = layers.Normalization(axis=-1, mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 0.0])
    np.testing.assert_allclose(to_numpy(layer(normal(7, (2, 5, 3)))), expected["y"], rtol=1e-5)
    assert layer.weights == []
    assert config_without_name(layer.get_config()) == config_without_name(expected["config"])


def test_normalization_round_trip_and_inverse(backend):
    data = normal(8, (16, 3)) * 4 + 1
    layer = layers.Normalization()
    layer.adapt(data)
    clone = serialization.deserialize(serialization.serialize(layer))
    clone.build_from_config(layer.get_build_config())
    clone.set_weights(layer.get_weights())
    normalized = to_numpy(clone(data))
    np.testing.assert_allclose(normalized.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(normalized.std(0), 1.0, atol=1e-4)
    inverse = layers.Normalization(invert=True)
    inverse.adapt(data)
    np.testing.assert_allclose(to_numpy(inverse(normalized)), data, rtol=1e-4, atol=1e-4)


def test_normalization_errors(backend):
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        layers.Normalization(mean=1.0)
    layer = layers.Normalization()
    layer.adapt(normal(9, (4, 3)))
    with pytest.raises(ValueError, match="incompatible shape"):
        layer.adapt(normal(9, (4, 5)))
    with pytest.raises(TypeError, match="Unsupported data type"):
        layers.Normalization().adapt(3.0)
