"""The nn family of the JAX backend (re-exported from its topic modules)."""

from unison.backends.jax import (
    nn_activations,
    nn_attention,
    nn_conv,
    nn_ctc,
    nn_norm_loss,
)

_MODULES = (nn_activations, nn_attention, nn_conv, nn_ctc, nn_norm_loss)
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
