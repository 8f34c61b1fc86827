"""Loss lookup by Keras name, automatic cross-entropy, configs and serialization."""

import numpy as np
import pytest

from tests.losses import references as ref
from unison import losses, ops
from unison.losses import catalogue


@pytest.mark.parametrize(
    "name, cls",
    [
        ("mse", losses.MeanSquaredError),
        ("MSE", losses.MeanSquaredError),
        ("mean_squared_error", losses.MeanSquaredError),
        ("MeanSquaredError", losses.MeanSquaredError),
        ("mae", losses.MeanAbsoluteError),
        ("mape", losses.MeanAbsolutePercentageError),
        ("msle", losses.MeanSquaredLogarithmicError),
        ("kld", losses.KLDivergence),
        ("bce", losses.BinaryCrossentropy),
        ("binary_crossentropy", losses.BinaryCrossentropy),
        ("categorical_crossentropy", losses.CategoricalCrossentropy),
        ("sparse_categorical_crossentropy", losses.SparseCategoricalCrossentropy),
        ("binary_focal_crossentropy", losses.BinaryFocalCrossentropy),
        ("huber", losses.Huber),
        ("log_cosh", losses.LogCosh),
        ("hinge", losses.Hinge),
        ("ctc", losses.CTC),
        ("Tversky", losses.Tversky),
        ("CategoricalGeneralizedCrossEntropy", losses.CategoricalGeneralizedCrossEntropy),
    ],
)
def test_by_name(name, cls):
    loss = losses.get(name)
    assert type(loss) is cls
    assert loss.reduction == "sum_over_batch_size"


def test_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="mean_squared_error") as info:
        catalogue.by_name("mean_squarred_error")
    assert "mean_squarred_error" in str(info.value)


def test_get_passes_through_instances_and_wraps_functions(backend):
    loss = losses.Huber()
    assert losses.get(loss) is loss
    assert losses.get(None) is None
    wrapped = losses.get(losses.mean_absolute_error)
    got = ops.convert_to_numpy(wrapped([[1.0, 2.0]], [[2.0, 4.0]]))
    np.testing.assert_allclose(got, 1.5)


@pytest.mark.parametrize("name", ["crossentropy", "ce", "CE"])
def test_automatic_crossentropy_follows_shapes(backend, name):
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 3)).astype("float32")
    probabilities = ref.softmax(logits).astype("float32")
    labels = np.array([0, 2, 1, 1])
    one_hot = np.eye(3, dtype="float32")[labels]
    loss = losses.get(name)
    sparse = ops.convert_to_numpy(loss(labels, probabilities))
    dense = ops.convert_to_numpy(loss(one_hot, probabilities))
    want = ref.categorical_crossentropy(one_hot, probabilities).mean()
    np.testing.assert_allclose(sparse, want, rtol=1e-5)
    np.testing.assert_allclose(dense, want, rtol=1e-5)
    binary_true = np.array([[1.0], [0.0], [1.0], [0.0]], "float32")
    binary_pred = np.array([[0.8], [0.3], [0.6], [0.1]], "float32")
    got = ops.convert_to_numpy(loss(binary_true, binary_pred))
    np.testing.assert_allclose(got, ref.binary_crossentropy(binary_true, binary_pred).mean(), 1e-5)


def test_configs_match_keras_keys():
    assert losses.MeanSquaredError().get_config() == {
        "name": "mean_squared_error",
        "reduction": "sum_over_batch_size",
    }
    assert losses.SparseCategoricalCrossentropy(ignore_class=3).get_config() == {
        "name": "sparse_categorical_crossentropy",
        "reduction": "sum_over_batch_size",
        "from_logits": False,
        "ignore_class": 3,
    }
    assert losses.BinaryFocalCrossentropy().get_config() == {
        "name": "binary_focal_crossentropy",
        "reduction": "sum_over_batch_size",
        "from_logits": False,
        "label_smoothing": 0.0,
        "axis": -1,
        "apply_class_balancing": False,
        "alpha": 0.25,
        "gamma": 2.0,
    }
    assert losses.Huber().get_config() == {"name": "huber_loss", "reduction": "sum_over_batch_size"}
    assert losses.Circle().get_config()["gamma"] == 80.0


@pytest.mark.parametrize(
    "loss",
    [
        losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.1, reduction="sum"),
        losses.SparseCategoricalCrossentropy(ignore_class=0),
        losses.Tversky(alpha=0.2, beta=0.8, axis=1),
        losses.Huber(delta=2.0),
        losses.CategoricalGeneralizedCrossEntropy(q=0.3),
    ],
    ids=lambda loss: type(loss).__name__,
)
def test_serialize_round_trip(loss):
    config = losses.serialize(loss)
    assert config["module"] == "keras.losses"
    assert config["class_name"] == type(loss).__name__
    restored = losses.deserialize(config)
    assert type(restored) is type(loss)
    assert restored.get_config() == loss.get_config()


def test_keras_written_config_loads():
    config = {
        "module": "keras.losses",
        "class_name": "BinaryCrossentropy",
        "config": {
            "name": "binary_crossentropy",
            "reduction": "sum_over_batch_size",
            "from_logits": True,
            "label_smoothing": 0.0,
            "axis": -1,
        },
        "registered_name": None,
    }
    loss = losses.deserialize(config)
    assert isinstance(loss, losses.BinaryCrossentropy)
    assert loss.from_logits is True
