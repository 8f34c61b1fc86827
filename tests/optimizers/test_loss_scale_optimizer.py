import numpy as np
import pytest

import unison
from unison import ops


def _setup(**kwargs):
    variable = unison.Variable(np.array([1.0, 2.0], "float32"), name="w")
    inner = unison.optimizers.SGD(learning_rate=0.5)
    return variable, unison.optimizers.LossScaleOptimizer(inner, **kwargs)


def test_finite_gradients_are_unscaled(training_backend):
    variable, optimizer = _setup(initial_scale=4.0)
    optimizer.apply([ops.convert_to_tensor(np.array([4.0, 8.0], "float32"))], [variable])
    np.testing.assert_allclose(variable.numpy(), [0.5, 1.0])
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    assert int(optimizer.step_counter.numpy()) == 1
    assert int(optimizer.iterations.numpy()) == 1


def test_non_finite_gradients_skip_and_halve(training_backend):
    variable, optimizer = _setup(initial_scale=4.0)
    optimizer.apply([ops.convert_to_tensor(np.array([np.inf, 1.0], "float32"))], [variable])
    np.testing.assert_allclose(variable.numpy(), [1.0, 2.0])
    assert float(optimizer.dynamic_scale.numpy()) == 2.0
    assert int(optimizer.step_counter.numpy()) == 0
    assert int(optimizer.iterations.numpy()) == 0


def test_scale_grows_after_growth_steps(training_backend):
    variable, optimizer = _setup(initial_scale=2.0, dynamic_growth_steps=2)
    for _ in range(2):
        optimizer.apply([ops.convert_to_tensor(np.zeros(2, "float32"))], [variable])
    assert float(optimizer.dynamic_scale.numpy()) == 4.0
    assert int(optimizer.step_counter.numpy()) == 0
    scaled = optimizer.scale_loss(ops.convert_to_tensor(np.float32(1.5)))
    assert float(ops.convert_to_numpy(scaled)) == 6.0


def test_config_and_restrictions(training_backend):
    _, optimizer = _setup(initial_scale=8.0, dynamic_growth_steps=10)
    config = optimizer.get_config()
    assert config["initial_scale"] == 8.0
    assert config["inner_optimizer"]["class_name"] == "SGD"
    rebuilt = unison.optimizers.LossScaleOptimizer.from_config(config)
    assert rebuilt.get_config() == config
    assert isinstance(rebuilt.inner_optimizer, unison.optimizers.SGD)
    with pytest.raises(ValueError, match="clipnorm"):
        unison.optimizers.LossScaleOptimizer(unison.optimizers.SGD(), clipnorm=1.0)
    with pytest.raises(ValueError, match="dynamic"):
        unison.optimizers.LossScaleOptimizer(unison.optimizers.SGD(), dynamic=False)
    assert len(optimizer.variables) == 2 + 2  # iteration, learning_rate + inner's two
