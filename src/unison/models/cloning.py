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
            if model._compiled_loss is not None and model._compiled_loss._built:
                clone._compiled_loss.adopt(model._compiled_loss)
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


def _fresh_layer(layer: Any) -> Any:
    """A new layer with the same config (Keras's default clone: fresh, unbuilt weights)."""
    return type(layer).from_config(layer.get_config())


def clone_model(
    model: Any,
    input_tensors: Any = None,
    clone_function: Any = None,
    call_function: Any = None,
    recursive: bool = False,
    **kwargs: Any,
) -> Any:
    """Clone ``model`` onto the active backend.

    As in Keras, every layer is re-created by ``clone_function(layer)`` and the graph is
    rebuilt (on ``input_tensors`` if given; ``call_function(layer, *args, **kwargs)`` replaces
    the layer calls). Unlike Keras, when ``clone_function`` is not given the clone also receives
    the original's weights, so it is an equivalent model on the active backend: build and train
    under torch, ``set_backend("jax")``, ``clone_model``, predict — the outputs agree. Pass
    ``clone_function=lambda layer: layer.__class__.from_config(layer.get_config())`` for fresh
    weights.

    Example:
        >>> with unison.backend.use("jax"):
        ...     jax_model = unison.models.clone_model(torch_model)
    """
    from unison.models.functional import Functional
    from unison.models.sequential import Sequential

    if kwargs:
        raise TypeError(f"clone_model() got unexpected arguments: {sorted(kwargs)}.")
    copy_weights = clone_function is None
    clone_function = clone_function or _fresh_layer
    if isinstance(model, Sequential):
        clone = _clone_sequential(model, input_tensors, clone_function, recursive)
    elif isinstance(model, Functional):
        clone = _clone_functional(model, input_tensors, clone_function, call_function, recursive)
    else:
        if input_tensors is not None or call_function is not None:
            raise ValueError(
                "clone_model: input_tensors and call_function apply to Sequential and "
                f"functional models only; {type(model).__name__} is subclassed."
            )
        try:
            clone = type(model).from_config(model.get_config())
        except TypeError as error:
            raise ValueError(
                f"Cannot clone subclassed model {type(model).__name__}: re-creating it from "
                f"get_config() failed ({error}). Implement get_config()/from_config()."
            ) from None
        if model.built and not clone.built and model.get_build_config():
            clone.build_from_config(model.get_build_config())
    if copy_weights and model.built:
        _copy_values(model.weights, clone.weights, "weights")
    return clone


def _clone_layer(layer: Any, clone_function: Any, recursive: bool) -> Any:
    from unison.models.functional import Functional
    from unison.models.sequential import Sequential

    if recursive and isinstance(layer, (Functional, Sequential)):
        return clone_model(layer, clone_function=clone_function)
    return clone_function(layer)


def _clone_sequential(model: Any, input_tensors: Any, clone_function: Any, recursive: bool):
    from unison.layers.input_layer import Input
    from unison.models.sequential import Sequential

    layers = [_clone_layer(layer, clone_function, recursive) for layer in model.layers]
    clone = Sequential(name=model.name, trainable=model.trainable)
    if input_tensors is not None:
        clone.add(input_tensors[0] if isinstance(input_tensors, (list, tuple)) else input_tensors)
    elif model._input_layer is not None:
        source = model._input_layer
        clone.add(Input(batch_shape=source.batch_shape, dtype=source.dtype, name=source.name))
    for layer in layers:
        clone.add(layer, rebuild=False)
    clone._build_if_shape_known()
    return clone


def _clone_functional(model, input_tensors, clone_function, call_function, recursive):
    from unison import tree
    from unison.layers.input_layer import Input
    from unison.layers.layer import Layer
    from unison.models.functional import Functional
    from unison.symbolic.tensor import SymbolicTensor

    if input_tensors is None:
        new_inputs = [
            Input(batch_shape=t.shape, dtype=t.dtype, name=t.name) for t in model._input_tensors
        ]
    else:
        new_inputs = tree.flatten(input_tensors)
        if len(new_inputs) != len(model._input_tensors):
            raise ValueError(
                f"clone_model: the model has {len(model._input_tensors)} inputs; received "
                f"{len(new_inputs)} input_tensors."
            )
    mapping = {id(old): new for old, new in zip(model._input_tensors, new_inputs)}
    clones: dict[int, Any] = {}

    def substitute(value: Any) -> Any:
        return mapping[id(value)] if isinstance(value, SymbolicTensor) else value

    for step in model._steps:
        node = step.node
        args = tree.map_structure(substitute, node.args)
        kwargs = tree.map_structure(substitute, node.kwargs)
        operation = node.operation
        if isinstance(operation, Layer):
            if id(operation) not in clones:
                clones[id(operation)] = _clone_layer(operation, clone_function, recursive)
            layer = clones[id(operation)]
            if call_function is not None:
                outputs = call_function(layer, *args, **kwargs)
            else:
                outputs = layer(*args, **kwargs)
        else:
            outputs = operation(*args, **kwargs)
        for old, new in zip(tree.flatten(node.outputs), tree.flatten(outputs)):
            mapping[id(old)] = new
    inputs_struct = tree.pack_sequence_as(model._inputs_struct, new_inputs)
    outputs_struct = tree.map_structure(substitute, model._outputs_struct)
    return Functional(inputs_struct, outputs_struct, name=model.name, trainable=model.trainable)
