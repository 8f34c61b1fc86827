"""The one training loop and its data adapters."""

from unison.training.trainer import Trainer

__all__ = ["Trainer"]
