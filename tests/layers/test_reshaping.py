"""Reshaping layers against real Keras (values, configs, shapes) plus errors and symbolic use."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

CASES = [
    ("Flatten", dict(), (2, 3, 4)),
    ("Flatten", dict(data_format="channels_first"), (2, 3, 4, 2)),
    ("Reshape", dict(target_shape=(4, 3)), (2, 12)),
    ("Reshape", dict(target_shape=(-1, 2)), (2, 3, 4)),
    ("Permute", dict(dims=(2, 1)), (2, 3, 4)),
    ("Permute", dict(dims=(3, 1, 2)), (2, 3, 4, 5)),
    ("RepeatVector", dict(n=3), (2, 4)),
    ("Cropping1D", dict(cropping=(1, 2)), (2, 6, 3)),
    ("Cropping2D", dict(cropping=((1, 0), (2, 1))), (2, 5, 6, 3)),
    ("Cropping2D", dict(cropping=1, data_format="channels_first"), (1, 2, 4, 5)),
    ("Cropping3D", dict(cropping=(1, 0, 1)), (1, 4, 3, 4, 2)),
    ("ZeroPadding1D", dict(padding=(1, 2)), (2, 3, 2)),
    ("ZeroPadding2D", dict(padding=((1, 0), (2, 1))), (1, 3, 3, 2)),
    ("ZeroPadding2D", dict(padding=1, data_format="channels_first"), (1, 2, 3, 3)),
    ("ZeroPadding3D", dict(padding=(1, 0, 2)), (1, 2, 2, 2, 1)),
    ("UpSampling1D", dict(size=3), (2, 3, 2)),
    ("UpSampling2D", dict(size=(2, 3)), (1, 3, 2, 2)),
    ("UpSampling2D", dict(size=2, interpolation="bilinear"), (1, 3, 4, 2)),
    (
        "UpSampling2D",
        dict(size=(3, 2), interpolation="bilinear", data_format="channels_first"),
        (1, 2, 3, 3),
    ),  # fmt: skip
    ("UpSampling3D", dict(size=(1, 2, 2)), (1, 2, 2, 3, 1)),
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
    output = layer(reference["x"])
    expected = reference["outputs"][0]
    assert tuple(output.shape) == expected.shape
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-5, atol=1e-6)
    assert json_ready(layer.get_config()) == reference["get_config"]
    assert list(layer.compute_output_shape((None, *shape[1:]))) == reference["output_shape"]
    symbolic = layer(unison.Input(shape[1:]))
    assert list(symbolic.shape) == reference["output_shape"]


def test_config_matches_keras_before_build(references):
    for (name, arguments, _), reference in zip(CASES, references, strict=True):
        layer = getattr(layers, name)(**arguments, name=reference["get_config"]["name"])
        assert json_ready(layer.get_config()) == reference["get_config"], name


def test_errors(backend):
    with pytest.raises(ValueError, match="target_shape"):
        layers.Reshape((5,))(np.ones((2, 6), "float32"))
    with pytest.raises(ValueError, match="target_shape"):
        layers.Reshape((-1, -1))
    with pytest.raises(ValueError, match="dims"):
        layers.Permute((1, 3))
    with pytest.raises(ValueError, match="cropping"):
        layers.Cropping1D((2, 2))(np.ones((1, 4, 1), "float32"))
    with pytest.raises(ValueError, match="padding"):
        layers.ZeroPadding2D(((1, 2, 3), (1, 1)))
    with pytest.raises(ValueError, match="interpolation"):
        layers.UpSampling2D(interpolation="cubic-ish")
    with pytest.raises(ValueError, match="repeat_vector|ndim|expected"):
        layers.RepeatVector(2)(np.ones((2, 3, 4), "float32"))


def test_unknown_dimensions(backend):
    assert layers.Flatten()(unison.Input((None, 3))).shape == (None, None)
    assert layers.Reshape((-1, 3))(unison.Input((None, 3))).shape == (None, None, 3)
    assert layers.ZeroPadding1D(2)(unison.Input((None, 3))).shape == (None, None, 3)
    assert layers.Flatten()(np.ones((4,), "float32")).shape == (4, 1)


def test_integer_inputs_keep_dtype(backend):
    x = np.arange(12, dtype="int32").reshape(2, 6)
    output = layers.Reshape((3, 2))(x)
    assert unison.ops.dtype(output) == "int32"
    assert unison.ops.dtype(layers.UpSampling1D(2)(x.reshape(2, 3, 2))) == "int32"
