"""to_categorical and normalize."""

import numpy as np
import pytest

import unison
from unison.utils import normalize, to_categorical

from .keras_reference import keras_json


def test_matches_keras_on_numpy_input():
    # NumPy input to Keras on JAX / torch / TF gives float64 NumPy (its NumPy backend differs)
    expected = keras_json(
        """
        outs = []
        for labels, classes in [([0, 2, 1], None), ([[1], [0]], 3), ([[0, 1], [2, 0]], 4)]:
            result = keras.utils.to_categorical(np.array(labels), classes)
            outs.append([result.tolist(), list(result.shape), str(result.dtype)])
        x = np.array([[3.0, 4.0], [0.0, 0.0]])
        outs.append(keras.utils.normalize(x).tolist())
        outs.append(keras.utils.normalize(x, axis=1, order=1).tolist())
        print(json.dumps(outs))
        """,
        backend="jax",
    )
    cases = [([0, 2, 1], None), ([[1], [0]], 3), ([[0, 1], [2, 0]], 4)]
    for (labels, classes), (values, shape, dtype) in zip(cases, expected[:3]):
        result = to_categorical(np.array(labels), classes)
        assert list(result.shape) == shape and str(result.dtype) == dtype
        np.testing.assert_array_equal(result, values)
    x = np.array([[3.0, 4.0], [0.0, 0.0]])
    np.testing.assert_allclose(normalize(x), expected[3])
    np.testing.assert_allclose(normalize(x, axis=1, order=1), expected[4])


def test_normalize_axis_zero_divides_columns():
    # Keras turns axis=0 into -1 before expanding the norm (a known quirk); unison does not.
    x = np.array([[3.0, 4.0], [4.0, 0.0]])
    np.testing.assert_allclose(normalize(x, axis=0), x / np.linalg.norm(x, axis=0))


def test_native_tensor_input_gives_a_tensor(backend):
    labels = backend.convert_to_tensor(np.array([[0], [2]], dtype="int32"))
    result = to_categorical(labels, 3)
    assert backend.is_tensor(result)
    np.testing.assert_array_equal(backend.convert_to_numpy(result), [[1, 0, 0], [0, 0, 1]])


def test_normalize_tensor(backend):
    x = backend.convert_to_tensor(np.array([[3.0, 4.0]], dtype="float32"))
    result = normalize(x)
    np.testing.assert_allclose(unison.ops.convert_to_numpy(result), [[0.6, 0.8]], rtol=1e-6)


def test_to_categorical_errors():
    with pytest.raises(ValueError, match="num_classes"):
        to_categorical([0, 1], num_classes=0)
    with pytest.raises(ValueError, match=r"\[0, 2\)"):
        to_categorical([0, 3], num_classes=2)
    with pytest.raises(ValueError, match="integer"):
        to_categorical([0.5, 1.0])
