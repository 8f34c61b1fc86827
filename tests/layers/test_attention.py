"""Attention layers against real Keras (same weights), plus masking and config tests."""

from __future__ import annotations

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, to_numpy
from tests.layers.test_rnn import check_case, keras_reference
from unison import layers
from unison.saving import serialization

Q, V, K = [2, 3, 4], [2, 5, 4], [2, 5, 6]
SQUARE = [2, 5, 4]

CASES = [
    ("L.Attention()", [Q, V], "layer([x[0], x[1]])"),
    (
        "L.Attention(use_scale=True, score_mode='concat')",
        [Q, V, V],
        "layer([x[0], x[1], x[2]], return_attention_scores=True)",
    ),
    ("L.Attention()", [SQUARE, SQUARE], "layer([x[0], x[1]], mask=[m, m], use_causal_mask=True)"),
    ("L.AdditiveAttention()", [Q, V], "layer([x[0], x[1]], mask=[None, m])"),
    ("L.AdditiveAttention(use_scale=False)", [Q, V], "layer([x[0], x[1]])"),
    ("L.MultiHeadAttention(2, 3)", [Q, V], "layer(x[0], x[1])"),
    (
        "L.MultiHeadAttention(2, 3, value_dim=2, output_shape=5, use_bias=False)",
        [Q, V, K],
        "layer(x[0], x[1], x[2], return_attention_scores=True)",
    ),
    (
        "L.MultiHeadAttention(3, 2, use_gate=True)",
        [SQUARE, SQUARE],
        "layer(x[0], x[1], use_causal_mask=True, value_mask=m, return_attention_scores=True)",
    ),
    (
        "L.MultiHeadAttention(2, 2, attention_axes=(1, 2))",
        [[2, 3, 2, 4], [2, 3, 2, 4]],
        "layer(x[0], x[1])",
    ),
    ("L.MultiHeadAttention(2, 2, sliding_window=2)", [SQUARE, SQUARE], "layer(x[0], x[1])"),
    ("L.GroupQueryAttention(2, 4, 2)", [Q, V], "layer(x[0], x[1])"),
    (
        "L.GroupQueryAttention(3, 4, 1, use_bias=False)",
        [SQUARE, SQUARE, SQUARE],
        "layer(x[0], x[1], x[2], use_causal_mask=True, return_attention_scores=True)",
    ),
]
IDS = [f"{index}-{case[0][2:22]}" for index, case in enumerate(CASES)]


@pytest.fixture(scope="module")
def references():
    return keras_reference(CASES)


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_matches_keras(backend, references, index):
    check_case(CASES[index], references[index])


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_config_round_trip_from_keras(references, index):
    serialized = references[index]["serialized"]
    with unison.backend.use("numpy"):
        layer = serialization.deserialize(serialized)
        assert layer.built == ("build_config" in serialized)
        assert json_ready(layer.get_config()) == serialized["config"]
        if layer.built:
            again = json_ready(serialization.serialize(layer))
            assert again["build_config"] == serialized["build_config"]


def test_masks_from_embedding(backend):
    tokens = np.array([[3, 4, 0, 0], [5, 6, 7, 0]], "int32")
    embedding = layers.Embedding(10, 6, mask_zero=True)
    mha = layers.MultiHeadAttention(2, 3)
    inputs = layers.Input((4,), dtype="int32")
    embedded = embedding(inputs)
    output = mha(embedded, embedded)
    model = unison.Model(inputs, output)
    result = to_numpy(model(tokens))
    vectors = embedding(tokens)
    mask = tokens != 0
    explicit = mha(vectors, vectors, query_mask=mask, value_mask=mask)
    np.testing.assert_allclose(result, to_numpy(explicit), rtol=1e-5, atol=1e-6)
    plain = np.array(to_numpy(vectors), copy=True)  # a fresh array carries no mask
    unmasked = mha(plain, plain)
    assert not np.allclose(result, to_numpy(unmasked))


def test_symbolic_shapes(backend):
    query, value = layers.Input((3, 4)), layers.Input((5, 6))
    output, scores = layers.MultiHeadAttention(2, 3, output_shape=(7,))(
        query, value, return_attention_scores=True
    )
    assert output.shape == (None, 3, 7) and scores.shape == (None, 2, 3, 5)
    attention = layers.Attention()([query, layers.Input((5, 4))])
    assert attention.shape == (None, 3, 4)
    grouped = layers.GroupedQueryAttention(2, 4, 2)(query, layers.Input((5, 4)))
    assert grouped.shape == (None, 3, 4)


def test_dropout_training_only(backend):
    x = np.random.default_rng(0).normal(size=(2, 4, 6)).astype("float32")
    mha = layers.MultiHeadAttention(2, 3, dropout=0.5, seed=1)
    inference = to_numpy(mha(x, x))
    np.testing.assert_allclose(to_numpy(mha(x, x, training=False)), inference)
    assert not np.allclose(to_numpy(mha(x, x, training=True)), inference)
    attention = layers.Attention(dropout=0.5, seed=2)
    plain = to_numpy(attention([x, x]))
    assert not np.allclose(to_numpy(attention([x, x], training=True)), plain)


def test_bad_inputs():
    x = np.ones((2, 3, 4), "float32")
    with pytest.raises(ValueError, match="list of inputs"):
        layers.Attention()(x)
    with pytest.raises(ValueError, match="score_mode"):
        layers.Attention(score_mode="cosine")
    with pytest.raises(ValueError, match="num_heads"):
        layers.MultiHeadAttention(0, 2)
    with pytest.raises(ValueError, match="value"):
        layers.MultiHeadAttention(2, 2)(query=x)
    with pytest.raises(ValueError, match="divisible"):
        layers.GroupedQueryAttention(2, 3, 2)
    with pytest.raises(ValueError, match="key"):
        layers.MultiHeadAttention(2, 2)(x, np.ones((2, 5, 4)), np.ones((2, 6, 4)))


def test_weights_file_layout():
    from unison.saving.weights_file import saveable_children

    with unison.backend.use("numpy"):
        mha = layers.MultiHeadAttention(2, 3)
        mha.build((None, 3, 4), (None, 5, 4))
        names = {name for name, child in saveable_children(mha) if child.weights}
        assert names == {"query_dense", "key_dense", "value_dense", "output_dense"}
        assert [w.shape for w in mha.weights] == [
            (4, 2, 3),
            (2, 3),
            (4, 2, 3),
            (2, 3),
            (4, 2, 3),
            (2, 3),
            (2, 3, 4),
            (4,),
        ]
