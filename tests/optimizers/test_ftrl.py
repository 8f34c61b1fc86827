import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(power=-0.5, initial=0.1, l1=0.0, l2=0.0, shrinkage=0.0, beta=0.0):
    def update(state, g, w, lr, step):
        n = state.get("n", initial)
        z = state.get("z", 0.0)
        l2_total = l2 + beta / (2.0 * lr)
        shrunk = g + 2 * shrinkage * w
        new_n = n + g**2
        z = z + shrunk - ((new_n ** (-power) - n ** (-power)) / lr) * w
        quadratic = new_n ** (-power) / lr + 2 * l2_total
        state["n"], state["z"] = new_n, z
        return (np.clip(z, -l1, l1) - z) / quadratic

    return update


@pytest.mark.parametrize("option", option_params())
def test_ftrl_matches_reference(training_backend, option):
    check(unison.optimizers.Ftrl, reference(), option, learning_rate=0.1)


def test_ftrl_regularized(training_backend):
    settings = {
        "learning_rate_power": -0.6,
        "initial_accumulator_value": 0.2,
        "l1_regularization_strength": 0.05,
        "l2_regularization_strength": 0.1,
        "l2_shrinkage_regularization_strength": 0.02,
        "beta": 0.3,
    }

    def make(**kwargs):
        return unison.optimizers.Ftrl(**settings, **kwargs)

    check(make, reference(-0.6, 0.2, 0.05, 0.1, 0.02, 0.3), "plain", learning_rate=0.1)


def test_ftrl_validates_arguments(training_backend):
    with pytest.raises(ValueError, match="l1_regularization_strength"):
        unison.optimizers.Ftrl(l1_regularization_strength=-1.0)
    with pytest.raises(ValueError, match="learning_rate_power"):
        unison.optimizers.Ftrl(learning_rate_power=0.5)


def test_ftrl_config(training_backend):
    optimizer = unison.optimizers.Ftrl(l1_regularization_strength=0.01, beta=0.1)
    assert optimizer.name == "ftrl"
    check_config_round_trip(optimizer)
    optimizer.build([unison.Variable(np.ones((2,), "float32"), name="bias")])
    np.testing.assert_allclose(optimizer.variables[2].numpy(), [0.1, 0.1])
