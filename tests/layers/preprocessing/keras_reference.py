"""Reference values from real Keras 3 (JAX backend) for the preprocessing-layer tests.

Each case is a small Python snippet run in one Keras subprocess per set of cases, with
``keras`` and ``np`` in scope; it stores its results (arrays, configs, lists) in ``out``.
Inputs are drawn in the snippet and in the test from the same helpers (``image(seed)``...)
so both sides see identical data.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import pickle
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import numpy as np
import pytest

_PRELUDE = r"""
import json, pickle, sys
import numpy as np
import keras

def image(seed, shape=(2, 6, 5, 3), high=255.0):
    return np.random.default_rng(seed).uniform(0, high, size=shape).astype("float32")

def normal(seed, shape):
    return np.random.default_rng(seed).normal(size=shape).astype("float32")

results = {}
for name, code in json.load(open(sys.argv[1])).items():
    out = {}
    exec(code, {"keras": keras, "np": np, "image": image, "normal": normal, "out": out})
    results[name] = {
        key: value if isinstance(value, np.ndarray)
        else json.loads(json.dumps(value, default=lambda item: np.asarray(item).tolist()))
        for key, value in out.items()
    }
with open(sys.argv[2], "wb") as handle:
    pickle.dump(results, handle)
"""


def image(seed: int, shape: tuple = (2, 6, 5, 3), high: float = 255.0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0, high, size=shape).astype("float32")


def normal(seed: int, shape: tuple) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=shape).astype("float32")


@functools.cache
def _run(cases_json: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        cases_path = Path(folder) / "cases.json"
        results_path = Path(folder) / "results.pkl"
        script_path = Path(folder) / "reference.py"
        cases_path.write_text(cases_json)
        script_path.write_text(_PRELUDE)
        environment = dict(os.environ, KERAS_BACKEND="jax", JAX_PLATFORMS="cpu")
        completed = subprocess.run(
            [sys.executable, str(script_path), str(cases_path), str(results_path)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"Keras reference run failed:\n{completed.stderr[-4000:]}")
        with open(results_path, "rb") as handle:
            return pickle.load(handle)


_REGISTERED: dict[str, str] = {}


def register(cases: dict[str, str]) -> dict[str, str]:
    """Add ``cases`` to the set run together (call at import: pytest imports every test
    module before running any test, so one Keras process serves them all)."""
    for name, code in cases.items():
        _REGISTERED[name] = textwrap.dedent(code)
    return cases


def keras_reference(cases: dict[str, str]) -> dict:
    """Reference results of ``cases`` (and every registered case, run in the same Keras
    process once per session); skip without Keras."""
    if importlib.util.find_spec("keras") is None:
        pytest.skip("keras is not installed")
    register(cases)
    results = _run(json.dumps(_REGISTERED, sort_keys=True))
    return {name: results[name] for name in cases}


def to_numpy(value) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    return np.asarray(value)


def config_without_name(config: dict) -> dict:
    """A config as it reads after a JSON round trip, without the (counter-based) name."""
    config = json.loads(json.dumps(config))
    config.pop("name", None)
    return config
