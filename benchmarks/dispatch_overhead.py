"""Eager dispatch overhead of unison ops against calling each framework directly.

For every installed backend: the median time per call of ``unison.ops.add``, ``matmul``,
``relu`` and ``conv`` on small tensors, the same for the framework's own function, and the
difference (the overhead unison adds). Also the time of ``set_backend`` and of entering and
leaving ``use()``. Writes JSON.

    python benchmarks/dispatch_overhead.py --out results/dispatch_overhead.json
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import numpy as np

import unison
from unison import ops


def per_call_seconds(function: Callable[[], object], number: int, repeat: int) -> float:
    """Median over ``repeat`` runs of the mean time of one call."""
    function()  # warm up caches and lazy paths
    timings = timeit.repeat(function, number=number, repeat=repeat)
    return statistics.median(timings) / number


def native_functions(name: str, a, b, image, kernel):
    """The framework's own calls for the four ops, on native tensors."""
    if name == "jax":
        import jax
        import jax.numpy as jnp

        def conv():
            return jax.lax.conv_general_dilated(
                image, kernel, (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")
            )

        return {
            "add": lambda: jnp.add(a, b),
            "matmul": lambda: jnp.matmul(a, b),
            "relu": lambda: jax.nn.relu(a),
            "conv": conv,
        }
    if name == "torch":
        import torch
        import torch.nn.functional as F

        # torch convolves channels-first with (out, in, h, w) kernels
        image_nchw = image.permute(0, 3, 1, 2).contiguous()
        kernel_oihw = kernel.permute(3, 2, 0, 1).contiguous()
        return {
            "add": lambda: torch.add(a, b),
            "matmul": lambda: torch.matmul(a, b),
            "relu": lambda: torch.relu(a),
            "conv": lambda: F.conv2d(image_nchw, kernel_oihw),
        }
    if name == "tensorflow":
        import tensorflow as tf

        return {
            "add": lambda: tf.add(a, b),
            "matmul": lambda: tf.matmul(a, b),
            "relu": lambda: tf.nn.relu(a),
            "conv": lambda: tf.nn.conv2d(image, kernel, 1, "VALID"),
        }
    return {
        "add": lambda: np.add(a, b),
        "matmul": lambda: np.matmul(a, b),
        "relu": lambda: np.maximum(a, 0),
    }


def measure_backend(name: str, number: int, repeat: int) -> dict:
    rng = np.random.default_rng(0)
    with unison.backend.use(name) as backend:
        a = ops.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
        b = ops.convert_to_tensor(rng.standard_normal((8, 8)).astype("float32"))
        image = ops.convert_to_tensor(rng.standard_normal((1, 8, 8, 3)).astype("float32"))
        kernel = ops.convert_to_tensor(rng.standard_normal((3, 3, 3, 4)).astype("float32"))
        unison_calls = {
            "add": lambda: ops.add(a, b),
            "matmul": lambda: ops.matmul(a, b),
            "relu": lambda: ops.relu(a),
            "conv": lambda: ops.conv(image, kernel),
        }
        native = native_functions(name, a, b, image, kernel)
        results = {"framework_version": backend.framework_version, "ops": {}}
        for op, call in unison_calls.items():
            unison_time = per_call_seconds(call, number, repeat)
            entry = {"unison_us": unison_time * 1e6}
            if op in native:
                native_time = per_call_seconds(native[op], number, repeat)
                entry["native_us"] = native_time * 1e6
                entry["overhead_us"] = (unison_time - native_time) * 1e6
            results["ops"][op] = entry
    return results


def measure_switching(number: int, repeat: int) -> dict:
    names = unison.available_backends()
    for name in names:
        unison.backend.get_backend(name)  # import outside the timing
    original = unison.backend.backend()
    cycle = iter(names * (number * repeat + 10))
    set_time = per_call_seconds(lambda: unison.config.set_backend(next(cycle)), number, repeat)
    unison.config.set_backend(original)

    def enter_and_leave():
        with unison.backend.use(names[-1]):
            pass

    use_time = per_call_seconds(enter_and_leave, number, repeat)
    return {"set_backend_us": set_time * 1e6, "use_enter_exit_us": use_time * 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="write JSON here")
    parser.add_argument("--number", type=int, default=2000, help="calls per timing run")
    parser.add_argument("--repeat", type=int, default=7, help="timing runs (median taken)")
    parser.add_argument("--backends", default=",".join(unison.available_backends()))
    args = parser.parse_args()

    report = {
        "benchmark": "dispatch_overhead",
        "machine": {"python": sys.version.split()[0], "platform": platform.platform()},
        "settings": {"number": args.number, "repeat": args.repeat},
        "backends": {},
    }
    for name in args.backends.split(","):
        report["backends"][name] = measure_backend(name, args.number, args.repeat)
    report["switching"] = measure_switching(args.number, args.repeat)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
