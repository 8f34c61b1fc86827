"""The one trainer: compile / fit / evaluate / predict, written once for every backend.

The loop (epochs, batches, callbacks, validation, history) and the step logic
(``train_step``: forward, loss, gradients, optimizer, metrics) are backend-neutral. A backend
contributes only ``value_and_grad`` and ``compile_step`` (JAX: a pure jitted step over
variable values; TensorFlow: ``tf.function``; PyTorch: eager or ``torch.compile``).

Override ``train_step`` / ``test_step`` / ``predict_step`` / ``compute_loss`` /
``compute_metrics`` for custom training, as in Keras 3.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unison import backend as backend_module
from unison import ops, tree
from unison.callbacks import CallbackList, History, ProgbarLogger
from unison.callbacks.progbar_logger import logs_to_python
from unison.layers.layer import collect_losses
from unison.state.variable import stateless_scope
from unison.training import data_adapters
from unison.training.compile_utils import CompiledLoss, CompiledMetrics
from unison.training.data_adapters import unpack_x_y_sample_weight
from unison.utils.data_utils import pack_x_y_sample_weight


class Trainer:
    """Mixed into :class:`unison.Model`."""

    compiled = False
    steps_per_execution = 1
    _train_function = None
    _test_function = None
    _predict_function = None

    # -- compile ----------------------------------------------------------------------------
    def compile(
        self,
        optimizer: Any = "rmsprop",
        loss: Any = None,
        loss_weights: Any = None,
        metrics: Any = None,
        weighted_metrics: Any = None,
        run_eagerly: bool = False,
        steps_per_execution: int = 1,
        jit_compile: Any = "auto",
        auto_scale_loss: bool = True,
    ) -> None:
        """Configure training. ``jit_compile="auto"`` compiles where the backend does so by
        default (jax.jit, tf.function); on PyTorch pass ``jit_compile=True`` for torch.compile.
        """
        from unison import optimizers
        from unison.metrics import Mean

        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(
                f"steps_per_execution must be a positive int; received {steps_per_execution!r}."
            )
        backend = self._bind_backend()
        with backend_module.use(backend):
            self.optimizer = optimizers.get(optimizer)
            self._loss_tracker = Mean(name="loss")
        if self.optimizer._backend is not backend:
            raise ValueError(
                f"The optimizer was created on backend {self.optimizer._backend.name!r} but the "
                f"model lives on {backend.name!r}; create it under the model's backend."
            )
        self.loss = loss
        self._compile_arguments = {
            "loss_weights": loss_weights,
            "metrics": metrics,
            "weighted_metrics": weighted_metrics,
        }
        self._compiled_loss = CompiledLoss(loss, loss_weights) if loss is not None else None
        self._compiled_metrics = CompiledMetrics(metrics, weighted_metrics)
        self.run_eagerly = bool(run_eagerly)
        if jit_compile == "auto":
            jit_compile = backend.capabilities.jit_by_default
        if jit_compile and not backend.capabilities.can_jit:
            raise ValueError(f"Backend {backend.name!r} cannot compile: use jit_compile=False.")
        self.jit_compile = bool(jit_compile) and not self.run_eagerly
        self.steps_per_execution = steps_per_execution
        self._reset_functions()
        self.compiled = True

    def _step_variables(self) -> tuple[list, list]:
        """(trainable, non-trainable) variables, collected once per compiled step function."""
        cached = getattr(self, "_cached_step_variables", None)
        if cached is None:
            cached = (self.trainable_variables, self.non_trainable_variables)
            self._cached_step_variables = cached
        return cached

    def _step_losses(self) -> list:
        """``self.losses``, with the layer and weight lists collected once per step function."""
        cached = getattr(self, "_cached_loss_sources", None)
        if cached is None:
            cached = (self._flatten_layers(), self.trainable_weights)
            self._cached_loss_sources = cached
        return collect_losses(*cached)

    def _reset_functions(self) -> None:
        self._cached_loss_sources = None
        self._cached_step_variables = None
        self._train_function = None
        self._test_function = None
        self._predict_function = None

    def _assert_compiled(self) -> None:
        if not self.compiled:
            raise RuntimeError(
                f"Model {self.name!r} must be compiled before training or evaluating; call "
                f"model.compile(optimizer=..., loss=...) first."
            )

    @property
    def metrics(self) -> list:
        """The loss tracker then the compiled metrics (once built by the first step)."""
        result = []
        if getattr(self, "_loss_tracker", None) is not None:
            result.append(self._loss_tracker)
        compiled_loss = getattr(self, "_compiled_loss", None)
        if compiled_loss is not None:
            result.extend(compiled_loss.trackers)
        compiled = getattr(self, "_compiled_metrics", None)
        if compiled is not None:
            result.extend(compiled.metrics)
        return result

    @property
    def metrics_names(self) -> list[str]:
        return [metric.name for metric in self.metrics]

    def reset_metrics(self) -> None:
        for metric in self.metrics:
            metric.reset_state()

    # -- steps (override these for custom training) -----------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss plus every loss the layers added (regularization...)."""
        total = None
        if self._compiled_loss is not None:
            total = self._compiled_loss(self, y, y_pred, sample_weight)
        for extra in self._step_losses():
            extra = ops.cast(extra, "float32")
            total = extra if total is None else ops.add(total, extra)
        if total is None:
            raise ValueError(
                f"Model {self.name!r} has no loss to compute: pass `loss` to compile() or "
                f"add losses in call() / override compute_loss()."
            )
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None) -> dict:
        """Update the compiled metrics and return every metric's current result."""
        self._compiled_metrics.update(self, y, y_pred, sample_weight)
        return self.get_metrics_result()

    def get_metrics_result(self) -> dict:
        return {metric.name: metric.result() for metric in self.metrics}

    def train_step(self, data: Any) -> dict:
        """One optimisation step on a batch; returns the metric results."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        backend = backend_module.active_backend()
        trainable, non_trainable = self._step_variables()

        def forward(trainable_values):
            with stateless_scope(dict(zip(trainable, trainable_values))) as scope:
                y_pred = self(x, training=True)
                loss = self.compute_loss(x, y, y_pred, sample_weight, training=True)
                updates = [scope.get(variable) for variable in non_trainable]
            # per-output losses leave the differentiated function as auxiliary outputs
            return self.optimizer.scale_loss(loss), (loss, y_pred, updates, self._output_losses())

        (_, (loss, y_pred, updates, output_losses)), grads = backend.value_and_grad(
            forward, has_aux=True
        )([variable.value for variable in trainable])
        with backend.no_grad():
            for variable, value in zip(non_trainable, updates):
                if value is not None:
                    variable.assign(value)
            self.optimizer.apply(grads, trainable)
            y_pred = tree.map_structure(ops.stop_gradient, y_pred)
            self._track_losses(x, loss, output_losses)
            return self.compute_metrics(x, y, y_pred, sample_weight)

    def test_step(self, data: Any) -> dict:
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self.compute_loss(x, y, y_pred, sample_weight, training=False)
        self._track_losses(x, loss, self._output_losses())
        return self.compute_metrics(x, y, y_pred, sample_weight)

    def _output_losses(self) -> list:
        compiled = self._compiled_loss
        return compiled.take_output_values() if compiled is not None else []

    def _track_losses(self, x: Any, loss: Any, output_losses: list) -> None:
        rows = _batch_size(x)
        self._loss_tracker.update_state(loss, sample_weight=rows)
        if output_losses:
            self._compiled_loss.update_trackers(output_losses, rows)

    def predict_step(self, data: Any) -> Any:
        x, _, _ = unpack_x_y_sample_weight(data)
        return self(x, training=False)

    # -- compiled step functions ------------------------------------------------------------
    def _state_variables(self) -> list:
        result, seen = [], set()
        for variable in [*self.variables, *self.optimizer.variables]:
            if id(variable) not in seen:
                seen.add(id(variable))
                result.append(variable)
        for metric in self.metrics:
            for variable in metric.variables:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
        return result

    def _prepare(self, batch: Any) -> None:
        """Create every variable a step touches (model, optimizer slots, metrics) up front,
        so compiled steps see a fixed set of state."""
        x, y, _ = unpack_x_y_sample_weight(batch)
        if (
            not self.built
            or not self._compiled_metrics.built
            or (self._compiled_loss is not None and not self._compiled_loss._built)
        ):
            y_pred = None
            if self.built and backend_module.active_backend().capabilities.eager_ops_compile:
                y_pred = self._output_specs(x)
            if y_pred is None:
                y_pred = self(x, training=False)
            if self._compiled_loss is not None and not self._compiled_loss._built:
                self._compiled_loss.build(self, y_pred)
            if not self._compiled_metrics.built and y is not None:
                self._compiled_metrics.build(self, y, y_pred)
        if not self.optimizer.built:
            self.optimizer.build(self.trainable_variables)

    def _output_specs(self, x: Any) -> Any:
        """The model's outputs for a batch like ``x`` as symbolic tensors (shapes and dtypes,
        evaluated abstractly: no eager forward pass, which on JAX compiles every op), or None
        when the model cannot be evaluated symbolically. Other backends run one eager call:
        cheaper there than an abstract evaluation."""
        from unison.symbolic.tensor import SymbolicTensor, compute_output_spec

        def spec(leaf: Any) -> Any:
            if leaf is None or not hasattr(leaf, "shape") or not hasattr(leaf, "dtype"):
                return leaf
            return SymbolicTensor(tuple(leaf.shape), ops.dtype(leaf))

        try:
            return compute_output_spec(
                lambda inputs: self(inputs, training=False), tree.map_structure(spec, x)
            )
        except Exception:  # layers with value-dependent Python: build from an eager call
            return None

    def _multi_step(self, step):
        if self.steps_per_execution == 1:
            return lambda batches: step(batches[0])

        def run(batches):
            logs = None
            for batch in batches:
                logs = step(batch)
            return logs

        return run

    def make_train_function(self, force: bool = False):
        if self._train_function is not None and not force:
            return self._train_function
        self._cached_step_variables = None
        self._cached_loss_sources = None
        backend = backend_module.active_backend()
        self._train_function = backend.compile_step(
            self._multi_step(self.train_step), self._state_variables(), jit=self.jit_compile
        )
        return self._train_function

    def make_test_function(self, force: bool = False):
        if self._test_function is not None and not force:
            return self._test_function
        backend = backend_module.active_backend()
        metric_state = [v for metric in self.metrics for v in metric.variables]
        self._test_function = backend.compile_step(
            self._multi_step(self.test_step),
            [*self.variables, *metric_state],
            jit=self.jit_compile,
        )
        return self._test_function

    def make_predict_function(self, force: bool = False):
        if self._predict_function is not None and not force:
            return self._predict_function
        backend = backend_module.active_backend()
        jit = getattr(self, "jit_compile", backend.capabilities.jit_by_default)
        self._predict_function = backend.compile_step(
            self._multi_step(self.predict_step), list(self.variables), jit=jit, stateful=False
        )
        return self._predict_function

    # -- loops --------------------------------------------------------------------------------
    def fit(
        self,
        x=None,
        y=None,
        batch_size=None,
        epochs=1,
        verbose="auto",
        callbacks=None,
        validation_split=0.0,
        validation_data=None,
        shuffle=True,
        class_weight=None,
        sample_weight=None,
        initial_epoch=0,
        steps_per_epoch=None,
        validation_steps=None,
        validation_batch_size=None,
        validation_freq=1,
    ) -> History:
        """Train for ``epochs`` epochs; returns the History (see Keras ``Model.fit``)."""
        from unison.training.loop import run_fit

        self._assert_compiled()
        return run_fit(
            self,
            x,
            y,
            batch_size,
            epochs,
            verbose,
            callbacks,
            validation_split,
            validation_data,
            shuffle,
            class_weight,
            sample_weight,
            initial_epoch,
            steps_per_epoch,
            validation_steps,
            validation_batch_size,
            validation_freq,
        )

    def evaluate(
        self,
        x=None,
        y=None,
        batch_size=None,
        verbose="auto",
        sample_weight=None,
        steps=None,
        callbacks=None,
        return_dict=False,
        **kwargs,
    ):
        """Loss and metrics on data: a scalar, a list, or a dict with ``return_dict``."""
        from unison.training.loop import run_evaluate

        self._assert_compiled()
        logs = run_evaluate(
            self,
            x,
            y,
            batch_size,
            verbose,
            sample_weight,
            steps,
            callbacks,
            in_fit=kwargs.pop("_in_fit", False),
        )
        if kwargs:
            raise TypeError(f"evaluate() got unexpected arguments: {sorted(kwargs)}.")
        if return_dict:
            return logs
        values = [logs[name] for name in self.metrics_names if name in logs]
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """Model outputs for ``x`` as NumPy arrays, batch by batch."""
        from unison.training.loop import run_predict

        return run_predict(self, x, batch_size, verbose, steps, callbacks)

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One training step on exactly this batch; returns the metrics."""
        self._assert_compiled()
        with backend_module.use(self._bind_backend()):
            if class_weight is not None:
                adapter = data_adapters.ArrayAdapter(x, y, sample_weight, class_weight=class_weight)
                _, _, sample_weight = adapter.data
            # packed as fit packs its batches: x, (x, y) or (x, y, sample_weight)
            batch = pack_x_y_sample_weight(x, y, sample_weight)
            self._prepare(batch)
            self.reset_metrics()  # the results describe this batch only, as in Keras
            logs = logs_to_python(self.make_train_function()([batch]))
        return self._format(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._assert_compiled()
        backend = self._bind_backend()
        with backend_module.use(backend):
            batch = pack_x_y_sample_weight(x, y, sample_weight)
            self._prepare(batch)
            self.reset_metrics()
            with backend.no_grad():
                logs = logs_to_python(self.make_test_function()([batch]))
        return self._format(logs, return_dict)

    def predict_on_batch(self, x):
        backend = self._bind_backend()
        with backend_module.use(backend), backend.no_grad():
            outputs = self.make_predict_function()([pack_x_y_sample_weight(x)])
        return tree.map_structure(ops.convert_to_numpy, outputs)

    def _format(self, logs: dict, return_dict: bool):
        if return_dict:
            return logs
        # the order of metrics_names (loss first), whatever order the compiled step used
        names = [name for name in self.metrics_names if name in logs]
        values = [logs[name] for name in names] + [
            value for name, value in logs.items() if name not in names
        ]
        return values[0] if len(values) == 1 else values

    def _callback_list(self, callbacks, verbose, **params) -> CallbackList:
        if isinstance(callbacks, CallbackList):
            callbacks.set_model(self)
            callbacks.set_params(params)
            return callbacks
        callbacks = list(callbacks or [])
        if verbose and not any(isinstance(c, ProgbarLogger) for c in callbacks):
            callbacks.append(ProgbarLogger())
        if not any(isinstance(c, History) for c in callbacks):
            callbacks.append(History())
        return CallbackList(callbacks, model=self, verbose=verbose, **params)


def _batch_size(x: Any) -> Any:
    """Rows in the batch: an int when static, else a tensor (graph mode, unknown batch)."""
    first = tree.flatten(x)[0]
    if not hasattr(first, "shape"):
        return int(np.shape(first)[0])
    rows = first.shape[0]
    return rows if rows is not None else ops.shape(first)[0]
