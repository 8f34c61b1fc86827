"""pad_sequences: Keras semantics for padding, truncating, value, maxlen and dtype."""

import numpy as np
import pytest

from unison.utils import pad_sequences

from .keras_reference import keras_json

SEQUENCES = [[1, 2, 3, 4], [5, 6], [], [7]]
CASES = [
    {},
    {"maxlen": 3},
    {"maxlen": 3, "padding": "post"},
    {"maxlen": 3, "truncating": "post"},
    {"maxlen": 2, "padding": "post", "truncating": "post", "value": -1},
    {"maxlen": 6, "value": 9},
    {"dtype": "float32", "value": 0.5},
]


def test_matches_keras():
    expected = keras_json(
        f"""
        cases = {CASES!r}
        out = []
        for case in cases:
            result = keras.utils.pad_sequences({SEQUENCES!r}, **case)
            out.append([result.tolist(), str(result.dtype)])
        print(json.dumps(out))
        """
    )
    for case, (values, dtype) in zip(CASES, expected):
        result = pad_sequences(SEQUENCES, **case)
        assert str(result.dtype) == dtype, case
        np.testing.assert_array_equal(result, np.asarray(values), err_msg=str(case))


def test_default_is_pre_padding_to_longest():
    result = pad_sequences([[1, 2], [3]])
    np.testing.assert_array_equal(result, [[1, 2], [0, 3]])
    assert result.dtype == np.int32


def test_item_shape_is_kept():
    result = pad_sequences([np.ones((2, 3)), np.ones((1, 3))], maxlen=3, dtype="float32")
    assert result.shape == (2, 3, 3)
    np.testing.assert_array_equal(result[1, :2], 0)


def test_string_sequences_with_object_dtype():
    result = pad_sequences([["a", "b"], ["c"]], dtype=object, value="<pad>")
    assert result.tolist() == [["a", "b"], ["<pad>", "c"]]


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="padding"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="truncating"):
        pad_sequences([[1]], truncating="both")
    with pytest.raises(ValueError, match="sequences"):
        pad_sequences([1, 2])
    with pytest.raises(ValueError, match="string padding value"):
        pad_sequences([[1]], value="x")
    with pytest.raises(ValueError, match="shape"):
        pad_sequences([np.ones((2, 3)), np.ones((1, 2))])


def test_maxlen_zero_and_empty_input():
    assert pad_sequences([[1, 2]], maxlen=0).shape == (1, 0)
    assert pad_sequences([]).shape == (0, 0)
