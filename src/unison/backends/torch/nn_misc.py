"""Normalization, encodings, attention and tensor rearrangements of the nn family."""

from __future__ import annotations

import math as _math

import torch
import torch.nn.functional as F  # noqa: N812

from unison import config
from unison.backends.torch._base import (
    FLOAT_DTYPES,
    INEXACT_DTYPES,
    convert_to_tensor,
    floatx_dtype,
    promote_tensors,
    to_float,
    to_torch_dtype,
)
from unison.backends.torch.nn_conv import _tuple

_HALF = (torch.float16, torch.bfloat16)


def _axis_list(axis, ndim):
    if isinstance(axis, int):
        return [axis % ndim]
    return sorted(int(a) % ndim for a in axis)


def _broadcast_param(value, x, axes):
    if value is None:
        return None
    value = convert_to_tensor(value, x.dtype)
    if value.ndim == x.ndim or axes == [x.ndim - 1]:
        return value
    shape = [1] * x.ndim
    for a in axes:
        shape[a] = x.shape[a]
    return value.reshape(shape)


def _at_least_float32(x):
    x = to_float(x)
    return x, (torch.float32 if x.dtype in _HALF else x.dtype)


def moments(x, axes, keepdims=False, synchronized=False):
    x, compute = _at_least_float32(x)
    dtype = x.dtype
    dims = _axis_list(axes, x.ndim) if axes is not None else list(range(x.ndim))
    variance, mean = torch.var_mean(x.to(compute), dim=dims, correction=0, keepdim=keepdims)
    return mean.to(dtype), variance.to(dtype)


def batch_normalization(x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3):
    x = to_float(x)
    axis = axis % x.ndim
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]

    def prepare(value):
        if value is None:
            return None
        value = convert_to_tensor(value, x.dtype)
        return value.reshape(shape) if value.ndim == 1 else value

    mean, variance = prepare(mean), prepare(variance)
    scale, offset = prepare(scale), prepare(offset)
    inverse = torch.rsqrt(variance + epsilon)
    if scale is not None:
        inverse = inverse * scale
    result = x * inverse - mean * inverse
    if offset is not None:
        result = result + offset
    return result


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs):
    if epsilon is None:
        epsilon = config.epsilon()
    x, compute = _at_least_float32(x)
    dtype = x.dtype
    values = x.to(compute)
    axes = _axis_list(axis, values.ndim)
    if axes == list(range(values.ndim - len(axes), values.ndim)):
        normalized = tuple(values.shape[a] for a in axes)
        weight = None if gamma is None else convert_to_tensor(gamma, compute).reshape(normalized)
        bias = None if beta is None else convert_to_tensor(beta, compute).reshape(normalized)
        return F.layer_norm(values, normalized, weight, bias, epsilon).to(dtype)
    variance, mean = torch.var_mean(values, dim=axes, correction=0, keepdim=True)
    inverse = torch.rsqrt(variance + epsilon)
    gamma = _broadcast_param(gamma, values, axes)
    beta = _broadcast_param(beta, values, axes)
    if gamma is not None:
        inverse = inverse * gamma
    result = values * inverse - mean * inverse
    if beta is not None:
        result = result + beta
    return result.to(dtype)


def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    if epsilon is None:
        epsilon = config.epsilon()
    x, compute = _at_least_float32(x)
    dtype = x.dtype
    values = x.to(compute)
    if values.ndim == 0:
        values = values.reshape(1)
    axes = _axis_list(axis, values.ndim)
    inverse = torch.rsqrt(torch.mean(values * values, dim=axes, keepdim=True) + epsilon)
    result = values * inverse
    if scale is not None:
        result = result * _broadcast_param(scale, values, axes)
    return result.to(dtype)


