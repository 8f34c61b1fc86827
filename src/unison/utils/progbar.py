"""``Progbar``: a plain-text progress bar for custom loops.

On a terminal (with interactive logging enabled) the bar redraws in place; otherwise each
update that is shown prints a new line. Metric values are averaged over the steps seen
unless named in ``stateful_metrics``.

Example:
    >>> bar = unison.utils.Progbar(target=100)
    >>> for step in range(100):
    ...     bar.update(step + 1, values=[("loss", 0.5)])
    100/100 [==============================] - 0s 10us/step - loss: 0.5000
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

import numpy as np


class Progbar:
    """A progress bar with ETA and running metric averages.

    Args:
        target: total number of steps, or ``None`` when unknown.
        width: bar width in characters.
        verbose: 0 silent, 1 a bar, 2 one line when the target is reached.
        interval: minimum seconds between two redraws.
        stateful_metrics: names whose values are shown as given (not averaged).
        stateless_metrics: names to average; all others are shown as given. Pass at most
            one of the two lists.
        unit_name: shown in the per-unit time (``"step"``, ``"sample"``...).
        stream: where to write; default ``sys.stdout`` at each write.
    """

    def __init__(
        self,
        target: int | None,
        width: int = 30,
        verbose: int = 1,
        interval: float = 0.05,
        stateful_metrics: Iterable[str] | None = None,
        stateless_metrics: Iterable[str] | None = None,
        unit_name: str = "step",
        stream: TextIO | None = None,
    ):
        if stateful_metrics is not None and stateless_metrics is not None:
            raise ValueError(
                "Progbar: pass stateful_metrics or stateless_metrics, not both (one lists "
                "the exceptions to the other's rule)."
            )
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics) if stateful_metrics is not None else None
        self.stateless_metrics = set(stateless_metrics) if stateless_metrics is not None else None
        if self.stateful_metrics is None and self.stateless_metrics is None:
            self.stateful_metrics = set()
        self._stream = stream
        self._values: dict[str, list] = {}
        self._order: list[str] = []
        self._seen_so_far = 0
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step: float | None = None
        self._previous_width = 0

    @property
    def _out(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    def _dynamic(self) -> bool:
        from unison import config

        isatty = getattr(self._out, "isatty", None)
        return bool(isatty and isatty()) and config.is_interactive_logging_enabled()

    def _averaged(self, name: str) -> bool:
        if self.stateful_metrics is not None:
            return name not in self.stateful_metrics
        return name in self.stateless_metrics

    def update(
        self, current: int, values: Iterable[tuple[str, Any]] | None = None, finalize=None
    ) -> None:
        """Move to step ``current`` and record ``values`` (pairs ``(name, value)``).

        ``finalize`` (default: ``current >= target``) marks the last update.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or []:
            if name not in self._order:
                self._order.append(name)
            value = _to_float(value)
            if self._averaged(name) and not finalize:
                weight = max(current - self._seen_so_far, 1)
                total = self._values.setdefault(name, [0.0, 0])
                total[0] += value * weight
                total[1] += weight
            else:
                self._values[name] = [value, 1]
        self._seen_so_far = current
        now = time.time()
        per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if not finalize and now - self._last_update < self.interval:
                return
            self._draw_bar(current, now, per_unit, finalize)
        elif self.verbose == 2 and finalize:
            line = self._counter(current) if self.target else f"{current}"
            line += f" - {now - self._start:.0f}s -{_format_time(per_unit, self.unit_name)}"
            line += self._metrics_text()
            self._write(line + "\n")
        self._last_update = now

    def add(self, n: int, values: Iterable[tuple[str, Any]] | None = None) -> None:
        """Advance by ``n`` steps (see :meth:`update`)."""
        self.update(self._seen_so_far + n, values)

    # -- drawing ------------------------------------------------------------------------
    def _counter(self, current: int) -> str:
        digits = int(math.log10(self.target)) + 1
        return f"{current:>{digits}d}/{self.target}"

    def _draw_bar(self, current: int, now: float, per_unit: float, finalize: bool) -> None:
        if self.target is not None and self.target > 0:
            filled = min(int(self.width * current / self.target), self.width)
            arrow = ">" if 0 < filled < self.width else ""
            bar = "=" * max(filled - len(arrow), 0) + arrow
            head = f"{self._counter(current)} [{bar.ljust(self.width, '.')}]"
        else:
            head = f"{current:7d}/Unknown"
        if self.target is not None and self.target > 0 and not finalize:
            timing = f" - ETA: {_format_eta(per_unit * (self.target - current))}"
        else:
            timing = f" - {now - self._start:.0f}s"
        text = head + timing + _format_time(per_unit, self.unit_name) + self._metrics_text()
        if self._dynamic():
            padding = " " * max(self._previous_width - len(text), 0)
            self._write("\r" + text + padding + ("\n" if finalize else ""))
        else:
            self._write(text + "\n")
        self._previous_width = len(text)

    def _metrics_text(self) -> str:
        parts = []
        for name in self._order:
            total, count = self._values[name]
            average = total / max(count, 1)
            shown = f"{average:.4f}" if abs(average) > 1e-3 else f"{average:.4e}"
            parts.append(f" - {name}: {shown}")
        return "".join(parts)

    def _write(self, text: str) -> None:
        self._out.write(text)
        self._out.flush()

    def _step_duration(self, current: int, now: float) -> float:
        if not current:
            return 0.0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _to_float(value: Any) -> float:
    try:
        return float(np.mean(np.asarray(value, dtype="float64")))
    except (TypeError, ValueError):
        from unison import ops

        return float(np.mean(ops.convert_to_numpy(value)))


def _format_time(per_unit: float, unit_name: str) -> str:
    if per_unit >= 1 or per_unit == 0:
        return f" {per_unit:.0f}s/{unit_name}"
    if per_unit >= 1e-3:
        return f" {per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {per_unit * 1e6:.0f}us/{unit_name}"


def _format_eta(seconds: float) -> str:
    if seconds > 3600:
        return f"{int(seconds // 3600)}:{int(seconds % 3600 // 60):02d}:{int(seconds % 60):02d}"
    if seconds > 60:
        return f"{int(seconds // 60)}:{int(seconds % 60):02d}"
    return f"{int(seconds)}s"
