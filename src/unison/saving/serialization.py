"""Keras-compatible object configs: registration, ``serialize`` and ``deserialize``.

An object serializes to the Keras 3 dictionary ``{"module", "class_name", "config",
"registered_name"}`` (plus ``"build_config"`` for built layers). Built-in unison classes
record Keras module names (``"keras.layers"``...) so the configs are the ones real Keras 3
writes and reads. User classes register with :func:`register_serializable`.

Example:
    >>> @unison.saving.register_serializable(package="my_project")
    ... class Scale(unison.layers.Layer):
    ...     ...
    >>> config = unison.saving.serialize(Scale())
    >>> config["registered_name"]
    'my_project>Scale'
"""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

# registered name ("package>Name") -> object, and the reverse.
_REGISTRY: dict[str, Any] = {}
_REGISTERED_NAMES: dict[Any, str] = {}
# Keras module name -> unison modules searched for its classes / functions.
_BUILTIN_MODULES: dict[str, tuple[str, ...]] = {}
_custom_scope = threading.local()
_safe_mode = threading.local()
_unsafe_globally = False


def enable_unsafe_deserialization() -> None:
    """Allow loading Python bytecode (Lambda layers) from configs, process-wide."""
    global _unsafe_globally
    _unsafe_globally = True


def in_safe_mode() -> bool:
    """Whether deserialization must refuse to run code from the config (the default)."""
    if _unsafe_globally:
        return False
    return getattr(_safe_mode, "value", True)


@contextmanager
def safe_mode_scope(safe_mode: bool):
    """Set safe mode for deserialization inside the block."""
    previous = getattr(_safe_mode, "value", True)
    _safe_mode.value = bool(safe_mode)
    try:
        yield
    finally:
        _safe_mode.value = previous


def register_builtin_module(keras_module: str, *unison_modules: str) -> None:
    """Declare that Keras objects of ``keras_module`` live in ``unison_modules``."""
    _BUILTIN_MODULES[keras_module] = tuple(unison_modules)


def register_serializable(package: str = "Custom", name: str | None = None) -> Callable:
    """Class / function decorator making it loadable by its registered name ``package>name``."""
    if ">" in package:
        raise ValueError(f"package must not contain '>'; received {package!r}.")

    def decorate(obj: Any) -> Any:
        registered = f"{package}>{name or obj.__name__}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register {obj.__name__}: serializable classes need get_config()."
            )
        _REGISTRY[registered] = obj
        _REGISTERED_NAMES[obj] = registered
        return obj

    return decorate


def get_registered_name(obj: Any) -> str:
    """The name ``obj`` is registered under, or its ``__name__``."""
    return _REGISTERED_NAMES.get(obj, getattr(obj, "__name__", type(obj).__name__))


def get_custom_objects() -> dict[str, Any]:
    """The live, process-wide dictionary of custom objects, name -> object.

    Registered objects appear under their registered name (``"package>Name"``); entries
    added by hand (``get_custom_objects()["Scale"] = Scale``) are found by deserialization
    too. Prefer :func:`register_serializable` or :func:`custom_object_scope`.
    """
    return _REGISTRY


def get_registered_object(name: str, custom_objects: dict | None = None) -> Any:
    """Look up a custom object by name: ``custom_objects``, then the active
    :func:`custom_object_scope` blocks (innermost first), then :func:`get_custom_objects`.
    ``None`` when unknown."""
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    for scope in reversed(getattr(_custom_scope, "stack", ())):
        if name in scope:
            return scope[name]
    return _REGISTRY.get(name)


@contextmanager
def custom_object_scope(objects: dict[str, Any]):
    """Within the block, ``deserialize`` also resolves these names."""
    stack = getattr(_custom_scope, "stack", None)
    if stack is None:
        stack = _custom_scope.stack = []
    stack.append(dict(objects))
    try:
        yield
    finally:
        stack.pop()


