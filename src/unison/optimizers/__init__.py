"""Optimizers (``keras.optimizers``) and learning-rate schedules."""

from __future__ import annotations

from typing import Any

from unison.optimizers import schedules
from unison.optimizers.adam import Adam, AdamW
from unison.optimizers.base_optimizer import Optimizer
from unison.optimizers.sgd import SGD
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.optimizers", "unison.optimizers")
register_builtin_module("keras.optimizers.schedules", "unison.optimizers.schedules")

_BY_NAME = {
    "sgd": SGD,
    "adam": Adam,
    "adamw": AdamW,
}

__all__ = ["Adam", "AdamW", "Optimizer", "SGD", "deserialize", "get", "schedules", "serialize"]


def get(identifier: Any) -> Optimizer:
    """An optimizer from a name (``"adam"``), a config dict, or an instance."""
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        cls = _BY_NAME.get(identifier.lower())
        if cls is None:
            raise ValueError(
                f"Unknown optimizer {identifier!r}; expected one of {sorted(_BY_NAME)} or an "
                f"Optimizer instance."
            )
        return cls()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    raise ValueError(f"Could not interpret optimizer {identifier!r}.")


def serialize(optimizer: Optimizer) -> dict:
    from unison.saving import serialization

    return serialization.serialize(optimizer)


def deserialize(config: dict, custom_objects: dict | None = None) -> Optimizer:
    from unison.saving import serialization

    return serialization.deserialize(config, custom_objects, module_hint="keras.optimizers")
