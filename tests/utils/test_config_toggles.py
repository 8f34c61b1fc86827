"""unison.config switches: max epochs / steps, interactive logging, and state-only flags."""

import io
import warnings

import numpy as np
import pytest
from rich.console import Console

import unison
from unison import config


@pytest.fixture
def restore_config():
    yield
    config.set_max_epochs(None)
    config.set_max_steps_per_epoch(None)
    config.enable_interactive_logging()
    config.enable_traceback_filtering()
    config._flash_attention = None


def _model():
    model = unison.Sequential([unison.Input((2,)), unison.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


class _CountBatches(unison.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.train, self.test, self.predict = 0, 0, 0

    def on_train_batch_end(self, batch, logs=None):
        self.train += 1

    def on_test_batch_end(self, batch, logs=None):
        self.test += 1

    def on_predict_batch_end(self, batch, logs=None):
        self.predict += 1


def test_max_epochs_and_steps_cap_fit(training_backend, restore_config):
    x, y = np.ones((40, 2), "float32"), np.ones((40, 1), "float32")
    config.set_max_epochs(2)
    config.set_max_steps_per_epoch(3)
    counter = _CountBatches()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = _model().fit(x, y, batch_size=4, epochs=10, verbose=0, callbacks=[counter])
    assert len(history.history["loss"]) == 2
    assert counter.train == 6


def test_max_steps_caps_evaluate_and_predict(training_backend, restore_config):
    x, y = np.ones((40, 2), "float32"), np.ones((40, 1), "float32")
    model = _model()
    config.set_max_steps_per_epoch(2)
    counter = _CountBatches()
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 2"):
        model.evaluate(x, y, batch_size=4, verbose=0, callbacks=[counter])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        predictions = model.predict(x, batch_size=4, verbose=0, callbacks=[counter])
    assert counter.test == 2 and counter.predict == 2
    assert predictions.shape == (8, 1)


def test_limit_setters_validate(restore_config):
    assert config.max_epochs() is None and config.max_steps_per_epoch() is None
    config.set_max_epochs(5)
    assert config.max_epochs() == 5
    with pytest.raises(ValueError, match="max_epochs"):
        config.set_max_epochs(0)
    with pytest.raises(ValueError, match="max_steps_per_epoch"):
        config.set_max_steps_per_epoch("3")


def _fit_output(training_backend) -> str:
    stream = io.StringIO()
    logger = unison.callbacks.ProgbarLogger(
        console=Console(file=stream, force_terminal=True, width=200)
    )
    logger.interval = 0.0
    x, y = np.ones((16, 2), "float32"), np.ones((16, 1), "float32")
    _model().fit(x, y, batch_size=4, epochs=1, verbose=1, callbacks=[logger])
    return stream.getvalue()


def test_disabling_interactive_logging_prints_plain_lines(training_backend, restore_config):
    assert config.is_interactive_logging_enabled()
    assert "\r" in _fit_output(training_backend)
    config.disable_interactive_logging()
    assert not config.is_interactive_logging_enabled()
    assert unison.utils.is_interactive_logging_enabled() is False
    output = _fit_output(training_backend)
    assert "\r" not in output
    assert output.startswith("Epoch 1/1\n") and "4/4" in output


def test_state_only_flags(restore_config):
    assert config.is_traceback_filtering_enabled() is True
    config.disable_traceback_filtering()
    assert config.is_traceback_filtering_enabled() is False
    assert config.is_flash_attention_enabled() is None
    config.enable_flash_attention()
    assert config.is_flash_attention_enabled() is True
    config.disable_flash_attention()
    assert config.is_flash_attention_enabled() is False
    assert config.is_nnx_enabled() is False
