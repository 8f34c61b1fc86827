import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(initial_accumulator_value=0.1, epsilon=1e-7):
    def update(state, g, w, lr, step):
        state["a"] = state.get("a", initial_accumulator_value) + g**2
        return w - lr * g / np.sqrt(state["a"] + epsilon)

    return update


@pytest.mark.parametrize("option", option_params())
def test_adagrad_matches_reference(training_backend, option):
    check(unison.optimizers.Adagrad, reference(), option, learning_rate=0.1)


def test_adagrad_initial_accumulator(training_backend):
    def make(**kwargs):
        return unison.optimizers.Adagrad(initial_accumulator_value=0.5, **kwargs)

    check(make, reference(initial_accumulator_value=0.5), "plain", learning_rate=0.1)


def test_adagrad_config(training_backend):
    optimizer = unison.optimizers.Adagrad(initial_accumulator_value=0.3, epsilon=1e-6)
    assert optimizer.name == "adagrad"
    assert optimizer.get_config()["initial_accumulator_value"] == 0.3
    check_config_round_trip(optimizer)
    variable = unison.Variable(np.ones((2,), "float32"), name="bias")
    optimizer.build([variable])
    np.testing.assert_allclose(optimizer.variables[-1].numpy(), [0.3, 0.3])
    assert isinstance(unison.optimizers.get("adagrad"), unison.optimizers.Adagrad)
