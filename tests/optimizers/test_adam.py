"""Adam, AdamW and SGD against float64 NumPy references of their formulas.

Adam runs through the backend's fused kernel where one exists (torch multi-tensor, TensorFlow
``ResourceApplyAdam``) and through the generic ``update_step`` otherwise (amsgrad, stateless
scopes, jax); every path is checked against the same reference.
"""

import numpy as np
import pytest

import unison
from tests.optimizers.harness import check, check_config_round_trip, drive, option_params, run
from unison.state.variable import stateless_scope


def adam_reference(beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False):
    def update(state, g, w, lr, step):
        state["m"] = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
        state["v"] = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g * g
        v = state["v"]
        if amsgrad:
            state["v_hat"] = np.maximum(state.get("v_hat", 0.0), v)
            v = state["v_hat"]
        alpha = lr * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
        return w - alpha * state["m"] / (np.sqrt(v) + epsilon)

    return update


def sgd_reference(momentum=0.0, nesterov=False):
    def update(state, g, w, lr, step):
        if not momentum:
            return w - lr * g
        state["velocity"] = momentum * state.get("velocity", 0.0) - lr * g
        if nesterov:
            return w + momentum * state["velocity"] - lr * g
        return w + state["velocity"]

    return update


@pytest.mark.parametrize("option", option_params())
def test_adam_matches_reference(training_backend, option):
    check(unison.optimizers.Adam, adam_reference(), option)


def test_adam_hyperparameters_and_amsgrad(training_backend):
    def make(**kwargs):
        return unison.optimizers.Adam(beta_1=0.8, beta_2=0.95, epsilon=1e-3, **kwargs)

    check(make, adam_reference(beta_1=0.8, beta_2=0.95, epsilon=1e-3), "plain")

    def make_amsgrad(**kwargs):
        return unison.optimizers.Adam(amsgrad=True, **kwargs)

    check(make_amsgrad, adam_reference(amsgrad=True), "plain", scale=3.0)


def test_adam_fused_and_generic_paths_agree(training_backend):
    """The fused kernel (outside a stateless scope) and ``update_step`` (inside one)."""
    rng = np.random.default_rng(3)
    weights = [rng.normal(size=(5, 3)).astype("float32"), rng.normal(size=(3,)).astype("float32")]
    grads = [[rng.normal(size=w.shape).astype("float32") for w in weights] for _ in range(4)]
    fused, _ = run(unison.optimizers.Adam(learning_rate=0.05), weights, grads)

    optimizer = unison.optimizers.Adam(learning_rate=0.05)
    variables = [unison.Variable(w) for w in weights]
    optimizer.build(variables)
    state = [*variables, *optimizer.variables]
    for step_grads in grads:
        with stateless_scope() as scope:
            optimizer.apply([unison.ops.convert_to_tensor(g) for g in step_grads], variables)
        for variable in state:
            if scope.get(variable) is not None:
                variable.assign(scope.get(variable))
    for got, wanted in zip([v.numpy() for v in variables], fused):
        np.testing.assert_allclose(got, wanted, rtol=1e-5, atol=1e-6)


def test_torch_fused_adam_device_path_matches_host_path(monkeypatch):
    """On an accelerator the step size stays a tensor; force that path on the CPU."""
    pytest.importorskip("torch")
    from unison.backends.torch import trainer

    with unison.backend.use("torch"):
        rng = np.random.default_rng(4)
        weights = [rng.normal(size=(4, 2)).astype("float32"), rng.normal(size=(2,)).astype("f4")]
        grads = [[rng.normal(size=w.shape).astype("float32") for w in weights] for _ in range(3)]
        host, _ = run(unison.optimizers.Adam(learning_rate=0.02), weights, grads)
        monkeypatch.setattr(trainer, "_host_float", lambda value: None)
        device, _ = run(unison.optimizers.Adam(learning_rate=0.02), weights, grads)
    for got, wanted in zip(device, host):
        np.testing.assert_allclose(got, wanted, rtol=1e-5, atol=1e-6)
    expected, _ = drive(adam_reference(), weights, grads, learning_rate=0.02)
    for got, wanted in zip(device, expected):
        np.testing.assert_allclose(got, wanted, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("option", option_params())
def test_adamw_matches_reference(training_backend, option):
    """AdamW: decoupled weight decay (0.004 by default) before the Adam step."""
    if option == "weight_decay":  # the harness applies the decay itself: plain Adam update
        check(unison.optimizers.AdamW, adam_reference(), option)
        return
    reference = adam_reference()

    def with_default_decay(state, g, w, lr, step):
        return reference(state, g, w - w * lr * 0.004, lr, step)

    check(unison.optimizers.AdamW, with_default_decay, option)


def test_adam_config(training_backend):
    optimizer = unison.optimizers.Adam(beta_1=0.85, amsgrad=True)
    assert optimizer.name == "adam"
    check_config_round_trip(optimizer)
    optimizer.build([unison.Variable(np.ones((2,), "float32"), name="bias")])
    names = [v.name.rsplit("_", 1)[-1] for v in optimizer.variables[2:]]
    assert names == ["momentum", "velocity", "hat"]
    check_config_round_trip(unison.optimizers.AdamW(weight_decay=0.1))


@pytest.mark.parametrize("momentum, nesterov", [(0.0, False), (0.9, False), (0.9, True)])
@pytest.mark.parametrize("option", ["plain", "clipnorm", "weight_decay", "schedule"])
def test_sgd_matches_reference(training_backend, momentum, nesterov, option):
    def make(**kwargs):
        return unison.optimizers.SGD(momentum=momentum, nesterov=nesterov, **kwargs)

    check(make, sgd_reference(momentum, nesterov), option)


def test_sgd_config_and_bad_momentum(training_backend):
    check_config_round_trip(unison.optimizers.SGD(momentum=0.5, nesterov=True))
    with pytest.raises(ValueError, match="momentum"):
        unison.optimizers.SGD(momentum=1.5)
