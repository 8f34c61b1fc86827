"""Utilities (``keras.utils``)."""

from unison.utils.py_dataset import PyDataset

Sequence = PyDataset  # the Keras 2 name, still exported by Keras 3

__all__ = ["PyDataset", "Sequence"]
