"""Numeric tolerances for comparing backends against NumPy references, in one place.

``(rtol, atol)`` per dtype name. Reduced-precision floats get looser bounds; integer and bool
results must match exactly.
"""

TOLERANCES = {
    "float64": (1e-7, 1e-7),
    "float32": (1e-5, 1e-5),
    "float16": (5e-3, 5e-3),
    "bfloat16": (3e-2, 3e-2),
    "complex64": (1e-5, 1e-5),
    "complex128": (1e-7, 1e-7),
}
# Ops built from long chains of floating point work (linear algebra, FFT, conv, image
# resampling) accumulate round-off differently per framework.
LOOSE_FACTOR = 20


def tolerance(dtype: str, loose: bool = False) -> tuple[float, float]:
    """``(rtol, atol)`` for results of ``dtype``; exact (0, 0) for ints and bool."""
    rtol, atol = TOLERANCES.get(dtype, (0.0, 0.0))
    if loose:
        return rtol * LOOSE_FACTOR, atol * LOOSE_FACTOR
    return rtol, atol
