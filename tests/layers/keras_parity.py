"""Reference results from real Keras 3 for layer tests, when Keras is installed.

Keras runs in a subprocess on its NumPy backend (eager and compile-free, hence fast; the
layer code is the same on every Keras backend), so its backend choice never depends on
what the test process imported first. A *case* is a dict::

    {"layer": "Conv2D", "args": {...}, "shape": [2, 7, 7, 3],
     "calls": [{"training": True}, {}],        # call keyword arguments, one call each
     "mask": [[True, False, ...]]}              # optional mask passed to every call

``keras_results(cases)`` returns, per case: ``x`` (the input, drawn from the case's index),
``config`` (the ``serialize_keras_object`` dict, JSON round-tripped), ``get_config``,
``weights_before`` / ``weights_after`` (arrays and names), ``outputs`` (one per call) and
``output_shape`` (``compute_output_shape`` of the shape with an unknown batch size).
``unison_twin(result)`` rebuilds the layer in unison from that config and weights. Pass
pytest's ``request.config.cache`` to keep results between runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

_SCRIPT = r"""
import json, os, pickle, sys
import numpy as np
import keras

def ready(value):
    return json.loads(json.dumps(value, default=lambda item: np.asarray(item).tolist()))

def build(case):
    args = dict(case["args"])
    if "layer" in args:
        args["layer"] = keras.saving.deserialize_keras_object(args["layer"])
    return getattr(keras.layers, case["layer"])(**args)

results = []
for index, case in enumerate(json.load(open(sys.argv[1]))):
    x = np.random.default_rng(index).normal(size=case["shape"]).astype(case.get("dtype", "float32"))
    layer = build(case)
    layer.build(tuple(case["shape"]))
    before = [np.asarray(w) for w in layer.get_weights()]
    mask = np.asarray(case["mask"]) if case.get("mask") is not None else None
    outputs = []
    for kwargs in case.get("calls", [{}]):
        if mask is not None:
            kwargs = dict(kwargs, mask=mask)
        outputs.append(np.asarray(layer(x, **kwargs)))
    free = (None, *case["shape"][1:])
    results.append({
        "x": x,
        "config": ready(keras.saving.serialize_keras_object(layer)),
        "get_config": ready(layer.get_config()),
        "weight_names": [w.name for w in layer.weights],
        "weights_before": before,
        "weights_after": [np.asarray(w) for w in layer.get_weights()],
        "outputs": outputs,
        "output_shape": ready(layer.compute_output_shape(free)),
    })
with open(sys.argv[2], "wb") as handle:
    pickle.dump(results, handle)
"""


@functools.cache
def _run(cases_json: str) -> list | str:
    try:
        import keras  # noqa: F401
    except ImportError:
        return "keras is not installed"
    with tempfile.TemporaryDirectory() as folder:
        cases_path = Path(folder) / "cases.json"
        results_path = Path(folder) / "results.pkl"
        script_path = Path(folder) / "reference.py"
        cases_path.write_text(cases_json)
        script_path.write_text(_SCRIPT)
        environment = dict(os.environ, KERAS_BACKEND="numpy")
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


def _encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"__array__": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "__array__" in value:
            return np.asarray(value["__array__"], dtype=value["dtype"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def keras_results(cases: list[dict], cache: Any = None) -> list[dict]:
    """Reference results for ``cases``, or skip the test when Keras is not installed.

    Computed once per process; with ``cache`` (pytest's ``request.config.cache``) also kept
    between runs, keyed by the cases, the reference script and the Keras version.
    """
    cases_json = json.dumps(cases, sort_keys=True)
    key = None
    if cache is not None:
        try:
            from importlib.metadata import version

            keras_version = version("keras")
        except Exception:  # noqa: BLE001 - no Keras distribution: nothing to key on
            keras_version = None
        if keras_version is not None:
            digest = hashlib.sha1(f"{keras_version}{_SCRIPT}{cases_json}".encode()).hexdigest()
            key = f"unison/keras_reference/{digest}"
            stored = cache.get(key, None)
            if stored is not None:
                return _decode(stored)
    results = _run(cases_json)
    if isinstance(results, str):
        pytest.skip(results)
    if key is not None:
        cache.set(key, _encode(results))
    return results


def json_ready(value: Any) -> Any:
    """``value`` after a JSON round trip (tuples become lists, as in a saved file)."""
    return json.loads(json.dumps(value, default=lambda item: np.asarray(item).tolist()))


def unison_twin(result: dict, weights: str = "weights_before") -> Any:
    """A unison layer deserialized from the Keras config, built, with the Keras weights."""
    from unison.saving import serialization

    layer = serialization.deserialize(result["config"])
    if not layer.built:
        layer.build(tuple(result["x"].shape))
    layer.set_weights(result[weights])
    return layer


def to_numpy(value: Any) -> np.ndarray:
    if hasattr(value, "detach"):
        value = value.detach().cpu()
    return np.asarray(value)
