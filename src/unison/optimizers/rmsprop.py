"""RMSprop: divide the gradient by a running root-mean-square of recent gradients."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name
from unison.optimizers.base_optimizer import Optimizer


class RMSprop(Optimizer):
    """``v = rho v + (1 - rho) g^2``; ``w -= lr g / sqrt(v + eps)``.

    With ``centered=True`` the denominator uses the variance ``v - mean(g)^2``; with
    ``momentum > 0`` the increments are accumulated in a momentum slot.

    Example:
        >>> optimizer = unison.optimizers.RMSprop(learning_rate=0.001, rho=0.9, momentum=0.9)
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
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
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered

    def build(self, variables):
        super().build(variables)
        self._velocities = [self.add_variable_from_reference(v, "velocity") for v in variables]
        self._momentums = (
            [self.add_variable_from_reference(v, "momentum") for v in variables]
            if self.momentum > 0
            else []
        )
        self._average_gradients = (
            [self.add_variable_from_reference(v, "average_gradient") for v in variables]
            if self.centered
            else []
        )

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._index[id(variable)]
        rho = self.rho
        velocity = self._velocities[index]
        new_velocity = ops.add(
            ops.multiply(velocity.value, rho), ops.multiply(ops.square(gradient), 1 - rho)
        )
        velocity.assign(new_velocity)
        if self.centered:
            average = self._average_gradients[index]
            new_average = ops.add(ops.multiply(average.value, rho), ops.multiply(gradient, 1 - rho))
            average.assign(new_average)
            denominator = ops.add(ops.subtract(new_velocity, ops.square(new_average)), self.epsilon)
        else:
            denominator = ops.add(new_velocity, self.epsilon)
        increment = ops.divide(ops.multiply(gradient, learning_rate), ops.sqrt(denominator))
        if self.momentum > 0:
            momentum = self._momentums[index]
            new_momentum = ops.add(ops.multiply(momentum.value, self.momentum), increment)
            momentum.assign(new_momentum)
            variable.assign_sub(new_momentum)
        else:
            variable.assign_sub(increment)

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
