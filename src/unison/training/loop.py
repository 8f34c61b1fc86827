"""The epoch / batch loops behind fit, evaluate and predict (backend-neutral)."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Iterator
from typing import Any

import numpy as np

from unison import backend as backend_module
from unison import config, ops, tree
from unison.callbacks.progbar_logger import logs_to_python
from unison.training import data_adapters
from unison.utils.data_utils import pack_x_y_sample_weight


def _groups(batches: Iterator, size: int) -> Iterator[list]:
    """Lists of ``size`` batches, each packed as Keras hands it to the step functions:
    ``x``, ``(x, y)`` or ``(x, y, sample_weight)`` (so ``x, y = data`` works)."""
    batches = (pack_x_y_sample_weight(*batch) for batch in batches)
    while True:
        group = list(itertools.islice(batches, size))
        if not group:
            return
        yield group


def _stream(adapter) -> Iterator:
    """Batches pass after pass over ``adapter`` (in-memory data reshuffled per pass; a plain
    generator simply continues) until a pass yields nothing."""
    while True:
        empty = True
        for batch in adapter:
            empty = False
            yield batch
        if empty:
            return


def _batches(adapter, steps: int | None) -> Iterator:
    """One pass over the data, or ``steps`` batches (the data is cycled when shorter)."""
    return iter(adapter) if steps is None else itertools.islice(_stream(adapter), steps)


def _metrics_or_step_logs(model, logs: Any) -> dict:
    """The metrics' results, or the last step's own logs when a custom step reports keys
    that are not the model's metrics (Keras's rule for custom train / test steps)."""
    results = model.get_metrics_result()
    if isinstance(logs, dict) and set(logs) != set(results):
        return logs_to_python(logs)
    return logs_to_python(results)


def _warn_if_nan(epoch: int, logs: dict) -> None:
    loss = logs.get("loss")
    if isinstance(loss, float) and not np.isfinite(loss):
        warnings.warn(
            f"The training loss is {loss} after epoch {epoch + 1}: the model diverged or the "
            f"data contains NaN/inf. Check the inputs and targets, lower the learning rate, or "
            f"add unison.callbacks.TerminateOnNaN() to stop at the first bad batch.",
            RuntimeWarning,
            stacklevel=3,
        )


def _resolve_verbose(verbose: Any) -> int:
    return 1 if verbose == "auto" else int(verbose)


def _capped_steps(steps: int | None) -> int | None:
    """``steps`` limited by ``config.max_steps_per_epoch()`` (a debugging cap)."""
    cap = config.max_steps_per_epoch()
    if cap and (not steps or cap < steps):
        warnings.warn(f"Limiting steps_per_epoch to {cap}", stacklevel=3)
        return cap
    return steps


def run_fit(
    model,
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
):
    verbose = _resolve_verbose(verbose)
    cap = config.max_epochs()
    if cap and cap < epochs:
        warnings.warn(f"Limiting epochs to {cap}", stacklevel=2)
        epochs = cap
    steps_per_epoch = _capped_steps(steps_per_epoch)
    if validation_split and validation_data is None:
        if not data_adapters.is_array_structure(x):
            raise ValueError(
                "validation_split is only supported for in-memory arrays; pass "
                "validation_data for generators and datasets."
            )
        (x, y, sample_weight), validation_data = data_adapters.split_validation(
            x, y, sample_weight, validation_split
        )
    adapter = data_adapters.get_adapter(
        x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight
    )
    steps = steps_per_epoch or adapter.num_batches
    # With steps_per_epoch the data is one stream across epochs (as in Keras): an epoch
    # starts where the previous one stopped, so every batch is used in turn.
    stream = _stream(adapter) if steps_per_epoch else None
    backend = model._bind_backend()
    callback_list = model._callback_list(
        callbacks, verbose, epochs=epochs, steps=steps, verbose_level=verbose
    )
    history = next(c for c in callback_list.callbacks if type(c).__name__ == "History")
    model.stop_training = False
    with backend_module.use(backend):
        model._initial_epoch = None
        callback_list.on_train_begin()
        # A callback (BackupAndRestore) may resume an interrupted run at a later epoch.
        initial_epoch = max(initial_epoch, model._initial_epoch or 0)
        epoch_logs: dict = {}
        for epoch in range(initial_epoch, epochs):
            model.reset_metrics()
            callback_list.on_epoch_begin(epoch)
            function = None
            batches = iter(adapter) if stream is None else itertools.islice(stream, steps_per_epoch)
            for step, group in enumerate(_groups(batches, model.steps_per_execution)):
                if function is None:
                    model._prepare(group[0])
                    function = model.make_train_function()
                    model.reset_metrics()
                callback_list.on_train_batch_begin(step)
                logs = function(group)
                callback_list.on_train_batch_end(step, logs)
                if model.stop_training:
                    break
            if function is None:
                raise ValueError(
                    "fit() received no data: the dataset or generator produced no batches."
                )
            epoch_logs = _metrics_or_step_logs(model, logs)
            _warn_if_nan(epoch, epoch_logs)
            if validation_data is not None and (epoch + 1) % validation_freq == 0:
                val_x, val_y, val_weight = data_adapters.unpack_x_y_sample_weight(validation_data)
                val_logs = model.evaluate(
                    val_x,
                    val_y,
                    sample_weight=val_weight,
                    batch_size=validation_batch_size or batch_size,
                    steps=validation_steps,
                    verbose=0,
                    callbacks=callback_list,
                    return_dict=True,
                    _in_fit=True,
                )
                epoch_logs.update({f"val_{key}": value for key, value in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if model.stop_training:
                break
        if getattr(model.optimizer, "use_ema", False):
            model.optimizer.finalize_variable_values(model.trainable_variables)
        callback_list.on_train_end(epoch_logs)
    return history


def run_evaluate(model, x, y, batch_size, verbose, sample_weight, steps, callbacks, in_fit=False):
    verbose = _resolve_verbose(verbose)
    steps = _capped_steps(steps)
    adapter = data_adapters.get_adapter(x, y, sample_weight, batch_size, steps, shuffle=False)
    total = steps or adapter.num_batches
    if in_fit:
        callback_list = callbacks
        callback_list.params["in_fit"] = True
    else:
        callback_list = model._callback_list(callbacks, verbose, steps=total, verbose_level=verbose)
    backend = model._bind_backend()
    with backend_module.use(backend):
        model.reset_metrics()
        callback_list.on_test_begin()
        function = logs = None
        for step, group in enumerate(_groups(_batches(adapter, steps), model.steps_per_execution)):
            if function is None:
                model._prepare(group[0])
                function = model.make_test_function()
                model.reset_metrics()
            callback_list.on_test_batch_begin(step)
            with backend.no_grad():  # as Keras: no autograd graph while evaluating
                logs = function(group)
            callback_list.on_test_batch_end(step, logs)
        logs = _metrics_or_step_logs(model, logs)
        callback_list.on_test_end(logs)
    if in_fit:
        callback_list.params["in_fit"] = False
    return logs


def run_predict(model, x, batch_size, verbose, steps, callbacks):
    verbose = _resolve_verbose(verbose)
    steps = _capped_steps(steps)
    adapter = data_adapters.get_adapter(x, None, None, batch_size, steps, shuffle=False)
    total = steps or adapter.num_batches
    callback_list = model._callback_list(callbacks, verbose, steps=total, verbose_level=verbose)
    outputs = []
    backend = model._bind_backend()
    with backend_module.use(backend):
        callback_list.on_predict_begin()
        function = None
        for step, group in enumerate(_groups(_batches(adapter, steps), 1)):
            if function is None:
                if not model.built:
                    model(data_adapters.unpack_x_y_sample_weight(group[0])[0])
                function = model.make_predict_function()
            callback_list.on_predict_batch_begin(step)
            with backend.no_grad():
                batch_outputs = function(group)
            outputs.append(tree.map_structure(ops.convert_to_numpy, batch_outputs))
            callback_list.on_predict_batch_end(step, {"outputs": batch_outputs})
        callback_list.on_predict_end()
    if not outputs:
        raise ValueError("predict() received no data: the input produced no batches.")
    return tree.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)
