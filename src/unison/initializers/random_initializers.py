"""Random initializers: normal / uniform draws, variance scaling (Glorot, He, LeCun), orthogonal.

A seeded initializer is reproducible: with an int seed (or ``None``, which draws one int when
the initializer is created) every call returns the same values. Pass a
:class:`unison.random.SeedGenerator` to get new values on each call.

Example:
    >>> init = unison.initializers.GlorotUniform(seed=1)
    >>> a, b = init((3, 4)), init((3, 4))   # equal
"""

from __future__ import annotations

import math
import random as python_random
from typing import Any

from unison import ops
from unison import random as unison_random
from unison.initializers.initializer import Initializer, check_shape, standardize_dtype
from unison.random.seed_generator import SeedGenerator

__all__ = [
    "GlorotNormal",
    "GlorotUniform",
    "HeNormal",
    "HeUniform",
    "LecunNormal",
    "LecunUniform",
    "Orthogonal",
    "RandomInitializer",
    "RandomNormal",
    "RandomUniform",
    "TruncatedNormal",
    "VarianceScaling",
    "compute_fans",
]

# stddev of a unit normal truncated to [-2, 2]: dividing by it restores the requested variance
_TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


def _float_dtype(dtype: Any, initializer: str) -> str:
    name = standardize_dtype(dtype)
    if not name.startswith(("float", "bfloat")):
        raise ValueError(
            f"{initializer}: only float dtypes are supported for random initial values; "
            f"received dtype={name!r}."
        )
    return name


def _seed_from_config(seed: dict) -> SeedGenerator:
    if seed.get("class_name") != "SeedGenerator":
        raise ValueError(f"`seed` config must describe a SeedGenerator; received {seed!r}.")
    return SeedGenerator(**seed.get("config", {}))


class RandomInitializer(Initializer):
    """Base of the random initializers: validates and stores ``seed``."""

    def __init__(self, seed: int | SeedGenerator | None = None):
        if isinstance(seed, dict):
            seed = _seed_from_config(seed)
        self._init_seed = seed
        if seed is None:
            seed = python_random.randint(1, 10**9)
        elif isinstance(seed, bool) or not isinstance(seed, (int, SeedGenerator)):
            raise ValueError(
                f"{type(self).__name__}: `seed` must be an int, a "
                f"unison.random.SeedGenerator or None; received {seed!r} of type "
                f"{type(seed).__name__}."
            )
        self.seed = seed

    def get_config(self) -> dict:
        seed = self._init_seed
        if isinstance(seed, SeedGenerator):
            seed = {
                "module": "keras.random",
                "class_name": "SeedGenerator",
                "config": seed.get_config(),
                "registered_name": None,
            }
        return {"seed": seed}


