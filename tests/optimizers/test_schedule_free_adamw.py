import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def reference(beta_1=0.9, beta_2=0.999, epsilon=1e-8, warmup_steps=0):
    def update(state, g, w, lr, step):
        if warmup_steps:
            lr = lr * min(step / warmup_steps, 1.0)
        z_old = state.get("z", w if step == 1 else None)
        if "z" not in state:
            z_old = state["initial"]
        state["v"] = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        denominator = np.sqrt(state["v"] / (1 - beta_2**step)) + epsilon
        z_new = state["z"] = z_old - lr * g / denominator
        weight = 1.0 / step
        x_old = (w - (1 - beta_1) * z_old) / beta_1
        x_new = (1 - weight) * x_old + weight * z_new
        return (1 - beta_1) * z_new + beta_1 * x_new

    return update


def _with_initial(update, weights_by_shape):
    def wrapped(state, g, w, lr, step):
        state.setdefault("initial", weights_by_shape[w.shape])
        return update(state, g, w, lr, step)

    return wrapped


@pytest.mark.parametrize("option", [o for o in option_params() if o != "weight_decay"])
def test_schedule_free_adamw_matches_reference(training_backend, option):
    from tests.optimizers.harness import make_data

    weights, _ = make_data(0)
    initial = {w.shape: w.astype("float64") for w in weights}
    check(unison.optimizers.ScheduleFreeAdamW, _with_initial(reference(), initial), option)


def test_schedule_free_adamw_warmup(training_backend):
    from tests.optimizers.harness import make_data

    weights, _ = make_data(0)
    initial = {w.shape: w.astype("float64") for w in weights}

    def make(**kwargs):
        return unison.optimizers.ScheduleFreeAdamW(warmup_steps=3, **kwargs)

    check(make, _with_initial(reference(warmup_steps=3), initial), "plain")


def test_schedule_free_adamw_config(training_backend):
    optimizer = unison.optimizers.ScheduleFreeAdamW(warmup_steps=10)
    assert optimizer.name == "schedule_free_adam_w"
    check_config_round_trip(optimizer)
    variable = unison.Variable(np.full((2,), 3.0, "float32"), name="bias")
    optimizer.build([variable])
    np.testing.assert_allclose(optimizer.variables[2].numpy(), [3.0, 3.0])
