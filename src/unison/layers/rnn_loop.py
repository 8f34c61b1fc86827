"""The time loop shared by every recurrent layer, written once with public ops.

``run_rnn`` walks a step function over axis 1 of ``(batch, time, ...)`` inputs with
``ops.scan`` (so it compiles under ``jax.jit`` and ``tf.function``) or, when ``unroll`` is
set, with a Python loop over the (static) time axis. Masked steps keep the previous states
and emit either zeros or the previous output.

Example:
    >>> step = lambda x, states: (x + states[0], [x + states[0]])
    >>> last, outputs, states = run_rnn(step, np.ones((2, 3, 4), "float32"),
    ...                                 [np.zeros((2, 4), "float32")])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from unison import ops, tree

__all__ = ["run_rnn"]


def _expand_to_rank(mask: Any, rank: int) -> Any:
    for _ in range(rank - 1):
        mask = ops.expand_dims(mask, -1)
    return mask


def _previous_output(states: list) -> Any:
    """The output of the previous step: the first state (of the last cell when stacked)."""
    first = states[0]
    if tree.is_nested(first):
        return tree.flatten(states[-1])[0]
    return first


def _conform(new_states: Any, states: Any) -> Any:
    """``new_states`` in the structure and dtypes of ``states`` (a loop carry must keep both)."""
    flat_new = tree.flatten(new_states)
    flat_old = tree.flatten(states)
    if len(flat_new) != len(flat_old):
        raise ValueError(
            f"The RNN cell returned {len(flat_new)} state tensor(s) but received "
            f"{len(flat_old)}; a cell must return as many states as it is given "
            f"(see its `state_size`)."
        )
    conformed = []
    for new, old in zip(flat_new, flat_old, strict=False):
        if ops.dtype(new) != ops.dtype(old):
            new = ops.cast(new, ops.dtype(old))
        conformed.append(new)
    return tree.pack_sequence_as(states, conformed)


def run_rnn(
    step: Callable,
    inputs: Any,
    initial_states: list,
    go_backwards: bool = False,
    mask: Any = None,
    unroll: bool = False,
    zero_output_for_mask: bool = False,
) -> tuple[Any, Any, list]:
    """Run ``output, states = step(input_t, states)`` over the time axis of ``inputs``.

    Args:
        step: the per-step function; ``states`` keeps the structure of ``initial_states``.
        inputs: a ``(batch, time, ...)`` tensor.
        initial_states: a list of state tensors (possibly nested, for stacked cells).
        go_backwards: process the steps last to first (outputs come in processing order).
        mask: optional ``(batch, time)`` booleans; ``False`` steps are skipped.
        unroll: use a Python loop (the time axis must be static) instead of ``ops.scan``.
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Returns:
        ``(last_output, outputs, final_states)`` with ``outputs`` of shape
        ``(batch, time, ...)``.
    """
    sequence = ops.swapaxes(inputs, 0, 1)
    steps_mask = None
    if mask is not None:
        if ops.dtype(mask) != "bool":
            mask = ops.cast(mask, "bool")
        steps_mask = ops.swapaxes(mask, 0, 1)
    if go_backwards:
        sequence = ops.flip(sequence, axis=0)
        if steps_mask is not None:
            steps_mask = ops.flip(steps_mask, axis=0)

    def masked_step(states: Any, input_t: Any, mask_t: Any) -> tuple[Any, Any]:
        output, new_states = step(input_t, states)
        new_states = _conform(new_states, states)
        if mask_t is None:
            return new_states, output
        keep = _expand_to_rank(mask_t, len(output.shape))
        if zero_output_for_mask:
            previous = ops.zeros_like(output)
        else:
            previous = _previous_output(states)
        output = ops.where(keep, output, previous)
        new_states = tree.map_structure(
            lambda new, old: ops.where(_expand_to_rank(mask_t, len(new.shape)), new, old),
            new_states,
            states,
        )
        return new_states, output

    states = initial_states
    if unroll:
        length = sequence.shape[0]
        if length is None:
            raise ValueError(
                "Cannot unroll an RNN whose time dimension is unknown: pass inputs with a "
                "static number of timesteps or use unroll=False."
            )
        outputs = []
        for index in range(int(length)):
            mask_t = None if steps_mask is None else steps_mask[index]
            states, output = masked_step(states, sequence[index], mask_t)
            outputs.append(output)
        stacked = ops.stack(outputs, axis=1)
        return outputs[-1], stacked, states

    if steps_mask is None:

        def body(carry: Any, input_t: Any) -> tuple[Any, Any]:
            return masked_step(carry, input_t, None)

        states, outputs = ops.scan(body, states, sequence)
    else:

        def body(carry: Any, element: Any) -> tuple[Any, Any]:
            return masked_step(carry, element[0], element[1])

        states, outputs = ops.scan(body, states, (sequence, steps_mask))
    outputs = ops.swapaxes(outputs, 0, 1)
    return outputs[:, -1], outputs, states
