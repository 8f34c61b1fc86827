"""Callbacks (``keras.callbacks``)."""

from unison.callbacks.callback import Callback, CallbackList
from unison.callbacks.history import History
from unison.callbacks.progbar_logger import ProgbarLogger
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.callbacks", "unison.callbacks")

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]
