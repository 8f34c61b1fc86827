"""The case tables cover every op Keras 3 exposes (no backend needed)."""

import json
from pathlib import Path

from .test_conformance import ALL_CASES

# Ops covered by dedicated test modules rather than the value table.
TESTED_ELSEWHERE = {
    "custom_gradient": "test_gradients.py",
    "jvp": "test_gradients.py",  # needs a differentiating backend
}
NAMESPACES = ("ops", "ops.nn", "ops.numpy", "ops.linalg", "ops.image")


def _keras_names() -> set[str]:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "keras_api_names.json"
        if candidate.exists():
            namespaces = json.loads(candidate.read_text())["namespaces"]
            return {name for namespace in NAMESPACES for name in namespaces[namespace]}
    return set()


def _expected_names() -> set[str]:
    names = _keras_names()
    if not names:  # outside the development checkout: the names in the signature table
        names = {case.op for case in ALL_CASES}
    return names | {"rearrange"}


def test_every_keras_op_has_a_case():
    covered = {case.op for case in ALL_CASES} | set(TESTED_ELSEWHERE)
    missing = sorted(_expected_names() - covered)
    assert not missing, f"ops without a conformance case: {missing}"


def test_every_public_op_is_exposed():
    import unison

    missing = sorted(
        name
        for name in _expected_names()
        if not hasattr(unison.ops, name) and not hasattr(unison.ops.image, name)
    )
    assert not missing, f"unison.ops lacks: {missing}"
