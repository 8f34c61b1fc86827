"""Merge layers: combine a list of tensors element-wise, by concatenation or by dot product.

Each class has a functional form taking the list directly (``add([a, b])``).

Example:
    >>> a, b = np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")
    >>> unison.layers.Add()([a, b])   # -> all 3.
    >>> unison.layers.concatenate([a, b]).shape
    (2, 6)
"""

from __future__ import annotations

import string
from typing import Any

from unison import dtypes, ops
from unison.layers.core_utils import output_dtype, symbolic_like
from unison.layers.layer import Layer

__all__ = [
    "Add",
    "Average",
    "Concatenate",
    "Dot",
    "Maximum",
    "Minimum",
    "Multiply",
    "Subtract",
    "add",
    "average",
    "concatenate",
    "dot",
    "maximum",
    "minimum",
    "multiply",
    "subtract",
]


def _check_list(value: Any, layer: Any, minimum: int = 1) -> None:
    if not isinstance(value, (list, tuple)) or len(value) < minimum:
        raise ValueError(
            f"Layer {layer.name!r} ({type(layer).__name__}) must be called on a list of at "
            f"least {minimum} tensors; received {value!r}."
        )


def _broadcast_shapes(first: Any, second: Any, layer: Any) -> tuple | None:
    if first is None or second is None:
        return None
    if len(first) < len(second):
        first, second = second, first
    if not second:
        return tuple(first)
    result = list(first[: len(first) - len(second)])
    for a, b in zip(first[len(first) - len(second) :], second, strict=False):
        if a is None or b is None:
            result.append(None)
        elif a == 1:
            result.append(b)
        elif b == 1 or a == b:
            result.append(a)
        else:
            raise ValueError(
                f"Layer {layer.name!r} ({type(layer).__name__}): inputs have incompatible "
                f"shapes {tuple(first)} and {tuple(second)}."
            )
    return tuple(result)


