"""Math ops: special functions, segment reductions, top-k, FFT and short-time Fourier transforms.

FFT functions take and return complex numbers as ``(real, imag)`` pairs of float tensors, as
Keras does.
"""

from __future__ import annotations

from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_positive,
    current,
    normalize_axis,
    symbolic_call,
    symbolic_result,
)

__all__ = [
    "cdist",
    "erf",
    "erfc",
    "erfinv",
    "extract_sequences",
    "fft",
    "fft2",
    "ifft2",
    "in_top_k",
    "irfft",
    "istft",
    "logdet",
    "logsumexp",
    "rfft",
    "rsqrt",
    "segment_max",
    "segment_min",
    "segment_prod",
    "segment_sum",
    "stft",
    "top_k",
    "view_as_complex",
    "view_as_real",
]


def erf(x: TensorLike):
    """Element-wise Gauss error function.

    Example:
        >>> unison.ops.erf([0.0, 1.0])   # -> [0., 0.8427]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(erf, x)
    return current().backend.erf(x)


def erfc(x: TensorLike):
    """Element-wise complementary error function, ``1 - erf(x)``.

    Example:
        >>> unison.ops.erfc([0.0, 1.0])   # -> [1., 0.1573]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(erfc, x)
    return current().backend.erfc(x)


def erfinv(x: TensorLike):
    """Element-wise inverse of :func:`erf` on ``(-1, 1)``.

    Example:
        >>> unison.ops.erfinv([0.0, 0.5])   # -> [0., 0.4769]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(erfinv, x)
    return current().backend.erfinv(x)


def rsqrt(x: TensorLike):
    """Element-wise reciprocal square root, ``1 / sqrt(x)``.

    Example:
        >>> unison.ops.rsqrt([4.0, 16.0])   # -> [0.5, 0.25]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(rsqrt, x)
    return current().backend.rsqrt(x)


def logsumexp(x: TensorLike, axis: Any = None, keepdims: bool = False):
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow.

    Example:
        >>> unison.ops.logsumexp([0.0, 0.0])   # -> 0.6931 (log 2)
    """
    if axis is not None and type(axis) is not int:
        axis = normalize_axis(axis, "logsumexp")
    if type(x) is SymbolicTensor:
        return symbolic_call(logsumexp, x, axis=axis, keepdims=keepdims)
    return current().backend.logsumexp(x, axis=axis, keepdims=keepdims)


def logdet(x: TensorLike):
    """Log-determinant of each (batched) Hermitian positive-definite matrix in ``x``.

    Example:
        >>> unison.ops.logdet([[2.0, 0.0], [0.0, 3.0]])   # -> 1.7918 (log 6)
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(logdet, x)
    return current().backend.logdet(x)


def cdist(x: TensorLike, y: TensorLike):
    """Pairwise Euclidean distances between the rows of ``x`` and ``y``.

    Example:
        >>> unison.ops.cdist([[0.0, 0.0]], [[3.0, 4.0], [0.0, 1.0]])   # -> [[5., 1.]]
    """
    if type(x) is SymbolicTensor or type(y) is SymbolicTensor:
        return symbolic_call(cdist, x, y)
    return current().backend.cdist(x, y)


def _segment(name: str, operation: Any, data: Any, segment_ids: Any, num_segments: Any, sorted):
    if num_segments is not None and (isinstance(num_segments, bool) or num_segments < 0):
        raise ValueError(
            f"{name}: `num_segments` must be a non-negative int; received {num_segments!r}."
        )
    if any_symbolic(data, segment_ids):
        kwargs = {"num_segments": num_segments, "sorted": sorted}
        if num_segments is None:
            # the number of segments depends on the values of segment_ids
            data_shape = data.shape if type(data) is SymbolicTensor else None
            if data_shape is not None:
                output = SymbolicTensor((None, *data_shape[1:]), data.dtype)
                return symbolic_result(operation, (data, segment_ids), kwargs, output)
        return symbolic_call(operation, data, segment_ids, **kwargs)
    return getattr(current().backend, name)(
        data, segment_ids, num_segments=num_segments, sorted=sorted
    )


def segment_sum(data: TensorLike, segment_ids: TensorLike, num_segments=None, sorted=False):  # noqa: A002
    """Sum of the rows of ``data`` that share each id in ``segment_ids``.

    Example:
        >>> unison.ops.segment_sum([1.0, 2.0, 3.0], [0, 0, 1])   # -> [3., 3.]
    """
    return _segment("segment_sum", segment_sum, data, segment_ids, num_segments, sorted)


