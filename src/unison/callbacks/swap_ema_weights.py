"""``SwapEMAWeights``: evaluate and predict with the optimizer's moving-average weights."""

from __future__ import annotations

import numpy as np

from unison.callbacks.callback import Callback


class SwapEMAWeights(Callback):
    """Swap the model weights with the optimizer's EMA (``use_ema=True``) around
    evaluation and prediction; with ``swap_on_epoch=True`` also at epoch ends, so
    checkpoints written then hold the averages.

    Example:
        >>> model.compile(optimizer=unison.optimizers.SGD(use_ema=True), loss="mse")
        >>> model.fit(x, y, validation_data=(vx, vy),
        ...           callbacks=[unison.callbacks.SwapEMAWeights()])
    """

    def __init__(self, swap_on_epoch=False):
        super().__init__()
        self.swap_on_epoch = swap_on_epoch
        self._ema_weights_in_model = False

    def _optimizer(self):
        optimizer = self.model.optimizer
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if not getattr(optimizer, "use_ema", False) or not hasattr(optimizer, "_ema"):
            raise ValueError(
                "SwapEMAWeights needs an optimizer built with use_ema=True; received "
                f"use_ema={getattr(optimizer, 'use_ema', None)}."
            )
        return optimizer

    def _pairs(self):
        optimizer = self._optimizer()
        return list(zip(optimizer._trainable_variables, optimizer._ema, strict=False))

    def _swap_variables(self):
        for variable, average in self._pairs():
            current = np.array(variable.numpy())
            variable.assign(average.value)
            average.assign(current)

    def _finalize_ema_values(self):
        for variable, average in self._pairs():
            average.assign(variable.value)

    def on_epoch_begin(self, epoch, logs=None):
        if self.swap_on_epoch and self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_epoch_end(self, epoch, logs=None):
        if self.swap_on_epoch and not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True
            if epoch == self.params.get("epochs", 0) - 1:
                self._finalize_ema_values()

    def on_test_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_test_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False

    def on_predict_begin(self, logs=None):
        if not self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = True

    def on_predict_end(self, logs=None):
        if self._ema_weights_in_model:
            self._swap_variables()
            self._ema_weights_in_model = False
