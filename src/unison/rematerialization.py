"""Rematerialization (gradient checkpointing): ``remat`` and ``RematScope``.

``remat(f)`` returns a function computing the same values as ``f``. When the backend active
at call time provides ``remat(function)`` (for example one built on ``jax.checkpoint`` or
``torch.utils.checkpoint``), the call goes through it, so intermediate activations are
recomputed during the backward pass instead of stored. A backend without it runs ``f``
unchanged: results and gradients are identical, only the memory saving is missing.

Example:
    >>> dense = unison.layers.Dense(64)
    >>> checkpointed = unison.remat(dense)
    >>> y = checkpointed(x)                    # same values as dense(x)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

__all__ = ["RematScope", "get_current_remat_mode", "remat"]

_MODES = (None, "full", "activations", "larger_than", "list_of_layers")


def remat(f: Callable) -> Callable:
    """``f`` wrapped for rematerialization on backends that support it (see module doc)."""
    if not callable(f):
        raise TypeError(f"remat expects a callable; received {type(f).__name__}.")

    @functools.wraps(f)
    def rematerialized(*args: Any, **kwargs: Any) -> Any:
        from unison.backend import active_backend

        hook = getattr(active_backend(), "remat", None)
        if hook is None:
            return f(*args, **kwargs)
        return hook(f)(*args, **kwargs)

    return rematerialized


_remat_scopes: ContextVar[tuple] = ContextVar("unison_remat_scopes", default=())


class RematScope:
    """Declare which layers should be rematerialized inside the block.

    Args:
        mode: ``"full"``, ``"activations"``, ``"larger_than"``, ``"list_of_layers"`` or
            ``None`` (off).
        output_size_threshold: for ``"larger_than"``, the output size (elements) above which
            a layer is rematerialized.
        layer_names: for ``"list_of_layers"``, the layers concerned.

    unison's built-in layers do not read this setting yet; custom code can read it with
    :func:`get_current_remat_mode` and wrap computations with :func:`remat` itself.

    Example:
        >>> with unison.RematScope(mode="full"):
        ...     unison.rematerialization.get_current_remat_mode().mode
        'full'
    """

    def __init__(
        self,
        mode: str | None = "full",
        output_size_threshold: int = 1024,
        layer_names: list[str] | None = None,
    ):
        if mode not in _MODES:
            raise ValueError(f"RematScope: mode must be one of {_MODES}; received {mode!r}.")
        if mode == "list_of_layers" and not layer_names:
            raise ValueError("RematScope: mode='list_of_layers' needs a non-empty layer_names.")
        self.mode = mode
        self.output_size_threshold = output_size_threshold
        self.layer_names = list(layer_names or [])
        self._token: Any = None

    def __enter__(self) -> RematScope:
        self._token = _remat_scopes.set((*_remat_scopes.get(), self))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _remat_scopes.reset(self._token)


def get_current_remat_mode() -> RematScope | None:
    """The innermost active :class:`RematScope`, or ``None`` (also when its mode is None)."""
    scopes = _remat_scopes.get()
    if not scopes or scopes[-1].mode is None:
        return None
    return scopes[-1]
