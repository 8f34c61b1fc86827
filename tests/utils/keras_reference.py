"""Run a snippet under real Keras (NumPy backend unless told) in a subprocess and return its JSON output.

Keras is only a reference for behaviour; tests skip when it is not installed.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest


def keras_json(code: str, backend: str = "numpy"):
    """Execute ``code`` (which must print one JSON document) with ``import keras`` done."""
    env = {**os.environ, "KERAS_BACKEND": backend, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("UNISON_BACKEND", None)
    program = "import json, numpy as np\ntry:\n    import keras\nexcept ImportError:\n"
    program += "    print('NO_KERAS'); raise SystemExit\n" + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=300
    )
    if result.stdout.strip() == "NO_KERAS":
        pytest.skip("real Keras is not installed")
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