def segment_max(data: TensorLike, segment_ids: TensorLike, num_segments=None, sorted=False):  # noqa: A002
    """Maximum of the rows of ``data`` that share each id in ``segment_ids``.

    Example:
        >>> unison.ops.segment_max([1.0, 2.0, 3.0], [0, 0, 1])   # -> [2., 3.]
    """
    return _segment("segment_max", segment_max, data, segment_ids, num_segments, sorted)


def segment_min(data: TensorLike, segment_ids: TensorLike, num_segments=None, sorted=False):  # noqa: A002
    """Minimum of the rows of ``data`` that share each id in ``segment_ids``.

    Example:
        >>> unison.ops.segment_min([1.0, 2.0, 3.0], [0, 0, 1])   # -> [1., 3.]
    """
    return _segment("segment_min", segment_min, data, segment_ids, num_segments, sorted)


def segment_prod(data: TensorLike, segment_ids: TensorLike, num_segments=None, sorted=False):  # noqa: A002
    """Product of the rows of ``data`` that share each id in ``segment_ids``.

    Example:
        >>> unison.ops.segment_prod([2.0, 3.0, 4.0], [0, 0, 1])   # -> [6., 4.]
    """
    return _segment("segment_prod", segment_prod, data, segment_ids, num_segments, sorted)


def top_k(x: TensorLike, k: int, sorted: bool = True):  # noqa: A002 - Keras name
    """The ``k`` largest values along the last axis and their indices: ``(values, indices)``.

    Example:
        >>> unison.ops.top_k([1.0, 5.0, 3.0], k=2)   # -> ([5., 3.], [1, 2])
    """
    check_positive(k, "k", "top_k")
    if type(x) is SymbolicTensor:
        return symbolic_call(top_k, x, k, sorted=sorted)
    return current().backend.top_k(x, k, sorted=sorted)


def in_top_k(targets: TensorLike, predictions: TensorLike, k: int):
    """Whether each target class is among the ``k`` highest predictions of its row.

    Example:
        >>> unison.ops.in_top_k([1], [[0.1, 0.7, 0.2]], k=1)   # -> [True]
    """
    check_positive(k, "k", "in_top_k")
    if type(targets) is SymbolicTensor or type(predictions) is SymbolicTensor:
        return symbolic_call(in_top_k, targets, predictions, k)
    return current().backend.in_top_k(targets, predictions, k)


def extract_sequences(x: TensorLike, sequence_length: int, sequence_stride: int):
    """Overlapping frames of length ``sequence_length`` every ``sequence_stride`` steps.

    Example:
        >>> unison.ops.extract_sequences(unison.ops.arange(6), 3, 2)   # -> [[0,1,2],[2,3,4]]
    """
    check_positive(sequence_length, "sequence_length", "extract_sequences")
    check_positive(sequence_stride, "sequence_stride", "extract_sequences")
    if type(x) is SymbolicTensor:
        return symbolic_call(extract_sequences, x, sequence_length, sequence_stride)
    return current().backend.extract_sequences(x, sequence_length, sequence_stride)


def _check_pair(x: Any, op_name: str) -> None:
    if not isinstance(x, (tuple, list)) or len(x) != 2:
        raise ValueError(
            f"{op_name}: `x` must be a tuple (real, imag) of two tensors; received "
            f"{type(x).__name__}."
        )


def fft(x: Any):
    """1-D discrete Fourier transform over the last axis of a ``(real, imag)`` pair.

    Example:
        >>> real, imag = unison.ops.fft(([1.0, 0.0], [0.0, 0.0]))   # -> ([1., 1.], [0., 0.])
    """
    _check_pair(x, "fft")
    if any_symbolic(x):
        return symbolic_call(fft, x)
    return current().backend.fft(x)


def fft2(x: Any):
    """2-D discrete Fourier transform over the last two axes of a ``(real, imag)`` pair.

    Example:
        >>> real, imag = unison.ops.fft2((unison.ops.ones((2, 2)), unison.ops.zeros((2, 2))))
    """
    _check_pair(x, "fft2")
    if any_symbolic(x):
        return symbolic_call(fft2, x)
    return current().backend.fft2(x)


