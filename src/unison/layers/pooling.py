"""Pooling layers: windowed max / average, global and adaptive pooling, 1-D to 3-D.

Example:
    >>> unison.layers.MaxPooling2D()(np.ones((1, 4, 4, 3), "float32")).shape
    (1, 2, 2, 3)
    >>> unison.layers.GlobalAveragePooling1D()(np.ones((2, 5, 3), "float32")).shape
    (2, 3)
"""

from __future__ import annotations

from typing import Any

from unison import config, ops
from unison.layers.conv_base import conv_output_length, standardize_padding, standardize_tuple
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = [
    "AdaptiveAveragePooling1D",
    "AdaptiveAveragePooling2D",
    "AdaptiveAveragePooling3D",
    "AdaptiveMaxPooling1D",
    "AdaptiveMaxPooling2D",
    "AdaptiveMaxPooling3D",
    "AveragePooling1D",
    "AveragePooling2D",
    "AveragePooling3D",
    "AvgPool1D",
    "AvgPool2D",
    "AvgPool3D",
    "GlobalAveragePooling1D",
    "GlobalAveragePooling2D",
    "GlobalAveragePooling3D",
    "GlobalAvgPool1D",
    "GlobalAvgPool2D",
    "GlobalAvgPool3D",
    "GlobalMaxPool1D",
    "GlobalMaxPool2D",
    "GlobalMaxPool3D",
    "GlobalMaxPooling1D",
    "GlobalMaxPooling2D",
    "GlobalMaxPooling3D",
    "MaxPool1D",
    "MaxPool2D",
    "MaxPool3D",
    "MaxPooling1D",
    "MaxPooling2D",
    "MaxPooling3D",
]


def _spatial_axes(rank: int, data_format: str) -> tuple:
    return (
        tuple(range(1, rank + 1)) if data_format == "channels_last" else tuple(range(2, rank + 2))
    )


class BasePooling(Layer):
    """Sliding-window pooling; ``strides`` default to ``pool_size``."""

    _pool_mode = "max"

    def __init__(
        self,
        pool_size: int | tuple,
        strides: int | tuple | None,
        pool_dimensions: int,
        padding: str = "valid",
        data_format: str | None = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(name=name, **kwargs)
        self.pool_size = standardize_tuple(pool_size, pool_dimensions, "pool_size")
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(strides, pool_dimensions, "strides")
        self.padding = standardize_padding(padding)
        self.data_format = config.standardize_data_format(data_format)
        self.rank = pool_dimensions
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs: Any) -> Any:
        pool = ops.max_pool if self._pool_mode == "max" else ops.average_pool
        return pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        axes = _spatial_axes(self.rank, self.data_format)
        output = list(input_shape)
        for axis, size, stride in zip(axes, self.pool_size, self.strides, strict=True):
            output[axis] = conv_output_length(input_shape[axis], size, self.padding, stride)
            if output[axis] is not None and output[axis] <= 0:
                raise ValueError(
                    f"Layer {self.name!r}: computed output size would be zero or negative for "
                    f"input shape {input_shape} with pool_size={self.pool_size}, "
                    f"strides={self.strides}, padding={self.padding!r}."
                )
        return tuple(output)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return result


class MaxPooling1D(BasePooling):
    """Max over windows of ``pool_size`` steps.

    Example:
        >>> unison.layers.MaxPooling1D(2)(np.ones((1, 6, 3), "float32")).shape
        (1, 3, 3)
    """

    def __init__(
        self, pool_size=2, strides=None, padding="valid", data_format=None, name=None, **kwargs
    ):
        super().__init__(pool_size, strides, 1, padding, data_format, name, **kwargs)


class MaxPooling2D(BasePooling):
    """Max over ``pool_size`` windows of an image.

    Example:
        >>> unison.layers.MaxPooling2D((2, 2))(np.ones((1, 4, 4, 3), "float32")).shape
        (1, 2, 2, 3)
    """

    def __init__(
        self, pool_size=(2, 2), strides=None, padding="valid", data_format=None, name=None, **kwargs
    ):
        super().__init__(pool_size, strides, 2, padding, data_format, name, **kwargs)


