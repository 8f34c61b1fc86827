"""The ``.keras`` archive: a zip of ``config.json``, ``metadata.json`` and ``model.weights.h5``.

The layout and config schema are Keras 3's, so files move both ways between unison and Keras.
Saving writes a temporary file beside the target and renames it, so an interrupted save never
destroys the previous file. Loading validates the archive before touching it and never runs
code from it unless ``safe_mode=False``.

Example:
    >>> model.save("model.keras")
    >>> restored = unison.saving.load_model("model.keras")
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import zipfile
from typing import Any

from unison import backend as backend_module
from unison.layers.layer import weight_budget
from unison.saving import serialization
from unison.saving.weights_file import load_weights_from_file, walk_objects, write_weights_file

ASSETS_DIR = "assets"
CONFIG_FILE = "config.json"
METADATA_FILE = "metadata.json"
WEIGHTS_FILE = "model.weights.h5"
FORMAT_VERSION = "3.15.1"  # the Keras release whose file format this follows
# Refuse archives whose members would expand beyond this (a guard against zip bombs).
MAX_MEMBER_BYTES = 8 * 1024**3
MAX_CONFIG_BYTES = 64 * 1024**2


def _atomic_target(filepath: str) -> tuple[int, str]:
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    return tempfile.mkstemp(dir=directory, prefix=".unison-", suffix=".tmp")


def save_model(
    model: Any, filepath: str | os.PathLike, overwrite: bool = True, zipped: bool = True
) -> None:
    """Save architecture, weights, compile settings and optimizer state to a ``.keras`` file."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(
            f"The filepath must end in '.keras' for the Keras archive format; received "
            f"{filepath!r}. Use save_weights() for '.weights.h5' files."
        )
    if not zipped:
        raise NotImplementedError("Only zipped .keras archives are supported (zipped=True).")
    if os.path.exists(filepath) and not overwrite:
        raise FileExistsError(f"{filepath} exists and overwrite=False.")
    config = serialization.serialize(model)
    compile_config = getattr(model, "get_compile_config", lambda: None)()
    if compile_config is not None:
        config["compile_config"] = compile_config
    backend = model.backend.name if getattr(model, "backend", None) else backend_module.backend()
    metadata = {
        "keras_version": FORMAT_VERSION,
        "unison_version": _version(),
        "backend": backend,
        "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S"),
    }
    handle, temp_path = _atomic_target(filepath)
    os.close(handle)
    weights_handle, weights_temp = _atomic_target(filepath)
    os.close(weights_handle)
    try:
        write_weights_file(model, weights_temp)
        with zipfile.ZipFile(temp_path, "w", compression=zipfile.ZIP_STORED) as archive:
            archive.writestr(CONFIG_FILE, json.dumps(config, default=_json_default))
            archive.writestr(METADATA_FILE, json.dumps(metadata))
            archive.write(weights_temp, WEIGHTS_FILE)
            _write_assets(model, archive)
        os.replace(temp_path, filepath)
    finally:
        for path in (temp_path, weights_temp):
            if os.path.exists(path):
                os.remove(path)


def _write_assets(model: Any, archive: zipfile.ZipFile) -> None:
    """Files that layers keep outside their variables (e.g. lookup vocabularies)."""
    with tempfile.TemporaryDirectory() as folder:
        for path, obj in walk_objects(model):
            if not hasattr(obj, "save_assets"):
                continue
            target = os.path.join(folder, path)
            os.makedirs(target, exist_ok=True)
            obj.save_assets(target)
            for name in sorted(os.listdir(target)):
                full = os.path.join(target, name)
                if os.path.isfile(full):
                    archive.write(full, f"{ASSETS_DIR}/{path}/{name}".replace("//", "/"))


def _load_assets(model: Any, archive: zipfile.ZipFile) -> None:
    members = [name for name in archive.namelist() if name.startswith(ASSETS_DIR + "/")]
    if not members:
        return
    with tempfile.TemporaryDirectory() as folder:
        for name in members:
            if name.endswith("/"):
                continue
            target = os.path.join(folder, *name.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as stream:
                stream.write(archive.read(name))
        for path, obj in walk_objects(model):
            directory = os.path.join(folder, ASSETS_DIR, *[p for p in path.split("/") if p])
            if hasattr(obj, "load_assets") and os.path.isdir(directory):
                obj.load_assets(directory)


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"Cannot write {type(value).__name__} {value!r} into config.json.")


def _version() -> str:
    from unison import __version__

    return __version__


def _checked_archive(filepath: str) -> zipfile.ZipFile:
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No such file: {filepath!r}.")
    if not zipfile.is_zipfile(filepath):
        raise ValueError(
            f"{filepath!r} is not a .keras archive (not a zip file). Weights-only files "
            f"('.weights.h5') load with model.load_weights()."
        )
    archive = zipfile.ZipFile(filepath)
    names = archive.namelist()
    for info in archive.infolist():
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/"):
            raise ValueError(f"Refusing archive {filepath!r}: unsafe member name {name!r}.")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ValueError(
                f"Refusing archive {filepath!r}: member {name!r} declares {info.file_size} bytes "
                f"(limit {MAX_MEMBER_BYTES})."
            )
    for required in (CONFIG_FILE, WEIGHTS_FILE):
        if required not in names:
            raise ValueError(
                f"{filepath!r} is not a valid .keras archive: missing {required!r} "
                f"(members: {names})."
            )
    if archive.getinfo(CONFIG_FILE).file_size > MAX_CONFIG_BYTES:
        raise ValueError(f"Refusing archive {filepath!r}: config.json is too large.")
    return archive


def _contains_code(config: Any) -> bool:
    if isinstance(config, dict):
        if config.get("class_name") == "__lambda__":
            return True
        return any(_contains_code(value) for value in config.values())
    if isinstance(config, list):
        return any(_contains_code(value) for value in config)
    return False


def load_model(
    filepath: str | os.PathLike,
    custom_objects: dict | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Load a ``.keras`` file (saved by unison or Keras 3) on the active backend."""
    filepath = os.fspath(filepath)
    with _checked_archive(filepath) as archive:
        try:
            config = json.loads(archive.read(CONFIG_FILE))
        except json.JSONDecodeError as error:
            raise ValueError(f"{filepath!r}: config.json is not valid JSON ({error}).") from None
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"{filepath!r}: config.json does not describe a model.")
        if safe_mode and _contains_code(config):
            raise ValueError(
                f"{filepath!r} contains a Lambda layer with Python bytecode. Loading it would "
                f"run code from the file, which safe_mode=True forbids. If you trust the file, "
                f"pass safe_mode=False (or call "
                f"unison.config.enable_unsafe_deserialization())."
            )
        handle, weights_path = tempfile.mkstemp(suffix=".weights.h5")
        os.close(handle)
        try:
            with open(weights_path, "wb") as stream:
                stream.write(archive.read(WEIGHTS_FILE))
            compile_config = config.pop("compile_config", None)
            # A weight needs at least two bytes per value in the file (float16); the slack
            # covers state that is not stored (seed generators, metrics).
            budget = archive.getinfo(WEIGHTS_FILE).file_size // 2 + 10**6
            with serialization.safe_mode_scope(safe_mode), weight_budget(budget, repr(filepath)):
                model = serialization.deserialize(config, custom_objects)
            if compile and compile_config is not None and hasattr(model, "compile_from_config"):
                with serialization.safe_mode_scope(safe_mode):
                    model.compile_from_config(compile_config, custom_objects)
            load_weights_from_file(model, weights_path, include_optimizer=compile)
            _load_assets(model, archive)
        finally:
            os.remove(weights_path)
    return model
