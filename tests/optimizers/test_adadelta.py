import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(rho=0.95, epsilon=1e-7):
    def update(state, g, w, lr, step):
        state["g2"] = rho * state.get("g2", 0.0) + (1 - rho) * g**2
        delta = -np.sqrt(state.get("d2", 0.0) + epsilon) * g / np.sqrt(state["g2"] + epsilon)
        state["d2"] = rho * state.get("d2", 0.0) + (1 - rho) * delta**2
        return w + lr * delta

    return update


@pytest.mark.parametrize("option", option_params())
def test_adadelta_matches_reference(training_backend, option):
    check(unison.optimizers.Adadelta, reference(), option, learning_rate=1.0)


def test_adadelta_config(training_backend):
    optimizer = unison.optimizers.Adadelta(rho=0.9)
    assert optimizer.name == "adadelta"
    check_config_round_trip(optimizer)
    optimizer.build([unison.Variable(np.ones((2,), "float32"), name="bias")])
    suffixes = [v.name for v in optimizer.variables[2:]]
    assert suffixes[0].endswith("accumulated_grad")
    assert suffixes[1].endswith("accumulated_delta_var")
