"""``unison.ops.linalg`` on TensorFlow (half precision is computed in float32)."""

import numpy as np
import tensorflow as tf

from unison import tree
from unison.backends.contract import gather
from unison.backends.tensorflow._base import (
    HALF,
    INEXACT,
    convert_to_tensor,
    floatx,
    pair,
)


def _matrix(x, name="x"):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    if len(x.shape) < 2:
        raise ValueError(f"`{name}` must be at least 2-D; received shape {tuple(x.shape)}.")
    dtype = x.dtype
    return (tf.cast(x, tf.float32) if dtype in HALF else x), dtype


def _back(value, dtype):
    return tf.cast(value, dtype) if value.dtype != dtype and not value.dtype.is_complex else value


def cholesky(x, upper=False):
    x, dtype = _matrix(x)
    lower = tf.linalg.cholesky(x)
    result = tf.linalg.adjoint(lower) if upper else lower
    return _back(result, dtype)


def cholesky_inverse(x, upper=False):
    x, dtype = _matrix(x)
    factor = tf.linalg.adjoint(x) if upper else x
    identity = tf.eye(tf.shape(x)[-1], batch_shape=tf.shape(x)[:-2], dtype=x.dtype)
    return _back(tf.linalg.cholesky_solve(factor, identity), dtype)


def det(x):
    x, dtype = _matrix(x)
    return _back(tf.linalg.det(x), dtype)


def eig(x):
    x, _ = _matrix(x)
    return tf.linalg.eig(x)


def eigh(x):
    x, dtype = _matrix(x)
    values, vectors = tf.linalg.eigh(x)
    return _back(values, dtype), _back(vectors, dtype)


def inv(x):
    x, dtype = _matrix(x)
    return _back(tf.linalg.inv(x), dtype)


def pinv(x, rcond=None):
    x, dtype = _matrix(x)
    if rcond is None:
        return _back(tf.linalg.pinv(x), dtype)
    return _back(tf.linalg.pinv(x, rcond=rcond), dtype)


def lstsq(a, b, rcond=None):
    a, b = pair(a, b)
    a, dtype = _matrix(a, "a")
    b = tf.cast(b, a.dtype)
    vector = len(b.shape) == 1
    if vector:
        b = tf.expand_dims(b, -1)
    m, n = a.shape[-2], a.shape[-1]
    if rcond is None:
        rcond = np.finfo(a.dtype.as_numpy_dtype).eps * max(m, n)
    singular, left, right = tf.linalg.svd(a, full_matrices=False)
    cutoff = rcond * tf.reduce_max(singular, axis=-1, keepdims=True)
    inverse = tf.where(
        singular > cutoff, 1 / tf.where(singular > cutoff, singular, 1), tf.zeros_like(singular)
    )
    projected = tf.matmul(left, b, adjoint_a=True) * tf.expand_dims(inverse, -1)
    solution = tf.matmul(right, projected)
    if vector:
        solution = tf.squeeze(solution, -1)
    return _back(solution, dtype)


def _permutation_to_pivots(permutation):
    """LAPACK-style row swaps that produce ``permutation`` (rows of A in LU order)."""
    size = permutation.shape[-1]
    current = tf.broadcast_to(tf.range(size, dtype=permutation.dtype), tf.shape(permutation))
    pivots = []
    for step in range(size):
        wanted = permutation[..., step : step + 1]
        position = tf.argmax(
            tf.cast(tf.equal(current, wanted), tf.int32), axis=-1, output_type=tf.int32
        )
        pivots.append(position)
        positions = tf.range(size, dtype=tf.int32)
        at_step = tf.equal(positions, step)
        at_found = tf.equal(positions, position[..., None])
        step_value = current[..., step : step + 1]
        found_value = tf.gather(current, position[..., None], batch_dims=len(current.shape) - 1)
        current = tf.where(at_step, found_value, tf.where(at_found, step_value, current))
    return tf.stack(pivots, axis=-1)


def lu_factor(x):
    x, dtype = _matrix(x)
    lu, permutation = tf.linalg.lu(x)
    return _back(lu, dtype), _permutation_to_pivots(tf.cast(permutation, tf.int32))


def matrix_rank(x, tol=None):
    x, _ = _matrix(x)
    singular = tf.linalg.svd(x, compute_uv=False)
    if tol is None:
        eps = np.finfo(x.dtype.as_numpy_dtype).eps
        tol = tf.reduce_max(singular, axis=-1, keepdims=True) * max(x.shape[-2:]) * eps
    else:
        tol = tf.cast(tol, singular.dtype)
        if len(tol.shape):
            tol = tf.expand_dims(tol, -1)
    return tf.reduce_sum(tf.cast(singular > tol, tf.int32), axis=-1)


def _vector_norm(x, ord, axis, keepdims):
    magnitude = tf.abs(x)
    if ord is None or ord == 2:
        return tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis=axis, keepdims=keepdims))
    if ord == np.inf:
        return tf.reduce_max(magnitude, axis=axis, keepdims=keepdims)
    if ord == -np.inf:
        return tf.reduce_min(magnitude, axis=axis, keepdims=keepdims)
    if ord == 0:
        return tf.reduce_sum(
            tf.cast(magnitude != 0, x.dtype.real_dtype), axis=axis, keepdims=keepdims
        )
    if isinstance(ord, str):
        raise ValueError(f"norm: invalid `ord` {ord!r} for a vector norm.")
    power = tf.cast(ord, magnitude.dtype)
    return tf.pow(tf.reduce_sum(tf.pow(magnitude, power), axis=axis, keepdims=keepdims), 1 / power)


