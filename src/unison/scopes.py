"""Context managers of the Keras top level: ``StatelessScope``, ``SymbolicScope``,
``name_scope`` and ``device``.

Example:
    >>> with unison.StatelessScope(state_mapping=[(layer.kernel, new_kernel)]) as scope:
    ...     outputs = layer(inputs)              # reads new_kernel, changes no Variable
    >>> with unison.name_scope("encoder") as scope:
    ...     scope.name
    'encoder'
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from unison.state import variable as variable_module

__all__ = [
    "StatelessScope",
    "SymbolicScope",
    "current_name_scope_path",
    "device",
    "in_stateless_scope",
    "in_symbolic_scope",
    "name_scope",
]


class StatelessScope:
    """Run code as a pure function of variable values.

    Inside the block, each Variable of ``state_mapping`` reads as the paired value, and an
    ``assign`` to any Variable is recorded in the scope instead of changing the Variable;
    read the recorded values with :meth:`get_current_value`.

    Args:
        state_mapping: pairs ``(variable, value)`` (or a dict ``variable -> value``).
        collect_losses: when true, :meth:`add_loss` records losses in ``self.losses``.
            Layers report their losses through ``layer.losses``; unison does not route them
            here.
        initialize_variables: accepted for Keras compatibility; Variables created inside
            the block are initialised immediately, as everywhere in unison.

    Example:
        >>> with unison.StatelessScope([(v, np.zeros(3))]) as scope:
        ...     v.assign_add(np.ones(3))
        ...     scope.get_current_value(v)      # ones; v itself is unchanged
    """

    def __init__(
        self,
        state_mapping: Any = None,
        collect_losses: bool = False,
        initialize_variables: bool = True,
    ):
        pairs = state_mapping.items() if isinstance(state_mapping, dict) else state_mapping or ()
        mapping = {}
        for pair in pairs:
            try:
                variable, value = pair
            except (TypeError, ValueError):
                raise ValueError(
                    f"StatelessScope: state_mapping must hold (variable, value) pairs; "
                    f"received {pair!r}."
                ) from None
            if not isinstance(variable, variable_module.Variable):
                raise ValueError(
                    f"StatelessScope: keys of state_mapping must be unison Variables; received "
                    f"{type(variable).__name__}."
                )
            backend = variable.backend
            mapping[variable] = backend.cast(backend.convert_to_tensor(value), variable.dtype)
        self.state_mapping = mapping
        self.collect_losses = bool(collect_losses)
        self.initialize_variables = bool(initialize_variables)
        self.losses: list[Any] = []
        self._context: Any = None
        self._scope: Any = None

    def __enter__(self) -> StatelessScope:
        self._context = variable_module.stateless_scope(self.state_mapping)
        self._scope = self._context.__enter__()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        context, self._context = self._context, None
        context.__exit__(*exc_info)

    def add_update(self, update: tuple) -> None:
        """Record ``(variable, value)`` as the variable's value inside this scope."""
        variable, value = update
        self._values()[id(variable)] = value

    def get_current_value(self, variable: Any) -> Any:
        """The value ``variable`` has in this scope, or ``None`` when neither mapped nor
        assigned."""
        return self._values().get(id(variable))

    def add_loss(self, loss: Any) -> None:
        """Record ``loss`` when ``collect_losses`` is true."""
        if self.collect_losses:
            self.losses.append(loss)

    def _values(self) -> dict:
        if self._scope is not None:
            return self._scope.values
        return {id(variable): value for variable, value in self.state_mapping.items()}


def in_stateless_scope() -> bool:
    """Whether code runs inside a :class:`StatelessScope` (or ``stateless_call``)."""
    return variable_module._stateless.get() is not None


_symbolic: ContextVar[bool] = ContextVar("unison_symbolic_scope", default=False)


