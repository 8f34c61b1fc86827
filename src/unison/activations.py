"""Activation functions (``keras.activations``), usable by name in layers.

Each function carries ``_keras_name``: the string a config records for it (``"relu"``), so
``activation="relu"`` round-trips through ``get_config`` exactly as Keras 3 writes it.

Example:
    >>> unison.activations.get("relu")([-1.0, 2.0])   # -> [0., 2.]
    >>> unison.activations.serialize(unison.activations.swish)
    'silu'
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from unison import ops
from unison.saving import serialization

__all__ = [
    "celu",
    "deserialize",
    "elu",
    "exponential",
    "gelu",
    "get",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "linear",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "relu",
    "relu6",
    "selu",
    "serialize",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh",
    "tanh_shrink",
    "threshold",
]


def relu(
    x: Any, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0
):
    """Rectified linear unit with optional leak, cap and threshold.

    ``x`` above ``threshold`` (capped at ``max_value``), else
    ``negative_slope * (x - threshold)``.

    Example:
        >>> unison.activations.relu([-10.0, -5.0, 0.0, 5.0, 10.0], max_value=5.0)
        # -> [0., 0., 0., 5., 5.]
    """
    if negative_slope == 0.0 and threshold == 0.0:
        if max_value is None:
            return ops.relu(x)
        if max_value == 6:
            return ops.relu6(x)
    x = ops.convert_to_tensor(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0.0:
            return ops.leaky_relu(x, negative_slope=negative_slope)
        negative_part = (
            ops.relu(ops.subtract(threshold, x)) if threshold != 0.0 else ops.relu(ops.negative(x))
        )
    if threshold != 0.0:
        positive = ops.where(ops.greater(x, threshold), x, ops.zeros_like(x))
    else:
        positive = ops.relu(x)
    if max_value is not None:
        positive = ops.clip(positive, 0.0, max_value)
    if negative_slope != 0.0:
        positive = ops.subtract(positive, ops.multiply(negative_part, negative_slope))
    return positive


def leaky_relu(x: Any, negative_slope: float = 0.2):
    """``x`` when positive, else ``negative_slope * x``.

    Example:
        >>> unison.activations.leaky_relu([-1.0, 2.0])   # -> [-0.2, 2.]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x: Any):
    """``min(max(x, 0), 6)``.

    Example:
        >>> unison.activations.relu6([-1.0, 8.0])   # -> [0., 6.]
    """
    return ops.relu6(x)


def softmax(x: Any, axis: int = -1):
    """``exp(x) / sum(exp(x))`` along ``axis``: a probability distribution.

    Example:
        >>> unison.activations.softmax([[1.0, 1.0]])   # -> [[0.5, 0.5]]
    """
    return ops.softmax(x, axis=axis)


def elu(x: Any, alpha: float = 1.0):
    """Exponential linear unit: ``x`` when positive, else ``alpha * (exp(x) - 1)``.

    Example:
        >>> unison.activations.elu([-1.0, 1.0])   # -> [-0.6321, 1.]
    """
    return ops.elu(x, alpha=alpha)


def selu(x: Any):
    """Scaled ELU with the self-normalising constants (alpha 1.6733, scale 1.0507).

    Example:
        >>> unison.activations.selu([1.0])   # -> [1.0507]
    """
    return ops.selu(x)


def softplus(x: Any):
    """``log(exp(x) + 1)``.

    Example:
        >>> unison.activations.softplus([0.0])   # -> [0.6931]
    """
    return ops.softplus(x)


def softsign(x: Any):
    """``x / (|x| + 1)``.

    Example:
        >>> unison.activations.softsign([1.0])   # -> [0.5]
    """
    return ops.softsign(x)


def soft_shrink(x: Any, threshold: float = 0.5):
    """Shrinks towards zero by ``threshold``; zero inside ``[-threshold, threshold]``.

    Example:
        >>> unison.activations.soft_shrink([-1.0, 0.2, 1.0])   # -> [-0.5, 0., 0.5]
    """
    return ops.soft_shrink(x, threshold=threshold)


