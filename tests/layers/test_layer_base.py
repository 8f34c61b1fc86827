"""The Layer base: lazy build, weights order, tracking, training flag, masks, losses,
stateless_call, backend memory, errors and config."""

import numpy as np
import pytest

import unison
from tests.conftest import BACKENDS
from unison import ops
from unison.layers import Layer


class Scale(Layer):
    """Multiplies by a trainable vector; keeps a non-trainable call counter."""

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="factor")
        self.calls = self.add_weight(shape=(), initializer="zeros", trainable=False, name="calls")

    def call(self, inputs):
        self.calls.assign(self.calls + 1.0)
        return inputs * self.factor


class Block(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = Scale(name="first")
        self.rest = [Scale(name="second"), Scale(name="third")]

    def call(self, inputs, training=None):
        outputs = self.first(inputs)
        for layer in self.rest:
            outputs = layer(outputs)
        if training:
            outputs = outputs * 0.0
        return outputs


class Recorder(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


class Outer(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = Recorder()

    def call(self, inputs):
        return self.inner(inputs)


def test_lazy_build_and_weights(backend):
    layer = Scale()
    assert not layer.built and layer.weights == []
    outputs = layer(np.full((2, 3), 2.0, "float32"))
    assert layer.built
    assert layer.backend is backend
    np.testing.assert_allclose(ops.convert_to_numpy(outputs), np.full((2, 3), 2.0))
    assert [w.name for w in layer.weights] == ["factor", "calls"]
    assert [w.name for w in layer.trainable_weights] == ["factor"]
    assert [w.name for w in layer.non_trainable_weights] == ["calls"]
    assert layer.weights[0].path == f"{layer.name}/factor"
    assert layer.count_params() == 4


def test_nested_tracking_order(backend):
    block = Block()
    block(np.ones((1, 2), "float32"))
    names = [layer.name for layer in block._flatten_layers(include_self=False)]
    assert names == ["first", "second", "third"]
    assert [w.path for w in block.trainable_weights] == [
        "first/factor",
        "second/factor",
        "third/factor",
    ]
    block.trainable = False
    assert block.trainable_weights == []
    assert len(block.non_trainable_weights) == 6
    assert not block.rest[0].trainable


def test_training_flag_propagates(backend):
    outer = Outer()
    outer(np.ones((1, 2), "float32"), training=True)
    outer(np.ones((1, 2), "float32"))
    outer(np.ones((1, 2), "float32"), training=False)
    assert outer.inner.seen == [True, None, False]


def test_block_uses_training(backend):
    block = Block()
    out = block(np.ones((1, 2), "float32"), training=True)
    np.testing.assert_allclose(ops.convert_to_numpy(out), [[0.0, 0.0]])


def test_get_set_weights(backend):
    layer = Scale()
    layer(np.ones((1, 3), "float32"))
    layer.set_weights([np.array([1.0, 2.0, 3.0], "float32"), np.array(5.0, "float32")])
    np.testing.assert_allclose(layer.get_weights()[0], [1, 2, 3])
    with pytest.raises(ValueError, match="expects 2 arrays; received 1"):
        layer.set_weights([np.ones(3)])


def test_stateless_call_changes_no_variable(training_backend):
    layer = Scale()
    layer(np.ones((1, 2), "float32"))
    before = [w.numpy().copy() for w in layer.weights]
    trainable = [ops.convert_to_tensor(np.array([3.0, 4.0], "float32"))]
    non_trainable = [ops.convert_to_tensor(np.array(10.0, "float32"))]
    outputs, new_state = layer.stateless_call(trainable, non_trainable, np.ones((1, 2), "float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(outputs), [[3.0, 4.0]])
    np.testing.assert_allclose(ops.convert_to_numpy(new_state[0]), 11.0)
    for weight, old in zip(layer.weights, before):
        np.testing.assert_allclose(weight.numpy(), old)


def test_add_loss_and_activity_regularizer(backend):
    class Penalised(Layer):
        def call(self, inputs):
            self.add_loss(ops.sum(inputs))
            return inputs

    layer = Penalised()
    layer(np.ones((2, 2), "float32"))
    assert len(layer.losses) == 1
    assert float(ops.convert_to_numpy(layer.losses[0])) == 4.0
    layer(np.ones((1, 1), "float32"))
    assert len(layer.losses) == 1  # cleared at each outermost call


def test_layer_remembers_backend():
    if len(BACKENDS) < 2:
        pytest.skip("needs two backends")
    first, second = BACKENDS[0], BACKENDS[1]
    with unison.backend.use(first):
        layer = Scale()
        layer(np.ones((1, 2), "float32"))
    with unison.backend.use(second):
        outputs = layer(np.ones((1, 2), "float32"))
        assert unison.backend.get_backend(first).is_tensor(outputs)


def test_input_spec_error_names_layer(backend):
    class NeedsFour(Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.input_spec = unison.InputSpec(min_ndim=2, axes={-1: 4})

        def call(self, inputs):
            return inputs

    layer = NeedsFour(name="needs_four")
    layer(np.ones((2, 4), "float32"))
    with pytest.raises(ValueError, match=r"'needs_four'.*axis -1.*value 4.*\(2, 3\)"):
        layer(np.ones((2, 3), "float32"))


def test_unknown_kwarg_is_clear():
    with pytest.raises(TypeError, match="unexpected keyword argument.*units"):
        Layer(units=3)


def test_symbolic_call_records_node(backend):
    layer = Scale()
    x = unison.Input(shape=(3,))
    y = layer(x)
    assert y.shape == (None, 3)
    assert y.producer.operation is layer
    assert layer.built


def test_config_round_trip():
    layer = Scale(name="scaler", trainable=False, dtype="float16")
    config = layer.get_config()
    assert config["name"] == "scaler"
    assert config["dtype"]["config"]["name"] == "float16"
    clone = Scale.from_config(config)
    assert clone.name == "scaler" and not clone.trainable and clone.compute_dtype == "float16"


def test_mask_propagation(backend):
    class MakeMask(Layer):
        def call(self, inputs):
            return inputs

        def compute_mask(self, inputs, previous_mask=None):
            return ops.not_equal(inputs, 0)

    class UseMask(Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.received = None

        def call(self, inputs, mask=None):
            self.received = mask
            return inputs

    x = np.array([[1.0, 0.0, 2.0]], "float32")
    masked = MakeMask()(x)
    user = UseMask()
    user(masked)
    np.testing.assert_array_equal(ops.convert_to_numpy(user.received), [[True, False, True]])
