"""Weight / activity penalties (``keras.regularizers``): L1, L2, L1L2, orthogonality.

A regularizer is a callable ``regularizer(x) -> scalar`` added to the loss.

Example:
    >>> layer = unison.layers.Dense(3, kernel_regularizer="l2")
    >>> unison.regularizers.L1(0.1)(np.array([-1.0, 2.0], "float32"))   # -> 0.3
"""

from __future__ import annotations

import inspect
import math
from typing import Any

from unison import ops
from unison.saving import serialization

__all__ = [
    "L1",
    "L1L2",
    "L2",
    "OrthogonalRegularizer",
    "Regularizer",
    "deserialize",
    "get",
    "l1",
    "l1_l2",
    "l2",
    "orthogonal_regularizer",
    "serialize",
]


def _check_factor(value: Any, name: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        and not hasattr(value, "__float__")
    ):
        raise ValueError(f"`{name}` must be a finite non-negative float; received {value!r}.")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"`{name}` must be a finite non-negative float; received {value!r}.")
    return value


class Regularizer:
    """Base class: subclasses implement ``__call__(x)`` returning a scalar penalty."""

    _keras_module = "keras.regularizers"

    def __call__(self, x: Any) -> Any:
        return 0.0

    def get_config(self) -> dict:
        raise NotImplementedError(
            f"{type(self).__name__} does not implement get_config(); regularizers that are "
            f"saved with a model must."
        )

    @classmethod
    def from_config(cls, config: dict) -> Regularizer:
        return cls(**config)

    def __repr__(self) -> str:
        try:
            arguments = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except NotImplementedError:
            arguments = ""
        return f"{type(self).__name__}({arguments})"


def _dtype_of(x: Any) -> str:
    dtype = ops.dtype(x)
    return dtype if "float" in dtype else "float32"


class L1L2(Regularizer):
    """``l1 * sum(|x|) + l2 * sum(x**2)``.

    Example:
        >>> unison.regularizers.L1L2(l1=0.1, l2=0.1)(np.ones(2, "float32"))   # -> 0.4
    """

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        self.l1 = _check_factor(0.0 if l1 is None else l1, "l1")
        self.l2 = _check_factor(0.0 if l2 is None else l2, "l2")

    def __call__(self, x: Any) -> Any:
        dtype = _dtype_of(x)
        penalty = ops.zeros((), dtype=dtype)
        if self.l1:
            penalty = ops.add(penalty, ops.multiply(ops.sum(ops.absolute(x)), self.l1))
        if self.l2:
            penalty = ops.add(penalty, ops.multiply(ops.sum(ops.square(x)), self.l2))
        return penalty

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(Regularizer):
    """``l1 * sum(|x|)``.

    Example:
        >>> unison.regularizers.L1(0.5)(np.array([-2.0], "float32"))   # -> 1.0
    """

    def __init__(self, l1: float = 0.01):
        self.l1 = _check_factor(0.01 if l1 is None else l1, "l1")

    def __call__(self, x: Any) -> Any:
        return ops.multiply(ops.sum(ops.absolute(x)), self.l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(Regularizer):
    """``l2 * sum(x**2)``.

    Example:
        >>> unison.regularizers.L2(0.5)(np.array([-2.0], "float32"))   # -> 2.0
    """

    def __init__(self, l2: float = 0.01):
        self.l2 = _check_factor(0.01 if l2 is None else l2, "l2")

    def __call__(self, x: Any) -> Any:
        return ops.multiply(ops.sum(ops.square(x)), self.l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


class OrthogonalRegularizer(Regularizer):
    """Penalises non-orthogonality of the rows (or columns) of a 2-D weight.

    The penalty is ``factor`` times the mean absolute cosine similarity between distinct
    L2-normalised rows (``mode="rows"``) or columns (``mode="columns"``).

    Example:
        >>> unison.regularizers.OrthogonalRegularizer(0.1)(np.eye(3, dtype="float32"))   # -> 0.
    """

    def __init__(self, factor: float = 0.01, mode: str = "rows"):
        self.factor = _check_factor(factor, "factor")
        if mode not in ("rows", "columns"):
            raise ValueError(
                f"OrthogonalRegularizer: `mode` must be 'rows' or 'columns'; received {mode!r}."
            )
        self.mode = mode

    def __call__(self, inputs: Any) -> Any:
        shape = tuple(ops.shape(inputs))
        if len(shape) != 2:
            raise ValueError(f"OrthogonalRegularizer: inputs must be 2-D; received shape {shape}.")
        if self.mode == "rows":
            normalized = ops.normalize(inputs, axis=1)
            product = ops.matmul(normalized, ops.transpose(normalized))
            size = shape[0]
        else:
            normalized = ops.normalize(inputs, axis=0)
            product = ops.matmul(ops.transpose(normalized), normalized)
            size = shape[1]
        off_diagonal = ops.multiply(
            product, ops.subtract(1.0, ops.eye(size, dtype=ops.dtype(product)))
        )
        pairs = size * (size - 1.0) / 2.0
        total = ops.sum(ops.absolute(off_diagonal))
        return ops.multiply(total, self.factor * 0.5 / pairs)

    def get_config(self) -> dict:
        return {"factor": self.factor, "mode": self.mode}


l1 = L1
l2 = L2
l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_BY_NAME: dict[str, type] = {
    "Regularizer": Regularizer,
    "regularizer": Regularizer,
    "L1": L1,
    "l1": L1,
    "L2": L2,
    "l2": L2,
    "L1L2": L1L2,
    "l1l2": L1L2,
    "l1_l2": L1L2,
    "OrthogonalRegularizer": OrthogonalRegularizer,
    "orthogonal_regularizer": OrthogonalRegularizer,
}


def serialize(regularizer: Any) -> Any:
    """The Keras-format config dict of ``regularizer``.

    Example:
        >>> unison.regularizers.serialize(unison.regularizers.L2(0.1))["config"]
        {'l2': 0.1}
    """
    return serialization.serialize(regularizer)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """The regularizer a config dict (or a name) describes.

    Example:
        >>> unison.regularizers.deserialize("l2")
        L2(l2=0.01)
    """
    if isinstance(config, str):
        found = serialization.get_registered_object(config, custom_objects)
        if found is None:
            found = _BY_NAME.get(config)
        if found is None:
            raise ValueError(
                f"Unknown regularizer {config!r}. Known names: {', '.join(sorted(_BY_NAME))}."
            )
        return found() if inspect.isclass(found) else found
    if isinstance(config, dict):
        class_name = config.get("class_name")
        custom = serialization.get_registered_object(
            config.get("registered_name") or class_name or "", custom_objects
        )
        if custom is None and class_name in _BY_NAME:
            return _BY_NAME[class_name].from_config(dict(config.get("config") or {}))
        return serialization.deserialize(config, custom_objects, module_hint="keras.regularizers")
    raise ValueError(
        f"Could not interpret regularizer config: expected a name or a dict; received {config!r}."
    )


def get(identifier: Any) -> Any:
    """A regularizer from a name, a config dict, a class or a callable; ``None`` gives ``None``.

    Example:
        >>> unison.regularizers.get("l1")
        L1(l1=0.01)
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
        f"Could not interpret regularizer identifier: expected a name, a config dict or a "
        f"callable; received {identifier!r} of type {type(identifier).__name__}."
    )


serialization.register_builtin_module("keras.regularizers", "unison.regularizers")
