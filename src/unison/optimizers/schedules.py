"""Learning-rate schedules: functions of the optimizer's step count.

Example:
    >>> schedule = unison.optimizers.schedules.ExponentialDecay(0.1, decay_steps=100,
    ...                                                         decay_rate=0.5)
    >>> optimizer = unison.optimizers.SGD(learning_rate=schedule)
"""

from __future__ import annotations

import math
from typing import Any

from unison import ops

__all__ = [
    "LearningRateSchedule",
    "ExponentialDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "InverseTimeDecay",
    "CosineDecay",
    "CosineDecayRestarts",
    "serialize",
    "deserialize",
]


class LearningRateSchedule:
    """Base class: ``schedule(step)`` returns the learning rate for that step."""

    _keras_module = "keras.optimizers.schedules"

    def __call__(self, step: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __call__(step).")

    def get_config(self) -> dict:
        raise NotImplementedError(f"{type(self).__name__} must implement get_config().")

    @classmethod
    def from_config(cls, config: dict) -> LearningRateSchedule:
        return cls(**config)


def _float_step(step: Any) -> Any:
    return ops.cast(step, "float32")


class ExponentialDecay(LearningRateSchedule):
    """``initial_learning_rate * decay_rate ** (step / decay_steps)`` (floored if staircase)."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        if decay_steps <= 0:
            raise ValueError(f"decay_steps must be > 0; received {decay_steps}.")
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        progress = ops.divide(_float_step(step), float(self.decay_steps))
        if self.staircase:
            progress = ops.floor(progress)
        return ops.multiply(self.initial_learning_rate, ops.power(float(self.decay_rate), progress))

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[i]`` while ``boundaries[i-1] < step <= boundaries[i]``."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                f"values must have one more element than boundaries; received "
                f"{len(values)} values and {len(boundaries)} boundaries."
            )
        self.boundaries = list(boundaries)
        self.values = list(values)
        self.name = name

    def __call__(self, step):
        step = _float_step(step)
        result = ops.convert_to_tensor(float(self.values[-1]))
        for boundary, value in reversed(list(zip(self.boundaries, self.values[:-1]))):
            result = ops.where(ops.less_equal(step, float(boundary)), float(value), result)
        return result

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """Polynomial interpolation from the initial to the end rate over ``decay_steps``."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        step = _float_step(step)
        decay_steps = float(self.decay_steps)
        if self.cycle:
            multiplier = ops.maximum(ops.ceil(ops.divide(step, decay_steps)), 1.0)
            decay_steps = ops.multiply(decay_steps, multiplier)
        else:
            step = ops.minimum(step, decay_steps)
        fraction = ops.power(ops.subtract(1.0, ops.divide(step, decay_steps)), float(self.power))
        span = self.initial_learning_rate - self.end_learning_rate
        return ops.add(ops.multiply(span, fraction), self.end_learning_rate)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """``initial / (1 + decay_rate * step / decay_steps)``."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        progress = ops.divide(_float_step(step), float(self.decay_steps))
        if self.staircase:
            progress = ops.floor(progress)
        return ops.divide(
            self.initial_learning_rate, ops.add(1.0, ops.multiply(self.decay_rate, progress))
        )

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class CosineDecay(LearningRateSchedule):
    """Optional linear warmup, then cosine decay to ``alpha * initial`` over ``decay_steps``."""

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        step = _float_step(step)
        start = self.initial_learning_rate
        if self.warmup_target is None:
            target, warmup = start, 0.0
        else:
            target, warmup = self.warmup_target, float(self.warmup_steps)
        progress = ops.divide(
            ops.minimum(ops.maximum(ops.subtract(step, warmup), 0.0), float(self.decay_steps)),
            float(self.decay_steps),
        )
        cosine = ops.multiply(0.5, ops.add(1.0, ops.cos(ops.multiply(math.pi, progress))))
        decayed = ops.multiply(target, ops.add(ops.multiply(1 - self.alpha, cosine), self.alpha))
        if self.warmup_target is None or not self.warmup_steps:
            return decayed
        warming = ops.add(start, ops.multiply(ops.divide(step, warmup), target - start))
        return ops.where(ops.less(step, warmup), warming, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR): periods grow by ``t_mul``, peaks by ``m_mul``."""

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self.t_mul = t_mul
        self.m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        fraction = ops.divide(_float_step(step), float(self.first_decay_steps))
        if self.t_mul == 1.0:
            restart = ops.floor(fraction)
            completed = ops.subtract(fraction, restart)
        else:
            restart = ops.floor(
                ops.divide(
                    ops.log(ops.subtract(1.0, ops.multiply(fraction, 1.0 - self.t_mul))),
                    math.log(self.t_mul),
                )
            )
            start = ops.divide(
                ops.subtract(1.0, ops.power(float(self.t_mul), restart)), 1.0 - self.t_mul
            )
            completed = ops.divide(
                ops.subtract(fraction, start), ops.power(float(self.t_mul), restart)
            )
        peak = ops.power(float(self.m_mul), restart)
        cosine = ops.multiply(
            ops.multiply(0.5, peak), ops.add(1.0, ops.cos(ops.multiply(math.pi, completed)))
        )
        return ops.multiply(
            self.initial_learning_rate, ops.add(ops.multiply(1 - self.alpha, cosine), self.alpha)
        )

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


def serialize(schedule: LearningRateSchedule) -> dict:
    from unison.saving import serialization

    return serialization.serialize(schedule)


def deserialize(config: dict, custom_objects: dict | None = None) -> LearningRateSchedule:
    from unison.saving import serialization

    return serialization.deserialize(
        config, custom_objects, module_hint="keras.optimizers.schedules"
    )