def _keras_module_of(obj: Any) -> str:
    cls = obj if inspect.isclass(obj) or inspect.isfunction(obj) else type(obj)
    return getattr(cls, "_keras_module", None) or cls.__module__


def serialize(obj: Any) -> Any:
    """The Keras-style config of ``obj`` (``None``, plain values and strings pass through)."""
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, (list, tuple)):
        return [serialize(item) for item in obj]
    if isinstance(obj, dict):
        return {key: serialize(value) for key, value in obj.items()}
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        if obj in _REGISTERED_NAMES:
            registered = _REGISTERED_NAMES[obj]
            return {
                "module": _keras_module_of(obj),
                "class_name": "function",
                "config": registered,
                "registered_name": registered,
            }
        return getattr(obj, "_keras_name", obj.__name__)
    if not hasattr(obj, "get_config"):
        raise TypeError(
            f"Cannot serialize {obj!r} of type {type(obj).__name__}: it has no get_config()."
        )
    cls = type(obj)
    registered = _REGISTERED_NAMES.get(cls)
    config = {
        "module": _keras_module_of(obj),
        "class_name": getattr(cls, "_keras_class_name", cls.__name__),
        "config": obj.get_config(),
        "registered_name": registered,
    }
    build_config = getattr(obj, "get_build_config", None)
    if build_config is not None and getattr(obj, "built", False):
        built = build_config()
        if built is not None:
            config["build_config"] = built
    return config


def _resolve_class(config: dict, custom_objects: dict | None) -> Any:
    class_name = config.get("class_name")
    registered = config.get("registered_name")
    for name in (registered, class_name):
        if name:
            found = get_registered_object(name, custom_objects)
            if found is not None:
                return found
    module = config.get("module") or ""
    candidates = list(_BUILTIN_MODULES.get(module, ()))
    for keras_module, unison_modules in _BUILTIN_MODULES.items():
        if module.startswith(keras_module + ".") or keras_module.startswith(module):
            candidates.extend(unison_modules)
    for module_name in candidates:
        found = getattr(importlib.import_module(module_name), class_name, None)
        if found is not None:
            return found
    raise ValueError(
        f"Could not find class {class_name!r} (module {module!r}, registered name "
        f"{registered!r}). Pass it in `custom_objects` or decorate it with "
        f"`unison.saving.register_serializable()`."
    )


def deserialize(config: Any, custom_objects: dict | None = None, module_hint: str | None = None):
    """Rebuild an object from :func:`serialize` output (or a real Keras 3 config).

    ``module_hint`` names where plain strings (``"relu"``) are looked up, e.g.
    ``"keras.activations"``.
    """
    if config is None or isinstance(config, (bool, int, float)):
        return config
    if isinstance(config, str):
        found = get_registered_object(config, custom_objects)
        if found is not None:
            return found
        for module_name in _BUILTIN_MODULES.get(module_hint or "", ()):
            module = importlib.import_module(module_name)
            getter = getattr(module, "get", None)
            if getter is not None:
                return getter(config)
            if hasattr(module, config):
                return getattr(module, config)
        raise ValueError(f"Unknown object name {config!r} (looked in {module_hint}).")
    if isinstance(config, list):
        return [deserialize(item, custom_objects, module_hint) for item in config]
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            f"Expected a config dict with 'class_name' or a name; received {config!r}."
        )
    if config["class_name"] == "function":
        name = config.get("registered_name") or config["config"]
        found = get_registered_object(name, custom_objects)
        if found is None:
            return deserialize(config["config"], custom_objects, config.get("module"))
        return found
    if config["class_name"] == "__tuple__":
        return tuple(config["config"]["value"])
    cls = _resolve_class(config, custom_objects)
    inner = config.get("config", {})
    from_config = getattr(cls, "from_config", None)
    with custom_object_scope(custom_objects or {}):
        instance = cls(**inner) if from_config is None else from_config(inner)
    build_config = config.get("build_config")
    if build_config and hasattr(instance, "build_from_config"):
        instance.build_from_config(build_config)
    return instance