class MaxPooling3D(BasePooling):
    """Max over ``pool_size`` windows of a volume.

    Example:
        >>> unison.layers.MaxPooling3D()(np.ones((1, 4, 4, 4, 1), "float32")).shape
        (1, 2, 2, 2, 1)
    """

    def __init__(
        self,
        pool_size=(2, 2, 2),
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(pool_size, strides, 3, padding, data_format, name, **kwargs)


class AveragePooling1D(BasePooling):
    """Mean over windows of ``pool_size`` steps (``"same"`` padding averages real cells only).

    Example:
        >>> unison.layers.AveragePooling1D(2)(np.ones((1, 6, 3), "float32")).shape
        (1, 3, 3)
    """

    _pool_mode = "average"

    def __init__(
        self, pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs
    ):
        super().__init__(pool_size, strides, 1, padding, data_format, name, **kwargs)


class AveragePooling2D(BasePooling):
    """Mean over ``pool_size`` windows of an image.

    Example:
        >>> unison.layers.AveragePooling2D(2)(np.ones((1, 4, 4, 3), "float32")).shape
        (1, 2, 2, 3)
    """

    _pool_mode = "average"

    def __init__(
        self, pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs
    ):
        super().__init__(pool_size, strides, 2, padding, data_format, name, **kwargs)


class AveragePooling3D(BasePooling):
    """Mean over ``pool_size`` windows of a volume.

    Example:
        >>> unison.layers.AveragePooling3D(2)(np.ones((1, 4, 4, 4, 1), "float32")).shape
        (1, 2, 2, 2, 1)
    """

    _pool_mode = "average"

    def __init__(
        self, pool_size, strides=None, padding="valid", data_format=None, name=None, **kwargs
    ):
        super().__init__(pool_size, strides, 3, padding, data_format, name, **kwargs)


class BaseGlobalPooling(Layer):
    """Reduce every spatial axis; ``keepdims=True`` keeps them with size 1."""

    _pool_mode = "max"

    def __init__(
        self,
        pool_dimensions: int,
        data_format: str | None = None,
        keepdims: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.keepdims = bool(keepdims)
        self.rank = pool_dimensions
        self._axes = _spatial_axes(pool_dimensions, self.data_format)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs: Any) -> Any:
        if self._pool_mode == "max":
            return ops.max(inputs, axis=self._axes, keepdims=self.keepdims)
        return ops.mean(inputs, axis=self._axes, keepdims=self.keepdims)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if self.keepdims:
            return tuple(1 if axis in self._axes else d for axis, d in enumerate(input_shape))
        return tuple(d for axis, d in enumerate(input_shape) if axis not in self._axes)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"data_format": self.data_format, "keepdims": self.keepdims})
        return result


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Mean over the steps axis; masked steps (``mask`` False) are left out of the mean.

    Example:
        >>> unison.layers.GlobalAveragePooling1D()(np.ones((2, 5, 3), "float32")).shape
        (2, 3)
    """

    _pool_mode = "average"

    def __init__(self, data_format: str | None = None, keepdims: bool = False, **kwargs: Any):
        super().__init__(1, data_format=data_format, keepdims=keepdims, **kwargs)
        self.supports_masking = True

    def call(self, inputs: Any, mask: Any = None) -> Any:
        axis = self._axes[0]
        if mask is None:
            return ops.mean(inputs, axis=axis, keepdims=self.keepdims)
        expanded = ops.cast(ops.expand_dims(mask, 2 if axis == 1 else 1), "bool")
        total = ops.sum(ops.where(expanded, inputs, 0), axis=axis, keepdims=self.keepdims)
        count = ops.sum(ops.cast(expanded, ops.dtype(inputs)), axis=axis, keepdims=self.keepdims)
        return total / count

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return None


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Mean over height and width.

    Example:
        >>> unison.layers.GlobalAveragePooling2D()(np.ones((2, 4, 4, 3), "float32")).shape
        (2, 3)
    """

    _pool_mode = "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Mean over the three spatial axes.

    Example:
        >>> unison.layers.GlobalAveragePooling3D()(np.ones((2, 2, 2, 2, 3), "float32")).shape
        (2, 3)
    """

    _pool_mode = "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling1D(BaseGlobalPooling):
    """Max over the steps axis.

    Example:
        >>> unison.layers.GlobalMaxPooling1D()(np.ones((2, 5, 3), "float32")).shape
        (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(1, data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling2D(BaseGlobalPooling):
    """Max over height and width.

    Example:
        >>> unison.layers.GlobalMaxPooling2D(keepdims=True)(np.ones((2, 4, 4, 3), "float32")).shape
        (2, 1, 1, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(2, data_format=data_format, keepdims=keepdims, **kwargs)


class GlobalMaxPooling3D(BaseGlobalPooling):
    """Max over the three spatial axes.

    Example:
        >>> unison.layers.GlobalMaxPooling3D()(np.ones((2, 2, 2, 2, 3), "float32")).shape
        (2, 3)
    """

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(3, data_format=data_format, keepdims=keepdims, **kwargs)


class BaseAdaptivePooling(Layer):
    """Pooling whose windows are chosen so the spatial output is exactly ``output_size``."""

    _pool_mode = "average"
    _rank = 1
    _size_names = "(length,)"

    def __init__(self, output_size: int | tuple, data_format: str | None = None, **kwargs: Any):
        rank = self._rank
        if isinstance(output_size, int) and not isinstance(output_size, bool):
            output_size = (output_size,) * rank
        elif isinstance(output_size, (tuple, list)) and len(output_size) == rank:
            output_size = tuple(output_size)
        else:
            raise TypeError(
                f"`output_size` must be an int or a {self._size_names} tuple of {rank} ints; "
                f"received output_size={output_size!r} of type {type(output_size).__name__}."
            )
        if not all(isinstance(size, int) and size > 0 for size in output_size):
            raise ValueError(
                f"`output_size` must contain positive ints; received output_size={output_size}."
            )
        super().__init__(**kwargs)
        self.output_size = output_size
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(ndim=rank + 2)
        self.built = True

    def call(self, inputs: Any) -> Any:
        pool = ops.adaptive_average_pool if self._pool_mode == "average" else ops.adaptive_max_pool
        return pool(inputs, output_size=self.output_size, data_format=self.data_format)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"output_size": self.output_size, "data_format": self.data_format})
        return result


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """Average pooling to a fixed number of steps.

    Example:
        >>> unison.layers.AdaptiveAveragePooling1D(4)(np.ones((1, 10, 3), "float32")).shape
        (1, 4, 3)
    """

    _pool_mode = "average"
    _rank = 1
    _size_names = "(length,)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


class AdaptiveAveragePooling2D(BaseAdaptivePooling):
    """Average pooling to a fixed ``(height, width)``.

    Example:
        >>> unison.layers.AdaptiveAveragePooling2D((2, 3))(np.ones((1, 7, 9, 3), "float32")).shape
        (1, 2, 3, 3)
    """

    _pool_mode = "average"
    _rank = 2
    _size_names = "(height, width)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """Average pooling to a fixed ``(depth, height, width)``.

    Example:
        >>> unison.layers.AdaptiveAveragePooling3D(2)(np.ones((1, 4, 4, 4, 1), "float32")).shape
        (1, 2, 2, 2, 1)
    """

    _pool_mode = "average"
    _rank = 3
    _size_names = "(depth, height, width)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


class AdaptiveMaxPooling1D(BaseAdaptivePooling):
    """Max pooling to a fixed number of steps.

    Example:
        >>> unison.layers.AdaptiveMaxPooling1D(4)(np.ones((1, 10, 3), "float32")).shape
        (1, 4, 3)
    """

    _pool_mode = "max"
    _rank = 1
    _size_names = "(length,)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """Max pooling to a fixed ``(height, width)``.

    Example:
        >>> unison.layers.AdaptiveMaxPooling2D(2)(np.ones((1, 7, 7, 3), "float32")).shape
        (1, 2, 2, 3)
    """

    _pool_mode = "max"
    _rank = 2
    _size_names = "(height, width)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


class AdaptiveMaxPooling3D(BaseAdaptivePooling):
    """Max pooling to a fixed ``(depth, height, width)``.

    Example:
        >>> unison.layers.AdaptiveMaxPooling3D(2)(np.ones((1, 4, 4, 4, 1), "float32")).shape
        (1, 2, 2, 2, 1)
    """

    _pool_mode = "max"
    _rank = 3
    _size_names = "(depth, height, width)"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(output_size, data_format=data_format, **kwargs)


MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
