"""Optimizers (``keras.optimizers``) and learning-rate schedules."""

from __future__ import annotations

from typing import Any

from unison.optimizers import schedules
from unison.optimizers.adadelta import Adadelta
from unison.optimizers.adafactor import Adafactor
from unison.optimizers.adagrad import Adagrad
from unison.optimizers.adam import Adam, AdamW
from unison.optimizers.adamax import Adamax
from unison.optimizers.base_optimizer import Optimizer
from unison.optimizers.ftrl import Ftrl
from unison.optimizers.lamb import Lamb
from unison.optimizers.lion import Lion
from unison.optimizers.loss_scale_optimizer import LossScaleOptimizer
from unison.optimizers.muon import Muon
from unison.optimizers.nadam import Nadam
from unison.optimizers.rmsprop import RMSprop
from unison.optimizers.schedule_free_adamw import ScheduleFreeAdamW
from unison.optimizers.sgd import SGD
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.optimizers", "unison.optimizers")
register_builtin_module("keras.optimizers.schedules", "unison.optimizers.schedules")

_BY_NAME = {
    "sgd": SGD,
    "adam": Adam,
    "adamw": AdamW,
    "adam_w": AdamW,
    "adadelta": Adadelta,
    "adafactor": Adafactor,
    "adagrad": Adagrad,
    "adamax": Adamax,
    "ftrl": Ftrl,
    "lamb": Lamb,
    "lion": Lion,
    "muon": Muon,
    "nadam": Nadam,
    "rmsprop": RMSprop,
    "rm_sprop": RMSprop,
    "schedulefreeadamw": ScheduleFreeAdamW,
    "schedule_free_adamw": ScheduleFreeAdamW,
    "schedule_free_adam_w": ScheduleFreeAdamW,
}

__all__ = [
    "Adadelta",
    "Adafactor",
    "Adagrad",
    "Adam",
    "AdamW",
    "Adamax",
    "Ftrl",
    "Lamb",
    "Lion",
    "LossScaleOptimizer",
    "Muon",
    "Nadam",
    "Optimizer",
    "RMSprop",
    "SGD",
    "ScheduleFreeAdamW",
    "deserialize",
    "get",
    "schedules",
    "serialize",
]


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
