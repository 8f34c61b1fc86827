"""Schedule-free AdamW (Defazio et al., 2024): no learning-rate schedule needed."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


class ScheduleFreeAdamW(Optimizer):
    """AdamW steps on a base sequence ``z`` (the ``momentum`` slot, started at the weights),
    averaged uniformly into ``x``; the model weights hold the interpolation
    ``y = (1 - b1) z + b1 x``. ``warmup_steps`` ramps the rate up linearly.

    Example:
        >>> optimizer = unison.optimizers.ScheduleFreeAdamW(learning_rate=0.0025)
    """

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        warmup_steps=0,
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
        self.warmup_steps = warmup_steps

    def build(self, variables):
        super().build(variables)
        self._momentums = []
        self._velocities = []
        for variable in variables:
            momentum = self.add_variable_from_reference(variable, "momentum")
            momentum.assign(variable.value)
            self._momentums.append(momentum)
            self._velocities.append(self.add_variable_from_reference(variable, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = local_step(self, dtype)
        beta_1, beta_2 = self.beta_1, self.beta_2
        if self.warmup_steps > 0:
            ramp = ops.minimum(ops.divide(step, float(self.warmup_steps)), 1.0)
            learning_rate = ops.multiply(learning_rate, ramp)
        index = self._index[id(variable)]
        z, velocity = self._momentums[index], self._velocities[index]
        z_old = z.value
        # Read everything that depends on the old z before assigning it: on some backends a
        # variable's value is its storage, updated in place.
        x_old = ops.divide(ops.subtract(variable.value, ops.multiply(z_old, 1 - beta_1)), beta_1)
        bias_correction = ops.subtract(1.0, ops.power(ops.cast(beta_2, dtype), step))
        new_velocity = ops.add(
            velocity.value,
            ops.multiply(ops.subtract(ops.square(gradient), velocity.value), 1 - beta_2),
        )
        velocity.assign(new_velocity)
        denominator = ops.add(ops.sqrt(ops.divide(new_velocity, bias_correction)), self.epsilon)
        z_new = ops.subtract(z_old, ops.divide(ops.multiply(gradient, learning_rate), denominator))
        weight = ops.divide(1.0, step)
        x_new = ops.add(ops.multiply(x_old, ops.subtract(1.0, weight)), ops.multiply(z_new, weight))
        z.assign(z_new)
        variable.assign(ops.add(ops.multiply(z_new, 1 - beta_1), ops.multiply(x_new, beta_1)))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "warmup_steps": self.warmup_steps,
        }
