import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(rho=0.9, momentum=0.0, epsilon=1e-7, centered=False):
    def update(state, g, w, lr, step):
        state["v"] = rho * state.get("v", 0.0) + (1 - rho) * g**2
        if centered:
            state["a"] = rho * state.get("a", 0.0) + (1 - rho) * g
            denominator = state["v"] - state["a"] ** 2 + epsilon
        else:
            denominator = state["v"] + epsilon
        increment = lr * g / np.sqrt(denominator)
        if momentum > 0:
            state["m"] = momentum * state.get("m", 0.0) + increment
            return w - state["m"]
        return w - increment

    return update


@pytest.mark.parametrize("option", option_params())
def test_rmsprop_matches_reference(training_backend, option):
    check(unison.optimizers.RMSprop, reference(), option)


@pytest.mark.parametrize(
    "variant",
    [{"momentum": 0.9}, {"centered": True}, {"momentum": 0.5, "centered": True, "rho": 0.8}],
)
def test_rmsprop_variants(training_backend, variant):
    def make(**kwargs):
        return unison.optimizers.RMSprop(**kwargs, **variant)

    check(make, reference(**variant), "plain")


def test_rmsprop_slots_and_config(training_backend):
    optimizer = unison.optimizers.RMSprop(momentum=0.9, centered=True)
    assert optimizer.name == "rm_sprop"
    variable = unison.Variable(np.ones((2, 3), "float32"), name="kernel")
    optimizer.build([variable])
    names = [v.name for v in optimizer.variables]
    assert names[:2] == ["iteration", "learning_rate"]
    assert [n.rsplit("_", 1)[-1] for n in names[2:4]] == ["velocity", "momentum"]
    assert names[4].endswith("average_gradient")
    config = optimizer.get_config()
    for key in ("rho", "momentum", "epsilon", "centered"):
        assert key in config
    check_config_round_trip(optimizer)
    assert isinstance(unison.optimizers.get("rmsprop"), unison.optimizers.RMSprop)
