"""``Metric`` base class: state variables with update / result / reset.

A metric's state lives in non-trainable :class:`unison.Variable` objects on the backend the
metric was created on. ``stateless_update_state`` / ``stateless_result`` give the pure forms
the JAX trainer uses.

Example:
    >>> metric = unison.metrics.Mean()
    >>> metric.update_state([1.0, 3.0])
    >>> float(metric.result())
    2.0
"""

from __future__ import annotations

from typing import Any

from unison import backend as backend_module
from unison import dtypes, initializers
from unison.state.variable import Variable, stateless_scope


class Metric:
    """Base class: implement ``update_state`` and ``result``; ``reset_state`` zeroes state."""

    _keras_module = "keras.metrics"

    def __init__(self, dtype: Any = None, name: str | None = None):
        from unison.layers.layer import to_snake_case

        self.name = name or to_snake_case(type(self).__name__)
        self._dtype = dtypes.standardize_dtype(dtype) if dtype is not None else None
        self._backend = backend_module.active_backend()
        self._variables: list[Variable] = []
        self._initializers: list[Any] = []

    @property
    def dtype(self) -> str:
        from unison import config

        return self._dtype or config.floatx()

    @property
    def backend(self):
        return self._backend

    def add_variable(
        self, shape, initializer="zeros", dtype=None, aggregation="sum", name=None
    ) -> Variable:
        """A state variable of this metric (zero-initialised by default)."""
        initializer = initializers.get(initializer)
        with backend_module.use(self._backend):
            variable = Variable(
                initializer,
                shape=tuple(shape),
                dtype=dtype or self.dtype,
                trainable=False,
                name=name or f"variable_{len(self._variables)}",
                backend=self._backend,
            )
        variable.path = f"{self.name}/{variable.name}"
        variable.aggregation = aggregation
        self._variables.append(variable)
        self._initializers.append(initializer)
        return variable

    @property
    def variables(self) -> list[Variable]:
        result = list(self._variables)
        for value in self.__dict__.values():
            if isinstance(value, Metric):
                result.extend(value.variables)
        return result

    def update_state(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement update_state().")

    def result(self) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement result().")

    def reset_state(self) -> None:
        """Set every state variable back to its initial value."""
        with backend_module.use(self._backend):
            for variable, initializer in zip(self._variables, self._initializers):
                variable.assign(initializer(variable.shape, variable.dtype))
        for value in self.__dict__.values():
            if isinstance(value, Metric):
                value.reset_state()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Update with one batch and return the running result."""
        with backend_module.use(self._backend):
            self.update_state(*args, **kwargs)
            return self.result()

    def stateless_update_state(self, metric_variables: list, *args: Any, **kwargs: Any) -> list:
        """Pure form of update_state: returns the new values of ``variables``."""
        variables = self.variables
        with stateless_scope(dict(zip(variables, metric_variables))) as scope:
            self.update_state(*args, **kwargs)
        return [scope.get(variable) for variable in variables]

    def stateless_result(self, metric_variables: list) -> Any:
        with stateless_scope(dict(zip(self.variables, metric_variables))):
            return self.result()

    def stateless_reset_state(self) -> list:
        with stateless_scope() as scope:
            self.reset_state()
        return [scope.get(variable) for variable in self.variables]

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config: dict) -> Metric:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}>"
