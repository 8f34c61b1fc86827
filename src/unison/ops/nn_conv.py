"""Convolution, pooling and patch / block rearrangement ops of ``unison.ops.nn``.

Inputs are batched: ``(batch, *spatial, channels)`` for ``"channels_last"`` or
``(batch, channels, *spatial)`` for ``"channels_first"``; ``data_format=None`` means
``unison.config.image_data_format()``.
"""

from __future__ import annotations

from typing import Any

from unison.config import standardize_data_format
from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    check_positive,
    current,
    normalize_padding,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "adaptive_average_pool",
    "adaptive_max_pool",
    "average_pool",
    "conv",
    "conv_transpose",
    "depth_to_space",
    "depthwise_conv",
    "fold",
    "max_pool",
    "separable_conv",
    "space_to_depth",
    "unfold",
]


def _check_ranks(op_name: str, inputs: Any, kernel: Any, kernel_name: str = "kernel") -> None:
    rank = getattr(inputs, "ndim", None)
    if rank is None:
        return
    if not 3 <= rank <= 5:
        raise ValueError(
            f"{op_name}: `inputs` must have rank 3, 4 or 5 (batch, spatial..., channels); "
            f"received shape {tuple(inputs.shape)}."
        )
    kernel_rank = getattr(kernel, "ndim", None)
    if kernel_rank is not None and kernel_rank != rank:
        raise ValueError(
            f"{op_name}: `{kernel_name}` must have the same rank as `inputs` ({rank}); "
            f"received {kernel_name} shape {tuple(kernel.shape)}."
        )


def conv(
    inputs: TensorLike,
    kernel: TensorLike,
    strides: int | tuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: int | tuple = 1,
):
    """N-D convolution (1-D to 3-D); ``kernel`` is ``(*window, in_channels, out_channels)``.

    Example:
        >>> unison.ops.conv(unison.ops.ones((1, 5, 5, 3)), unison.ops.ones((3, 3, 3, 8))).shape
        (1, 3, 3, 8)
    """
    if padding != "valid" and padding != "same":
        padding = normalize_padding(padding, "conv")
    if strides != 1:
        check_positive(strides, "strides", "conv")
    if dilation_rate != 1:
        check_positive(dilation_rate, "dilation_rate", "conv")
    if data_format != "channels_last":
        data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor or type(kernel) is SymbolicTensor:
        _check_ranks("conv", inputs, kernel)
        return symbolic_call(conv, inputs, kernel, strides, padding, data_format, dilation_rate)
    return current().backend.conv(
        inputs,
        kernel,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
    )


def depthwise_conv(
    inputs: TensorLike,
    kernel: TensorLike,
    strides: int | tuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: int | tuple = 1,
):
    """Per-channel convolution; ``kernel`` is ``(*window, in_channels, multiplier)``.

    Example:
        >>> unison.ops.depthwise_conv(x, unison.ops.ones((3, 3, 3, 2))).shape   # 6 channels
    """
    padding = normalize_padding(padding, "depthwise_conv")
    check_positive(strides, "strides", "depthwise_conv")
    check_positive(dilation_rate, "dilation_rate", "depthwise_conv")
    data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor or type(kernel) is SymbolicTensor:
        _check_ranks("depthwise_conv", inputs, kernel)
        return symbolic_call(
            depthwise_conv, inputs, kernel, strides, padding, data_format, dilation_rate
        )
    return current().backend.depthwise_conv(
        inputs,
        kernel,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
    )


def separable_conv(
    inputs: TensorLike,
    depthwise_kernel: TensorLike,
    pointwise_kernel: TensorLike,
    strides: int | tuple = 1,
    padding: str = "valid",
    data_format: str | None = None,
    dilation_rate: int | tuple = 1,
):
    """A depthwise convolution followed by a 1x1 (pointwise) convolution.

    Example:
        >>> unison.ops.separable_conv(x, unison.ops.ones((3, 3, 3, 1)), unison.ops.ones((1, 1, 3, 8)))
    """
    padding = normalize_padding(padding, "separable_conv")
    check_positive(strides, "strides", "separable_conv")
    check_positive(dilation_rate, "dilation_rate", "separable_conv")
    data_format = standardize_data_format(data_format)
    if (
        type(inputs) is SymbolicTensor
        or type(depthwise_kernel) is SymbolicTensor
        or type(pointwise_kernel) is SymbolicTensor
    ):
        _check_ranks("separable_conv", inputs, depthwise_kernel, "depthwise_kernel")
        _check_ranks("separable_conv", inputs, pointwise_kernel, "pointwise_kernel")
        return symbolic_call(
            separable_conv,
            inputs,
            depthwise_kernel,
            pointwise_kernel,
            strides,
            padding,
            data_format,
            dilation_rate,
        )
    return current().backend.separable_conv(
        inputs,
        depthwise_kernel,
        pointwise_kernel,
        strides=strides,
        padding=padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
    )


