"""Products and contractions: matmul, dot, einsum, tensordot, kron, cross, correlate."""

import tensorflow as tf

from unison.backends.tensorflow._base import (
    INEXACT,
    EagerTensor,
    floatx,
    many,
    pair,
)

__all__ = [
    "matmul",
    "dot",
    "vdot",
    "inner",
    "outer",
    "tensordot",
    "einsum",
    "kron",
    "cross",
    "correlate",
    "slogdet",
]

_MatMul = tf.raw_ops.MatMul
_BatchMatMul = tf.raw_ops.BatchMatMulV3
_FAST_MATMUL = frozenset((tf.float32, tf.float64, tf.bfloat16))
# TensorFlow has no CPU matmul kernels for these: compute wider, then cast to the result.
_WIDE = {
    tf.float16: tf.float32,  # no half-precision batch matmul kernel on CPU
    tf.bool: tf.int32,
    tf.int8: tf.int32,
    tf.int16: tf.int32,
    tf.uint8: tf.int32,
    tf.uint16: tf.int32,
    tf.uint32: tf.int64,
    tf.uint64: tf.int64,
}
# NumPy-style results: int8 products accumulate to int32 (as in JAX's preferred type).
_RESULT = {tf.int8: tf.int32}


def _contract(function, x1, x2):
    dtype = x1.dtype
    wide = _WIDE.get(dtype)
    if wide is None:
        return function(x1, x2)
    result = function(tf.cast(x1, wide), tf.cast(x2, wide))
    if dtype == tf.bool:
        return result > 0
    return tf.cast(result, _RESULT.get(dtype, dtype))


def _matmul(x1, x2):
    rank1, rank2 = len(x1.shape), len(x2.shape)
    if rank1 == 0 or rank2 == 0:
        raise ValueError(
            f"matmul: inputs must be at least 1-D; received shapes {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    if rank1 == 1 and rank2 == 1:
        return tf.reduce_sum(x1 * x2)
    if rank1 == 1:
        return tf.squeeze(tf.matmul(tf.expand_dims(x1, 0), x2), -2)
    if rank2 == 1:
        return tf.squeeze(tf.matmul(x1, tf.expand_dims(x2, -1)), -1)
    if rank1 == 2 and rank2 == 2:
        return tf.matmul(x1, x2)
    if rank2 == 2 and x1.dtype in _FAST_MATMUL:
        return _folded_matmul(x1, x2)
    return _BatchMatMul(x=x1, y=x2, Tout=x1.dtype)


def matmul(x1, x2):
    if type(x1) is EagerTensor and type(x2) is EagerTensor:
        dtype = x1.dtype
        if dtype is x2.dtype and dtype in _FAST_MATMUL:
            rank1 = x1.shape.rank
            rank2 = x2.shape.rank
            if rank1 == 2 and rank2 == 2:
                return _MatMul(a=x1, b=x2)
            if rank1 > 2 and rank2 == 2:
                return _folded_matmul(x1, x2)
            if rank1 > 2 and rank2 > 2:
                return _BatchMatMul(x=x1, y=x2, Tout=dtype)
    x1, x2 = pair(x1, x2)
    return _contract(_matmul, x1, x2)


def _folded_matmul(x1, x2):
    """``(..., k) @ (k, n)`` as one 2-D MatMul over the folded leading axes. A broadcasting
    BatchMatMul is slower, and its gradient for ``x2`` sums one product per batch entry."""
    depth = x1.shape[-1] if x1.shape[-1] is not None else tf.shape(x1)[-1]
    result = _MatMul(a=tf.reshape(x1, [-1, depth]), b=x2)
    if x1.shape[:-1].is_fully_defined() and x2.shape[-1] is not None:
        return tf.reshape(result, [*x1.shape[:-1].as_list(), x2.shape[-1]])
    return tf.reshape(result, tf.concat([tf.shape(x1)[:-1], tf.shape(x2)[-1:]], axis=0))


def dot(x1, x2):
    x1, x2 = pair(x1, x2)
    rank1, rank2 = len(x1.shape), len(x2.shape)

    def compute(a, b):
        if rank1 == 0 or rank2 == 0:
            return a * b
        if rank2 == 1:
            return tf.tensordot(a, b, [[rank1 - 1], [0]])
        return tf.tensordot(a, b, [[rank1 - 1], [rank2 - 2]])

    result = _contract(compute, x1, x2)
    if x1.dtype == tf.int8:
        return tf.cast(result, tf.int8)
    return result


def vdot(x1, x2):
    x1, x2 = pair(x1, x2)
    a = tf.reshape(x1, [-1])
    b = tf.reshape(x2, [-1])
    if a.dtype.is_complex:
        a = tf.math.conj(a)
    result = _contract(lambda p, q: tf.reduce_sum(p * q), a, b)
    return tf.cast(result, x1.dtype) if x1.dtype != tf.bool else result


def inner(x1, x2):
    x1, x2 = pair(x1, x2)
    if len(x1.shape) == 0 or len(x2.shape) == 0:
        return _contract(lambda a, b: a * b, x1, x2)
    result = _contract(
        lambda a, b: tf.tensordot(a, b, [[len(a.shape) - 1], [len(b.shape) - 1]]), x1, x2
    )
    return tf.cast(result, x1.dtype) if x1.dtype != tf.bool else result


def outer(x1, x2):
    x1, x2 = pair(x1, x2)
    a = tf.reshape(x1, [-1, 1])
    b = tf.reshape(x2, [1, -1])
    if a.dtype == tf.bool:
        return tf.logical_and(a, b)
    return a * b


def tensordot(x1, x2, axes=2):
    x1, x2 = pair(x1, x2)
    result = _contract(lambda a, b: tf.tensordot(a, b, axes), x1, x2)
    return tf.cast(result, x1.dtype) if x1.dtype != tf.bool else result


def _explicit(subscripts):
    """NumPy's implicit output (no '->'): the ellipsis, then letters used once, sorted."""
    if "->" in subscripts:
        return subscripts
    letters = subscripts.replace("...", "").replace(",", "").replace(" ", "")
    once = sorted(letter for letter in set(letters) if letters.count(letter) == 1)
    prefix = "..." if "..." in subscripts else ""
    return f"{subscripts}->{prefix}{''.join(once)}"


def einsum(subscripts, *operands, **kwargs):
    subscripts = _explicit(subscripts)
    operands = pair(*operands) if len(operands) == 2 else many(operands)
    dtype = operands[0].dtype
    wide = _WIDE.get(dtype)
    if wide is None:
        return tf.einsum(subscripts, *operands)
    result = tf.einsum(subscripts, *[tf.cast(operand, wide) for operand in operands])
    if dtype == tf.bool:
        return result > 0
    return tf.cast(result, _RESULT.get(dtype, dtype))


def kron(x1, x2):
    x1, x2 = pair(x1, x2)
    rank = max(len(x1.shape), len(x2.shape))
    a = tf.reshape(x1, [1] * (rank - len(x1.shape)) + x1.shape.as_list())
    b = tf.reshape(x2, [1] * (rank - len(x2.shape)) + x2.shape.as_list())
    a_shape, b_shape = a.shape.as_list(), b.shape.as_list()
    a_expanded = tf.reshape(a, [d for dim in a_shape for d in (dim, 1)])
    b_expanded = tf.reshape(b, [d for dim in b_shape for d in (1, dim)])
    if a.dtype == tf.bool:
        product = tf.logical_and(a_expanded, b_expanded)
    else:
        product = a_expanded * b_expanded
    return tf.reshape(product, [p * q for p, q in zip(a_shape, b_shape, strict=False)])


def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    x1, x2 = pair(x1, x2)
    if axis is not None:
        axisa = axisb = axisc = axis
    a = tf.experimental.numpy.moveaxis(x1, axisa, -1)
    b = tf.experimental.numpy.moveaxis(x2, axisb, -1)
    size_a, size_b = a.shape[-1], b.shape[-1]
    if size_a not in (2, 3) or size_b not in (2, 3):
        raise ValueError(
            "cross: vectors must have 2 or 3 components along the chosen axes; received "
            f"{size_a} and {size_b}."
        )
    if size_a == 2 and size_b == 2:
        return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    if size_a == 2:
        a = tf.concat([a, tf.zeros_like(a[..., :1])], -1)
    if size_b == 2:
        b = tf.concat([b, tf.zeros_like(b[..., :1])], -1)
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    result = tf.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], axis=-1)
    return tf.experimental.numpy.moveaxis(result, -1, axisc)