def normalize(x, axis=-1, order=2, epsilon=None):
    if not isinstance(order, int) or order < 1:
        raise ValueError(f"normalize: `order` must be an int >= 1; received {order!r}.")
    x = to_float(x)
    if x.ndim == 0:
        x = x.reshape(1)
    if epsilon is None:
        epsilon = config.epsilon()
    if order == 2:
        inverse = torch.rsqrt(torch.sum(x * x, dim=axis, keepdim=True))
        limit = 1.0 / epsilon
        if limit < torch.finfo(x.dtype).max:
            inverse = torch.clamp(inverse, max=limit)
        return x * inverse
    norm = torch.linalg.vector_norm(x, ord=order, dim=axis, keepdim=True)
    return x / torch.clamp(norm, min=epsilon)


def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    if sparse:
        raise NotImplementedError("one_hot: sparse output is not supported by the torch backend.")
    x = convert_to_tensor(x).to(torch.int64)
    target = floatx_dtype() if dtype is None else to_torch_dtype(dtype)
    num_classes = int(num_classes)
    valid = (x >= 0) & (x < num_classes)
    encoded = F.one_hot(torch.where(valid, x, torch.zeros_like(x)), num_classes)
    encoded = (encoded * valid.unsqueeze(-1)).to(target)
    if axis != -1 and axis != x.ndim:
        encoded = torch.movedim(encoded, -1, axis)
    return encoded


def multi_hot(inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs):
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required.")
    x = convert_to_tensor(inputs)
    reduction_axis = 1 if x.ndim > 1 else 0
    encoded = one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    if encoded.dtype is torch.bool:
        return torch.any(encoded, dim=reduction_axis)
    return torch.amax(encoded, dim=reduction_axis)


def polar(abs_, angle):
    (magnitude, phase), dtype = promote_tensors(abs_, angle)
    if dtype not in (torch.float32, torch.float64):
        magnitude, phase = magnitude.to(torch.float32), phase.to(torch.float32)
    return torch.polar(magnitude, phase)


