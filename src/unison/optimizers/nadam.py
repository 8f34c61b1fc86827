"""Nadam: Adam with Nesterov momentum (Dozat), with the momentum-decay schedule of Keras."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


class Nadam(Optimizer):
    """Adam whose first moment looks one step ahead.

    ``mu_t = b1 (1 - 0.5 * 0.96^t)``; a running product of the ``mu`` values corrects the
    bias of the first moment, ``1 - b2^t`` that of the second.

    Example:
        >>> optimizer = unison.optimizers.Nadam(learning_rate=0.002)
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
        dtype = variables[0].dtype if variables else "float32"
        self._u_product = self.add_variable((), initializer="ones", dtype=dtype, name="u_product")

    def update_variables(self, grads, variables, learning_rate):
        dtype = self._u_product.dtype
        decay = ops.power(ops.cast(0.96, dtype), local_step(self, dtype))
        self._u_product.assign(
            ops.multiply(self._u_product.value, ops.multiply(self.beta_1, 1.0 - 0.5 * decay))
        )
        super().update_variables(grads, variables, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = local_step(self, dtype)
        decay = ops.cast(0.96, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        u_t = beta_1 * (1.0 - 0.5 * ops.power(decay, step))
        u_next = beta_1 * (1.0 - 0.5 * ops.power(decay, step + 1))
        u_product = ops.cast(self._u_product.value, dtype)
        u_product_next = u_product * u_next
        beta_2_power = ops.power(beta_2, step)
        index = self._index[id(variable)]
        m, v = self._momentums[index], self._velocities[index]
        new_m = ops.add(m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.beta_1))
        new_v = ops.add(
            v.value, ops.multiply(ops.subtract(ops.square(gradient), v.value), 1 - self.beta_2)
        )
        m.assign(new_m)
        v.assign(new_v)
        m_hat = ops.add(
            ops.divide(ops.multiply(new_m, u_next), 1 - u_product_next),
            ops.divide(ops.multiply(gradient, 1 - u_t), 1 - u_product),
        )
        v_hat = ops.divide(new_v, 1 - beta_2_power)
        variable.assign_sub(
            ops.divide(ops.multiply(m_hat, learning_rate), ops.add(ops.sqrt(v_hat), self.epsilon))
        )

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
        }
