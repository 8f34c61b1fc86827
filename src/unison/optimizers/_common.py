"""Small helpers shared by the optimizer modules."""

from __future__ import annotations

import re
from typing import Any

from unison import ops

_BASE_ARGUMENTS = (
    "weight_decay",
    "clipnorm",
    "clipvalue",
    "global_clipnorm",
    "use_ema",
    "ema_momentum",
    "ema_overwrite_frequency",
    "loss_scale_factor",
    "gradient_accumulation_steps",
)


def default_name(cls: type) -> str:
    """The name Keras gives an unnamed optimizer: ``RMSprop`` -> ``rm_sprop``."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", cls.__name__)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def base_arguments(scope: dict[str, Any]) -> dict[str, Any]:
    """The base-class keyword arguments found in a constructor's ``locals()``."""
    arguments = {key: scope[key] for key in _BASE_ARGUMENTS if key in scope}
    arguments.update(scope.get("kwargs") or {})
    return arguments


def local_step(optimizer: Any, dtype: str, offset: int = 1) -> Any:
    """``iterations + offset`` as a tensor of ``dtype``."""
    return ops.cast(ops.add(optimizer.iterations.value, offset), dtype)
