"""Convolution layers: outputs, weights and configs against real Keras, shapes, errors."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

RNG = np.random.default_rng(0)

# (class name, constructor arguments, input shape)
CASES = [
    ("Conv2D", dict(filters=4, kernel_size=3, padding="same", activation="relu"), (2, 7, 7, 3)),
    (
        "Conv2D",
        dict(filters=4, kernel_size=(3, 2), strides=2, data_format="channels_first"),
        (2, 3, 7, 6),
    ),
    ("Conv2D", dict(filters=4, kernel_size=3, groups=2, dilation_rate=2), (1, 8, 8, 4)),
    ("Conv1D", dict(filters=3, kernel_size=3, padding="causal", dilation_rate=2), (2, 9, 2)),
    (
        "Conv1D",
        dict(filters=3, kernel_size=2, padding="causal", data_format="channels_first"),
        (2, 2, 6),
    ),
    ("Conv1D", dict(filters=2, kernel_size=3, strides=2, use_bias=False), (2, 9, 3)),
    ("Conv3D", dict(filters=2, kernel_size=2, padding="same"), (1, 4, 3, 4, 2)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2, padding="same"), (2, 4, 5, 2)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=3, strides=2, output_padding=1), (1, 4, 4, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=2, data_format="channels_first"), (1, 3, 4, 4)),
    ("Conv1DTranspose", dict(filters=2, kernel_size=3, dilation_rate=2), (2, 5, 3)),
    ("Conv3DTranspose", dict(filters=2, kernel_size=2, strides=2), (1, 2, 3, 2, 1)),
    (
        "DepthwiseConv2D",
        dict(kernel_size=3, depth_multiplier=2, padding="same", strides=2),
        (2, 6, 6, 3),
    ),
    ("DepthwiseConv2D", dict(kernel_size=2, data_format="channels_first"), (1, 3, 5, 5)),
    ("DepthwiseConv1D", dict(kernel_size=3, depth_multiplier=2), (2, 7, 2)),
    ("SeparableConv2D", dict(filters=4, kernel_size=3, depth_multiplier=2), (2, 6, 6, 3)),
    (
        "SeparableConv2D",
        dict(filters=4, kernel_size=2, padding="same", data_format="channels_first"),
        (1, 3, 5, 5),
    ),
    ("SeparableConv1D", dict(filters=3, kernel_size=3, padding="same"), (2, 7, 2)),
]
CASE_IDS = [f"{name}-{index}" for index, (name, _, _) in enumerate(CASES)]


@pytest.fixture(scope="module")
def references(request):
    cases = [{"layer": name, "args": args, "shape": list(shape)} for name, args, shape in CASES]
    return keras_results(cases, cache=getattr(request.config, "cache", None))


@pytest.mark.parametrize("index", range(len(CASES)), ids=CASE_IDS)
def test_matches_keras(backend, references, index):
    name, arguments, shape = CASES[index]
    reference = references[index]
    layer = unison_twin(reference)
    assert type(layer).__name__ == name
    assert layer.backend is backend
    assert [w.name for w in layer.weights] == reference["weight_names"]
    expected = reference["outputs"][0]
    output = layer(reference["x"])
    assert tuple(output.shape) == expected.shape
    np.testing.assert_allclose(to_numpy(output), expected, rtol=2e-4, atol=2e-4)
    assert json_ready(layer.get_config()) == reference["get_config"]
    free = (None, *shape[1:])
    assert list(layer.compute_output_shape(free)) == reference["output_shape"]


def test_config_matches_keras_before_build(references):
    for (name, arguments, _), reference in zip(CASES, references, strict=True):
        config = json_ready(
            getattr(layers, name)(**arguments, name=reference["get_config"]["name"]).get_config()
        )
        assert config == reference["get_config"], name


def test_symbolic_call_gives_static_shape(backend):
    inputs = layers.Input(shape=(9, 9, 3))
    outputs = layers.Conv2D(5, 3, strides=2)(inputs)
    assert tuple(outputs.shape) == (None, 4, 4, 5)
    outputs = layers.Conv1D(2, 4, padding="causal")(layers.Input(shape=(6, 3)))
    assert tuple(outputs.shape) == (None, 6, 2)


def test_numpy_reference_conv1d(backend):
    x = RNG.normal(size=(1, 6, 2)).astype("float32")
    layer = layers.Conv1D(1, 3, use_bias=False, kernel_initializer="ones")
    expected = np.convolve(x[0].sum(-1), np.ones(3), mode="valid")
    np.testing.assert_allclose(to_numpy(layer(x))[0, :, 0], expected, rtol=1e-5, atol=1e-5)


def test_config_round_trip(backend):
    layer = layers.SeparableConv2D(
        4,
        (3, 2),
        strides=(1, 2),
        padding="same",
        depth_multiplier=3,
        activation="tanh",
        depthwise_regularizer="l2",
        name="sep",
    )
    clone = layers.SeparableConv2D.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    transpose = layers.Conv3DTranspose(2, 3, strides=2, output_padding=(1, 0, 1))
    assert layers.Conv3DTranspose.from_config(transpose.get_config()).output_padding == (1, 0, 1)


def test_aliases():
    assert layers.Convolution1D is layers.Conv1D
    assert layers.Convolution2D is layers.Conv2D
    assert layers.Convolution3D is layers.Conv3D
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D


def test_regularizers_add_losses(backend):
    layer = layers.Conv2D(2, 2, kernel_regularizer="l2", bias_regularizer="l1")
    layer(np.ones((1, 3, 3, 1), "float32"))
    assert len(layer.losses) == 2


def test_trainable_weights_and_count(backend):
    layer = layers.DepthwiseConv2D(3, depth_multiplier=2)
    layer(np.ones((1, 5, 5, 3), "float32"))
    assert [w.shape for w in layer.trainable_weights] == [(3, 3, 3, 2), (6,)]
    assert layer.count_params() == 3 * 3 * 3 * 2 + 6


def test_bad_input_rank_is_clear(backend):
    layer = layers.Conv2D(2, 3)
    with pytest.raises(ValueError, match="conv2d|rank"):
        layer(np.ones((2, 5, 5), "float32"))


def test_channel_mismatch_after_build(backend):
    layer = layers.Conv1D(2, 2)
    layer(np.ones((1, 4, 3), "float32"))
    with pytest.raises(ValueError, match="axis -1"):
        layer(np.ones((1, 4, 5), "float32"))


def test_too_small_input_is_clear(backend):
    with pytest.raises(ValueError, match="negative"):
        layers.Conv2D(2, 5)(np.ones((1, 3, 3, 1), "float32"))


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: layers.Conv2D(0, 3), "filters"),
        (lambda: layers.Conv2D(3, 3, groups=2), "groups"),
        (lambda: layers.Conv2D(3, 0), "kernel_size"),
        (lambda: layers.Conv2D(3, (3, 3, 3)), "kernel_size"),
        (lambda: layers.Conv2D(3, 3, strides=2, dilation_rate=2), "dilation_rate"),
        (lambda: layers.Conv2D(3, 3, padding="causal"), "padding"),
        (lambda: layers.Conv2D(3, 3, data_format="nhwc"), "data_format"),
        (lambda: layers.Conv2DTranspose(3, 3, strides=2, output_padding=2), "output_padding"),
        (lambda: layers.DepthwiseConv2D(3, depth_multiplier=0), "depth_multiplier"),
    ],
)
def test_bad_arguments(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_groups_must_divide_input_channels(backend):
    with pytest.raises(ValueError, match="groups"):
        layers.Conv2D(4, 3, groups=2)(np.ones((1, 5, 5, 3), "float32"))


def test_runs_on_creation_backend():
    if len(unison.available_backends()) < 2:
        pytest.skip("needs two backends")
    first, second = unison.available_backends()[:2]
    with unison.backend.use(first):
        layer = layers.Conv2D(2, 3)
        layer(np.ones((1, 4, 4, 1), "float32"))
    with unison.backend.use(second):
        output = layer(np.ones((1, 4, 4, 1), "float32"))
    assert layer.backend.name == first
    assert tuple(output.shape) == (1, 2, 2, 2)


@pytest.mark.parametrize("case", ["cnn_bn", "sepconv"])
def test_models_saved_by_keras(backend, case, tmp_path):
    from tests import keras_vectors

    if case not in keras_vectors.case_names():
        pytest.skip("Keras test vectors are not available")
    model, inputs, expected = keras_vectors.load_case(case, tmp_path)
    np.testing.assert_allclose(to_numpy(model(inputs[0])), expected, rtol=1e-4, atol=1e-5)


def test_mixed_precision_keeps_float32_weights(backend):
    layer = layers.Conv2D(3, 2, dtype="mixed_float16")
    output = layer(np.ones((1, 4, 4, 2), "float32"))
    assert unison.ops.dtype(output) == "float16"
    assert [w.dtype for w in layer.weights] == ["float32", "float32"]


def test_overridden_convolution_op_is_used(backend):
    """A subclass's convolution_op (e.g. weight standardization) replaces the stock one, also
    where the backend has a fused conv + bias kernel."""

    class HalvedKernelConv(layers.Conv1D):
        def convolution_op(self, inputs, kernel):
            return super().convolution_op(inputs, unison.ops.multiply(kernel, 0.5))

    x = np.arange(12, dtype="float32").reshape(1, 6, 2)
    layer = HalvedKernelConv(1, 2, bias_initializer="ones", kernel_initializer="ones")
    out = unison.ops.convert_to_numpy(layer(x))
    windows = x[0, :-1] + x[0, 1:]
    np.testing.assert_allclose(out[0, :, 0], 0.5 * windows.sum(-1) + 1.0, rtol=1e-6)
