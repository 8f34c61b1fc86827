"""The numpy family of the JAX backend (re-exported from its topic modules)."""

from unison.backends.jax import (
    numpy_create,
    numpy_elementwise,
    numpy_misc,
    numpy_reduce,
    numpy_shape,
)

_MODULES = (numpy_create, numpy_elementwise, numpy_misc, numpy_reduce, numpy_shape)
__all__ = []
for _module in _MODULES:
    for _name, _value in vars(_module).items():
        if (
            callable(_value)
            and not _name.startswith("_")
            and getattr(_value, "__module__", "") == _module.__name__
        ):
            globals()[_name] = _value
            __all__.append(_name)
del _module, _name, _value
