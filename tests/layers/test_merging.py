"""Merge layers: element-wise merges, Concatenate and Dot against NumPy and Keras configs."""

import numpy as np
import pytest

import unison
from tests.layers.keras_parity import json_ready, to_numpy
from unison import layers
from unison.layers import masking_utils

RNG = np.random.default_rng(0)
A = RNG.normal(size=(2, 3, 4)).astype("float32")
B = RNG.normal(size=(2, 3, 4)).astype("float32")
C = RNG.normal(size=(2, 3, 4)).astype("float32")

ELEMENTWISE = {
    "Add": lambda xs: sum(xs),
    "Multiply": lambda xs: xs[0] * xs[1] * xs[2],
    "Average": lambda xs: sum(xs) / 3,
    "Maximum": lambda xs: np.maximum(np.maximum(xs[0], xs[1]), xs[2]),
    "Minimum": lambda xs: np.minimum(np.minimum(xs[0], xs[1]), xs[2]),
}


@pytest.mark.parametrize("name", sorted(ELEMENTWISE))
def test_elementwise(backend, name):
    output = getattr(layers, name)()([A, B, C])
    np.testing.assert_allclose(to_numpy(output), ELEMENTWISE[name]([A, B, C]), rtol=1e-5)
    functional = getattr(layers, name.lower())([A, B, C])
    np.testing.assert_allclose(to_numpy(functional), to_numpy(output), rtol=1e-6)


def test_subtract_and_broadcast(backend):
    np.testing.assert_allclose(to_numpy(layers.subtract([A, B])), A - B, rtol=1e-6)
    with pytest.raises(ValueError, match="exactly 2"):
        layers.Subtract()([A, B, C])
    wide = RNG.normal(size=(2, 4)).astype("float32")
    output = layers.Add()([A, wide])
    np.testing.assert_allclose(to_numpy(output), A + wide[:, None, :], rtol=1e-6)
    with pytest.raises(ValueError, match="incompatible"):
        layers.Add()([A, np.ones((2, 3, 5), "float32")])
    with pytest.raises(ValueError, match="list"):
        layers.Add()(A)


def test_concatenate(backend):
    other = RNG.normal(size=(2, 3, 2)).astype("float32")
    output = layers.Concatenate()([A, other])
    np.testing.assert_allclose(to_numpy(output), np.concatenate([A, other], -1))
    np.testing.assert_allclose(
        to_numpy(layers.concatenate([A, B], axis=1)), np.concatenate([A, B], 1)
    )
    with pytest.raises(ValueError, match="matching shapes"):
        layers.Concatenate(axis=1)([A, other])


@pytest.mark.parametrize(
    "shapes, axes, normalize",
    [
        (((2, 3, 5), (2, 10, 3)), (1, 2), False),
        (((2, 4), (2, 4)), 1, False),
        (((2, 4), (2, 4)), -1, True),
        (((2, 3, 4), (2, 4)), (2, 1), False),
        (((2, 3, 4), (2, 5, 4)), -1, True),
    ],
)
def test_dot(backend, shapes, axes, normalize):
    x = RNG.normal(size=shapes[0]).astype("float32")
    y = RNG.normal(size=shapes[1]).astype("float32")
    output = to_numpy(layers.Dot(axes=axes, normalize=normalize)([x, y]))
    pair = (axes, axes) if isinstance(axes, int) else axes
    a0, a1 = pair[0] % x.ndim, pair[1] % y.ndim
    if normalize:
        x = x / np.linalg.norm(x, axis=a0, keepdims=True)
        y = y / np.linalg.norm(y, axis=a1, keepdims=True)
    expected = np.stack(
        [np.tensordot(x[i], y[i], axes=(a0 - 1, a1 - 1)) for i in range(x.shape[0])]
    )
    if expected.ndim == 1:
        expected = expected[:, None]
    np.testing.assert_allclose(output, expected, rtol=1e-5, atol=1e-5)
    shape = layers.Dot(axes=axes).compute_output_shape(
        [(None, *shapes[0][1:]), (None, *shapes[1][1:])]
    )
    assert shape[1:] == expected.shape[1:]


def test_dot_errors(backend):
    with pytest.raises(ValueError, match="incompatible sizes"):
        layers.Dot(axes=1)([np.ones((2, 3)), np.ones((2, 4))])
    with pytest.raises(ValueError, match="batch axis"):
        layers.Dot(axes=0)([np.ones((2, 3)), np.ones((2, 3))])
    with pytest.raises(TypeError, match="axes"):
        layers.Dot(axes="x")


def test_symbolic_shapes(backend):
    x = unison.Input((3, 4))
    y = unison.Input((3, 4))
    assert layers.add([x, y]).shape == (None, 3, 4)
    assert layers.concatenate([x, y], axis=1).shape == (None, 6, 4)
    assert layers.dot([x, y], axes=2).shape == (None, 3, 3)
    assert layers.Concatenate()([x, unison.Input((3, 2))]).shape == (None, 3, 6)


def test_masks(backend):
    mask_a = np.array([[True, False, True], [False, False, True]])
    mask_b = np.array([[False, False, True], [True, False, True]])
    merged = layers.Maximum()._merge(
        [A, B], [unison.ops.convert_to_tensor(mask_a), unison.ops.convert_to_tensor(mask_b)]
    )
    expected = np.where(
        mask_a[..., None] & mask_b[..., None],
        np.maximum(A, B),
        np.where(mask_b[..., None] & ~mask_a[..., None], B, A),
    )
    np.testing.assert_allclose(to_numpy(merged), expected, rtol=1e-6)
    layer = layers.Add()
    combined = layer.compute_mask([A, B], [mask_a, mask_b])
    np.testing.assert_array_equal(to_numpy(combined), mask_a | mask_b)
    embedded = layers.Embedding(5, 4, mask_zero=True)(np.array([[1, 0, 2]]))
    total = layers.Add()([embedded, embedded])
    np.testing.assert_array_equal(to_numpy(masking_utils.get_mask(total)), [[True, False, True]])
    concat_mask = layers.Concatenate(axis=1).compute_mask([A, B], [mask_a, None])
    assert to_numpy(concat_mask).shape == (2, 6)


def test_configs_match_keras():
    keras = pytest.importorskip("keras")
    for name, kwargs in [("Add", {}), ("Subtract", {}), ("Multiply", {}), ("Average", {}),
                         ("Maximum", {}), ("Minimum", {}), ("Concatenate", {"axis": 1}),
                         ("Dot", {"axes": (1, 2), "normalize": True})]:  # fmt: skip
        mine = getattr(layers, name)(name="merge", **kwargs).get_config()
        theirs = getattr(keras.layers, name)(name="merge", **kwargs).get_config()
        assert json_ready(mine) == json_ready(theirs), name
        clone = unison.saving.deserialize(unison.saving.serialize(getattr(layers, name)(**kwargs)))
        assert type(clone).__name__ == name
