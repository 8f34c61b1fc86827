"""Discretization, CategoryEncoding and Hashing against real Keras / pinned values."""

import numpy as np
import pytest

import unison
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
    "disc_int": """
        layer = keras.layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.5])
        out["y"] = np.asarray(layer(normal(0, (3, 4))))
        out["config"] = layer.get_config()
    """,
    "disc_adapt": """
        layer = keras.layers.Discretization(num_bins=5, epsilon=0.05)
        layer.adapt(normal(1, (300,)))
        out["boundaries"] = layer.bin_boundaries
        out["config"] = layer.get_config()
    """,
    "disc_adapt_batches": """
        layer = keras.layers.Discretization(num_bins=3, output_mode="count")
        data = normal(2, (40, 2))
        layer.adapt([data[:10], data[10:25], data[25:]])
        out["boundaries"] = layer.bin_boundaries
        out["y"] = np.asarray(layer(normal(3, (3, 6))))
    """,
    "disc_one_hot": """
        layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")
        out["y"] = np.asarray(layer(np.array([[-1.0], [0.5], [2.0]], "float32")))
        layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="multi_hot")
        out["multi"] = np.asarray(layer(np.array([[-1.0, -2.0], [0.5, 3.0]], "float32")))
    """,
    "category": """
        ids = np.array([[0, 1, 1, 3], [2, 2, 2, 0]])
        out["count"] = np.asarray(keras.layers.CategoryEncoding(5, output_mode="count")(ids))
        out["multi"] = np.asarray(keras.layers.CategoryEncoding(5)(ids))
        out["one"] = np.asarray(
            keras.layers.CategoryEncoding(5, output_mode="one_hot")(np.array([[1], [4]])))
        out["vector"] = np.asarray(keras.layers.CategoryEncoding(5)(np.array([1, 3])))
        weights = np.array([[0.5, 1.0, 2.0, 1.0], [1.0, 1.0, 1.0, 3.0]], "float32")
        layer = keras.layers.CategoryEncoding(5, output_mode="count")
        out["weighted"] = np.asarray(layer(ids, count_weights=weights))
        out["config"] = layer.get_config()
    """,
    "hashing_config": """
        out["config"] = keras.layers.Hashing(7, salt=3, mask_value="").get_config()
        out["one_hot_shape"] = tuple(
            keras.layers.Hashing(7, output_mode="one_hot")(np.array([["a"], ["b"]])).shape)
    """,
}

register(CASES)


@pytest.fixture(scope="module")
def reference():
    return keras_reference(CASES)


def test_discretization_matches_keras(backend, reference):
    layer = layers.Discretization(bin_boundaries=[-0.5, 0.0, 0.5])
    result = to_numpy(layer(normal(0, (3, 4))))
    assert result.dtype == np.int32
    np.testing.assert_array_equal(result, reference["disc_int"]["y"])
    assert config_without_name(layer.get_config()) == config_without_name(
        reference["disc_int"]["config"]
    )


def test_discretization_adapt_matches_keras(backend, reference):
    layer = layers.Discretization(num_bins=5, epsilon=0.05)
    layer.adapt(normal(1, (300,)))
    np.testing.assert_allclose(layer.bin_boundaries, reference["disc_adapt"]["boundaries"])
    config = layer.get_config()
    assert config_without_name(config) == config_without_name(reference["disc_adapt"]["config"])
    clone = layers.Discretization.from_config(config)
    assert clone.bin_boundaries == layer.bin_boundaries and clone.num_bins == 5


def test_discretization_adapt_batches_and_count(backend, reference):
    expected = reference["disc_adapt_batches"]
    layer = layers.Discretization(num_bins=3, output_mode="count")
    data = normal(2, (40, 2))
    layer.adapt([data[:10], data[10:25], data[25:]])
    np.testing.assert_allclose(layer.bin_boundaries, expected["boundaries"], rtol=1e-6)
    np.testing.assert_allclose(to_numpy(layer(normal(3, (3, 6)))), expected["y"])


def test_discretization_encodings(backend, reference):
    one_hot = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="one_hot")
    result = to_numpy(one_hot(np.array([[-1.0], [0.5], [2.0]], "float32")))
    np.testing.assert_array_equal(result, reference["disc_one_hot"]["y"])
    multi = layers.Discretization(bin_boundaries=[0.0, 1.0], output_mode="multi_hot")
    result = to_numpy(multi(np.array([[-1.0, -2.0], [0.5, 3.0]], "float32")))
    np.testing.assert_array_equal(result, reference["disc_one_hot"]["multi"])