class RandomNormal(RandomInitializer):
    """Samples from ``N(mean, stddev**2)``.

    Example:
        >>> unison.initializers.RandomNormal(stddev=1.0, seed=0)((2, 2)).shape
        (2, 2)
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        return unison_random.normal(
            check_shape(shape, "RandomNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=_float_dtype(dtype, "RandomNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Normal samples, re-drawn when more than two ``stddev`` from ``mean``.

    Example:
        >>> unison.initializers.TruncatedNormal(seed=0)((2, 2)).shape
        (2, 2)
    """

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: Any = None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        return unison_random.truncated_normal(
            check_shape(shape, "TruncatedNormal"),
            mean=self.mean,
            stddev=self.stddev,
            dtype=_float_dtype(dtype, "TruncatedNormal"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Samples uniformly from ``[minval, maxval)``.

    Example:
        >>> unison.initializers.RandomUniform(-1.0, 1.0, seed=0)((3,)).shape
        (3,)
    """

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: Any = None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        return unison_random.uniform(
            check_shape(shape, "RandomUniform"),
            minval=self.minval,
            maxval=self.maxval,
            dtype=_float_dtype(dtype, "RandomUniform"),
            seed=self.seed,
        )

    def get_config(self) -> dict:
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


def compute_fans(shape: tuple, input_axes: Any = None, output_axes: Any = None) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a weight shape, as Keras computes them.

    A matrix ``(in, out)`` gives ``(in, out)``; a convolution kernel ``(*spatial, in, out)``
    multiplies both by the receptive field size; explicit axes override the guess.

    Example:
        >>> compute_fans((3, 3, 8, 16))
        (72, 144)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[axis] for axis in input_axes)
        fan_out = math.prod(shape[axis] for axis in output_axes)
        return int(fan_in), int(fan_out)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    if len(shape) == 2:
        return int(shape[0]), int(shape[1])
    receptive_field = math.prod(shape[:-2])
    return int(shape[-2] * receptive_field), int(shape[-1] * receptive_field)


_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


class VarianceScaling(RandomInitializer):
    """Samples with variance ``scale / n``, ``n`` the fan chosen by ``mode``.

    ``distribution`` is ``"truncated_normal"`` (``"normal"`` is accepted as its alias),
    ``"untruncated_normal"`` or ``"uniform"`` (limit ``sqrt(3 * scale / n)``).

    Example:
        >>> unison.initializers.VarianceScaling(2.0, "fan_in", "uniform", seed=0)((4, 5)).shape
        (4, 5)
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: Any = None,
        input_axes: Any = None,
        output_axes: Any = None,
    ):
        if not scale > 0.0:
            raise ValueError(f"VarianceScaling: `scale` must be positive; received {scale!r}.")
        if mode not in _MODES:
            raise ValueError(
                f"VarianceScaling: `mode` must be one of {', '.join(_MODES)}; received {mode!r}."
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling: `distribution` must be one of {', '.join(_DISTRIBUTIONS)} "
                f"(or 'normal'); received {distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        name = type(self).__name__
        shape = check_shape(shape, name)
        dtype = _float_dtype(dtype, name)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        if self.mode == "fan_in":
            fan = fan_in
        elif self.mode == "fan_out":
            fan = fan_out
        else:
            fan = (fan_in + fan_out) / 2.0
        variance = self.scale / max(1.0, fan)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / _TRUNCATED_NORMAL_STDDEV
            return unison_random.truncated_normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return unison_random.normal(
                shape, 0.0, math.sqrt(variance), dtype=dtype, seed=self.seed
            )
        limit = math.sqrt(3.0 * variance)
        return unison_random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _PresetVarianceScaling(VarianceScaling):
    """A VarianceScaling whose scale / mode / distribution are fixed by the subclass."""

    _preset: tuple[float, str, str] = (1.0, "fan_in", "truncated_normal")

    def __init__(self, seed: Any = None, input_axes: Any = None, output_axes: Any = None):
        scale, mode, distribution = self._preset
        super().__init__(
            scale=scale,
            mode=mode,
            distribution=distribution,
            seed=seed,
            input_axes=input_axes,
            output_axes=output_axes,
        )

    def get_config(self) -> dict:
        return {
            "seed": RandomInitializer.get_config(self)["seed"],
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class GlorotUniform(_PresetVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / (fan_in + fan_out))``.

    Example:
        >>> unison.initializers.GlorotUniform(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (1.0, "fan_avg", "uniform")


class GlorotNormal(_PresetVarianceScaling):
    """Truncated normal with ``stddev = sqrt(2 / (fan_in + fan_out))``.

    Example:
        >>> unison.initializers.GlorotNormal(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (1.0, "fan_avg", "truncated_normal")


class LecunNormal(_PresetVarianceScaling):
    """Truncated normal with ``stddev = sqrt(1 / fan_in)``.

    Example:
        >>> unison.initializers.LecunNormal(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (1.0, "fan_in", "truncated_normal")


class LecunUniform(_PresetVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(3 / fan_in)``.

    Example:
        >>> unison.initializers.LecunUniform(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (1.0, "fan_in", "uniform")


class HeNormal(_PresetVarianceScaling):
    """Truncated normal with ``stddev = sqrt(2 / fan_in)``.

    Example:
        >>> unison.initializers.HeNormal(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (2.0, "fan_in", "truncated_normal")


class HeUniform(_PresetVarianceScaling):
    """Uniform in ``[-limit, limit]``, ``limit = sqrt(6 / fan_in)``.

    Example:
        >>> unison.initializers.HeUniform(seed=0)((3, 4)).shape
        (3, 4)
    """

    _preset = (2.0, "fan_in", "uniform")


class Orthogonal(RandomInitializer):
    """An orthogonal matrix (times ``gain``) from the QR decomposition of a normal draw.

    Shapes of rank > 2 are treated as ``(prod(shape[:-1]), shape[-1])`` and reshaped back.

    Example:
        >>> q = unison.initializers.Orthogonal(seed=0)((4, 4))   # q.T @ q == I
    """

    def __init__(self, gain: float = 1.0, seed: Any = None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        shape = check_shape(shape, "Orthogonal")
        dtype = _float_dtype(dtype, "Orthogonal")
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal: the shape to initialize must have rank >= 2; received "
                f"shape={shape} of rank {len(shape)}."
            )
        rows = math.prod(shape[:-1])
        columns = shape[-1]
        compute_dtype = "float64" if dtype == "float64" else "float32"
        flat_shape = (max(rows, columns), min(rows, columns))
        matrix = unison_random.normal(flat_shape, dtype=compute_dtype, seed=self.seed)
        q, r = ops.qr(matrix)
        q = ops.multiply(q, ops.sign(ops.diagonal(r)))
        if rows < columns:
            q = ops.transpose(q)
        q = ops.multiply(ops.reshape(q, shape), self.gain)
        return ops.cast(q, dtype)

    def get_config(self) -> dict:
        return {**super().get_config(), "gain": self.gain}
