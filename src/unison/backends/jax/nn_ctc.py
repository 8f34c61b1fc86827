"""CTC loss (log-space forward algorithm) and CTC decoding (greedy, beam search)."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unison.backends.jax._base import to_float, to_tensor

_NEG_INF = -1e30


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = to_tensor(target).astype("int32")
    output = to_float(output)
    original = output.dtype
    log_probs = jax.nn.log_softmax(output.astype("float32"), axis=-1)
    target_length = to_tensor(target_length).astype("int32")
    output_length = to_tensor(output_length).astype("int32")
    batch, steps, classes = log_probs.shape
    labels = target.shape[1]
    width = 2 * labels + 1
    # Extended label sequence: blank, l1, blank, l2, ..., blank.
    positions = jnp.arange(width)
    label_index = jnp.clip((positions - 1) // 2, 0, max(labels - 1, 0))
    safe_target = jnp.clip(target, 0, classes - 1) if labels else target
    extended = (
        jnp.where(positions % 2 == 0, mask_index, jnp.take(safe_target, label_index, axis=1))
        if labels
        else jnp.full((batch, width), mask_index)
    )
    extended = extended.astype("int32")
    valid = positions[None, :] < 2 * target_length[:, None] + 1
    previous_two = jnp.concatenate([jnp.full((batch, 2), -1, "int32"), extended[:, :-2]], axis=1)
    can_skip = (extended != mask_index) & (extended != previous_two) & (positions[None] >= 2)

    def emissions(t):
        return jnp.take_along_axis(log_probs[:, t, :], extended, axis=1)

    initial = jnp.full((batch, width), _NEG_INF, "float32")
    first = emissions(0)
    initial = initial.at[:, 0].set(first[:, 0])
    if width > 1:
        initial = initial.at[:, 1].set(jnp.where(target_length > 0, first[:, 1], _NEG_INF))
    initial = jnp.where(valid, initial, _NEG_INF)

    def step(alpha, t):
        shifted_one = jnp.concatenate([jnp.full((batch, 1), _NEG_INF), alpha[:, :-1]], axis=1)
        shifted_two = jnp.concatenate([jnp.full((batch, 2), _NEG_INF), alpha[:, :-2]], axis=1)
        shifted_two = jnp.where(can_skip, shifted_two, _NEG_INF)
        combined = jnp.logaddexp(jnp.logaddexp(alpha, shifted_one), shifted_two)
        updated = jnp.where(valid, combined + emissions(t), _NEG_INF)
        active = (t < output_length)[:, None]
        return jnp.where(active, updated, alpha), None

    alpha, _ = lax.scan(step, initial, jnp.arange(1, steps))
    last = 2 * target_length
    end_blank = jnp.take_along_axis(alpha, last[:, None], axis=1)[:, 0]
    end_label = jnp.where(
        target_length > 0,
        jnp.take_along_axis(alpha, jnp.maximum(last - 1, 0)[:, None], axis=1)[:, 0],
        _NEG_INF,
    )
    return (-jnp.logaddexp(end_blank, end_label)).astype(original)


def _greedy(inputs, lengths, merge_repeated, mask_index):
    batch, steps, _ = inputs.shape
    indices = jnp.argmax(inputs, axis=-1).astype("int32")
    scores = jnp.max(inputs, axis=-1)
    beyond = jnp.arange(steps)[None, :] >= lengths[:, None]
    indices = jnp.where(beyond, mask_index, indices)
    scores = jnp.where(beyond, 0.0, scores)
    if merge_repeated:
        repeated = jnp.pad(indices[:, 1:] == indices[:, :-1], ((0, 0), (1, 0)))
        indices = jnp.where(repeated, mask_index, indices)
    blank = indices == mask_index
    indices = jnp.where(blank, -1, indices)
    order = jnp.argsort(jnp.where(blank, steps, jnp.arange(steps)[None, :]), axis=-1, stable=True)
    indices = jnp.take_along_axis(indices, order, axis=-1)
    return indices[None], -jnp.sum(scores, axis=1)[:, None]


def _accumulator(table):
    def add(prefix, blank_part, label_part):
        entry = table.setdefault(prefix, [-np.inf, -np.inf])
        entry[0] = np.logaddexp(entry[0], blank_part)
        entry[1] = np.logaddexp(entry[1], label_part)

    return add


def _beam_one(log_probs, length, beam_width, top_paths, mask_index):
    """Prefix beam search over one sequence; returns [(prefix, log_prob)] best first."""
    beams = {(): (0.0, -np.inf)}  # prefix -> (log p ending in blank, log p ending in label)
    for t in range(length):
        row = log_probs[t]
        following: dict[tuple, list[float]] = {}
        add = _accumulator(following)

        for prefix, (p_blank, p_label) in beams.items():
            total = np.logaddexp(p_blank, p_label)
            add(prefix, total + row[mask_index], -np.inf)
            for label in range(row.shape[0]):
                if label == mask_index:
                    continue
                extended = (*prefix, label)
                if prefix and prefix[-1] == label:
                    add(extended, -np.inf, p_blank + row[label])
                    add(prefix, -np.inf, p_label + row[label])
                else:
                    add(extended, -np.inf, total + row[label])
        ranked = sorted(following.items(), key=lambda item: -np.logaddexp(*item[1]))
        beams = {prefix: tuple(parts) for prefix, parts in ranked[:beam_width]}
    ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))
    return [(prefix, float(np.logaddexp(*parts))) for prefix, parts in ranked[:top_paths]]


def _beam_search(inputs, lengths, beam_width, top_paths, mask_index):
    log_probs = np.asarray(jax.nn.log_softmax(inputs.astype("float32"), axis=-1))
    lengths = np.asarray(lengths)
    batch, steps, _ = log_probs.shape
    decoded = np.full((top_paths, batch, steps), -1, np.int32)
    scores = np.full((batch, top_paths), -np.inf, np.float32)
    for b in range(batch):
        results = _beam_one(log_probs[b], int(lengths[b]), beam_width, top_paths, mask_index)
        for k, (prefix, score) in enumerate(results):
            decoded[k, b, : len(prefix)] = prefix
            scores[b, k] = score
    return jnp.asarray(decoded), jnp.asarray(scores).astype(inputs.dtype)


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs = to_float(inputs)
    if inputs.dtype.itemsize < 4:
        inputs = inputs.astype("float32")
    lengths = to_tensor(sequence_lengths).astype("int32")
    if mask_index is None:
        mask_index = inputs.shape[-1] - 1
    if strategy == "greedy":
        return _greedy(inputs, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        if isinstance(inputs, jax.core.Tracer):
            raise NotImplementedError(
                "ctc_decode: strategy='beam_search' runs eagerly on the host in the jax "
                "backend and cannot be traced by jit; use strategy='greedy' inside jit."
            )
        return _beam_search(inputs, lengths, int(beam_width), int(top_paths), mask_index)
    raise ValueError(
        f"ctc_decode: strategy must be 'greedy' or 'beam_search'; received {strategy!r}."
    )