def conv_transpose(
    inputs: TensorLike,
    kernel: TensorLike,
    strides: int | tuple = 1,
    padding: str = "valid",
    output_padding: int | tuple | None = None,
    data_format: str | None = None,
    dilation_rate: int | tuple = 1,
):
    """Transposed convolution; ``kernel`` is ``(*window, out_channels, in_channels)``.

    Example:
        >>> unison.ops.conv_transpose(unison.ops.ones((1, 4, 4, 8)), unison.ops.ones((3, 3, 2, 8)), 2)
    """
    padding = normalize_padding(padding, "conv_transpose")
    check_positive(strides, "strides", "conv_transpose")
    check_positive(dilation_rate, "dilation_rate", "conv_transpose")
    if output_padding is not None:
        values = output_padding if isinstance(output_padding, (list, tuple)) else (output_padding,)
        if not all(isinstance(value, int) and value >= 0 for value in values):
            raise ValueError(
                "conv_transpose: `output_padding` must be None, a non-negative int or a tuple "
                f"of them; received {output_padding!r}."
            )
    data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor or type(kernel) is SymbolicTensor:
        _check_ranks("conv_transpose", inputs, kernel)
        return symbolic_call(
            conv_transpose,
            inputs,
            kernel,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
        )
    return current().backend.conv_transpose(
        inputs,
        kernel,
        strides=strides,
        padding=padding,
        output_padding=output_padding,
        data_format=data_format,
        dilation_rate=dilation_rate,
    )


def _pool(name: str, operation: Any, inputs, pool_size, strides, padding, data_format):
    padding = normalize_padding(padding, name)
    check_positive(pool_size, "pool_size", name)
    check_positive(strides, "strides", name, allow_none=True)
    data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor:
        _check_ranks(name, inputs, None)
        return symbolic_call(operation, inputs, pool_size, strides, padding, data_format)
    return getattr(current().backend, name)(
        inputs, pool_size, strides=strides, padding=padding, data_format=data_format
    )


def max_pool(
    inputs: TensorLike,
    pool_size: int | tuple,
    strides: int | tuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
):
    """Maximum over sliding windows of ``pool_size`` (``strides`` default to ``pool_size``).

    Example:
        >>> unison.ops.max_pool(unison.ops.ones((1, 4, 4, 3)), 2).shape   # -> (1, 2, 2, 3)
    """
    return _pool("max_pool", max_pool, inputs, pool_size, strides, padding, data_format)


def average_pool(
    inputs: TensorLike,
    pool_size: int | tuple,
    strides: int | tuple | None = None,
    padding: str = "valid",
    data_format: str | None = None,
):
    """Mean over sliding windows of ``pool_size`` (``strides`` default to ``pool_size``).

    Example:
        >>> unison.ops.average_pool(unison.ops.ones((1, 4, 4, 3)), 2).shape   # -> (1, 2, 2, 3)
    """
    return _pool("average_pool", average_pool, inputs, pool_size, strides, padding, data_format)


def adaptive_max_pool(inputs: TensorLike, output_size: int | tuple, data_format: str | None = None):
    """Max pooling with windows chosen so the spatial output size is ``output_size``.

    Example:
        >>> unison.ops.adaptive_max_pool(unison.ops.ones((1, 7, 7, 3)), 2).shape   # (1,2,2,3)
    """
    check_positive(output_size, "output_size", "adaptive_max_pool")
    data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor:
        return symbolic_call(adaptive_max_pool, inputs, output_size, data_format=data_format)
    return current().backend.adaptive_max_pool(inputs, output_size, data_format=data_format)


def adaptive_average_pool(
    inputs: TensorLike, output_size: int | tuple, data_format: str | None = None
):
    """Average pooling with windows chosen so the spatial output size is ``output_size``.

    Example:
        >>> unison.ops.adaptive_average_pool(unison.ops.ones((1, 7, 7, 3)), 1).shape  # (1,1,1,3)
    """
    check_positive(output_size, "output_size", "adaptive_average_pool")
    data_format = standardize_data_format(data_format)
    if type(inputs) is SymbolicTensor:
        return symbolic_call(adaptive_average_pool, inputs, output_size, data_format=data_format)
    return current().backend.adaptive_average_pool(inputs, output_size, data_format=data_format)


def _check_non_negative(value: Any, name: str, op_name: str) -> None:
    values = value if isinstance(value, (list, tuple)) else (value,)
    if not all(isinstance(item, int) and item >= 0 for item in values):
        raise ValueError(
            f"{op_name}: `{name}` must be a non-negative int or a tuple of them; "
            f"received {value!r}."
        )


