"""End-to-end learning on a small real dataset: scikit-learn's bundled digits.

An MLP and a CNN must reach at least 95% test accuracy on every training backend.
"""

import numpy as np
import pytest

import unison
from unison import layers

sklearn_datasets = pytest.importorskip("sklearn.datasets")


@pytest.fixture(scope="module")
def digits():
    data = sklearn_datasets.load_digits()
    images = (data.images / 16.0).astype("float32")
    labels = data.target.astype("int32")
    order = np.random.default_rng(0).permutation(len(images))
    images, labels = images[order], labels[order]
    split = int(0.8 * len(images))
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def mlp():
    return unison.Sequential(
        [
            unison.Input(shape=(8, 8)),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10),
        ]
    )


def cnn():
    return unison.Sequential(
        [
            unison.Input(shape=(8, 8, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(32, activation="relu"),
            layers.Dense(10),
        ]
    )


@pytest.mark.parametrize("build", [mlp, cnn], ids=["mlp", "cnn"])
def test_reaches_95_percent(training_backend, digits, build):
    (train_x, train_y), (test_x, test_y) = digits
    if build is cnn:
        train_x, test_x = train_x[..., None], test_x[..., None]
    unison.random.set_global_seed(0)
    model = build()
    model.compile(
        optimizer=unison.optimizers.Adam(3e-3),
        loss=unison.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    history = model.fit(train_x, train_y, epochs=15, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    _, accuracy = model.evaluate(test_x, test_y, verbose=0)
    assert accuracy >= 0.95, f"{training_backend.name}: test accuracy {accuracy:.3f}"
    predicted = np.argmax(model.predict(test_x, verbose=0), axis=-1)
    assert np.mean(predicted == test_y) == pytest.approx(accuracy, abs=1e-6)
