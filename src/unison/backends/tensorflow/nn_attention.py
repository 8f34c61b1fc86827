"""Scaled dot-product attention and CTC loss / decoding."""

import math

import tensorflow as tf

from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    convert_to_tensor,
    floatx,
)

__all__ = ["dot_product_attention", "ctc_loss", "ctc_decode"]

_LARGE_NEGATIVE = -0.7 * 3.4028234663852886e38


def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    query = convert_to_tensor(query)
    if query.dtype not in INEXACT:
        query = tf.cast(query, floatx())
    dtype = query.dtype
    key = tf.cast(convert_to_tensor(key), dtype)
    value = tf.cast(convert_to_tensor(value), dtype)
    squeeze = len(query.shape) == 3
    if squeeze:
        query, key, value = (tf.expand_dims(t, 2) for t in (query, key, value))
    if len(query.shape) != 4:
        raise ValueError(
            "dot_product_attention: `query` must have shape (B, T, N, H) or (B, T, H); "
            f"received {tuple(query.shape)}."
        )
    heads, key_heads = query.shape[2], key.shape[2]
    if heads != key_heads:
        if heads % key_heads:
            raise ValueError(
                f"dot_product_attention: query heads ({heads}) must be a multiple of key heads "
                f"({key_heads})."
            )
        key = tf.repeat(key, heads // key_heads, axis=2)
        value = tf.repeat(value, heads // key_heads, axis=2)
    compute = tf.float32 if dtype in HALF else dtype
    depth = query.shape[-1]
    scale = 1.0 / math.sqrt(depth) if scale is None else scale
    logits = tf.einsum("btnh,bsnh->bnts", tf.cast(query, compute), tf.cast(key, compute))
    logits = logits * tf.cast(scale, compute)
    if attn_logits_soft_cap is not None:
        cap = tf.cast(attn_logits_soft_cap, compute)
        logits = tf.tanh(logits / cap) * cap
    if bias is not None:
        bias = tf.cast(convert_to_tensor(bias), compute)
        if squeeze and len(bias.shape) == 3:
            bias = tf.expand_dims(bias, 1)
        logits = logits + bias
    keep = None
    if mask is not None:
        keep = convert_to_tensor(mask)
        if keep.dtype != tf.bool:
            keep = tf.cast(keep, tf.bool)
        if squeeze and len(keep.shape) == 3:
            keep = tf.expand_dims(keep, 1)
    if is_causal:
        steps, sources = tf.shape(logits)[-2], tf.shape(logits)[-1]
        causal = tf.range(sources)[None, :] <= tf.range(steps)[:, None]
        keep = causal if keep is None else tf.logical_and(keep, causal)
    if keep is not None:
        logits = tf.where(keep, logits, tf.constant(_LARGE_NEGATIVE, compute))
    weights = tf.nn.softmax(logits, axis=-1)
    output = tf.einsum("bnts,bsnh->btnh", weights, tf.cast(value, compute))
    output = tf.cast(output, dtype)
    return tf.squeeze(output, 2) if squeeze else output


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    target = tf.cast(convert_to_tensor(target), tf.int32)
    output = convert_to_tensor(output)
    result_dtype = tf.float64 if output.dtype == tf.float64 else tf.float32
    output = tf.cast(output, result_dtype)
    return tf.nn.ctc_loss(
        labels=target,
        logits=output,
        label_length=tf.cast(convert_to_tensor(target_length), tf.int32),
        logit_length=tf.cast(convert_to_tensor(output_length), tf.int32),
        blank_index=mask_index,
        logits_time_major=False,
    )


def _greedy(inputs, sequence_lengths, merge_repeated, mask_index):
    steps = tf.shape(inputs)[1]
    indices = tf.argmax(inputs, axis=-1, output_type=tf.int32)
    scores = tf.reduce_max(inputs, axis=-1)
    beyond = tf.range(steps)[None, :] >= sequence_lengths[:, None]
    indices = tf.where(beyond, mask_index, indices)
    scores = tf.where(beyond, tf.zeros_like(scores), scores)
    if merge_repeated:
        repeated = tf.equal(indices[:, 1:], indices[:, :-1])
        repeated = tf.pad(repeated, [[0, 0], [1, 0]])
        indices = tf.where(repeated, mask_index, indices)
    blank = tf.equal(indices, mask_index)
    indices = tf.where(blank, -1, indices)
    order = tf.where(blank, steps, tf.range(steps)[None, :] + tf.zeros_like(indices))
    order = tf.argsort(order, axis=-1, stable=True)
    indices = tf.gather(indices, order, batch_dims=1)
    scores = -tf.reduce_sum(scores, axis=1)[:, None]
    return tf.expand_dims(indices, 0), scores


def _beam_search(inputs, sequence_lengths, beam_width, top_paths, mask_index):
    classes = inputs.shape[-1]
    if mask_index is not None and mask_index != classes - 1:
        # TensorFlow's decoder expects the blank class last: move it there.
        order = [i for i in range(classes) if i != mask_index] + [mask_index]
        inputs = tf.gather(inputs, order, axis=-1)
    time_major = tf.transpose(inputs, [1, 0, 2])
    decoded, log_probabilities = tf.nn.ctc_beam_search_decoder(
        time_major, sequence_lengths, beam_width=beam_width, top_paths=top_paths
    )
    steps = tf.shape(inputs)[1]
    batch = tf.shape(inputs)[0]
    paths = []
    for sparse in decoded:
        values = tf.cast(sparse.values, tf.int32)
        if mask_index is not None and mask_index != classes - 1:
            values = tf.where(values >= mask_index, values + 1, values)
        sparse = tf.SparseTensor(sparse.indices, values, sparse.dense_shape)
        dense = tf.sparse.to_dense(sparse, default_value=-1)
        dense = tf.pad(dense, [[0, 0], [0, steps - tf.shape(dense)[1]]], constant_values=-1)
        paths.append(tf.reshape(dense, [batch, steps]))
    return tf.stack(paths), log_probabilities


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs = convert_to_tensor(inputs)
    inputs = tf.cast(inputs, tf.float64 if inputs.dtype == tf.float64 else tf.float32)
    sequence_lengths = tf.cast(convert_to_tensor(sequence_lengths), tf.int32)
    if mask_index is None:
        mask_index = inputs.shape[-1] - 1
    if strategy == "greedy":
        return _greedy(inputs, sequence_lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        return _beam_search(inputs, sequence_lengths, beam_width, top_paths, mask_index)
    raise ValueError(
        f"ctc_decode: `strategy` must be 'greedy' or 'beam_search'; received {strategy!r}."
    )
