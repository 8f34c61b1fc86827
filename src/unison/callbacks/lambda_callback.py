"""``LambdaCallback``: a callback built from plain functions."""

from __future__ import annotations

from unison.callbacks.callback import Callback

_EXTRA_HOOKS = (
    "on_train_batch_begin",
    "on_train_batch_end",
    "on_test_begin",
    "on_test_end",
    "on_test_batch_begin",
    "on_test_batch_end",
    "on_predict_begin",
    "on_predict_end",
    "on_predict_batch_begin",
    "on_predict_batch_end",
)


class LambdaCallback(Callback):
    """Hooks from functions: ``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)``,
    ``on_train_begin(logs)``, ``on_train_end(logs)``, ``on_train_batch_begin(batch, logs)``,
    ``on_train_batch_end(batch, logs)``, and the other ``on_*`` hooks as keyword arguments.

    Example:
        >>> log = unison.callbacks.LambdaCallback(
        ...     on_epoch_end=lambda epoch, logs: print(epoch, logs["loss"]))
    """

    def __init__(
        self,
        on_epoch_begin=None,
        on_epoch_end=None,
        on_train_begin=None,
        on_train_end=None,
        on_train_batch_begin=None,
        on_train_batch_end=None,
        **kwargs,
    ):
        super().__init__()
        unknown = sorted(set(kwargs) - set(_EXTRA_HOOKS))
        if unknown:
            raise TypeError(f"LambdaCallback got unexpected arguments: {unknown}.")
        hooks = {
            "on_epoch_begin": on_epoch_begin,
            "on_epoch_end": on_epoch_end,
            "on_train_begin": on_train_begin,
            "on_train_end": on_train_end,
            "on_train_batch_begin": on_train_batch_begin,
            "on_train_batch_end": on_train_batch_end,
            **kwargs,
        }
        for name, function in hooks.items():
            if function is not None:
                setattr(
                    self, name, _with_logs(function, indexed="batch" in name or "epoch" in name)
                )


def _with_logs(function, indexed: bool):
    """Call ``function`` with ``logs`` always passed, as Keras does (``fn(epoch, logs)`` /
    ``fn(logs)``), whatever the caller omitted."""
    if indexed:

        def hook(index, logs=None):
            return function(index, logs)

    else:

        def hook(logs=None):
            return function(logs)

    return hook
