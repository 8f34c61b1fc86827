"""Sequential, functional and subclassed models on every backend."""

import numpy as np
import pytest

import unison
from tests import keras_vectors
from tests.conftest import BACKENDS
from unison import layers, ops


def to_numpy(value):
    return ops.convert_to_numpy(value)


def test_sequential_with_input(backend):
    model = unison.Sequential(
        [unison.Input(shape=(784,)), layers.Dense(64, activation="relu"), layers.Dense(10)]
    )
    assert model.built
    assert model.count_params() == 784 * 64 + 64 + 64 * 10 + 10
    assert len(model.layers) == 2
    out = model(np.ones((3, 784), "float32"))
    assert tuple(out.shape) == (3, 10)


def test_sequential_deferred_build_add_pop(backend):
    model = unison.Sequential()
    model.add(layers.Dense(4))
    model.add(layers.Dense(2))
    assert not model.built
    out = model(np.ones((5, 3), "float32"))
    assert tuple(out.shape) == (5, 2)
    assert model.built and len(model.weights) == 4
    popped = model.pop()
    assert isinstance(popped, layers.Dense)
    assert len(model.layers) == 1


def test_sequential_matches_manual(backend):
    first, second = layers.Dense(4, activation="tanh"), layers.Dense(2)
    model = unison.Sequential([unison.Input(shape=(3,)), first, second])
    x = np.random.default_rng(0).standard_normal((2, 3)).astype("float32")
    w1, b1, w2, b2 = model.get_weights()
    expected = np.tanh(x @ w1 + b1) @ w2 + b2
    np.testing.assert_allclose(to_numpy(model(x)), expected, rtol=1e-5, atol=1e-5)


def test_functional_multi_io_and_ops(backend):
    a = unison.Input(shape=(4,), name="a")
    b = unison.Input(shape=(2,), name="b")
    shared = layers.Dense(3, name="shared")
    ha = shared(a)
    hb = layers.Dense(3)(b)
    total = ops.add(ha, hb) * 2.0
    out1 = layers.Dense(1, name="out1")(total)
    out2 = ops.relu(total)
    model = unison.Model([a, b], [out1, out2])
    assert [l.name for l in model.layers][:2] == ["a", "b"]
    xa = np.ones((5, 4), "float32")
    xb = np.ones((5, 2), "float32")
    y1, y2 = model([xa, xb])
    assert tuple(y1.shape) == (5, 1) and tuple(y2.shape) == (5, 3)
    w_s, b_s = shared.get_weights()
    hb_value = xb @ model.layers[3].get_weights()[0] + model.layers[3].get_weights()[1]
    expected_total = 2.0 * (xa @ w_s + b_s + hb_value)
    np.testing.assert_allclose(to_numpy(y2), np.maximum(expected_total, 0), rtol=1e-5, atol=1e-5)


def test_functional_dict_inputs_and_outputs(backend):
    inputs = {"x": unison.Input(shape=(2,)), "y": unison.Input(shape=(2,))}
    merged = ops.concatenate([inputs["x"], inputs["y"]], axis=-1)
    outputs = {"sum": ops.sum(merged, axis=-1), "double": merged * 2}
    model = unison.Model(inputs, outputs)
    result = model({"x": np.ones((1, 2), "float32"), "y": np.zeros((1, 2), "float32")})
    np.testing.assert_allclose(to_numpy(result["sum"]), [2.0])
    np.testing.assert_allclose(to_numpy(result["double"]), [[2, 2, 0, 0]])
    with pytest.raises(ValueError, match="missing inputs"):
        model({"x": np.ones((1, 2), "float32")})


def test_nested_models(backend):
    inner_in = unison.Input(shape=(3,))
    inner = unison.Model(inner_in, layers.Dense(2)(inner_in), name="inner")
    outer_in = unison.Input(shape=(3,))
    outer = unison.Model(outer_in, layers.Dense(1)(inner(outer_in)))
    assert len(outer.weights) == 4
    out = outer(np.ones((4, 3), "float32"))
    assert tuple(out.shape) == (4, 1)


