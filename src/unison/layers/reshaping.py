"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, cropping, zero padding and
up-sampling (the spatial ones live in sibling modules and are re-exported here).

Example:
    >>> unison.layers.Flatten()(np.ones((2, 3, 4), "float32")).shape
    (2, 12)
    >>> unison.layers.Reshape((-1, 2))(np.ones((2, 6), "float32")).shape
    (2, 3, 2)
"""

from __future__ import annotations

import math
from typing import Any

from unison import config, ops
from unison.layers.core_utils import check_positive_int, output_dtype, symbolic_like
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer
from unison.layers.reshaping_spatial import (
    Cropping1D,
    Cropping2D,
    Cropping3D,
    ZeroPadding1D,
    ZeroPadding2D,
    ZeroPadding3D,
)
from unison.layers.reshaping_upsampling import UpSampling1D, UpSampling2D, UpSampling3D

__all__ = [
    "Cropping1D",
    "Cropping2D",
    "Cropping3D",
    "Flatten",
    "Permute",
    "RepeatVector",
    "Reshape",
    "UpSampling1D",
    "UpSampling2D",
    "UpSampling3D",
    "ZeroPadding1D",
    "ZeroPadding2D",
    "ZeroPadding3D",
]


class _ShapeLayer(Layer):
    """A layer whose output spec follows from a shape rule (no abstract evaluation)."""

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(
            self.compute_output_shape(inputs.shape), output_dtype(self, inputs.dtype)
        )


class Flatten(_ShapeLayer):
    """Flattens every axis but the batch axis: ``(batch, ...) -> (batch, prod(...))``.

    With ``data_format="channels_first"`` the channel axis is moved last before flattening,
    so the element order matches a channels-last model.

    Example:
        >>> unison.layers.Flatten()(np.ones((2, 3, 4), "float32")).shape
        (2, 12)
    """

    def __init__(self, data_format: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs: Any) -> Any:
        shape = tuple(ops.shape(inputs))
        rank = len(shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, (0, *range(2, rank), 1))
        rest = shape[1:]
        if all(isinstance(dim, int) for dim in rest):
            size = math.prod(rest) if rest else 1
            if size > 0:
                return ops.reshape(inputs, (-1, size))
        return ops.reshape(inputs, (shape[0], -1))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        rest = tuple(input_shape)[1:]
        if not rest:
            size = 1
        elif any(dim is None for dim in rest):
            size = None
        else:
            size = math.prod(rest)
        return (input_shape[0], size)

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


def _resolve_target(input_rest: tuple, target: tuple, layer: Any) -> tuple:
    """``target`` with its ``-1`` resolved when the input's non-batch size is known."""
    unknown = [i for i, dim in enumerate(target) if dim == -1]
    if not unknown:
        if None not in input_rest and math.prod(input_rest) != math.prod(target):
            raise ValueError(
                f"Layer {layer.name!r} (Reshape): cannot reshape inputs of shape "
                f"(batch, {', '.join(map(str, input_rest))}) ({math.prod(input_rest)} values per "
                f"sample) to target_shape={target} ({math.prod(target)} values)."
            )
        return target
    known = math.prod(dim for dim in target if dim != -1)
    if None in input_rest:
        return tuple(None if dim == -1 else dim for dim in target)
    total = math.prod(input_rest)
    if known == 0 or total % known:
        raise ValueError(
            f"Layer {layer.name!r} (Reshape): cannot reshape inputs with {total} values per "
            f"sample to target_shape={target}."
        )
    resolved = list(target)
    resolved[unknown[0]] = total // known
    return tuple(resolved)


class Reshape(_ShapeLayer):
    """Reshapes the non-batch axes to ``target_shape`` (one entry may be ``-1``).

    Example:
        >>> unison.layers.Reshape((3, 4))(np.ones((2, 12), "float32")).shape
        (2, 3, 4)
    """

    def __init__(self, target_shape: Any, **kwargs: Any):
        super().__init__(**kwargs)
        try:
            target_shape = tuple(int(dim) for dim in target_shape)
        except (TypeError, ValueError):
            raise ValueError(
                f"Reshape: `target_shape` must be a tuple of ints; received {target_shape!r}."
            ) from None
        if sum(dim == -1 for dim in target_shape) > 1 or any(
            dim < -1 or dim == 0 for dim in target_shape
        ):
            raise ValueError(
                f"Reshape: `target_shape` must contain positive ints and at most one -1; "
                f"received {target_shape}."
            )
        self.target_shape = target_shape
        self.built = True

    def call(self, inputs: Any) -> Any:
        shape = tuple(ops.shape(inputs))
        rest = tuple(dim if isinstance(dim, int) else None for dim in shape[1:])
        target = _resolve_target(rest, self.target_shape, self)
        if None not in target and math.prod(target) > 0:
            return ops.reshape(inputs, (-1, *target))
        return ops.reshape(inputs, (shape[0], *(-1 if d is None else d for d in target)))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        rest = tuple(input_shape)[1:]
        return (input_shape[0], *_resolve_target(rest, self.target_shape, self))

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": self.target_shape}


class Permute(_ShapeLayer):
    """Permutes the non-batch axes; ``dims`` is 1-based (``(2, 1)`` swaps the first two).

    Example:
        >>> unison.layers.Permute((2, 1))(np.ones((2, 3, 4), "float32")).shape
        (2, 4, 3)
    """

    def __init__(self, dims: Any, **kwargs: Any):
        super().__init__(**kwargs)
        dims = tuple(dims)
        if sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError(
                f"Permute: `dims` must be a permutation of 1..{len(dims)} (the batch axis 0 "
                f"stays first); received dims={dims}."
            )
        self.dims = dims
        self.input_spec = InputSpec(ndim=len(dims) + 1)

    def call(self, inputs: Any) -> Any:
        return ops.transpose(inputs, (0, *self.dims))

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], *(input_shape[dim] for dim in self.dims))

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(_ShapeLayer):
    """Repeats a ``(batch, features)`` input ``n`` times: ``(batch, n, features)``.

    Example:
        >>> unison.layers.RepeatVector(3)(np.ones((2, 4), "float32")).shape
        (2, 3, 4)
    """

    def __init__(self, n: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.n = check_positive_int(n, "n", "RepeatVector")
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs: Any) -> Any:
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
