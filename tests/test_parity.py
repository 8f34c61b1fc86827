"""The parity checker: agreement report, divergence localisation, CLI exit codes."""

import subprocess
import sys

import numpy as np
import pytest

import unison
from tests.conftest import BACKENDS
from unison import layers


@pytest.fixture
def saved_model(tmp_path):
    with unison.backend.use(BACKENDS[0]):
        model = unison.Sequential(
            [
                unison.Input(shape=(5,)),
                layers.Dense(4, activation="relu", name="hidden"),
                layers.Dense(3, activation="tanh", name="head"),
            ]
        )
        path = tmp_path / "parity.keras"
        model.save(path)
    return path


def test_backends_agree(saved_model):
    report = unison.parity.check(saved_model, backends=BACKENDS)
    assert report.ok
    assert [row.backend for row in report.rows] == BACKENDS
    for row in report.rows:
        assert row.max_rel_diff <= 1e-4
        assert row.inference_ms >= 0


def test_divergence_is_located(saved_model, monkeypatch):
    if len(BACKENDS) < 2:
        pytest.skip("needs two backends")
    broken = unison.backend.get_backend(BACKENDS[-1])
    original_tanh = broken.tanh
    monkeypatch.setitem(broken.__dict__, "tanh", lambda x: original_tanh(x) + 0.01)
    report = unison.parity.check(saved_model, backends=BACKENDS, reference=BACKENDS[0])
    assert not report.ok
    bad = next(row for row in report.rows if row.backend == BACKENDS[-1])
    assert bad.first_divergent_layer == "head"
    assert bad.max_abs_diff == pytest.approx(0.01, rel=1e-3)


def test_given_inputs_are_used(saved_model):
    x = np.zeros((2, 5), "float32")
    report = unison.parity.check(saved_model, inputs=x, backends=BACKENDS[:2])
    assert report.ok and len(report.rows) == min(2, len(BACKENDS))


def test_cli_exit_codes(saved_model, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "unison",
            "check",
            str(saved_model),
            "--backends",
            ",".join(BACKENDS),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "max rel diff" in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "unison", "check", str(tmp_path / "nope.keras")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert missing.returncode != 0
