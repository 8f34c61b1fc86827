"""Saving and serialization."""

from unison.saving.serialization import (
    custom_object_scope,
    deserialize,
    get_registered_name,
    get_registered_object,
    register_serializable,
    serialize,
)

__all__ = [
    "custom_object_scope",
    "deserialize",
    "get_registered_name",
    "get_registered_object",
    "register_serializable",
    "serialize",
]
