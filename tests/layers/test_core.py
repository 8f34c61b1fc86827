"""Core layers: Dense, EinsumDense, Embedding, Activation, Identity, Lambda, Masking, Wrapper."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, keras_results, to_numpy, unison_twin
from unison import layers

RNG = np.random.default_rng(0)

CASES = [
    ("Dense", dict(units=4), (2, 3)),
    ("Dense", dict(units=3, activation="relu", use_bias=False), (2, 5, 4)),
    ("Dense", dict(units=2, activation="gelu", kernel_regularizer="l2"), (3, 4)),
    ("EinsumDense", dict(equation="ab,bc->ac", output_shape=4, bias_axes="c"), (2, 3)),
    ("EinsumDense", dict(equation="abc,cd->abd", output_shape=(None, 5), bias_axes="d"), (2, 3, 4)),
    (
        "EinsumDense",
        dict(equation="abc,cde->abde", output_shape=(3, 2, 3), bias_axes="be"),
        (2, 3, 4),
    ),  # fmt: skip
    ("EinsumDense", dict(equation="...b,bc->...c", output_shape=3, activation="tanh"), (2, 3, 4)),
    ("EinsumDense", dict(equation="ab...,bc->ac...", output_shape=(5,), bias_axes="c"), (2, 3, 4)),
    ("Activation", dict(activation="softmax"), (2, 5)),
    ("Identity", dict(), (2, 3)),
    ("Masking", dict(mask_value=0.0), (2, 3, 4)),
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
    expected = reference["outputs"][0]
    assert tuple(output.shape) == expected.shape
    np.testing.assert_allclose(to_numpy(output), expected, rtol=1e-4, atol=1e-4)
    assert json_ready(layer.get_config()) == reference["get_config"]
    free = (None, *shape[1:])
    mine = list(layer.compute_output_shape(free))
    # unison may know a size Keras leaves unknown (EinsumDense axes shared with the input)
    assert len(mine) == len(reference["output_shape"])
    for ours, theirs in zip(mine, reference["output_shape"], strict=True):
        assert theirs is None or ours == theirs


def test_config_matches_keras_before_build(references):
    for (name, arguments, _), reference in zip(CASES, references, strict=True):
        layer = getattr(layers, name)(**arguments, name=reference["get_config"]["name"])
        assert json_ready(layer.get_config()) == reference["get_config"], name


def test_dense_numpy_reference_and_errors(backend):
    x = RNG.normal(size=(2, 3)).astype("float32")
    layer = layers.Dense(4, activation="relu", kernel_initializer="ones", bias_initializer="ones")
    np.testing.assert_allclose(to_numpy(layer(x)), np.maximum(x.sum(-1, keepdims=True) + 1, 0)
                               * np.ones((1, 4)), rtol=1e-5)  # fmt: skip
    assert layer.backend is backend
    assert [w.shape for w in layer.weights] == [(3, 4), (4,)]
    with pytest.raises(ValueError, match="dense"):
        layer(np.ones((2, 5), "float32"))
    with pytest.raises(ValueError, match="units"):
        layers.Dense(0)
    with pytest.raises(NotImplementedError, match="quantization"):
        layers.Dense(2, quantization_config={"mode": "int8"})


def test_dense_symbolic_and_round_trip(backend):
    inputs = unison.Input((5,))
    outputs = layers.Dense(3, activation="relu")(inputs)
    assert outputs.shape == (None, 3)
    layer = layers.Dense(2, activation="swish", kernel_constraint="non_neg", name="d")
    clone = layers.Dense.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.activation is unison.activations.silu


def test_dense_regularizer_losses_and_mixed_precision(backend):
    layer = layers.Dense(2, kernel_regularizer="l2", activity_regularizer="l1")
    layer(np.ones((1, 3), "float32"))
    assert len(layer.losses) == 2
    mixed = layers.Dense(2, dtype="mixed_float16")
    output = mixed(np.ones((1, 3), "float32"))
    assert unison.ops.dtype(output) == "float16"
    assert mixed.kernel.dtype == "float32"


def test_dense_lora(backend):
    layer = layers.Dense(3, lora_rank=2)
    x = RNG.normal(size=(2, 4)).astype("float32")
    before = to_numpy(layer(x))
    assert layer.lora_enabled and [w.name for w in layer.trainable_weights] == [
        "bias",
        "lora_kernel_a",
        "lora_kernel_b",
    ]
    layer.lora_kernel_b.assign(np.ones((2, 3), "float32"))
    after = to_numpy(layer(x))
    assert not np.allclose(before, after)
    store = {}
    layer.save_own_variables(store)
    plain = layers.Dense(3)
    plain.build((None, 4))
    plain.load_own_variables(store)
    np.testing.assert_allclose(to_numpy(plain(x)), after, rtol=1e-5, atol=1e-5)
    assert layer.get_config()["lora_rank"] == 2


def test_einsum_dense_errors(backend):
    with pytest.raises(ValueError, match="equation"):
        layers.EinsumDense("ab->b", output_shape=3)(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="rank"):
        layers.EinsumDense("abc,cd->abd", output_shape=(None, 3))(np.ones((2, 3), "float32"))
    with pytest.raises(ValueError, match="bias"):
        layers.EinsumDense("ab,bc->ac", output_shape=3, bias_axes="x")(np.ones((2, 3)))


def test_embedding(backend):
    layer = layers.Embedding(6, 3, mask_zero=True)
    indices = np.array([[1, 2, 0], [5, 0, 0]])
    output = layer(indices)
    table = layer.embeddings.numpy()
    np.testing.assert_allclose(to_numpy(output), table[indices])
    mask = unison.layers.masking_utils.get_mask(output)
    np.testing.assert_array_equal(to_numpy(mask), indices != 0)
    assert unison.ops.dtype(output) == "float32"
    assert layer.get_config()["mask_zero"] is True
    clone = layers.Embedding.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    preset = layers.Embedding(3, 2, weights=np.arange(6, dtype="float32").reshape(3, 2))
    np.testing.assert_array_equal(to_numpy(preset(np.array([2]))), [[4.0, 5.0]])
    symbolic = layers.Embedding(6, 3)(unison.Input((4,), dtype="int32"))
    assert symbolic.shape == (None, 4, 3) and symbolic.dtype == "float32"
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 2)


def test_embedding_config_matches_keras():
    keras = pytest.importorskip("keras")
    mine = layers.Embedding(10, 3, name="embedding").get_config()
    theirs = keras.layers.Embedding(10, 3, name="embedding").get_config()
    assert json_ready(mine) == json_ready(theirs)


def test_activation_masking_identity(backend):
    x = np.array([[[1.0, 2.0], [0.0, 0.0], [3.0, 0.0]]], "float32")
    masked = layers.Masking()(x)
    np.testing.assert_array_equal(to_numpy(masked), x)
    mask = unison.layers.masking_utils.get_mask(masked)
    np.testing.assert_array_equal(to_numpy(mask), [[True, False, True]])
    relu = layers.Activation("relu")
    np.testing.assert_array_equal(to_numpy(relu(np.array([-1.0, 2.0], "float32"))), [0.0, 2.0])
    assert relu.get_config()["activation"] == "relu"
    assert to_numpy(layers.Identity()(x)).shape == x.shape
    symbolic = layers.Masking()(unison.Input((3, 2)))
    assert symbolic.shape == (None, 3, 2)


def plus_offset(x, offset=1.0):
    return x + offset


def test_lambda(backend):
    x = np.ones((2, 3), "float32")
    layer = layers.Lambda(plus_offset, arguments={"offset": 2.0})
    np.testing.assert_array_equal(to_numpy(layer(x)), x + 2.0)
    config = layer.get_config()
    assert config["function"] == "plus_offset"
    clone = layers.Lambda.from_config(config, custom_objects={"plus_offset": plus_offset})
    np.testing.assert_array_equal(to_numpy(clone(x)), x + 2.0)
    with pytest.raises(ValueError, match="plus_offset"):
        layers.Lambda.from_config(config)
    anonymous = layers.Lambda(lambda t: t * 3, output_shape=(3,))
    np.testing.assert_array_equal(to_numpy(anonymous(x)), x * 3)
    stored = anonymous.get_config()
    assert stored["function"]["config"]["code"] is None
    with pytest.raises(ValueError, match="lambda"):
        layers.Lambda.from_config(stored)
    assert anonymous(unison.Input((3,))).shape == (None, 3)
    assert layers.Lambda(unison.ops.abs)(unison.Input((4,))).shape == (None, 4)


def test_lambda_bytecode_opt_in(backend, monkeypatch):
    monkeypatch.setattr(layers.Lambda, "store_bytecode", True)
    scale = 4.0
    layer = layers.Lambda(lambda t: t * scale)
    config = layer.get_config()
    assert config["function"]["config"]["code"]
    with pytest.raises(ValueError, match="safe_mode"):
        layers.Lambda.from_config(config)
    clone = layers.Lambda.from_config(config, safe_mode=False)
    np.testing.assert_array_equal(to_numpy(clone(np.ones(2, "float32"))), [4.0, 4.0])


def test_wrapper(backend):
    class Twice(layers.Wrapper):
        def call(self, inputs):
            return self.layer(self.layer(inputs))

    wrapper = Twice(layers.Dense(3, kernel_initializer="identity", use_bias=False))
    x = RNG.normal(size=(2, 3)).astype("float32")
    np.testing.assert_allclose(to_numpy(wrapper(x)), x, rtol=1e-6)
    assert len(wrapper.weights) == 1
    config = wrapper.get_config()
    assert config["layer"]["class_name"] == "Dense"
    clone = Twice.from_config(config)
    assert isinstance(clone.layer, layers.Dense)
    with pytest.raises(ValueError, match="Layer instance"):
        Twice("dense")
