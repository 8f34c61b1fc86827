"""``PyDataset``: a Python dataset of batches, loaded in parallel by worker threads."""

from __future__ import annotations

from typing import Any


class PyDataset:
    """Subclass it and implement ``__getitem__(index)`` (a batch: ``x``, ``(x, y)`` or
    ``(x, y, sample_weight)``) and ``__len__`` (the number of batches), optionally
    ``on_epoch_begin`` / ``on_epoch_end``.

    Args:
        workers: how many threads load batches ahead of the training step (1: in order, on
            a single background thread; 0 or 1 with ``use_multiprocessing=False`` is fine).
        use_multiprocessing: accepted for Keras compatibility; batches are loaded by threads
            (no process pool), which suits I/O-bound loading and GIL-releasing NumPy work.
        max_queue_size: at most this many batches are loaded ahead.

    Example:
        >>> class Batches(unison.utils.PyDataset):
        ...     def __init__(self, x, y, batch_size, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x, self.y, self.batch_size = x, y, batch_size
        ...     def __len__(self):
        ...         return -(-len(self.x) // self.batch_size)
        ...     def __getitem__(self, index):
        ...         part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        ...         return self.x[part], self.y[part]
        >>> model.fit(Batches(x, y, 32, workers=4), epochs=3)
    """

    def __init__(
        self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10
    ):
        if not isinstance(workers, int) or workers < 0:
            raise ValueError(f"workers must be an int >= 0; received {workers!r}.")
        if not isinstance(max_queue_size, int) or max_queue_size < 1:
            raise ValueError(f"max_queue_size must be an int >= 1; received {max_queue_size!r}.")
        self._workers = workers
        self._use_multiprocessing = bool(use_multiprocessing)
        self._max_queue_size = max_queue_size

    def _check_super_called(self) -> None:
        if not hasattr(self, "_workers"):
            raise RuntimeError(
                f"{type(self).__name__}.__init__ must call super().__init__(**kwargs) so that "
                f"workers / use_multiprocessing / max_queue_size are set."
            )

    @property
    def workers(self) -> int:
        self._check_super_called()
        return self._workers

    @workers.setter
    def workers(self, value: int) -> None:
        self._workers = value

    @property
    def use_multiprocessing(self) -> bool:
        self._check_super_called()
        return self._use_multiprocessing

    @use_multiprocessing.setter
    def use_multiprocessing(self, value: bool) -> None:
        self._use_multiprocessing = value

    @property
    def max_queue_size(self) -> int:
        self._check_super_called()
        return self._max_queue_size

    @max_queue_size.setter
    def max_queue_size(self, value: int) -> None:
        self._max_queue_size = value

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(f"{type(self).__name__} must implement __getitem__(index).")

    @property
    def num_batches(self) -> int | None:
        """``len(self)`` when defined, else ``None`` (an endless dataset)."""
        if type(self).__len__ is PyDataset.__len__:
            return None
        return len(self)

    def __len__(self) -> int:
        raise NotImplementedError(
            f"{type(self).__name__} must implement __len__ (or override num_batches to return "
            f"None for an endless dataset)."
        )

    def on_epoch_begin(self) -> None:
        """Called before each epoch's first batch."""

    def on_epoch_end(self) -> None:
        """Called after each epoch's last batch (shuffle here, for instance)."""
