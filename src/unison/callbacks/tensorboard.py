"""``TensorBoard``: write training curves (and weight histograms) for TensorBoard.

Event files are written directly (see ``tensorboard_events``); TensorFlow is not needed.
"""

from __future__ import annotations

import os
import time

import numpy as np

from unison.callbacks.callback import Callback
from unison.callbacks.tensorboard_events import EventFileWriter


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


class TensorBoard(Callback):
    """Log ``epoch_<metric>`` scalars under ``log_dir/train`` and ``log_dir/validation``.

    ``update_freq="batch"`` or an int also logs ``batch_<metric>`` every so many batches;
    ``histogram_freq=N`` logs a histogram of every weight each N epochs;
    ``write_steps_per_second`` logs the training speed. ``write_graph`` is accepted but no
    graph is written (there is no TensorFlow graph to show).

    Example:
        >>> board = unison.callbacks.TensorBoard(log_dir="logs", histogram_freq=1)
        >>> model.fit(x, y, epochs=5, validation_split=0.2, callbacks=[board])
    """

    def __init__(
        self,
        log_dir="logs",
        histogram_freq=0,
        write_graph=True,
        write_images=False,
        write_steps_per_second=False,
        update_freq="epoch",
        profile_batch=0,
        embeddings_freq=0,
        embeddings_metadata=None,
    ):
        super().__init__()
        if write_images:
            raise NotImplementedError(
                "TensorBoard(write_images=True) is not supported: weight images are not "
                "written by this implementation."
            )
        if profile_batch:
            raise NotImplementedError(
                "TensorBoard(profile_batch=...) is not supported: use the framework's own profiler."
            )
        if embeddings_freq:
            raise NotImplementedError("TensorBoard(embeddings_freq=...) is not supported.")
        if update_freq != "epoch" and update_freq != "batch" and not isinstance(update_freq, int):
            raise ValueError(
                f"update_freq must be 'epoch', 'batch' or an int; received {update_freq!r}."
            )
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        self.profile_batch = profile_batch
        self.embeddings_freq = embeddings_freq
        self.embeddings_metadata = embeddings_metadata
        self._writers: dict[str, EventFileWriter] = {}
        self._global_train_batch = 0
        self._epoch_start = 0.0
        self._epoch_batches = 0

    # -- writers ----------------------------------------------------------------------------
    def _writer(self, kind: str) -> EventFileWriter:
        if kind not in self._writers:
            self._writers[kind] = EventFileWriter(os.path.join(self.log_dir, kind))
        return self._writers[kind]

    @property
    def _train_dir(self) -> str:
        return os.path.join(self.log_dir, "train")

    @property
    def _val_dir(self) -> str:
        return os.path.join(self.log_dir, "validation")

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # -- hooks ------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._global_train_batch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.perf_counter()
        self._epoch_batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self._global_train_batch += 1
        self._epoch_batches += 1
        if self.update_freq == "epoch" or self._global_train_batch % self.update_freq:
            return
        writer = self._writer("train")
        for name, value in (logs or {}).items():
            number = _number(value)
            if number is not None:
                writer.add_scalar(f"batch_{name}", number, self._global_train_batch)
        writer.flush()

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if not self.params.get("in_fit") or optimizer is None:
            return
        step = int(np.asarray(optimizer.iterations))
        writer = self._writer("validation")
        for name, value in (logs or {}).items():
            number = _number(value)
            if number is not None:
                writer.add_scalar(f"evaluation_{name}_vs_iterations", number, step)
        writer.flush()

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and "learning_rate" not in train_logs:
            train_logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        if self.write_steps_per_second:
            elapsed = time.perf_counter() - self._epoch_start
            train_logs["steps_per_second"] = self._epoch_batches / max(elapsed, 1e-9)
        for kind, values in (("train", train_logs), ("validation", val_logs)):
            if not values:
                continue
            writer = self._writer(kind)
            for name, value in values.items():
                number = _number(value)
                if number is not None:
                    writer.add_scalar(f"epoch_{name}", number, epoch)
            writer.flush()
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)

    def _log_weights(self, epoch) -> None:
        writer = self._writer("train")
        for layer in self.model.layers:
            for weight in layer.weights:
                name = weight.name.replace(":", "_")
                writer.add_histogram(f"{layer.name}/{name}/histogram", weight.numpy(), epoch)
        writer.flush()

    def on_train_end(self, logs=None):
        self._close_writers()
