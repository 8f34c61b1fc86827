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

from collections.abc import Callable, Iterator, Mapping
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


def is_nested(structure: Any) -> bool:
    """True for lists, tuples (namedtuples included) and dicts."""
    return isinstance(structure, (list, tuple, Mapping))


def _sorted_keys(mapping: Mapping) -> list:
    try:
        return sorted(mapping)
    except TypeError:
        return list(mapping)


def _children(structure: Any) -> list:
    if isinstance(structure, Mapping):
        return [structure[key] for key in _sorted_keys(structure)]
    return list(structure)


def _rebuild(structure: Any, children: list) -> Any:
    if isinstance(structure, Mapping):
        values = dict(zip(_sorted_keys(structure), children, strict=True))
        return type(structure)((key, values[key]) for key in structure)
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*children)
    return type(structure)(children)


def _iterate(structure: Any) -> Iterator[Any]:
    if is_nested(structure):
        for child in _children(structure):
            yield from _iterate(child)
    else:
        yield structure


def flatten(structure: Any) -> list:
    """The leaves of ``structure`` in a deterministic order."""
    if not is_nested(structure):
        return [structure]
    return list(_iterate(structure))


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
    expected = len(flatten(structure))
    if len(flat) != expected:
        raise ValueError(
            f"pack_sequence_as: the structure has {expected} leaves; received {len(flat)} values."
        )
    iterator = iter(flat)

    def build(node: Any) -> Any:
        if is_nested(node):
            return _rebuild(node, [build(child) for child in _children(node)])
        return next(iterator)

    return build(structure)


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
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=False)
    flats = [flatten(structure) for structure in structures]
    return pack_sequence_as(structures[0], [function(*leaves) for leaves in zip(*flats)])


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
