"""FTRL-Proximal (McMahan et al., 2013), with L1 / L2 / L2-shrinkage regularization."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name
from unison.optimizers.base_optimizer import Optimizer


class Ftrl(Optimizer):
    """Follow The Regularized Leader, the online-learning optimizer of Keras.

    Per variable it keeps an accumulator ``n`` of squared gradients and a linear term ``z``;
    the new weights solve the per-coordinate proximal problem in closed form.

    Example:
        >>> optimizer = unison.optimizers.Ftrl(learning_rate=0.1, l1_regularization_strength=0.01)
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
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
        for argument, value in (
            ("initial_accumulator_value", initial_accumulator_value),
            ("l1_regularization_strength", l1_regularization_strength),
            ("l2_regularization_strength", l2_regularization_strength),
            ("l2_shrinkage_regularization_strength", l2_shrinkage_regularization_strength),
        ):
            if value < 0.0:
                raise ValueError(f"Ftrl: {argument} must be >= 0; received {argument}={value}.")
        if learning_rate_power > 0.0:
            raise ValueError(
                f"Ftrl: learning_rate_power must be <= 0; received "
                f"learning_rate_power={learning_rate_power}."
            )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = l2_shrinkage_regularization_strength
        self.beta = beta

    def build(self, variables):
        from unison.initializers import Constant

        super().build(variables)
        initializer = Constant(self.initial_accumulator_value)
        self._squared_gradient_sums = []
        self._linears = []
        for variable in variables:
            self._squared_gradient_sums.append(
                self.add_variable_from_reference(variable, "accumulator", initializer=initializer)
            )
            self._linears.append(self.add_variable_from_reference(variable, "linear"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        index = self._index[id(variable)]
        accumulator, linear = self._squared_gradient_sums[index], self._linears[index]
        power = -self.learning_rate_power
        l2 = ops.add(self.l2_regularization_strength, ops.divide(self.beta, 2.0 * learning_rate))
        weights = variable.value
        shrunk_gradient = ops.add(
            gradient, ops.multiply(weights, 2 * self.l2_shrinkage_regularization_strength)
        )
        new_accumulator = ops.add(accumulator.value, ops.square(gradient))
        sigma = ops.divide(
            ops.subtract(ops.power(new_accumulator, power), ops.power(accumulator.value, power)),
            learning_rate,
        )
        new_linear = ops.add(
            linear.value, ops.subtract(shrunk_gradient, ops.multiply(sigma, weights))
        )
        linear.assign(new_linear)
        quadratic = ops.add(
            ops.divide(ops.power(new_accumulator, power), learning_rate), ops.multiply(l2, 2.0)
        )
        l1 = self.l1_regularization_strength
        clipped = ops.clip(new_linear, -l1, l1)
        variable.assign(ops.divide(ops.subtract(clipped, new_linear), quadratic))
        accumulator.assign(new_accumulator)

    def get_config(self):
        return {
            **super().get_config(),
            "learning_rate_power": self.learning_rate_power,
            "initial_accumulator_value": self.initial_accumulator_value,
            "l1_regularization_strength": self.l1_regularization_strength,
            "l2_regularization_strength": self.l2_regularization_strength,
            "l2_shrinkage_regularization_strength": self.l2_shrinkage_regularization_strength,
            "beta": self.beta,
        }
