"""Backends as run-time objects: registry, lazy import, the active backend, ``use()``.

This package knows no framework. A backend is imported the first time it is asked for, by
name, from ``unison.backends.<name>``. The active backend lives in a
:class:`contextvars.ContextVar`, so :func:`use` is local to a thread or asyncio task, while
:func:`set_default` changes the process-wide default that every thread falls back to.

Example:
    >>> import unison
    >>> with unison.backend.use("numpy"):
    ...     unison.ops.add(1.0, 2.0)
    array(3., dtype=float32)
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from unison import config

# name -> (module that implements it, framework import name to probe installation)
_REGISTRY: dict[str, tuple[str, str]] = {
    "jax": ("unison.backends.jax", "jax"),
    "torch": ("unison.backends.torch", "torch"),
    "tensorflow": ("unison.backends.tensorflow", "tensorflow"),
    "numpy": ("unison.backends.numpy", "numpy"),
}
_PREFERENCE = ("jax", "torch", "tensorflow")
# Module names every backend package provides; their public functions form the backend.
MODULES = ("core", "numpy", "nn", "math", "linalg", "image", "random", "autodiff", "trainer")


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do; shared code asks these instead of comparing names."""

    can_train: bool
    can_jit: bool
    can_distribute: bool
    has_abstract_eval: bool
    # whether `jit_compile="auto"` compiles training steps (torch.compile stays opt-in)
    jit_by_default: bool = True
    # whether a first eager call is slow because each op compiles (JAX): shared code then
    # prefers an abstract evaluation where only shapes are needed
    eager_ops_compile: bool = False


class Backend:
    """One framework's implementation of every unison op, as attributes.

    The functions of the backend's modules (``core``, ``numpy``, ``nn``...) are flattened onto
    the instance, so ``backend.add`` is a single dictionary lookup on the hot path.
    """

    def __init__(self, name: str, package: ModuleType):
        self.name = name
        self.package = package
        self.capabilities: Capabilities = package.CAPABILITIES
        self.framework_version: str = package.framework_version()
        for module_name in MODULES:
            module = importlib.import_module(f"{package.__name__}.{module_name}")
            for attribute in getattr(module, "__all__", ()):
                self.__dict__[attribute] = getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<unison backend {self.name} ({self.framework_version})>"

    def __reduce__(self):
        return (get_backend, (self.name,))


_loaded: dict[str, Backend] = {}
_load_lock = threading.Lock()


def get_backend(name: str) -> Backend:
    """The backend object for ``name``, importing its framework on first use."""
    backend = _loaded.get(name)
    if backend is not None:
        return backend
    if name not in _REGISTRY:
        raise ValueError(f"Unknown backend {name!r}: expected one of {', '.join(_REGISTRY)}.")
    module_name, framework = _REGISTRY[name]
    if not is_installed(name):
        raise ValueError(
            f"Backend {name!r} is not installed (no module {framework!r}); installed: "
            f"{', '.join(available_backends())}. Install it with `pip install unison[{name}]`."
        )
    with _load_lock:
        if name not in _loaded:
            _loaded[name] = Backend(name, importlib.import_module(module_name))
    return _loaded[name]


def is_installed(name: str) -> bool:
    """Whether the framework behind backend ``name`` can be imported (without importing it)."""
    if name not in _REGISTRY:
        return False
    return importlib.util.find_spec(_REGISTRY[name][1]) is not None


def available_backends() -> list[str]:
    """Names of the installed backends, in preference order, numpy last."""
    return [name for name in (*_PREFERENCE, "numpy") if is_installed(name)]


def loaded_backends() -> list[str]:
    """Names of the backends imported so far in this process."""
    return list(_loaded)


class _Slot:
    """Holds the backend for a context; the attribute read on every eager op."""

    __slots__ = ("backend",)

    def __init__(self, backend: Any):
        self.backend = backend


class _UnresolvedDefault:
    """Stands in for the default backend until it is first used, then resolves it."""

    def __getattr__(self, attribute: str) -> Any:
        return getattr(_resolve_default(), attribute)


