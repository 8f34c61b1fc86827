"""erf, erfc and erfinv on float64 NumPy arrays, without SciPy."""

from __future__ import annotations

import math

import numpy as np

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SERIES_TERMS = 40
_FRACTION_TERMS = 80


def _erf_series(x: np.ndarray) -> np.ndarray:
    """Maclaurin series of erf, accurate in float64 for |x| < 2.5."""
    square = x * x
    term = x.copy()
    total = x.copy()
    for n in range(1, _SERIES_TERMS):
        term = term * (-square) / n
        total = total + term / (2 * n + 1)
    return _TWO_OVER_SQRT_PI * total


def _erfc_fraction(x: np.ndarray) -> np.ndarray:
    """Continued fraction of erfc for x >= 2.5."""
    denominator = np.array(x, dtype=np.float64, copy=True)
    for k in range(_FRACTION_TERMS, 0, -1):
        denominator = x + (k / 2.0) / denominator
    return np.exp(-x * x) / (math.sqrt(math.pi) * denominator)


_SPLIT = 2.5


def erf64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    magnitude = np.abs(x)
    small = magnitude < _SPLIT
    result = np.empty_like(x)
    result[small] = _erf_series(x[small])
    large = ~small & ~np.isnan(x)
    result[large] = np.sign(x[large]) * (1.0 - _erfc_fraction(magnitude[large]))
    result[np.isnan(x)] = np.nan
    return result


def erfc64(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    magnitude = np.abs(x)
    small = magnitude < _SPLIT
    result = np.empty_like(x)
    result[small] = 1.0 - _erf_series(x[small])
    large = ~small & ~np.isnan(x)
    tail = _erfc_fraction(magnitude[large])
    result[large] = np.where(x[large] > 0, tail, 2.0 - tail)
    result[np.isnan(x)] = np.nan
    return result


def erfinv64(y: np.ndarray) -> np.ndarray:
    """Inverse error function: an approximate start refined by Newton steps."""
    y = np.asarray(y, dtype=np.float64)
    inside = np.abs(y) < 1.0
    clipped = np.where(inside, y, 0.0)
    a = 0.147
    log_term = np.log1p(-clipped * clipped)
    first = 2.0 / (math.pi * a) + log_term / 2.0
    guess = np.sign(clipped) * np.sqrt(np.sqrt(first * first - log_term / a) - first)
    for _ in range(4):
        error = erf64(guess) - clipped
        slope = _TWO_OVER_SQRT_PI * np.exp(-guess * guess)
        # Halley's correction for faster, safer convergence near the tails.
        step = error / slope
        guess = guess - step / (1.0 + guess * step)
    result = np.where(inside, guess, np.nan)
    result = np.where(y == 1.0, np.inf, result)
    return np.where(y == -1.0, -np.inf, result)
