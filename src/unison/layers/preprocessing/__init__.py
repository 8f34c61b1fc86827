"""Preprocessing layers: numeric (``Rescaling``, ``Normalization``), categorical
(``Discretization``, ``CategoryEncoding``, ``Hashing``, ``IntegerLookup``, ``StringLookup``)
and image (``Resizing``, ``CenterCrop`` and random augmentations).

Layers with learned state offer ``adapt(data)``; string handling runs in NumPy on every
backend.

Example:
    >>> norm = unison.layers.Normalization()
    >>> norm.adapt(np.random.normal(size=(100, 3)))
    >>> norm(np.zeros((2, 3), "float32")).shape
    (2, 3)
"""

from unison.layers.preprocessing.categorical import CategoryEncoding, Discretization
from unison.layers.preprocessing.hashing import Hashing
from unison.layers.preprocessing.image_color import (
    AutoContrast,
    RandomBrightness,
    RandomContrast,
    RandomGrayscale,
    RandomInvert,
    Solarization,
)
from unison.layers.preprocessing.image_geometric import (
    RandomCrop,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
)
from unison.layers.preprocessing.image_resizing import CenterCrop, Resizing
from unison.layers.preprocessing.lookup import IntegerLookup, StringLookup
from unison.layers.preprocessing.numeric import Normalization, Rescaling

__all__ = [
    "AutoContrast",
    "CategoryEncoding",
    "CenterCrop",
    "Discretization",
    "Hashing",
    "IntegerLookup",
    "Normalization",
    "RandomBrightness",
    "RandomContrast",
    "RandomCrop",
    "RandomFlip",
    "RandomGrayscale",
    "RandomInvert",
    "RandomRotation",
    "RandomTranslation",
    "RandomZoom",
    "Rescaling",
    "Resizing",
    "Solarization",
    "StringLookup",
]
