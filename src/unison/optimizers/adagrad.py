"""Adagrad: per-parameter learning rates scaled by the sum of past squared gradients."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name
from unison.optimizers.base_optimizer import Optimizer


class Adagrad(Optimizer):
    """``a += g^2``; ``w -= lr g / sqrt(a + eps)``, ``a`` starting at
    ``initial_accumulator_value``.

    Example:
        >>> optimizer = unison.optimizers.Adagrad(learning_rate=0.01)
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
        epsilon=1e-7,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            name=name or default_name(type(self)),
            **base_arguments(locals()),
        )
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon

    def build(self, variables):
        from unison.initializers import Constant

        super().build(variables)
        initializer = Constant(self.initial_accumulator_value)
        self._squared_gradient_sums = [
            self.add_variable_from_reference(v, "accumulator", initializer=initializer)
            for v in variables
        ]

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        accumulator = self._squared_gradient_sums[self._index[id(variable)]]
        total = ops.add(accumulator.value, ops.square(gradient))
        accumulator.assign(total)
        variable.assign_sub(
            ops.divide(
                ops.multiply(gradient, learning_rate), ops.sqrt(ops.add(total, self.epsilon))
            )
        )

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
