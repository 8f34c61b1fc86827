"""Convolutions, pooling, patch folding and depth / space rearrangement."""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from unison import config
from unison.backends.jax._base import ArrayImpl, promote, to_float, to_tensor


def _format(data_format):
    return config.image_data_format() if data_format is None else data_format


def _tuple(value, count, name):
    if isinstance(value, int):
        return (value,) * count
    value = tuple(int(v) for v in value)
    if len(value) == 1 and count > 1:
        return value * count
    if len(value) != count:
        raise ValueError(f"{name} must have {count} values; received {value}.")
    return value


def _padding(padding):
    mode = str(padding).lower()
    if mode not in ("valid", "same"):
        raise ValueError(f"padding must be 'valid' or 'same'; received {padding!r}.")
    return mode.upper()


def _numbers(ndim, data_format):
    if data_format == "channels_last":
        lhs = (0, ndim - 1, *range(1, ndim - 1))
    else:
        lhs = tuple(range(ndim))
    rhs = (ndim - 1, ndim - 2, *range(ndim - 2))
    return lax.ConvDimensionNumbers(lhs, rhs, lhs)


def _channels(x, data_format):
    return x.shape[-1] if data_format == "channels_last" else x.shape[1]


def _conv_inputs(inputs, kernel):
    if type(inputs) is ArrayImpl and type(kernel) is ArrayImpl and inputs.dtype is kernel.dtype:
        if inputs.dtype.kind not in "biu":
            return inputs, kernel
    inputs, kernel = promote(inputs, kernel)
    if inputs.dtype.kind in "biu":
        inputs, kernel = to_float(inputs), to_float(kernel)
    return inputs, kernel


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _format(data_format)
    spatial = inputs.ndim - 2
    if kernel.ndim != inputs.ndim:
        raise ValueError(
            f"conv: kernel rank {kernel.ndim} does not match inputs rank {inputs.ndim} "
            f"(inputs.shape={inputs.shape}, kernel.shape={kernel.shape})."
        )
    channels = _channels(inputs, data_format)
    if channels % kernel.shape[-2]:
        raise ValueError(
            f"conv: input channels ({channels}) must be a multiple of kernel.shape[-2] "
            f"({kernel.shape[-2]}); inputs.shape={inputs.shape}, kernel.shape={kernel.shape}."
        )
    return lax.conv_general_dilated(
        inputs,
        kernel,
        _tuple(strides, spatial, "strides"),
        _padding(padding),
        rhs_dilation=_tuple(dilation_rate, spatial, "dilation_rate"),
        dimension_numbers=_numbers(inputs.ndim, data_format),
        feature_group_count=channels // kernel.shape[-2],
    )


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _format(data_format)
    channels = _channels(inputs, data_format)
    kernel = jnp.reshape(kernel, (*kernel.shape[:-2], 1, kernel.shape[-2] * kernel.shape[-1]))
    spatial = inputs.ndim - 2
    return lax.conv_general_dilated(
        inputs,
        kernel,
        _tuple(strides, spatial, "strides"),
        _padding(padding),
        rhs_dilation=_tuple(dilation_rate, spatial, "dilation_rate"),
        dimension_numbers=_numbers(inputs.ndim, data_format),
        feature_group_count=channels,
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


def _transpose_padding(kernel_size, stride, dilation, padding, output_padding):
    """(low, high) padding of the stride-dilated input that gives Keras' output length."""
    effective = (kernel_size - 1) * dilation + 1
    if padding == "VALID":
        extra = max(effective, stride) - effective if output_padding is None else output_padding
        return effective - 1, effective - 1 + extra
    if output_padding is None:
        total = stride + effective - 2
    else:
        total = effective + effective % 2 - 2 + output_padding
    low = min((total + 1) // 2, effective - 1)
    return low, total - low


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    inputs, kernel = _conv_inputs(inputs, kernel)
    data_format = _format(data_format)
    spatial = inputs.ndim - 2
    strides = _tuple(strides, spatial, "strides")
    dilation = _tuple(dilation_rate, spatial, "dilation_rate")
    mode = _padding(padding)
    extras = (
        (None,) * spatial
        if output_padding is None
        else _tuple(output_padding, spatial, "output_padding")
    )
    pads = [
        _transpose_padding(kernel.shape[i], strides[i], dilation[i], mode, extras[i])
        for i in range(spatial)
    ]
    # Keras kernels are (*spatial, out_channels, in_channels): flip and swap to a forward kernel.
    flipped = jnp.flip(kernel, axis=tuple(range(spatial)))
    forward = jnp.swapaxes(flipped, -1, -2)
    return lax.conv_general_dilated(
        inputs,
        forward,
        (1,) * spatial,
        pads,
        lhs_dilation=strides,
        rhs_dilation=dilation,
        dimension_numbers=_numbers(inputs.ndim, data_format),
    )


def _pool_window(x, pool_size, strides, data_format):
    spatial = x.ndim - 2
    pool = _tuple(pool_size, spatial, "pool_size")
    steps = pool if strides is None else _tuple(strides, spatial, "strides")
    if data_format == "channels_last":
        return (1, *pool, 1), (1, *steps, 1)
    return (1, 1, *pool), (1, 1, *steps)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x = to_tensor(inputs)
    window, steps = _pool_window(x, pool_size, strides, _format(data_format))
    # NumPy (not jnp) constants: JAX recognises a max-monoid, and so its gradient, only when
    # the initial value is concrete, which a jnp value traced under jit is not.
    if x.dtype.kind in "iu":
        initial = np.array(np.iinfo(x.dtype).min, x.dtype)
    elif x.dtype.kind == "b":
        initial = np.array(False)
    else:
        initial = np.array(-np.inf, x.dtype)
    return lax.reduce_window(x, initial, lax.max, window, steps, _padding(padding))


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x = to_float(inputs)
    window, steps = _pool_window(x, pool_size, strides, _format(data_format))
    mode = _padding(padding)
    zero = jnp.array(0, x.dtype)
    sums = lax.reduce_window(x, zero, lax.add, window, steps, mode)
    if mode == "VALID":
        return sums / math.prod(window)
    ones_shape = [
        d if w != 1 or st != 1 else 1 for d, w, st in zip(x.shape, window, steps, strict=True)
    ]
    counts = lax.reduce_window(jnp.ones(ones_shape, x.dtype), zero, lax.add, window, steps, mode)
    return sums / counts


def _adaptive_bins(length, output):
    starts = [(i * length) // output for i in range(output)]
    ends = [-((-(i + 1) * length) // output) for i in range(output)]
    return starts, ends


def _adaptive(inputs, output_size, data_format, reduce_max):
    x = to_tensor(inputs) if reduce_max else to_float(inputs)
    data_format = _format(data_format)
    spatial = x.ndim - 2
    sizes = _tuple(output_size, spatial, "output_size")
    axes = range(1, spatial + 1) if data_format == "channels_last" else range(2, spatial + 2)
    for axis, output in zip(axes, sizes, strict=True):
        length = x.shape[axis]
        starts, ends = _adaptive_bins(length, output)
        member = np.zeros((output, length), bool)
        for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
            member[i, start:end] = True
        moved = jnp.moveaxis(x, axis, -1)
        if reduce_max:
            low = jnp.finfo(x.dtype).min if x.dtype.kind not in "biu" else jnp.iinfo(x.dtype).min
            masked = jnp.where(jnp.asarray(member), moved[..., None, :], low)
            pooled = jnp.max(masked, axis=-1)
        else:
            weights = member / member.sum(axis=1, keepdims=True)
            pooled = jnp.matmul(moved, jnp.asarray(weights.T, x.dtype))
        x = jnp.moveaxis(pooled, -1, axis)
    return x


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive(inputs, output_size, data_format, reduce_max=False)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive(inputs, output_size, data_format, reduce_max=True)


def _pair(value, name):
    return _tuple(value, 2, name)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = to_tensor(x)
    if x.ndim != 4:
        raise ValueError(f"unfold: expected a 4-D (N, C, H, W) input; received {x.shape}.")
    kernel = _pair(kernel_size, "kernel_size")
    pads = _pair(padding, "padding")
    patches = lax.conv_general_dilated_patches(
        x,
        kernel,
        _pair(stride, "stride"),
        [(pads[0], pads[0]), (pads[1], pads[1])],
        rhs_dilation=_pair(dilation, "dilation"),
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
        precision=lax.Precision.HIGHEST,
    )
    n, features = patches.shape[:2]
    return jnp.reshape(patches, (n, features, -1))


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = to_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"fold: expected a 3-D (N, C*kh*kw, L) input; received {x.shape}.")
    kernel = _pair(kernel_size, "kernel_size")
    height, width = _pair(output_size, "output_size")
    channels = x.shape[1] // (kernel[0] * kernel[1])
    image = jax.ShapeDtypeStruct((x.shape[0], channels, height, width), x.dtype)

    def forward(value):
        return unfold(value, kernel_size, dilation, padding, stride)

    (result,) = jax.linear_transpose(forward, image)(x)
    return result


def depth_to_space(x, block_size, data_format="channels_last"):
    x = to_tensor(x)
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = jnp.reshape(x, (n, h, w, b, b, c // (b * b)))
        x = jnp.transpose(x, (0, 1, 3, 2, 4, 5))
        return jnp.reshape(x, (n, h * b, w * b, c // (b * b)))
    n, c, h, w = x.shape
    x = jnp.reshape(x, (n, c // (b * b), b, b, h, w))
    x = jnp.transpose(x, (0, 1, 4, 2, 5, 3))
    return jnp.reshape(x, (n, c // (b * b), h * b, w * b))


def space_to_depth(x, block_size, data_format="channels_last"):
    x = to_tensor(x)
    b = int(block_size)
    if data_format == "channels_last":
        n, h, w, c = x.shape
        x = jnp.reshape(x, (n, h // b, b, w // b, b, c))
        x = jnp.transpose(x, (0, 1, 3, 2, 4, 5))
        return jnp.reshape(x, (n, h // b, w // b, c * b * b))
    n, c, h, w = x.shape
    x = jnp.reshape(x, (n, c, h // b, b, w // b, b))
    x = jnp.transpose(x, (0, 1, 3, 5, 2, 4))
    return jnp.reshape(x, (n, c * b * b, h // b, w // b))
