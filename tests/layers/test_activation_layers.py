"""Activation layers: ReLU, LeakyReLU, PReLU, ELU, Softmax against real Keras and NumPy."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

CASES = [
    ("ReLU", dict(), (2, 5)),
    ("ReLU", dict(max_value=1.0, negative_slope=0.1, threshold=0.5), (2, 6)),
    ("LeakyReLU", dict(negative_slope=0.2), (3, 4)),
    ("PReLU", dict(alpha_initializer="ones"), (2, 3, 4)),
    ("PReLU", dict(alpha_initializer="random_uniform", shared_axes=[1, 2]), (2, 3, 4, 2)),
    ("ELU", dict(alpha=0.5), (2, 5)),
    ("Softmax", dict(), (2, 5)),
]
CASE_IDS = [f"{name}-{index}" for index, (name, _, _) in enumerate(CASES)]


@pytest.fixture(scope="module")
def references():
    return keras_results(
        [{"layer": name, "args": args, "shape": list(shape)} for name, args, shape in CASES]
    )


@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_matches_keras(backend, references, index):
    name, _, shape = CASES[index]
    reference = references[index]
    layer = unison_twin(reference)
    assert type(layer).__name__ == name
    assert [w.name for w in layer.weights] == reference["weight_names"]
    output = layer(reference["x"])
    np.testing.assert_allclose(to_numpy(output), reference["outputs"][0], rtol=1e-5, atol=1e-6)
    assert json_ready(layer.get_config()) == reference["get_config"]
    assert list(layer.compute_output_shape((None, *shape[1:]))) == reference["output_shape"]


def test_config_matches_keras_before_build(references):
    for (name, arguments, _), reference in zip(CASES, references, strict=True):
        layer = getattr(layers, name)(**arguments, name=reference["get_config"]["name"])
        assert json_ready(layer.get_config()) == reference["get_config"], name


def test_softmax_mask(backend):
    x = np.array([[1.0, 1.0, 5.0], [2.0, 0.0, 0.0]], "float32")
    mask = np.array([[True, True, False], [False, False, False]])
    output = to_numpy(layers.Softmax()(x, mask=mask))
    np.testing.assert_allclose(output, [[0.5, 0.5, 0.0], [0.0, 0.0, 0.0]], atol=1e-6)
    with pytest.raises(ValueError, match="mask"):
        layers.Softmax()(x, mask=np.ones((2, 3, 1), bool))


def test_softmax_several_axes(backend):
    x = np.random.default_rng(1).normal(size=(2, 3, 4)).astype("float32")
    output = to_numpy(layers.Softmax(axis=(1, 2))(x))
    expected = np.exp(x) / np.exp(x).sum(axis=(1, 2), keepdims=True)
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-6)


def test_prelu_numpy_and_errors(backend):
    x = np.array([[-2.0, 3.0], [-1.0, -4.0]], "float32")
    layer = layers.PReLU(alpha_initializer=unison.initializers.Constant(0.25))
    np.testing.assert_allclose(to_numpy(layer(x)), np.where(x > 0, x, 0.25 * x))
    assert layer.alpha.shape == (2,)
    with pytest.raises(ValueError, match="p_re_lu|ndim|expected"):
        layer(np.ones((2, 2, 2), "float32"))
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(negative_slope=-1.0)
    with pytest.raises(ValueError, match="max_value"):
        layers.ReLU(max_value=-1.0)


def test_symbolic_and_aliases(backend):
    inputs = unison.Input((4,))
    assert layers.ReLU()(inputs).shape == (None, 4)
    assert layers.PReLU()(inputs).shape == (None, 4)
    assert layers.LeakyReLU(alpha=0.1).negative_slope == 0.1
    clone = layers.PReLU.from_config(layers.PReLU(shared_axes=1).get_config())
    assert clone.shared_axes == [1]
