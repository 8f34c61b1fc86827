"""config.set_dtype_policy: the default policy of layers created without ``dtype``."""

import numpy as np
import pytest

import unison
from unison import config, dtype_policies


@pytest.fixture
def restore_policy():
    yield
    config.set_dtype_policy(None)


def test_mixed_float16_dense(backend, restore_policy):
    config.set_dtype_policy("mixed_float16")
    assert config.dtype_policy() == unison.DTypePolicy("mixed_float16")
    layer = unison.layers.Dense(3)
    outputs = layer(np.ones((2, 4), "float32"))
    assert layer.dtype_policy.name == "mixed_float16"
    assert layer.compute_dtype == "float16"
    assert layer.kernel.dtype == "float32" and layer.bias.dtype == "float32"
    assert unison.ops.dtype(outputs) == "float16"
    assert layer.get_config()["dtype"]["config"]["name"] == "mixed_float16"


def test_explicit_dtype_wins_and_reset(restore_policy):
    config.set_dtype_policy(unison.DTypePolicy("mixed_bfloat16"))
    assert unison.layers.Dense(2, dtype="float32").compute_dtype == "float32"
    assert unison.layers.Dense(2).compute_dtype == "bfloat16"
    assert unison.DTypePolicy().name == "mixed_bfloat16"
    config.set_dtype_policy(None)
    assert config.dtype_policy().name == config.floatx()
    assert dtype_policies.get(None).name == "float32"
    assert unison.layers.Dense(2).compute_dtype == "float32"


def test_bad_policy_is_rejected(restore_policy):
    with pytest.raises((ValueError, TypeError)):
        config.set_dtype_policy("mixed_float8x")
    assert config.dtype_policy().name == "float32"