def ifft2(x: Any):
    """Inverse of :func:`fft2`, on and returning ``(real, imag)`` pairs.

    Example:
        >>> real, imag = unison.ops.ifft2(unison.ops.fft2((image, unison.ops.zeros_like(image))))
    """
    _check_pair(x, "ifft2")
    if any_symbolic(x):
        return symbolic_call(ifft2, x)
    return current().backend.ifft2(x)


def rfft(x: TensorLike, fft_length: int | None = None):
    """FFT of a real signal over the last axis, keeping the ``fft_length // 2 + 1`` terms.

    Example:
        >>> real, imag = unison.ops.rfft([1.0, 0.0, 0.0, 0.0])   # -> ([1,1,1], [0,0,0])
    """
    check_positive(fft_length, "fft_length", "rfft", allow_none=True)
    if type(x) is SymbolicTensor:
        return symbolic_call(rfft, x, fft_length=fft_length)
    return current().backend.rfft(x, fft_length=fft_length)


def irfft(x: Any, fft_length: int | None = None):
    """Inverse of :func:`rfft`: a real signal from a ``(real, imag)`` half spectrum.

    Example:
        >>> unison.ops.irfft(unison.ops.rfft(signal), fft_length=8)   # -> signal
    """
    _check_pair(x, "irfft")
    check_positive(fft_length, "fft_length", "irfft", allow_none=True)
    if any_symbolic(x):
        return symbolic_call(irfft, x, fft_length=fft_length)
    return current().backend.irfft(x, fft_length=fft_length)


def _check_stft(op_name: str, sequence_length, sequence_stride, fft_length, window) -> None:
    check_positive(sequence_length, "sequence_length", op_name)
    check_positive(sequence_stride, "sequence_stride", op_name)
    check_positive(fft_length, "fft_length", op_name)
    if fft_length < sequence_length:
        raise ValueError(
            f"{op_name}: `fft_length` ({fft_length}) must be >= `sequence_length` "
            f"({sequence_length})."
        )
    if isinstance(window, str) and window not in ("hann", "hamming"):
        raise ValueError(
            f"{op_name}: `window` must be 'hann', 'hamming', None or a tensor; received {window!r}."
        )


def stft(
    x: TensorLike,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    window: Any = "hann",
    center: bool = True,
):
    """Short-time Fourier transform of real signals; returns ``(real, imag)``.

    Example:
        >>> real, imag = unison.ops.stft(signal, 64, 16, 64)   # (..., frames, 33) each
    """
    _check_stft("stft", sequence_length, sequence_stride, fft_length, window)
    if any_symbolic(x, window):
        return symbolic_call(
            stft, x, sequence_length, sequence_stride, fft_length, window=window, center=center
        )
    return current().backend.stft(
        x, sequence_length, sequence_stride, fft_length, window=window, center=center
    )


def istft(
    x: Any,
    sequence_length: int,
    sequence_stride: int,
    fft_length: int,
    length: int | None = None,
    window: Any = "hann",
    center: bool = True,
):
    """Inverse of :func:`stft`: real signals from ``(real, imag)`` spectrogram frames.

    Example:
        >>> signal = unison.ops.istft(unison.ops.stft(signal, 64, 16, 64), 64, 16, 64)
    """
    _check_pair(x, "istft")
    _check_stft("istft", sequence_length, sequence_stride, fft_length, window)
    if any_symbolic(x, window):
        return symbolic_call(
            istft,
            x,
            sequence_length,
            sequence_stride,
            fft_length,
            length=length,
            window=window,
            center=center,
        )
    return current().backend.istft(
        x,
        sequence_length,
        sequence_stride,
        fft_length,
        length=length,
        window=window,
        center=center,
    )


def view_as_complex(x: TensorLike):
    """A complex tensor from a real one whose last axis holds ``(real, imag)``.

    Example:
        >>> unison.ops.view_as_complex([[1.0, 2.0]])   # -> [1.+2.j]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(view_as_complex, x)
    return current().backend.view_as_complex(x)


def view_as_real(x: TensorLike):
    """A real tensor with a trailing axis of size 2 holding ``(real, imag)`` of complex ``x``.

    Example:
        >>> unison.ops.view_as_real(unison.ops.view_as_complex([[1.0, 2.0]]))   # -> [[1., 2.]]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(view_as_real, x)
    return current().backend.view_as_real(x)
