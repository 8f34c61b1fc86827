"""The unison demo: the same computation on every installed backend, compared.

Each backend runs a small pipeline (matmul, conv, pooling, softmax, layer norm, a gradient)
in one process; the table shows how far each backend is from the NumPy backend and how long
it took. Switching backends is a context manager: nothing is reloaded.

    make demo
"""

from __future__ import annotations

import time

import numpy as np
from rich.console import Console
from rich.table import Table

import unison
from unison import ops


def pipeline(images, kernel, dense):
    """conv -> relu -> max pool -> flatten -> dense -> log-softmax."""
    hidden = ops.relu(ops.conv(images, kernel, padding="same"))
    pooled = ops.max_pool(hidden, pool_size=2)
    flat = ops.reshape(pooled, (ops.shape(pooled)[0], -1))
    logits = ops.matmul(flat, dense)
    return ops.log_softmax(logits, axis=-1)


def main() -> None:
    console = Console()
    rng = np.random.default_rng(0)
    images = rng.standard_normal((16, 12, 12, 3)).astype("float32")
    kernel = (rng.standard_normal((3, 3, 3, 8)) * 0.2).astype("float32")
    dense = (rng.standard_normal((6 * 6 * 8, 10)) * 0.1).astype("float32")

    outputs, timings, gradients = {}, {}, {}
    for name in unison.available_backends():
        with unison.backend.use(name) as backend:
            pipeline(images, kernel, dense)  # warm-up
            start = time.perf_counter()
            result = pipeline(images, kernel, dense)
            outputs[name] = ops.convert_to_numpy(result)
            timings[name] = (time.perf_counter() - start) * 1e3
            if backend.capabilities.can_train:

                def loss(weights):
                    return ops.mean(pipeline(images, kernel, weights))

                _, grad = backend.value_and_grad(loss)(ops.convert_to_tensor(dense))
                gradients[name] = ops.convert_to_numpy(grad)

    reference = outputs["numpy"] if "numpy" in outputs else next(iter(outputs.values()))
    table = Table(title="Same pipeline on every backend (reference: numpy)")
    for column in ("backend", "output shape", "max |diff|", "time (ms)", "grad max |diff|"):
        table.add_column(column)
    grad_reference = next(iter(gradients.values()), None)
    for name, output in outputs.items():
        grad_diff = "-"
        if name in gradients:
            grad_diff = f"{np.max(np.abs(gradients[name] - grad_reference)):.2e}"
        table.add_row(
            name,
            str(output.shape),
            f"{np.max(np.abs(output - reference)):.2e}",
            f"{timings[name]:.2f}",
            grad_diff,
        )
    console.print(table)

    start = time.perf_counter()
    for _ in range(1000):
        unison.config.set_backend("numpy")
    switch_us = (time.perf_counter() - start) * 1e3
    console.print(f"set_backend: {switch_us:.2f} us per call (nothing is reloaded)")


if __name__ == "__main__":
    main()
