"""Cases for the ``math`` family (FFT, STFT, segments, sequences...) and functional core ops."""

import numpy as np
import scipy.signal

from .harness import F32, F32_I32, cast, make, rand

CASES = []


def _ops():
    import unison

    return unison.ops


def _complex_pair(shape, d, seed=0):
    return (rand(shape, d, seed=seed), rand(shape, d, seed=seed + 1))


def _split(z):
    return (z.real, z.imag)


CASES += make(
    "fft",
    "1d",
    F32,
    lambda d: ((_complex_pair((2, 8), d),), {}),
    lambda x: _split(np.fft.fft(x[0] + 1j * x[1])),
    tol="loose",
)
CASES += make(
    "fft2",
    "2d",
    F32,
    lambda d: ((_complex_pair((2, 4, 6), d),), {}),
    lambda x: _split(np.fft.fft2(x[0] + 1j * x[1])),
    tol="loose",
)
CASES += make(
    "ifft2",
    "2d",
    F32,
    lambda d: ((_complex_pair((2, 4, 6), d),), {}),
    lambda x: _split(np.fft.ifft2(x[0] + 1j * x[1])),
    tol="loose",
)
CASES += make(
    "rfft",
    "default",
    F32,
    lambda d: ((rand((2, 8), d),), {}),
    lambda x: _split(np.fft.rfft(x)),
    tol="loose",
)
CASES += make(
    "rfft",
    "fft_length",
    F32,
    lambda d: ((rand((2, 7), d),), {"fft_length": 10}),
    lambda x, fft_length: _split(np.fft.rfft(x, fft_length)),
    tol="loose",
)
CASES += make(
    "irfft",
    "default",
    F32,
    lambda d: ((_complex_pair((2, 5), d),), {}),
    lambda x: np.fft.irfft(x[0] + 1j * x[1]),
    tol="loose",
)
CASES += make(
    "irfft",
    "fft_length",
    F32,
    lambda d: ((_complex_pair((2, 5), d),), {"fft_length": 9}),
    lambda x, fft_length: np.fft.irfft(x[0] + 1j * x[1], fft_length),
    tol="loose",
)


