"""unison.tree: flatten / pack / map over lists, tuples, namedtuples and mappings."""

from __future__ import annotations

import collections
from collections.abc import Mapping

import pytest

from unison import tree

Point = collections.namedtuple("Point", ["x", "y"])


class FrozenMapping(Mapping):
    """A Mapping that is not a dict: treated as nested, rebuilt through its constructor."""

    def __init__(self, items=()):
        self._data = dict(items)

    def __getitem__(self, key):
        return self._data[key]

    def __iter__(self):
        return iter(self._data)

    def __len__(self):
        return len(self._data)


NESTED = {"b": [1, (2, 3)], "a": Point(4, {"z": 5, "y": None}), "c": FrozenMapping({"k": 6})}


def test_flatten_orders_dict_keys_and_keeps_none_leaves():
    assert tree.flatten(NESTED) == [4, None, 5, 1, 2, 3, 6]
    assert tree.flatten(7) == [7]
    assert tree.flatten([]) == []
    assert tree.flatten(None) == [None]


def test_is_nested_by_type():
    assert tree.is_nested([1]) and tree.is_nested((1,)) and tree.is_nested({"a": 1})
    assert tree.is_nested(Point(1, 2)) and tree.is_nested(FrozenMapping())
    assert not tree.is_nested("ab") and not tree.is_nested(3) and not tree.is_nested(None)


def test_pack_sequence_as_round_trips_every_container_type():
    flat = tree.flatten(NESTED)
    rebuilt = tree.pack_sequence_as(NESTED, [leaf for leaf in flat])
    assert isinstance(rebuilt["a"], Point)
    assert isinstance(rebuilt["c"], FrozenMapping)
    assert rebuilt["b"] == [1, (2, 3)]
    assert tree.flatten(rebuilt) == flat
    assert list(rebuilt) == ["b", "a", "c"]  # insertion order of the original dict kept
    assert tree.pack_sequence_as(5, [9]) == 9


@pytest.mark.parametrize("count", [0, 6, 8])
def test_pack_sequence_as_wrong_count_names_both_counts(count):
    with pytest.raises(ValueError, match=f"7 leaves; received {count} values"):
        tree.pack_sequence_as(NESTED, list(range(count)))


def test_map_structure_one_and_several_structures():
    doubled = tree.map_structure(lambda v: None if v is None else v * 2, NESTED)
    assert tree.flatten(doubled) == [8, None, 10, 2, 4, 6, 12]
    assert isinstance(doubled["a"], Point)
    summed = tree.map_structure(lambda a, b: a + b, [1, (2, 3)], [10, (20, 30)])
    assert summed == [11, (22, 33)]
    with pytest.raises(ValueError, match="length 2 vs 1"):
        tree.map_structure(lambda a, b: a, [1, 2], [1])


def test_map_structure_calls_function_in_flatten_order():
    seen = []
    tree.map_structure(seen.append, {"b": 2, "a": 1, "c": [3, 4]})
    assert seen == [1, 2, 3, 4]


def test_assert_same_structure_reports_path():
    with pytest.raises(ValueError, match=r"keys"):
        tree.assert_same_structure({"a": 1}, {"b": 1})
    with pytest.raises(ValueError, match=r"\('a', 0\)"):
        tree.assert_same_structure({"a": [1]}, {"a": [[1]]})
    tree.assert_same_structure([1, (2,)], [5, (6,)])


def test_flatten_with_path_and_map_up_to():
    assert tree.flatten_with_path({"b": [1, 2], "a": 3}) == [
        (("a",), 3),
        (("b", 0), 1),
        (("b", 1), 2),
    ]
    result = tree.map_structure_up_to([0, 0], lambda v: len(v), [[1, 2], (3,)])
    assert result == [2, 1]


def test_traverse_and_lists_to_tuples():
    replaced = tree.traverse(lambda node: "x" if node == 2 else None, [1, [2, 3]])
    assert replaced == [1, ["x", 3]]
    pruned = tree.traverse(lambda node: tree.MAP_TO_NONE if node == [2, 3] else None, [1, [2, 3]])
    assert pruned == [1, None]
    assert tree.lists_to_tuples({"a": [1, [2]]}) == {"a": (1, (2,))}


def test_kind_cache_sees_new_types():
    class MyList(list):
        pass

    class Leaf:
        pass

    assert tree.flatten(MyList([1, [2]])) == [1, 2]
    assert isinstance(tree.map_structure(lambda v: v, MyList([1])), MyList)
    leaf = Leaf()
    assert tree.flatten([leaf]) == [leaf]