def test_discretization_errors(backend):
    with pytest.raises(ValueError, match="either `num_bins` or `bin_boundaries`"):
        layers.Discretization()
    with pytest.raises(ValueError, match="output_mode"):
        layers.Discretization(num_bins=3, output_mode="dense")
    with pytest.raises(ValueError, match="adapt"):
        layers.Discretization(num_bins=3)(np.zeros((2,), "float32"))


def test_category_encoding_matches_keras(backend, reference):
    expected = reference["category"]
    ids = np.array([[0, 1, 1, 3], [2, 2, 2, 0]])
    count = layers.CategoryEncoding(5, output_mode="count")
    np.testing.assert_array_equal(to_numpy(count(ids)), expected["count"])
    np.testing.assert_array_equal(to_numpy(layers.CategoryEncoding(5)(ids)), expected["multi"])
    one = layers.CategoryEncoding(5, output_mode="one_hot")
    np.testing.assert_array_equal(to_numpy(one(np.array([[1], [4]]))), expected["one"])
    vector = to_numpy(layers.CategoryEncoding(5)(np.array([1, 3])))
    np.testing.assert_array_equal(vector, expected["vector"])
    weights = np.array([[0.5, 1.0, 2.0, 1.0], [1.0, 1.0, 1.0, 3.0]], "float32")
    np.testing.assert_allclose(to_numpy(count(ids, count_weights=weights)), expected["weighted"])
    assert config_without_name(count.get_config()) == config_without_name(expected["config"])


def test_category_encoding_symbolic_and_errors(backend):
    inputs = layers.Input((4,), dtype="int32")
    outputs = layers.CategoryEncoding(6, output_mode="count")(inputs)
    assert outputs.shape == (None, 6)
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="count_weights"):
        layers.CategoryEncoding(3)(np.array([[0]]), count_weights=np.ones((1, 1)))


# The documented hash (BLAKE2b-64 of the value's text) gives these buckets everywhere.
PINNED = {
    "strings": (dict(num_bins=7), np.array(["a", "b", "hello", ""]), [4, 0, 3, 5]),
    "ints": (dict(num_bins=7), np.array([1, 2, 3, -4]), [5, 6, 2, 6]),
    "salted": (dict(num_bins=7, salt=[1, 2]), np.array(["a", "b", "hello", ""]), [3, 2, 4, 0]),
    "masked": (dict(num_bins=7, mask_value=""), np.array(["a", "b", "hello", ""]), [3, 3, 4, 0]),
}


@pytest.mark.parametrize("case", list(PINNED))
def test_hashing_is_stable(backend, case):
    arguments, values, expected = PINNED[case]
    result = to_numpy(layers.Hashing(**arguments)(values))
    np.testing.assert_array_equal(result, expected)
    listed = to_numpy(layers.Hashing(**arguments)(values.tolist()))
    np.testing.assert_array_equal(listed, expected)


def test_hashing_tensor_inputs_and_encodings(backend, reference):
    ints = unison.ops.convert_to_tensor(np.array([[1, 2], [3, -4]], "int32"))
    np.testing.assert_array_equal(to_numpy(layers.Hashing(7)(ints)), [[5, 6], [2, 6]])
    floats = np.array([1.7, 2.2], "float32")  # truncated to ints first, as Keras does
    np.testing.assert_array_equal(to_numpy(layers.Hashing(7)(floats)), [5, 6])
    one_hot = to_numpy(layers.Hashing(7, output_mode="one_hot")(np.array([["a"], ["b"]])))
    assert one_hot.shape == tuple(reference["hashing_config"]["one_hot_shape"])
    np.testing.assert_array_equal(one_hot.argmax(-1), [4, 0])
    counts = to_numpy(layers.Hashing(7, output_mode="count")(np.array([["a", "a", "b"]])))
    np.testing.assert_array_equal(counts, [[1, 0, 0, 0, 2, 0, 0]])


def test_hashing_config_matches_keras(backend, reference):
    layer = layers.Hashing(7, salt=3, mask_value="")
    config = layer.get_config()
    assert config_without_name(config) == config_without_name(reference["hashing_config"]["config"])
    clone = serialization.deserialize(serialization.serialize(layer))
    values = np.array(["x", "", "y"])
    np.testing.assert_array_equal(to_numpy(clone(values)), to_numpy(layer(values)))
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(0)
    with pytest.raises(ValueError, match="salt"):
        layers.Hashing(3, salt="pepper")
