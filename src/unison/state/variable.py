"""``unison.Variable``: mutable state that remembers the backend it was created on.

Storage is the framework's own: a ``numpy.ndarray``, a ``jax.Array`` (replaced on assign),
a ``torch.nn.Parameter`` (copied into in place) or a ``tf.Variable``. Arithmetic and ops on a
Variable run on the Variable's backend, so a Variable built under JAX keeps working after
``set_backend("torch")``.

Example:
    >>> v = unison.Variable([1.0, 2.0], name="w")
    >>> v.assign_add([1.0, 1.0])
    >>> v.numpy()
    array([2., 3.], dtype=float32)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from unison import dtypes
from unison.backend import Backend, active_backend

_counter = itertools.count()


class StatelessScope:
    """Variable values for a pure-function call: reads come from it, assigns go into it."""

    __slots__ = ("values",)

    def __init__(self, values: dict[int, Any]):
        self.values = values

    def get(self, variable: Variable) -> Any:
        """The value ``variable`` has in this scope (after any assign inside it)."""
        return self.values.get(id(variable))


_stateless: ContextVar[StatelessScope | None] = ContextVar("unison_stateless_scope", default=None)


class Variable:
    """A named, optionally trainable tensor with in-place updates.

    Args:
        initializer: initial value (array-like or tensor), or a callable
            ``initializer(shape, dtype)`` such as an entry of ``unison.initializers``.
        shape: required when ``initializer`` is a callable.
        dtype: dtype name; defaults to the value's dtype, or floatx for callables.
        trainable: whether optimizers update it and gradients are tracked.
        name: short name; ``path`` adds the owning layer's path later.
    """

    def __init__(
        self,
        initializer: Any,
        shape: tuple[int, ...] | None = None,
        dtype: Any = None,
        trainable: bool = True,
        name: str | None = None,
        backend: Backend | str | None = None,
    ):
        if backend is None:
            backend = active_backend()
        elif isinstance(backend, str):
            from unison.backend import get_backend

            backend = get_backend(backend)
        self._backend: Backend = backend
        if name is not None and not isinstance(name, str):
            raise ValueError(f"Variable name must be a string; received {type(name).__name__}.")
        if name is not None and "/" in name:
            raise ValueError(f"Variable name must not contain '/'; received {name!r}.")
        self.name = name or f"variable_{next(_counter)}"
        self.path = self.name
        self.trainable = bool(trainable)
        if callable(initializer) and not hasattr(initializer, "shape"):
            if shape is None:
                raise ValueError(
                    f"Variable {self.name!r}: `shape` is required when the initializer is "
                    f"callable; received shape=None."
                )
            dtype = dtypes.standardize_dtype(dtype)
            with _use(backend):
                value = initializer(tuple(shape), dtype)
        else:
            value = initializer
        self._storage = backend.variable_create(value, dtype, self.trainable, self.name)
        actual_shape = tuple(backend.shape(self._storage))
        if shape is not None and tuple(shape) != actual_shape:
            raise ValueError(
                f"Variable {self.name!r}: initial value has shape {actual_shape}, "
                f"expected shape {tuple(shape)}."
            )
        self._shape = actual_shape
        self._dtype = backend.dtype(self._storage)

    # -- value -------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """The current value as a native tensor of the Variable's backend."""
        scope = _stateless.get()
        if scope is not None:
            value = scope.values.get(id(self))
            if value is not None:
                return value
        return self._backend.variable_value(self._storage)

    @property
    def backend(self) -> Backend:
        """The backend this Variable was created on."""
        return self._backend

    @property
    def shape(self) -> tuple[int, ...]:
        return self._shape

    @property
    def dtype(self) -> str:
        return self._dtype

    @property
    def ndim(self) -> int:
        return len(self._shape)

    def numpy(self):
        """The value as a NumPy array (a copy)."""
        return self._backend.convert_to_numpy(self.value)

    def __tf_tensor__(self, dtype=None, name=None):
        """TensorFlow's conversion protocol: ``tf_tensor * variable`` reads the variable (a
        TensorFlow variable stays differentiable) instead of freezing it through NumPy."""
        import tensorflow as tf

        value = self.value if self._backend.name == "tensorflow" else self.numpy()
        return tf.convert_to_tensor(value, dtype=dtype, name=name)

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    # -- updates ---------------------------------------------------------------------
    def _check_update(self, value: Any) -> Any:
        value = self._backend.cast(self._backend.convert_to_tensor(value), self._dtype)
        received = tuple(self._backend.shape(value))
        if received != self._shape:
            raise ValueError(
                f"Variable {self.path!r}: cannot assign a value of shape {received}; "
                f"expected shape {self._shape}."
            )
        return value

    def assign(self, value: Any) -> Variable:
        """Replace the value (same shape; cast to the Variable's dtype)."""
        if isinstance(value, Variable):
            value = value.value
        value = self._check_update(value)
        scope = _stateless.get()
        if scope is not None:
            scope.values[id(self)] = value
            return self
        self._storage = self._backend.variable_assign(self._storage, value)
        return self

    def assign_add(self, delta: Any) -> Variable:
        """``self.assign(self + delta)``."""
        return self.assign(self._backend.add(self.value, self._unwrap(delta)))

    def assign_sub(self, delta: Any) -> Variable:
        """``self.assign(self - delta)``."""
        return self.assign(self._backend.subtract(self.value, self._unwrap(delta)))

    @staticmethod
    def _unwrap(value: Any) -> Any:
        return value.value if isinstance(value, Variable) else value

    def __repr__(self) -> str:
        return (
            f"<Variable path={self.path} shape={self._shape} dtype={self._dtype} "
            f"backend={self._backend.name}>"
        )

    # -- operators run on the Variable's own backend ------------------------------------
    def _binary(name: str, reflected: bool = False) -> Callable:  # noqa: N805
        def operator(self, other):
            function = getattr(self._backend, name)
            other = Variable._unwrap(other)
            if reflected:
                return function(other, self.value)
            return function(self.value, other)

        operator.__name__ = f"__{'r' if reflected else ''}{name}__"
        return operator

    __add__ = _binary("add")
    __radd__ = _binary("add", reflected=True)
    __sub__ = _binary("subtract")
    __rsub__ = _binary("subtract", reflected=True)
    __mul__ = _binary("multiply")
    __rmul__ = _binary("multiply", reflected=True)
    __truediv__ = _binary("true_divide")
    __rtruediv__ = _binary("true_divide", reflected=True)
    __floordiv__ = _binary("floor_divide")
    __rfloordiv__ = _binary("floor_divide", reflected=True)
    __mod__ = _binary("mod")
    __rmod__ = _binary("mod", reflected=True)
    __pow__ = _binary("power")
    __rpow__ = _binary("power", reflected=True)
    __matmul__ = _binary("matmul")
    __rmatmul__ = _binary("matmul", reflected=True)
    __lt__ = _binary("less")
    __le__ = _binary("less_equal")
    __gt__ = _binary("greater")
    __ge__ = _binary("greater_equal")
    __and__ = _binary("logical_and")
    __or__ = _binary("logical_or")
    __xor__ = _binary("logical_xor")
    del _binary

    def __neg__(self):
        return self._backend.negative(self.value)

    def __pos__(self):
        return self.value

    def __abs__(self):
        return self._backend.absolute(self.value)

    def __invert__(self):
        return self._backend.logical_not(self.value)

    def __getitem__(self, index):
        return self.value[index]

    def __len__(self) -> int:
        if not self._shape:
            raise TypeError("len() of a 0-d Variable")
        return self._shape[0]

    def __bool__(self) -> bool:
        return bool(self.numpy())

    def __float__(self) -> float:
        return float(self.numpy())

    def __int__(self) -> int:
        return int(self.numpy())

    def __hash__(self) -> int:
        return id(self)

    def __iter__(self) -> Iterator:
        for index in range(len(self)):
            yield self[index]


@contextmanager
def _use(backend: Backend) -> Iterator[None]:
    from unison.backend import use

    with use(backend):
        yield


def in_stateless_scope() -> bool:
    """Whether Variable reads and assigns are currently redirected (pure-function mode)."""
    return _stateless.get() is not None


@contextmanager
def stateless_scope(values: dict[Variable, Any] | None = None) -> Iterator[StatelessScope]:
    """Inside the block, each Variable in ``values`` reads as the mapped tensor, and every
    ``assign`` is recorded in the yielded scope instead of changing the Variable.

    This is how layers run as pure functions of variable values (``stateless_call``).
    """
    outer = _stateless.get()
    mapping = dict(outer.values) if outer is not None else {}
    mapping.update({id(variable): value for variable, value in (values or {}).items()})
    scope = StatelessScope(mapping)
    token = _stateless.set(scope)
    try:
        yield scope
    finally:
        _stateless.reset(token)
