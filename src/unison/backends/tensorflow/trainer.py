"""Step compilation for the one trainer: ``tf.function`` over the stateful step.

Variables are ``tf.Variable`` objects, so the traced step assigns them in the graph.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

__all__ = ["compile_step", "no_grad"]


def compile_step(
    function: Callable, state_variables: list, jit: bool = True, stateful: bool = True
) -> Callable:
    """``run(data) -> logs`` as a ``tf.function`` (eager when ``jit`` is False)."""
    if not jit:
        return function
    import tensorflow as tf

    # autograph off: the step is plain Python over ops; converting its loops and ifs would
    # only add tracing time and surprises.
    return tf.function(function, reduce_retracing=True, autograph=False)


def no_grad():
    """TensorFlow records gradients only inside a GradientTape: nothing to switch off."""
    return contextlib.nullcontext()
