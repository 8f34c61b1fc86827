"""cProfile of unison's ``fit`` on the mlp workload: where the per-step time goes.

    python benchmarks/training_profile.py --backends torch,tensorflow --steps 200

Each backend runs in its own process (pinned like the speed benchmark). The model is fitted
for one warm-up epoch, then one profiled epoch of ``--steps`` batches; the report lists the
time per step of unison and of the hand-written native loop, then the top functions by own
time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def profile_backend(backend: str, steps: int, top: int) -> str:
    from training_worker import limit_threads, run_native
    from training_workloads import WORKLOADS, make_data

    limit_threads(backend, 1)
    from training_keras_api import build_model

    import unison

    unison.config.set_backend(backend)
    workload = WORKLOADS["mlp"]
    x, y = make_data(workload, steps * workload.batch_size)
    model = build_model(unison, workload)
    model.compile(
        optimizer=unison.optimizers.Adam(learning_rate=workload.learning_rate),
        loss=unison.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    fit = dict(batch_size=workload.batch_size, epochs=1, shuffle=False, verbose=0)
    model.fit(x, y, **fit)  # warm-up: builds, traces
    begin = time.perf_counter()
    model.fit(x, y, **fit)
    unison_step = (time.perf_counter() - begin) / steps
    profiler = cProfile.Profile()
    profiler.enable()
    model.fit(x, y, **fit)
    profiler.disable()

    native = run_native(
        backend,
        workload,
        {"x": x, "y": y, "x_predict": x[: workload.batch_size]},
        {"steady_epochs": 1, "seed": 1234},
    )
    native_step = native["steady_epoch_s"][0] / steps

    out = io.StringIO()
    out.write(f"=== {backend}: mlp, {steps} steps of {workload.batch_size}\n")
    out.write(f"unison fit step (unprofiled): {unison_step * 1e6:,.0f} us\n")
    out.write(f"native step:                  {native_step * 1e6:,.0f} us\n")
    out.write(f"difference per step:          {(unison_step - native_step) * 1e6:,.0f} us\n\n")
    for order in ("tottime", "cumulative"):
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(top)
    return _relative_paths(out.getvalue())


def _relative_paths(text: str) -> str:
    """Drop machine-specific prefixes: ``src/unison/...``, ``torch/...``, ``inspect.py``."""
    text = re.sub(r"\S*/(src/unison/)", r"\1", text)
    text = re.sub(r"\S*/site-packages/", "", text)
    return re.sub(r"\S*/lib/python3\.\d+/", "", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="torch,tensorflow")
    parser.add_argument("--backend", default=None, help=argparse.SUPPRESS)  # the child
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--core", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="write the text report here")
    args = parser.parse_args()
    if args.backend:
        print(profile_backend(args.backend, args.steps, args.top))
        return

    from training_speed import child_environment

    pin = ["taskset", "-c", str(args.core)] if shutil.which("taskset") and args.core >= 0 else []
    reports = []
    for backend in args.backends.split(","):
        command = [*pin, sys.executable, __file__, f"--backend={backend}"]
        command += [f"--steps={args.steps}", f"--top={args.top}"]
        done = subprocess.run(
            command, env=child_environment(backend, 1), capture_output=True, text=True
        )
        reports.append(done.stdout if done.returncode == 0 else done.stderr[-3000:])
    text = "\n".join(reports)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)


if __name__ == "__main__":
    main()
