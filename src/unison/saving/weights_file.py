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

    if isinstance(obj, Sequential):
        yield from _list_children(obj.layers, "layers")
        return
    if isinstance(obj, Functional):
        yield from _list_children(obj.layers, "layers")
        return
    seen: set[int] = set()
    for attribute, value in obj.__dict__.items():
        if attribute in ("_inbound_nodes", "_backend", "_input_layer"):
            continue
        name = attribute.lstrip("_")
        if isinstance(value, Layer):
            if id(value) not in seen and value is not obj:
                seen.add(id(value))
                yield name, value
        elif isinstance(value, (list, tuple)) and value and all(
            isinstance(item, Layer) for item in value
        ):
            fresh = [item for item in value if id(item) not in seen]
            seen.update(id(item) for item in fresh)
            yield from _list_children(fresh, name)


def _own_store(layer: Any) -> dict[str, np.ndarray]:
    store: dict[str, np.ndarray] = {}
    if isinstance(layer, Layer) and not isinstance(layer, InputLayer):
        layer.save_own_variables(store)
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


def save_weights(model: Any, filepath: str | os.PathLike) -> None:
    """Write every variable of ``model`` to ``filepath`` atomically (temp file + rename)."""
    import h5py

    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    handle, temp_path = tempfile.mkstemp(dir=directory, suffix=".h5.tmp")
    os.close(handle)
    try:
        with h5py.File(temp_path, "w") as file:
            _write(file, model)
        os.replace(temp_path, filepath)
    finally:
        if os.path.exists(temp_path):
            os.remove(temp_path)


def _read(group: Any, obj: Any, path: str, skip_mismatch: bool, errors: list[str]) -> None:
    if isinstance(obj, Layer) and not isinstance(obj, InputLayer):
        stored = group["vars"] if "vars" in group else {}
        store = {key: np.asarray(stored[key]) for key in stored}
        trainable, non_trainable = obj._own_variables()
        variables = trainable + non_trainable
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
            if _count_variables(child) == 0:
                continue
            message = f"{path}/{child_path} is missing from the file"
            if skip_mismatch:
                errors.append(message)
                continue
            raise ValueError(f"Cannot load weights: {message}.")
        _read(group[child_path], child, f"{path}/{child_path}".strip("/"), skip_mismatch, errors)


def _count_variables(obj: Any) -> int:
    return len(obj.weights) if isinstance(obj, Layer) else 0


def load_weights(
    model: Any, filepath: str | os.PathLike, skip_mismatch: bool = False
) -> list[str]:
    """Assign the variables stored in ``filepath`` to ``model``; returns skipped entries.

    With ``skip_mismatch=True`` layers whose variable count or shapes differ are left as
    they are (and listed in the return value) instead of raising.
    """
    import h5py

    if not model.built:
        raise ValueError(
            f"Model {model.name!r} is not built: its variables do not exist yet. Call it on "
            f"data or build it before loading weights."
        )
    errors: list[str] = []
    with h5py.File(os.fspath(filepath), "r") as file:
        _read(file, model, "", skip_mismatch, errors)
    return errors