class SymbolicScope:
    """Marks code that runs on symbolic tensors (what Keras sets while building graphs).

    unison decides between symbolic and eager execution from the inputs' types, so the
    scope changes no op's behaviour; code can ask :func:`in_symbolic_scope`.
    """

    def __init__(self) -> None:
        self._token: Any = None

    def __enter__(self) -> SymbolicScope:
        self._token = _symbolic.set(True)
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _symbolic.reset(self._token)


def in_symbolic_scope() -> bool:
    """Whether code runs inside a :class:`SymbolicScope`."""
    return _symbolic.get()


_name_scopes: ContextVar[tuple] = ContextVar("unison_name_scopes", default=())


class name_scope:  # noqa: N801 (Keras name)
    """A hierarchical name: nested scopes join with ``/``.

    ``scope.name`` is the full path; :func:`current_name_scope_path` returns the innermost
    one. Variable paths of layers are ``layer_name/variable_name`` and are not prefixed by
    this scope.

    Args:
        name: this level's name (no ``/``).
        caller: accepted for Keras compatibility (the object opening the scope).
        deduplicate: do not repeat ``name`` when the enclosing scope already ends with it.
        override_parent: a path to nest under instead of the enclosing scope.

    Example:
        >>> with unison.name_scope("outer"):
        ...     with unison.name_scope("inner") as scope:
        ...         scope.name
        'outer/inner'
    """

    def __init__(
        self,
        name: str,
        caller: Any = None,
        deduplicate: bool = True,
        override_parent: str | None = None,
    ):
        if not isinstance(name, str) or not name or "/" in name:
            raise ValueError(
                f"name_scope: name must be a non-empty string without '/'; received {name!r}."
            )
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._local_name = name
        self.name = name
        self._token: Any = None

    def __enter__(self) -> name_scope:
        stack = _name_scopes.get()
        if self.override_parent is not None:
            parent = self.override_parent.strip("/")
        else:
            parent = stack[-1] if stack else ""
        last = parent.rsplit("/", 1)[-1] if parent else ""
        if self.deduplicate and last == self._local_name:
            self.name = parent
        else:
            self.name = f"{parent}/{self._local_name}" if parent else self._local_name
        self._token = _name_scopes.set((*stack, self.name))
        return self

    def __exit__(self, *exc_info: Any) -> None:
        _name_scopes.reset(self._token)


def current_name_scope_path() -> str:
    """The full path of the innermost active :class:`name_scope` (``""`` outside any)."""
    stack = _name_scopes.get()
    return stack[-1] if stack else ""


class device:  # noqa: N801 (Keras name)
    """Place tensors created inside the block on ``device_name`` (``"cpu"``, ``"gpu:0"``...).

    A backend that exposes ``device_scope(name)`` (a context manager) does the placement.
    Otherwise ``"cpu"`` is accepted when the active backend has only CPU devices (nothing
    to change), and anything else raises ``NotImplementedError``: unison does not move
    tensor creation between devices behind the framework's back.
    """

    def __init__(self, device_name: str):
        if not isinstance(device_name, str) or not device_name:
            raise ValueError(
                f"device: device_name must be a string such as 'cpu' or 'gpu:0'; "
                f"received {device_name!r}."
            )
        self.device_name = device_name.lower()
        self._context: Any = None

    def __enter__(self) -> device:
        from unison.backend import active_backend

        backend = active_backend()
        scope = getattr(backend, "device_scope", None)
        if scope is not None:
            self._context = scope(self.device_name)
            self._context.__enter__()
            return self
        kind = self.device_name.split(":", 1)[0]
        available = list(backend.devices())
        if kind == "cpu" and all("cpu" in str(name).lower() for name in available):
            return self
        raise NotImplementedError(
            f"device({self.device_name!r}): the {backend.name} backend does not support "
            f"choosing the device of new tensors in unison (its devices: {available}); "
            f"use the framework's own device placement."
        )

    def __exit__(self, *exc_info: Any) -> None:
        context, self._context = self._context, None
        if context is not None:
            context.__exit__(*exc_info)
