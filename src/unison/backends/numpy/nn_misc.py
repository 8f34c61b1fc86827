"""Normalisation, encoding, attention and rearrangement ops of ``unison.ops.nn``."""

from __future__ import annotations

import math

import numpy as np

from unison import config
from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    floatx_dtype,
    promote,
    to_array,
    to_float_array,
    to_numpy_dtype,
)

_FLOAT16 = np.dtype("float16")
_HALF = (BFLOAT16, _FLOAT16)


def _compute(dtype):
    return FLOAT32 if dtype in _HALF else dtype


def _axes(axis):
    if isinstance(axis, (list, tuple)):
        return tuple(axis)
    return axis


def moments(x, axes, keepdims=False, synchronized=False):
    x = to_float_array(x)
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    axes = _axes(axes)
    mean = np.mean(values, axis=axes, keepdims=True)
    variance = np.mean(np.square(values - mean), axis=axes, keepdims=True)
    if not keepdims:
        mean = np.squeeze(mean, axis=axes)
        variance = np.squeeze(variance, axis=axes)
    if dtype == _FLOAT16:
        limit = float(np.finfo(np.float16).max)
        mean, variance = np.clip(mean, -limit, limit), np.clip(variance, -limit, limit)
    return np.asarray(mean).astype(dtype), np.asarray(variance).astype(dtype)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=0.001):
    x = to_float_array(x)
    dtype = x.dtype
    compute = _compute(dtype)
    shape = [1] * x.ndim
    mean = to_array(mean).astype(compute)
    shape[axis] = mean.shape[0] if mean.ndim else 1
    inverse = 1.0 / np.sqrt(to_array(variance).astype(compute).reshape(shape) + epsilon)
    if scale is not None:
        inverse = inverse * to_array(scale).astype(compute).reshape(shape)
    shift = -mean.reshape(shape) * inverse
    if offset is not None:
        shift = shift + to_array(offset).astype(compute).reshape(shape)
    return (x.astype(compute) * inverse + shift).astype(dtype)


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization: unexpected arguments {sorted(kwargs)}.")
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float_array(x)
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    axes = sorted(axis) if isinstance(axis, (list, tuple)) else [axis]
    axes = [a % values.ndim for a in axes]
    shape = [1] * values.ndim
    for a in axes:
        shape[a] = values.shape[a]

    def broadcast(parameter):
        if parameter is None:
            return None
        parameter = to_array(parameter).astype(values.dtype)
        if parameter.ndim != values.ndim:
            parameter = parameter.reshape(shape)
        return parameter

    gamma, beta = broadcast(gamma), broadcast(beta)
    axes = tuple(axes)
    mean = np.mean(values, axis=axes, keepdims=True)
    variance = np.var(values, axis=axes, keepdims=True)
    inverse = 1.0 / np.sqrt(variance + epsilon)
    if rms_scaling:
        outputs = values * inverse
        if gamma is not None:
            outputs = outputs * gamma
        return outputs.astype(dtype)
    if gamma is not None:
        inverse = inverse * gamma
    outputs = (values - mean) * inverse
    if beta is not None:
        outputs = outputs + beta
    return outputs.astype(dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float_array(x)
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    if values.ndim == 0:
        values = values[None]
    axes = tuple(sorted(axis)) if isinstance(axis, (list, tuple)) else axis
    outputs = values / np.sqrt(np.mean(np.square(values), axis=axes, keepdims=True) + epsilon)
    if scale is not None:
        outputs = outputs * to_array(scale).astype(values.dtype)
    return outputs.astype(dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"normalize: `order` must be an int >= 1; received {order!r}.")
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = to_float_array(x)
    dtype = x.dtype
    values = x.astype(_compute(dtype))
    if values.ndim == 0:
        values = values[None]
    axes = _axes(axis)
    if order == 2:
        inverse = np.minimum(
            1.0 / np.sqrt(np.sum(values * values, axis=axes, keepdims=True)), 1.0 / epsilon
        )
        return (values * inverse).astype(dtype)
    norms = np.linalg.norm(values, ord=order, axis=axes, keepdims=True)
    return (values / np.maximum(norms, epsilon)).astype(dtype)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise NotImplementedError("one_hot: the numpy backend has no sparse tensors.")
    x = to_array(x).astype(np.int64)
    dtype = floatx_dtype() if dtype is None else to_numpy_dtype(dtype)
    num_classes = int(num_classes)
    encoded = (x[..., None] == np.arange(num_classes)).astype(dtype)
    if axis != -1:
        encoded = np.moveaxis(encoded, -1, axis)
    return encoded


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    inputs = to_array(inputs)
    reduction_axis = 1 if inputs.ndim > 1 else 0
    encoded = one_hot(inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return np.max(encoded, axis=reduction_axis)


def _space_depth_check(x, name):
    x = to_array(x)
    if x.ndim != 4:
        raise ValueError(f"{name}: `x` must be 4-D; received shape {x.shape}.")
    return x


def depth_to_space(x, block_size, data_format="channels_last"):
    x = _space_depth_check(x, "depth_to_space")
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // (b * b)).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    x = x.reshape(n, c // (b * b), b, b, h, w).transpose(0, 1, 4, 2, 5, 3)
    return x.reshape(n, c // (b * b), h * b, w * b)


def space_to_depth(x, block_size, data_format="channels_last"):
    x = _space_depth_check(x, "space_to_depth")
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c).transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b * b)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b).transpose(0, 1, 3, 5, 2, 4)
    return x.reshape(n, c * b * b, h // b, w // b)


def polar(abs_, angle):
    abs_, angle = promote(abs_, angle)
    dtype = abs_.dtype if abs_.dtype in INEXACT else floatx_dtype()
    complex_dtype = np.complex128 if dtype == np.dtype("float64") else np.complex64
    magnitude = abs_.astype(np.float64)
    phase = angle.astype(np.float64)
    return (magnitude * np.cos(phase) + 1j * magnitude * np.sin(phase)).astype(complex_dtype)


def psnr(x1, x2, max_val):
    x1, x2 = promote(x1, x2)
    if x1.shape != x2.shape:
        raise ValueError(f"psnr: shapes {x1.shape} and {x2.shape} must match.")
    dtype = x1.dtype if x1.dtype in INEXACT else floatx_dtype()
    compute = _compute(dtype)
    error = np.mean(np.square(x1.astype(compute) - x2.astype(compute)))
    peak = np.asarray(to_array(max_val)).astype(compute)
    return np.asarray(20 * np.log10(peak) - 10 * np.log10(error)).astype(dtype)


def _pair(value):
    return (int(value), int(value)) if isinstance(value, (int, np.integer)) else tuple(value)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = to_array(x)
    if x.ndim != 4:
        raise ValueError(f"unfold: `x` must be 4-D (N, C, H, W); received shape {x.shape}.")
    kh, kw = _pair(kernel_size)
    dh, dw = _pair(dilation)
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    x = np.pad(x, [(0, 0), (0, 0), (ph, ph), (pw, pw)])
    views = np.lib.stride_tricks.sliding_window_view(
        x, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(2, 3)
    )[:, :, ::sh, ::sw, ::dh, ::dw]
    n, c, oh, ow = views.shape[:4]
    return views.transpose(0, 1, 4, 5, 2, 3).reshape(n, c * kh * kw, oh * ow)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = to_array(x)
    if x.ndim != 3:
        raise ValueError(f"fold: `x` must be 3-D (N, C*kh*kw, L); received shape {x.shape}.")
    out_h, out_w = _pair(output_size)
    kh, kw = _pair(kernel_size)
    dh, dw = _pair(dilation)
    ph, pw = _pair(padding)
    sh, sw = _pair(stride)
    n, columns, length = x.shape
    channels = columns // (kh * kw)
    padded_h, padded_w = out_h + 2 * ph, out_w + 2 * pw
    blocks_h = (padded_h - (kh - 1) * dh - 1) // sh + 1
    blocks_w = (padded_w - (kw - 1) * dw - 1) // sw + 1
    if blocks_h * blocks_w != length:
        raise ValueError(
            f"fold: expected {blocks_h * blocks_w} blocks for output_size {(out_h, out_w)}; "
            f"received {length}."
        )
    patches = x.reshape(n, channels, kh, kw, blocks_h, blocks_w)
    output = np.zeros((n, channels, padded_h, padded_w), dtype=x.dtype)
    for i in range(kh):
        for j in range(kw):
            rows = slice(i * dh, i * dh + sh * (blocks_h - 1) + 1, sh)
            cols = slice(j * dw, j * dw + sw * (blocks_w - 1) + 1, sw)
            output[:, :, rows, cols] += patches[:, :, i, j]
    return output[:, :, ph : ph + out_h, pw : pw + out_w]


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
    if flash_attention:
        raise NotImplementedError(
            "dot_product_attention: flash attention is not available on the numpy backend."
        )
    query, key = promote(query, key)
    query, value = promote(query, value)
    key = key.astype(query.dtype)
    dtype = query.dtype if query.dtype in INEXACT else floatx_dtype()
    compute = np.float32 if dtype != np.dtype("float64") else np.float64
    if query.ndim not in (3, 4):
        raise ValueError(
            f"dot_product_attention: `query` must be 3-D or 4-D; received {query.shape}."
        )
    squeeze = query.ndim == 3
    if squeeze:
        query, key, value = query[None], key[None], value[None]
    q, k, v = (t.astype(compute) for t in (query, key, value))
    heads, kv_heads = q.shape[2], k.shape[2]
    if heads % kv_heads:
        raise ValueError(
            f"dot_product_attention: query heads ({heads}) must be a multiple of key heads "
            f"({kv_heads})."
        )
    if kv_heads != heads:
        k = np.repeat(k, heads // kv_heads, axis=2)
        v = np.repeat(v, heads // kv_heads, axis=2)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else float(scale)
    logits = np.einsum("btnh,bsnh->bnts", q, k) * scale
    if bias is not None:
        bias = to_array(bias).astype(compute)
        logits = logits + bias
    if attn_logits_soft_cap is not None:
        cap = float(attn_logits_soft_cap)
        logits = cap * np.tanh(logits / cap)
    large_negative = np.asarray(-0.7 * np.finfo(compute).max, dtype=compute)
    if mask is not None:
        logits = np.where(to_array(mask).astype(bool), logits, large_negative)
    if is_causal:
        t, s = logits.shape[-2:]
        causal = np.tril(np.ones((t, s), dtype=bool))
        logits = np.where(causal, logits, large_negative)
    logits = logits - np.max(logits, axis=-1, keepdims=True)
    weights = np.exp(logits)
    weights = weights / np.sum(weights, axis=-1, keepdims=True)
    output = np.einsum("bnts,bsnh->btnh", weights, v)
    if squeeze:
        output = output[0]
    return output.astype(dtype)
