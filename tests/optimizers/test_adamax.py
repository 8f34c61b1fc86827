import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(state, g, w, lr, step):
        state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        state["u"] = np.maximum(beta_2 * state.get("u", 0.0), np.abs(g))
        return w - lr * state["m"] / ((1 - beta_1**step) * (state["u"] + epsilon))

    return update


@pytest.mark.parametrize("option", option_params())
def test_adamax_matches_reference(training_backend, option):
    check(unison.optimizers.Adamax, reference(), option)


def test_adamax_betas(training_backend):
    def make(**kwargs):
        return unison.optimizers.Adamax(beta_1=0.8, beta_2=0.9, **kwargs)

    check(make, reference(beta_1=0.8, beta_2=0.9), "plain")


def test_adamax_config(training_backend):
    optimizer = unison.optimizers.Adamax(beta_1=0.8)
    assert optimizer.name == "adamax"
    check_config_round_trip(optimizer)
    optimizer.build([unison.Variable(np.ones((2,), "float32"), name="bias")])
    assert [v.name.rsplit("_", 1)[-1] for v in optimizer.variables[2:]] == ["momentum", "norm"]
