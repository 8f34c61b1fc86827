"""Seeds for random ops: :class:`SeedGenerator` and :func:`draw_seed`.

A ``SeedGenerator`` holds its state in a :class:`unison.Variable` of two int32 values
``[seed, counter]`` on the backend it was created on; each draw returns the current state and
advances the counter, so a generator re-created with the same seed replays the same stream
on that backend. An int seed is stateless: the same int gives the same numbers every call.

Example:
    >>> gen = unison.random.SeedGenerator(42)
    >>> a = unison.random.normal((2,), seed=gen)
    >>> b = unison.random.normal((2,), seed=gen)      # different from a
    >>> c = unison.random.normal((2,), seed=unison.random.SeedGenerator(42))  # equals a
"""

from __future__ import annotations

import random as _python_random
from typing import Any

import numpy as np

from unison.backend import Backend, active_backend
from unison.state.variable import Variable

_MAX_SEED = 2**31 - 1


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(
            f"seed must be an int, a SeedGenerator or None; received {type(seed).__name__} "
            f"{seed!r}."
        )
    return int(seed) % (_MAX_SEED + 1)


class SeedGenerator:
    """A reproducible stream of seeds for random ops, stored as backend state.

    Args:
        seed: initial seed (int); ``None`` picks one at random.
        name: name of the state variable.
    """

    def __init__(self, seed: int | None = None, name: str | None = None, backend: Any = None):
        if seed is None:
            seed = _python_random.randint(1, _MAX_SEED)
        self._initial_seed = _check_seed(seed)
        self.name = name or "seed_generator"
        self.state = Variable(
            np.array([self._initial_seed, 0], dtype=np.int32),
            dtype="int32",
            trainable=False,
            name=f"{self.name}_state",
            backend=backend,
        )

    @property
    def backend(self) -> Backend:
        return self.state.backend

    def next(self) -> Any:
        """Return the current state (a seed tensor) and advance the counter."""
        value = self.state.value
        backend = self.state.backend
        self.state.assign(backend.add(value, backend.convert_to_tensor(np.array([0, 1], np.int32))))
        return value

    def get_config(self) -> dict:
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config: dict) -> SeedGenerator:
        return cls(**config)

    def __repr__(self) -> str:
        return f"<SeedGenerator seed={self._initial_seed} backend={self.backend.name}>"


_global_generators: dict[str, SeedGenerator] = {}


def global_seed_generator() -> SeedGenerator:
    """The process-wide generator of the active backend, used when ``seed=None``."""
    backend = active_backend()
    generator = _global_generators.get(backend.name)
    if generator is None:
        generator = SeedGenerator(name="global_seed_generator", backend=backend)
        _global_generators[backend.name] = generator
    return generator


def set_global_seed(seed: int) -> None:
    """Reseed the global generators (and Python's and NumPy's), for reproducible runs."""
    _python_random.seed(seed)
    np.random.seed(_check_seed(seed))
    _global_generators.clear()
    backend = active_backend()
    _global_generators[backend.name] = SeedGenerator(
        seed, name="global_seed_generator", backend=backend
    )


def draw_seed(seed: Any) -> Any:
    """Turn ``seed`` (None, int, SeedGenerator) into a seed tensor of two int32 values."""
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if seed is None:
        return global_seed_generator().next()
    return np.array([_check_seed(seed), 0], dtype=np.int32)
