"""Sorting, searching, set, selection and counting ops of the NumPy API."""

from __future__ import annotations

import builtins

import numpy as np

from unison.backends.numpy._helpers import (
    BFLOAT16,
    BOOL,
    FLOAT32,
    INT32,
    float_dtype_of,
    promote,
    promote_all,
    to_array,
)


def _sortable(x):
    x = to_array(x)
    if x.dtype == BFLOAT16:
        return x.astype(FLOAT32), BFLOAT16
    return x, x.dtype


def sort(x, axis=-1):
    x, dtype = _sortable(x)
    return np.sort(x, axis=axis).astype(dtype, copy=False)


def argsort(x, axis=-1):
    x, _ = _sortable(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return np.argsort(x, axis=axis, kind="stable").astype(INT32)


def argpartition(x, kth, axis=-1):
    x, _ = _sortable(x)
    if axis is None:
        x, axis = x.reshape(-1), 0
    return np.argpartition(x, kth, axis=axis).astype(INT32)


def searchsorted(sorted_sequence, values, side="left"):
    sorted_sequence, values = promote(sorted_sequence, values)
    if sorted_sequence.ndim != 1:
        raise ValueError(
            f"searchsorted: `sorted_sequence` must be 1-D; received shape {sorted_sequence.shape}."
        )
    if sorted_sequence.dtype == BFLOAT16:
        sorted_sequence, values = sorted_sequence.astype(FLOAT32), values.astype(FLOAT32)
    return np.asarray(np.searchsorted(sorted_sequence, values, side=side)).astype(INT32)


def digitize(x, bins):
    x, bins = to_array(x), to_array(bins)
    if x.dtype == BFLOAT16:
        x = x.astype(FLOAT32)
    if bins.dtype == BFLOAT16:
        bins = bins.astype(FLOAT32)
    return np.asarray(np.digitize(x, bins)).astype(INT32)


def nonzero(x):
    return tuple(index.astype(INT32) for index in np.nonzero(to_array(x)))


def where(condition, x1=None, x2=None):
    condition = to_array(condition)
    if x1 is None and x2 is None:
        return nonzero(condition)
    if x1 is None or x2 is None:
        raise ValueError("where: pass both `x1` and `x2`, or neither.")
    x1, x2 = promote(x1, x2)
    return np.where(condition, x1, x2)


def select(condlist, choicelist, default=0):
    conditions = [to_array(condition).astype(bool) for condition in condlist]
    choices = promote_all(*choicelist, default)
    default = choices.pop()
    return np.select(conditions, choices, default=default)


def isin(x1, x2, assume_unique=False, invert=False):
    x1, x2 = promote(x1, x2)
    return np.isin(x1, x2, assume_unique=assume_unique, invert=invert)


def isclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    x1, x2 = promote(x1, x2)
    if x1.dtype == BFLOAT16:
        x1, x2 = x1.astype(FLOAT32), x2.astype(FLOAT32)
    return np.asarray(np.isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(x1, x2, rtol=1e-05, atol=1e-08, equal_nan=False):
    return np.asarray(np.all(isclose(x1, x2, rtol=rtol, atol=atol, equal_nan=equal_nan)))


def bincount(x, weights=None, minlength=0, sparse=False):
    if sparse:
        raise NotImplementedError("bincount: the numpy backend has no sparse output.")
    x = to_array(x)
    if weights is None:
        dtype = INT32
    else:
        weights = to_array(weights)
        dtype = weights.dtype if weights.dtype != BOOL else INT32
    if x.ndim == 1:
        result = np.bincount(x, weights=weights, minlength=minlength)
        return result.astype(dtype)
    if x.ndim != 2:
        raise ValueError(f"bincount: `x` must be 1-D or 2-D; received shape {x.shape}.")
    length = builtins.max(minlength, int(x.max()) + 1 if x.size else 0)
    rows = [
        np.bincount(row, weights=None if weights is None else weights[index], minlength=length)
        for index, row in enumerate(x)
    ]
    return np.stack(rows).astype(dtype)


def histogram(x, bins=10, range=None):
    x = to_array(x)
    if x.ndim != 1:
        raise ValueError(f"histogram: `x` must be 1-D; received shape {x.shape}.")
    dtype = float_dtype_of(x.dtype)
    counts, edges = np.histogram(x.astype(np.float64), bins=bins, range=range)
    return counts.astype(dtype), edges.astype(dtype)


def unique(
    x,
    sorted=True,
    return_index=False,
    return_inverse=False,
    return_counts=False,
    axis=None,
    size=None,
    fill_value=None,
):
    # Values always come back sorted (as on the other backends); `sorted` is only a hint.
    x, dtype = _sortable(x)
    results = np.unique(
        x,
        return_index=True,
        return_inverse=True,
        return_counts=True,
        axis=axis,
    )
    values, index, inverse, counts = results
    if size is not None:
        count = values.shape[0 if axis is None else axis]
        if count < size:
            fill = values.min() if fill_value is None and values.size else fill_value
            fill = 0 if fill is None else fill
            pad_shape = list(values.shape)
            pad_shape[0 if axis is None else axis] = size - count
            values = np.concatenate(
                [values, np.full(pad_shape, fill, dtype=values.dtype)],
                axis=0 if axis is None else axis,
            )
            index = np.concatenate([index, np.zeros(size - count, dtype=index.dtype)])
            counts = np.concatenate([counts, np.zeros(size - count, dtype=counts.dtype)])
        else:
            values = np.take(values, np.arange(size), axis=0 if axis is None else axis)
            index, counts = index[:size], counts[:size]
    values = values.astype(dtype, copy=False)
    if axis is None:
        inverse = inverse.reshape(x.shape)
    outputs = [values]
    if return_index:
        outputs.append(index.astype(INT32))
    if return_inverse:
        outputs.append(inverse.astype(INT32))
    if return_counts:
        outputs.append(counts.astype(INT32))
    return outputs[0] if len(outputs) == 1 else tuple(outputs)


def corrcoef(x):
    x = to_array(x)
    dtype = float_dtype_of(x.dtype)
    compute = FLOAT32 if dtype in (BFLOAT16, np.dtype("float16")) else dtype
    return np.asarray(np.corrcoef(x.astype(compute))).astype(dtype)


def slogdet(x):
    x = to_array(x)
    dtype = float_dtype_of(x.dtype)
    compute = FLOAT32 if dtype in (BFLOAT16, np.dtype("float16")) else dtype
    sign, logdet = np.linalg.slogdet(x.astype(compute))
    return np.asarray(sign).astype(dtype), np.asarray(logdet).astype(dtype)


def vectorize(pyfunc, *, excluded=None, signature=None):
    vectorized = np.vectorize(pyfunc, excluded=excluded or set(), signature=signature)

    def function(*args, **kwargs):
        args = [to_array(arg) if isinstance(arg, (list, tuple)) else arg for arg in args]
        return vectorized(*args, **kwargs)

    return function
