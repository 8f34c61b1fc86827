"""``LossScaleOptimizer``: dynamic loss scaling around another optimizer (mixed precision)."""

from __future__ import annotations

from typing import Any

from unison import backend as backend_module
from unison import ops
from unison.optimizers.base_optimizer import Optimizer
from unison.state.variable import stateless_scope

_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


class LossScaleOptimizer(Optimizer):
    """Scale the loss by ``dynamic_scale`` and unscale gradients before the inner optimizer.

    Non-finite gradients skip the step and halve the scale; after ``dynamic_growth_steps``
    finite steps in a row the scale doubles. Use ``scale_loss(loss)`` in custom training.

    Example:
        >>> optimizer = unison.optimizers.LossScaleOptimizer(unison.optimizers.SGD(0.01))
    """

    def __init__(
        self,
        inner_optimizer: Optimizer,
        initial_scale: float = 2.0**15,
        dynamic_growth_steps: int = 2000,
        name: str | None = None,
        **kwargs: Any,
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer does not support dynamic=False; set `loss_scale_factor` on "
                "the inner optimizer for a fixed scale."
            )
        for argument, default in _BASE_DEFAULTS.items():
            if argument in kwargs and kwargs.pop(argument) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{argument}`; set it on the "
                    f"inner_optimizer instead."
                )
        if kwargs:
            raise ValueError(
                f"LossScaleOptimizer does not support arguments: {', '.join(sorted(kwargs))}."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "LossScaleOptimizer: inner_optimizer must be an Optimizer; received "
                f"{type(inner_optimizer).__name__}."
            )
        super().__init__(learning_rate=0.0, name=name or "loss_scale_optimizer")
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None

    # The base class sets ``self.iterations``; the count that matters is the inner one.
    @property
    def iterations(self):
        inner = self.__dict__.get("inner_optimizer")
        return inner.iterations if inner is not None else self.__dict__["_own_iterations"]

    @iterations.setter
    def iterations(self, value):
        self.__dict__["_own_iterations"] = value

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, value):
        inner = self.__dict__.get("inner_optimizer")
        if inner is not None:
            inner.learning_rate = value

    @property
    def variables(self):
        return list(self._variables) + self.inner_optimizer.variables

    def build(self, variables):
        self.step_counter = self._make_variable((), "int32", "step_counter", 0)
        self.dynamic_scale = self._make_variable(
            (), "float32", "dynamic_scale", float(self.initial_scale)
        )
        with backend_module.use(self._backend):
            if not self.inner_optimizer.built:
                self.inner_optimizer.build(variables)
        super().build(variables)

    def scale_loss(self, loss):
        """``loss * scale`` (the current dynamic scale once built)."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return ops.multiply(loss, ops.cast(scale, ops.dtype(loss)))

    def check_finite(self, grads):
        """A boolean tensor: every gradient is finite."""
        flags = [ops.all(ops.isfinite(g)) for g in grads if g is not None]
        return ops.all(ops.stack(flags)) if flags else ops.convert_to_tensor(True)

    def apply(self, grads, trainable_variables=None):
        if trainable_variables is None:
            trainable_variables = self._trainable_variables
        grads = list(grads)
        trainable_variables = list(trainable_variables)
        with backend_module.use(self._backend):
            if not self.built:
                self.build(trainable_variables)
            finite = self.check_finite(grads)
            scale = self.dynamic_scale.value
            unscaled = [
                None if g is None else ops.divide(g, ops.cast(scale, ops.dtype(g))) for g in grads
            ]
            # Run the inner step on the side and keep it only when every gradient is finite.
            with stateless_scope() as scope:
                self.inner_optimizer.apply(unscaled, trainable_variables)
            for variable in [*trainable_variables, *self.inner_optimizer.variables]:
                new_value = scope.get(variable)
                if new_value is not None:
                    variable.assign(ops.where(finite, new_value, variable.value))
            grow = ops.logical_and(
                finite, ops.equal(self.step_counter.value, self.dynamic_growth_steps - 1)
            )
            factor = ops.where(finite, ops.where(grow, 2.0, 1.0), 0.5)
            self.dynamic_scale.assign(ops.multiply(self.dynamic_scale.value, factor))
            counter = ops.where(
                ops.logical_or(grow, ops.logical_not(finite)), 0, self.step_counter.value + 1
            )
            self.step_counter.assign(counter)
        return self.iterations.value

    def stateless_apply(self, optimizer_variables, grads, trainable_variables):
        mapping = dict(zip(self.variables, optimizer_variables, strict=False))
        with stateless_scope(mapping) as scope:
            self.apply(grads, trainable_variables)
        trainable = [
            scope.get(v) if scope.get(v) is not None else v.value for v in trainable_variables
        ]
        return trainable, [scope.get(v) for v in self.variables]

    def finalize_variable_values(self, variables):
        self.inner_optimizer.finalize_variable_values(variables)

    @property
    def use_ema(self):
        inner = self.__dict__.get("inner_optimizer")
        return inner.use_ema if inner is not None else False

    @use_ema.setter
    def use_ema(self, value):
        if value:
            raise ValueError("LossScaleOptimizer: set use_ema on the inner optimizer.")

    def get_config(self):
        from unison.saving import serialization

        return {
            "name": self.name,
            "inner_optimizer": serialization.serialize(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from unison.saving import serialization

        config = dict(config)
        inner = serialization.deserialize(
            config.pop("inner_optimizer"), custom_objects, module_hint="keras.optimizers"
        )
        return cls(inner, **config)
