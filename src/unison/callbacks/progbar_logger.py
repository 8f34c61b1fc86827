"""``ProgbarLogger``: a live progress bar with ETA and metrics (verbose=1) or one line per
epoch (verbose=2).

The bar refreshes at most every ``interval`` seconds and reads metric values only then, so
the training loop is not forced to wait for the device on every step.
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console

from unison import config
from unison.callbacks.callback import Callback


def _format_logs(logs: dict) -> str:
    parts = []
    ordered = sorted(logs.items(), key=lambda item: (item[0] != "loss", item[0].startswith("val_")))
    for key, value in ordered:
        try:
            parts.append(f"{key}: {float(value):.4f}")
        except (TypeError, ValueError):
            continue
    return " - ".join(parts)


class ProgbarLogger(Callback):
    """Progress for fit / evaluate / predict. ``count_mode`` is accepted for Keras parity."""

    def __init__(
        self, count_mode: str = "steps", interval: float = 0.1, console: Console | None = None
    ):
        super().__init__()
        self.count_mode = count_mode
        self.interval = interval
        self.verbose = 1
        self.console = console or Console(stderr=False, highlight=False)
        self._last_render = 0.0
        self._last_width = 0
        self._start = 0.0
        self._total: int | None = None
        self._epochs = 1

    def set_params(self, params: dict) -> None:
        super().set_params(params)
        self.verbose = params.get("verbose", 1)
        self._epochs = params.get("epochs", 1)

    def _begin(self, total: int | None) -> None:
        self._total = total
        self._start = time.perf_counter()
        self._last_render = 0.0

    def _render(self, step: int, logs: dict | None, final: bool = False) -> None:
        # live: redraw in place; otherwise (not a terminal, or interactive logging disabled
        # with unison.config.disable_interactive_logging) print one plain line per epoch.
        live = (
            self.verbose == 1
            and self.console.is_terminal
            and config.is_interactive_logging_enabled()
        )
        if not final and not live:
            return
        now = time.perf_counter()
        if not final and now - self._last_render < self.interval:
            return
        self._last_render = now
        elapsed = now - self._start
        if self._total:
            done = min(step, self._total)
            width = 30
            filled = int(width * done / self._total)
            bar = "━" * filled + " " * (width - filled)
            eta = elapsed / max(done, 1) * (self._total - done)
            timing = f"{elapsed:.0f}s" if final else f"ETA {eta:.0f}s"
            head = f"{done}/{self._total} {bar} {timing}"
        else:
            head = f"{step} steps {elapsed:.0f}s"
        per_step = elapsed / max(step, 1)
        unit = f"{per_step * 1e3:.0f}ms/step"
        text = f"{head} {unit} - {_format_logs(logs or {})}".rstrip(" -")
        if live:
            # redraw in place; pad so a shorter line fully covers the previous one
            padded = text.ljust(self._last_width)
            self._last_width = len(text)
            self.console.file.write("\r" + padded + ("\n" if final else ""))
            self.console.file.flush()
        elif final:
            self.console.file.write(text + "\n")

    # -- fit ------------------------------------------------------------------------------
    def on_epoch_begin(self, epoch, logs=None):
        if self.verbose:
            self.console.file.write(f"Epoch {epoch + 1}/{self._epochs}\n")
        self._begin(self.params.get("steps"))

    def on_train_batch_end(self, batch, logs=None):
        self._render(batch + 1, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.verbose:
            steps = self.params.get("steps") or 0
            self._render(steps or 1, logs, final=True)

    # -- evaluate / predict ---------------------------------------------------------------
    def on_test_begin(self, logs=None):
        if not self.params.get("in_fit"):
            self._begin(self.params.get("steps"))

    def on_test_batch_end(self, batch, logs=None):
        if not self.params.get("in_fit"):
            self._render(batch + 1, logs)

    def on_test_end(self, logs=None):
        if self.verbose and not self.params.get("in_fit"):
            self._render(self.params.get("steps") or 1, logs, final=True)

    def on_predict_begin(self, logs=None):
        self._begin(self.params.get("steps"))

    def on_predict_batch_end(self, batch, logs=None):
        self._render(batch + 1, {})

    def on_predict_end(self, logs=None):
        if self.verbose:
            self._render(self.params.get("steps") or 1, {}, final=True)


def logs_to_python(logs: dict[str, Any]) -> dict[str, float]:
    """Read metric tensors into floats (one device sync per call)."""
    result = {}
    for key, value in logs.items():
        try:
            result[key] = float(value)
        except (TypeError, ValueError):
            result[key] = value
    return result
