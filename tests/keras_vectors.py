"""Real-Keras test vectors: `.keras` files saved by Keras 3.15 with inputs and outputs.

``load_case(name)`` rebuilds the model from the archive's ``config.json`` with unison's
deserializer, loads ``model.weights.h5`` and returns ``(model, inputs, expected)``.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

VECTORS = Path(
    os.environ.get("UNISON_KERAS_VECTORS")
    or Path(__file__).resolve().parents[2] / "shared" / "keras_vectors"
)


def available() -> bool:
    return (VECTORS / "index.json").exists()


def case_names() -> list[str]:
    if not available():
        return []
    return sorted(json.loads((VECTORS / "index.json").read_text())["cases"])


def case_info(name: str) -> dict:
    return json.loads((VECTORS / "index.json").read_text())["cases"][name]


def load_case(name: str, tmp_path: Path):
    from unison.saving import serialization
    from unison.saving.weights_file import load_weights

    folder = VECTORS / name
    archive = next(folder.glob("*.keras"))
    with zipfile.ZipFile(archive) as zipped:
        config = json.loads(zipped.read("config.json"))
        weights_path = tmp_path / f"{name}.weights.h5"
        weights_path.write_bytes(zipped.read("model.weights.h5"))
    model = serialization.deserialize(config)
    load_weights(model, weights_path)
    inputs = [np.load(path) for path in sorted(folder.glob("x*.npy"))]
    expected = np.load(folder / "y.npy")
    return model, inputs, expected
