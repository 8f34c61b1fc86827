"""set_random_seed makes Python, NumPy and unison's global generators reproducible."""

import random

import numpy as np
import pytest

import unison
from unison.utils import set_random_seed


def _draws():
    return (
        random.random(),
        np.random.rand(),
        unison.ops.convert_to_numpy(unison.random.normal((4,))),
        unison.ops.convert_to_numpy(unison.random.uniform((3,))),
    )


def test_same_seed_same_numbers(backend):
    set_random_seed(1234)
    first = _draws()
    set_random_seed(1234)
    second = _draws()
    assert first[0] == second[0] and first[1] == second[1]
    np.testing.assert_array_equal(first[2], second[2])
    np.testing.assert_array_equal(first[3], second[3])
    set_random_seed(4321)
    third = _draws()
    assert not np.array_equal(first[2], third[2])


def test_layers_initialise_reproducibly(backend):
    set_random_seed(7)
    first = unison.layers.Dense(3)
    first.build((None, 2))
    set_random_seed(7)
    second = unison.layers.Dense(3)
    second.build((None, 2))
    np.testing.assert_array_equal(first.kernel.numpy(), second.kernel.numpy())


def test_seeds_already_imported_frameworks():
    set_random_seed(99)
    import sys

    if "torch" in sys.modules:
        import torch

        assert torch.initial_seed() == 99


def test_rejects_non_int():
    with pytest.raises(ValueError, match="int seed"):
        set_random_seed(1.5)
    with pytest.raises(ValueError, match="int seed"):
        set_random_seed(True)
