"""``LearningRateScheduler``: set the learning rate at the start of every epoch."""

from __future__ import annotations

import numpy as np

from unison.callbacks.callback import Callback


class LearningRateScheduler(Callback):
    """``schedule(epoch, learning_rate) -> new_rate`` (or ``schedule(epoch)``), a float.

    Example:
        >>> def schedule(epoch, rate):
        ...     return rate if epoch < 10 else rate * 0.9
        >>> model.fit(x, y, epochs=20, callbacks=[
        ...     unison.callbacks.LearningRateScheduler(schedule)])
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule = schedule
        self.verbose = verbose

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError("The optimizer must have a `learning_rate` attribute.")
        try:
            rate = self.schedule(epoch, float(np.asarray(optimizer.learning_rate)))
        except TypeError:  # the one-argument form schedule(epoch)
            rate = self.schedule(epoch)
        if not isinstance(rate, (float, np.floating)):
            raise ValueError(
                f"The schedule function must return a float; received {rate!r} "
                f"({type(rate).__name__})."
            )
        optimizer.learning_rate = float(rate)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to {rate}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(np.asarray(self.model.optimizer.learning_rate))
