"""Convolutions with Keras kernel layouts and TF-style "same" padding."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812

from unison.backends.torch._base import (
    FLOAT_DTYPES,
    NATIVE_TYPES,
    promote_tensors,
)

_CONV = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
_CONV_TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def _tuple(value, rank, name):
    if isinstance(value, int):
        return (value,) * rank
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * rank
    if len(value) != rank:
        raise ValueError(f"`{name}` must have {rank} entries; received {value}.")
    return value


def to_channels_first(x, data_format):
    if data_format == "channels_last":
        return x.permute(0, x.ndim - 1, *range(1, x.ndim - 1))
    return x


def to_channels_last(x, data_format):
    if data_format == "channels_last":
        return x.permute(0, *range(2, x.ndim), 1)
    return x


def same_padding(sizes, kernel, strides, dilation):
    """(before, after) per spatial dim so the output has ``ceil(size / stride)`` entries."""
    pads = []
    for size, k, s, d in zip(sizes, kernel, strides, dilation, strict=False):
        effective = (k - 1) * d + 1
        out = -(-size // s)
        total = max((out - 1) * s + effective - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def pad_spatial(x, pads, value=0.0):
    flat = []
    for before, after in reversed(pads):
        flat.extend((before, after))
    return F.pad(x, flat, value=value)


def _inputs(inputs, kernel):
    if (
        type(inputs) in NATIVE_TYPES
        and type(kernel) in NATIVE_TYPES
        and inputs.dtype == kernel.dtype
    ):
        return inputs, kernel, inputs.dtype
    (x, w), target = promote_tensors(inputs, kernel)
    return x, w, target


def _compute(x, w, target):
    if target not in FLOAT_DTYPES:
        return x.to(torch.float64), w.to(torch.float64)
    return x, w


def _run_conv(x, weight, strides, padding, dilation, groups, data_format, target, bias=None):
    rank = x.ndim - 2
    x = to_channels_first(x, data_format)
    x, weight = _compute(x, weight, target)
    if bias is not None and bias.dtype != weight.dtype:
        bias = bias.to(weight.dtype)
    padding = padding.lower()
    if padding == "same":
        pads = same_padding(x.shape[2:], weight.shape[2:], strides, dilation)
        if all(before == after for before, after in pads):
            torch_padding = tuple(before for before, _ in pads)
        else:
            x = pad_spatial(x, pads)
            torch_padding = 0
    elif padding == "valid":
        torch_padding = 0
    else:
        raise ValueError(f"conv: `padding` must be 'valid' or 'same'; received {padding!r}.")
    result = _CONV[rank](x, weight, bias, strides, torch_padding, dilation, groups)
    result = to_channels_last(result, data_format)
    return result if result.dtype == target else result.to(target)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    return _conv(inputs, kernel, None, strides, padding, data_format, dilation_rate)


def fused_conv(inputs, kernel, bias, strides=1, padding="valid", data_format=None, dilation_rate=1):
    """``conv(...) + bias`` with the bias added by the convolution kernel itself: one pass
    over the (large) output instead of two. ``None`` when the operands' dtypes differ (the
    caller then adds the bias itself)."""
    if not (
        isinstance(inputs, torch.Tensor)
        and isinstance(kernel, torch.Tensor)
        and isinstance(bias, torch.Tensor)
        and inputs.dtype == kernel.dtype == bias.dtype
        and bias.ndim == 1
    ):
        return None
    return _conv(inputs, kernel, bias, strides, padding, data_format, dilation_rate)


def _conv(inputs, kernel, bias, strides, padding, data_format, dilation_rate):
    x, w, target = _inputs(inputs, kernel)
    rank = x.ndim - 2
    if rank not in _CONV:
        raise ValueError(f"conv: inputs must be 3-D, 4-D or 5-D; received shape {tuple(x.shape)}.")
    channels = x.shape[-1] if data_format != "channels_first" else x.shape[1]
    if w.ndim != rank + 2:
        raise ValueError(
            f"conv: kernel must have rank {rank + 2}; received shape {tuple(w.shape)}."
        )
    in_per_group = w.shape[-2]
    if channels % in_per_group:
        raise ValueError(
            f"conv: input channels ({channels}) must be a multiple of the kernel's input "
            f"channels ({in_per_group})."
        )
    weight = w.permute(rank + 1, rank, *range(rank))
    return _run_conv(
        x,
        weight,
        _tuple(strides, rank, "strides"),
        padding,
        _tuple(dilation_rate, rank, "dilation_rate"),
        channels // in_per_group,
        data_format or "channels_last",
        target,
        bias,
    )


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    x, w, target = _inputs(inputs, kernel)
    rank = x.ndim - 2
    channels, multiplier = w.shape[-2], w.shape[-1]
    weight = w.reshape(*w.shape[:rank], 1, channels * multiplier)
    weight = weight.permute(rank + 1, rank, *range(rank))
    return _run_conv(
        x,
        weight,
        _tuple(strides, rank, "strides"),
        padding,
        _tuple(dilation_rate, rank, "dilation_rate"),
        channels,
        data_format or "channels_last",
        target,
    )


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    depthwise = depthwise_conv(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv(depthwise, pointwise_kernel, 1, "valid", data_format, 1)


def _transpose_pads(kernel, stride, dilation, padding, output_padding):
    """Keras/JAX (left, right) padding of the stride-dilated input for a transposed conv."""
    effective = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        return effective - 1, effective - 1 + extra
    if output_padding is None:
        total = stride + effective - 2
    else:
        total = effective + effective % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, effective - 1)
    return left, total - left


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    x, w, target = _inputs(inputs, kernel)
    rank = x.ndim - 2
    data_format = data_format or "channels_last"
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            f"conv_transpose: `padding` must be 'valid' or 'same'; received {padding!r}."
        )
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    if output_padding is None:
        output_padding = (None,) * rank
    else:
        output_padding = _tuple(output_padding, rank, "output_padding")
    x = to_channels_first(x, data_format)
    x, w = _compute(x, w, target)
    # Keras kernel (spatial..., out, in) -> torch (in, out, spatial...)
    weight = w.permute(rank + 1, rank, *range(rank))
    full = _CONV_TRANSPOSE[rank](x, weight, None, strides, 0, 0, 1, dilation)
    index = [slice(None), slice(None)]
    pads = []
    for axis in range(rank):
        k = w.shape[axis]
        effective = (k - 1) * dilation[axis] + 1
        left, right = _transpose_pads(
            k, strides[axis], dilation[axis], padding, output_padding[axis]
        )
        crop_left = effective - 1 - left
        crop_right = effective - 1 - right
        size = full.shape[2 + axis]
        start = max(crop_left, 0)
        stop = size - max(crop_right, 0)
        index.append(slice(start, stop))
        pads.append((max(-crop_left, 0), max(-crop_right, 0)))
    result = full[tuple(index)]
    if any(before or after for before, after in pads):
        result = pad_spatial(result, pads)
    result = to_channels_last(result, data_format)
    return result if result.dtype == target else result.to(target)
