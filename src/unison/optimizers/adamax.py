"""Adamax: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


class Adamax(Optimizer):
    """``m = b1 m + (1 - b1) g``; ``u = max(b2 u, |g|)``;
    ``w -= lr m / ((1 - b1^t) (u + eps))``.

    Example:
        >>> optimizer = unison.optimizers.Adamax(learning_rate=0.002)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
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
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon

    def build(self, variables):
        super().build(variables)
        self._m = []
        self._u = []
        for variable in variables:
            self._m.append(self.add_variable_from_reference(variable, "momentum"))
            self._u.append(self.add_variable_from_reference(variable, "norm"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), local_step(self, dtype))
        index = self._index[id(variable)]
        m, u = self._m[index], self._u[index]
        new_m = ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1))
        new_u = ops.maximum(ops.multiply(u.value, self.beta_2), ops.abs(gradient))
        m.assign(new_m)
        u.assign(new_u)
        variable.assign_sub(
            ops.divide(
                ops.multiply(new_m, learning_rate),
                ops.multiply(ops.subtract(1, beta_1_power), ops.add(new_u, self.epsilon)),
            )
        )

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
