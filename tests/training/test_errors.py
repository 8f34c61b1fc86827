"""Bad training input gives clear errors naming what was wrong."""

import numpy as np
import pytest

import unison
from unison import layers

X = np.random.default_rng(0).random((32, 4)).astype("float32")


def model(loss="mse", **compile_kwargs):
    m = unison.Sequential([unison.Input(shape=(4,)), layers.Dense(3)])
    m.compile(optimizer="adam", loss=loss, **compile_kwargs)
    return m


def test_mismatched_lengths(training_backend):
    with pytest.raises(ValueError, match=r"same number of samples.*\(32, 4\), \(31,\)"):
        model().fit(X, np.zeros((31,), "int32"), verbose=0)


def test_wrong_label_shape_for_loss(training_backend):
    with pytest.raises(ValueError, match=r"Loss 'mse'.*\(32, 5\).*\(32, 3\)"):
        model().fit(X, np.zeros((32, 5), "float32"), verbose=0)
    one_hot = np.eye(3, dtype="float32")[np.arange(32) % 3]
    with pytest.raises(ValueError, match=r"sparse_categorical_crossentropy.*\(32, 3\)"):
        model("sparse_categorical_crossentropy").fit(X, one_hot, verbose=0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"optimizer": "adamz"}, "Unknown optimizer 'adamz'"),
        ({"loss": "msez"}, "Unknown loss name 'msez'"),
        ({"metrics": ["accurcy"]}, "Unknown metric name 'accurcy'"),
    ],
)
def test_unknown_names(training_backend, kwargs, message):
    m = unison.Sequential([unison.Input(shape=(4,)), layers.Dense(3)])
    settings = {"optimizer": "adam", "loss": "mse", **kwargs}
    with pytest.raises(ValueError, match=message):
        m.compile(**settings)
        m.fit(X, np.zeros((32, 3), "float32"), verbose=0)


def test_nan_loss_warns(training_backend):
    y = np.full((32, 3), np.nan, "float32")
    with pytest.warns(RuntimeWarning, match="training loss is nan after epoch 1"):
        model().fit(X, y, verbose=0)


def test_uncompiled_fit_is_clear(training_backend):
    m = unison.Sequential([unison.Input(shape=(4,)), layers.Dense(3)])
    with pytest.raises(RuntimeError, match="must be compiled"):
        m.fit(X, np.zeros((32, 3), "float32"), verbose=0)
