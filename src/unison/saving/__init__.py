"""Saving and serialization: ``.keras`` archives, weights files, object configs."""

from __future__ import annotations

from typing import Any

from unison.saving.saving_api import (
    CustomObjectScope,
    KerasFileEditor,
    deserialize_keras_object,
    load_weights,
    register_keras_serializable,
    save_weights,
    serialize_keras_object,
)
from unison.saving.serialization import (
    deserialize,
    enable_unsafe_deserialization,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_serializable,
    serialize,
)

custom_object_scope = CustomObjectScope  # Keras exports the class under both names


def save_model(model: Any, filepath: Any, overwrite: bool = True, zipped: bool = True) -> None:
    """Save ``model`` to a ``.keras`` archive (see :func:`unison.saving.archive.save_model`)."""
    from unison.saving.archive import save_model as _save

    _save(model, filepath, overwrite=overwrite, zipped=zipped)


def load_model(
    filepath: Any, custom_objects: dict | None = None, compile: bool = True, safe_mode: bool = True
) -> Any:
    """Load a ``.keras`` archive saved by unison or Keras 3, on the active backend."""
    from unison.saving.archive import load_model as _load

    return _load(filepath, custom_objects=custom_objects, compile=compile, safe_mode=safe_mode)


__all__ = [
    "CustomObjectScope",
    "KerasFileEditor",
    "deserialize_keras_object",
    "get_custom_objects",
    "load_weights",
    "register_keras_serializable",
    "save_weights",
    "serialize_keras_object",
    "custom_object_scope",
    "enable_unsafe_deserialization",
    "load_model",
    "save_model",
    "deserialize",
    "get_registered_name",
    "get_registered_object",
    "register_serializable",
    "serialize",
]
