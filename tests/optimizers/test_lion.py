import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(beta_1=0.9, beta_2=0.99):
    def update(state, g, w, lr, step):
        m = state.get("m", 0.0)
        new_w = w - lr * np.sign(beta_1 * m + (1 - beta_1) * g)
        state["m"] = beta_2 * m + (1 - beta_2) * g
        return new_w

    return update


@pytest.mark.parametrize("option", option_params())
def test_lion_matches_reference(training_backend, option):
    check(unison.optimizers.Lion, reference(), option)


def test_lion_rejects_bad_beta(training_backend):
    with pytest.raises(ValueError, match="beta_1"):
        unison.optimizers.Lion(beta_1=0.0)


def test_lion_config(training_backend):
    optimizer = unison.optimizers.Lion(beta_1=0.95, beta_2=0.98)
    assert optimizer.name == "lion"
    check_config_round_trip(optimizer)
    optimizer.build([unison.Variable(np.ones((2,), "float32"), name="bias")])
    assert optimizer.variables[-1].name.endswith("momentum")
