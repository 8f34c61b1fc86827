import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(state, g, w, lr, step):
        state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        state["v"] = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        m_hat = state["m"] / (1 - beta_1**step)
        direction = m_hat / (np.sqrt(state["v"] / (1 - beta_2**step)) + epsilon)
        weight_norm = np.sqrt(np.sum(w**2))
        direction_norm = np.sqrt(np.sum(direction**2))
        ratio = weight_norm / direction_norm if weight_norm > 0 and direction_norm > 0 else 1.0
        return w - ratio * lr * direction

    return update


@pytest.mark.parametrize("option", option_params())
def test_lamb_matches_reference(training_backend, option):
    check(unison.optimizers.Lamb, reference(), option)


def test_lamb_zero_weights_use_ratio_one(training_backend):
    optimizer = unison.optimizers.Lamb(learning_rate=0.1)
    variable = unison.Variable(np.zeros((3,), "float32"), name="w")
    optimizer.apply([np.array([1.0, -2.0, 0.5], "float32")], [variable])
    # First step: m_hat = g, v_hat = g^2, so the direction is sign(g) (up to epsilon).
    np.testing.assert_allclose(variable.numpy(), [-0.1, 0.1, -0.1], rtol=1e-5)


def test_lamb_config(training_backend):
    optimizer = unison.optimizers.Lamb(epsilon=1e-6)
    assert optimizer.name == "lamb"
    check_config_round_trip(optimizer)
