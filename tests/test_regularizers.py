"""unison.regularizers and unison.constraints: values, configs, lookup."""

import numpy as np
import pytest

import unison
from unison import constraints, regularizers

W = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], "float32")


def _value(x):
    return np.asarray(unison.ops.convert_to_numpy(x))


def test_penalties(backend):
    np.testing.assert_allclose(_value(regularizers.L1(0.1)(W)), 0.1 * np.abs(W).sum(), rtol=1e-6)
    np.testing.assert_allclose(_value(regularizers.L2(0.1)(W)), 0.1 * (W**2).sum(), rtol=1e-6)
    both = regularizers.L1L2(l1=0.1, l2=0.2)(W)
    np.testing.assert_allclose(_value(both), 0.1 * np.abs(W).sum() + 0.2 * (W**2).sum(), rtol=1e-6)
    assert float(_value(regularizers.L1L2()(W))) == 0.0


@pytest.mark.parametrize("mode", ["rows", "columns"])
def test_orthogonal_regularizer(backend, mode):
    value = _value(regularizers.OrthogonalRegularizer(0.1, mode)(W))
    matrix = W.astype("float64") if mode == "rows" else W.T.astype("float64")
    unit = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    product = unit @ unit.T
    size = product.shape[0]
    expected = 0.1 * 0.5 * np.abs(product * (1 - np.eye(size))).sum() / (size * (size - 1) / 2)
    np.testing.assert_allclose(value, expected, rtol=1e-5)
    with pytest.raises(ValueError, match="2-D"):
        regularizers.OrthogonalRegularizer()(np.ones(3, "float32"))


def test_regularizer_lookup_and_configs():
    keras = pytest.importorskip("keras")
    for module, theirs in ((regularizers, keras.regularizers), (constraints, keras.constraints)):
        names = [n for n in dir(theirs) if not n.startswith("_")]
        assert [n for n in names if not hasattr(module, n)] == []
    for name in ["l1", "l2", "l1l2", "orthogonal_regularizer"]:
        mine = regularizers.serialize(regularizers.get(name))
        reference = keras.regularizers.serialize(keras.regularizers.get(name))
        assert mine["class_name"] == reference["class_name"]
        assert mine["module"] == "keras.regularizers"
        assert set(mine["config"]) == set(reference["config"])
        assert type(regularizers.deserialize(reference)).__name__ == reference["class_name"]
    for name in ["max_norm", "min_max_norm", "non_neg", "unit_norm"]:
        mine = constraints.serialize(constraints.get(name))
        reference = keras.constraints.serialize(keras.constraints.get(name))
        assert mine == reference
    assert isinstance(regularizers.get("l1_l2"), regularizers.L1L2)
    assert regularizers.get(None) is None and constraints.get(None) is None
    with pytest.raises(ValueError, match="l1"):
        regularizers.L1(-1.0)
    with pytest.raises(ValueError, match="Unknown regularizer"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Unknown constraint"):
        constraints.get("positive")


def test_constraints(backend):
    w = np.array([[3.0, 0.1], [4.0, -0.2]], "float32")
    norms = np.linalg.norm(w, axis=0, keepdims=True)
    eps = unison.config.epsilon()
    expected = w * np.clip(norms, 0, 2) / (eps + norms)
    np.testing.assert_allclose(_value(constraints.MaxNorm(2)(w)), expected, rtol=1e-5)
    np.testing.assert_allclose(_value(constraints.UnitNorm()(w)), w / (eps + norms), rtol=1e-5)
    np.testing.assert_allclose(_value(constraints.NonNeg()(w)), np.maximum(w, 0))
    desired = 0.5 * np.clip(norms, 1.0, 2.0) + 0.5 * norms
    np.testing.assert_allclose(
        _value(constraints.MinMaxNorm(1.0, 2.0, rate=0.5)(w)), w * desired / (eps + norms),
        rtol=1e-5,
    )  # fmt: skip


def test_round_trip():
    for obj in [regularizers.L1L2(0.1, 0.2), regularizers.OrthogonalRegularizer(0.5, "columns"),
                constraints.MinMaxNorm(0.5, 2.0, 0.9, axis=[0, 1])]:  # fmt: skip
        config = unison.saving.serialize(obj)
        clone = unison.saving.deserialize(config)
        assert type(clone) is type(obj) and clone.get_config() == obj.get_config()
