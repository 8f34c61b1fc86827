"""Normalization layers against real Keras (training and inference, state updates, masks),
plus NumPy references, configs and errors."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

RANDOM = {"class_name": "RandomUniform", "config": {"minval": 0.5, "maxval": 1.5}}
DENSE = {"module": "keras.layers", "class_name": "Dense", "config": {"units": 3}}
TRAIN_TWICE_THEN_INFER = [{"training": True}, {"training": True}, {}]

CASES = {
    "bn": dict(
        layer="BatchNormalization",
        args={"momentum": 0.8, "gamma_initializer": RANDOM, "moving_variance_initializer": RANDOM},
        shape=[6, 3],
        calls=[{}, *TRAIN_TWICE_THEN_INFER],
    ),
    "bn_channels_first": dict(
        layer="BatchNormalization",
        args={"axis": 1, "epsilon": 0.01},
        shape=[4, 3, 5, 2],
        calls=TRAIN_TWICE_THEN_INFER,
    ),
    "bn_masked": dict(
        layer="BatchNormalization",
        args={},
        shape=[3, 4, 2],
        calls=[{"training": True}],
        mask=[[True, True, False, False], [True, True, True, True], [False, True, False, True]],
    ),
    "bn_renorm": dict(
        layer="BatchNormalization",
        args={
            "renorm": True,
            "renorm_clipping": {"rmax": 1.5, "rmin": 0.5, "dmax": 0.3},
            "renorm_momentum": 0.7,
            "momentum": 0.6,
        },
        shape=[8, 3],
        calls=TRAIN_TWICE_THEN_INFER,
    ),
    "bn_plain": dict(
        layer="BatchNormalization",
        args={"center": False, "scale": False},
        shape=[5, 2],
        calls=[{"training": True}, {}],
    ),
    "ln": dict(layer="LayerNormalization", args={"beta_initializer": RANDOM}, shape=[2, 5, 4]),
    "ln_axes": dict(layer="LayerNormalization", args={"axis": [1, 2]}, shape=[2, 3, 4]),
    "ln_rms": dict(layer="LayerNormalization", args={"rms_scaling": True}, shape=[3, 6]),
    "ln_no_center": dict(
        layer="LayerNormalization", args={"center": False, "epsilon": 0.1}, shape=[2, 4]
    ),
    "gn": dict(layer="GroupNormalization", args={"groups": 2}, shape=[2, 5, 4]),
    "gn_instance": dict(
        layer="GroupNormalization",
        args={"groups": -1, "axis": 1, "gamma_initializer": RANDOM},
        shape=[2, 4, 3, 3],
    ),
    "rms": dict(layer="RMSNormalization", args={}, shape=[2, 3, 6]),
    "rms_axes": dict(
        layer="RMSNormalization", args={"axis": [1, 2], "epsilon": 0.01}, shape=[2, 3, 4]
    ),
    "unit": dict(layer="UnitNormalization", args={"axis": [1, 2]}, shape=[2, 3, 4]),
    "spectral": dict(
        layer="SpectralNormalization",
        args={"layer": DENSE, "power_iterations": 2},
        shape=[4, 5],
        calls=[{"training": True}, {"training": True}, {}],
    ),
}
NAMES = list(CASES)


@pytest.fixture(scope="module")
def references(request):
    return dict(
        zip(
            NAMES,
            keras_results([CASES[name] for name in NAMES], getattr(request.config, "cache", None)),
            strict=True,
        )
    )


@pytest.mark.parametrize("case", NAMES)
def test_matches_keras(backend, references, case):
    reference = references[case]
    layer = unison_twin(reference)
    assert type(layer).__name__ == CASES[case]["layer"]
    assert [w.name for w in layer.weights] == reference["weight_names"]
    mask = CASES[case].get("mask")
    for kwargs, expected in zip(CASES[case].get("calls", [{}]), reference["outputs"], strict=True):
        if mask is not None:
            kwargs = dict(kwargs, mask=np.array(mask))
        output = layer(reference["x"], **kwargs)
        assert tuple(output.shape) == expected.shape
        np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-5)
    for weight, expected in zip(layer.get_weights(), reference["weights_after"], strict=True):
        np.testing.assert_allclose(weight, expected, rtol=1e-4, atol=1e-5)
    assert json_ready(layer.get_config()) == reference["get_config"]


def test_batch_norm_numpy_reference(backend):
    x = np.random.default_rng(1).normal(size=(16, 3)).astype("float32") * 3 + 1
    layer = layers.BatchNormalization(momentum=0.5, epsilon=1e-3)
    output = to_numpy(layer(x, training=True))
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    np.testing.assert_allclose(output, expected, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), 0.5 + 0.5 * x.var(0), rtol=1e-5)
    # Inference uses (and does not change) the moving statistics.
    inference = to_numpy(layer(x))
    moving_mean, moving_variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    np.testing.assert_allclose(
        inference, (x - moving_mean) / np.sqrt(moving_variance + 1e-3), rtol=1e-4, atol=1e-4
    )
    np.testing.assert_array_equal(layer.moving_mean.numpy(), moving_mean)


def test_batch_norm_weights_and_frozen_layer(backend):
    layer = layers.BatchNormalization()
    x = np.random.default_rng(2).normal(size=(4, 2)).astype("float32")
    layer(x)
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]
    layer.trainable = False
    layer(x, training=True)  # a frozen layer runs in inference mode
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(2, "float32"))


def test_batch_norm_stateless_call(training_backend):
    layer = layers.BatchNormalization(momentum=0.0)
    x = np.random.default_rng(3).normal(size=(8, 2)).astype("float32")
    layer.build(x.shape)
    trainable = [v.value for v in layer.trainable_variables]
    non_trainable = [v.value for v in layer.non_trainable_variables]
    _, new_values = layer.stateless_call(trainable, non_trainable, x, training=True)
    np.testing.assert_allclose(to_numpy(new_values[0]), x.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(2, "float32"))


def test_batch_norm_synchronized_accepted(backend):
    layer = layers.BatchNormalization(synchronized=True)
    assert layer.get_config()["synchronized"] is True
    assert tuple(layer(np.ones((2, 3), "float32"), training=True).shape) == (2, 3)


def test_batch_norm_symbolic_does_not_touch_state(backend):
    layer = layers.BatchNormalization()
    output = layer(layers.Input(shape=(5, 3)), training=True)
    assert tuple(output.shape) == (None, 5, 3)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), np.zeros(3, "float32"))


def test_layer_norm_keeps_mask_and_casts(backend):
    layer = layers.LayerNormalization(dtype="float16")
    output = layer(np.random.default_rng(4).normal(size=(2, 4)).astype("float32"))
    assert unison.ops.dtype(output) == "float16"
    assert [w.dtype for w in layer.weights] == ["float16", "float16"]


def test_unit_normalization_reference(backend):
    x = np.array([[3.0, 4.0], [0.0, 2.0]], "float32")
    np.testing.assert_allclose(to_numpy(layers.UnitNormalization()(x)), [[0.6, 0.8], [0, 1]])


def test_spectral_normalization_bounds_spectral_norm(training_backend):
    from unison.layers.core_dense import Dense

    layer = layers.SpectralNormalization(Dense(4), power_iterations=20)
    x = np.random.default_rng(5).normal(size=(3, 6)).astype("float32")
    layer.build(x.shape)
    # Well separated singular values (4, 1, 0.5, 0.2) make 20 iterations converge.
    left, _ = np.linalg.qr(np.random.default_rng(6).normal(size=(6, 4)))
    right, _ = np.linalg.qr(np.random.default_rng(7).normal(size=(4, 4)))
    layer.layer.kernel.assign((left * [4.0, 1.0, 0.5, 0.2]) @ right.T)
    layer(x, training=True)
    singular_values = np.linalg.svd(layer.layer.kernel.numpy(), compute_uv=False)
    np.testing.assert_allclose(singular_values[0], 1.0, rtol=1e-3)
    clone = layers.SpectralNormalization.from_config(layer.get_config())
    assert clone.power_iterations == 20 and type(clone.layer).__name__ == "Dense"


@pytest.mark.parametrize(
    "build, error, message",
    [
        (lambda: layers.GroupNormalization(groups=0), ValueError, "groups"),
        (lambda: layers.LayerNormalization(axis="last"), TypeError, "axis"),
        (lambda: layers.UnitNormalization(axis=1.5), TypeError, "axis"),
        (
            lambda: layers.BatchNormalization(renorm=True, renorm_clipping={"x": 1}),
            ValueError,
            "renorm_clipping",
        ),
        (lambda: layers.SpectralNormalization("dense"), ValueError, "Layer"),
    ],
)
def test_bad_arguments(build, error, message):
    with pytest.raises(error, match=message):
        build()


def test_bad_shapes(backend):
    with pytest.raises(ValueError, match="multiple"):
        layers.GroupNormalization(groups=3)(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match="out of bounds"):
        layers.BatchNormalization(axis=3)(np.ones((2, 4), "float32"))
    layer = layers.BatchNormalization()
    layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match="axis -1"):
        layer(np.ones((2, 5), "float32"))
    with pytest.raises(ValueError, match="mask"):
        layer(np.ones((2, 4), "float32"), mask=np.ones((2, 4), bool), training=True)
