"""Pooling layers: outputs and configs against real Keras, masking, shapes, errors."""

import numpy as np
import pytest

from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

# (class name, constructor arguments, input shape)
CASES = [
    ("MaxPooling1D", dict(pool_size=2), (2, 7, 3)),
    ("MaxPooling2D", dict(pool_size=(3, 2), strides=1, padding="same"), (2, 5, 6, 2)),
    ("MaxPooling2D", dict(data_format="channels_first"), (1, 3, 5, 4)),
    ("MaxPooling3D", dict(pool_size=2, padding="same"), (1, 3, 4, 5, 2)),
    ("AveragePooling1D", dict(pool_size=3, strides=2, padding="same"), (2, 8, 3)),
    (
        "AveragePooling2D",
        dict(pool_size=2, padding="same", data_format="channels_first"),
        (1, 2, 5, 5),
    ),
    ("AveragePooling2D", dict(pool_size=3, strides=(1, 2)), (2, 6, 7, 1)),
    ("AveragePooling3D", dict(pool_size=2), (1, 4, 4, 4, 2)),
    ("GlobalAveragePooling1D", dict(), (2, 5, 3)),
    ("GlobalAveragePooling1D", dict(data_format="channels_first", keepdims=True), (2, 3, 5)),
    ("GlobalAveragePooling2D", dict(keepdims=True), (2, 4, 3, 3)),
    ("GlobalAveragePooling3D", dict(data_format="channels_first"), (1, 2, 3, 3, 3)),
    ("GlobalMaxPooling1D", dict(keepdims=True), (2, 5, 3)),
    ("GlobalMaxPooling2D", dict(data_format="channels_first"), (2, 3, 4, 4)),
    ("GlobalMaxPooling3D", dict(), (1, 3, 2, 3, 2)),
    ("AdaptiveAveragePooling1D", dict(output_size=3), (2, 7, 2)),
    (
        "AdaptiveAveragePooling2D",
        dict(output_size=(2, 3), data_format="channels_first"),
        (1, 2, 5, 7),
    ),
    ("AdaptiveAveragePooling3D", dict(output_size=2), (1, 4, 5, 3, 1)),
    ("AdaptiveMaxPooling1D", dict(output_size=4), (2, 9, 2)),
    ("AdaptiveMaxPooling2D", dict(output_size=3), (1, 7, 8, 2)),
    (
        "AdaptiveMaxPooling3D",
        dict(output_size=(1, 2, 2), data_format="channels_first"),
        (1, 2, 3, 4, 4),
    ),
]
CASE_IDS = [f"{name}-{index}" for index, (name, _, _) in enumerate(CASES)]
MASK = [[True, True, False, True, False], [False, True, True, True, True]]
MASKED_CASE = {
    "layer": "GlobalAveragePooling1D",
    "args": {},
    "shape": [2, 5, 3],
    "mask": MASK,
}


@pytest.fixture(scope="module")
def references(request):
    cases = [{"layer": name, "args": args, "shape": list(shape)} for name, args, shape in CASES]
    return keras_results([*cases, MASKED_CASE], cache=getattr(request.config, "cache", None))


@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_matches_keras(backend, references, index):
    name, arguments, shape = CASES[index]
    reference = references[index]
    layer = unison_twin(reference)
    assert type(layer).__name__ == name
    expected = reference["outputs"][0]
    output = layer(reference["x"])
    assert tuple(output.shape) == expected.shape
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-5)
    assert json_ready(layer.get_config()) == reference["get_config"]
    free = (None, *shape[1:])
    assert list(layer.compute_output_shape(free)) == reference["output_shape"]
    assert layer.weights == []


def test_config_keys_match_keras_before_call(references):
    for (name, arguments, _), reference in zip(CASES, references[: len(CASES)], strict=True):
        expected = reference["get_config"]
        layer = getattr(layers, name)(**arguments, name=expected["name"])
        assert json_ready(layer.get_config()) == expected, name


def test_masked_global_average_matches_keras(backend, references):
    reference = references[-1]
    layer = unison_twin(reference)
    mask = np.array(MASK)
    output = layer(reference["x"], mask=mask)
    np.testing.assert_allclose(to_numpy(output), reference["outputs"][0], rtol=1e-5, atol=1e-6)
    expected = (reference["x"] * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-6)


def test_max_pooling_numpy_reference(backend):
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    output = to_numpy(layers.MaxPool2D()(x))
    np.testing.assert_array_equal(output[0, :, :, 0], [[5, 7], [13, 15]])
    average = to_numpy(layers.AvgPool2D(2)(x))
    np.testing.assert_allclose(average[0, :, :, 0], [[2.5, 4.5], [10.5, 12.5]])


def test_symbolic_shapes(backend):
    inputs = layers.Input(shape=(8, 6, 3))
    assert tuple(layers.MaxPooling2D(3, strides=2)(inputs).shape) == (None, 3, 2, 3)
    assert tuple(layers.GlobalAveragePooling2D(keepdims=True)(inputs).shape) == (None, 1, 1, 3)
    assert tuple(layers.AdaptiveMaxPooling2D((2, 2))(inputs).shape) == (None, 2, 2, 3)


def test_aliases():
    assert layers.MaxPool1D is layers.MaxPooling1D
    assert layers.MaxPool3D is layers.MaxPooling3D
    assert layers.AvgPool2D is layers.AveragePooling2D
    assert layers.GlobalAvgPool1D is layers.GlobalAveragePooling1D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D


def test_config_round_trip():
    layer = layers.AveragePooling3D((1, 2, 3), strides=(1, 1, 2), padding="same")
    clone = layers.AveragePooling3D.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    adaptive = layers.AdaptiveMaxPooling2D.from_config(
        layers.AdaptiveMaxPooling2D((2, 4)).get_config()
    )
    assert adaptive.output_size == (2, 4)


def test_bad_input_rank(backend):
    with pytest.raises(ValueError, match="ndim=4"):
        layers.MaxPooling2D()(np.ones((2, 4, 4), "float32"))
    with pytest.raises(ValueError, match="ndim=3"):
        layers.GlobalMaxPooling1D()(np.ones((2, 4, 4, 1), "float32"))


@pytest.mark.parametrize(
    "build, error, message",
    [
        (lambda: layers.MaxPooling2D(pool_size=0), ValueError, "pool_size"),
        (lambda: layers.MaxPooling2D(pool_size=(2, 2, 2)), ValueError, "pool_size"),
        (lambda: layers.AveragePooling1D(2, padding="full"), ValueError, "padding"),
        (lambda: layers.GlobalAveragePooling2D(data_format="nchw"), ValueError, "data_format"),
        (lambda: layers.AdaptiveAveragePooling2D((2, 2, 2)), TypeError, "output_size"),
        (lambda: layers.AdaptiveMaxPooling1D("4"), TypeError, "output_size"),
    ],
)
def test_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_pool_larger_than_input_is_clear():
    with pytest.raises(ValueError, match="negative"):
        layers.MaxPooling2D(5).compute_output_shape((1, 3, 3, 1))
