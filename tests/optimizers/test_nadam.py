import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    def update(state, g, w, lr, step):
        u_t = beta_1 * (1 - 0.5 * 0.96**step)
        u_next = beta_1 * (1 - 0.5 * 0.96 ** (step + 1))
        state["product"] = state.get("product", 1.0) * u_t
        product = state["product"]
        state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        state["v"] = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        m_hat = u_next * state["m"] / (1 - product * u_next) + (1 - u_t) * g / (1 - product)
        v_hat = state["v"] / (1 - beta_2**step)
        return w - lr * m_hat / (np.sqrt(v_hat) + epsilon)

    return update


@pytest.mark.parametrize("option", option_params())
def test_nadam_matches_reference(training_backend, option):
    check(unison.optimizers.Nadam, reference(), option)


def test_nadam_config(training_backend):
    optimizer = unison.optimizers.Nadam(beta_2=0.99)
    assert optimizer.name == "nadam"
    check_config_round_trip(optimizer)
    assert isinstance(unison.optimizers.get("nadam"), unison.optimizers.Nadam)
