import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, option_params

A, B, C = 3.4445, -4.7750, 2.0315


def newton_schulz(x, steps=5):
    tall = x.shape[-2] > x.shape[-1]
    if tall:
        x = np.swapaxes(x, -1, -2)
    x = x / (np.linalg.norm(x) + 1e-7)
    for _ in range(steps):
        gram = x @ np.swapaxes(x, -1, -2)
        x = A * x + (B * gram + C * gram @ gram) @ x
    return np.swapaxes(x, -1, -2) if tall else x


def reference(momentum=0.95, nesterov=True, rms_rate=0.2, beta_1=0.9, beta_2=0.999, eps=1e-7):
    def update(state, g, w, lr, step):
        if w.ndim == 2:
            m = state["m"] = momentum * state.get("m", 0.0) + g
            direction = g + momentum * m if nesterov else m
            change = lr * newton_schulz(direction)
            return w - change * np.sqrt(max(change.shape[0], change.shape[1])) * rms_rate
        alpha = lr * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
        state["m"] = state.get("m", 0.0) + (g - state.get("m", 0.0)) * (1 - beta_1)
        state["v"] = state.get("v", 0.0) + (g**2 - state.get("v", 0.0)) * (1 - beta_2)
        return w - state["m"] * alpha / (np.sqrt(state["v"]) + eps)

    return update


@pytest.mark.parametrize("option", [o for o in option_params() if o != "weight_decay"])
def test_muon_matches_reference(training_backend, option):
    def make(**kwargs):
        return unison.optimizers.Muon(weight_decay=None, adam_weight_decay=None, **kwargs)

    check(make, reference(), option, learning_rate=0.02)


@pytest.mark.parametrize("shapes", [((3, 4), (4,)), ((5, 2), (2,))])
def test_muon_default_weight_decay(training_backend, shapes):
    # Muon decays both branches (0.004 each by default), before the update.
    base = reference()

    def update(state, g, w, lr, step):
        return base(state, g, w - w * lr * 0.004, lr, step)

    check(unison.optimizers.Muon, update, "plain", learning_rate=0.02, shapes=shapes)


def test_muon_without_nesterov(training_backend):
    def make(**kwargs):
        return unison.optimizers.Muon(
            nesterov=False, weight_decay=None, adam_weight_decay=None, **kwargs
        )

    check(make, reference(nesterov=False), "plain", learning_rate=0.02)


def test_muon_slots_and_config(training_backend):
    optimizer = unison.optimizers.Muon(exclude_layers=["head"])
    assert optimizer.name == "muon"
    kernel = unison.Variable(np.ones((2, 3), "float32"), name="kernel")
    head = unison.Variable(np.ones((2, 3), "float32"), name="head_kernel")
    bias = unison.Variable(np.ones((3,), "float32"), name="bias")
    optimizer.build([kernel, head, bias])
    names = [v.name for v in optimizer.variables[2:]]
    assert names == [
        "kernel_momentum",
        "head_kernel_momentum",
        "head_kernel_velocity",
        "bias_momentum",
        "bias_velocity",
    ]
    config = optimizer.get_config()
    assert config["exclude_layers"] == ["head"]
    check_config_round_trip(optimizer)
