"""``Initializer``: the base class of weight initializers.

An initializer is a callable ``initializer(shape, dtype=None)`` returning a tensor of that
shape and dtype on the active backend.

Example:
    >>> class Halves(unison.initializers.Initializer):
    ...     def __call__(self, shape, dtype=None):
    ...         return unison.ops.full(shape, 0.5, dtype=dtype)
    >>> Halves()((2,)).shape
    (2,)
"""

from __future__ import annotations

from typing import Any

from unison import dtypes


class Initializer:
    """Base class: subclasses implement ``__call__(shape, dtype=None)`` and ``get_config``."""

    _keras_module = "keras.initializers"

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} does not implement __call__(shape, dtype); initializer "
            f"subclasses must."
        )

    def get_config(self) -> dict:
        """Constructor arguments as a JSON-friendly dict (none for the base class)."""
        return {}

    @classmethod
    def from_config(cls, config: dict) -> Initializer:
        """Re-create the initializer from :meth:`get_config` output."""
        return cls(**config)

    def clone(self) -> Initializer:
        """A new initializer with the same configuration."""
        return type(self).from_config(self.get_config())

    def __repr__(self) -> str:
        arguments = ", ".join(f"{key}={value!r}" for key, value in self.get_config().items())
        return f"{type(self).__name__}({arguments})"


def check_shape(shape: Any, initializer: str) -> tuple[int, ...]:
    """``shape`` as a tuple of non-negative ints, or a ValueError naming the initializer."""
    if isinstance(shape, int):
        shape = (shape,)
    try:
        result = tuple(int(dim) for dim in shape)
    except (TypeError, ValueError):
        raise ValueError(
            f"{initializer}: `shape` must be a tuple of non-negative ints; received {shape!r}."
        ) from None
    if any(dim < 0 for dim in result):
        raise ValueError(
            f"{initializer}: `shape` must be a tuple of non-negative ints; received {shape!r}."
        )
    return result


def standardize_dtype(dtype: Any) -> str:
    """The dtype name; ``None`` means the configured default float (``floatx``)."""
    return dtypes.standardize_dtype(dtype)
