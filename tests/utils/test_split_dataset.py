"""split_dataset on arrays, tuples and dicts of arrays: sizes, shuffling, errors."""

import numpy as np
import pytest

from unison.utils import split_dataset


def test_fraction_split_keeps_order_without_shuffle():
    left, right = split_dataset(np.arange(10), left_size=0.8)
    np.testing.assert_array_equal(left, np.arange(8))
    np.testing.assert_array_equal(right, [8, 9])


def test_right_size_alone_and_counts():
    left, right = split_dataset(np.arange(10), right_size=3)
    assert (len(left), len(right)) == (7, 3)
    np.testing.assert_array_equal(right, [7, 8, 9])
    left, right = split_dataset(np.arange(10), left_size=2, right_size=3)
    np.testing.assert_array_equal(left, [0, 1])
    np.testing.assert_array_equal(right, [7, 8, 9])


def test_tuple_is_split_sample_by_sample_with_a_seeded_shuffle():
    x, y = np.arange(20), np.arange(20) * 10
    (x_left, y_left), (x_right, y_right) = split_dataset((x, y), 0.75, shuffle=True, seed=3)
    assert len(x_left) == 15 and len(x_right) == 5
    np.testing.assert_array_equal(y_left, x_left * 10)
    np.testing.assert_array_equal(y_right, x_right * 10)
    assert sorted(np.concatenate([x_left, x_right])) == list(range(20))
    again = split_dataset((x, y), 0.75, shuffle=True, seed=3)
    np.testing.assert_array_equal(again[0][0], x_left)
    assert not np.array_equal(x_left, np.arange(15))


def test_dict_of_arrays():
    data = {"a": np.arange(4), "b": np.ones((4, 2))}
    left, right = split_dataset(data, left_size=0.5)
    assert set(left) == {"a", "b"} and left["b"].shape == (2, 2)
    np.testing.assert_array_equal(right["a"], [2, 3])


@pytest.mark.parametrize(
    "left_size, right_size, match",
    [
        (None, None, "neither"),
        (1.5, None, "left_size"),
        (0, None, "left_size"),
        (None, 10, "right_size"),
        (0.7, 0.6, "at most 1"),
        (6, 6, "exceeds"),
        ("half", None, "left_size"),
        (0.01, None, "empty"),
    ],
)
def test_bad_sizes(left_size, right_size, match):
    with pytest.raises((ValueError, TypeError), match=match):
        split_dataset(np.arange(10), left_size=left_size, right_size=right_size)


def test_mismatched_lengths():
    with pytest.raises(ValueError, match="same number of samples"):
        split_dataset((np.arange(3), np.arange(4)), left_size=0.5)
