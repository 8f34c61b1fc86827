"""NumPy float64 references for convolution, pooling, attention and CTC (Keras semantics)."""

import itertools
import math

import numpy as np


def as_tuple(value, n):
    return tuple(value) if isinstance(value, list | tuple) else (value,) * n


def _same_padding(size, kernel, stride):
    """TensorFlow-style 'same': output ceil(size / stride), extra padding at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def _to_last(x, data_format):
    return np.moveaxis(x, 1, -1) if data_format == "channels_first" else x


def _from_last(x, data_format):
    return np.moveaxis(x, -1, 1) if data_format == "channels_first" else x


def conv(inputs, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1):
    """N-d grouped convolution; kernel is ``(*spatial, in_channels / groups, out_channels)``."""
    x = _to_last(np.asarray(inputs, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    strides, dilation = as_tuple(strides, rank), as_tuple(dilation_rate, rank)
    effective = [(kernel.shape[i] - 1) * dilation[i] + 1 for i in range(rank)]
    pads = [
        _same_padding(x.shape[1 + i], effective[i], strides[i]) if padding == "same" else (0, 0)
        for i in range(rank)
    ]
    x = np.pad(x, [(0, 0), *pads, (0, 0)])
    out_sizes = [(x.shape[1 + i] - effective[i]) // strides[i] + 1 for i in range(rank)]
    groups = x.shape[-1] // kernel.shape[-2]
    in_per_group, out_channels = kernel.shape[-2], kernel.shape[-1]
    out_per_group = out_channels // groups
    result = np.zeros((x.shape[0], *out_sizes, out_channels))
    for offset in itertools.product(*[range(k) for k in kernel.shape[:rank]]):
        index = tuple(
            slice(
                offset[i] * dilation[i],
                offset[i] * dilation[i] + (out_sizes[i] - 1) * strides[i] + 1,
                strides[i],
            )
            for i in range(rank)
        )
        patch = x[(slice(None), *index)]
        for g in range(groups):
            result[..., g * out_per_group : (g + 1) * out_per_group] += (
                patch[..., g * in_per_group : (g + 1) * in_per_group]
                @ kernel[offset][:, g * out_per_group : (g + 1) * out_per_group]
            )
    return _from_last(result, data_format)


def depthwise_conv(
    inputs, kernel, strides=1, padding="valid", data_format="channels_last", dilation_rate=1
):
    """Kernel ``(*spatial, in_channels, multiplier)`` -> grouped conv with one group per channel."""
    kernel = np.asarray(kernel)
    grouped = kernel.reshape(*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1])
    return conv(inputs, grouped, strides, padding, data_format, dilation_rate)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format="channels_last",
    dilation_rate=1,
):
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format)


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format="channels_last",
    dilation_rate=1,
):
    """Kernel ``(*spatial, out_channels, in_channels)``; output size as Keras computes it."""
    x = _to_last(np.asarray(inputs, np.float64), data_format)
    kernel = np.asarray(kernel, np.float64)
    rank = x.ndim - 2
    strides, dilation = as_tuple(strides, rank), as_tuple(dilation_rate, rank)
    output_padding = (None,) * rank if output_padding is None else as_tuple(output_padding, rank)
    sizes, crops = [], []
    for i in range(rank):
        size, stride, effective = (
            x.shape[1 + i],
            strides[i],
            (kernel.shape[i] - 1) * dilation[i] + 1,
        )
        extra = output_padding[i]
        if padding == "valid":
            extra = max(effective, stride) - effective if extra is None else extra
            left, right = effective - 1, effective - 1 + extra
        else:
            if extra is None:
                total = stride + effective - 2
            else:
                total = effective + effective % 2 - 2 + extra
            left = min(total // 2 + total % 2, effective - 1)
            right = total - left
        crops.append(effective - 1 - left)
        sizes.append((size - 1) * stride + 1 + left + right - effective + 1)
    full_sizes = [
        (x.shape[1 + i] - 1) * strides[i] + (kernel.shape[i] - 1) * dilation[i] + 1
        for i in range(rank)
    ]
    padded = [max(full_sizes[i], crops[i] + sizes[i]) for i in range(rank)]
    full = np.zeros((x.shape[0], *padded, kernel.shape[-2]))
    for offset in itertools.product(*[range(k) for k in kernel.shape[:rank]]):
        index = tuple(
            slice(
                offset[i] * dilation[i],
                offset[i] * dilation[i] + (x.shape[1 + i] - 1) * strides[i] + 1,
                strides[i],
            )
            for i in range(rank)
        )
        full[(slice(None), *index)] += x @ kernel[offset].T
    crop = tuple(slice(crops[i], crops[i] + sizes[i]) for i in range(rank))
    return _from_last(full[(slice(None), *crop)], data_format)


def pool(inputs, pool_size, strides=None, padding="valid", data_format="channels_last", kind="max"):
    x = _to_last(np.asarray(inputs, np.float64), data_format)
    rank = x.ndim - 2
    pool_size = as_tuple(pool_size, rank)
    strides = pool_size if strides is None else as_tuple(strides, rank)
    pads = [
        _same_padding(x.shape[1 + i], pool_size[i], strides[i]) if padding == "same" else (0, 0)
        for i in range(rank)
    ]
    fill = -np.inf if kind == "max" else np.nan
    x = np.pad(x, [(0, 0), *pads, (0, 0)], constant_values=fill)
    out_sizes = [(x.shape[1 + i] - pool_size[i]) // strides[i] + 1 for i in range(rank)]
    out = np.zeros((x.shape[0], *out_sizes, x.shape[-1]))
    for position in itertools.product(*[range(n) for n in out_sizes]):
        window = x[
            (
                slice(None),
                *[
                    slice(p * s, p * s + k)
                    for p, s, k in zip(position, strides, pool_size, strict=False)
                ],
            )
        ]
        window = window.reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *position)] = (
            window.max(axis=1) if kind == "max" else np.nanmean(window, axis=1)
        )
    return _from_last(out, data_format)


def adaptive_pool(inputs, output_size, data_format="channels_last", kind="max"):
    x = _to_last(np.asarray(inputs, np.float64), data_format)
    rank = x.ndim - 2
    output_size = as_tuple(output_size, rank)
    out = np.zeros((x.shape[0], *output_size, x.shape[-1]))
    for position in itertools.product(*[range(n) for n in output_size]):
        index = []
        for i, p in enumerate(position):
            size, target = x.shape[1 + i], output_size[i]
            index.append(slice(p * size // target, math.ceil((p + 1) * size / target)))
        window = x[(slice(None), *index)].reshape(x.shape[0], -1, x.shape[-1])
        out[(slice(None), *position)] = window.max(axis=1) if kind == "max" else window.mean(axis=1)
    return _from_last(out, data_format)


def depth_to_space(x, block_size, data_format="channels_last"):
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, block_size, block_size, c // block_size**2)
        return x.transpose(0, 1, 3, 2, 4, 5).reshape(n, h * block_size, w * block_size, -1)
    n, c, h, w = x.shape
    x = x.reshape(n, c // block_size**2, block_size, block_size, h, w)
    return x.transpose(0, 1, 4, 2, 5, 3).reshape(n, -1, h * block_size, w * block_size)


def space_to_depth(x, block_size, data_format="channels_last"):
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // block_size, block_size, w // block_size, block_size, c)
        return x.transpose(0, 1, 3, 2, 4, 5).reshape(n, h // block_size, w // block_size, -1)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // block_size, block_size, w // block_size, block_size)
    return x.transpose(0, 1, 3, 5, 2, 4).reshape(n, -1, h // block_size, w // block_size)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """PyTorch ``unfold`` on ``(N, C, H, W)`` -> ``(N, C * kh * kw, L)``."""
    kh, kw = as_tuple(kernel_size, 2)
    dh, dw = as_tuple(dilation, 2)
    ph, pw = as_tuple(padding, 2)
    sh, sw = as_tuple(stride, 2)
    x = np.pad(x, [(0, 0), (0, 0), (ph, ph), (pw, pw)])
    n, c, h, w = x.shape
    out_h = (h - (kh - 1) * dh - 1) // sh + 1
    out_w = (w - (kw - 1) * dw - 1) // sw + 1
    columns = np.zeros((n, c, kh, kw, out_h, out_w))
    for i in range(kh):
        for j in range(kw):
            columns[:, :, i, j] = x[
                :,
                :,
                i * dh : i * dh + (out_h - 1) * sh + 1 : sh,
                j * dw : j * dw + (out_w - 1) * sw + 1 : sw,
            ]
    return columns.reshape(n, c * kh * kw, out_h * out_w)


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """PyTorch ``fold``: sums ``(N, C * kh * kw, L)`` columns back into ``(N, C, H, W)``."""
    kh, kw = as_tuple(kernel_size, 2)
    dh, dw = as_tuple(dilation, 2)
    ph, pw = as_tuple(padding, 2)
    sh, sw = as_tuple(stride, 2)
    oh, ow = as_tuple(output_size, 2)
    n = x.shape[0]
    c = x.shape[1] // (kh * kw)
    out_h = (oh + 2 * ph - (kh - 1) * dh - 1) // sh + 1
    out_w = (ow + 2 * pw - (kw - 1) * dw - 1) // sw + 1
    columns = x.reshape(n, c, kh, kw, out_h, out_w)
    out = np.zeros((n, c, oh + 2 * ph, ow + 2 * pw))
    for i in range(kh):
        for j in range(kw):
            out[
                :,
                :,
                i * dh : i * dh + (out_h - 1) * sh + 1 : sh,
                j * dw : j * dw + (out_w - 1) * sw + 1 : sw,
            ] += columns[:, :, i, j]
    return out[:, :, ph : ph + oh, pw : pw + ow]


def attention(query, key, value, bias=None, mask=None, scale=None, is_causal=False):
    """Keras layout ``(batch, length, heads, head_dim)``; grouped key/value heads repeat."""
    heads, kv_heads = query.shape[-2], key.shape[-2]
    if kv_heads != heads:
        key = np.repeat(key, heads // kv_heads, axis=-2)
        value = np.repeat(value, heads // kv_heads, axis=-2)
    scale = 1 / np.sqrt(query.shape[-1]) if scale is None else scale
    logits = np.einsum("btnh,bsnh->bnts", query, key) * scale
    if bias is not None:
        logits = logits + bias
    allowed = np.ones(logits.shape, bool)
    if mask is not None:
        allowed &= np.broadcast_to(mask, logits.shape).astype(bool)
    if is_causal:
        t, s = logits.shape[-2:]
        allowed &= np.tril(np.ones((t, s), bool))
    logits = np.where(allowed, logits, -np.inf)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return np.einsum("bnts,bsnh->btnh", weights, value)


def _log_softmax(x):
    shifted = x - x.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """Negative log likelihood of each target under CTC, from logits ``(B, T, C)``."""
    log_probs = _log_softmax(np.asarray(output, np.float64))
    losses = []
    for b in range(log_probs.shape[0]):
        labels = list(np.asarray(target[b][: int(target_length[b])]))
        extended = [mask_index]
        for label in labels:
            extended += [label, mask_index]
        steps = int(output_length[b])
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = log_probs[b, 0, extended[0]]
        if len(extended) > 1:
            alpha[1] = log_probs[b, 0, extended[1]]
        for t in range(1, steps):
            previous = alpha.copy()
            for s in range(len(extended)):
                candidates = [previous[s]]
                if s >= 1:
                    candidates.append(previous[s - 1])
                if s >= 2 and extended[s] != mask_index and extended[s] != extended[s - 2]:
                    candidates.append(previous[s - 2])
                alpha[s] = np.logaddexp.reduce(candidates) + log_probs[b, t, extended[s]]
        losses.append(-np.logaddexp(alpha[-1], alpha[-2] if len(extended) > 1 else -np.inf))
    return np.array(losses)


def ctc_greedy_decode(inputs, sequence_lengths, merge_repeated=True, mask_index=0):
    """(decoded ``(1, B, T)`` padded with -1, scores ``(B, 1)`` = -sum of max per step)."""
    batch, steps, _ = inputs.shape
    decoded = np.full((1, batch, steps), -1)
    scores = np.zeros((batch, 1))
    for b in range(batch):
        best = inputs[b].argmax(axis=-1)[: int(sequence_lengths[b])]
        scores[b, 0] = -inputs[b].max(axis=-1)[: int(sequence_lengths[b])].sum()
        out, previous = [], None
        for label in best:
            if not (merge_repeated and label == previous) and label != mask_index:
                out.append(label)
            previous = label
        decoded[0, b, : len(out)] = out
    return decoded, scores