def unfold(
    x: TensorLike,
    kernel_size: int | tuple,
    dilation: int | tuple = 1,
    padding: int | tuple = 0,
    stride: int | tuple = 1,
):
    """Sliding 2-D patches of a channels-first batch, as ``(N, C * kh * kw, patches)``.

    Example:
        >>> unison.ops.unfold(unison.ops.ones((1, 3, 4, 4)), 2).shape   # -> (1, 12, 9)
    """
    check_positive(kernel_size, "kernel_size", "unfold")
    check_positive(dilation, "dilation", "unfold")
    check_positive(stride, "stride", "unfold")
    _check_non_negative(padding, "padding", "unfold")
    if type(x) is SymbolicTensor:
        return symbolic_call(unfold, x, kernel_size, dilation, padding, stride)
    return current().backend.unfold(
        x, kernel_size, dilation=dilation, padding=padding, stride=stride
    )


def fold(
    x: TensorLike,
    output_size: int | tuple,
    kernel_size: int | tuple,
    dilation: int | tuple = 1,
    padding: int | tuple = 0,
    stride: int | tuple = 1,
):
    """Inverse of :func:`unfold`: sum sliding patches back into a ``(N, C, H, W)`` batch.

    Example:
        >>> unison.ops.fold(unison.ops.ones((1, 12, 9)), (4, 4), 2).shape   # -> (1, 3, 4, 4)
    """
    check_positive(output_size, "output_size", "fold")
    check_positive(kernel_size, "kernel_size", "fold")
    check_positive(dilation, "dilation", "fold")
    check_positive(stride, "stride", "fold")
    _check_non_negative(padding, "padding", "fold")
    if type(x) is SymbolicTensor:
        return symbolic_call(fold, x, output_size, kernel_size, dilation, padding, stride)
    return current().backend.fold(
        x, output_size, kernel_size, dilation=dilation, padding=padding, stride=stride
    )


def _check_block(op_name: str, x: Any, block_size: Any) -> None:
    if not isinstance(block_size, int) or isinstance(block_size, bool) or block_size < 2:
        raise ValueError(f"{op_name}: `block_size` must be an int >= 2; received {block_size!r}.")
    rank = getattr(x, "ndim", None)
    if rank is not None and rank != 4:
        raise ValueError(
            f"{op_name}: `x` must be a 4-D batch of images; received shape {tuple(x.shape)}."
        )


def depth_to_space(x: TensorLike, block_size: int, data_format: str = "channels_last"):
    """Move channel blocks into ``block_size x block_size`` spatial tiles.

    Example:
        >>> unison.ops.depth_to_space(unison.ops.ones((1, 2, 2, 12)), 2).shape   # (1, 4, 4, 3)
    """
    _check_block("depth_to_space", x, block_size)
    data_format = standardize_data_format(data_format)
    if type(x) is SymbolicTensor:
        channels = x.shape[3] if data_format == "channels_last" else x.shape[1]
        if channels is not None and channels % (block_size * block_size):
            raise ValueError(
                f"depth_to_space: the channel count {channels} must be divisible by "
                f"block_size**2 = {block_size * block_size}."
            )
        return symbolic_call(depth_to_space, x, block_size, data_format=data_format)
    return current().backend.depth_to_space(x, block_size, data_format=data_format)


def space_to_depth(x: TensorLike, block_size: int, data_format: str = "channels_last"):
    """Move ``block_size x block_size`` spatial tiles into the channel axis.

    Example:
        >>> unison.ops.space_to_depth(unison.ops.ones((1, 4, 4, 3)), 2).shape   # (1, 2, 2, 12)
    """
    _check_block("space_to_depth", x, block_size)
    data_format = standardize_data_format(data_format)
    if type(x) is SymbolicTensor:
        # Written by hand: stand-in sizes for unknown dimensions need not divide block_size.
        if data_format == "channels_last":
            batch, height, width, channels = x.shape
        else:
            batch, channels, height, width = x.shape
        for dim in (height, width):
            if dim is not None and dim % block_size:
                raise ValueError(
                    f"space_to_depth: spatial dimensions of {x.shape} must be divisible by "
                    f"block_size {block_size}."
                )
        height = None if height is None else height // block_size
        width = None if width is None else width // block_size
        channels = None if channels is None else channels * block_size * block_size
        shape = (
            (batch, height, width, channels)
            if data_format == "channels_last"
            else (batch, channels, height, width)
        )
        output = SymbolicTensor(shape, x.dtype)
        return symbolic_result(
            space_to_depth, (x, block_size), {"data_format": data_format}, output
        )
    return current().backend.space_to_depth(x, block_size, data_format=data_format)
