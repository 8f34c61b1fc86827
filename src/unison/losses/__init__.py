"""Losses (``keras.losses``): classes, functions, ``get`` / ``serialize`` / ``deserialize``."""

from __future__ import annotations

from typing import Any

from unison.losses.loss import Loss, LossFunctionWrapper, reduce_values
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.losses", "unison.losses")

__all__ = ["Loss", "LossFunctionWrapper", "deserialize", "get", "reduce_values", "serialize"]


def get(identifier: Any) -> Any:
    """A loss from a name (``"mse"``, ``"sparse_categorical_crossentropy"``...), a config,
    a Loss instance or a function ``fn(y_true, y_pred)``."""
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        from unison.losses import catalogue

        return catalogue.by_name(identifier)
    if callable(identifier):
        return LossFunctionWrapper(identifier)
    raise ValueError(f"Could not interpret loss identifier {identifier!r}.")


def serialize(loss: Any) -> Any:
    from unison.saving import serialization

    return serialization.serialize(loss)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    from unison.saving import serialization

    return serialization.deserialize(config, custom_objects, module_hint="keras.losses")