_default_slot = _Slot(_UnresolvedDefault())
_default_source = ""
_active: ContextVar[_Slot] = ContextVar("unison_active_backend", default=_default_slot)
# ops read the backend as `current().backend`; binding the method once keeps that cheap.
current = _active.get


def _default_name_and_source() -> tuple[str, str]:
    """The default backend's name and source, without importing its framework."""
    if not isinstance(_default_slot.backend, _UnresolvedDefault):
        return _default_slot.backend.name, _default_source
    name, source = config.backend_setting()
    if name is None:
        return available_backends()[0], "first installed backend"
    if not is_installed(name):
        raise config.ConfigError(
            f"Backend {name!r} from {source} is not installed; installed: "
            f"{', '.join(available_backends())}. Install it with `pip install unison[{name}]`."
        )
    return name, source


def _resolve_default() -> Backend:
    global _default_source
    with _load_lock:
        if not isinstance(_default_slot.backend, _UnresolvedDefault):
            return _default_slot.backend
    name, source = _default_name_and_source()
    try:
        backend = get_backend(name)
    except ValueError as error:
        raise config.ConfigError(f"Backend {name!r} from {source}: {error}") from None
    _default_slot.backend = backend
    _default_source = source
    return backend


def active_backend() -> Backend:
    """The backend ops run on in this thread / task right now."""
    backend = _active.get().backend
    if isinstance(backend, _UnresolvedDefault):
        return _resolve_default()
    return backend


def set_default(name: str | Backend) -> None:
    """Set the process-wide default backend (what ``unison.config.set_backend`` calls)."""
    global _default_source
    backend = name if isinstance(name, Backend) else get_backend(name)
    _default_slot.backend = backend
    _default_source = "set_backend()"


def reset_default() -> None:
    """Forget the default so the next use resolves it again from env / config file."""
    global _default_source
    _default_slot.backend = _UnresolvedDefault()
    _default_source = ""


def active_name_and_source() -> tuple[str, str]:
    """The active backend's name and where it came from, without importing any framework."""
    slot = _active.get()
    if slot is not _default_slot:
        return slot.backend.name, "use() block"
    return _default_name_and_source()


@contextmanager
def use(name: str | Backend) -> Iterator[Backend]:
    """Run a block on another backend, for this thread / asyncio task only.

    Example:
        >>> with unison.backend.use("torch") as torch_backend:
        ...     y = unison.ops.relu(x)   # a torch.Tensor
    """
    backend = name if isinstance(name, Backend) else get_backend(name)
    token = _active.set(_Slot(backend))
    try:
        yield backend
    finally:
        _active.reset(token)


def backend() -> str:
    """Name of the active backend (Keras: ``keras.backend.backend()``)."""
    return active_backend().name


# -- Keras ``keras.backend`` utilities (framework-free) -------------------------------------
from unison.config import (  # noqa: E402, F401
    epsilon,
    floatx,
    image_data_format,
    set_epsilon,
    set_floatx,
    set_image_data_format,
)
from unison.dtypes import (  # noqa: E402, F401
    is_float_dtype,
    is_int_dtype,
    result_type,
    standardize_dtype,
)


def get_uid(prefix: str = "") -> int:
    """A per-prefix counter: 1 on the first call with ``prefix``, then 2, 3...

    It shares its counts with automatic layer names, as in Keras, and
    :func:`clear_session` resets it.

    Example:
        >>> unison.backend.get_uid("dense"), unison.backend.get_uid("dense")
        (1, 2)
    """
    from unison.layers import layer as layer_module

    counts = layer_module._name_counts
    counts[prefix] += 1
    return counts[prefix]


def clear_session(free_memory: bool = True) -> None:
    """Reset global state: automatic layer names, :func:`get_uid` counters and the global
    random seed generators (re-created, unseeded, on next use); optionally collect garbage.
    """
    from unison.layers import layer as layer_module
    from unison.random import seed_generator

    layer_module.clear_session()
    seed_generator._global_generators.clear()
    if free_memory:
        import gc

        gc.collect()


def is_keras_tensor(value: Any) -> bool:
    """Whether ``value`` is a symbolic tensor (``unison.Input`` or a layer output on one)."""
    from unison.symbolic.tensor import SymbolicTensor

    return isinstance(value, SymbolicTensor)
