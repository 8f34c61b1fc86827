"""The JAX backend: jitted, differentiable, distributable; storage is immutable ``jax.Array``."""

from unison.backend import Capabilities

CAPABILITIES = Capabilities(
    can_train=True,
    can_jit=True,
    can_distribute=True,
    has_abstract_eval=True,
    eager_ops_compile=True,
)


def framework_version() -> str:
    import jax

    return jax.__version__
