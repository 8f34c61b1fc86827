"""Convolutions, pooling and block rearrangements with Keras argument layouts."""

import tensorflow as tf

from unison import config
from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    EagerTensor,
    convert_to_tensor,
    floatx,
    pair,
)

__all__ = [
    "conv",
    "conv_transpose",
    "depthwise_conv",
    "separable_conv",
    "max_pool",
    "average_pool",
    "adaptive_average_pool",
    "adaptive_max_pool",
    "depth_to_space",
    "space_to_depth",
    "unfold",
    "fold",
]


def _tuple(value, count, name):
    if isinstance(value, int):
        return (value,) * count
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * count
    if len(value) != count:
        raise ValueError(f"`{name}` must have {count} values; received {value}.")
    return value


def _format(data_format):
    return config.image_data_format() if data_format is None else data_format


def _to_last(x, data_format):
    if data_format == "channels_first":
        rank = len(x.shape)
        return tf.transpose(x, [0, *range(2, rank), 1])
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        rank = len(x.shape)
        return tf.transpose(x, [0, rank - 1, *range(1, rank - 1)])
    return x


def _padding(padding):
    padding = padding.lower()
    if padding not in ("valid", "same"):
        raise ValueError(f"`padding` must be 'valid' or 'same'; received {padding!r}.")
    return padding.upper()