class Merge(Layer):
    """Base of the element-wise merge layers (inputs broadcast against each other)."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.supports_masking = True
        self._expand_ranks = False

    def _merge(self, inputs: list, masks: list | None) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement _merge().")

    def build(self, input_shape: Any) -> None:
        _check_list(input_shape, self)
        if not all(isinstance(shape, (list, tuple)) for shape in input_shape):
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) must be called on a list of "
                f"tensors; received input shapes {input_shape}."
            )
        batch_sizes = {shape[0] for shape in input_shape if shape} - {None}
        if len(batch_sizes) > 1:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}): cannot merge tensors with "
                f"different batch sizes; received shapes {[tuple(s) for s in input_shape]}."
            )
        self.compute_output_shape(input_shape)  # raises on incompatible shapes
        self._expand_ranks = len({len(shape) for shape in input_shape}) > 1

    def call(self, inputs: Any, mask: Any = None) -> Any:
        _check_list(inputs, self)
        inputs = list(inputs)
        if self._expand_ranks:
            rank = max(len(ops.shape(x)) for x in inputs)
            expanded = []
            for x in inputs:
                for _ in range(rank - len(ops.shape(x))):
                    x = ops.expand_dims(x, 1)
                expanded.append(x)
            inputs = expanded
        masks = list(mask) if isinstance(mask, (list, tuple)) else None
        if masks is not None and all(m is None for m in masks):
            masks = None
        return self._merge(inputs, masks)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        shape = tuple(input_shape[0][1:])
        for other in input_shape[1:]:
            shape = _broadcast_shapes(shape, tuple(other[1:]), self)
        batch_sizes = {s[0] for s in input_shape if s} - {None}
        batch = batch_sizes.pop() if len(batch_sizes) == 1 else None
        return (batch, *shape)

    def compute_output_spec(self, inputs: Any, mask: Any = None) -> Any:
        _check_list(inputs, self)
        shape = self.compute_output_shape([tuple(x.shape) for x in inputs])
        dtype = dtypes.result_type(*[x.dtype for x in inputs])
        return symbolic_like(shape, output_dtype(self, dtype))

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)) or not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"Layer {self.name!r}: `inputs` and `mask` must be lists of the same length; "
                f"received mask={previous_mask!r}."
            )
        if len(previous_mask) != len(inputs):
            raise ValueError(
                f"Layer {self.name!r}: received {len(inputs)} inputs but {len(previous_mask)} "
                f"masks."
            )
        if any(m is None for m in previous_mask):
            return None
        result = previous_mask[0]
        for other in previous_mask[1:]:
            result = ops.logical_or(result, other)
        return result


def _expanded_mask(mask: Any, x: Any) -> Any:
    return ops.broadcast_to(ops.expand_dims(mask, -1), ops.shape(x))


class Add(Merge):
    """Sums a list of tensors (broadcasting).

    Example:
        >>> unison.layers.Add()([np.ones(2), np.ones(2)])   # -> [2., 2.]
    """

    def _merge(self, inputs: list, masks: list | None) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


class Subtract(Merge):
    """``inputs[0] - inputs[1]`` (exactly two inputs).

    Example:
        >>> unison.layers.Subtract()([np.ones(2), np.ones(2)])   # -> [0., 0.]
    """

    def build(self, input_shape: Any) -> None:
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Subtract) must be called on exactly 2 inputs; received "
                f"{len(input_shape)}."
            )

    def _merge(self, inputs: list, masks: list | None) -> Any:
        if len(inputs) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Subtract) must be called on exactly 2 inputs; received "
                f"{len(inputs)}."
            )
        return ops.subtract(inputs[0], inputs[1])


class Multiply(Merge):
    """Element-wise product of a list of tensors; masked entries count as 1 (output 0 where
    every input is masked).

    Example:
        >>> unison.layers.Multiply()([np.full(2, 2.0), np.full(2, 3.0)])   # -> [6., 6.]
    """

    def _merge(self, inputs: list, masks: list | None) -> Any:
        if masks is None:
            output = inputs[0]
            for x in inputs[1:]:
                output = ops.multiply(output, x)
            return output
        all_masked = all(m is not None for m in masks)
        output = None
        output_mask = None
        for x, mask in zip(inputs, masks, strict=False):
            if mask is not None:
                mask = _expanded_mask(mask, x)
                x = ops.where(mask, x, ops.ones_like(x))
                if all_masked:
                    output_mask = mask if output_mask is None else ops.logical_or(output_mask, mask)
            output = x if output is None else ops.multiply(output, x)
        if output_mask is not None:
            output = ops.where(output_mask, output, ops.zeros_like(output))
        return output


class Average(Merge):
    """Element-wise mean of a list of tensors.

    Example:
        >>> unison.layers.Average()([np.zeros(2), np.full(2, 2.0)])   # -> [1., 1.]
    """

    def _merge(self, inputs: list, masks: list | None) -> Any:
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return ops.divide(output, len(inputs))


class _MaskedExtremum(Merge):
    _operation = staticmethod(ops.maximum)

    def _merge(self, inputs: list, masks: list | None) -> Any:
        operation = type(self)._operation
        if masks is None:
            output = inputs[0]
            for x in inputs[1:]:
                output = operation(output, x)
            return output
        output = None
        output_mask = None
        for x, mask in zip(inputs, masks, strict=False):
            if mask is not None:
                mask = _expanded_mask(mask, x)
            if output is None:
                output, output_mask = x, mask
                continue
            if mask is not None:
                x = ops.where(mask, x, output)
            if output_mask is not None:
                output = ops.where(output_mask, output, x)
            if mask is not None and output_mask is not None:
                output_mask = ops.logical_or(output_mask, mask)
            else:
                output_mask = None
            output = operation(output, x)
        return output


class Maximum(_MaskedExtremum):
    """Element-wise maximum of a list of tensors (masked entries are ignored).

    Example:
        >>> unison.layers.Maximum()([np.array([1.0, 5.0]), np.array([3.0, 2.0])])   # -> [3., 5.]
    """

    _operation = staticmethod(ops.maximum)


class Minimum(_MaskedExtremum):
    """Element-wise minimum of a list of tensors (masked entries are ignored).

    Example:
        >>> unison.layers.Minimum()([np.array([1.0, 5.0]), np.array([3.0, 2.0])])   # -> [1., 2.]
    """

    _operation = staticmethod(ops.minimum)


class Concatenate(Merge):
    """Concatenates a list of tensors along ``axis``.

    Example:
        >>> unison.layers.Concatenate(axis=1)([np.ones((2, 1)), np.zeros((2, 3))]).shape
        (2, 4)
    """

    def __init__(self, axis: int = -1, **kwargs: Any):
        super().__init__(**kwargs)
        self.axis = axis

    def build(self, input_shape: Any) -> None:
        _check_list(input_shape, self)
        ranks = {len(shape) for shape in input_shape}
        if len(ranks) != 1:
            raise ValueError(
                f"Layer {self.name!r} (Concatenate) requires inputs of the same rank; received "
                f"shapes {[tuple(s) for s in input_shape]}."
            )
        rank = ranks.pop()
        axis = self.axis % rank if rank else 0
        for position in range(rank):
            if position == axis:
                continue
            sizes = {shape[position] for shape in input_shape} - {None}
            if len(sizes) > 1:
                raise ValueError(
                    f"Layer {self.name!r} (Concatenate) requires inputs with matching shapes "
                    f"except for the concatenation axis {self.axis}; received shapes "
                    f"{[tuple(s) for s in input_shape]}."
                )

    def _merge(self, inputs: list, masks: list | None) -> Any:
        return ops.concatenate(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        _check_list(input_shape, self)
        shape = list(input_shape[0])
        for other in input_shape[1:]:
            if shape[self.axis] is None or other[self.axis] is None:
                shape[self.axis] = None
                break
            shape[self.axis] += other[self.axis]
        for position in range(len(shape)):
            if shape[position] is None and position != self.axis % len(shape):
                known = {s[position] for s in input_shape} - {None}
                if known:
                    shape[position] = known.pop()
        return tuple(shape)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if previous_mask is None:
            return None
        if not isinstance(previous_mask, (list, tuple)) or len(previous_mask) != len(inputs):
            raise ValueError(
                f"Layer {self.name!r}: `inputs` and `mask` must be lists of the same length; "
                f"received mask={previous_mask!r}."
            )
        if all(m is None for m in previous_mask):
            return None
        masks = []
        for x, mask in zip(inputs, previous_mask, strict=False):
            if mask is None:
                masks.append(ops.ones_like(x, dtype="bool"))
            elif len(ops.shape(mask)) < len(ops.shape(x)):
                masks.append(
                    ops.logical_or(ops.expand_dims(mask, -1), ops.zeros_like(x, dtype="bool"))
                )
            else:
                masks.append(mask)
        return ops.any(ops.concatenate(masks, axis=self.axis), axis=-1)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def _dot_axes(axes: Any, rank1: int, rank2: int) -> list[int]:
    if isinstance(axes, int):
        return [axes % rank1, axes % rank2] if axes < 0 else [axes, axes]
    return [axis % rank for axis, rank in zip(axes, (rank1, rank2), strict=False)]


def batch_dot(x: Any, y: Any, axes: list[int]) -> Any:
    """Per-sample dot product of ``x`` and ``y`` over ``axes`` (never the batch axis)."""
    rank_x, rank_y = len(ops.shape(x)), len(ops.shape(y))
    letters = iter(string.ascii_letters)
    batch = next(letters)
    x_spec = [batch] + [next(letters) for _ in range(rank_x - 1)]
    y_spec = [batch] + [next(letters) for _ in range(rank_y - 1)]
    y_spec[axes[1]] = x_spec[axes[0]]
    output = [c for i, c in enumerate(x_spec) if i != axes[0]]
    output += [c for i, c in enumerate(y_spec) if i not in (0, axes[1])]
    result = ops.einsum(f"{''.join(x_spec)},{''.join(y_spec)}->{''.join(output)}", x, y)
    if len(output) == 1:
        result = ops.expand_dims(result, -1)
    return result


class Dot(Merge):
    """Per-sample dot product of two tensors along ``axes`` (optionally cosine similarity).

    Args:
        axes: an int, or a pair ``(axis_of_first, axis_of_second)``; never 0 (the batch axis).
        normalize: L2-normalise both inputs along the axes first (cosine similarity).

    Example:
        >>> x, y = np.ones((2, 3, 5)), np.ones((2, 10, 3))
        >>> unison.layers.Dot(axes=(1, 2))([x, y]).shape
        (2, 5, 10)
    """

    def __init__(self, axes: Any, normalize: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        if not isinstance(axes, int):
            if not isinstance(axes, (list, tuple)):
                raise TypeError(f"Dot: `axes` must be an int or a pair of ints; received {axes!r}.")
            if len(axes) != 2 or not all(isinstance(a, int) for a in axes):
                raise ValueError(f"Dot: `axes` must be a pair of ints; received {axes!r}.")
        self.axes = axes
        self.normalize = normalize

    def build(self, input_shape: Any) -> None:
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Dot) must be called on a list of 2 inputs; received "
                f"input shapes {input_shape}."
            )
        first, second = input_shape
        axes = _dot_axes(self.axes, len(first), len(second))
        if 0 in axes:
            raise ValueError(f"Layer {self.name!r} (Dot): `axes` cannot include the batch axis 0.")
        if len(first) < 2 or len(second) < 2:
            raise ValueError(
                f"Layer {self.name!r} (Dot): inputs must have rank >= 2; received shapes "
                f"{tuple(first)} and {tuple(second)}."
            )
        size1, size2 = first[axes[0]], second[axes[1]]
        if size1 is not None and size2 is not None and size1 != size2:
            raise ValueError(
                f"Layer {self.name!r} (Dot): incompatible sizes {size1} (axis {axes[0]}) and "
                f"{size2} (axis {axes[1]}); input shapes {tuple(first)}, {tuple(second)}."
            )

    def call(self, inputs: Any, mask: Any = None) -> Any:
        if not isinstance(inputs, (list, tuple)) or len(inputs) != 2:
            raise ValueError(
                f"Layer {self.name!r} (Dot) must be called on exactly 2 inputs; received "
                f"{inputs!r}."
            )
        x, y = inputs
        axes = _dot_axes(self.axes, len(ops.shape(x)), len(ops.shape(y)))
        if self.normalize:
            x = ops.normalize(x, axis=axes[0])
            y = ops.normalize(y, axis=axes[1])
        return batch_dot(x, y, axes)

    def compute_output_shape(self, input_shape: Any) -> tuple:
        first, second = list(input_shape[0]), list(input_shape[1])
        axes = _dot_axes(self.axes, len(first), len(second))
        first.pop(axes[0])
        second.pop(axes[1])
        second.pop(0)
        shape = first + second
        if len(shape) == 1:
            shape.append(1)
        return tuple(shape)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        return None

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def add(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Add`. Example: ``add([a, b])``."""
    return Add(**kwargs)(inputs)


def subtract(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Subtract`. Example: ``subtract([a, b])``."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Multiply`. Example: ``multiply([a, b])``."""
    return Multiply(**kwargs)(inputs)


def average(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Average`. Example: ``average([a, b])``."""
    return Average(**kwargs)(inputs)


def maximum(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Maximum`. Example: ``maximum([a, b])``."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs: list, **kwargs: Any) -> Any:
    """Functional form of :class:`Minimum`. Example: ``minimum([a, b])``."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs: list, axis: int = -1, **kwargs: Any) -> Any:
    """Functional form of :class:`Concatenate`. Example: ``concatenate([a, b], axis=1)``."""
    return Concatenate(axis=axis, **kwargs)(inputs)


def dot(inputs: list, axes: Any = -1, **kwargs: Any) -> Any:
    """Functional form of :class:`Dot`. Example: ``dot([a, b], axes=1)``."""
    return Dot(axes=axes, **kwargs)(inputs)
