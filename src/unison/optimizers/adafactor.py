"""Adafactor: Adam-like steps with a factored (row x column) second moment."""

from __future__ import annotations

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


def _rms(x):
    return ops.sqrt(ops.mean(ops.square(x)))


class Adafactor(Optimizer):
    """Memory-light adaptive optimizer (Shazeer & Stern, 2018), with Keras's formulation.

    Variables of rank >= 2 keep a row statistic (shape ``shape[:-1]``) and a column statistic
    (``shape[:-2] + shape[-1:]``) instead of a full second moment; rank 0/1 variables keep a
    full one. With ``relative_step`` (and a constant learning rate) the rate is capped at
    ``1 / sqrt(step)``.

    Example:
        >>> optimizer = unison.optimizers.Adafactor(learning_rate=0.01)
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_2_decay=-0.8,
        epsilon_1=1e-30,
        epsilon_2=1e-3,
        clip_threshold=1.0,
        relative_step=True,
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
        self.beta_2_decay = beta_2_decay
        self.epsilon_1 = epsilon_1
        self.epsilon_2 = epsilon_2
        self.clip_threshold = clip_threshold
        self.relative_step = relative_step

    def build(self, variables):
        super().build(variables)
        self._r, self._c, self._v = [], [], []
        for variable in variables:
            shape = tuple(variable.shape)
            base = variable.path.replace("/", "_")
            if len(shape) < 2:
                self._r.append(None)
                self._c.append(None)
            else:
                self._r.append(
                    self.add_variable(shape[:-1], dtype=variable.dtype, name=f"{base}_row")
                )
                self._c.append(
                    self.add_variable(
                        shape[:-2] + shape[-1:], dtype=variable.dtype, name=f"{base}_column"
                    )
                )
            self._v.append(self.add_variable_from_reference(variable, "velocity"))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = local_step(self, dtype)
        inverse_root_step = ops.divide(1.0, ops.sqrt(step))
        if self._learning_rate_schedule is None and self.relative_step:
            learning_rate = ops.minimum(learning_rate, inverse_root_step)
        index = self._index[id(variable)]
        r, c, v = self._r[index], self._c[index], self._v[index]
        rho = ops.minimum(learning_rate, inverse_root_step)
        alpha = ops.multiply(
            ops.maximum(ops.cast(self.epsilon_2, dtype), _rms(variable.value)), rho
        )
        squared = ops.add(ops.square(gradient), self.epsilon_1)
        beta_2 = ops.subtract(1.0, ops.power(step, self.beta_2_decay))
        if r is not None:
            new_r = ops.add(
                ops.multiply(r.value, beta_2),
                ops.multiply(ops.mean(squared, axis=-1), ops.subtract(1.0, beta_2)),
            )
            new_c = ops.add(
                ops.multiply(c.value, beta_2),
                ops.multiply(ops.mean(squared, axis=-2), ops.subtract(1.0, beta_2)),
            )
            r.assign(new_r)
            c.assign(new_c)
            row_share = ops.divide(new_r, ops.mean(new_r, axis=-1, keepdims=True))
            new_v = ops.multiply(ops.expand_dims(row_share, -1), ops.expand_dims(new_c, -2))
        else:
            new_v = ops.add(
                ops.multiply(v.value, beta_2), ops.multiply(squared, ops.subtract(1.0, beta_2))
            )
        v.assign(new_v)
        direction = ops.divide(gradient, ops.sqrt(new_v))
        clipped = ops.divide(
            direction, ops.maximum(1.0, ops.divide(_rms(direction), self.clip_threshold))
        )
        variable.assign_sub(ops.multiply(clipped, alpha))

    def get_config(self):
        return {
            **super().get_config(),
            "beta_2_decay": self.beta_2_decay,
            "epsilon_1": self.epsilon_1,
            "epsilon_2": self.epsilon_2,
            "clip_threshold": self.clip_threshold,
            "relative_step": self.relative_step,
        }
