import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params


def _rms(x):
    return np.sqrt(np.mean(x**2))


def reference(decay=-0.8, epsilon_1=1e-30, epsilon_2=1e-3, clip_threshold=1.0, relative=True):
    def update(state, g, w, lr, step):
        if relative and not state.get("scheduled"):
            lr = min(lr, 1 / np.sqrt(step))
        rho = min(lr, 1 / np.sqrt(step))
        alpha = max(epsilon_2, _rms(w)) * rho
        squared = g**2 + epsilon_1
        beta_2 = 1 - step**decay
        if w.ndim >= 2:
            state["r"] = beta_2 * state.get("r", 0.0) + (1 - beta_2) * squared.mean(-1)
            state["c"] = beta_2 * state.get("c", 0.0) + (1 - beta_2) * squared.mean(-2)
            r = state["r"] / state["r"].mean(-1, keepdims=True)
            v = r[..., None] * state["c"][..., None, :]
        else:
            v = state["v"] = beta_2 * state.get("v", 0.0) + (1 - beta_2) * squared
        u = g / np.sqrt(v)
        u = u / max(1.0, _rms(u) / clip_threshold)
        return w - alpha * u

    return update


@pytest.mark.parametrize("option", [o for o in option_params() if o != "schedule"])
def test_adafactor_matches_reference(training_backend, option):
    check(unison.optimizers.Adafactor, reference(), option, learning_rate=0.05)


def test_adafactor_schedule_skips_relative_step(training_backend):
    base = reference()

    def update(state, g, w, lr, step):
        state["scheduled"] = True
        return base(state, g, w, lr, step)

    check(unison.optimizers.Adafactor, update, "schedule")


def test_adafactor_rank_three(training_backend):
    check(
        unison.optimizers.Adafactor,
        reference(),
        "plain",
        learning_rate=0.05,
        shapes=((2, 3, 4), (5,)),
    )


def test_adafactor_slots_and_config(training_backend):
    optimizer = unison.optimizers.Adafactor(clip_threshold=2.0)
    assert optimizer.name == "adafactor"
    kernel = unison.Variable(np.ones((2, 3), "float32"), name="kernel")
    bias = unison.Variable(np.ones((3,), "float32"), name="bias")
    optimizer.build([kernel, bias])
    shapes = [tuple(v.shape) for v in optimizer.variables[2:]]
    assert shapes == [(2,), (3,), (2, 3), (3,)]
    check_config_round_trip(optimizer)
