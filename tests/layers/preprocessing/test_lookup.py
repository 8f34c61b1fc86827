"""StringLookup and IntegerLookup against real Keras, on every backend."""

import numpy as np
import pytest

from tests.layers.preprocessing.keras_reference import (
    config_without_name,
    keras_reference,
    register,
    to_numpy,
)
from unison import layers
from unison.saving import serialization

WORDS = np.array([["a", "z", "c"], ["c", "b", "a"]])
TEXT = np.array([["b", "b", "c", "c", "c", "", "d"], ["a", "a", "d", "d", "d", "x", ""]])

CASES = {
    "string_modes": """
        words = np.array([["a", "z", "c"], ["c", "b", "a"]])
        for mode in ("int", "one_hot", "multi_hot", "count"):
            layer = keras.layers.StringLookup(vocabulary=["a", "b", "c"], output_mode=mode)
            out[mode] = np.asarray(layer(words if mode != "one_hot" else words[0]))
            out["config_" + mode] = layer.get_config()
    """,
    "string_adapt": """
        text = np.array([["b", "b", "c", "c", "c", "", "d"], ["a", "a", "d", "d", "d", "x", ""]])
        layer = keras.layers.StringLookup(mask_token="", max_tokens=6)
        layer.adapt(text)
        out["vocabulary"] = [str(v) for v in layer.get_vocabulary()]
        out["y"] = np.asarray(layer(np.array(["", "d", "q", "a", "x"])))
        out["config"] = layer.get_config()
        out["size"] = layer.vocabulary_size()
    """,
    "string_tf_idf": """
        text = np.array([["b", "b", "c", "c", "c", "", "d"], ["a", "a", "d", "d", "d", "x", ""]])
        layer = keras.layers.StringLookup(output_mode="tf_idf")
        layer.adapt(text)
        out["y"] = np.asarray(layer(np.array([["d", "c", "c", "zz"]])))
        given = keras.layers.StringLookup(
            output_mode="tf_idf", vocabulary=["a", "b"], idf_weights=[0.5, 0.25])
        out["given"] = np.asarray(given(np.array([["a", "b", "b", "q"]])))
    """,
    "integer": """
        layer = keras.layers.IntegerLookup()
        layer.adapt(np.array([5, 5, 7, 9, 9, 9, 12]))
        out["vocabulary"] = [int(v) for v in layer.get_vocabulary()]
        out["y"] = np.asarray(layer(np.array([[5, 7], [9, 100]])))
        oov = keras.layers.IntegerLookup(vocabulary=[10, 20], num_oov_indices=3, mask_token=0)
        out["oov"] = np.asarray(oov(np.array([10, 20, 4, 5, 6, 0])))
        out["oov_config"] = oov.get_config()
        inverse = keras.layers.IntegerLookup(vocabulary=[10, 20], invert=True)
        out["inverse"] = np.asarray(inverse(np.array([0, 1, 2, 7])))
        multi = keras.layers.IntegerLookup(vocabulary=[3, 4], output_mode="multi_hot")
        out["multi"] = np.asarray(multi(np.array([[3, 3, 8], [4, 4, 4]])))
    """,
}

register(CASES)


@pytest.fixture(scope="module")
def reference():
    return keras_reference(CASES)


@pytest.mark.parametrize("mode", ["int", "one_hot", "multi_hot", "count"])
def test_string_lookup_modes_match_keras(backend, reference, mode):
    expected = reference["string_modes"]
    layer = layers.StringLookup(vocabulary=["a", "b", "c"], output_mode=mode)
    result = to_numpy(layer(WORDS if mode != "one_hot" else WORDS[0]))
    np.testing.assert_array_equal(result, expected[mode])
    assert result.dtype == expected[mode].dtype or backend.name != "jax"
    assert config_without_name(layer.get_config()) == config_without_name(
        expected["config_" + mode]
    )


def test_string_lookup_accepts_lists_bytes_and_scalars(backend):
    layer = layers.StringLookup(vocabulary=["a", "b", "c"])
    np.testing.assert_array_equal(to_numpy(layer([["a", "c"]])), [[1, 3]])
    np.testing.assert_array_equal(to_numpy(layer(np.array([b"b", b"q"]))), [2, 0])
    assert to_numpy(layer("c")).shape == ()