def correlate(x1, x2, mode="valid"):
    x1, x2 = pair(x1, x2)
    if x1.dtype not in INEXACT:
        x1, x2 = tf.cast(x1, floatx()), tf.cast(x2, floatx())
    if len(x1.shape) != 1 or len(x2.shape) != 1:
        raise ValueError(
            f"correlate: inputs must be 1-D; received shapes {tuple(x1.shape)} and "
            f"{tuple(x2.shape)}."
        )
    if mode not in ("valid", "same", "full"):
        raise ValueError(f"correlate: `mode` must be valid, same or full; received {mode!r}.")
    length_a, length_v = x1.shape[0], x2.shape[0]
    swapped = length_v > length_a
    a, v = (x2, x1) if swapped else (x1, x2)
    length_a, length_v = max(length_a, length_v), min(length_a, length_v)
    if mode == "full":
        left, right = length_v - 1, length_v - 1
    elif mode == "same":
        left = length_v // 2
        right = length_v - 1 - left
    else:
        left = right = 0
    compute = tf.float32 if a.dtype in (tf.float16, tf.bfloat16) else a.dtype
    padded = tf.pad(tf.cast(a, compute), [[left, right]])
    result = tf.nn.conv1d(
        tf.reshape(padded, [1, -1, 1]),
        tf.reshape(tf.cast(v, compute), [-1, 1, 1]),
        stride=1,
        padding="VALID",
    )
    result = tf.cast(tf.reshape(result, [-1]), x1.dtype)
    return tf.reverse(result, [0]) if swapped else result


def slogdet(x):
    x = many([x])[0]
    dtype = x.dtype
    if dtype not in INEXACT:
        x = tf.cast(x, floatx())
    compute = tf.float32 if x.dtype in (tf.float16, tf.bfloat16) else x.dtype
    sign, logdet = tf.linalg.slogdet(tf.cast(x, compute))
    return tf.cast(sign, x.dtype), tf.cast(logdet, x.dtype)