def _same_pads(x, kernel_sizes, strides, dilations):
    """Explicit 'same' paddings of a strided, dilated window (TF convention)."""
    pads = [[0, 0]]
    for axis, (k, s, d) in enumerate(zip(kernel_sizes, strides, dilations, strict=True)):
        length = x.shape[axis + 1]
        effective = (k - 1) * d + 1
        out = -(-length // s)
        total = max((out - 1) * s + effective - length, 0)
        pads.append([total // 2, total - total // 2])
    pads.append([0, 0])
    return pads


def _apply_strided_dilated(function, x, kernel_sizes, strides, dilations, padding):
    """Run ``function(x, strides, padding)``; emulate strides when dilation is also > 1."""
    if max(strides) > 1 and max(dilations) > 1:
        if padding == "SAME":
            x = tf.pad(x, _same_pads(x, kernel_sizes, strides, dilations))
        result = function(x, (1,) * len(strides), "VALID")
        index = (slice(None),) + tuple(slice(None, None, s) for s in strides)
        return result[index]
    return function(x, strides, padding)


def _float_operands(inputs, kernel):
    inputs, kernel = pair(inputs, kernel)
    dtype = inputs.dtype
    if dtype not in INEXACT:
        return tf.cast(inputs, tf.float32), tf.cast(kernel, tf.float32), dtype
    return inputs, kernel, dtype


def conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    data_format = _format(data_format)
    if type(inputs) is EagerTensor and type(kernel) is EagerTensor and inputs.dtype is kernel.dtype:
        dtype = inputs.dtype
    else:
        inputs, kernel, dtype = _float_operands(inputs, kernel)
    rank = len(inputs.shape)
    spatial = rank - 2
    if len(kernel.shape) != rank:
        raise ValueError(
            f"conv: kernel rank must equal input rank {rank}; received kernel shape "
            f"{tuple(kernel.shape)} and input shape {tuple(inputs.shape)}."
        )
    strides = _tuple(strides, spatial, "strides")
    dilations = _tuple(dilation_rate, spatial, "dilation_rate")
    padding = _padding(padding)
    x = _to_last(inputs, data_format)
    if x.dtype != kernel.dtype or x.dtype not in INEXACT:
        x, kernel = tf.cast(x, tf.float32), tf.cast(kernel, tf.float32)

    def run(value, run_strides, run_padding):
        if spatial == 2 and value.shape[-1] == kernel.shape[-2]:
            # the raw 2-D op skips tf.nn.convolution's Python-side argument handling
            return tf.raw_ops.Conv2D(
                input=value,
                filter=kernel,
                strides=[1, *run_strides, 1],
                padding=run_padding,
                dilations=[1, *dilations, 1],
            )
        return tf.nn.convolution(
            value, kernel, strides=run_strides, padding=run_padding, dilations=dilations
        )

    result = _apply_strided_dilated(run, x, kernel.shape[:spatial], strides, dilations, padding)
    if result.dtype != dtype:
        result = tf.cast(result, dtype)
    return _from_last(result, data_format)


def _deconv_length(length, kernel_size, padding, output_padding, stride, dilation):
    kernel_size = kernel_size + (kernel_size - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "VALID":
            return length * stride + max(kernel_size - stride, 0)
        return length * stride
    pad = kernel_size // 2 if padding == "SAME" else 0
    return (length - 1) * stride + kernel_size - 2 * pad + output_padding


def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    data_format = _format(data_format)
    inputs, kernel, dtype = _float_operands(inputs, kernel)
    rank = len(inputs.shape)
    spatial = rank - 2
    strides = _tuple(strides, spatial, "strides")
    dilations = _tuple(dilation_rate, spatial, "dilation_rate")
    paddings = (
        (None,) * spatial
        if output_padding is None
        else _tuple(output_padding, spatial, "output_padding")
    )
    padding = _padding(padding)
    x = _to_last(inputs, data_format)
    kernel_sizes = kernel.shape[:spatial]
    lengths = [
        _deconv_length(
            x.shape[i + 1], kernel_sizes[i], padding, paddings[i], strides[i], dilations[i]
        )
        for i in range(spatial)
    ]
    batch = tf.shape(x)[0]
    output_shape = tf.stack([batch, *lengths, kernel.shape[-2]])
    if max(dilations) > 1 and max(strides) > 1:
        result = _transpose_by_dilation(x, kernel, lengths, strides, dilations, padding)
    else:
        result = tf.nn.conv_transpose(
            x, kernel, output_shape, strides=strides, padding=padding, dilations=dilations
        )
    if result.dtype != dtype:
        result = tf.cast(result, dtype)
    return _from_last(result, data_format)


def _transpose_by_dilation(x, kernel, lengths, strides, dilations, padding):
    """Transposed convolution as a stride-1 convolution of the zero-upsampled input."""
    spatial = len(strides)
    originals = [x.shape[axis + 1] for axis in range(spatial)]
    for axis, stride in enumerate(strides):
        if stride == 1:
            continue
        dim = axis + 1
        length = originals[axis]
        expanded = tf.expand_dims(x, dim + 1)
        stacked = tf.concat([expanded] + [tf.zeros_like(expanded)] * (stride - 1), axis=dim + 1)
        shape = tf.shape(x)
        new_shape = tf.concat([shape[:dim], [length * stride], shape[dim + 1 :]], 0)
        x = tf.gather(tf.reshape(stacked, new_shape), tf.range((length - 1) * stride + 1), axis=dim)
    pads, crops = [[0, 0]], [slice(None)]
    for axis in range(spatial):
        effective = (kernel.shape[axis] - 1) * dilations[axis] + 1
        output_length = lengths[axis]
        upsampled = (originals[axis] - 1) * strides[axis] + 1
        before = 0
        if padding == "SAME":
            total = (originals[axis] - 1) * strides[axis] + effective - output_length
            before = max(total, 0) // 2
        left = effective - 1 - before
        right = output_length + effective - 1 - upsampled - left
        pads.append([max(left, 0), max(right, 0)])
        start = max(-left, 0)
        crops.append(slice(start, start + output_length + effective - 1))
    pads.append([0, 0])
    crops.append(slice(None))
    x = tf.pad(x, pads)[tuple(crops)]
    flipped = tf.reverse(kernel, list(range(spatial)))
    flipped = tf.transpose(flipped, [*range(spatial), spatial + 1, spatial])
    return tf.nn.convolution(x, flipped, strides=1, padding="VALID", dilations=dilations)


def depthwise_conv(inputs, kernel, strides=1, padding="valid", data_format=None, dilation_rate=1):
    data_format = _format(data_format)
    inputs, kernel, dtype = _float_operands(inputs, kernel)
    rank = len(inputs.shape)
    spatial = rank - 2
    if spatial not in (1, 2):
        raise ValueError(f"depthwise_conv supports 1-D and 2-D inputs; received rank {rank}.")
    strides = _tuple(strides, spatial, "strides")
    dilations = _tuple(dilation_rate, spatial, "dilation_rate")
    padding = _padding(padding)
    x = _to_last(inputs, data_format)
    if spatial == 1:
        x = tf.expand_dims(x, 1)
        kernel = tf.expand_dims(kernel, 0)
        strides, dilations = (1, *strides), (1, *dilations)

    def run(value, run_strides, run_padding):
        return tf.nn.depthwise_conv2d(
            value,
            kernel,
            strides=[1, *run_strides, 1],
            padding=run_padding,
            dilations=dilations,
        )

    result = _apply_strided_dilated(run, x, kernel.shape[:2], strides, dilations, padding)
    if spatial == 1:
        result = tf.squeeze(result, 1)
    if result.dtype != dtype:
        result = tf.cast(result, dtype)
    return _from_last(result, data_format)


def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    data_format = _format(data_format)
    depthwise = depthwise_conv(
        inputs,
        depthwise_kernel,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
    )
    return conv(depthwise, pointwise_kernel, strides=1, padding="valid", data_format=data_format)


def _pool(function, inputs, pool_size, strides, padding, data_format, needs_float):
    data_format = _format(data_format)
    inputs = convert_to_tensor(inputs)
    dtype = inputs.dtype
    spatial = len(inputs.shape) - 2
    pool_size = _tuple(pool_size, spatial, "pool_size")
    strides = pool_size if strides is None else _tuple(strides, spatial, "strides")
    x = _to_last(inputs, data_format)
    if needs_float and dtype not in INEXACT:
        x = tf.cast(x, floatx())
    elif dtype in (tf.uint32, tf.uint64, tf.bool):
        x = tf.cast(x, tf.int64)
    result = function(x, pool_size, strides, _padding(padding))
    if not needs_float and result.dtype != dtype:
        result = tf.cast(result, dtype)
    return _from_last(result, data_format)


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(tf.nn.max_pool, inputs, pool_size, strides, padding, data_format, False)


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    return _pool(tf.nn.avg_pool, inputs, pool_size, strides, padding, data_format, True)


def _adaptive(reduce, inputs, output_size, data_format, needs_float):
    data_format = _format(data_format)
    inputs = convert_to_tensor(inputs)
    dtype = inputs.dtype
    x = _to_last(inputs, data_format)
    if needs_float and dtype not in INEXACT:
        x = tf.cast(x, floatx())
    if x.dtype in HALF:
        x = tf.cast(x, tf.float32)
    spatial = len(x.shape) - 2
    sizes = _tuple(output_size, spatial, "output_size")
    for axis, out in enumerate(sizes):
        dim = axis + 1
        length = x.shape[dim]
        pieces = []
        for index in range(out):
            start = (index * length) // out
            end = -(-((index + 1) * length) // out)
            window = tf.gather(x, tf.range(start, end), axis=dim)
            pieces.append(reduce(window, axis=dim, keepdims=True))
        x = tf.concat(pieces, axis=dim)
    result_dtype = dtype if dtype in INEXACT or not needs_float else floatx()
    return _from_last(tf.cast(x, result_dtype), data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive(tf.reduce_mean, inputs, output_size, data_format, True)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive(tf.reduce_max, inputs, output_size, data_format, False)


def depth_to_space(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _format(data_format)
    if data_format == "channels_last":
        return tf.nn.depth_to_space(x, block_size)
    n, c, h, w = (tf.shape(x)[i] if x.shape[i] is None else x.shape[i] for i in range(4))
    channels = c // (block_size * block_size)
    x = tf.reshape(x, [n, channels, block_size, block_size, h, w])
    x = tf.transpose(x, [0, 1, 4, 2, 5, 3])
    return tf.reshape(x, [n, channels, h * block_size, w * block_size])


def space_to_depth(x, block_size, data_format="channels_last"):
    x = convert_to_tensor(x)
    data_format = _format(data_format)
    if data_format == "channels_last":
        return tf.nn.space_to_depth(x, block_size)
    n, c, h, w = (tf.shape(x)[i] if x.shape[i] is None else x.shape[i] for i in range(4))
    x = tf.reshape(x, [n, c, h // block_size, block_size, w // block_size, block_size])
    x = tf.transpose(x, [0, 1, 3, 5, 2, 4])
    return tf.reshape(x, [n, c * block_size * block_size, h // block_size, w // block_size])


def _pair_arg(value, name):
    return _tuple(value, 2, name)


def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if len(x.shape) != 4:
        raise ValueError(f"unfold: input must be 4-D (N, C, H, W); received {tuple(x.shape)}.")
    kh, kw = _pair_arg(kernel_size, "kernel_size")
    dh, dw = _pair_arg(dilation, "dilation")
    ph, pw = _pair_arg(padding, "padding")
    sh, sw = _pair_arg(stride, "stride")
    n, c = tf.shape(x)[0], x.shape[1]
    images = tf.transpose(x, [0, 2, 3, 1])
    images = tf.pad(images, [[0, 0], [ph, ph], [pw, pw], [0, 0]])
    patches = tf.image.extract_patches(
        images,
        sizes=[1, kh, kw, 1],
        strides=[1, sh, sw, 1],
        rates=[1, dh, dw, 1],
        padding="VALID",
    )
    patches = tf.reshape(patches, [n, -1, kh * kw, c])
    patches = tf.transpose(patches, [0, 3, 2, 1])
    return tf.reshape(patches, [n, c * kh * kw, -1])


def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    x = convert_to_tensor(x)
    if len(x.shape) != 3:
        raise ValueError(f"fold: input must be 3-D (N, C*kH*kW, L); received {tuple(x.shape)}.")
    oh, ow = _pair_arg(output_size, "output_size")
    kh, kw = _pair_arg(kernel_size, "kernel_size")
    dh, dw = _pair_arg(dilation, "dilation")
    ph, pw = _pair_arg(padding, "padding")
    sh, sw = _pair_arg(stride, "stride")
    height, width = oh + 2 * ph, ow + 2 * pw
    blocks_h = (height - dh * (kh - 1) - 1) // sh + 1
    blocks_w = (width - dw * (kw - 1) - 1) // sw + 1
    channels = x.shape[1] // (kh * kw)
    n = tf.shape(x)[0]
    rows = (tf.range(blocks_h) * sh)[None, :, None] + (tf.range(kh) * dh)[:, None, None]
    cols = (tf.range(blocks_w) * sw)[None, None, :] + (tf.range(kw) * dw)[:, None, None]
    # position of kernel tap (i, j) of block (bh, bw) in the padded image
    positions = rows[:, None, :, :] * width + cols[None, :, :, :]  # [kh, kw, bh, bw]
    positions = tf.reshape(positions, [-1])
    values = tf.reshape(x, [n, channels, kh * kw * blocks_h * blocks_w])
    values = tf.transpose(values, [2, 0, 1])
    summed = tf.math.unsorted_segment_sum(values, positions, height * width)
    image = tf.reshape(tf.transpose(summed, [1, 2, 0]), [n, channels, height, width])
    return image[:, :, ph : ph + oh, pw : pw + ow]
