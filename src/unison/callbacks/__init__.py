"""Callbacks (``keras.callbacks``)."""

from unison.callbacks.backup_and_restore import BackupAndRestore
from unison.callbacks.callback import Callback, CallbackList
from unison.callbacks.csv_logger import CSVLogger
from unison.callbacks.early_stopping import EarlyStopping
from unison.callbacks.history import History
from unison.callbacks.lambda_callback import LambdaCallback
from unison.callbacks.learning_rate_scheduler import LearningRateScheduler
from unison.callbacks.model_checkpoint import ModelCheckpoint
from unison.callbacks.progbar_logger import ProgbarLogger
from unison.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from unison.callbacks.remote_monitor import RemoteMonitor
from unison.callbacks.swap_ema_weights import SwapEMAWeights
from unison.callbacks.tensorboard import TensorBoard
from unison.callbacks.terminate_on_nan import TerminateOnNaN
from unison.saving.serialization import register_builtin_module

register_builtin_module("keras.callbacks", "unison.callbacks")

__all__ = [
    "BackupAndRestore",
    "CSVLogger",
    "Callback",
    "CallbackList",
    "EarlyStopping",
    "History",
    "LambdaCallback",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "RemoteMonitor",
    "SwapEMAWeights",
    "TensorBoard",
    "TerminateOnNaN",
]
