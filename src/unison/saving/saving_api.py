"""The Keras names of the saving API: custom-object scopes, object (de)serialization and
weights files as functions.

Example:
    >>> with unison.saving.CustomObjectScope({"Scale": Scale}):
    ...     layer = unison.saving.deserialize_keras_object(config)
    >>> unison.saving.save_weights(model, "model.weights.h5")
"""

from __future__ import annotations

from typing import Any

from unison.saving import serialization

__all__ = [
    "CustomObjectScope",
    "KerasFileEditor",
    "deserialize_keras_object",
    "load_weights",
    "register_keras_serializable",
    "save_weights",
    "serialize_keras_object",
]


class CustomObjectScope:
    """Within the ``with`` block, deserialization also resolves these names.

    Args:
        *custom_objects: dictionaries ``name -> class or function`` (later ones win).

    Example:
        >>> with unison.saving.CustomObjectScope({"Scale": Scale}):
        ...     model = unison.saving.load_model("model.keras")
    """

    def __init__(self, *custom_objects: dict[str, Any] | None):
        merged: dict[str, Any] = {}
        for objects in custom_objects:
            if objects is None:
                continue
            if not isinstance(objects, dict):
                raise TypeError(
                    f"CustomObjectScope expects dicts of name -> object; received "
                    f"{type(objects).__name__}."
                )
            merged.update(objects)
        self.custom_objects = merged
        self._context: Any = None

    def __enter__(self) -> CustomObjectScope:
        self._context = serialization.custom_object_scope(self.custom_objects)
        self._context.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context, self._context = self._context, None
        context.__exit__(*exc_info)


def serialize_keras_object(obj: Any) -> Any:
    """The Keras 3 config dict of ``obj`` (plain values pass through unchanged)."""
    return serialization.serialize(obj)


def deserialize_keras_object(
    config: Any, custom_objects: dict | None = None, safe_mode: bool = True, **kwargs: Any
) -> Any:
    """Rebuild an object from :func:`serialize_keras_object` output or a Keras 3 config.

    Args:
        config: the config dict (or a registered name).
        custom_objects: extra ``name -> object`` entries to resolve classes with.
        safe_mode: refuse configs that carry Python bytecode (Lambda layers).
        **kwargs: ``module_objects`` (a dict searched like ``custom_objects``) is honoured;
            other legacy Keras arguments (``printable_module_name``) are accepted and ignored.
    """
    module_objects = kwargs.pop("module_objects", None)
    kwargs.pop("printable_module_name", None)
    if kwargs:
        raise TypeError(
            f"deserialize_keras_object got unexpected keyword argument(s): "
            f"{', '.join(sorted(kwargs))}."
        )
    objects = {**(module_objects or {}), **(custom_objects or {})} or None
    if safe_mode:
        # the surrounding safe mode applies (safe unless load_model(safe_mode=False) or
        # enable_unsafe_deserialization() said otherwise)
        return serialization.deserialize(config, objects)
    with serialization.safe_mode_scope(False):
        return serialization.deserialize(config, objects)


def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Decorator registering a class or function as ``package>name`` for loading."""
    return serialization.register_serializable(package=package, name=name)


def save_weights(model: Any, filepath: Any, overwrite: bool = True, **kwargs: Any) -> None:
    """Save ``model``'s variables to a ``.weights.h5`` file (``model.save_weights``)."""
    if kwargs:
        raise TypeError(
            f"save_weights got unexpected keyword argument(s): {', '.join(sorted(kwargs))}."
        )
    model.save_weights(filepath, overwrite=overwrite)


def load_weights(model: Any, filepath: Any, skip_mismatch: bool = False, **kwargs: Any) -> Any:
    """Load weights into ``model`` from a ``.weights.h5`` file or a ``.keras`` archive."""
    if kwargs:
        raise TypeError(
            f"load_weights got unexpected keyword argument(s): {', '.join(sorted(kwargs))}."
        )
    return model.load_weights(filepath, skip_mismatch=skip_mismatch)


class KerasFileEditor:
    """Keras's interactive editor of ``.keras`` files; not available in unison.

    Load the model with :func:`unison.saving.load_model`, change its weights through
    ``layer.set_weights`` / ``Variable.assign``, and save it again instead.
    """

    def __init__(self, filepath: Any):
        raise NotImplementedError(
            f"KerasFileEditor is not implemented in unison (received {filepath!r}): load the "
            f"model with unison.saving.load_model, edit weights with layer.set_weights, and "
            f"save it with model.save."
        )
