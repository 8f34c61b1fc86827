"""Metrics (``keras.metrics``): stateful classes, functions, ``get``."""

from __future__ import annotations

from typing import Any

from unison.metrics.metric import Metric
from unison.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.metrics", "unison.metrics")

__all__ = ["Mean", "MeanMetricWrapper", "Metric", "Sum", "deserialize", "get", "serialize"]


def get(identifier: Any, y_true: Any = None, y_pred: Any = None) -> Metric:
    """A metric from a name, a config, an instance or a function ``fn(y_true, y_pred)``.

    ``"accuracy"`` / ``"acc"`` (and ``"crossentropy"``) resolve to the binary, categorical or
    sparse variant from the shapes of ``y_true`` and ``y_pred``, as in Keras.
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        from unison.metrics import catalogue

        return catalogue.by_name(identifier, y_true=y_true, y_pred=y_pred)
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise ValueError(f"Could not interpret metric identifier {identifier!r}.")


def serialize(metric: Metric) -> Any:
    from unison.saving import serialization

    return serialization.serialize(metric)


def deserialize(config: Any, custom_objects: dict | None = None) -> Metric:
    from unison.saving import serialization

    return serialization.deserialize(config, custom_objects, module_hint="keras.metrics")
