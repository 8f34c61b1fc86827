"""Stochastic gradient descent with optional (Nesterov) momentum."""

from __future__ import annotations

from unison import ops
from unison.optimizers.base_optimizer import Optimizer


class SGD(Optimizer):
    """``v = momentum * v - lr * g``; ``w += v`` (Nesterov: ``w += momentum * v - lr * g``).

    Example: ``unison.optimizers.SGD(learning_rate=0.01, momentum=0.9, nesterov=True)``.
    """

    def __init__(
        self,
        learning_rate=0.01,
        momentum=0.0,
        nesterov=False,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name="SGD",
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        if not isinstance(momentum, (int, float)) or not 0 <= momentum <= 1:
            raise ValueError(f"SGD: momentum must be a float in [0, 1]; received {momentum!r}.")
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)

    def build(self, variables):
        super().build(variables)
        self._momentums = (
            [self.add_variable_from_reference(v, "momentum") for v in variables]
            if self.momentum
            else []
        )

    def update_step(self, gradient, variable, learning_rate):
        learning_rate = ops.cast(learning_rate, variable.dtype)
        gradient = ops.cast(gradient, variable.dtype)
        if not self.momentum:
            variable.assign_sub(ops.multiply(gradient, learning_rate))
            return
        momentum = self._momentums[self._slot_index(variable)]
        velocity = ops.subtract(
            ops.multiply(momentum.value, self.momentum), ops.multiply(gradient, learning_rate)
        )
        momentum.assign(velocity)
        if self.nesterov:
            step = ops.subtract(
                ops.multiply(velocity, self.momentum), ops.multiply(gradient, learning_rate)
            )
            variable.assign_add(step)
        else:
            variable.assign_add(velocity)

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
