"""Helpers shared by the normalization layers: axis checks, dtype handling, gamma / beta."""

from __future__ import annotations

from typing import Any

from unison import constraints, initializers, ops, regularizers
from unison.dtypes import result_type
from unison.layers.layer import Layer

__all__ = ["ScaleShiftLayer", "as_compute", "check_axes", "float32_or_wider"]


def check_axes(layer: Layer, axis: Any, input_shape: tuple) -> None:
    rank = len(input_shape)
    for item in axis if isinstance(axis, (list, tuple)) else [axis]:
        if item >= rank or item < -rank:
            raise ValueError(
                f"Layer {layer.name!r}: axis {item} is out of bounds for input shape "
                f"{tuple(input_shape)}. Received: axis={axis}."
            )


def as_compute(value: Any, dtype: str) -> Any:
    """A Variable's value (or ``None``) cast to ``dtype`` when it differs."""
    if value is None:
        return None
    tensor = value.value
    return tensor if value.dtype == dtype else ops.cast(tensor, dtype)


def float32_or_wider(dtype: Any) -> str:
    return result_type(str(dtype), "float32")


class ScaleShiftLayer(Layer):
    """Keeps the gamma / beta initializer, regularizer and constraint arguments."""

    def _set_scale_shift(
        self,
        beta_initializer,
        gamma_initializer,
        beta_regularizer,
        gamma_regularizer,
        beta_constraint,
        gamma_constraint,
    ) -> None:
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)

    def _scale_shift_config(self, with_moving: bool = False) -> dict:
        result = {
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
        }
        if with_moving:
            result["moving_mean_initializer"] = initializers.serialize(self.moving_mean_initializer)
            result["moving_variance_initializer"] = initializers.serialize(
                self.moving_variance_initializer
            )
        result.update(
            {
                "beta_regularizer": regularizers.serialize(self.beta_regularizer),
                "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
                "beta_constraint": constraints.serialize(self.beta_constraint),
                "gamma_constraint": constraints.serialize(self.gamma_constraint),
            }
        )
        return result

    def _add_gamma(self, shape: tuple) -> Any:
        return self.add_weight(
            name="gamma",
            shape=shape,
            initializer=self.gamma_initializer,
            regularizer=self.gamma_regularizer,
            constraint=self.gamma_constraint,
            trainable=True,
            autocast=False,
        )

    def _add_beta(self, shape: tuple) -> Any:
        return self.add_weight(
            name="beta",
            shape=shape,
            initializer=self.beta_initializer,
            regularizer=self.beta_regularizer,
            constraint=self.beta_constraint,
            trainable=True,
            autocast=False,
        )
