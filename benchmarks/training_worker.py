"""One cell of the training-speed benchmark, run in its own process.

    python benchmarks/training_worker.py --workload mlp --backend torch --impl unison

Prints one line ``RESULT {json}``. The parent sets ``UNISON_BACKEND`` / ``KERAS_BACKEND`` and the
thread-count variables; here the frameworks are told to use one thread as well.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from training_workloads import WORKLOADS, initial_weights, make_data  # noqa: E402


def limit_threads(backend: str, threads: int) -> str:
    """Restrict the framework to ``threads`` threads; returns its version."""
    if backend == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.set_num_interop_threads(threads)
        return torch.__version__
    if backend == "tensorflow":
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
        return tf.__version__
    import jax

    return jax.__version__


def run_native(backend: str, workload, data: dict, settings: dict) -> dict:
    if backend == "jax":
        import training_native_jax as module
    elif backend == "torch":
        import training_native_torch as module
    else:
        import training_native_tensorflow as module
    impl = module.Implementation(workload, initial_weights(workload, settings["seed"]))
    size = workload.batch_size
    x, y = data["x"], data["y"]
    start = time.perf_counter()
    batches = [
        (impl.to_native(x[i : i + size]), impl.to_native(y[i : i + size]))
        for i in range(0, len(x), size)
    ]
    first_epoch, steady, epoch_loss = 0.0, [], []
    for epoch in range(1 + settings["steady_epochs"]):
        begin = time.perf_counter()
        losses = [impl.train_step(xb, yb) for xb, yb in batches]
        epoch_loss.append(float(np.mean([impl.to_float(loss) for loss in losses])))
        end = time.perf_counter()
        if epoch == 0:
            first_epoch = end - start
        else:
            steady.append(end - begin)
    predict_times = []
    x_predict = data["x_predict"]
    for _ in range(2):
        begin = time.perf_counter()
        outputs = [
            impl.predict(impl.to_native(x_predict[i : i + size]))
            for i in range(0, len(x_predict), size)
        ]
        np.concatenate(outputs)
        predict_times.append(time.perf_counter() - begin)
    return {
        "params": impl.param_count,
        "first_epoch_s": first_epoch,
        "steady_epoch_s": steady,
        "epoch_loss": epoch_loss,
        "predict_s": predict_times[1],
        "predict_first_s": predict_times[0],
        "jit_compile": {"jax": "jax.jit", "torch": "eager", "tensorflow": "tf.function"}[backend],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workload", choices=sorted(WORKLOADS), required=True)
    parser.add_argument("--backend", choices=["jax", "torch", "tensorflow"], required=True)
    parser.add_argument("--impl", choices=["unison", "native", "keras"], required=True)
    parser.add_argument("--steps", type=int, default=30, help="batches per epoch")
    parser.add_argument("--steady-epochs", type=int, default=1, help="timed epochs after the first")
    parser.add_argument("--predict-batches", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1234)
    args = parser.parse_args()

    workload = WORKLOADS[args.workload]
    x, y = make_data(workload, args.steps * workload.batch_size, args.seed)
    x_predict, _ = make_data(workload, args.predict_batches * workload.batch_size, args.seed + 7)
    data = {"x": x, "y": y, "x_predict": x_predict}
    settings = {"steady_epochs": args.steady_epochs, "seed": args.seed}
    versions = {args.backend: limit_threads(args.backend, args.threads)}

    if args.impl == "native":
        result = run_native(args.backend, workload, data, settings)
    else:
        from training_keras_api import run

        if args.impl == "keras":
            os.environ["KERAS_BACKEND"] = args.backend
            import keras as api

            versions["keras"] = api.__version__
        else:
            import unison as api

            api.config.set_backend(args.backend)
            versions["unison"] = api.__version__
        result = run(api, workload, data, settings)
    result["versions"] = versions
    result["affinity"] = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
