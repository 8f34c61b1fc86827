"""``jit_compile=True`` on PyTorch runs the training step through ``torch.compile``.

One small model (compilation takes seconds on the CPU): the compiled fit must end with the
weights and losses of the eager fit, which the other trainer tests check against NumPy.
"""

import warnings

import numpy as np
import pytest

import unison

pytest.importorskip("torch")


def fit(jit_compile: bool):
    with unison.backend.use("torch"):
        model = unison.Sequential(
            [unison.Input((3,)), unison.layers.Dense(2), unison.layers.Dense(1)]
        )
        rng = np.random.default_rng(0)
        model.set_weights(
            [
                w.astype("float32")
                for w in (
                    rng.normal(size=(3, 2)),
                    np.zeros(2),
                    rng.normal(size=(2, 1)),
                    np.zeros(1),
                )
            ]
        )
        model.compile(
            optimizer=unison.optimizers.Adam(0.05),
            loss="mse",
            metrics=["mae"],
            jit_compile=jit_compile,
        )
        x = rng.normal(size=(12, 3)).astype("float32")
        y = (x @ np.array([[1.0], [-2.0], [0.5]])).astype("float32")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dynamo's notes on traced caches
            history = model.fit(x, y, batch_size=4, epochs=3, shuffle=False, verbose=0)
        return history.history, model.get_weights()


def test_torch_compile_step_matches_eager():
    compiled_history, compiled_weights = fit(jit_compile=True)
    eager_history, eager_weights = fit(jit_compile=False)
    for key in ("loss", "mae"):
        np.testing.assert_allclose(compiled_history[key], eager_history[key], rtol=1e-5)
    for got, wanted in zip(compiled_weights, eager_weights):
        np.testing.assert_allclose(got, wanted, rtol=1e-5, atol=1e-6)
    assert eager_history["loss"][-1] < eager_history["loss"][0]