def test_string_lookup_adapt_matches_keras(backend, reference):
    expected = reference["string_adapt"]
    layer = layers.StringLookup(mask_token="", max_tokens=6)
    layer.adapt(TEXT)
    assert layer.get_vocabulary() == expected["vocabulary"]
    assert layer.vocabulary_size() == expected["size"]
    np.testing.assert_array_equal(
        to_numpy(layer(np.array(["", "d", "q", "a", "x"]))), expected["y"]
    )
    assert config_without_name(layer.get_config()) == config_without_name(expected["config"])


def test_string_lookup_tf_idf_matches_keras(backend, reference):
    expected = reference["string_tf_idf"]
    layer = layers.StringLookup(output_mode="tf_idf")
    layer.adapt(TEXT)
    result = to_numpy(layer(np.array([["d", "c", "c", "zz"]])))
    np.testing.assert_allclose(result, expected["y"], rtol=1e-6)
    given = layers.StringLookup(
        output_mode="tf_idf", vocabulary=["a", "b"], idf_weights=[0.5, 0.25]
    )
    result = to_numpy(given(np.array([["a", "b", "b", "q"]])))
    np.testing.assert_allclose(result, expected["given"], rtol=1e-6)


def test_string_lookup_invert_and_round_trip(backend):
    layer = layers.StringLookup(vocabulary=["a", "b", "c"], mask_token="", invert=True)
    result = layer(np.array([[2, 0, 4, 9, 1]]))
    assert isinstance(result, np.ndarray)
    assert result.tolist() == [["a", "", "c", "[UNK]", "[UNK]"]]
    forward = layers.StringLookup(vocabulary=["a", "b", "c"], num_oov_indices=2)
    clone = serialization.deserialize(serialization.serialize(forward))
    words = np.array(["c", "q", "r", "s", "a"])
    np.testing.assert_array_equal(to_numpy(clone(words)), to_numpy(forward(words)))
    indices = to_numpy(forward(words))
    assert indices[0] == 4 and indices[-1] == 2 and set(indices[1:4]) <= {0, 1}


def test_integer_lookup_matches_keras(backend, reference):
    expected = reference["integer"]
    layer = layers.IntegerLookup()
    layer.adapt(np.array([5, 5, 7, 9, 9, 9, 12]))
    assert layer.get_vocabulary() == expected["vocabulary"]
    np.testing.assert_array_equal(to_numpy(layer(np.array([[5, 7], [9, 100]]))), expected["y"])
    oov = layers.IntegerLookup(vocabulary=[10, 20], num_oov_indices=3, mask_token=0)
    np.testing.assert_array_equal(to_numpy(oov(np.array([10, 20, 4, 5, 6, 0]))), expected["oov"])
    assert config_without_name(oov.get_config()) == config_without_name(expected["oov_config"])
    inverse = layers.IntegerLookup(vocabulary=[10, 20], invert=True)
    np.testing.assert_array_equal(to_numpy(inverse(np.array([0, 1, 2, 7]))), expected["inverse"])
    multi = layers.IntegerLookup(vocabulary=[3, 4], output_mode="multi_hot")
    np.testing.assert_array_equal(
        to_numpy(multi(np.array([[3, 3, 8], [4, 4, 4]]))), expected["multi"]
    )


def test_lookup_symbolic_output_shape(backend):
    inputs = layers.Input((3,), dtype="int32")
    outputs = layers.IntegerLookup(vocabulary=[1, 2, 3], output_mode="count")(inputs)
    assert outputs.shape == (None, 4)


def test_lookup_errors(backend):
    with pytest.raises(ValueError, match="repeated"):
        layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="output_mode"):
        layers.StringLookup(output_mode="dense")
    with pytest.raises(ValueError, match="`output_mode` must be `'int'`"):
        layers.IntegerLookup(invert=True, output_mode="one_hot")
    with pytest.raises(RuntimeError, match="vocabulary before calling"):
        layers.StringLookup(output_mode="one_hot")(np.array(["a"]))
    with pytest.raises(ValueError, match="num_oov_indices=0"):
        layers.StringLookup(vocabulary=["a"], num_oov_indices=0)(np.array(["b"]))
    with pytest.raises(ValueError, match="static vocabulary"):
        layers.StringLookup(vocabulary=["a"]).adapt(np.array(["b"]))
