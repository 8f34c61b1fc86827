"""clone_model and to_backend: equivalent models on another backend."""

import numpy as np
import pytest

import unison
from tests.conftest import BACKENDS
from unison import layers, ops

X = np.random.default_rng(0).standard_normal((4, 6)).astype("float32")


def functional():
    a = unison.Input(shape=(6,))
    hidden = layers.Dense(5, activation="relu")(a)
    return unison.Model(a, layers.Dense(2)(ops.concatenate([hidden, a], axis=-1)))


def sequential():
    return unison.Sequential(
        [unison.Input(shape=(6,)), layers.Dense(3), layers.BatchNormalization()]
    )


@pytest.mark.parametrize("build", [functional, sequential], ids=["functional", "sequential"])
@pytest.mark.parametrize("source", BACKENDS)
def test_clone_into_every_backend(source, build):
    with unison.backend.use(source):
        model = build()
        expected = model.predict(X, verbose=0)
    for target in BACKENDS:
        with unison.backend.use(target):
            clone = unison.models.clone_model(model)
            assert clone.backend.name == target
            np.testing.assert_allclose(clone.predict(X, verbose=0), expected, rtol=1e-5, atol=1e-5)


def test_clone_function_and_input_tensors(backend):
    model = functional()
    calls = []

    def fresh(layer):
        calls.append(layer.name)
        return layer.__class__.from_config(layer.get_config())

    new_input = unison.Input(shape=(6,), name="new_input")
    clone = unison.models.clone_model(model, input_tensors=new_input, clone_function=fresh)
    assert len(calls) == 2
    assert clone.inputs[0] is new_input
    assert not np.allclose(clone.predict(X, verbose=0), model.predict(X, verbose=0))


def test_call_function_wraps_calls(backend):
    model = functional()
    seen = []

    def call(layer, *args, **kwargs):
        seen.append(type(layer).__name__)
        return layer(*args, **kwargs)

    unison.models.clone_model(model, call_function=call)
    assert seen == ["Dense", "Dense"]
