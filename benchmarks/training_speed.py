"""Training speed of unison against hand-written native loops and real Keras 3.

Three workloads (``mlp``, ``cnn``, ``transformer``; see ``training_workloads.py``) on every
backend (jax, torch, tensorflow), three implementations each:

- ``unison``: ``model.compile`` / ``model.fit`` with default settings, ``model.predict``;
- ``native``: a hand-written loop in the framework itself (``training_native_*.py``);
- ``keras``: real Keras 3 with ``KERAS_BACKEND`` set (same model code as unison).

Every (workload, backend, implementation) runs in its own process, pinned to one core with
``taskset`` when available and limited to one framework thread; implementations are
interleaved and each cell is repeated (the median is reported). Metrics: steady-state training
samples/s (epochs after the first), first-epoch time (fit start to the end of the first
epoch, compilation included) and predict samples/s (second of two calls). Writes JSON and
prints a Markdown table.

    python benchmarks/training_speed.py --out benchmarks/results/training_speed.json
    python benchmarks/training_speed.py --quick
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from training_workloads import WORKLOADS  # noqa: E402

IMPLEMENTATIONS = ("unison", "native", "keras")
# batches per epoch: long enough that a step dominates the per-epoch work (mlp steps take ~2 ms)
DEFAULT_STEPS = {"mlp": 100, "cnn": 30, "transformer": 30}
BACKENDS = ("jax", "torch", "tensorflow")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> list[float] | None:
    return list(os.getloadavg()) if hasattr(os, "getloadavg") else None


def child_environment(backend: str, threads: int) -> dict:
    env = dict(os.environ)
    env.pop("UNISON_BACKEND", None)
    env["KERAS_BACKEND"] = backend
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env[name] = str(threads)
    env["TF_NUM_INTRAOP_THREADS"] = env["TF_NUM_INTEROP_THREADS"] = str(threads)
    if threads == 1:
        env["XLA_FLAGS"] = (
            env.get("XLA_FLAGS", "") + " --xla_cpu_multi_thread_eigen=false"
            " intra_op_parallelism_threads=1"
        ).strip()
    return env


def run_cell(workload: str, backend: str, impl: str, args, pin: list[str]) -> dict:
    command = [
        *pin,
        sys.executable,
        str(HERE / "training_worker.py"),
        f"--workload={workload}",
        f"--backend={backend}",
        f"--impl={impl}",
        f"--steps={steps_for(workload, args)}",
        f"--steady-epochs={args.steady_epochs}",
        f"--predict-batches={args.predict_batches}",
        f"--threads={args.threads}",
        f"--seed={args.seed}",
    ]
    load = load_average()
    begin = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=child_environment(backend, args.threads),
            capture_output=True,
            text=True,
            timeout=args.timeout,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {args.timeout} s", "load_average": load}
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        return {"error": f"exit {done.returncode}: " + " | ".join(tail), "load_average": load}
    result = json.loads(lines[-1][len("RESULT ") :])
    result["load_average"] = load
    result["process_s"] = time.perf_counter() - begin
    return result


def steps_for(workload: str, args) -> int:
    return args.steps if args.steps is not None else DEFAULT_STEPS[workload]


def summarize(runs: list[dict], workload, args) -> dict:
    good = [run for run in runs if "error" not in run]
    summary: dict = {"runs": runs, "ok": len(good)}
    if not good:
        return summary
    trained = steps_for(workload.name, args) * workload.batch_size * args.steady_epochs
    predicted = args.predict_batches * workload.batch_size
    summary.update(
        params=good[0]["params"],
        samples_per_s=statistics.median(trained / sum(r["steady_epoch_s"]) for r in good),
        first_epoch_s=statistics.median(r["first_epoch_s"] for r in good),
        predict_samples_per_s=statistics.median(predicted / r["predict_s"] for r in good),
        epoch_loss=good[0]["epoch_loss"],
        loss_decreased=all(r["epoch_loss"][-1] < r["epoch_loss"][0] for r in good),
        jit_compile=good[0]["jit_compile"],
    )
    return summary


def ratio(a: dict, b: dict, key: str) -> float | None:
    if key in a and key in b and b[key]:
        return a[key] / b[key]
    return None


def fmt(value, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def markdown(cells: dict) -> str:
    rows = [
        "| workload | backend | unison samples/s | native samples/s | keras samples/s "
        "| unison/native | unison/keras | first epoch s (unison / native / keras) "
        "| predict samples/s (unison / native / keras) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, cell in cells.items():
        workload, backend = key.split("/")
        u, n, k = (cell.get(impl, {}) for impl in IMPLEMENTATIONS)
        first = " / ".join(fmt(c.get("first_epoch_s"), 2) for c in (u, n, k))
        predict = " / ".join(fmt(c.get("predict_samples_per_s")) for c in (u, n, k))
        rows.append(
            f"| {workload} | {backend} | {fmt(u.get('samples_per_s'))} "
            f"| {fmt(n.get('samples_per_s'))} | {fmt(k.get('samples_per_s'))} "
            f"| {fmt(cell['unison_over_native'], 2)} | {fmt(cell['unison_over_keras'], 2)} "
            f"| {first} | {predict} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="write JSON here")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--impls", default=",".join(IMPLEMENTATIONS))
    parser.add_argument("--repeats", type=int, default=3, help="runs per cell (median taken)")
    parser.add_argument(
        "--steps", type=int, default=None, help=f"batches per epoch (default {DEFAULT_STEPS})"
    )
    parser.add_argument("--steady-epochs", type=int, default=2, help="timed epochs after the first")
    parser.add_argument("--predict-batches", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1, help="framework threads per process")
    parser.add_argument("--core", type=int, default=1, help="core for taskset (-1: no pinning)")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--timeout", type=int, default=600, help="seconds per process")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1 run of few steps")
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.steps, args.steady_epochs, args.predict_batches = 1, 4, 1, 2

    pin: list[str] = []
    pin_note = "not pinned (--core -1)"
    if args.core >= 0:
        if shutil.which("taskset") and args.core < (os.cpu_count() or 1):
            pin = ["taskset", "-c", str(args.core)]
            pin_note = f"taskset -c {args.core}"
        else:
            pin_note = "not pinned: taskset unavailable or core out of range"
    workloads = args.workloads.split(",")
    backends = args.backends.split(",")
    impls = args.impls.split(",")
    skipped = []
    if "keras" in impls and importlib.util.find_spec("keras") is None:
        impls.remove("keras")
        skipped.append("keras: not installed in this environment (pip install keras)")
    for backend in list(backends):
        module = "tensorflow" if backend == "tensorflow" else backend
        if importlib.util.find_spec(module) is None:
            backends.remove(backend)
            skipped.append(f"{backend}: framework not installed")
    runs: dict = {f"{w}/{b}": {i: [] for i in impls} for w in workloads for b in backends}
    versions: dict = {}
    started = time.time()
    load_begin = load_average()
    for repeat in range(args.repeats):
        order = impls[repeat % len(impls) :] + impls[: repeat % len(impls)]  # interleave
        for workload in workloads:
            for backend in backends:
                for impl in order:
                    result = run_cell(workload, backend, impl, args, pin)
                    runs[f"{workload}/{backend}"][impl].append(result)
                    versions.update(result.get("versions", {}))
                    status = result.get("error") or (
                        f"{steps_for(workload, args) * WORKLOADS[workload].batch_size * args.steady_epochs / sum(result['steady_epoch_s']):,.0f} samples/s"
                    )
                    print(
                        f"[{repeat + 1}/{args.repeats}] {workload:11s} {backend:10s} "
                        f"{impl:6s} {status}",
                        flush=True,
                    )

    cells: dict = {}
    for key, by_impl in runs.items():
        workload = WORKLOADS[key.split("/")[0]]
        cell = {impl: summarize(by_impl.get(impl, []), workload, args) for impl in IMPLEMENTATIONS}
        counts = {
            impl: cell[impl].get("params") for impl in IMPLEMENTATIONS if "params" in cell[impl]
        }
        cell["params_match"] = len(set(counts.values())) <= 1
        cell["unison_over_native"] = ratio(cell["unison"], cell["native"], "samples_per_s")
        cell["unison_over_keras"] = ratio(cell["unison"], cell["keras"], "samples_per_s")
        cell["predict_unison_over_native"] = ratio(
            cell["unison"], cell["native"], "predict_samples_per_s"
        )
        cell["predict_unison_over_keras"] = ratio(
            cell["unison"], cell["keras"], "predict_samples_per_s"
        )
        cells[key] = cell

    print("\nParameter counts (must agree across implementations):")
    for key, cell in cells.items():
        counts = {impl: cell[impl].get("params") for impl in IMPLEMENTATIONS}
        flag = "ok" if cell["params_match"] else "MISMATCH"
        print(f"  {key:22s} {counts} {flag}")
    print("\nLoss per epoch (first run; must decrease):")
    for key, cell in cells.items():
        for impl in IMPLEMENTATIONS:
            if "epoch_loss" in cell[impl]:
                losses = ", ".join(f"{v:.4f}" for v in cell[impl]["epoch_loss"])
                flag = "ok" if cell[impl]["loss_decreased"] else "NOT DECREASING"
                print(f"  {key:22s} {impl:6s} [{losses}] {flag}")

    report = {
        "benchmark": "training_speed",
        "machine": {
            "cpu_model": cpu_model(),
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": sys.version.split()[0],
            "pinning": pin_note,
            "threads_per_process": args.threads,
            "load_average_begin": load_begin,
            "load_average_end": load_average(),
        },
        "versions": versions,
        "settings": {
            "repeats": args.repeats,
            "steps_per_epoch": {name: steps_for(name, args) for name in WORKLOADS},
            "steady_epochs": args.steady_epochs,
            "predict_batches": args.predict_batches,
            "seed": args.seed,
            "quick": args.quick,
            "batch_sizes": {name: w.batch_size for name, w in WORKLOADS.items()},
            "notes": [
                "fit(shuffle=False, verbose=0); unison and keras compile with default "
                "jit_compile ('auto'): jax.jit on jax, tf.function on tensorflow (Keras disables "
                "XLA on CPU-only machines), eager on torch",
                "native loops pre-convert the batches to framework tensors; fit converts each "
                "NumPy batch itself",
                "transformer: Embedding -> MHA + residual + LayerNorm -> Dense(256, relu) -> "
                "Dense(128) projection + residual (no second LayerNorm) -> "
                "GlobalAveragePooling1D -> Dense(2)",
            ],
        },
        "skipped": skipped,
        "wall_s": time.time() - started,
        "cells": cells,
    }
    table = markdown(cells)
    print("\n" + table)
    report["markdown"] = table
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
