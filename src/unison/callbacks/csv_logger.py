"""``CSVLogger``: one CSV row of metrics per epoch."""

from __future__ import annotations

import collections.abc
import csv
import os

import numpy as np

from unison.callbacks.callback import Callback


def _format(value):
    if isinstance(value, str):
        return value
    if isinstance(value, collections.abc.Iterable) and not np.ndim(value) == 0:
        return f'"[{", ".join(str(v) for v in np.ravel(value))}]"'
    return value


class CSVLogger(Callback):
    """Write ``epoch`` and every log value to ``filename`` (``append`` continues a file).

    Example:
        >>> model.fit(x, y, epochs=5, callbacks=[unison.callbacks.CSVLogger("log.csv")])
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.sep = separator
        self.filename = os.fspath(filename)
        self.append = append
        self.writer = None
        self.keys = None
        self.append_header = True
        self.csv_file = None

    def on_train_begin(self, logs=None):
        if self.append:
            if os.path.exists(self.filename):
                with open(self.filename) as existing:
                    self.append_header = not bool(existing.readline().strip())
            mode = "a"
        else:
            mode = "w"
        directory = os.path.dirname(self.filename)
        if directory:
            os.makedirs(directory, exist_ok=True)
        self.csv_file = open(self.filename, mode, newline="")  # noqa: SIM115
        self.writer = None
        self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        logs = dict(logs or {})
        if self.keys is None:
            self.keys = sorted(logs)
            # In validation-less epochs (validation_freq), keep the val_ columns.
            val_keys = [k for k in self.keys if k.startswith("val_")]
            if not val_keys and self.model is not None and self.params.get("do_validation"):
                self.keys += [f"val_{k}" for k in self.keys]
        if self.writer is None:
            fieldnames = ["epoch", *self.keys]

            class _Dialect(csv.excel):
                delimiter = self.sep

            self.writer = csv.DictWriter(self.csv_file, fieldnames=fieldnames, dialect=_Dialect)
            if self.append_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _format(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file is not None:
            self.csv_file.close()
        self.writer = None
