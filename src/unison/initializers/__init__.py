"""Weight initializers (``keras.initializers``): classes, snake_case aliases and lookup.

Example:
    >>> init = unison.initializers.get("glorot_uniform")
    >>> init((3, 4)).shape
    (3, 4)
    >>> unison.initializers.serialize(unison.initializers.Zeros())["class_name"]
    'Zeros'
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from unison import dtypes, ops
from unison.initializers.constant_initializers import STFT, Constant, Identity, Ones, Zeros
from unison.initializers.initializer import Initializer
from unison.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomInitializer,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    compute_fans,
)
from unison.saving import serialization

# snake_case aliases, as Keras exports them (the classes themselves)
constant = Constant
zeros = Zeros
ones = Ones
identity = Identity
stft = STFT
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
orthogonal = Orthogonal
# historical names still found in configs
IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

__all__ = [
    "STFT",
    "Constant",
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "Identity",
    "IdentityInitializer",
    "Initializer",
    "LecunNormal",
    "LecunUniform",
    "Ones",
    "Orthogonal",
    "OrthogonalInitializer",
    "RandomInitializer",
    "RandomNormal",
    "RandomUniform",
    "STFTInitializer",
    "TruncatedNormal",
    "VarianceScaling",
    "Zeros",
    "compute_fans",
    "constant",
    "deserialize",
    "get",
    "glorot_normal",
    "glorot_uniform",
    "he_normal",
    "he_uniform",
    "identity",
    "lecun_normal",
    "lecun_uniform",
    "ones",
    "orthogonal",
    "random_normal",
    "random_uniform",
    "serialize",
    "stft",
    "truncated_normal",
    "variance_scaling",
    "zeros",
]

_CLASSES = (
    Initializer, Constant, Zeros, Ones, Identity, STFT, RandomNormal, RandomUniform,
    TruncatedNormal, VarianceScaling, GlorotNormal, GlorotUniform, HeNormal, HeUniform,
    LecunNormal, LecunUniform, Orthogonal,
)  # fmt: skip
_BY_NAME: dict[str, type] = {}
for _cls in _CLASSES:
    _BY_NAME[_cls.__name__] = _cls
_BY_NAME.update(
    {
        "initializer": Initializer,
        "constant": Constant,
        "zeros": Zeros,
        "zero": Zeros,
        "ones": Ones,
        "one": Ones,
        "identity": Identity,
        "IdentityInitializer": Identity,
        "stft": STFT,
        "STFTInitializer": STFT,
        "random_normal": RandomNormal,
        "normal": RandomNormal,
        "random_uniform": RandomUniform,
        "uniform": RandomUniform,
        "truncated_normal": TruncatedNormal,
        "variance_scaling": VarianceScaling,
        "glorot_normal": GlorotNormal,
        "glorot_uniform": GlorotUniform,
        "he_normal": HeNormal,
        "he_uniform": HeUniform,
        "lecun_normal": LecunNormal,
        "lecun_uniform": LecunUniform,
        "orthogonal": Orthogonal,
        "OrthogonalInitializer": Orthogonal,
    }
)
del _cls


def serialize(initializer: Any) -> Any:
    """The Keras-format config dict of ``initializer``.

    Example:
        >>> unison.initializers.serialize(unison.initializers.Ones())
        {'module': 'keras.initializers', 'class_name': 'Ones', 'config': {}, 'registered_name': None}
    """
    return serialization.serialize(initializer)


def deserialize(config: Any, custom_objects: dict | None = None) -> Any:
    """The initializer a config dict (or a name) describes.

    Example:
        >>> unison.initializers.deserialize({"class_name": "Zeros", "config": {}})
        Zeros()
    """
    if isinstance(config, str):
        found = serialization.get_registered_object(config, custom_objects)
        if found is None:
            found = _BY_NAME.get(config)
        if found is None:
            raise ValueError(
                f"Unknown initializer {config!r}. Known names: {', '.join(sorted(_BY_NAME))}."
            )
        return found() if inspect.isclass(found) else found
    if isinstance(config, dict):
        class_name = config.get("class_name")
        registered = config.get("registered_name")
        custom = serialization.get_registered_object(registered or class_name or "", custom_objects)
        if custom is None and class_name in _BY_NAME:
            cls = _BY_NAME[class_name]
            return cls.from_config(dict(config.get("config") or {}))
        return serialization.deserialize(config, custom_objects, module_hint="keras.initializers")
    raise ValueError(
        f"Could not interpret initializer config: expected a name or a dict; received {config!r}."
    )


def _from_array(value: Any):
    expected = tuple(int(dim) for dim in value.shape)

    def initialize(shape: tuple, dtype: Any = None) -> Any:
        if tuple(shape) != expected:
            raise ValueError(
                f"This initializer is a fixed array of shape {expected}; it cannot fill "
                f"shape={tuple(shape)}."
            )
        return ops.cast(ops.convert_to_tensor(value), dtypes.standardize_dtype(dtype))

    return initialize


def get(identifier: Any) -> Any:
    """An initializer from a name, a config dict, a class, a callable or an array.

    ``None`` gives ``None``; a class is instantiated; an array becomes an initializer that
    returns it (cast to the requested dtype) for its own shape.

    Example:
        >>> unison.initializers.get("he_normal")
        HeNormal(seed=None, input_axes=None, output_axes=None)
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if isinstance(identifier, (np.ndarray, np.generic)) or ops.is_tensor(identifier):
        return _from_array(identifier)
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret initializer identifier: expected a name, a config dict, a "
        f"callable or an array; received {identifier!r} of type {type(identifier).__name__}."
    )


serialization.register_builtin_module("keras.initializers", "unison.initializers")
