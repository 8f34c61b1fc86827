"""Lion: sign-based updates from an interpolated momentum (Chen et al., 2023)."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name
from unison.optimizers.base_optimizer import Optimizer


class Lion(Optimizer):
    """``w -= lr sign(b1 m + (1 - b1) g)``; then ``m = b2 m + (1 - b2) g``.

    Example:
        >>> optimizer = unison.optimizers.Lion(learning_rate=1e-4, weight_decay=0.01)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.99,
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
        if beta_1 <= 0 or beta_1 > 1:
            raise ValueError(
                "Lion: beta_1 must be in (0, 1] (beta_1=0 reduces Lion to SignSGD); received "
                f"beta_1={beta_1}."
            )
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def build(self, variables):
        super().build(variables)
        self._momentums = [self.add_variable_from_reference(v, "momentum") for v in variables]

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        m = self._momentums[self._index[id(variable)]]
        direction = ops.sign(
            ops.add(ops.multiply(m.value, self.beta_1), ops.multiply(gradient, 1.0 - self.beta_1))
        )
        variable.assign_sub(ops.multiply(direction, learning_rate))
        m.assign(
            ops.add(ops.multiply(m.value, self.beta_2), ops.multiply(gradient, 1.0 - self.beta_2))
        )

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
