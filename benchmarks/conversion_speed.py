"""Time of moving a ~10M-parameter model between backends in one process.

For every ordered pair of installed backends: ``model.to_backend(target)`` (config rebuild +
weights + optimizer state) and ``unison.models.clone_model`` under the target backend. The
model is an MLP 784-2048-2048-2048-10 (about 10.1M parameters), compiled with Adam and trained
one step so that optimizer slots exist (3 x 10M values move). Writes JSON.

    python benchmarks/conversion_speed.py --out benchmarks/results/conversion_speed.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

import unison
from unison import layers


def build_model():
    model = unison.Sequential(
        [
            unison.Input(shape=(784,)),
            layers.Dense(2048, activation="relu"),
            layers.Dense(2048, activation="relu"),
            layers.Dense(2048, activation="relu"),
            layers.Dense(10),
        ]
    )
    model.compile(optimizer="adam", loss="mse")
    x = np.zeros((8, 784), "float32")
    model.train_on_batch(x, np.zeros((8, 10), "float32"))
    return model


def timed(function, repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    trainers = [name for name in unison.available_backends() if name != "numpy"]
    results = []
    for source in trainers:
        with unison.backend.use(source):
            model = build_model()
        parameters = model.count_params()
        for target in unison.available_backends():
            if target == source:
                continue
            model.to_backend(target)  # warm-up: imports, first-call caches
            convert = timed(lambda m=model, t=target: m.to_backend(t), args.repeats)
            with unison.backend.use(target):
                clone = timed(lambda m=model: unison.models.clone_model(m), args.repeats)
            results.append(
                {
                    "source": source,
                    "target": target,
                    "parameters": parameters,
                    "to_backend_s": convert,
                    "clone_model_s": clone,
                }
            )
            print(f"{source:>10} -> {target:<10} to_backend {convert:.3f}s  clone {clone:.3f}s")
    report = {
        "benchmark": "conversion_speed",
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "results": results,
    }
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
