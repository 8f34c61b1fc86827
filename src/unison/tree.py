"""Nested structures (lists, tuples, dicts, namedtuples): flatten, map, pack.

Leaves are anything that is not a list, tuple or dict. Dicts are traversed in sorted key
order, as in Keras and ``optree``, so flattening is deterministic.

Example:
    >>> from unison import tree
    >>> tree.flatten({"b": [1, 2], "a": 3})
    [3, 1, 2]
    >>> tree.map_structure(lambda x: x * 10, (1, [2]))
    (10, [20])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "is_nested",
    "flatten",
    "flatten_with_path",
    "map_structure",
    "map_structure_up_to",
    "pack_sequence_as",
    "assert_same_structure",
    "assert_same_paths",
    "traverse",
    "lists_to_tuples",
    "map_shape_structure",
    "MAP_TO_NONE",
]


class _MapToNone:
    """Returned by a `traverse` function to replace a subtree by ``None``."""

    def __repr__(self) -> str:
        return "MAP_TO_NONE"


MAP_TO_NONE = _MapToNone()


# Kind of a node by its exact type: leaf, sequence (list / tuple), namedtuple or mapping.
# Cached per type: trees are walked on every training step, and an ``isinstance`` check
# against the ``Mapping`` ABC costs a Python-level call per leaf.
_LEAF, _SEQUENCE, _NAMEDTUPLE, _MAPPING = 0, 1, 2, 3
_KINDS: dict[type, int] = {list: _SEQUENCE, tuple: _SEQUENCE, dict: _MAPPING}


def _kind_of_type(kind_type: type) -> int:
    if issubclass(kind_type, Mapping):
        kind = _MAPPING
    elif issubclass(kind_type, tuple) and hasattr(kind_type, "_fields"):
        kind = _NAMEDTUPLE
    elif issubclass(kind_type, (list, tuple)):
        kind = _SEQUENCE
    else:
        kind = _LEAF
    _KINDS[kind_type] = kind
    return kind


def _kind(structure: Any) -> int:
    kind = _KINDS.get(type(structure))
    return _kind_of_type(type(structure)) if kind is None else kind


def is_nested(structure: Any) -> bool:
    """True for lists, tuples (namedtuples included) and dicts."""
    return _kind(structure) != _LEAF


def _sorted_keys(mapping: Mapping) -> list:
    try:
        return sorted(mapping)
    except TypeError:
        return list(mapping)


def _children(structure: Any) -> list:
    if _kind(structure) == _MAPPING:
        return [structure[key] for key in _sorted_keys(structure)]
    return list(structure)


def _rebuild(structure: Any, children: list) -> Any:
    kind = _kind(structure)
    if kind == _MAPPING:
        values = dict(zip(_sorted_keys(structure), children, strict=True))
        return type(structure)((key, values[key]) for key in structure)
    if kind == _NAMEDTUPLE:
        return type(structure)(*children)
    return type(structure)(children)


def _flatten_into(structure: Any, out: list) -> None:
    kind = _KINDS.get(type(structure))
    if kind is None:
        kind = _kind_of_type(type(structure))
    if kind == _LEAF:
        out.append(structure)
    elif kind == _MAPPING:
        for key in _sorted_keys(structure):
            _flatten_into(structure[key], out)
    else:
        for child in structure:
            _flatten_into(child, out)


def flatten(structure: Any) -> list:
    """The leaves of ``structure`` in a deterministic order."""
    out: list = []
    _flatten_into(structure, out)
    return out


def flatten_with_path(structure: Any) -> list[tuple[tuple, Any]]:
    """``(path, leaf)`` pairs; a path is the tuple of keys / indices leading to the leaf."""
    result: list[tuple[tuple, Any]] = []

    def visit(node: Any, path: tuple) -> None:
        if isinstance(node, Mapping):
            for key in _sorted_keys(node):
                visit(node[key], (*path, key))
        elif isinstance(node, (list, tuple)):
            for index, child in enumerate(node):
                visit(child, (*path, index))
        else:
            result.append((path, node))

    visit(structure, ())
    return result


def pack_sequence_as(structure: Any, flat_sequence: list) -> Any:
    """Inverse of :func:`flatten`: put ``flat_sequence`` into the shape of ``structure``."""
    flat = list(flat_sequence)
    position = 0  # leaves of ``structure`` seen so far

    def build(node: Any) -> Any:
        nonlocal position
        if _kind(node) == _LEAF:
            position += 1
            return flat[position - 1] if position <= len(flat) else None
        return _rebuild(node, [build(child) for child in _children(node)])

    result = build(structure)
    if position != len(flat):
        raise ValueError(
            f"pack_sequence_as: the structure has {position} leaves; received {len(flat)} values."
        )
    return result


def assert_same_structure(a: Any, b: Any, check_types: bool = True) -> None:
    """Raise ``ValueError`` naming the first difference between two structures."""

    def compare(x: Any, y: Any, path: tuple) -> None:
        if is_nested(x) != is_nested(y):
            raise ValueError(
                f"Structures differ at {path}: {type(x).__name__} vs {type(y).__name__}."
            )
        if not is_nested(x):
            return
        if check_types and type(x) is not type(y):
            if not (isinstance(x, list | tuple) and isinstance(y, list | tuple)):
                raise ValueError(
                    f"Structures differ at {path}: {type(x).__name__} vs {type(y).__name__}."
                )
        if isinstance(x, Mapping):
            if set(x) != set(y):
                raise ValueError(f"Structures differ at {path}: keys {sorted(x)} vs {sorted(y)}.")
            for key in _sorted_keys(x):
                compare(x[key], y[key], (*path, key))
            return
        if len(x) != len(y):
            raise ValueError(f"Structures differ at {path}: length {len(x)} vs {len(y)}.")
        for index, (child_x, child_y) in enumerate(zip(x, y, strict=True)):
            compare(child_x, child_y, (*path, index))

    compare(a, b, ())


def assert_same_paths(a: Any, b: Any) -> None:
    """Raise ``ValueError`` when the two structures do not have the same leaf paths."""
    paths_a = {path for path, _ in flatten_with_path(a)}
    paths_b = {path for path, _ in flatten_with_path(b)}
    if paths_a != paths_b:
        raise ValueError(
            f"Paths differ: only in first {sorted(paths_a - paths_b, key=str)}, "
            f"only in second {sorted(paths_b - paths_a, key=str)}."
        )


def map_structure(function: Callable, *structures: Any) -> Any:
    """Apply ``function`` to corresponding leaves of one or more same-shaped structures."""
    if not structures:
        raise ValueError("map_structure needs at least one structure.")
    if len(structures) == 1:
        return _map_one(function, structures[0])
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=False)
    flats = [flatten(structure) for structure in structures]
    return pack_sequence_as(structures[0], [function(*leaves) for leaves in zip(*flats)])


def _map_one(function: Callable, node: Any) -> Any:
    kind = _KINDS.get(type(node))
    if kind is None:
        kind = _kind_of_type(type(node))
    if kind == _LEAF:
        return function(node)
    return _rebuild(node, [_map_one(function, child) for child in _children(node)])


def map_structure_up_to(shallow: Any, function: Callable, *structures: Any) -> Any:
    """Like :func:`map_structure`, but stops descending at the leaves of ``shallow``."""

    def visit(node: Any, *values: Any) -> Any:
        if not is_nested(node):
            return function(*values)
        children = _children(node)
        if isinstance(node, Mapping):
            keys = _sorted_keys(node)
            mapped = [
                visit(child, *(value[key] for value in values))
                for key, child in zip(keys, children)
            ]
        else:
            mapped = [
                visit(child, *(value[i] for value in values)) for i, child in enumerate(children)
            ]
        return _rebuild(node, mapped)

    return visit(shallow, *structures)


def traverse(function: Callable, structure: Any, top_down: bool = True) -> Any:
    """Visit every node; a non-``None`` return replaces the node (``MAP_TO_NONE`` -> None)."""

    def finish(value: Any) -> Any:
        return None if value is MAP_TO_NONE else value

    def visit(node: Any) -> Any:
        if top_down:
            replaced = function(node)
            if replaced is not None:
                return finish(replaced)
            if is_nested(node):
                return _rebuild(node, [visit(child) for child in _children(node)])
            return node
        if is_nested(node):
            node = _rebuild(node, [visit(child) for child in _children(node)])
        replaced = function(node)
        return node if replaced is None else finish(replaced)

    return visit(structure)


def lists_to_tuples(structure: Any) -> Any:
    """Turn every list in ``structure`` into a tuple."""

    def convert(node: Any) -> Any:
        if isinstance(node, list):
            return tuple(convert(child) for child in node)
        if isinstance(node, Mapping):
            return _rebuild(node, [convert(child) for child in _children(node)])
        if isinstance(node, tuple):
            return _rebuild(node, [convert(child) for child in node])
        return node

    return convert(structure)


def _is_shape(node: Any) -> bool:
    return isinstance(node, (list, tuple)) and all(
        dim is None or isinstance(dim, int) for dim in node
    )


def map_shape_structure(function: Callable, structure: Any) -> Any:
    """Map ``function`` over shapes (tuples / lists of ints and None) in a structure."""
    if _is_shape(structure):
        return function(tuple(structure))
    if is_nested(structure):
        return _rebuild(structure, [map_shape_structure(function, c) for c in _children(structure)])
    return function(structure)
