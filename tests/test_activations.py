"""unison.activations: values against NumPy / real Keras, names, get / serialize."""

import math

import numpy as np
import pytest

import unison
from unison import activations

X = np.array([[-3.0, -1.0, -0.25, 0.0, 0.5, 2.0, 7.0]], "float32")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _erf(x):
    return np.vectorize(math.erf)(x)


REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "elu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
    "selu": lambda x: 1.0507009873554805 * np.where(x > 0, x, 1.6732632423543772 * (np.exp(x) - 1)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "gelu": lambda x: 0.5 * x * (1 + _erf(x / np.sqrt(2))),
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "exponential": np.exp,
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "hard_swish": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "linear": lambda x: x,
    "mish": lambda x: x * np.tanh(np.log1p(np.exp(x))),
    "log_sigmoid": lambda x: np.log(_sigmoid(x)),
    "softmax": lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True),
    "log_softmax": lambda x: x - np.log(np.exp(x).sum(-1, keepdims=True)),
    "celu": lambda x: np.maximum(x, 0) + np.minimum(0, np.exp(x) - 1),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0),
    "soft_shrink": lambda x: np.where(x > 0.5, x - 0.5, np.where(x < -0.5, x + 0.5, 0)),
    "tanh_shrink": lambda x: x - np.tanh(x),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "sparse_plus": lambda x: np.where(x <= -1, 0, np.where(x >= 1, x, (x + 1) ** 2 / 4)),
    "sparse_sigmoid": lambda x: np.clip((x + 1) / 2, 0, 1),
    "squareplus": lambda x: (x + np.sqrt(x**2 + 4)) / 2,
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_values_match_numpy(backend, name):
    function = activations.get(name)
    result = unison.ops.convert_to_numpy(function(X))
    np.testing.assert_allclose(result, REFERENCES[name](X.astype("float64")), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_value": 5.0},
        {"negative_slope": 0.5},
        {"threshold": 1.0},
        {"negative_slope": 0.5, "threshold": 1.0, "max_value": 4.0},
        {"max_value": 6},
    ],
)
def test_relu_options(backend, kwargs):
    x = np.array([-10.0, -5.0, 0.0, 0.5, 1.5, 5.0, 10.0], "float32")
    slope = kwargs.get("negative_slope", 0.0)
    threshold = kwargs.get("threshold", 0.0)
    positive = np.where(x > threshold, x, 0) if threshold else np.maximum(x, 0)
    if "max_value" in kwargs:
        positive = np.clip(positive, 0, kwargs["max_value"])
    expected = positive - slope * np.maximum(threshold - x, 0)
    result = unison.ops.convert_to_numpy(activations.relu(x, **kwargs))
    np.testing.assert_allclose(result, expected, rtol=1e-6)


def test_glu_sparsemax_threshold(backend):
    x = np.array([[1.0, 2.0, 0.0, -1.0]], "float32")
    glu = unison.ops.convert_to_numpy(activations.glu(x))
    np.testing.assert_allclose(glu, x[:, :2] * _sigmoid(x[:, 2:]), rtol=1e-6)
    sparse = unison.ops.convert_to_numpy(activations.sparsemax(np.array([[1.0, 0.0]], "float32")))
    np.testing.assert_allclose(sparse, [[1.0, 0.0]], atol=1e-6)
    result = unison.ops.convert_to_numpy(activations.threshold(x, 0.5, -1.0))
    np.testing.assert_allclose(result, np.where(x > 0.5, x, -1.0))


def test_get_and_serialize():
    assert activations.get(None) is activations.linear
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.swish) == "silu"
    assert activations.serialize(activations.relu) == "relu"
    assert activations.deserialize("gelu") is activations.gelu
    custom = lambda x: x  # noqa: E731
    assert activations.get(custom) is custom
    with pytest.raises(ValueError, match="Unknown activation"):
        activations.get("not_an_activation")
    with pytest.raises(ValueError, match="activation"):
        activations.get(3)


def test_every_keras_name_is_present():
    keras = pytest.importorskip("keras")
    names = [n for n in dir(keras.activations) if not n.startswith("_")]
    missing = [n for n in names if not hasattr(activations, n)]
    assert missing == []


def test_registered_custom_activation_round_trip():
    @unison.saving.register_serializable(package="tests")
    def twice(x):
        return x * 2

    config = activations.serialize(twice)
    assert isinstance(config, dict)
    assert activations.deserialize(config) is twice


def test_symbolic_input():
    x = unison.Input((3,))
    assert activations.relu(x).shape == (None, 3)
    assert activations.mish(x).shape == (None, 3)
