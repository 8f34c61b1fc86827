"""Run an optimizer for several steps and compare with a float64 NumPy reference.

A reference is ``update(state, gradient, weight, learning_rate, step) -> new_weight`` for one
variable (``state`` is a dict it keeps between steps, ``step`` counts from 1); ``drive``
adds the machinery every optimizer shares (clipping, weight decay, gradient accumulation,
EMA, schedules) the way Keras 3 does.
"""

from __future__ import annotations

import numpy as np

import unison
from unison import ops

RTOL, ATOL = 2e-4, 2e-5
STEPS = 6

# name -> (optimizer keyword arguments, reference options)
OPTIONS = {
    "plain": ({}, {}),
    "clipnorm": ({"clipnorm": 0.5}, {"clipnorm": 0.5}),
    "clipvalue": ({"clipvalue": 0.3}, {"clipvalue": 0.3}),
    "global_clipnorm": ({"global_clipnorm": 0.7}, {"global_clipnorm": 0.7}),
    "weight_decay": ({"weight_decay": 0.2}, {"weight_decay": 0.2}),
    "ema": ({"use_ema": True, "ema_momentum": 0.8}, {"ema_momentum": 0.8}),
    "accumulation": ({"gradient_accumulation_steps": 2}, {"accumulation": 2}),
    "schedule": ("schedule", {"schedule": True}),
}


def option_params():
    return list(OPTIONS)


def schedule():
    return unison.optimizers.schedules.ExponentialDecay(0.05, decay_steps=2, decay_rate=0.5)


def schedule_reference(iteration: int) -> float:
    return 0.05 * 0.5 ** (iteration / 2)


def make_data(seed: int = 0, shapes=((3, 4), (4,)), scale: float = 1.0):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=shape).astype("float32") for shape in shapes]
    grads = [
        [(rng.normal(size=shape) * scale).astype("float32") for shape in shapes]
        for _ in range(STEPS)
    ]
    return weights, grads


def run(optimizer, weights, grads):
    """Apply ``grads`` step by step on the active backend; returns weights and EMA values."""
    variables = [unison.Variable(w, name=f"w{i}") for i, w in enumerate(weights)]
    for step_grads in grads:
        optimizer.apply([ops.convert_to_tensor(g) for g in step_grads], variables)
    averages = None
    if optimizer.use_ema:
        averages = [optimizer._ema[i].numpy() for i in range(len(variables))]
    return [v.numpy() for v in variables], averages


def drive(update, weights, grads, learning_rate=0.01, **options):
    """The float64 reference for ``update`` with the shared optimizer options."""
    weights = [np.asarray(w, dtype="float64") for w in weights]
    states = [{} for _ in weights]
    averages = [np.zeros_like(w) for w in weights]
    accumulators = [np.zeros_like(w) for w in weights]
    accumulation = options.get("accumulation")
    for t, step_grads in enumerate(grads):
        step_grads = [np.asarray(g, dtype="float64") for g in step_grads]
        rate = schedule_reference(t) if options.get("schedule") else learning_rate
        apply_now = True
        if accumulation:
            accumulators = [a + g for a, g in zip(accumulators, step_grads, strict=False)]
            apply_now = (t + 1) % accumulation == 0
            if apply_now:
                step_grads = [a / accumulation for a in accumulators]
                accumulators = [np.zeros_like(a) for a in accumulators]
        if apply_now:
            if options.get("clipnorm"):
                limit = options["clipnorm"]
                step_grads = [g * limit / max(np.sqrt(np.sum(g**2)), limit) for g in step_grads]
            if options.get("global_clipnorm"):
                limit = options["global_clipnorm"]
                norm = np.sqrt(sum(np.sum(g**2) for g in step_grads))
                step_grads = [g * limit / max(norm, limit) for g in step_grads]
            if options.get("clipvalue"):
                limit = options["clipvalue"]
                step_grads = [np.clip(g, -limit, limit) for g in step_grads]
            if options.get("weight_decay"):
                weights = [w - w * rate * options["weight_decay"] for w in weights]
            weights = [
                update(state, g, w, rate, t + 1)
                for state, g, w in zip(states, step_grads, weights, strict=False)
            ]
        if options.get("ema_momentum") is not None:
            momentum = 0.0 if t == 0 else options["ema_momentum"]
            averages = [
                momentum * a + (1 - momentum) * w for a, w in zip(averages, weights, strict=False)
            ]
    return weights, averages


def check(make, update, option, learning_rate=0.01, seed=0, shapes=((3, 4), (4,)), scale=1.0):
    """Run ``make(**kwargs)`` with ``option`` on the active backend against the reference."""
    kwargs, reference_options = OPTIONS[option]
    if kwargs == "schedule":
        kwargs = {"learning_rate": schedule()}
    else:
        kwargs = {"learning_rate": learning_rate, **kwargs}
    weights, grads = make_data(seed, shapes, scale)
    optimizer = make(**kwargs)
    got, got_averages = run(optimizer, weights, grads)
    expected, expected_averages = drive(update, weights, grads, learning_rate, **reference_options)
    for actual, wanted in zip(got, expected, strict=False):
        np.testing.assert_allclose(actual, wanted, rtol=RTOL, atol=ATOL)
    if got_averages is not None:
        for actual, wanted in zip(got_averages, expected_averages, strict=False):
            np.testing.assert_allclose(actual, wanted, rtol=RTOL, atol=ATOL)
    assert int(optimizer.iterations.numpy()) == STEPS
    return optimizer


def check_config_round_trip(optimizer):
    """``from_config(get_config())`` and serialize / deserialize rebuild the same config."""
    config = optimizer.get_config()
    rebuilt = type(optimizer).from_config(config)
    assert rebuilt.get_config() == config
    again = unison.optimizers.deserialize(unison.optimizers.serialize(optimizer))
    assert type(again) is type(optimizer)
    assert again.get_config() == config
