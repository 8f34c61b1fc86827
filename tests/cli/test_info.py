"""`unison info` lists backends with versions and devices, and every setting with its source."""

import os
import subprocess
import sys

import unison


def run_cli(*args, **env_vars):
    env = {k: v for k, v in os.environ.items() if k not in ("UNISON_BACKEND", "KERAS_BACKEND")}
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-m", "unison", *args],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
        timeout=300,
    )


def test_info_lists_backends_and_settings(tmp_path):
    result = run_cli("info", UNISON_HOME=str(tmp_path), UNISON_BACKEND="numpy")
    assert result.returncode == 0, result.stderr
    for name in unison.available_backends():
        assert name in result.stdout
    assert "cpu" in result.stdout.lower()
    assert "environment variable UNISON_BACKEND" in result.stdout
    for setting in ("floatx", "epsilon", "image_data_format"):
        assert setting in result.stdout
    assert str(tmp_path) in result.stdout


def test_info_reports_bad_config(tmp_path):
    (tmp_path / "unison.json").write_text('{"floatx": "float8"}')
    result = run_cli("info", "--no-devices", UNISON_HOME=str(tmp_path))
    assert result.returncode == 1
    assert "float8" in result.stdout


def test_console_script_help():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "info" in result.stdout
