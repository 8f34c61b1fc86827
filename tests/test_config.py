"""Config resolution: each source, precedence, bad values, persistence.

Resolution reads the environment and the config file, so each test runs in a fresh
subprocess with its own UNISON_HOME: the test process's own settings stay untouched.
"""

import json
import os
import subprocess
import sys
import textwrap

import pytest

import unison


def run_python(code: str, home, **env_vars) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("UNISON_BACKEND", "KERAS_BACKEND", "UNISON_HOME")
    }
    env["UNISON_HOME"] = str(home)
    env.update(env_vars)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


DESCRIBE = """
import json, unison
print(json.dumps({k: list(v) for k, v in unison.config.describe().items()}))
"""


def describe(home, **env_vars) -> dict:
    result = run_python(DESCRIBE, home, **env_vars)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def write_config(home, **values):
    home.mkdir(parents=True, exist_ok=True)
    (home / "unison.json").write_text(json.dumps(values))


def test_defaults_without_file_or_env(tmp_path):
    settings = describe(tmp_path / "missing-home")
    assert settings["floatx"] == ["float32", "default"]
    assert settings["epsilon"] == [1e-7, "default"]
    assert settings["image_data_format"] == ["channels_last", "default"]
    assert settings["backend"] == [unison.available_backends()[0], "first installed backend"]


def test_config_file_values_and_sources(tmp_path):
    write_config(
        tmp_path,
        backend="numpy",
        floatx="float16",
        epsilon=1e-3,
        image_data_format="channels_first",
    )
    settings = describe(tmp_path)
    assert settings["backend"][0] == "numpy"
    assert "config file" in settings["backend"][1]
    assert settings["floatx"][0] == "float16"
    assert settings["epsilon"][0] == pytest.approx(1e-3)
    assert settings["image_data_format"][0] == "channels_first"
    assert str(tmp_path / "unison.json") in settings["floatx"][1]


def test_precedence_unison_env_over_keras_env_over_file(tmp_path):
    write_config(tmp_path, backend="numpy")
    installed = unison.available_backends()
    other = installed[0]
    settings = describe(tmp_path, KERAS_BACKEND=other)
    assert settings["backend"] == [other, "environment variable KERAS_BACKEND"]
    settings = describe(tmp_path, KERAS_BACKEND=other, UNISON_BACKEND="numpy")
    assert settings["backend"] == ["numpy", "environment variable UNISON_BACKEND"]


def test_set_backend_call_wins_over_env(tmp_path):
    code = """
    import unison
    unison.config.set_backend("numpy")
    print(unison.config.describe()["backend"])
    """
    result = run_python(code, tmp_path, UNISON_BACKEND=unison.available_backends()[0])
    assert result.returncode == 0, result.stderr
    assert "('numpy', 'set_backend()')" in result.stdout


@pytest.mark.parametrize(
    "env, file_values, fragment",
    [
        ({"UNISON_BACKEND": "mxnet"}, None, "environment variable UNISON_BACKEND"),
        ({"KERAS_BACKEND": "cntk"}, None, "environment variable KERAS_BACKEND"),
        ({}, {"backend": "theano"}, "unison.json"),
        ({}, {"floatx": "float8"}, "Invalid floatx 'float8'"),
        ({}, {"epsilon": -1}, "Invalid epsilon -1"),
        ({}, {"image_data_format": "nhwc"}, "channels_last, channels_first"),
    ],
)
def test_bad_values_name_their_source(tmp_path, env, file_values, fragment):
    if file_values is not None:
        write_config(tmp_path, **file_values)
    result = run_python(DESCRIBE, tmp_path, **env)
    assert result.returncode != 0
    assert fragment in result.stderr
    assert "ConfigError" in result.stderr


def test_malformed_json_names_the_file(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "unison.json").write_text("{backend: jax")
    result = run_python(DESCRIBE, tmp_path)
    assert result.returncode != 0
    assert str(tmp_path / "unison.json") in result.stderr
    assert "not valid JSON" in result.stderr


def test_backend_not_installed_is_clear(tmp_path):
    code = """
    import unison.backend as b
    b.is_installed = lambda name: name == "numpy"
    b.get_backend("jax")
    """
    result = run_python(code, tmp_path)
    assert result.returncode != 0
    assert "not installed" in result.stderr


def test_save_config_round_trip(tmp_path):
    code = """
    import unison
    unison.config.set_floatx("bfloat16")
    unison.config.set_epsilon(1e-5)
    unison.config.set_image_data_format("channels_first")
    unison.config.set_backend("numpy")
    print(unison.config.save_config())
    """
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "unison.json").read_text())
    assert saved == {
        "backend": "numpy",
        "floatx": "bfloat16",
        "epsilon": 1e-5,
        "image_data_format": "channels_first",
    }
    settings = describe(tmp_path)
    assert settings["floatx"][0] == "bfloat16"
    assert settings["backend"][0] == "numpy"


def test_setters_validate_in_process():
    with pytest.raises(unison.config.ConfigError, match="float8"):
        unison.config.set_floatx("float8")
    with pytest.raises(unison.config.ConfigError, match="positive"):
        unison.config.set_epsilon(0)
    with pytest.raises(unison.config.ConfigError, match="channels_first"):
        unison.config.set_image_data_format("NHWC")
    with pytest.raises(ValueError, match="Unknown backend 'mxnet'"):
        unison.config.set_backend("mxnet")


def test_settings_context_restores():
    before = unison.config.floatx()
    with unison.config.settings(floatx="float16", image_data_format="channels_first"):
        assert unison.config.floatx() == "float16"
        assert unison.config.image_data_format() == "channels_first"
    assert unison.config.floatx() == before
    assert unison.config.image_data_format() == "channels_last"


def test_standardize_data_format():
    assert unison.config.standardize_data_format(None) == unison.config.image_data_format()
    assert unison.config.standardize_data_format("Channels_First") == "channels_first"
    with pytest.raises(ValueError, match="data_format"):
        unison.config.standardize_data_format("nchw")
