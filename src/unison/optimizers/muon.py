"""Muon: momentum orthogonalised by Newton-Schulz iterations for 2-D weights, AdamW for the
rest (Keras 3 semantics)."""

from __future__ import annotations

import math
import re

from unison import ops
from unison.optimizers._common import base_arguments, default_name, local_step
from unison.optimizers.base_optimizer import Optimizer


def _swap_last_axes(x):
    order = list(range(len(ops.shape(x))))
    order[-2], order[-1] = order[-1], order[-2]
    return ops.transpose(x, order)


class Muon(Optimizer):
    """MomentUm Orthogonalized by Newton-schulz.

    2-D variables (except embeddings and paths matching ``exclude_layers``) follow Muon:
    ``m = momentum m + g``; the (Nesterov) direction is orthogonalised with ``ns_steps``
    quintic Newton-Schulz iterations and scaled by ``sqrt(max(rows, cols)) * rms_rate``.
    Every other variable follows AdamW with ``learning_rate * adam_lr_ratio``.

    Example:
        >>> optimizer = unison.optimizers.Muon(learning_rate=0.02, exclude_layers=["head"])
    """

    def __init__(
        self,
        learning_rate=0.001,
        adam_beta_1=0.9,
        adam_beta_2=0.999,
        adam_weight_decay=0.004,
        epsilon=1e-7,
        weight_decay=0.004,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        exclude_layers=None,
        exclude_embeddings=True,
        muon_a=3.4445,
        muon_b=-4.7750,
        muon_c=2.0315,
        adam_lr_ratio=1,
        momentum=0.95,
        ns_steps=5,
        nesterov=True,
        rms_rate=0.2,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            name=name or default_name(type(self)),
            **base_arguments(locals()),
        )
        self.adam_beta_1 = adam_beta_1
        self.adam_beta_2 = adam_beta_2
        self.epsilon = epsilon
        self.muon_a = muon_a
        self.muon_b = muon_b
        self.muon_c = muon_c
        self.adam_lr_ratio = adam_lr_ratio
        self.momentum = momentum
        self.ns_steps = ns_steps
        self.nesterov = nesterov
        self.exclude_embeddings = exclude_embeddings
        self.exclude_layers = list(exclude_layers or [])
        self.adam_weight_decay = adam_weight_decay
        self.rms_rate = rms_rate

    def _should_use_adamw(self, variable) -> bool:
        if len(variable.shape) != 2:
            return True
        if self.exclude_embeddings and "embedding" in variable.path.lower():
            return True
        return any(re.search(pattern, variable.path) for pattern in self.exclude_layers)

    def build(self, variables):
        super().build(variables)
        self.momentums = []
        self.adam_velocities = []
        for variable in variables:
            self.momentums.append(self.add_variable_from_reference(variable, "momentum"))
            self.adam_velocities.append(
                self.add_variable_from_reference(variable, "velocity")
                if self._should_use_adamw(variable)
                else None
            )

    def update_step(self, gradient, variable, learning_rate):
        index = self._index[id(variable)]
        m, v = self.momentums[index], self.adam_velocities[index]
        if v is not None:
            self._adamw_step(gradient, variable, learning_rate * self.adam_lr_ratio, m, v)
        else:
            self._muon_step(gradient, variable, learning_rate, m)

    def _muon_step(self, gradient, variable, learning_rate, m):
        dtype = variable.dtype
        gradient = ops.cast(gradient, dtype)
        new_m = ops.add(m.value, ops.add(gradient, ops.multiply(m.value, self.momentum - 1)))
        m.assign(new_m)
        direction = (
            ops.add(gradient, ops.multiply(new_m, self.momentum)) if self.nesterov else new_m
        )
        update = ops.multiply(
            self.zeropower_via_newtonschulz5(direction, self.ns_steps),
            ops.cast(learning_rate, dtype),
        )
        variable.assign_sub(self.lr_adjust(update))

    def _adamw_step(self, gradient, variable, learning_rate, m, v):
        dtype = variable.dtype
        learning_rate = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        step = local_step(self, dtype)
        beta_1_power = ops.power(ops.cast(self.adam_beta_1, dtype), step)
        beta_2_power = ops.power(ops.cast(self.adam_beta_2, dtype), step)
        alpha = learning_rate * ops.sqrt(1 - beta_2_power) / (1 - beta_1_power)
        new_m = ops.add(
            m.value, ops.multiply(ops.subtract(gradient, m.value), 1 - self.adam_beta_1)
        )
        new_v = ops.add(
            v.value,
            ops.multiply(ops.subtract(ops.square(gradient), v.value), 1 - self.adam_beta_2),
        )
        m.assign(new_m)
        v.assign(new_v)
        variable.assign_sub(
            ops.divide(ops.multiply(new_m, alpha), ops.add(ops.sqrt(new_v), self.epsilon))
        )

    def lr_adjust(self, x):
        """Scale an orthogonalised update to a consistent RMS (``rms_rate``)."""
        if self.rms_rate is None:
            return x
        rows, columns = ops.shape(x)[0], ops.shape(x)[1]
        return ops.multiply(x, math.sqrt(max(rows, columns)) * self.rms_rate)

    def zeropower_via_newtonschulz5(self, x, steps: int):
        """Approximately orthogonalise ``x`` (rank >= 2) with quintic Newton-Schulz steps."""
        shape = ops.shape(x)
        if len(shape) < 2:
            raise ValueError(
                f"Muon: the Newton-Schulz iteration needs a tensor of rank >= 2; received "
                f"shape {tuple(shape)}."
            )
        a, b, c = self.muon_a, self.muon_b, self.muon_c
        tall = shape[-2] > shape[-1]
        if tall:
            x = _swap_last_axes(x)
        x = ops.divide(x, ops.add(ops.norm(x, axis=(-2, -1), keepdims=True), 1e-7))
        for _ in range(steps):
            gram = ops.matmul(x, _swap_last_axes(x))
            polynomial = ops.add(ops.multiply(gram, b), ops.multiply(ops.matmul(gram, gram), c))
            x = ops.add(ops.multiply(x, a), ops.matmul(polynomial, x))
        return _swap_last_axes(x) if tall else x

    def _apply_weight_decay(self, variables, learning_rate):
        for variable in variables:
            if id(variable) in self._exclude_from_weight_decay:
                continue
            if any(fragment in variable.path for fragment in self._exclude_names):
                continue
            if self._should_use_adamw(variable):
                decay = self.adam_weight_decay
            else:
                decay = self.weight_decay
            if decay is None:
                continue
            factor = ops.cast(ops.multiply(learning_rate, decay), variable.dtype)
            variable.assign(ops.subtract(variable.value, ops.multiply(variable.value, factor)))

    def get_config(self):
        return {
            **super().get_config(),
            "adam_beta_1": self.adam_beta_1,
            "adam_beta_2": self.adam_beta_2,
            "epsilon": self.epsilon,
            "exclude_layers": self.exclude_layers,
            "muon_a": self.muon_a,
            "muon_b": self.muon_b,
            "muon_c": self.muon_c,
            "adam_lr_ratio": self.adam_lr_ratio,
            "momentum": self.momentum,
            "ns_steps": self.ns_steps,
            "nesterov": self.nesterov,
            "exclude_embeddings": self.exclude_embeddings,
            "adam_weight_decay": self.adam_weight_decay,
            "rms_rate": self.rms_rate,
        }