def stft(x, sequence_length, sequence_stride, fft_length, window="hann", center=True):
    if center:
        x = np.pad(x, [(0, 0)] * (x.ndim - 1) + [(fft_length // 2, fft_length // 2)], "reflect")
    left = (fft_length - sequence_length) // 2
    if window is None:
        win = np.ones(fft_length)
    else:
        win = scipy.signal.get_window(window, sequence_length)
        win = np.pad(win, (left, fft_length - sequence_length - left))
    count = 1 + (x.shape[-1] - fft_length) // sequence_stride
    frames = np.stack(
        [x[..., i * sequence_stride : i * sequence_stride + fft_length] for i in range(count)], -2
    )
    return _split(np.fft.rfft(frames * win, fft_length))


for label, kwargs in [
    ("hann_center", {"sequence_length": 8, "sequence_stride": 4, "fft_length": 8}),
    (
        "hamming_padded_fft",
        {"sequence_length": 6, "sequence_stride": 3, "fft_length": 8, "window": "hamming"},
    ),
    (
        "no_window_no_center",
        {
            "sequence_length": 8,
            "sequence_stride": 2,
            "fft_length": 8,
            "window": None,
            "center": False,
        },
    ),
]:
    CASES += make(
        "stft",
        label,
        F32,
        lambda d, k=kwargs: ((rand((2, 32), d),), dict(k)),
        lambda x, **k: stft(x, **k),
        tol="loose",
    )
CASES += make(
    "istft",
    "roundtrip_hann",
    F32,
    lambda d: (
        (tuple(cast(v, d) for v in stft(rand((2, 32), "float64"), 8, 2, 8)), 8, 2, 8),
        {"length": 32},
    ),
    lambda x, *a, length: rand((2, 32), "float64"),
    tol="loose",
)


def _segments(data, ids, num_segments, reduce, empty):
    num_segments = num_segments if num_segments is not None else int(ids.max()) + 1
    out = np.full((num_segments, *data.shape[1:]), empty, np.float64)
    for segment in range(num_segments):
        rows = data[ids == segment]
        if len(rows):
            out[segment] = reduce(rows, axis=0)
    return out


_IDS = np.array([0, 0, 1, 2, 2, 2], "int32")
for name, reduce, empty in [
    ("segment_sum", np.sum, 0),
    ("segment_max", np.max, 0),
    ("segment_min", np.min, 0),
    ("segment_prod", np.prod, 1),
]:
    CASES += make(
        name,
        "sorted_ids",
        F32_I32,
        lambda d: ((rand((6, 3), d, -5, 5), _IDS), {"sorted": True, "num_segments": 3}),
        lambda x, ids, sorted, num_segments, r=reduce, e=empty: _segments(x, ids, 3, r, e),
        out=lambda d: d,
    )
    CASES += make(
        name,
        "unsorted_num_segments",
        F32,
        lambda d: (
            (rand((6,), d, -5, 5), np.array([2, 0, 1, 0, 2, 1], "int32")),
            {"num_segments": 3},
        ),
        lambda x, ids, num_segments, r=reduce, e=empty: _segments(x, ids, num_segments, r, e),
        out=lambda d: d,
    )
CASES += make(
    "segment_sum",
    "empty_segment",
    F32,
    lambda d: ((rand((4, 2), d), np.array([0, 0, 3, 3], "int32")), {"num_segments": 5}),
    lambda x, ids, num_segments: _segments(x, ids, num_segments, np.sum, 0),
    out=lambda d: d,
)
CASES += make(
    "extract_sequences",
    "stride2",
    F32_I32,
    lambda d: ((rand((2, 10), d, -5, 5), 4, 2), {}),
    lambda x, length, stride: np.stack(
        [
            x[..., i * stride : i * stride + length]
            for i in range(1 + (x.shape[-1] - length) // stride)
        ],
        -2,
    ),
)
CASES += make(
    "cdist",
    "2d",
    F32,
    lambda d: ((rand((3, 4), d), rand((5, 4), d, seed=1)), {}),
    lambda x, y: np.sqrt(((x[:, None] - y[None]) ** 2).sum(-1)),
    tol="x4",
)
CASES += make(
    "cdist",
    "batched",
    F32,
    lambda d: ((rand((2, 3, 4), d), rand((2, 5, 4), d, seed=1)), {}),
    lambda x, y: np.sqrt(((x[:, :, None] - y[:, None]) ** 2).sum(-1)),
    tol="x4",
)
CASES += make(
    "view_as_complex",
    "pairs",
    F32,
    lambda d: ((rand((3, 2), d),), {}),
    lambda x: x[..., 0] + 1j * x[..., 1],
    out="complex64",
)
CASES += make(
    "view_as_real",
    "complex64",
    ("complex64",),
    lambda d: (((rand((3,), "float32") + 1j * rand((3,), "float32", seed=1)).astype(d),), {}),
    lambda z: np.stack([z.real, z.imag], -1),
    out="float32",
)

# Functional control flow. Bodies use operators only, so they run on any framework's tensors.
CASES += make(
    "scan",
    "cumulative",
    F32,
    lambda d: ((lambda carry, x: (carry + x, carry * x), cast(1.0, d), rand((5,), d)), {}),
    lambda f, init, xs: (
        init + xs.sum(),
        np.array([(init + xs[:i].sum()) * xs[i] for i in range(len(xs))]),
    ),
    tol="x4",
)
CASES += make(
    "scan",
    "reverse",
    F32,
    lambda d: (
        (lambda carry, x: (carry + x, carry), cast(0.0, d), rand((4,), d)),
        {"reverse": True},
    ),
    lambda f, init, xs, reverse: (xs.sum(), np.array([xs[i + 1 :].sum() for i in range(len(xs))])),
    tol="x4",
)
CASES += make(
    "associative_scan",
    "add",
    F32_I32,
    lambda d: ((lambda a, b: a + b, rand((6,), d, -5, 5)), {}),
    lambda f, xs: np.cumsum(xs),
    tol="x4",
)
CASES += make(
    "associative_scan",
    "reverse_axis1",
    F32,
    lambda d: ((lambda a, b: a + b, rand((2, 5), d)), {"reverse": True, "axis": 1}),
    lambda f, xs, reverse, axis: np.flip(np.cumsum(np.flip(xs, 1), 1), 1),
    tol="x4",
)
CASES += make(
    "map",
    "double",
    F32_I32,
    lambda d: ((lambda x: x * 2, rand((3, 2), d, -5, 5)), {}),
    lambda f, xs: xs * 2,
)
CASES += make(
    "vectorized_map",
    "affine",
    F32,
    lambda d: ((lambda x: x * 2 + 1, rand((3, 2), d)), {}),
    lambda f, xs: xs * 2 + 1,
)
CASES += make(
    "fori_loop",
    "sum_indices",
    F32,
    lambda d: ((0, 5, lambda i, value: value + i, cast(1.0, d)), {}),
    lambda lower, upper, body, init: init + 10,
)
CASES += make(
    "while_loop",
    "tuple_state",
    ("int32",),
    lambda d: (
        (lambda i, total: i < 5, lambda i, total: (i + 1, total + i), (cast(0, d), cast(0, d))),
        {},
    ),
    lambda c, b, state: (np.array(5), np.array(10)),
    out=("int32", "int32"),
)
CASES += make(
    "while_loop",
    "maximum_iterations",
    F32,
    lambda d: ((lambda x: x < 100, lambda x: x * 2, cast(1.0, d)), {"maximum_iterations": 3}),
    lambda c, b, state, maximum_iterations: np.array(8.0),
)
for pred in (True, False):
    CASES += make(
        "cond",
        f"pred_{pred}",
        F32,
        lambda d, p=pred: (
            (np.array(p), lambda: _ops().ones((2,)) * 2, lambda: _ops().full((2,), 3.0)),
            {},
        ),
        lambda p, t, f, pv=pred: np.array([2.0, 2.0]) if pv else np.array([3.0, 3.0]),
        out="float32",
    )
for index in (0, 1):
    CASES += make(
        "switch",
        f"branch{index}",
        F32,
        lambda d, i=index: (
            (np.array(i, "int32"), [lambda x: x + 1, lambda x: x * 3], rand((3,), d)),
            {},
        ),
        lambda i, branches, x, iv=index: x + 1 if iv == 0 else x * 3,
        out=lambda d: d,
    )
CASES += make(
    "stop_gradient", "identity", F32_I32, lambda d: ((rand((3,), d, -5, 5),), {}), lambda x: x
)
CASES += make(
    "is_tensor", "tensor", F32, lambda d: ((rand((3,), d),), {}), lambda x: True, out="python"
)
CASES += make(
    "is_tensor",
    "python_list",
    F32,
    lambda d: (([1.0],), {}),
    lambda x: False,
    out="python",
    convert=False,
)
CASES += make(
    "vectorize",
    "binary",
    F32,
    lambda d: ((rand((3, 4), d), rand((4,), d, seed=1)), {}),
    lambda x, y: x * y + 1,
    call=lambda vectorize, x, y: vectorize(lambda a, b: a * b + 1)(x, y),
)
