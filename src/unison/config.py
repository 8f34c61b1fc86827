"""Settings: backend, default float, epsilon, image data format; where each came from.

Resolution, first hit wins:

* ``backend``: ``set_backend()`` > ``UNISON_BACKEND`` > ``KERAS_BACKEND`` > config file >
  first installed of jax, torch, tensorflow > numpy.
* ``floatx``, ``epsilon``, ``image_data_format``: the setter > config file > default.

The config file is ``$UNISON_HOME/unison.json`` (default ``~/.unison/unison.json``) and uses
the Keras keys. A missing or unwritable home is not an error; a malformed file is.

Example:
    >>> import unison
    >>> unison.config.set_floatx("float16")
    >>> unison.config.floatx()
    'float16'
    >>> unison.config.describe()["floatx"]
    ('float16', 'set_floatx()')
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FLOATX_VALUES = ("float16", "bfloat16", "float32", "float64")
IMAGE_DATA_FORMATS = ("channels_last", "channels_first")
BACKEND_NAMES = ("jax", "torch", "tensorflow", "numpy")
DEFAULTS: dict[str, Any] = {
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
}


class ConfigError(ValueError):
    """A setting has an invalid value; the message names where the value came from."""


def config_path() -> Path:
    """The config file: ``$UNISON_HOME/unison.json``, default ``~/.unison/unison.json``."""
    home = os.environ.get("UNISON_HOME")
    base = Path(home).expanduser() if home else Path.home() / ".unison"
    return base / "unison.json"


# name -> (value, source); filled lazily by _settings().
_settings_cache: dict[str, tuple[Any, str]] | None = None
_floatx = "float32"  # mirror of the resolved floatx, read on hot paths


def _read_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text()
    except FileNotFoundError:
        return {}
    except OSError:
        return {}  # unreadable home is not an error
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as error:
        raise ConfigError(
            f"Config file {path} is not valid JSON ({error.msg} at line {error.lineno}). "
            f"Fix or delete it; expected keys: backend, floatx, epsilon, image_data_format."
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"Config file {path} must hold a JSON object; received {type(data).__name__}."
        )
    return data


def _validate(name: str, value: Any, source: str) -> Any:
    if name == "floatx":
        if value not in FLOATX_VALUES:
            raise ConfigError(
                f"Invalid floatx {value!r} from {source}: expected one of "
                f"{', '.join(FLOATX_VALUES)}."
            )
    elif name == "epsilon":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise ConfigError(
                f"Invalid epsilon {value!r} from {source}: expected a positive number."
            )
        value = float(value)
    elif name == "image_data_format":
        if value not in IMAGE_DATA_FORMATS:
            raise ConfigError(
                f"Invalid image_data_format {value!r} from {source}: expected one of "
                f"{', '.join(IMAGE_DATA_FORMATS)}."
            )
    elif name == "backend":
        if value not in BACKEND_NAMES:
            raise ConfigError(
                f"Invalid backend {value!r} from {source}: expected one of "
                f"{', '.join(BACKEND_NAMES)}."
            )
    return value


def _settings() -> dict[str, tuple[Any, str]]:
    global _settings_cache, _floatx
    if _settings_cache is not None:
        return _settings_cache
    path = config_path()
    file_values = _read_file(path)
    resolved: dict[str, tuple[Any, str]] = {}
    for name, default in DEFAULTS.items():
        if name in file_values:
            source = f"config file {path} (key {name!r})"
            resolved[name] = (_validate(name, file_values[name], source), source)
        else:
            resolved[name] = (default, "default")
    if "backend" in file_values:
        source = f"config file {path} (key 'backend')"
        resolved["backend"] = (_validate("backend", file_values["backend"], source), source)
    _settings_cache = resolved
    _floatx = resolved["floatx"][0]
    return resolved


def _set(name: str, value: Any, source: str) -> None:
    global _floatx
    settings = _settings()
    settings[name] = (_validate(name, value, source), source)
    if name == "floatx":
        _floatx = value


def reset() -> None:
    """Forget every setter call and re-read environment and config file on next access."""
    global _settings_cache
    _settings_cache = None
    _settings()
    from unison import backend as _backend

    _backend.reset_default()


def backend_setting() -> tuple[str | None, str]:
    """The configured backend name and its source, before falling back to installed ones.

    Returns ``(None, "")`` when neither the environment nor the config file names one.
    """
    for var in ("UNISON_BACKEND", "KERAS_BACKEND"):
        value = os.environ.get(var)
        if value:
            source = f"environment variable {var}"
            return _validate("backend", value.strip().lower(), source), source
    if "backend" in _settings():
        return _settings()["backend"]
    return None, ""


def floatx() -> str:
    """The default float dtype name, ``"float32"`` unless set."""
    if _settings_cache is None:
        _settings()
    return _floatx


def set_floatx(value: str) -> None:
    """Set the default float dtype: one of float16, bfloat16, float32, float64."""
    _set("floatx", value, "set_floatx()")


def epsilon() -> float:
    """The fuzz factor used in numeric expressions, ``1e-7`` unless set."""
    return _settings()["epsilon"][0]


def set_epsilon(value: float) -> None:
    """Set the fuzz factor (a positive number)."""
    _set("epsilon", value, "set_epsilon()")


def image_data_format() -> str:
    """``"channels_last"`` (default) or ``"channels_first"``."""
    return _settings()["image_data_format"][0]


def set_image_data_format(value: str) -> None:
    """Set the image layout: ``"channels_last"`` or ``"channels_first"``."""
    _set("image_data_format", value, "set_image_data_format()")


def standardize_data_format(data_format: str | None) -> str:
    """``None`` -> the configured image data format; otherwise validate and lower-case it."""
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in IMAGE_DATA_FORMATS:
        raise ValueError(
            f"Invalid data_format: expected one of {', '.join(IMAGE_DATA_FORMATS)}; "
            f"received {data_format!r}."
        )
    return value


def backend() -> str:
    """The name of the active backend (per thread / task; see :func:`unison.backend.use`)."""
    from unison.backend import active_backend

    return active_backend().name


def set_backend(name: str) -> None:
    """Make ``name`` the process-wide default backend. Reloads nothing; takes microseconds.

    Objects created before keep running on the backend they were built on.
    """
    from unison.backend import set_default

    set_default(name)


def describe() -> dict[str, tuple[Any, str]]:
    """Every setting as ``name -> (value, source)``."""
    from unison.backend import active_name_and_source

    result = {"backend": active_name_and_source()}
    for name in DEFAULTS:
        result[name] = _settings()[name]
    return result


def save_config(path: str | os.PathLike | None = None) -> Path:
    """Write the current backend, floatx, epsilon and image_data_format to the config file.

    The write is atomic (temp file + rename). Returns the path written.
    """
    target = Path(path) if path is not None else config_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    values = {name: value for name, (value, _) in describe().items()}
    handle, temp_name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "w") as stream:
        json.dump(values, stream, indent=2)
        stream.write("\n")
    os.replace(temp_name, target)
    return target


def enable_unsafe_deserialization() -> None:
    """Allow loading Lambda layers whose Python bytecode is stored in a config (trusted files
    only: loading runs that code)."""
    from unison.saving.serialization import enable_unsafe_deserialization as enable

    enable()


@contextmanager
def settings(**values: Any) -> Iterator[None]:
    """Temporarily change floatx / epsilon / image_data_format (process-wide), then restore."""
    saved = {name: _settings()[name] for name in values}
    try:
        for name, value in values.items():
            if name not in DEFAULTS:
                raise ConfigError(f"Unknown setting {name!r}: expected one of {list(DEFAULTS)}.")
            _set(name, value, "settings()")
        yield
    finally:
        for name, (value, source) in saved.items():
            _set(name, value, source)


# -- process-wide switches (Keras ``keras.config``) -----------------------------------------
def _env_int(name: str) -> int | None:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise ConfigError(
            f"Environment variable {name} must be an integer; received {value!r}."
        ) from None


_max_epochs: int | None = _env_int("KERAS_MAX_EPOCHS")
_max_steps_per_epoch: int | None = _env_int("KERAS_MAX_STEPS_PER_EPOCH")
_interactive_logging = True
_traceback_filtering = True
_flash_attention: bool | None = None


def _check_limit(value: Any, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive int or None; received {value!r}.")
    return value


def set_max_epochs(max_epochs: int | None) -> None:
    """Cap the number of epochs of every ``fit()`` call (a debugging aid); ``None`` removes
    the cap. The ``KERAS_MAX_EPOCHS`` environment variable sets it at import.

    Example:
        >>> unison.config.set_max_epochs(1)   # fit(epochs=50) now runs one epoch
    """
    global _max_epochs
    _max_epochs = _check_limit(max_epochs, "max_epochs")


def max_epochs() -> int | None:
    """The cap set by :func:`set_max_epochs` (or ``KERAS_MAX_EPOCHS``), or ``None``."""
    return _max_epochs


def set_max_steps_per_epoch(max_steps_per_epoch: int | None) -> None:
    """Cap the steps of each epoch of ``fit()`` and of ``evaluate()`` / ``predict()`` (a
    debugging aid); ``None`` removes the cap. ``KERAS_MAX_STEPS_PER_EPOCH`` sets it at import.
    """
    global _max_steps_per_epoch
    _max_steps_per_epoch = _check_limit(max_steps_per_epoch, "max_steps_per_epoch")


def max_steps_per_epoch() -> int | None:
    """The cap set by :func:`set_max_steps_per_epoch`, or ``None``."""
    return _max_steps_per_epoch


def enable_interactive_logging() -> None:
    """Let progress bars redraw in place on a terminal (the default)."""
    global _interactive_logging
    _interactive_logging = True


def disable_interactive_logging() -> None:
    """Make progress output plain lines (no in-place redraw): suits log files and CI."""
    global _interactive_logging
    _interactive_logging = False


def is_interactive_logging_enabled() -> bool:
    """Whether progress bars may redraw in place."""
    return _interactive_logging


def enable_traceback_filtering() -> None:
    """Record that tracebacks may be filtered. unison never rewrites tracebacks, so this
    setting only keeps Keras code that toggles it working."""
    global _traceback_filtering
    _traceback_filtering = True


def disable_traceback_filtering() -> None:
    """Record that tracebacks must not be filtered (unison never filters them anyway)."""
    global _traceback_filtering
    _traceback_filtering = False


def is_traceback_filtering_enabled() -> bool:
    """The value last set by :func:`enable_traceback_filtering` / its opposite (default True)."""
    return _traceback_filtering


def enable_flash_attention() -> None:
    """Record a preference for flash attention. Backends choose their attention kernel
    themselves and do not read this setting; it exists so Keras code runs unchanged."""
    global _flash_attention
    _flash_attention = True


def disable_flash_attention() -> None:
    """Record a preference against flash attention (see :func:`enable_flash_attention`)."""
    global _flash_attention
    _flash_attention = False


def is_flash_attention_enabled() -> bool | None:
    """``None`` (automatic, the default), or the value last set."""
    return _flash_attention


def is_nnx_enabled() -> bool:
    """Always ``False``: unison layers are not Flax NNX modules."""
    return False


def set_dtype_policy(policy: Any) -> None:
    """Set the dtype policy of every layer created later without an explicit ``dtype``.

    ``policy`` is a policy name (``"mixed_float16"``, ``"bfloat16"``...) or a
    :class:`unison.dtype_policies.DTypePolicy`; ``None`` returns to ``floatx()``.

    Example:
        >>> unison.config.set_dtype_policy("mixed_float16")
        >>> layer = unison.layers.Dense(4)
        >>> layer.compute_dtype, layer.variable_dtype
        ('float16', 'float32')
    """
    from unison import dtype_policies

    dtype_policies.set_default_policy(policy)


def dtype_policy() -> Any:
    """The default dtype policy of new layers (a ``DTypePolicy``; floatx unless set)."""
    from unison import dtype_policies

    return dtype_policies.default_policy()