def _matrix_norm(x, ord, axes, keepdims):
    row, col = axes
    magnitude = tf.abs(x)
    if ord in (None, "fro"):
        result = tf.sqrt(tf.reduce_sum(tf.square(magnitude), axis=axes))
    elif ord in (1, -1):
        sums = tf.reduce_sum(magnitude, axis=row)
        column_axis = col - 1 if col > row else col
        reducer = tf.reduce_max if ord == 1 else tf.reduce_min
        result = reducer(sums, axis=column_axis)
    elif ord in (np.inf, -np.inf):
        sums = tf.reduce_sum(magnitude, axis=col)
        row_axis = row - 1 if row > col else row
        reducer = tf.reduce_max if ord == np.inf else tf.reduce_min
        result = reducer(sums, axis=row_axis)
    elif ord in (2, -2, "nuc"):
        rank = len(x.shape)
        order = [a for a in range(rank) if a not in axes] + [row, col]
        singular = tf.linalg.svd(tf.transpose(x, order), compute_uv=False)
        if ord == "nuc":
            result = tf.reduce_sum(singular, axis=-1)
        else:
            result = (tf.reduce_max if ord == 2 else tf.reduce_min)(singular, axis=-1)
    else:
        raise ValueError(f"norm: invalid `ord` {ord!r} for a matrix norm.")
    if keepdims:
        for axis in sorted(axes):
            result = tf.expand_dims(result, axis)
    return result


def norm(x, ord=None, axis=None, keepdims=False):
    x = convert_to_tensor(x)
    if x.dtype not in INEXACT:
        x = tf.cast(x, floatx())
    dtype = x.dtype
    if dtype in HALF:
        x = tf.cast(x, tf.float32)
    rank = len(x.shape)
    if axis is None:
        if ord is None:
            result = tf.sqrt(tf.reduce_sum(tf.square(tf.abs(x))))
            if keepdims:
                result = tf.reshape(result, [1] * rank)
            return tf.cast(result, dtype.real_dtype)
        axis = tuple(range(rank))
    if isinstance(axis, int):
        axis = (axis,)
    axis = tuple(a + rank if a < 0 else a for a in axis)
    if len(axis) == 1:
        result = _vector_norm(x, ord, axis[0], keepdims)
    elif len(axis) == 2:
        result = _matrix_norm(x, ord, axis, keepdims)
    else:
        raise ValueError(f"norm: `axis` must have 1 or 2 entries; received {axis}.")
    return tf.cast(result, dtype.real_dtype)


def qr(x, mode="reduced"):
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr: `mode` must be 'reduced' or 'complete'; received {mode!r}.")
    x, dtype = _matrix(x)
    q, r = tf.linalg.qr(x, full_matrices=mode == "complete")
    return _back(q, dtype), _back(r, dtype)


def solve(a, b):
    a, b = pair(a, b)
    a, dtype = _matrix(a, "a")
    b = tf.cast(b, a.dtype)
    vector = len(b.shape) == len(a.shape) - 1
    if vector:
        b = tf.expand_dims(b, -1)
    result = tf.linalg.solve(a, b)
    if vector:
        result = tf.squeeze(result, -1)
    return _back(result, dtype)


def solve_triangular(a, b, lower=False):
    a, b = pair(a, b)
    a, dtype = _matrix(a, "a")
    b = tf.cast(b, a.dtype)
    vector = len(b.shape) == len(a.shape) - 1
    if vector:
        b = tf.expand_dims(b, -1)
    result = tf.linalg.triangular_solve(a, b, lower=lower)
    if vector:
        result = tf.squeeze(result, -1)
    return _back(result, dtype)


def svd(x, full_matrices=True, compute_uv=True):
    x, dtype = _matrix(x)
    if not compute_uv:
        return _back(tf.linalg.svd(x, compute_uv=False), dtype)
    singular, left, right = tf.linalg.svd(x, full_matrices=full_matrices)
    return _back(left, dtype), _back(singular, dtype), _back(tf.linalg.adjoint(right), dtype)


def jvp(fun, primals, tangents, has_aux=False):
    primals = tree.map_structure(convert_to_tensor, tuple(primals))
    tangents = tree.map_structure(convert_to_tensor, tuple(tangents))
    flat_primals = tree.flatten(primals)
    flat_tangents = tree.flatten(tangents)
    with tf.autodiff.ForwardAccumulator(flat_primals, flat_tangents) as accumulator:
        outputs = fun(*primals)
    if has_aux:
        outputs, aux = outputs
    tangent_out = tree.map_structure(
        lambda out: accumulator.jvp(out, unconnected_gradients=tf.UnconnectedGradients.ZERO),
        outputs,
    )
    if has_aux:
        return outputs, tangent_out, aux
    return outputs, tangent_out


__all__ = gather(globals(), "linalg")
