"""``Optimizer``: the shared machinery of every optimizer.

State (iteration count, learning rate, per-variable slots such as Adam's moments) lives in
:class:`unison.Variable` objects on the optimizer's backend, so it can be saved, loaded and
moved to another backend like model weights. Subclasses implement ``build`` (create slots)
and ``update_step`` (the update rule for one variable); the base class handles gradient
clipping, loss scaling, decoupled weight decay, gradient accumulation and EMA.

Example:
    >>> optimizer = unison.optimizers.SGD(learning_rate=0.1)
    >>> optimizer.apply([gradient], [variable])
"""

from __future__ import annotations

import re
from typing import Any

from unison import backend as backend_module
from unison import ops
from unison.optimizers import schedules
from unison.state.variable import Variable, stateless_scope


class Optimizer:
    """Base class. See the module docstring."""

    _keras_module = "keras.optimizers"

    def __init__(
        self,
        learning_rate: Any,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
        use_ema: bool = False,
        ema_momentum: float = 0.99,
        ema_overwrite_frequency: int | None = None,
        loss_scale_factor: float | None = None,
        gradient_accumulation_steps: int | None = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        if kwargs.get("decay", 0) in (None, 0):  # Keras 2 argument, accepted when unused
            kwargs.pop("decay", None)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword argument(s): "
                f"{', '.join(sorted(kwargs))}."
            )
        if clipnorm is not None and global_clipnorm is not None:
            raise ValueError(
                "Only one of `clipnorm` and `global_clipnorm` can be set; received "
                f"clipnorm={clipnorm}, global_clipnorm={global_clipnorm}."
            )
        if gradient_accumulation_steps is not None and (
            not isinstance(gradient_accumulation_steps, int) or gradient_accumulation_steps < 2
        ):
            raise ValueError(
                "gradient_accumulation_steps must be an int >= 2; received "
                f"{gradient_accumulation_steps!r}."
            )
        if not 0 <= ema_momentum <= 1:
            raise ValueError(f"ema_momentum must be in [0, 1]; received {ema_momentum}.")
        self.name = name or re.sub(r"(?<!^)(?=[A-Z])", "_", type(self).__name__).lower()
        self.weight_decay = weight_decay
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.global_clipnorm = global_clipnorm
        self.use_ema = use_ema
        self.ema_momentum = ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self._backend = backend_module.active_backend()
        self._variables: list[Variable] = []
        self._slots_by_variable: dict[int, int] = {}
        self._exclude_from_weight_decay: set[int] = set()
        self._exclude_names: tuple[str, ...] = ()
        self.built = False
        self.iterations = self._make_variable((), "int64", "iteration", 0)
        if isinstance(learning_rate, schedules.LearningRateSchedule):
            self._learning_rate_schedule = learning_rate
            self._learning_rate = None
        elif callable(learning_rate):
            raise ValueError(
                "learning_rate must be a float or a LearningRateSchedule; received the "
                f"callable {learning_rate!r}."
            )
        else:
            self._learning_rate_schedule = None
            self._learning_rate = self._make_variable(
                (), "float32", "learning_rate", float(learning_rate)
            )

    # -- variables -------------------------------------------------------------------------
    def _make_variable(self, shape, dtype, name, value) -> Variable:
        import numpy as np

        variable = Variable(
            np.full(shape, value, dtype=dtype),
            dtype=dtype,
            trainable=False,
            name=name,
            backend=self._backend,
        )
        variable.path = f"{self.name}/{name}"
        self._variables.append(variable)
        return variable

    def add_variable(self, shape, initializer="zeros", dtype=None, name=None) -> Variable:
        """A new optimizer state variable (on the optimizer's backend)."""
        from unison import initializers

        with backend_module.use(self._backend):
            variable = Variable(
                initializers.get(initializer),
                shape=tuple(shape),
                dtype=dtype or "float32",
                trainable=False,
                name=name or f"variable_{len(self._variables)}",
                backend=self._backend,
            )
        variable.path = f"{self.name}/{variable.name}"
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(
        self, reference_variable: Variable, name: str | None = None, initializer="zeros"
    ) -> Variable:
        """A slot shaped like ``reference_variable``, named ``<reference>_<name>``."""
        base = reference_variable.path.replace("/", "_")
        return self.add_variable(
            reference_variable.shape,
            initializer=initializer,
            dtype=reference_variable.dtype,
            name=f"{base}_{name}" if name else base,
        )

    def add_optimizer_variables(
        self, variables: list[Variable], names: list[str], initializer="zeros"
    ) -> tuple[list[Variable], ...]:
        """Slots named ``names`` for every variable, created variable by variable (the order
        Keras stores them in weight files); returns one list per name."""
        slots: tuple[list[Variable], ...] = tuple([] for _ in names)
        for variable in variables:
            for index, name in enumerate(names):
                slots[index].append(
                    self.add_variable_from_reference(variable, name, initializer=initializer)
                )
        return slots

    @property
    def variables(self) -> list[Variable]:
        """Every state variable: iteration, learning rate, then slots in creation order."""
        return list(self._variables)

    @property
    def learning_rate(self) -> Any:
        """The current learning rate (a tensor when scheduled, else the variable)."""
        if self._learning_rate_schedule is not None:
            return self._learning_rate_schedule(self.iterations.value)
        return self._learning_rate

    @learning_rate.setter
    def learning_rate(self, value: Any) -> None:
        if isinstance(value, schedules.LearningRateSchedule):
            self._learning_rate_schedule = value
            return
        if self._learning_rate is None:
            raise TypeError(
                "This optimizer uses a LearningRateSchedule; its learning rate cannot be set "
                "to a number."
            )
        self._learning_rate.assign(float(value))

    def _current_learning_rate(self) -> Any:
        rate = self.learning_rate
        return rate.value if isinstance(rate, Variable) else rate

    def build(self, variables: list[Variable]) -> None:
        """Create slots for ``variables``. Subclasses call ``super().build`` first."""
        self._trainable_variables = list(variables)
        self._index = {id(variable): index for index, variable in enumerate(variables)}
        if self.use_ema:
            self._ema = [self.add_variable_from_reference(v, "average") for v in variables]
        if self.gradient_accumulation_steps:
            self._accumulated_gradients = [
                self.add_variable_from_reference(v, "gradient_accumulator") for v in variables
            ]
        self.built = True

    def _slot_index(self, variable: Variable) -> int:
        return self._index[id(variable)]

    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Skip decoupled weight decay for these variables or name fragments."""
        self._exclude_from_weight_decay.update(id(v) for v in var_list or [])
        self._exclude_names = tuple(var_names or ())

    # -- applying gradients ---------------------------------------------------------------
    def apply_gradients(self, grads_and_vars) -> Any:
        """Keras-style ``apply_gradients(zip(grads, vars))``."""
        pairs = list(grads_and_vars)
        return self.apply([g for g, _ in pairs], [v for _, v in pairs])

    def apply(self, grads: list, trainable_variables: list[Variable] | None = None) -> Any:
        """Update ``trainable_variables`` with ``grads``; returns the iteration count."""
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "apply() without trainable_variables needs a built optimizer; pass the "
                    "variables or call build(variables) first."
                )
            trainable_variables = self._trainable_variables
        grads = list(grads)
        trainable_variables = list(trainable_variables)
        if len(grads) != len(trainable_variables):
            raise ValueError(
                f"Optimizer {self.name!r}: received {len(grads)} gradients for "
                f"{len(trainable_variables)} variables."
            )
        with backend_module.use(self._backend):
            if not self.built:
                self.build(trainable_variables)
            pairs = [(g, v) for g, v in zip(grads, trainable_variables) if g is not None]
            if not pairs:
                return self.iterations.value
            grads = [g for g, _ in pairs]
            variables = [v for _, v in pairs]
            if self.gradient_accumulation_steps:
                self._apply_accumulated(grads, variables)
            else:
                self._apply_now(grads, variables)
            self.iterations.assign_add(1)
        return self.iterations.value

    def _apply_now(self, grads: list, variables: list[Variable]) -> None:
        grads = self._clip_gradients(self._unscale(grads))
        learning_rate = self._current_learning_rate()
        self._apply_weight_decay(variables, learning_rate)
        self.update_variables(grads, variables, learning_rate)
        if self.use_ema:
            self._update_ema(variables)

    def update_variables(self, grads: list, variables: list[Variable], learning_rate) -> None:
        """Apply ``update_step`` to each pair; backends may override this with fused kernels."""
        for grad, variable in zip(grads, variables):
            self.update_step(grad, variable, learning_rate)

    def update_step(self, gradient: Any, variable: Variable, learning_rate: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement update_step().")

    def _apply_accumulated(self, grads: list, variables: list[Variable]) -> None:
        steps = self.gradient_accumulation_steps
        is_update = ops.equal(ops.mod(self.iterations.value + 1, steps), 0)
        accumulators = [self._accumulated_gradients[self._slot_index(v)] for v in variables]
        totals = [ops.add(a.value, ops.cast(g, a.dtype)) for a, g in zip(accumulators, grads)]
        averaged = [ops.divide(total, steps) for total in totals]
        # Run the update on the side, then keep it only on accumulation boundaries.
        with stateless_scope() as scope:
            self._apply_now(averaged, variables)
        for variable in self._affected(scope):
            new_value = scope.get(variable)
            variable.assign(ops.where(is_update, new_value, variable.value))
        for accumulator, total in zip(accumulators, totals):
            accumulator.assign(ops.where(is_update, ops.zeros_like(total), total))

    def _affected(self, scope) -> list[Variable]:
        candidates = list(self._trainable_variables) + self._variables
        return [v for v in candidates if scope.get(v) is not None and v is not self.iterations]

    def scale_loss(self, loss: Any) -> Any:
        """The loss to differentiate: multiplied by ``loss_scale_factor`` when one is set
        (gradients are divided by it again in :meth:`apply`)."""
        if not self.loss_scale_factor:
            return loss
        return ops.multiply(loss, self.loss_scale_factor)

    def _unscale(self, grads: list) -> list:
        if not self.loss_scale_factor:
            return grads
        return [ops.divide(g, self.loss_scale_factor) for g in grads]

    def _clip_gradients(self, grads: list) -> list:
        # One clipping rule applies, in this order of precedence (as in Keras).
        if self.clipnorm is not None:
            return [_clip_by_norm(g, self.clipnorm) for g in grads]
        if self.global_clipnorm is not None:
            norm = ops.sqrt(sum(ops.sum(ops.square(g)) for g in grads))
            scale = ops.minimum(1.0, self.global_clipnorm / ops.maximum(norm, 1e-12))
            return [ops.multiply(g, ops.cast(scale, ops.dtype(g))) for g in grads]
        if self.clipvalue is not None:
            return [ops.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def _apply_weight_decay(self, variables: list[Variable], learning_rate: Any) -> None:
        if not self.weight_decay:
            return
        for variable in variables:
            if id(variable) in self._exclude_from_weight_decay:
                continue
            if any(fragment in variable.path for fragment in self._exclude_names):
                continue
            decay = ops.cast(learning_rate * self.weight_decay, variable.dtype)
            variable.assign(ops.subtract(variable.value, ops.multiply(variable.value, decay)))

    def _update_ema(self, variables: list[Variable]) -> None:
        # The first step copies the variables: the average starts at their values.
        momentum = ops.where(ops.equal(self.iterations.value, 0), 0.0, self.ema_momentum)
        for variable in variables:
            average = self._ema[self._slot_index(variable)]
            average.assign(
                ops.add(
                    ops.multiply(average.value, momentum),
                    ops.multiply(variable.value, 1 - momentum),
                )
            )
        if self.ema_overwrite_frequency:
            overwrite = ops.equal(
                ops.mod(self.iterations.value + 1, self.ema_overwrite_frequency), 0
            )
            for variable in variables:
                average = self._ema[self._slot_index(variable)]
                variable.assign(ops.where(overwrite, average.value, variable.value))

    def finalize_variable_values(self, variables: list[Variable]) -> None:
        """At the end of training, copy EMA averages into the variables (when ``use_ema``)."""
        if self.use_ema and self.built:
            for variable in variables:
                variable.assign(self._ema[self._slot_index(variable)].value)

    def stateless_apply(self, optimizer_variables: list, grads: list, trainable_variables: list):
        """Pure form: returns ``(new_trainable_values, new_optimizer_values)``."""
        mapping = dict(zip(self.variables, optimizer_variables))
        with stateless_scope(mapping) as scope:
            self.apply(grads, trainable_variables)
        trainable = [
            scope.get(v) if scope.get(v) is not None else v.value for v in trainable_variables
        ]
        return trainable, [scope.get(v) for v in self.variables]

    # -- saving hooks (weights files store the optimizer state under "optimizer/vars") -----
    def save_own_variables(self, store: dict) -> None:
        for index, variable in enumerate(self.variables):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store: dict) -> None:
        variables = self.variables
        if len(store) != len(variables):
            raise ValueError(
                f"Optimizer {self.name!r} has {len(variables)} variables; the file has "
                f"{len(store)}. Was it saved with a different optimizer or model?"
            )
        for index, variable in enumerate(variables):
            variable.assign(store[str(index)])

    # -- configuration --------------------------------------------------------------------
    def get_config(self) -> dict:
        if self._learning_rate_schedule is not None:
            from unison.saving import serialization

            learning_rate = serialization.serialize(self._learning_rate_schedule)
        else:
            learning_rate = float(self._learning_rate.numpy())
        return {
            "name": self.name,
            "learning_rate": learning_rate,
            "weight_decay": self.weight_decay,
            "clipnorm": self.clipnorm,
            "global_clipnorm": self.global_clipnorm,
            "clipvalue": self.clipvalue,
            "use_ema": self.use_ema,
            "ema_momentum": self.ema_momentum,
            "ema_overwrite_frequency": self.ema_overwrite_frequency,
            "loss_scale_factor": self.loss_scale_factor,
            "gradient_accumulation_steps": self.gradient_accumulation_steps,
        }

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Optimizer:
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            from unison.saving import serialization

            config["learning_rate"] = serialization.deserialize(
                config["learning_rate"], custom_objects
            )
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name} backend={self._backend.name}>"


def _clip_by_norm(gradient: Any, clip_norm: float) -> Any:
    norm = ops.sqrt(ops.sum(ops.square(gradient)))
    scale = ops.minimum(1.0, clip_norm / ops.maximum(norm, 1e-12))
    return ops.multiply(gradient, ops.cast(scale, ops.dtype(gradient)))
