"""Python generators and iterables yielding ``x``, ``(x, y)`` or ``(x, y, sample_weight)``."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any


def unpack_x_y_sample_weight(data: Any) -> tuple:
    """Split one batch into ``(x, y, sample_weight)`` following Keras's tuple convention."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data
    raise ValueError(
        f"Data should be x, (x,), (x, y) or (x, y, sample_weight); received a tuple of "
        f"length {len(data)}."
    )


class GeneratorAdapter:
    """Batches from a generator (consumed once) or a re-iterable object (one pass per epoch)."""

    def __init__(self, source: Any, steps: int | None = None):
        self.source = source
        self.steps = steps
        self._iterator = None
        self._reiterable = not hasattr(source, "__next__")

    @property
    def num_batches(self) -> int | None:
        if self.steps is not None:
            return self.steps
        if hasattr(self.source, "__len__"):
            return len(self.source)
        return None

    def __iter__(self) -> Iterator[tuple]:
        if self._reiterable:
            iterator = iter(self.source)
        else:
            if self._iterator is None:
                self._iterator = self.source
            iterator = self._iterator
        if self.steps is not None:
            iterator = itertools.islice(iterator, self.steps)
        for batch in iterator:
            yield unpack_x_y_sample_weight(batch)
