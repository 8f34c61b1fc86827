"""dtype policies: the dtype a layer computes in and the dtype it stores variables in.

``"float32"``, ``"float16"``, ``"bfloat16"`` and ``"float64"`` compute and store in that dtype;
``"mixed_float16"`` and ``"mixed_bfloat16"`` compute in half precision and keep variables in
float32.

Example:
    >>> policy = unison.dtype_policies.DTypePolicy("mixed_bfloat16")
    >>> policy.compute_dtype, policy.variable_dtype
    ('bfloat16', 'float32')
"""

from __future__ import annotations

from typing import Any

from unison import config, dtypes

__all__ = [
    "DTypePolicy",
    "FloatDTypePolicy",
    "default_policy",
    "deserialize",
    "get",
    "serialize",
    "set_default_policy",
]

_MIXED = {"mixed_float16": "float16", "mixed_bfloat16": "bfloat16"}
# Set by `unison.config.set_dtype_policy`; None means "floatx()".
_default: DTypePolicy | None = None


class DTypePolicy:
    """A named pair of compute dtype and variable dtype."""

    _keras_module = "keras"

    def __init__(self, name: str | None = None):
        if name is None:
            name = _default.name if _default is not None else config.floatx()
        if not isinstance(name, str):
            raise TypeError(f"DTypePolicy name must be a string; received {type(name).__name__}.")
        if name in _MIXED:
            self._compute, self._variable = _MIXED[name], "float32"
        else:
            standard = dtypes.standardize_dtype(name)
            self._compute = self._variable = standard
            name = standard
        self.name = name

    @property
    def compute_dtype(self) -> str:
        return self._compute

    @property
    def variable_dtype(self) -> str:
        return self._variable

    def get_config(self) -> dict:
        return {"name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> DTypePolicy:
        return cls(**config)

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, DTypePolicy) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f'<DTypePolicy "{self.name}">'


FloatDTypePolicy = DTypePolicy


def set_default_policy(policy: Any) -> None:
    """Make ``policy`` (a name or a policy; ``None``: floatx) what ``get(None)`` returns."""
    global _default
    _default = None if policy is None else get(policy)


def default_policy() -> DTypePolicy:
    """The policy of layers created without ``dtype``: the one set, else floatx."""
    return _default if _default is not None else DTypePolicy(config.floatx())


def get(identifier: Any) -> DTypePolicy:
    """A policy from a name, a config dict, a policy, or ``None`` (the default policy)."""
    if isinstance(identifier, DTypePolicy):
        return identifier
    if identifier is None and _default is not None:
        return _default
    if identifier is None or isinstance(identifier, str):
        return DTypePolicy(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    name = getattr(identifier, "name", None)
    if name is not None:  # a framework dtype object
        return DTypePolicy(dtypes.standardize_dtype(identifier))
    raise ValueError(f"Cannot interpret {identifier!r} as a dtype policy.")


def serialize(policy: DTypePolicy) -> dict:
    return {
        "module": "keras",
        "class_name": "DTypePolicy",
        "config": policy.get_config(),
        "registered_name": None,
    }


def deserialize(config: dict) -> DTypePolicy:
    if isinstance(config, str):
        return DTypePolicy(config)
    if config.get("class_name") not in ("DTypePolicy", "FloatDTypePolicy"):
        raise ValueError(
            f"Unsupported dtype policy {config.get('class_name')!r}: only DTypePolicy "
            f"(float and mixed precision) is available."
        )
    return DTypePolicy(**config.get("config", {}))
