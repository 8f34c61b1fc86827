"""LAMB: Adam steps rescaled per variable by the trust ratio ``||w|| / ||update||``."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


class Lamb(Optimizer):
    """Layer-wise adaptive moments (You et al., 2019), as in Keras.

    Example:
        >>> optimizer = unison.optimizers.Lamb(learning_rate=0.001)
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
        self._momentums = []
        self._velocities = []
        for variable in variables:
            self._momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self._velocities.append(self.add_variable_from_reference(variable, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = local_step(self, dtype)
        beta_1_power = ops.power(ops.cast(self.beta_1, dtype), step)
        beta_2_power = ops.power(ops.cast(self.beta_2, dtype), step)
        index = self._index[id(variable)]
        m, v = self._momentums[index], self._velocities[index]
        new_m = ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1))
        new_v = ops.add(
            v.value, ops.multiply(ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2)
        )
        m.assign(new_m)
        v.assign(new_v)
        m_hat = ops.divide(new_m, ops.subtract(1.0, beta_1_power))
        v_root = ops.add(ops.sqrt(ops.divide(new_v, ops.subtract(1.0, beta_2_power))), self.epsilon)
        update = ops.divide(m_hat, v_root)
        weight_norm = ops.sqrt(ops.sum(ops.square(variable.value)))
        update_norm = ops.sqrt(ops.sum(ops.square(update)))
        safe_update_norm = ops.where(ops.greater(update_norm, 0), update_norm, 1.0)
        ratio = ops.where(
            ops.logical_and(ops.greater(weight_norm, 0), ops.greater(update_norm, 0)),
            ops.divide(weight_norm, safe_update_norm),
            1.0,
        )
        variable.assign_sub(ops.multiply(ops.multiply(update, ratio), learning_rate))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
