"""``InputSpec``: what a layer accepts (rank, known axis sizes, dtype), checked on call.

Example:
    >>> spec = unison.layers.InputSpec(min_ndim=2, axes={-1: 16})
"""

from __future__ import annotations

from typing import Any

from unison import dtypes, tree


class InputSpec:
    """Constraints on one input of a layer; ``None`` fields are not checked."""

    _keras_module = "keras.layers"

    def __init__(
        self,
        dtype: Any = None,
        shape: tuple | None = None,
        ndim: int | None = None,
        max_ndim: int | None = None,
        min_ndim: int | None = None,
        axes: dict[int, int] | None = None,
        allow_last_axis_squeeze: bool = False,
        name: str | None = None,
        optional: bool = False,
    ):
        self.dtype = dtypes.standardize_dtype(dtype) if dtype is not None else None
        self.shape = tuple(shape) if shape is not None else None
        self.ndim = len(self.shape) if self.shape is not None else ndim
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = {int(axis): size for axis, size in (axes or {}).items()}
        self.allow_last_axis_squeeze = allow_last_axis_squeeze
        self.name = name
        self.optional = optional

    def get_config(self) -> dict:
        return {
            "dtype": self.dtype,
            "shape": self.shape,
            "ndim": self.ndim,
            "max_ndim": self.max_ndim,
            "min_ndim": self.min_ndim,
            "axes": self.axes,
        }

    @classmethod
    def from_config(cls, config: dict) -> InputSpec:
        return cls(**config)

    def __repr__(self) -> str:
        fields = {k: v for k, v in self.get_config().items() if v not in (None, {})}
        return f"InputSpec({', '.join(f'{k}={v}' for k, v in fields.items())})"


def assert_input_compatibility(input_spec: Any, inputs: Any, layer_name: str) -> None:
    """Raise ``ValueError`` naming the layer, the expectation and the received shape."""
    if input_spec is None:
        return
    specs = tree.flatten(input_spec)
    flat_inputs = tree.flatten(inputs)
    if len(specs) != len(flat_inputs):
        raise ValueError(
            f"Layer {layer_name!r} expects {len(specs)} input(s); received {len(flat_inputs)}."
        )
    for index, (spec, value) in enumerate(zip(specs, flat_inputs)):
        if spec is None or value is None:
            continue
        shape = getattr(value, "shape", None)
        if shape is None:
            continue
        shape = tuple(shape)
        where = f"Input {index} of layer {layer_name!r}"
        if spec.ndim is not None and len(shape) != spec.ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected ndim={spec.ndim}, "
                f"found ndim={len(shape)}. Full shape received: {shape}."
            )
        if spec.max_ndim is not None and len(shape) > spec.max_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected max_ndim={spec.max_ndim}, "
                f"found ndim={len(shape)}. Full shape received: {shape}."
            )
        if spec.min_ndim is not None and len(shape) < spec.min_ndim:
            raise ValueError(
                f"{where} is incompatible with the layer: expected min_ndim={spec.min_ndim}, "
                f"found ndim={len(shape)}. Full shape received: {shape}."
            )
        for axis, size in spec.axes.items():
            if size is None:
                continue
            if -len(shape) <= axis < len(shape):
                received = shape[axis]
                if received is not None and received != size:
                    raise ValueError(
                        f"{where} is incompatible with the layer: expected axis {axis} of "
                        f"the input shape to have value {size}, but received input with "
                        f"shape {shape}."
                    )
        if spec.shape is not None:
            for expected, received in zip(spec.shape, shape):
                if expected is not None and received is not None and expected != received:
                    raise ValueError(
                        f"{where} is incompatible with the layer: expected shape="
                        f"{spec.shape}, found shape={shape}."
                    )
