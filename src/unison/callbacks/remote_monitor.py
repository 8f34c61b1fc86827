"""``RemoteMonitor``: send epoch logs to a server as HTTP POST requests."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import warnings

import numpy as np

from unison.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """POST ``{"epoch": ..., <logs>}`` to ``root + path`` at each epoch end, as the form
    field ``field`` (or as a JSON body with ``send_as_json=True``).

    Example:
        >>> monitor = unison.callbacks.RemoteMonitor(root="http://localhost:9000")
    """

    def __init__(
        self,
        root="http://localhost:9000",
        path="/publish/epoch/end/",
        field="data",
        headers=None,
        send_as_json=False,
    ):
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json

    def on_epoch_end(self, epoch, logs=None):
        payload = {"epoch": epoch}
        for key, value in (logs or {}).items():
            payload[key] = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = json.dumps(payload).encode()
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: json.dumps(payload)}).encode()
        request = urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10):
                pass
        except OSError:
            warnings.warn(f"RemoteMonitor could not reach the server at {self.root}.", stacklevel=2)
