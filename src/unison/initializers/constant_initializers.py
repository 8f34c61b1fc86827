"""Deterministic initializers: constants, the identity matrix and STFT kernels.

Example:
    >>> unison.initializers.Constant(3.0)((2,))   # -> [3., 3.]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from unison import ops
from unison.initializers.initializer import Initializer, check_shape, standardize_dtype

__all__ = ["STFT", "Constant", "Identity", "Ones", "Zeros"]


def _value_to_config(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray) or (hasattr(value, "shape") and hasattr(value, "dtype")):
        array = np.asarray(value)
        return {
            "class_name": "__numpy__",
            "config": {"value": array.tolist(), "dtype": str(array.dtype)},
        }
    return value


def _value_from_config(value: Any) -> Any:
    if isinstance(value, dict) and value.get("class_name") == "__numpy__":
        inner = value["config"]
        return np.array(inner["value"], dtype=inner.get("dtype"))
    return value


class Constant(Initializer):
    """Fills with ``value`` (a scalar, or an array broadcastable to the shape).

    Example:
        >>> unison.initializers.Constant(0.5)((2, 2))   # -> [[0.5, 0.5], [0.5, 0.5]]
    """

    def __init__(self, value: Any = 0.0):
        self.value = value

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        dtype = standardize_dtype(dtype)
        shape = check_shape(shape, "Constant")
        return ops.multiply(ops.cast(self.value, dtype), ops.ones(shape, dtype=dtype))

    def get_config(self) -> dict:
        return {"value": _value_to_config(self.value)}

    @classmethod
    def from_config(cls, config: dict) -> Constant:
        return cls(_value_from_config(config.get("value", 0.0)))


class Zeros(Initializer):
    """Fills with 0.

    Example:
        >>> unison.initializers.Zeros()((2,), "int32")   # -> [0, 0]
    """

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        return ops.zeros(check_shape(shape, "Zeros"), dtype=standardize_dtype(dtype))


class Ones(Initializer):
    """Fills with 1.

    Example:
        >>> unison.initializers.Ones()((2,))   # -> [1., 1.]
    """

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        return ops.ones(check_shape(shape, "Ones"), dtype=standardize_dtype(dtype))


class Identity(Initializer):
    """``gain`` times the identity matrix (2-D shapes only; rectangular allowed).

    Example:
        >>> unison.initializers.Identity()((2, 2))   # -> [[1., 0.], [0., 1.]]
    """

    def __init__(self, gain: float = 1.0):
        self.gain = gain

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        shape = check_shape(shape, "Identity")
        if len(shape) != 2:
            raise ValueError(
                f"Identity: only 2-D shapes can be initialized with the identity matrix; "
                f"received shape={shape} of rank {len(shape)}."
            )
        dtype = standardize_dtype(dtype)
        matrix = ops.eye(shape[0], shape[1], dtype=dtype)
        if self.gain == 1.0:
            return matrix
        return ops.multiply(matrix, ops.cast(self.gain, dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain}


def _window(name: str, length: int, periodic: bool) -> np.ndarray:
    """A window function of ``length`` samples (symmetric, or periodic when asked)."""
    if name in ("hann", "hanning", "hamming", "boxcar", "ones", "rectangular"):
        if name in ("boxcar", "ones", "rectangular"):
            return np.ones(length)
        if length == 1:
            return np.ones(1)
        size = length + 1 if periodic else length
        positions = np.arange(size)
        alpha = 0.5 if name in ("hann", "hanning") else 0.54
        values = alpha - (1.0 - alpha) * np.cos(2.0 * math.pi * positions / (size - 1))
        return values[:length]
    try:
        from scipy import signal
    except ImportError:  # pragma: no cover - scipy is optional
        raise NotImplementedError(
            f"STFT: window {name!r} needs SciPy (scipy.signal.get_window); only 'hann', "
            f"'hamming' and 'boxcar' are built in."
        ) from None
    return np.asarray(signal.get_window(name, length, fftbins=periodic))


class STFT(Initializer):
    """Kernel of shape ``(frame_length, 1, fft_bins)`` computing the real or imaginary part
    of a short-time Fourier transform as a 1-D convolution, optionally windowed.

    Args:
        side: ``"real"`` or ``"imag"``.
        window: a window name (``"hann"``, ``"hamming"``...), an array of
            ``frame_length`` values, or ``None``.
        scaling: ``"density"`` (L2), ``"spectrum"`` (L1) or ``None``.
        periodic: use the periodic version of a named window.

    Example:
        >>> unison.initializers.STFT("real", "hann")((16, 1, 9)).shape
        (16, 1, 9)
    """

    def __init__(
        self,
        side: str = "real",
        window: Any = "hann",
        scaling: str | None = "density",
        periodic: bool = False,
    ):
        if side not in ("real", "imag"):
            raise ValueError(f"STFT: `side` must be 'real' or 'imag'; received {side!r}.")
        if scaling is not None and scaling not in ("density", "spectrum"):
            raise ValueError(
                f"STFT: `scaling` must be None, 'density' or 'spectrum'; received {scaling!r}."
            )
        if isinstance(window, str):
            _window(window, 1, periodic)  # fail early on an unknown name
        self.side = side
        self.window = window
        self.scaling = scaling
        self.periodic = periodic

    def __call__(self, shape: tuple, dtype: Any = None) -> Any:
        shape = check_shape(shape, "STFT")
        if len(shape) != 3:
            raise ValueError(
                f"STFT: expected a kernel shape (frame_length, input_channels, fft_bins); "
                f"received shape={shape}."
            )
        dtype = standardize_dtype(dtype)
        frame_length, _, bins = shape
        fft_length = (bins - 1) * 2
        time = np.arange(frame_length, dtype=np.float64).reshape(frame_length, 1, 1)
        frequency = np.arange(bins, dtype=np.float64).reshape(1, 1, bins) / max(fft_length, 1)
        angle = -2.0 * math.pi * time * frequency
        kernel = np.cos(angle) if self.side == "real" else np.sin(angle)
        if self.window is not None:
            if isinstance(self.window, str):
                window = _window(self.window, frame_length, self.periodic)
            else:
                window = np.asarray(self.window, dtype=np.float64)
            if window.shape != (frame_length,):
                raise ValueError(
                    f"STFT: the window must have shape ({frame_length},) (frame_length); "
                    f"received shape {window.shape}."
                )
            window = window.reshape(frame_length, 1, 1)
            kernel = kernel * window
            if self.scaling == "density":
                kernel = kernel / np.sqrt(np.sum(window**2))
            elif self.scaling == "spectrum":
                kernel = kernel / np.sum(np.abs(window))
        kernel = np.ascontiguousarray(np.broadcast_to(kernel, shape))
        kernel = kernel.astype(np.float64 if dtype == "float64" else np.float32)
        return ops.cast(ops.convert_to_tensor(kernel), dtype)

    def get_config(self) -> dict:
        window = self.window
        if window is not None and not isinstance(window, str):
            window = np.asarray(window).tolist()
        return {
            "side": self.side,
            "window": window,
            "periodic": self.periodic,
            "scaling": self.scaling,
        }
