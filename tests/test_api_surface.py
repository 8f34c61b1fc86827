"""Every public name of the Keras 3 namespaces unison covers exists in the matching module."""

import importlib
import json
from pathlib import Path

import pytest

NAMES_FILE = Path(__file__).resolve().parents[2] / "shared" / "keras_api_names.json"
NAMESPACES = {
    "keras": "unison",
    "backend": "unison.backend",
    "config": "unison.config",
    "saving": "unison.saving",
    "models": "unison.models",
    "utils": "unison.utils",
}


def _keras_names() -> dict:
    if not NAMES_FILE.exists():
        pytest.skip(f"Keras API name list not found at {NAMES_FILE}")
    return json.loads(NAMES_FILE.read_text())["namespaces"]


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_namespace_has_every_keras_name(namespace):
    names = _keras_names()[namespace]
    module = importlib.import_module(NAMESPACES[namespace])
    missing = sorted(name for name in names if not hasattr(module, name))
    assert not missing, f"{NAMESPACES[namespace]} lacks Keras names: {missing}"


def test_import_unison_imports_no_framework():
    import subprocess
    import sys

    code = (
        "import sys, unison, unison.utils; "
        "print(sorted(m for m in ('jax', 'torch', 'tensorflow', 'PIL') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
