"""fit / evaluate / predict from every kind of data source, on every training backend."""

import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import unison
from unison import ops
from unison.utils import PyDataset

ROWS, BATCH = 24, 8


def mse(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


def _arrays():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(ROWS, 3)).astype("float32")
    y = (x @ np.array([[1.0], [-1.0], [0.5]], "float32")).astype("float32")
    return x, y


def _model(weights=None):
    model = unison.Sequential([unison.layers.Input((3,)), unison.layers.Dense(1)])
    model.set_weights(weights or [np.full((3, 1), 0.1, "float32"), np.zeros(1, "float32")])
    model.compile(optimizer=unison.optimizers.SGD(learning_rate=0.05), loss=mse)
    return model


def _reference_run():
    """Weights, history and predictions when training on plain arrays (no shuffling)."""
    x, y = _arrays()
    model = _model()
    history = model.fit(x, y, batch_size=BATCH, epochs=2, shuffle=False, verbose=0)
    return (
        model.get_weights(),
        history.history["loss"],
        model.predict(x, batch_size=BATCH, verbose=0),
    )


class ArrayBatches(PyDataset):
    def __init__(self, x, y=None, batch_size=BATCH, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_ended = 0
        self.threads = set()

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        self.threads.add(threading.get_ident())
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        if self.y is None:
            return self.x[part]
        return self.x[part], self.y[part]

    def on_epoch_end(self):
        self.epochs_ended += 1


def _check_same_training(source, predict_source=None):
    weights, losses, predictions = _reference_run()
    model = _model()
    history = model.fit(source, epochs=2, shuffle=False, verbose=0)
    for got, want in zip(model.get_weights(), weights, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
    evaluated = model.evaluate(source, verbose=0)
    assert np.isfinite(evaluated)
    if predict_source is not None:
        np.testing.assert_allclose(
            model.predict(predict_source, verbose=0), predictions, rtol=1e-5, atol=1e-6
        )
    return model


def test_arrays(training_backend):
    x, y = _arrays()
    model = _model()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    assert model.predict(x, verbose=0).shape == (ROWS, 1)
    assert np.isfinite(model.evaluate(x, y, verbose=0))


def test_dict_inputs(training_backend):
    x, y = _arrays()
    left = unison.Input((2,), name="left")
    right = unison.Input((1,), name="right")
    output = unison.layers.Dense(1)(unison.layers.Concatenate()([left, right]))
    model = unison.Model({"left": left, "right": right}, output)
    model.compile(optimizer=unison.optimizers.SGD(learning_rate=0.05), loss=mse)
    inputs = {"left": x[:, :2], "right": x[:, 2:]}
    history = model.fit(inputs, y, batch_size=BATCH, epochs=2, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    assert model.predict(inputs, verbose=0).shape == (ROWS, 1)

    # The same dict batches from a PyDataset.
    class DictBatches(ArrayBatches):
        def __getitem__(self, index):
            part = slice(index * BATCH, (index + 1) * BATCH)
            return {"left": self.x[part, :2], "right": self.x[part, 2:]}, self.y[part]

    model.fit(DictBatches(x, y), epochs=1, verbose=0)


def test_generator(training_backend):
    x, y = _arrays()

    def batches():
        while True:
            for start in range(0, ROWS, BATCH):
                yield x[start : start + BATCH], y[start : start + BATCH]

    model = _model()
    history = model.fit(batches(), steps_per_epoch=ROWS // BATCH, epochs=2, verbose=0)
    weights, losses, _ = _reference_run()
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-5)
    for got, want in zip(model.get_weights(), weights, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("workers", [1, 3])
def test_py_dataset(training_backend, workers):
    x, y = _arrays()
    dataset = ArrayBatches(x, y, workers=workers, max_queue_size=2)
    _check_same_training(dataset, ArrayBatches(x))
    assert dataset.epochs_ended >= 2
    if workers > 1:
        assert len(dataset.threads) >= 1


def test_py_dataset_validation_and_shuffle(training_backend):
    x, y = _arrays()
    model = _model()
    history = model.fit(
        ArrayBatches(x, y), validation_data=ArrayBatches(x, y), epochs=2, shuffle=True, verbose=0
    )
    assert len(history.history["val_loss"]) == 2
    with pytest.raises(ValueError, match="`y` must not be given"):
        model.fit(ArrayBatches(x, y), y, verbose=0)


def test_py_dataset_requires_super_init():
    class Broken(PyDataset):
        def __init__(self):
            pass

        def __len__(self):
            return 1

        def __getitem__(self, index):
            return np.zeros((1, 3), "float32")

    model = _model()
    with pytest.raises(RuntimeError, match="super"):
        model.predict(Broken(), verbose=0)
    with pytest.raises(ValueError, match="workers"):
        ArrayBatches(np.zeros((2, 3)), workers=-1)


def test_tf_data(training_backend):
    tf = pytest.importorskip("tensorflow")
    x, y = _arrays()
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(BATCH)
    _check_same_training(dataset, tf.data.Dataset.from_tensor_slices(x).batch(BATCH))


def test_torch_dataloader(training_backend):
    torch = pytest.importorskip("torch")
    x, y = _arrays()
    tensors = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    loader = torch.utils.data.DataLoader(tensors, batch_size=BATCH, shuffle=False)
    predict_loader = torch.utils.data.DataLoader(torch.from_numpy(x), batch_size=BATCH)
    _check_same_training(loader, predict_loader)


def test_batches_reach_the_backend_in_its_own_type(training_backend):
    from unison.training.data_adapters import get_adapter

    torch = pytest.importorskip("torch")
    x, y = _arrays()
    loader = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=BATCH
    )
    adapter = get_adapter(loader)
    assert adapter.num_batches == ROWS // BATCH
    first_x, first_y, weights = next(iter(adapter))
    assert weights is None
    if training_backend.name == "torch":
        assert isinstance(first_x, torch.Tensor)
    else:
        assert isinstance(first_x, np.ndarray)


def test_class_weight_with_py_dataset(training_backend):
    from unison.training.data_adapters import get_adapter

    x = np.zeros((4, 3), "float32")
    labels = np.array([0, 1, 1, 0], "int32")
    adapter = get_adapter(ArrayBatches(x, labels, batch_size=4), class_weight={0: 1.0, 1: 3.0})
    _, _, weights = next(iter(adapter))
    np.testing.assert_allclose(weights, [1.0, 3.0, 3.0, 1.0])


@pytest.mark.parametrize("backend_name", ["jax", "torch"])
def test_fit_with_numpy_never_imports_tensorflow(backend_name):
    if backend_name not in unison.available_backends():
        pytest.skip(f"{backend_name} is not installed")
    script = textwrap.dedent(
        f"""
        import sys
        import numpy as np
        import unison
        from unison import ops
        from unison.utils import PyDataset

        class Batches(PyDataset):
            def __len__(self):
                return 2
            def __getitem__(self, index):
                return np.ones((4, 3), "float32"), np.ones((4, 1), "float32")

        with unison.backend.use("{backend_name}"):
            model = unison.Sequential([unison.layers.Input((3,)), unison.layers.Dense(1)])
            model.compile(optimizer="sgd",
                          loss=lambda t, p: ops.mean(ops.square(t - p), axis=-1))
            model.fit(np.ones((8, 3), "float32"), np.ones((8, 1), "float32"), verbose=0)
            model.fit(Batches(), verbose=0)
            model.predict(np.ones((2, 3), "float32"), verbose=0)
        assert "tensorflow" not in sys.modules, "tensorflow was imported"
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
