"""Cross-entropies and CTC (loss and decoding) of ``unison.ops.nn`` on NumPy arrays."""

from __future__ import annotations

import numpy as np

from unison import config
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    floatx_dtype,
    promote,
    promoted_dtype,
    to_array,
)

_HALF = (BFLOAT16, np.dtype("float16"))


def _float_pair(target, output):
    target, output = promote(target, output)
    dtype = output.dtype if output.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype in _HALF else dtype
    return target.astype(compute), output.astype(compute), dtype


def _log_softmax(x, axis):
    shifted = x - np.max(x, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _log_probabilities(output, from_logits, axis):
    if from_logits:
        return _log_softmax(output, axis)
    epsilon = config.epsilon()
    output = output / np.sum(output, axis=axis, keepdims=True)
    return np.log(np.clip(output, epsilon, 1.0 - epsilon))


def binary_crossentropy(target, output, from_logits=False):
    target, output, dtype = _float_pair(target, output)
    if target.shape != output.shape:
        raise ValueError(
            f"binary_crossentropy: `target` and `output` must have the same shape; received "
            f"{target.shape} and {output.shape}."
        )
    if from_logits:
        log_positive = -np.logaddexp(0.0, -output)
        log_negative = -np.logaddexp(0.0, output)
        return (-target * log_positive - (1.0 - target) * log_negative).astype(dtype)
    epsilon = config.epsilon()
    output = np.clip(output, epsilon, 1.0 - epsilon)
    loss = target * np.log(output) + (1.0 - target) * np.log(1.0 - output)
    return (-loss).astype(dtype)


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output, dtype = _float_pair(target, output)
    if target.shape != output.shape:
        raise ValueError(
            f"categorical_crossentropy: `target` and `output` must have the same shape; "
            f"received {target.shape} and {output.shape}."
        )
    if output.ndim < 1:
        raise ValueError("categorical_crossentropy: inputs must be at least rank 1.")
    log_probabilities = _log_probabilities(output, from_logits, axis)
    return (-np.sum(target * log_probabilities, axis=axis)).astype(dtype)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = to_array(target).astype(np.int64)
    output = to_array(output)
    # The integer target is one-hot encoded as floatx, which takes part in promotion.
    dtype = promoted_dtype(output, floatx_dtype().type(0))
    output = output.astype(FLOAT32 if dtype in _HALF else dtype)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = np.squeeze(target, axis=-1)
    if output.ndim < 1:
        raise ValueError("sparse_categorical_crossentropy: `output` must be at least rank 1.")
    if target.shape != output.shape[:-1]:
        raise ValueError(
            f"sparse_categorical_crossentropy: `target` shape {target.shape} must equal "
            f"`output` shape without its last dimension {output.shape[:-1]}."
        )
    log_probabilities = _log_probabilities(output, from_logits, axis)
    classes = output.shape[axis]
    encoded = (target[..., None] == np.arange(classes)).astype(output.dtype)
    encoded = np.moveaxis(encoded, -1, axis)
    return (-np.sum(encoded * log_probabilities, axis=axis)).astype(dtype)


# -- CTC ---------------------------------------------------------------------------------------
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = to_array(target).astype(np.int64)
    output = to_array(output)
    dtype = output.dtype if output.dtype in INEXACT and output.dtype not in _HALF else FLOAT32
    if output.dtype in _HALF:
        dtype = FLOAT32
    log_probabilities = _log_softmax(output.astype(np.float64), axis=-1)
    target_length = to_array(target_length).astype(np.int64).reshape(-1)
    output_length = to_array(output_length).astype(np.int64).reshape(-1)
    batch, steps, _ = log_probabilities.shape
    labels = target.shape[1]
    # Extended label sequence: blank, l1, blank, l2, ..., blank.
    states = 2 * labels + 1
    extended = np.full((batch, states), mask_index, dtype=np.int64)
    extended[:, 1::2] = target
    valid_states = 2 * target_length + 1
    state_index = np.arange(states)
    allowed = state_index[None, :] < valid_states[:, None]
    skip = np.zeros((batch, states), dtype=bool)
    skip[:, 2:] = (extended[:, 2:] != mask_index) & (extended[:, 2:] != extended[:, :-2])
    negative = -np.inf
    alpha = np.full((batch, states), negative)
    emit = np.take_along_axis(log_probabilities[:, 0, :], extended, axis=1)
    alpha[:, 0] = emit[:, 0]
    alpha[:, 1] = np.where(target_length > 0, emit[:, 1], negative)
    alpha = np.where(allowed, alpha, negative)
    for step in range(1, steps):
        emit = np.take_along_axis(log_probabilities[:, step, :], extended, axis=1)
        previous = np.full((batch, states), negative)
        previous[:, 1:] = alpha[:, :-1]
        before_previous = np.full((batch, states), negative)
        before_previous[:, 2:] = alpha[:, :-2]
        before_previous = np.where(skip, before_previous, negative)
        with np.errstate(invalid="ignore"):
            combined = np.logaddexp(np.logaddexp(alpha, previous), before_previous)
        updated = np.where(allowed, combined + emit, negative)
        active = (step < output_length)[:, None]
        alpha = np.where(active, updated, alpha)
    last = np.take_along_axis(alpha, (valid_states - 1)[:, None], axis=1)[:, 0]
    second_last = np.take_along_axis(alpha, np.maximum(valid_states - 2, 0)[:, None], axis=1)[:, 0]
    second_last = np.where(valid_states >= 2, second_last, negative)
    with np.errstate(invalid="ignore"):
        total = np.logaddexp(last, second_last)
    return (-total).astype(dtype)


def _greedy_decode(inputs, lengths, merge_repeated, mask_index):
    batch, steps, _ = inputs.shape
    indices = np.argmax(inputs, axis=-1)
    scores = np.max(inputs, axis=-1)
    beyond = np.arange(steps)[None, :] >= lengths[:, None]
    indices = np.where(beyond, mask_index, indices)
    scores = np.where(beyond, 0.0, scores)
    if merge_repeated:
        repeated = np.zeros_like(beyond)
        repeated[:, 1:] = indices[:, 1:] == indices[:, :-1]
        indices = np.where(repeated, mask_index, indices)
    blank = indices == mask_index
    decoded = np.full((batch, steps), -1, dtype=np.int32)
    for row in range(batch):
        kept = indices[row][~blank[row]]
        decoded[row, : kept.size] = kept
    return decoded[None], (-np.sum(scores, axis=1))[:, None]


def _beam_decode(inputs, lengths, beam_width, top_paths, mask_index):
    batch, steps, classes = inputs.shape
    log_probabilities = _log_softmax(inputs, axis=-1)
    paths_out = np.full((top_paths, batch, steps), -1, dtype=np.int32)
    scores_out = np.full((batch, top_paths), -np.inf)
    for row in range(batch):
        # prefix -> (log prob ending in blank, log prob ending in a label)
        beams: dict[tuple, tuple[float, float]] = {(): (0.0, -np.inf)}
        for step in range(int(lengths[row])):
            frame = log_probabilities[row, step]
            candidates: dict[tuple, list[float]] = {}

            def add(prefix, blank_score, label_score, table=candidates):
                entry = table.setdefault(prefix, [-np.inf, -np.inf])
                entry[0] = np.logaddexp(entry[0], blank_score)
                entry[1] = np.logaddexp(entry[1], label_score)

            for prefix, (blank_score, label_score) in beams.items():
                total = np.logaddexp(blank_score, label_score)
                add(prefix, total + frame[mask_index], -np.inf)
                for label in range(classes):
                    if label == mask_index:
                        continue
                    extended = (*prefix, label)
                    if prefix and prefix[-1] == label:
                        add(extended, -np.inf, blank_score + frame[label])
                        add(prefix, -np.inf, label_score + frame[label])
                    else:
                        add(extended, -np.inf, total + frame[label])
            ranked = sorted(
                candidates.items(), key=lambda item: -np.logaddexp(item[1][0], item[1][1])
            )
            beams = {prefix: (scores[0], scores[1]) for prefix, scores in ranked[:beam_width]}
        ranked = sorted(beams.items(), key=lambda item: -np.logaddexp(*item[1]))[:top_paths]
        for rank, (prefix, (blank_score, label_score)) in enumerate(ranked):
            paths_out[rank, row, : len(prefix)] = prefix
            scores_out[row, rank] = np.logaddexp(blank_score, label_score)
    return paths_out, scores_out


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs = to_array(inputs)
    dtype = inputs.dtype if inputs.dtype in INEXACT and inputs.dtype not in _HALF else FLOAT32
    values = inputs.astype(np.float64)
    lengths = to_array(sequence_lengths).astype(np.int64).reshape(-1)
    if mask_index is None:
        mask_index = values.shape[-1] - 1
    if strategy == "greedy":
        decoded, scores = _greedy_decode(values, lengths, merge_repeated, mask_index)
    elif strategy == "beam_search":
        decoded, scores = _beam_decode(values, lengths, int(beam_width), int(top_paths), mask_index)
    else:
        raise ValueError(
            f"ctc_decode: `strategy` must be 'greedy' or 'beam_search'; received {strategy!r}."
        )
    return decoded, scores.astype(dtype)
