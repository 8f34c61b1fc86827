"""Weights files in the Keras 3 HDF5 layout (``model.weights.h5``).

Every object with state is a group; its own variables are datasets ``vars/0``, ``vars/1``...
in creation order (trainable first, then non-trainable), and its children are sub-groups:
a sub-layer held in an attribute is named after the attribute (leading underscores dropped,
as Keras does: ``_query_dense`` -> ``query_dense``), and the layers of a list are named by
their class in snake case, numbered when repeated (``dense``, ``dense_1``...). A model's
layers sit under ``layers/``.

Example:
    >>> unison.saving.weights_file.save_weights(model, "model.weights.h5")
    >>> unison.saving.weights_file.load_weights(model, "model.weights.h5")
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from typing import Any

import numpy as np

from unison.layers.input_layer import InputLayer
from unison.layers.layer import Layer, to_snake_case


def _list_children(layers: list, prefix: str) -> Iterator[tuple[str, Any]]:
    used: dict[str, int] = {}
    for layer in layers:
        base = to_snake_case(type(layer).__name__)
        count = used.get(base, 0)
        used[base] = count + 1
        yield f"{prefix}/{base if count == 0 else f'{base}_{count}'}", layer


def saveable_children(obj: Any) -> Iterator[tuple[str, Any]]:
    """``(relative path, child)`` for every stateful child of ``obj``, Keras-style."""
    from unison.models.functional import Functional
    from unison.models.sequential import Sequential

    if isinstance(obj, (Sequential, Functional)):
        yield from _list_children(obj.layers, "layers")
        yield from _optimizer_child(obj)
        return
    from unison.models.model import Model

    if isinstance(obj, Model):
        yield from _optimizer_child(obj)
    seen: set[int] = set()
    for attribute, value in obj.__dict__.items():
        if attribute in ("_inbound_nodes", "_backend", "_input_layer", "optimizer"):
            continue
        name = attribute.lstrip("_")
        if isinstance(value, Layer):
            if id(value) not in seen and value is not obj:
                seen.add(id(value))
                yield name, value
        elif (
            isinstance(value, (list, tuple))
            and value
            and all(isinstance(item, Layer) for item in value)
        ):
            fresh = [item for item in value if id(item) not in seen]
            seen.update(id(item) for item in fresh)
            yield from _list_children(fresh, name)


def _optimizer_child(model: Any) -> Iterator[tuple[str, Any]]:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is not None and getattr(optimizer, "built", False):
        yield "optimizer", optimizer


def _has_state(obj: Any) -> bool:
    return hasattr(obj, "save_own_variables") and not isinstance(obj, InputLayer)


def _own_store(obj: Any) -> dict[str, np.ndarray]:
    store: dict[str, np.ndarray] = {}
    if _has_state(obj):
        obj.save_own_variables(store)
    return store


def _write(group: Any, obj: Any) -> None:
    variables = group.create_group("vars")
    for key, value in _own_store(obj).items():
        array = np.asarray(value)
        if array.dtype.name == "bfloat16":  # h5py has no bfloat16: store as float32
            array = array.astype("float32")
        variables.create_dataset(key, data=array)
    for path, child in saveable_children(obj):
        _write(group.require_group(path), child)


def write_weights_file(model: Any, filepath: str | os.PathLike) -> None:
    """Write every variable of ``model`` (and its built optimizer) to ``filepath``."""
    import h5py

    with h5py.File(os.fspath(filepath), "w") as file:
        _write(file, model)
        file["vars"].attrs["name"] = getattr(model, "name", "model")


def save_weights(model: Any, filepath: str | os.PathLike) -> None:
    """Write every variable of ``model`` to ``filepath`` atomically (temp file + rename)."""
    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    handle, temp_path = tempfile.mkstemp(dir=directory, suffix=".h5.tmp")
    os.close(handle)
    try:
        write_weights_file(model, temp_path)
        os.replace(temp_path, filepath)
    finally:
        if os.path.exists(temp_path):
            os.remove(temp_path)


def _own_variable_list(obj: Any) -> list:
    if isinstance(obj, Layer):
        trainable, non_trainable = obj._own_variables()
        return trainable + non_trainable
    return list(obj.variables)


def _read(group: Any, obj: Any, path: str, skip_mismatch: bool, errors: list[str]) -> None:
    if _has_state(obj):
        stored = group["vars"] if "vars" in group else {}
        store = {key: np.asarray(stored[key]) for key in stored}
        variables = _own_variable_list(obj)
        problem = None
        if len(store) != len(variables):
            problem = (
                f"{path or 'model'} ({type(obj).__name__} {obj.name!r}) has "
                f"{len(variables)} variables; the file has {len(store)}"
            )
        else:
            for index, variable in enumerate(variables):
                if tuple(store[str(index)].shape) != tuple(variable.shape):
                    problem = (
                        f"{path}/vars/{index} of {type(obj).__name__} {obj.name!r}: file shape "
                        f"{tuple(store[str(index)].shape)}, variable shape {tuple(variable.shape)}"
                    )
                    break
        if problem is None:
            obj.load_own_variables(store)
        elif skip_mismatch:
            errors.append(problem)
        else:
            raise ValueError(f"Cannot load weights: {problem}.")
    for child_path, child in saveable_children(obj):
        if child_path not in group:
            if _count_variables(child) == 0 or child_path == "optimizer":
                continue
            message = f"{path}/{child_path} is missing from the file"
            if skip_mismatch:
                errors.append(message)
                continue
            raise ValueError(f"Cannot load weights: {message}.")
        _read(group[child_path], child, f"{path}/{child_path}".strip("/"), skip_mismatch, errors)


def _count_variables(obj: Any) -> int:
    if isinstance(obj, Layer):
        return len(obj.weights)
    return len(getattr(obj, "variables", []))


def load_weights(model: Any, filepath: str | os.PathLike, skip_mismatch: bool = False) -> list[str]:
    """Assign the variables stored in ``filepath`` to ``model``; returns skipped entries.

    With ``skip_mismatch=True`` layers whose variable count or shapes differ are left as
    they are (and listed in the return value) instead of raising.
    """

    if not model.built:
        raise ValueError(
            f"Model {model.name!r} is not built: its variables do not exist yet. Call it on "
            f"data or build it before loading weights."
        )
    return load_weights_from_file(model, filepath, skip_mismatch=skip_mismatch)


def load_weights_from_file(
    model: Any,
    filepath: str | os.PathLike,
    skip_mismatch: bool = False,
    include_optimizer: bool = True,
) -> list[str]:
    """Read ``filepath`` into ``model``; the optimizer state too when the file has it and the
    model is compiled (the optimizer is built on the model's trainable variables first)."""
    import h5py

    errors: list[str] = []
    try:
        file = h5py.File(os.fspath(filepath), "r")
    except OSError as error:
        raise ValueError(f"{filepath!s} is not a readable HDF5 weights file ({error}).") from None
    with file:
        optimizer = getattr(model, "optimizer", None)
        if include_optimizer and optimizer is not None and "optimizer" in file:
            if not optimizer.built:
                optimizer.build(model.trainable_variables)
        _read(file, model, "", skip_mismatch, errors)
    return errors


def walk_objects(obj: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """``(path, object)`` for ``obj`` and every stateful descendant, paths as in the file."""
    yield path, obj
    for child_path, child in saveable_children(obj):
        yield from walk_objects(child, f"{path}/{child_path}".strip("/"))
