"""Transposed convolution layers: ``Conv1DTranspose``, ``Conv2DTranspose``, ``Conv3DTranspose``.

Example:
    >>> layer = unison.layers.Conv2DTranspose(4, 3, strides=2, padding="same")
    >>> layer(np.ones((1, 5, 5, 8), "float32")).shape
    (1, 10, 10, 4)
"""

from __future__ import annotations

from typing import Any

from unison.layers.conv_base import BaseConvTranspose

__all__ = [
    "Conv1DTranspose",
    "Conv2DTranspose",
    "Conv3DTranspose",
    "Convolution1DTranspose",
    "Convolution2DTranspose",
    "Convolution3DTranspose",
]


class Conv1DTranspose(BaseConvTranspose):
    """1-D transposed convolution (``output_padding`` fixes the output length when strided).

    Example:
        >>> unison.layers.Conv1DTranspose(2, 3, strides=2)(np.ones((1, 4, 3), "float32")).shape
        (1, 9, 2)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple,
        strides: int | tuple = 1,
        padding: str = "valid",
        output_padding: int | tuple | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple = 1,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            1,
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


class Conv2DTranspose(BaseConvTranspose):
    """2-D transposed convolution ("deconvolution"), e.g. for learned upsampling.

    Example:
        >>> unison.layers.Conv2DTranspose(3, 2, strides=2)(np.ones((1, 4, 4, 1), "float32")).shape
        (1, 8, 8, 3)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple,
        strides: int | tuple = (1, 1),
        padding: str = "valid",
        output_padding: int | tuple | None = None,
        data_format: str | None = None,
        dilation_rate: int | tuple = (1, 1),
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            2,
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


class Conv3DTranspose(BaseConvTranspose):
    """3-D transposed convolution.

    Example:
        >>> unison.layers.Conv3DTranspose(2, 2, strides=2)(np.ones((1, 2, 2, 2, 1), "float32")).shape
        (1, 4, 4, 4, 2)
    """

    def __init__(
        self,
        filters: int,
        kernel_size: int | tuple,
        strides: int | tuple = (1, 1, 1),
        padding: str = "valid",
        data_format: str | None = None,
        output_padding: int | tuple | None = None,
        dilation_rate: int | tuple = (1, 1, 1),
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        **kwargs: Any,
    ):
        super().__init__(
            3,
            filters,
            kernel_size,
            strides,
            padding,
            output_padding,
            data_format,
            dilation_rate,
            activation,
            use_bias,
            kernel_initializer,
            bias_initializer,
            kernel_regularizer,
            bias_regularizer,
            activity_regularizer,
            kernel_constraint,
            bias_constraint,
            **kwargs,
        )


Convolution1DTranspose = Conv1DTranspose
Convolution2DTranspose = Conv2DTranspose
Convolution3DTranspose = Conv3DTranspose