def test_graph_disconnected_is_clear(backend):
    a = unison.Input(shape=(2,))
    b = unison.Input(shape=(2,))
    with pytest.raises(ValueError, match="Graph disconnected"):
        unison.Model(a, layers.Dense(1)(ops.add(a, b)))


def test_subclassed_model(backend):
    class TwoLayers(unison.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(8, activation="relu")
            self.out = layers.Dense(1)

        def call(self, inputs):
            return self.out(self.hidden(inputs))

    model = TwoLayers()
    out = model(np.ones((2, 5), "float32"))
    assert tuple(out.shape) == (2, 1)
    assert [l.name for l in model.layers] == [model.hidden.name, model.out.name]
    assert model.count_params() == 5 * 8 + 8 + 8 + 1
    assert model.get_layer(model.hidden.name) is model.hidden
    assert model.get_layer(index=1) is model.out


def test_summary_with_print_fn(backend):
    model = unison.Sequential([unison.Input(shape=(4,)), layers.Dense(3, name="d1")])
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "d1 (Dense)" in text
    assert "(None, 3)" in text
    assert "Total params: 15" in text


def test_config_round_trip_sequential_and_functional(backend):
    model = unison.Sequential([unison.Input(shape=(4,)), layers.Dense(3), layers.Dense(1)])
    clone = unison.Sequential.from_config(model.get_config())
    assert [type(l).__name__ for l in clone.layers] == ["Dense", "Dense"]
    clone.set_weights(model.get_weights())
    x = np.ones((2, 4), "float32")
    np.testing.assert_allclose(to_numpy(clone(x)), to_numpy(model(x)), rtol=1e-6)

    a = unison.Input(shape=(3,), name="left")
    b = unison.Input(shape=(3,), name="right")
    dense = layers.Dense(2)
    out = layers.Dense(1)(layers.Concatenate()([dense(a), dense(b)]))
    functional = unison.Model([a, b], out)
    config = unison.saving.serialize(functional)
    rebuilt = unison.saving.deserialize(config)
    rebuilt.set_weights(functional.get_weights())
    inputs = [np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")]
    np.testing.assert_allclose(to_numpy(rebuilt(inputs)), to_numpy(functional(inputs)), rtol=1e-6)


def test_same_weights_same_outputs_across_backends():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((4, 6)).astype("float32")
    reference_weights, outputs = None, {}
    for name in BACKENDS:
        with unison.backend.use(name):
            model = unison.Sequential(
                [unison.Input(shape=(6,)), layers.Dense(5, activation="relu"), layers.Dense(2)]
            )
            if reference_weights is None:
                reference_weights = model.get_weights()
            model.set_weights(reference_weights)
            outputs[name] = to_numpy(model(x))
    first = next(iter(outputs.values()))
    for name, value in outputs.items():
        np.testing.assert_allclose(value, first, rtol=1e-5, atol=1e-5, err_msg=name)


def test_model_built_on_one_backend_runs_after_switch():
    if len(BACKENDS) < 2:
        pytest.skip("needs two backends")
    with unison.backend.use(BACKENDS[0]):
        model = unison.Sequential([unison.Input(shape=(3,)), layers.Dense(2)])
        expected = to_numpy(model(np.ones((1, 3), "float32")))
    for other in BACKENDS[1:]:
        with unison.backend.use(other):
            value = model(np.ones((1, 3), "float32"))
            np.testing.assert_allclose(
                unison.backend.get_backend(BACKENDS[0]).convert_to_numpy(value), expected
            )


@pytest.mark.parametrize("case", keras_vectors.case_names())
def test_real_keras_vectors(backend, case, tmp_path):
    model, inputs, expected = keras_vectors.load_case(case, tmp_path)
    outputs = model(inputs if len(inputs) > 1 else inputs[0])
    np.testing.assert_allclose(to_numpy(outputs), expected, rtol=1e-4, atol=1e-5)
