"""Adadelta: step sizes from running averages of squared gradients and squared updates."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name
from unison.optimizers.base_optimizer import Optimizer


class Adadelta(Optimizer):
    """``Eg = rho Eg + (1 - rho) g^2``; ``d = -sqrt(Ed + eps) / sqrt(Eg + eps) * g``;
    ``Ed = rho Ed + (1 - rho) d^2``; ``w += lr d``.

    Example:
        >>> optimizer = unison.optimizers.Adadelta(learning_rate=1.0, rho=0.95)
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.95,
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
        self.rho = rho
        self.epsilon = epsilon

    def build(self, variables):
        super().build(variables)
        self._accumulated_grads = []
        self._accumulated_delta_vars = []
        for variable in variables:
            self._accumulated_grads.append(
                self.add_variable_from_reference(variable, "accumulated_grad")
            )
            self._accumulated_delta_vars.append(
                self.add_variable_from_reference(variable, "accumulated_delta_var")
            )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        rho = self.rho
        index = self._index[id(variable)]
        grads_average = self._accumulated_grads[index]
        deltas_average = self._accumulated_delta_vars[index]
        new_grads_average = ops.add(
            ops.multiply(grads_average.value, rho), ops.multiply(ops.square(gradient), 1 - rho)
        )
        grads_average.assign(new_grads_average)
        delta = ops.negative(
            ops.divide(
                ops.multiply(ops.sqrt(ops.add(deltas_average.value, self.epsilon)), gradient),
                ops.sqrt(ops.add(new_grads_average, self.epsilon)),
            )
        )
        deltas_average.assign(
            ops.add(
                ops.multiply(deltas_average.value, rho), ops.multiply(ops.square(delta), 1 - rho)
            )
        )
        variable.assign_add(ops.multiply(delta, learning_rate))

    def get_config(self):
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
