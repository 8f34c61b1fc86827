"""Convolutions and pooling on NumPy arrays, vectorised with strided window views."""

from __future__ import annotations

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    FLOAT32,
    INEXACT,
    floatx_dtype,
    promote,
    to_array,
)

_HALF = (BFLOAT16, np.dtype("float16"))
_window_view = np.lib.stride_tricks.sliding_window_view


def _tuple(value, count, name):
    if isinstance(value, (int, np.integer)):
        return (int(value),) * count
    value = tuple(int(item) for item in value)
    if len(value) == 1 and count > 1:
        return value * count
    if len(value) != count:
        raise ValueError(f"`{name}` must have {count} values; received {value}.")
    return value


def _channels_last(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, 1, -1)
    return x


def _restore(x, data_format):
    if data_format == "channels_first":
        return np.moveaxis(x, -1, 1)
    return x


def _check_padding(padding):
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'; received {padding!r}.")
    return padding


def same_pads(sizes, kernel_sizes, strides, dilations):
    """Left/right padding per spatial dimension for 'same' (the extra pixel goes right)."""
    pads = []
    for size, kernel, stride, dilation in zip(sizes, kernel_sizes, strides, dilations, strict=True):
        effective = (kernel - 1) * dilation + 1
        output = -(-size // stride)
        total = max((output - 1) * stride + effective - size, 0)
        pads.append((total // 2, total - total // 2))
    return pads


def _pad_spatial(x, pads, value=0):
    if not any(left or right for left, right in pads):
        return x
    return np.pad(x, [(0, 0), *pads, (0, 0)], mode="constant", constant_values=value)


def _windows(x, kernel_sizes, strides, dilations):
    """(N, *out, C, *kernel) windows of a padded channels-last input."""
    count = len(kernel_sizes)
    effective = [(k - 1) * d + 1 for k, d in zip(kernel_sizes, dilations, strict=True)]
    for axis, size in enumerate(effective):
        if x.shape[axis + 1] < size:
            raise ValueError(
                f"The input's spatial size {x.shape[1:-1]} is smaller than the (dilated) "
                f"window {tuple(effective)}."
            )
    views = _window_view(x, effective, axis=tuple(range(1, count + 1)))
    index = (
        slice(None),
        *(slice(None, None, s) for s in strides),
        slice(None),
        *(slice(None, None, d) for d in dilations),
    )
    return views[index]


def _prepare(inputs, kernel):
    inputs, kernel = promote(inputs, kernel)
    dtype = inputs.dtype
    if dtype in _HALF:
        inputs, kernel = inputs.astype(FLOAT32), kernel.astype(FLOAT32)
    return inputs, kernel, dtype


def _conv_channels_last(x, kernel, strides, padding, dilations):
    count = x.ndim - 2
    kernel_sizes = kernel.shape[:count]
    if padding == "same":
        x = _pad_spatial(x, same_pads(x.shape[1:-1], kernel_sizes, strides, dilations))
    windows = _windows(x, kernel_sizes, strides, dilations)
    channels = x.shape[-1]
    group_channels = kernel.shape[-2]
    if channels % group_channels:
        raise ValueError(
            f"conv: the input has {channels} channels, which is not a multiple of the "
            f"kernel's input channels {group_channels} (kernel shape {kernel.shape})."
        )
    groups = channels // group_channels
    if groups == 1:
        moved = np.moveaxis(kernel, -2, 0)
        axes = (list(range(count + 1, 2 * count + 2)), list(range(count + 1)))
        return np.tensordot(windows, moved, axes=axes)
    out_channels = kernel.shape[-1]
    if out_channels % groups:
        raise ValueError(
            f"conv: output channels {out_channels} must be a multiple of the group count {groups}."
        )
    shape = windows.shape
    grouped = windows.reshape(*shape[: count + 1], groups, group_channels, *shape[count + 2 :])
    grouped_kernel = kernel.reshape(*kernel_sizes, group_channels, groups, out_channels // groups)
    letters = "xyzuvw"[:count]
    spec = f"n{letters.upper()}gc{letters},{letters}cgo->n{letters.upper()}go"
    result = np.einsum(spec, grouped, grouped_kernel, optimize=True)
    return result.reshape(*result.shape[: count + 1], out_channels)


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel, dtype = _prepare(inputs, kernel)
    count = inputs.ndim - 2
    if count < 1 or kernel.ndim != count + 2:
        raise ValueError(
            f"conv: inputs of rank {inputs.ndim} need a kernel of rank {inputs.ndim}; "
            f"received kernel shape {kernel.shape}."
        )
    strides = _tuple(strides, count, "strides")
    dilations = _tuple(dilation_rate, count, "dilation_rate")
    padding = _check_padding(padding)
    x = _channels_last(inputs, data_format)
    result = _conv_channels_last(x, kernel, strides, padding, dilations)
    return _restore(result, data_format).astype(dtype, copy=False)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel, dtype = _prepare(inputs, kernel)
    count = inputs.ndim - 2
    strides = _tuple(strides, count, "strides")
    dilations = _tuple(dilation_rate, count, "dilation_rate")
    padding = _check_padding(padding)
    x = _channels_last(inputs, data_format)
    if kernel.shape[-2] != x.shape[-1]:
        raise ValueError(
            f"depthwise_conv: the kernel's input channels {kernel.shape[-2]} must equal the "
            f"input channels {x.shape[-1]}."
        )
    kernel_sizes = kernel.shape[:count]
    if padding == "same":
        x = _pad_spatial(x, same_pads(x.shape[1:-1], kernel_sizes, strides, dilations))
    windows = _windows(x, kernel_sizes, strides, dilations)
    letters = "xyzuvw"[:count]
    spec = f"n{letters.upper()}c{letters},{letters}cm->n{letters.upper()}cm"
    result = np.einsum(spec, windows, kernel, optimize=True)
    result = result.reshape(*result.shape[:-2], -1)
    return _restore(result, data_format).astype(dtype, copy=False)


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


def transpose_pads(kernel_size, stride, dilation, padding, output_padding):
    """Left/right padding of the stride-dilated input for a Keras conv_transpose."""
    effective = (kernel_size - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(effective, stride) - effective
        return effective - 1, effective - 1 + output_padding
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
    inputs, kernel, dtype = _prepare(inputs, kernel)
    count = inputs.ndim - 2
    strides = _tuple(strides, count, "strides")
    dilations = _tuple(dilation_rate, count, "dilation_rate")
    padding = _check_padding(padding)
    if output_padding is None:
        output_paddings = (None,) * count
    else:
        output_paddings = _tuple(output_padding, count, "output_padding")
    x = _channels_last(inputs, data_format)
    kernel_sizes = kernel.shape[:count]
    # Spread the input by the stride, then run a stride-1 conv with the flipped kernel.
    spread_shape = (
        x.shape[0],
        *((size - 1) * stride + 1 for size, stride in zip(x.shape[1:-1], strides, strict=True)),
        x.shape[-1],
    )
    spread = np.zeros(spread_shape, dtype=x.dtype)
    spread[(slice(None), *(slice(None, None, s) for s in strides), slice(None))] = x
    pads = [
        transpose_pads(size, stride, dilation, padding, extra)
        for size, stride, dilation, extra in zip(
            kernel_sizes, strides, dilations, output_paddings, strict=True
        )
    ]
    crops = []
    positive = []
    for left, right in pads:
        positive.append((max(left, 0), max(right, 0)))
        crops.append(slice(max(-left, 0), None if right >= 0 else right))
    spread = _pad_spatial(spread, positive)
    spread = spread[(slice(None), *crops, slice(None))]
    flipped = np.flip(kernel, axis=tuple(range(count)))
    flipped = np.swapaxes(flipped, -1, -2)
    result = _conv_channels_last(spread, flipped, (1,) * count, "valid", dilations)
    return _restore(result, data_format).astype(dtype, copy=False)


# -- pooling -----------------------------------------------------------------------------------
def _pool_arguments(inputs, pool_size, strides, padding, data_format):
    inputs = to_array(inputs)
    count = inputs.ndim - 2
    pool_size = _tuple(pool_size, count, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, count, "strides")
    padding = _check_padding(padding)
    return _channels_last(inputs, data_format), pool_size, strides, padding


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, pool_size, strides, padding = _pool_arguments(
        inputs, pool_size, strides, padding, data_format
    )
    dtype = x.dtype
    if dtype in _HALF:
        x = x.astype(FLOAT32)
    count = len(pool_size)
    if padding == "same":
        pads = same_pads(x.shape[1:-1], pool_size, strides, (1,) * count)
        low = -np.inf if x.dtype in INEXACT else np.iinfo(x.dtype).min
        x = _pad_spatial(x, pads, low)
    windows = _windows(x, pool_size, strides, (1,) * count)
    result = windows.max(axis=tuple(range(count + 2, 2 * count + 2)))
    return _restore(result, data_format).astype(dtype, copy=False)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, pool_size, strides, padding = _pool_arguments(
        inputs, pool_size, strides, padding, data_format
    )
    dtype = x.dtype if x.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype in _HALF else dtype
    x = x.astype(compute)
    count = len(pool_size)
    axes = tuple(range(count + 2, 2 * count + 2))
    if padding == "same":
        pads = same_pads(x.shape[1:-1], pool_size, strides, (1,) * count)
        ones = _pad_spatial(np.ones((1, *x.shape[1:-1], 1), dtype=compute), pads)
        x = _pad_spatial(x, pads)
        totals = _windows(x, pool_size, strides, (1,) * count).sum(axis=axes)
        counts = _windows(ones, pool_size, strides, (1,) * count).sum(axis=axes)
        result = totals / counts
    else:
        result = _windows(x, pool_size, strides, (1,) * count).mean(axis=axes)
    return _restore(result, data_format).astype(dtype, copy=False)


def _adaptive(inputs, output_size, data_format, reduce):
    x = _channels_last(to_array(inputs), data_format)
    count = x.ndim - 2
    sizes = _tuple(output_size, count, "output_size")
    for axis, out in enumerate(sizes, start=1):
        length = x.shape[axis]
        pieces = []
        for index in range(out):
            start = (index * length) // out
            end = -((-(index + 1) * length) // out)
            part = np.take(x, np.arange(start, end), axis=axis)
            pieces.append(reduce(part, axis=axis, keepdims=True))
        x = np.concatenate(pieces, axis=axis)
    return _restore(x, data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    inputs = to_array(inputs)
    dtype = inputs.dtype if inputs.dtype in INEXACT else floatx_dtype()
    compute = FLOAT32 if dtype in _HALF else dtype
    return _adaptive(inputs.astype(compute), output_size, data_format, np.mean).astype(dtype)


def adaptive_max_pool(inputs, output_size, data_format=None):
    inputs = to_array(inputs)
    dtype = inputs.dtype
    compute = FLOAT32 if dtype in _HALF else dtype
    return _adaptive(inputs.astype(compute), output_size, data_format, np.max).astype(dtype)