def sparse_plus(x: Any):
    """0 below -1, ``x`` above 1, ``(x + 1)**2 / 4`` between.

    Example:
        >>> unison.activations.sparse_plus([0.0])   # -> [0.25]
    """
    return ops.sparse_plus(x)


def silu(x: Any):
    """Sigmoid linear unit (swish), ``x * sigmoid(x)``.

    Example:
        >>> unison.activations.silu([1.0])   # -> [0.7311]
    """
    return ops.silu(x)


def squareplus(x: Any, b: float = 4):
    """``(x + sqrt(x**2 + b)) / 2``.

    Example:
        >>> unison.activations.squareplus([0.0])   # -> [1.]
    """
    return ops.squareplus(x, b=b)


def gelu(x: Any, approximate: bool = False):
    """Gaussian error linear unit, exact (``approximate=False``) or tanh-approximated.

    Example:
        >>> unison.activations.gelu([1.0])   # -> [0.8413]
    """
    return ops.gelu(x, approximate=approximate)


def celu(x: Any, alpha: float = 1.0):
    """Continuously differentiable ELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Example:
        >>> unison.activations.celu([-1.0, 1.0])   # -> [-0.6321, 1.]
    """
    return ops.celu(x, alpha=alpha)


def glu(x: Any, axis: int = -1):
    """Gated linear unit: splits ``axis`` in halves ``a, b`` and returns ``a * sigmoid(b)``.

    Example:
        >>> unison.activations.glu([[1.0, 0.0]])   # -> [[0.5]]
    """
    return ops.glu(x, axis=axis)


def tanh(x: Any):
    """Hyperbolic tangent.

    Example:
        >>> unison.activations.tanh([0.0])   # -> [0.]
    """
    return ops.tanh(x)


def tanh_shrink(x: Any):
    """``x - tanh(x)``.

    Example:
        >>> unison.activations.tanh_shrink([0.0])   # -> [0.]
    """
    return ops.tanh_shrink(x)


def hard_tanh(x: Any):
    """``clip(x, -1, 1)``.

    Example:
        >>> unison.activations.hard_tanh([-3.0, 0.5])   # -> [-1., 0.5]
    """
    return ops.hard_tanh(x)


def hard_shrink(x: Any, threshold: float = 0.5):
    """``x`` where ``|x| > threshold``, else 0.

    Example:
        >>> unison.activations.hard_shrink([-1.0, 0.2])   # -> [-1., 0.]
    """
    return ops.hard_shrink(x, threshold=threshold)


def threshold(x: Any, threshold: float, default_value: float):
    """``x`` where ``x > threshold``, else ``default_value``.

    Example:
        >>> unison.activations.threshold([0.5, 2.0], 1.0, -1.0)   # -> [-1., 2.]
    """
    return ops.threshold(x, threshold, default_value)


def sigmoid(x: Any):
    """``1 / (1 + exp(-x))``.

    Example:
        >>> unison.activations.sigmoid([0.0])   # -> [0.5]
    """
    return ops.sigmoid(x)


def exponential(x: Any):
    """``exp(x)``.

    Example:
        >>> unison.activations.exponential([0.0])   # -> [1.]
    """
    return ops.exp(x)


def hard_sigmoid(x: Any):
    """``clip(x / 6 + 0.5, 0, 1)``.

    Example:
        >>> unison.activations.hard_sigmoid([0.0])   # -> [0.5]
    """
    return ops.hard_sigmoid(x)


def log_sigmoid(x: Any):
    """``log(sigmoid(x))``, computed stably.

    Example:
        >>> unison.activations.log_sigmoid([0.0])   # -> [-0.6931]
    """
    return ops.log_sigmoid(x)


def sparse_sigmoid(x: Any):
    """0 below -1, 1 above 1, ``(x + 1) / 2`` between.

    Example:
        >>> unison.activations.sparse_sigmoid([0.0])   # -> [0.5]
    """
    return ops.sparse_sigmoid(x)


def hard_silu(x: Any):
    """Hard swish, ``x * hard_sigmoid(x)``.

    Example:
        >>> unison.activations.hard_silu([3.0])   # -> [3.]
    """
    return ops.hard_silu(x)


