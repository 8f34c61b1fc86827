"""Scaled dot-product attention."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp

from unison.backends.jax._base import promote, to_tensor


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
    query, key, value = promote(query, key, value)
    if query.dtype.kind in "biu":
        query, key, value = (t.astype("float32") for t in (query, key, value))
    squeeze = query.ndim == 3
    if squeeze:
        query, key, value = query[:, :, None], key[:, :, None], value[:, :, None]
    if query.ndim != 4:
        raise ValueError(
            f"dot_product_attention: expected query of shape (batch, length, heads, depth); "
            f"received {query.shape}."
        )
    heads, key_heads = query.shape[2], key.shape[2]
    if heads != key_heads:
        if heads % key_heads:
            raise ValueError(
                f"dot_product_attention: query heads ({heads}) must be a multiple of key "
                f"heads ({key_heads})."
            )
        key = jnp.repeat(key, heads // key_heads, axis=2)
        value = jnp.repeat(value, heads // key_heads, axis=2)
    original = query.dtype
    if scale is None:
        scale = 1.0 / math.sqrt(query.shape[-1])
    compute = "float32" if original.itemsize < 4 else original
    logits = jnp.einsum(
        "btnh,bsnh->bnts", query.astype(compute), key.astype(compute)
    ) * jnp.asarray(scale, compute)
    if bias is not None:
        logits = logits + to_tensor(bias).astype(compute)
    if attn_logits_soft_cap is not None:
        logits = jnp.tanh(logits / attn_logits_soft_cap) * attn_logits_soft_cap
    allowed = None
    if mask is not None:
        allowed = to_tensor(mask).astype(bool)
    if is_causal:
        length, source = logits.shape[-2], logits.shape[-1]
        causal = jnp.tril(jnp.ones((length, source), bool))
        allowed = causal if allowed is None else allowed & causal
    if allowed is not None:
        logits = jnp.where(allowed, logits, jnp.finfo(logits.dtype).min * 0.7)
    weights = jax.nn.softmax(logits, axis=-1)
    output = jnp.einsum("bnts,bsnh->btnh", weights, value.astype(compute)).astype(original)
    return output[:, :, 0] if squeeze else output
