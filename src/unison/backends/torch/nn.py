"""The nn family of the torch backend, gathered from the nn_* modules."""

from unison.backends.contract import gather

__all__ = gather(globals(), "nn", extras=("fused_conv", "fused_dense"))