def linear(x: Any):
    """The identity: returns ``x`` unchanged.

    Example:
        >>> unison.activations.linear(3.0)
        3.0
    """
    return x


def mish(x: Any):
    """``x * tanh(softplus(x))``.

    Example:
        >>> unison.activations.mish([1.0])   # -> [0.8651]
    """
    return ops.multiply(x, ops.tanh(ops.softplus(x)))


def log_softmax(x: Any, axis: int = -1):
    """``log(softmax(x))`` along ``axis``, computed stably.

    Example:
        >>> unison.activations.log_softmax([[0.0, 0.0]])   # -> [[-0.6931, -0.6931]]
    """
    return ops.log_softmax(x, axis=axis)


def sparsemax(x: Any, axis: int = -1):
    """Euclidean projection of ``x`` onto the probability simplex (sparse probabilities).

    Example:
        >>> unison.activations.sparsemax([[1.0, 0.0]])   # -> [[1., 0.]]
    """
    return ops.sparsemax(x, axis=axis)


swish = silu
hard_swish = hard_silu

_BY_NAME: dict[str, Callable] = {}
for _function in (
    celu, elu, exponential, gelu, glu, hard_shrink, hard_sigmoid, hard_silu, hard_tanh,
    leaky_relu, linear, log_sigmoid, log_softmax, mish, relu, relu6, selu, sigmoid, silu,
    soft_shrink, softmax, softplus, softsign, sparse_plus, sparse_sigmoid, sparsemax,
    squareplus, tanh, tanh_shrink, threshold,
):  # fmt: skip
    _function._keras_name = _function.__name__
    _function._keras_module = "keras.activations"
    _BY_NAME[_function.__name__] = _function
_BY_NAME["swish"] = silu
_BY_NAME["hard_swish"] = hard_silu
del _function


def serialize(activation: Callable) -> Any:
    """The config of ``activation``: its name for built-ins, a dict for registered objects.

    Example:
        >>> unison.activations.serialize(unison.activations.relu)
        'relu'
    """
    name = getattr(activation, "_keras_name", None)
    if name is not None and _BY_NAME.get(name) is activation:
        return name
    if isinstance(activation, types.FunctionType):
        if activation in serialization._REGISTERED_NAMES:
            return serialization.serialize(activation)
        if activation.__name__ == "<lambda>":
            raise ValueError(
                "Cannot serialize a lambda activation: give the function a name and register "
                "it with `unison.saving.register_serializable()`."
            )
        return serialization.serialize(activation)
    return serialization.serialize(activation)


def deserialize(config: Any, custom_objects: dict | None = None) -> Callable:
    """The activation a config (a name or a dict from :func:`serialize`) describes.

    Example:
        >>> unison.activations.deserialize("gelu") is unison.activations.gelu
        True
    """
    if isinstance(config, str):
        found = serialization.get_registered_object(config, custom_objects)
        if found is not None:
            return found
        if config in _BY_NAME:
            return _BY_NAME[config]
        raise ValueError(
            f"Unknown activation function {config!r}. Known names: {', '.join(sorted(_BY_NAME))}."
        )
    if isinstance(config, dict):
        if config.get("class_name") == "function":
            inner = config.get("config")
            name = config.get("registered_name") or inner
            found = serialization.get_registered_object(name, custom_objects)
            if found is not None:
                return found
            if isinstance(inner, str) and inner in _BY_NAME:
                return _BY_NAME[inner]
        return serialization.deserialize(config, custom_objects, module_hint="keras.activations")
    raise ValueError(
        f"Could not interpret activation function identifier: expected a name or a config "
        f"dict; received {config!r}."
    )


def get(identifier: Any) -> Callable:
    """An activation from a name, a config dict or a callable; ``None`` gives :func:`linear`.

    Example:
        >>> unison.activations.get(None) is unison.activations.linear
        True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        found = _BY_NAME.get(identifier)
        if found is not None:
            return found
        return deserialize(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret activation function identifier: expected a name, a config dict "
        f"or a callable; received {identifier!r} of type {type(identifier).__name__}."
    )


serialization.register_builtin_module("keras.activations", "unison.activations")
