"""Step compilation for the one trainer: ``tf.function`` over the stateful step.

Variables are ``tf.Variable`` objects, so the traced step assigns them in the graph.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

__all__ = ["compile_step", "fused_adam", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = True, stateful: bool = True
) -> Callable:
    """``run(data) -> logs`` as a ``tf.function`` (eager when ``jit`` is False)."""
    if not jit:
        return function
    import numpy as np
    import tensorflow as tf

    from unison import tree

    # autograph off: the step is plain Python over ops; converting its loops and ifs would
    # only add tracing time and surprises.
    compiled = tf.function(function, reduce_retracing=True, autograph=False)

    def to_tensor(value):
        return tf.convert_to_tensor(value) if isinstance(value, np.ndarray) else value

    def run(data):
        # NumPy batches become tensors first: tf.function matches tensors against its traces
        # much faster than it hashes arrays.
        return compiled(tree.map_structure(to_tensor, data))

    return run


def no_grad():
    """TensorFlow records gradients only inside a GradientTape: nothing to switch off."""
    return contextlib.nullcontext()


def fused_adam(
    variables, grads, momentums, velocities, learning_rate, beta_1, beta_2, epsilon, iterations
):
    """Adam through TensorFlow's fused ``ResourceApplyAdam`` kernel (the same formula as
    :class:`unison.optimizers.Adam`); ``iterations`` counts the steps taken before this one.
    The scalar operands are built once per dtype (not per variable): fewer graph nodes."""
    import tensorflow as tf

    scalars: dict = {}
    for variable, grad, m, v in zip(variables, grads, momentums, velocities):
        storage = variable.value
        dtype = storage.dtype
        if dtype not in scalars:
            step = tf.cast(iterations, dtype) + 1
            beta_1_value = tf.cast(beta_1, dtype)
            beta_2_value = tf.cast(beta_2, dtype)
            scalars[dtype] = {
                "beta1_power": tf.pow(beta_1_value, step),
                "beta2_power": tf.pow(beta_2_value, step),
                "lr": tf.cast(learning_rate, dtype),
                "beta1": beta_1_value,
                "beta2": beta_2_value,
                "epsilon": tf.cast(epsilon, dtype),
            }
        tf.raw_ops.ResourceApplyAdam(
            var=storage.handle,
            m=m.value.handle,
            v=v.value.handle,
            grad=grad if grad.dtype == dtype else tf.cast(grad, dtype),
            use_locking=False,
            **scalars[dtype],
        )
