"""The unison demo: train once, then run the same model on every backend.

1. Train a small CNN on scikit-learn's bundled digits on one backend (progress bar).
2. Save it as a `.keras` file.
3. Load that file on every installed backend, and convert the live model in-process
   with `model.to_backend(...)`.
4. Print a parity and speed table: every backend must predict the same numbers.

    make demo                        # trains on the first installed of jax, torch, tensorflow
    UNISON_DEMO_BACKEND=torch make demo
"""

from __future__ import annotations

import os
import tempfile
import time

import numpy as np
from rich.console import Console
from rich.table import Table

import unison
from unison import layers


def load_digits():
    from sklearn.datasets import load_digits as sklearn_digits

    digits = sklearn_digits()
    images = (digits.images / 16.0).astype("float32")[..., None]  # (n, 8, 8, 1) in [0, 1]
    labels = digits.target.astype("int32")
    order = np.random.default_rng(0).permutation(len(images))
    images, labels = images[order], labels[order]
    split = int(0.8 * len(images))
    return (images[:split], labels[:split]), (images[split:], labels[split:])


def build_model():
    return unison.Sequential(
        [
            unison.Input(shape=(8, 8, 1)),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(10),
        ],
        name="digits_cnn",
    )


def timed_predict(model, images):
    model.predict(images[:32], verbose=0)  # warm-up (compilation, caches)
    start = time.perf_counter()
    logits = model.predict(images, verbose=0)
    return logits, (time.perf_counter() - start) * 1e3


def main() -> None:
    console = Console()
    (train_x, train_y), (test_x, test_y) = load_digits()
    trainers = [name for name in unison.available_backends() if name != "numpy"]
    home = os.environ.get("UNISON_DEMO_BACKEND") or (trainers[0] if trainers else "numpy")
    console.rule(f"[bold]1. Train on {home}")
    with unison.backend.use(home):
        unison.random.set_global_seed(0)
        model = build_model()
        model.compile(
            optimizer=unison.optimizers.Adam(1e-3),
            loss=unison.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=["accuracy"],
        )
        model.fit(train_x, train_y, epochs=12, batch_size=64, validation_split=0.1, verbose=1)
        loss, accuracy = model.evaluate(test_x, test_y, verbose=0)
        console.print(f"test accuracy on {home}: [bold green]{accuracy:.3f}[/bold green]")
        reference, reference_ms = timed_predict(model, test_x)

    console.rule("[bold]2. Save, load everywhere, convert live")
    rows = [(home, "original", reference, reference_ms)]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "digits.keras")
        model.save(path)
        console.print(f"saved {os.path.getsize(path) / 1024:.0f} KiB to a .keras file")
        for name in unison.available_backends():
            with unison.backend.use(name):
                loaded = unison.saving.load_model(path, compile=False)
                logits, elapsed = timed_predict(loaded, test_x)
            rows.append((name, "loaded .keras", logits, elapsed))
    for name in unison.available_backends():
        if name == home:
            continue
        start = time.perf_counter()
        converted = model.to_backend(name)
        convert_ms = (time.perf_counter() - start) * 1e3
        logits, elapsed = timed_predict(converted, test_x)
        rows.append((name, f"to_backend ({convert_ms:.0f} ms)", logits, elapsed))

    table = Table(title=f"Parity with the model trained on {home} ({len(test_x)} test images)")
    for column in ("backend", "how", "max |logit diff|", "accuracy", "predict (ms)"):
        table.add_column(column)
    worst = 0.0
    for name, how, logits, elapsed in rows:
        difference = float(np.max(np.abs(logits - reference)))
        worst = max(worst, difference)
        accuracy = float(np.mean(np.argmax(logits, axis=-1) == test_y))
        table.add_row(name, how, f"{difference:.2e}", f"{accuracy:.3f}", f"{elapsed:.1f}")
    console.print(table)
    verdict = "agree" if worst < 1e-3 else "DISAGREE"
    console.print(f"All backends {verdict} (largest difference {worst:.2e}).")

    start = time.perf_counter()
    for _ in range(1000):
        unison.config.set_backend(home)
    switch_us = (time.perf_counter() - start) * 1e3
    console.print(f"set_backend takes {switch_us:.2f} us: nothing is reloaded.")
    if verdict != "agree":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
