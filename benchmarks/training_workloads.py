"""Workload definitions and seeded synthetic data for the training-speed benchmark.

Labels come from a fixed random "teacher" so that every workload is learnable and a working
training loop shows a falling loss within a few dozen steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEED = 1234


@dataclass(frozen=True)
class Workload:
    name: str
    batch_size: int
    num_classes: int
    input_shape: tuple
    input_dtype: str
    learning_rate: float = 1e-3


WORKLOADS = {
    "mlp": Workload("mlp", 128, 10, (784,), "float32"),
    "cnn": Workload("cnn", 128, 10, (28, 28, 1), "float32"),
    "transformer": Workload("transformer", 64, 2, (64,), "int32"),
}

# transformer sizes
VOCAB = 5000
EMBED = 128
HEADS = 4
KEY_DIM = 32
FF = 256


def make_data(workload: Workload, num_samples: int, seed: int = SEED):
    """``(x, y)`` NumPy arrays: ``num_samples`` rows, labels int32 in ``[0, num_classes)``."""
    rng = np.random.default_rng(seed)
    if workload.name == "transformer":
        x = rng.integers(0, VOCAB, size=(num_samples, *workload.input_shape)).astype("int32")
        # label: does the sequence hold more "low" tokens than "high" ones (a bag-of-tokens rule)
        y = (np.mean(x < VOCAB // 2, axis=1) > 0.5).astype("int32")
        return x, y
    x = rng.standard_normal((num_samples, *workload.input_shape)).astype("float32")
    teacher = rng.standard_normal((int(np.prod(workload.input_shape)), workload.num_classes))
    y = np.argmax(x.reshape(num_samples, -1) @ teacher, axis=1).astype("int32")
    return x, y


def glorot_uniform(rng: np.random.Generator, shape: tuple, fan_in: int, fan_out: int):
    """Glorot-uniform initial values (the Keras default kernel initializer), as float32."""
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype("float32")


def initial_weights(workload: Workload, seed: int = SEED) -> dict:
    """Channels-last NumPy initial values shared by the hand-written implementations.

    Keys name the parameters; the conv kernels are (h, w, in, out), dense kernels (in, out),
    attention projections (embed, heads, key_dim) and the output projection
    (heads, key_dim, embed), as Keras lays them out.
    """
    rng = np.random.default_rng(seed + 1)
    zeros = lambda *shape: np.zeros(shape, "float32")  # noqa: E731
    if workload.name == "mlp":
        sizes = [784, 512, 256, 10]
        weights = {}
        for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            weights[f"dense{i}/kernel"] = glorot_uniform(rng, (a, b), a, b)
            weights[f"dense{i}/bias"] = zeros(b)
        return weights
    if workload.name == "cnn":
        return {
            "conv0/kernel": glorot_uniform(rng, (3, 3, 1, 32), 9, 9 * 32),
            "conv0/bias": zeros(32),
            "conv1/kernel": glorot_uniform(rng, (3, 3, 32, 64), 9 * 32, 9 * 64),
            "conv1/bias": zeros(64),
            "dense0/kernel": glorot_uniform(rng, (12 * 12 * 64, 128), 12 * 12 * 64, 128),
            "dense0/bias": zeros(128),
            "dense1/kernel": glorot_uniform(rng, (128, 10), 128, 10),
            "dense1/bias": zeros(10),
        }
    projection = (EMBED, HEADS, KEY_DIM)
    return {
        "embedding": rng.uniform(-0.05, 0.05, size=(VOCAB, EMBED)).astype("float32"),
        "query/kernel": glorot_uniform(rng, projection, EMBED, HEADS * KEY_DIM),
        "query/bias": zeros(HEADS, KEY_DIM),
        "key/kernel": glorot_uniform(rng, projection, EMBED, HEADS * KEY_DIM),
        "key/bias": zeros(HEADS, KEY_DIM),
        "value/kernel": glorot_uniform(rng, projection, EMBED, HEADS * KEY_DIM),
        "value/bias": zeros(HEADS, KEY_DIM),
        "output/kernel": glorot_uniform(rng, (HEADS, KEY_DIM, EMBED), HEADS * KEY_DIM, EMBED),
        "output/bias": zeros(EMBED),
        "norm/gamma": np.ones(EMBED, "float32"),
        "norm/beta": zeros(EMBED),
        "ff0/kernel": glorot_uniform(rng, (EMBED, FF), EMBED, FF),
        "ff0/bias": zeros(FF),
        "ff1/kernel": glorot_uniform(rng, (FF, EMBED), FF, EMBED),
        "ff1/bias": zeros(EMBED),
        "head/kernel": glorot_uniform(rng, (EMBED, 2), EMBED, 2),
        "head/bias": zeros(2),
    }
