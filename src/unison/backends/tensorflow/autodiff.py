"""Gradients with ``tf.GradientTape`` and compilation with ``tf.function``."""

import tensorflow as tf

from unison import tree
from unison.backends.contract import gather
from unison.backends.tensorflow._base import convert_to_tensor


def _watched(value):
    if isinstance(value, tf.Variable):
        return value
    return convert_to_tensor(value)


def _differentiate(function, argnums, has_aux, args, kwargs):
    single = isinstance(argnums, int)
    positions = (argnums,) if single else tuple(argnums)
    args = list(args)
    for position in positions:
        if position >= len(args):
            raise ValueError(
                f"argnums={argnums!r} refers to argument {position}, but the function was "
                f"called with {len(args)} positional arguments."
            )
    flat_inputs = []
    with tf.GradientTape() as tape:
        for position in positions:
            leaves = [_watched(leaf) for leaf in tree.flatten(args[position])]
            tape.watch(leaves)
            flat_inputs.append(leaves)
            args[position] = tree.pack_sequence_as(args[position], leaves)
        outputs = function(*args, **kwargs)
        if has_aux:
            if not (isinstance(outputs, (tuple, list)) and len(outputs) == 2):
                raise ValueError(
                    "With has_aux=True the function must return a pair (value, aux); received "
                    f"{type(outputs).__name__}."
                )
            value, aux = outputs
        else:
            value, aux = outputs, None
    gradients = tape.gradient(
        value, flat_inputs, unconnected_gradients=tf.UnconnectedGradients.ZERO
    )
    packed = [
        tree.pack_sequence_as(args[position], list(flat))
        for position, flat in zip(positions, gradients, strict=True)
    ]
    return value, aux, packed[0] if single else tuple(packed)


def value_and_grad(function, argnums=0, has_aux=False):
    def wrapper(*args, **kwargs):
        value, aux, gradients = _differentiate(function, argnums, has_aux, args, kwargs)
        if has_aux:
            return (value, aux), gradients
        return value, gradients

    return wrapper


def grad(function, argnums=0, has_aux=False):
    def wrapper(*args, **kwargs):
        _, aux, gradients = _differentiate(function, argnums, has_aux, args, kwargs)
        if has_aux:
            return gradients, aux
        return gradients

    return wrapper


def jit(function, static_argnums=()):
    # tf.function already treats non-tensor Python arguments as static (it retraces per value).
    return tf.function(function, reduce_retracing=True)


__all__ = gather(globals(), "autodiff")
