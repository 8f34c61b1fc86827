"""Moving models between backends: ``model.to_backend(name)``.

The model is rebuilt from its config under the target backend, then every weight, the
optimizer state and the metric state are copied across (through NumPy), so the converted
model predicts the same and continues training exactly where the original was.

Example:
    >>> torch_model = jax_model.to_backend("torch")
"""

from __future__ import annotations

from typing import Any

from unison import backend as backend_module
from unison.saving import serialization


def _custom_objects(model: Any) -> dict:
    """Every class used inside ``model``, so unregistered custom layers rebuild too."""
    objects = {}
    for layer in model._flatten_layers():
        objects[type(layer).__name__] = type(layer)
    return objects


def _copy_values(source: list, target: list, what: str) -> None:
    if len(source) != len(target):
        raise ValueError(
            f"Cannot transfer {what}: the original has {len(source)} variables, the converted "
            f"model {len(target)}."
        )
    for old, new in zip(source, target):
        new.assign(old.numpy())


def convert_model(model: Any, backend_name: str) -> Any:
    """An equivalent copy of ``model`` living on ``backend_name``."""
    target = backend_module.get_backend(backend_name)
    if not model.built:
        raise ValueError(
            f"Model {model.name!r} is not built, so it has no weights to move; call it on data "
            f"first (or build it)."
        )
    config = serialization.serialize(model)
    with backend_module.use(target):
        clone = serialization.deserialize(config, custom_objects=_custom_objects(model))
        if not clone.built:
            clone.build_from_config(config.get("build_config") or {})
        _copy_values(model.weights, clone.weights, "weights")
        if getattr(model, "compiled", False):
            clone.compile_from_config(model.get_compile_config(), _custom_objects(model))
            if model.optimizer.built:
                clone.optimizer.build(clone.trainable_variables)
                _copy_values(
                    model.optimizer.variables, clone.optimizer.variables, "optimizer state"
                )
            if model._compiled_metrics.built:
                # Metric objects are created from the first batch; replay that with the shapes
                # of the original so their state can be carried over.
                clone._compiled_metrics = type(model._compiled_metrics)(
                    model._compiled_metrics._spec, model._compiled_metrics._weighted_spec
                )
                clone._compiled_metrics.metrics = [
                    _clone_metric(metric) for metric in model._compiled_metrics.metrics
                ]
                clone._compiled_metrics._assignments = [
                    (index, clone._compiled_metrics.metrics[position], weighted)
                    for position, (index, _, weighted) in enumerate(
                        model._compiled_metrics._assignments
                    )
                ]
                clone._compiled_metrics.built = True
            _copy_values(
                [v for m in model.metrics for v in m.variables],
                [v for m in clone.metrics for v in m.variables],
                "metric state",
            )
    return clone


def _clone_metric(metric: Any) -> Any:
    clone = type(metric).from_config(metric.get_config())
    clone.name = metric.name
    return clone
