"""Weight constraints (``keras.constraints``): projections applied after each optimizer step.

A constraint is a callable ``constraint(w) -> projected w``.

Example:
    >>> layer = unison.layers.Dense(3, kernel_constraint="non_neg")
    >>> unison.constraints.NonNeg()(np.array([-1.0, 2.0], "float32"))   # -> [0., 2.]
"""

from __future__ import annotations

import inspect
from typing import Any

from unison import config, ops
from unison.saving import serialization

__all__ = [
    "Constraint",
    "MaxNorm",
    "MinMaxNorm",
    "NonNeg",
    "UnitNorm",
    "deserialize",
    "get",
    "max_norm",
    "min_max_norm",
    "non_neg",
    "serialize",
    "unit_norm",
]


class Constraint:
    """Base class: subclasses implement ``__call__(w)``; the base returns ``w`` unchanged."""

    _keras_module = "keras.constraints"

    def __call__(self, w: Any) -> Any:
        return w

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Constraint:
        return cls(**config)

    def __repr__(self) -> str:
        arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


def _norms(w: Any, axis: Any) -> Any:
    return ops.sqrt(ops.sum(ops.square(w), axis=axis, keepdims=True))


def _as_float(w: Any) -> Any:
    w = ops.convert_to_tensor(w)
    if "float" not in ops.dtype(w):
        w = ops.cast(w, config.floatx())
    return w


class MaxNorm(Constraint):
    """Rescales slices along ``axis`` whose L2 norm exceeds ``max_value``.

    Example:
        >>> unison.constraints.MaxNorm(1.0)(np.array([[3.0], [4.0]], "float32"))
        # -> [[0.6], [0.8]]
    """

    def __init__(self, max_value: float = 2, axis: Any = 0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = _as_float(w)
        norms = _norms(w, self.axis)
        desired = ops.clip(norms, 0, self.max_value)
        return ops.multiply(w, ops.divide(desired, ops.add(norms, config.epsilon())))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Replaces negative weights by zero.

    Example:
        >>> unison.constraints.NonNeg()(np.array([-1.0, 1.0], "float32"))   # -> [0., 1.]
    """

    def __call__(self, w: Any) -> Any:
        return ops.maximum(ops.convert_to_tensor(w), 0)


class UnitNorm(Constraint):
    """Rescales slices along ``axis`` to unit L2 norm.

    Example:
        >>> unison.constraints.UnitNorm()(np.array([[3.0], [4.0]], "float32"))
        # -> [[0.6], [0.8]]
    """

    def __init__(self, axis: Any = 0):
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = _as_float(w)
        return ops.divide(w, ops.add(_norms(w, self.axis), config.epsilon()))

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Moves the L2 norm of each slice along ``axis`` into ``[min_value, max_value]``.

    ``rate`` in ``(0, 1]`` sets how far each step moves towards the interval.

    Example:
        >>> unison.constraints.MinMaxNorm(0.0, 1.0)(np.array([[3.0], [4.0]], "float32"))
        # -> [[0.6], [0.8]]
    """

    def __init__(
        self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis: Any = 0
    ):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w: Any) -> Any:
        w = _as_float(w)
        norms = _norms(w, self.axis)
        clipped = ops.clip(norms, self.min_value, self.max_value)
        desired = ops.add(ops.multiply(clipped, self.rate), ops.multiply(norms, 1.0 - self.rate))
        return ops.multiply(w, ops.divide(desired, ops.add(norms, config.epsilon())))

    def get_config(self) -> dict:
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }


max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm

_BY_NAME: dict[str, type] = {
    "Constraint": Constraint,
    "constraint": Constraint,
    "MaxNorm": MaxNorm,
    "max_norm": MaxNorm,
    "MinMaxNorm": MinMaxNorm,
    "min_max_norm": MinMaxNorm,
    "NonNeg": NonNeg,
    "non_neg": NonNeg,
    "UnitNorm": UnitNorm,
    "unit_norm": UnitNorm,
}


def serialize(constraint: Any) -> Any:
    """The Keras-format config dict of ``constraint``.

    Example:
        >>> unison.constraints.serialize(unison.constraints.NonNeg())["class_name"]
        'NonNeg'
    """
    return serialization.serialize(constraint)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """The constraint a config dict (or a name) describes.

    Example:
        >>> unison.constraints.deserialize("unit_norm")
        UnitNorm(axis=0)
    """
    if isinstance(config, str):
        found = serialization.get_registered_object(config, custom_objects)
        if found is None:
            found = _BY_NAME.get(config)
        if found is None:
            raise ValueError(
                f"Unknown constraint {config!r}. Known names: {', '.join(sorted(_BY_NAME))}."
            )
        return found() if inspect.isclass(found) else found
    if isinstance(config, dict):
        class_name = config.get("class_name")
        custom = serialization.get_registered_object(
            config.get("registered_name") or class_name or "", custom_objects
        )
        if custom is None and class_name in _BY_NAME:
            return _BY_NAME[class_name].from_config(dict(config.get("config") or {}))
        return serialization.deserialize(config, custom_objects, module_hint="keras.constraints")
    raise ValueError(
        f"Could not interpret constraint config: expected a name or a dict; received {config!r}."
    )


def get(identifier: Any) -> Any:
    """A constraint from a name, a config dict, a class or a callable; ``None`` gives ``None``.

    Example:
        >>> unison.constraints.get("non_neg")
        NonNeg()
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret constraint identifier: expected a name, a config dict or a "
        f"callable; received {identifier!r} of type {type(identifier).__name__}."
    )


serialization.register_builtin_module("keras.constraints", "unison.constraints")