def psnr(x1, x2, max_val):
    x1 = convert_to_tensor(x1)
    x2 = convert_to_tensor(x2)
    if tuple(x1.shape) != tuple(x2.shape):
        raise ValueError(f"psnr: input shapes {tuple(x1.shape)} and {tuple(x2.shape)} must match.")
    (x1, x2), dtype = promote_tensors(x1, x2)
    if dtype not in FLOAT_DTYPES:
        x1, x2 = x1.to(floatx_dtype()), x2.to(floatx_dtype())
    max_val = convert_to_tensor(max_val, x2.dtype)
    mse = torch.mean((x1 - x2) ** 2)
    return 20 * torch.log10(max_val) - 10 * torch.log10(mse)


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = int(block_size)
    if data_format == "channels_first":
        return F.pixel_shuffle(x, b)
    n, h, w, c = x.shape
    x = x.reshape(n, h, w, b, b, c // (b * b)).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h * b, w * b, c // (b * b))


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    b = int(block_size)
    if data_format == "channels_first":
        return F.pixel_unshuffle(x, b)
    n, h, w, c = x.shape
    x = x.reshape(n, h // b, b, w // b, b, c).permute(0, 1, 3, 2, 4, 5)
    return x.reshape(n, h // b, w // b, b * b * c)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    dtype = x.dtype
    values = x if dtype in FLOAT_DTYPES else x.to(torch.float64)
    result = F.unfold(
        values,
        _tuple(kernel_size, 2, "kernel_size"),
        _tuple(dilation, 2, "dilation"),
        _tuple(padding, 2, "padding"),
        _tuple(stride, 2, "stride"),
    )
    return result.to(dtype)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    dtype = x.dtype
    values = x if dtype in FLOAT_DTYPES else x.to(torch.float64)
    result = F.fold(
        values,
        _tuple(output_size, 2, "output_size"),
        _tuple(kernel_size, 2, "kernel_size"),
        _tuple(dilation, 2, "dilation"),
        _tuple(padding, 2, "padding"),
        _tuple(stride, 2, "stride"),
    )
    return result.to(dtype)


# -- attention -----------------------------------------------------------------------------
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
    (query, key, value), dtype = promote_tensors(query, key, value)
    if dtype not in INEXACT_DTYPES:
        dtype = floatx_dtype()
        query, key, value = query.to(dtype), key.to(dtype), value.to(dtype)
    if query.ndim not in (3, 4):
        raise ValueError(
            "dot_product_attention: `query` must be 3-D or 4-D (batch, length, [heads,] dim); "
            f"received shape {tuple(query.shape)}."
        )
    unbatched_heads = query.ndim == 3
    if unbatched_heads:
        query, key, value = query[:, :, None], key[:, :, None], value[:, :, None]
    heads, key_heads = query.shape[2], key.shape[2]
    if heads % key_heads:
        raise ValueError(
            f"dot_product_attention: query heads ({heads}) must be a multiple of key heads "
            f"({key_heads})."
        )
    q = query.transpose(1, 2)
    k = key.transpose(1, 2)
    v = value.transpose(1, 2)
    if heads != key_heads:
        k = k.repeat_interleave(heads // key_heads, dim=1)
        v = v.repeat_interleave(heads // key_heads, dim=1)
    head_dim = q.shape[-1]
    if scale is None:
        scale = 1.0 / _math.sqrt(head_dim)
    if attn_logits_soft_cap is None and mask is None and dtype in (torch.float32, torch.float64):
        attention_bias = None
        if bias is not None:
            attention_bias = convert_to_tensor(bias).to(dtype)
            if unbatched_heads and attention_bias.ndim == 3:
                attention_bias = attention_bias[:, None]
            if is_causal:
                causal = torch.ones(
                    (q.shape[-2], k.shape[-2]), dtype=torch.bool, device=q.device
                ).tril()
                attention_bias = attention_bias.masked_fill(~causal, float("-inf"))
        output = F.scaled_dot_product_attention(
            q, k, v, attn_mask=attention_bias, is_causal=is_causal and bias is None, scale=scale
        ).transpose(1, 2)
        return output[:, :, 0] if unbatched_heads else output
    compute = torch.float32 if dtype in (torch.float16, torch.bfloat16) else dtype
    logits = torch.matmul(q.to(compute), k.to(compute).transpose(-1, -2)) * scale
    if attn_logits_soft_cap is not None:
        cap = float(attn_logits_soft_cap)
        logits = cap * torch.tanh(logits / cap)
    if bias is not None:
        bias = convert_to_tensor(bias).to(compute)
        if unbatched_heads and bias.ndim == 3:
            bias = bias[:, None]
        logits = logits + bias
    keep = None
    if mask is not None:
        keep = convert_to_tensor(mask).to(torch.bool)
        if unbatched_heads and keep.ndim == 3:
            keep = keep[:, None]
    if is_causal:
        length_q, length_k = logits.shape[-2], logits.shape[-1]
        causal = torch.ones((length_q, length_k), dtype=torch.bool, device=logits.device).tril()
        keep = causal if keep is None else keep & causal
    if keep is not None:
        large_negative = torch.finfo(compute).min / 2 if compute.is_floating_point else -1e9
        logits = torch.where(keep, logits, torch.full_like(logits, large_negative))
    weights = torch.softmax(logits, dim=-1)
    output = torch.matmul(weights, v.to(compute)).to(dtype).transpose(1, 2)
    if unbatched_heads:
        output = output[:, :, 0]
    return output


def fused_dense(inputs, kernel, bias):
    """``inputs @ kernel + bias`` in one ``addmm`` (folded leading axes for rank > 2), or
    ``None`` when the operands need promotion: the caller then uses matmul and add.

    One kernel instead of two, and one backward node: a few percent of a dense step."""
    if not (
        isinstance(inputs, torch.Tensor)
        and isinstance(kernel, torch.Tensor)
        and isinstance(bias, torch.Tensor)
        and inputs.dtype == kernel.dtype == bias.dtype
        and inputs.dtype in (torch.float32, torch.float64, torch.bfloat16, torch.float16)
        and inputs.ndim >= 2
        and kernel.ndim == 2
        and bias.ndim == 1
    ):
        return None
    if inputs.ndim == 2:
        return torch.addmm(bias, inputs, kernel)
    flat = torch.addmm(bias, inputs.reshape(-1, inputs.shape[-1]), kernel)
    return flat.reshape(*inputs.shape[:-1], kernel.shape[-1])
