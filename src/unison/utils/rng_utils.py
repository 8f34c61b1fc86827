"""``set_random_seed``: one call to make a program's randomness reproducible."""

from __future__ import annotations

import random
import sys

import numpy as np


def set_random_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global generator, unison's global seed generators
    (used by ``unison.random`` functions and layers called with ``seed=None``), and the
    global generators of TensorFlow and PyTorch when they are already imported (JAX has no
    global generator). Frameworks are never imported by this call.

    Example:
        >>> unison.utils.set_random_seed(1337)
        >>> a = unison.random.normal((2,))
        >>> unison.utils.set_random_seed(1337)
        >>> b = unison.random.normal((2,))        # equal to a
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(
            f"set_random_seed expects an int seed; received {seed!r} of type {type(seed).__name__}."
        )
    seed = int(seed)
    from unison.backend import get_backend, loaded_backends
    from unison.random import seed_generator

    seed_generator.set_global_seed(seed)  # Python, NumPy and the active backend's generator
    generators = seed_generator._global_generators
    for name in loaded_backends():
        if name not in generators:
            generators[name] = seed_generator.SeedGenerator(
                seed, name="global_seed_generator", backend=get_backend(name)
            )
    random.seed(seed)
    np.random.seed(seed % 2**32)
    if "tensorflow" in sys.modules:
        sys.modules["tensorflow"].random.set_seed(seed)
    if "torch" in sys.modules:
        sys.modules["torch"].manual_seed(seed)
