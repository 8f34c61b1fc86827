"""Dropout, noise and activity-regularization layers: training vs inference, statistics,
seeds, configs against real Keras, errors."""

import numpy as np
import pytest

from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

CASES = {
    "Dropout": dict(args={"rate": 0.3, "noise_shape": [None, 1, 4], "seed": 3}, shape=[2, 3, 4]),
    "SpatialDropout1D": dict(args={"rate": 0.2, "seed": 1}, shape=[2, 3, 4]),
    "SpatialDropout2D": dict(
        args={"rate": 0.2, "data_format": "channels_first"}, shape=[2, 3, 2, 2]
    ),
    "SpatialDropout3D": dict(args={"rate": 0.4}, shape=[1, 2, 2, 2, 3]),
    "GaussianDropout": dict(args={"rate": 0.1, "seed": 7}, shape=[2, 4]),
    "GaussianNoise": dict(args={"stddev": 0.5}, shape=[2, 4]),
    "AlphaDropout": dict(args={"rate": 0.2, "noise_shape": [2, 1]}, shape=[2, 4]),
    "ActivityRegularization": dict(args={"l1": 0.1, "l2": 0.2}, shape=[2, 4]),
}
NAMES = list(CASES)
X = np.random.default_rng(0).normal(size=(64, 64)).astype("float32") + 2.0


@pytest.fixture(scope="module")
def references(request):
    cases = [dict(layer=name, **CASES[name]) for name in NAMES]
    return dict(
        zip(NAMES, keras_results(cases, getattr(request.config, "cache", None)), strict=True)
    )


@pytest.mark.parametrize("name", NAMES)
def test_inference_identity_and_config_match_keras(backend, references, name):
    reference = references[name]
    layer = unison_twin(reference)
    assert type(layer).__name__ == name
    output = layer(reference["x"])
    np.testing.assert_array_equal(to_numpy(output), reference["outputs"][0])
    np.testing.assert_array_equal(to_numpy(layer(reference["x"], training=False)), reference["x"])
    assert json_ready(layer.get_config()) == reference["get_config"]
    assert layer.weights == []


def test_dropout_training_statistics(backend):
    layer = layers.Dropout(0.25, seed=1)
    output = to_numpy(layer(X, training=True))
    dropped = output == 0
    assert 0.2 < dropped.mean() < 0.3
    np.testing.assert_allclose(output[~dropped], X[~dropped] / 0.75, rtol=1e-6)


def test_dropout_noise_shape_shares_decisions(backend):
    x = np.ones((4, 5, 6), "float32")
    output = to_numpy(layers.Dropout(0.5, noise_shape=(None, 1, 6), seed=2)(x, training=True))
    np.testing.assert_array_equal(output, np.broadcast_to(output[:, :1, :], x.shape))


def test_seeded_layers_repeat_and_advance(backend):
    first = to_numpy(layers.Dropout(0.5, seed=11)(X, training=True))
    layer = layers.Dropout(0.5, seed=11)
    again = to_numpy(layer(X, training=True))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(again, to_numpy(layer(X, training=True)))


@pytest.mark.parametrize(
    "layer, shape, shared_axes",
    [
        (lambda: layers.SpatialDropout1D(0.5, seed=1), (4, 6, 8), (1,)),
        (lambda: layers.SpatialDropout2D(0.5, seed=1), (2, 3, 3, 8), (1, 2)),
        (
            lambda: layers.SpatialDropout2D(0.5, data_format="channels_first", seed=1),
            (2, 8, 3, 3),
            (2, 3),
        ),
        (lambda: layers.SpatialDropout3D(0.5, seed=1), (2, 2, 2, 2, 8), (1, 2, 3)),
    ],
)
def test_spatial_dropout_drops_whole_channels(backend, layer, shape, shared_axes):
    output = to_numpy(layer()(np.ones(shape, "float32"), training=True))
    assert set(np.unique(output)) <= {0.0, 2.0}
    reduced = output.min(axis=shared_axes) == output.max(axis=shared_axes)
    assert reduced.all()


def test_gaussian_layers_statistics(backend):
    noisy = to_numpy(layers.GaussianNoise(0.5, seed=3)(X, training=True))
    assert abs((noisy - X).std() - 0.5) < 0.03
    assert abs((noisy - X).mean()) < 0.03
    multiplied = to_numpy(layers.GaussianDropout(0.2, seed=3)(X, training=True)) / X
    assert abs(multiplied.mean() - 1.0) < 0.03
    assert abs(multiplied.std() - np.sqrt(0.2 / 0.8)) < 0.03


def test_alpha_dropout_keeps_moments(backend):
    x = np.random.default_rng(1).normal(size=(128, 128)).astype("float32")
    output = to_numpy(layers.AlphaDropout(0.2, seed=4)(x, training=True))
    assert abs(output.mean() - x.mean()) < 0.05
    assert abs(output.std() - x.std()) < 0.05
    alpha_p = -1.6732632423543772 * 1.0507009873554805
    a = (0.8 * (1 + 0.2 * alpha_p**2)) ** -0.5
    dropped = np.isclose(output, a * alpha_p - a * alpha_p * 0.2, atol=1e-5)
    assert 0.15 < dropped.mean() < 0.25


def test_activity_regularization_adds_loss(backend):
    layer = layers.ActivityRegularization(l1=0.1, l2=0.01)
    x = np.array([[1.0, -2.0], [3.0, 0.0]], "float32")
    np.testing.assert_array_equal(to_numpy(layer(x)), x)
    assert len(layer.losses) == 1
    np.testing.assert_allclose(to_numpy(layer.losses[0]), 0.1 * 6 + 0.01 * 14, rtol=1e-6)


def test_training_flag_reaches_nested_dropout(backend):
    inputs = layers.Input(shape=(4,))
    outputs = layers.Dropout(0.5, seed=5)(inputs)
    assert tuple(outputs.shape) == (None, 4)


def test_zero_rate_has_no_seed_state(backend):
    layer = layers.Dropout(0.0)
    np.testing.assert_array_equal(to_numpy(layer(X, training=True)), X)
    assert layer.variables == []
    assert len(layers.Dropout(0.5).variables) == 1


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: layers.Dropout(1.5), "rate"),
        (lambda: layers.Dropout(-0.1), "rate"),
        (lambda: layers.Dropout(0.5, noise_shape="batch"), "noise_shape"),
        (lambda: layers.Dropout(0.5, noise_shape=(None, 0)), "noise_shape"),
        (lambda: layers.GaussianNoise(2.0), "stddev"),
        (lambda: layers.SpatialDropout2D(0.5, data_format="nhwc"), "data_format"),
    ],
)
def test_bad_arguments(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_spatial_dropout_rank_error(backend):
    with pytest.raises(ValueError, match="ndim=4"):
        layers.SpatialDropout2D(0.5)(np.ones((2, 3, 4), "float32"), training=True)
