"""Normalization, losses, attention, encoding and CTC ops of ``unison.ops.nn``."""

from __future__ import annotations

import warnings
from typing import Any

from unison.ops._common import (
    SymbolicTensor,
    TensorLike,
    any_symbolic,
    check_choice,
    check_positive,
    current,
    dtype_or_floatx,
    epsilon_or_default,
    normalize_axis,
    symbolic_call,
)

__all__ = [
    "batch_normalization",
    "binary_crossentropy",
    "categorical_crossentropy",
    "ctc_decode",
    "ctc_loss",
    "dot_product_attention",
    "layer_normalization",
    "moments",
    "multi_hot",
    "normalize",
    "one_hot",
    "polar",
    "psnr",
    "rms_normalization",
    "sparse_categorical_crossentropy",
]


# -- normalization --------------------------------------------------------------------------


def batch_normalization(
    x: TensorLike,
    mean: TensorLike,
    variance: TensorLike,
    axis: int,
    offset: TensorLike | None = None,
    scale: TensorLike | None = None,
    epsilon: float = 1e-3,
):
    """``(x - mean) / sqrt(variance + epsilon) * scale + offset``, with stats along ``axis``.

    Example:
        >>> unison.ops.batch_normalization(x, mean, variance, axis=-1)
    """
    if type(axis) is not int:
        raise TypeError(f"batch_normalization: `axis` must be an int; received {axis!r}.")
    if any_symbolic(x, mean, variance, offset, scale):
        return symbolic_call(
            batch_normalization,
            x,
            mean,
            variance,
            axis,
            offset=offset,
            scale=scale,
            epsilon=epsilon,
        )
    return current().backend.batch_normalization(
        x, mean, variance, axis, offset=offset, scale=scale, epsilon=epsilon
    )


def layer_normalization(
    x: TensorLike,
    gamma: TensorLike | None = None,
    beta: TensorLike | None = None,
    axis: int | tuple = -1,
    epsilon: float | None = None,
    **kwargs: Any,
):
    """Normalise ``x`` to zero mean and unit variance over ``axis``, then scale and shift.

    Example:
        >>> unison.ops.layer_normalization([[1.0, 3.0]])   # -> [[-1., 1.]] (about)
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise TypeError(f"layer_normalization: unexpected keyword arguments {sorted(kwargs)}.")
    if rms_scaling:
        warnings.warn(
            "layer_normalization(rms_scaling=True) is deprecated; use "
            "unison.ops.rms_normalization instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return rms_normalization(x, scale=gamma, axis=axis, epsilon=epsilon)
    axis = normalize_axis(axis, "layer_normalization")
    epsilon = epsilon_or_default(epsilon)
    if any_symbolic(x, gamma, beta):
        return symbolic_call(
            layer_normalization, x, gamma=gamma, beta=beta, axis=axis, epsilon=epsilon
        )
    return current().backend.layer_normalization(
        x, gamma=gamma, beta=beta, axis=axis, epsilon=epsilon
    )


def rms_normalization(
    x: TensorLike,
    scale: TensorLike | None = None,
    axis: int | tuple = -1,
    epsilon: float | None = None,
):
    """``x / sqrt(mean(x**2, axis) + epsilon) * scale`` (root-mean-square normalisation).

    Example:
        >>> unison.ops.rms_normalization([[3.0, 4.0]])   # -> [[0.8485, 1.1314]]
    """
    axis = normalize_axis(axis, "rms_normalization")
    epsilon = epsilon_or_default(epsilon)
    if any_symbolic(x, scale):
        return symbolic_call(rms_normalization, x, scale=scale, axis=axis, epsilon=epsilon)
    return current().backend.rms_normalization(x, scale=scale, axis=axis, epsilon=epsilon)


def normalize(x: TensorLike, axis: int = -1, order: int = 2, epsilon: float | None = None):
    """Divide ``x`` by its ``order``-norm along ``axis`` (1 or 2).

    Example:
        >>> unison.ops.normalize([3.0, 4.0])   # -> [0.6, 0.8]
    """
    if not isinstance(order, int) or isinstance(order, bool) or order < 1:
        raise ValueError(f"normalize: `order` must be an int >= 1; received {order!r}.")
    axis = normalize_axis(axis, "normalize")
    epsilon = epsilon_or_default(epsilon)
    if type(x) is SymbolicTensor:
        return symbolic_call(normalize, x, axis=axis, order=order, epsilon=epsilon)
    return current().backend.normalize(x, axis=axis, order=order, epsilon=epsilon)


def moments(x: TensorLike, axes: Any, keepdims: bool = False, synchronized: bool = False):
    """Mean and variance of ``x`` over ``axes``: ``(mean, variance)``.

    Example:
        >>> unison.ops.moments([1.0, 3.0], axes=0)   # -> (2., 1.)
    """
    axes = normalize_axis(axes, "moments")
    if axes is None:
        raise TypeError("moments: `axes` is required (an int or a tuple of ints); received None.")
    if type(x) is SymbolicTensor:
        return symbolic_call(moments, x, axes, keepdims=keepdims, synchronized=synchronized)
    return current().backend.moments(x, axes, keepdims=keepdims, synchronized=synchronized)


# -- losses and metrics ---------------------------------------------------------------------


def binary_crossentropy(target: TensorLike, output: TensorLike, from_logits: bool = False):
    """Element-wise binary cross-entropy between 0/1 targets and probabilities (or logits).

    Example:
        >>> unison.ops.binary_crossentropy([1.0], [0.9])   # -> [0.1054]
    """
    if type(target) is SymbolicTensor or type(output) is SymbolicTensor:
        return symbolic_call(binary_crossentropy, target, output, from_logits=from_logits)
    return current().backend.binary_crossentropy(target, output, from_logits=from_logits)


def categorical_crossentropy(
    target: TensorLike, output: TensorLike, from_logits: bool = False, axis: int = -1
):
    """Cross-entropy between one-hot ``target`` and class probabilities (or logits) on ``axis``.

    Example:
        >>> unison.ops.categorical_crossentropy([[0.0, 1.0]], [[0.2, 0.8]])   # -> [0.2231]
    """
    if type(axis) is not int:
        raise TypeError(f"categorical_crossentropy: `axis` must be an int; received {axis!r}.")
    if type(target) is SymbolicTensor or type(output) is SymbolicTensor:
        return symbolic_call(
            categorical_crossentropy, target, output, from_logits=from_logits, axis=axis
        )
    return current().backend.categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )


def sparse_categorical_crossentropy(
    target: TensorLike, output: TensorLike, from_logits: bool = False, axis: int = -1
):
    """Cross-entropy between integer class ``target`` and probabilities (or logits).

    Example:
        >>> unison.ops.sparse_categorical_crossentropy([1], [[0.2, 0.8]])   # -> [0.2231]
    """
    if type(axis) is not int:
        raise TypeError(
            f"sparse_categorical_crossentropy: `axis` must be an int; received {axis!r}."
        )
    if type(target) is SymbolicTensor or type(output) is SymbolicTensor:
        return symbolic_call(
            sparse_categorical_crossentropy, target, output, from_logits=from_logits, axis=axis
        )
    return current().backend.sparse_categorical_crossentropy(
        target, output, from_logits=from_logits, axis=axis
    )


def psnr(x1: TensorLike, x2: TensorLike, max_val: float):
    """Peak signal-to-noise ratio in dB between two signals with peak value ``max_val``.

    Example:
        >>> unison.ops.psnr([1.0, 0.0], [0.9, 0.1], max_val=1.0)   # -> 20.0
    """
    if type(x1) is SymbolicTensor or type(x2) is SymbolicTensor:
        return symbolic_call(psnr, x1, x2, max_val)
    return current().backend.psnr(x1, x2, max_val)


# -- encodings ------------------------------------------------------------------------------


def one_hot(
    x: TensorLike,
    num_classes: int,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
):
    """One-hot encode integer ``x`` into a new axis of size ``num_classes`` (negatives -> 0s).

    Example:
        >>> unison.ops.one_hot([0, 2], 3)   # -> [[1., 0., 0.], [0., 0., 1.]]
    """
    check_positive(num_classes, "num_classes", "one_hot")
    dtype = dtype_or_floatx(dtype)
    if type(x) is SymbolicTensor:
        return symbolic_call(one_hot, x, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return current().backend.one_hot(x, num_classes, axis=axis, dtype=dtype, sparse=sparse)


def multi_hot(
    inputs: TensorLike,
    num_classes: int | None = None,
    axis: int = -1,
    dtype: Any = None,
    sparse: bool = False,
    **kwargs: Any,
):
    """Multi-hot encode each row of integer ``inputs`` into ``num_classes`` slots.

    Example:
        >>> unison.ops.multi_hot([[0, 2]], 3)   # -> [[1., 0., 1.]]
    """
    if num_classes is None and "num_tokens" in kwargs:
        num_classes = kwargs.pop("num_tokens")
    if kwargs:
        raise TypeError(f"multi_hot: unexpected keyword arguments {sorted(kwargs)}.")
    if num_classes is None:
        raise ValueError("multi_hot: `num_classes` is required; received None.")
    check_positive(num_classes, "num_classes", "multi_hot")
    dtype = dtype_or_floatx(dtype)
    if type(inputs) is SymbolicTensor:
        return symbolic_call(multi_hot, inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)
    return current().backend.multi_hot(inputs, num_classes, axis=axis, dtype=dtype, sparse=sparse)


def polar(abs_: TensorLike, angle: TensorLike):
    """Complex numbers ``abs_ * (cos(angle) + i sin(angle))`` from magnitudes and angles.

    Example:
        >>> unison.ops.polar([2.0], [0.0])   # -> [2.+0.j]
    """
    if type(abs_) is SymbolicTensor or type(angle) is SymbolicTensor:
        return symbolic_call(polar, abs_, angle)
    return current().backend.polar(abs_, angle)


# -- attention ------------------------------------------------------------------------------


def dot_product_attention(
    query: TensorLike,
    key: TensorLike,
    value: TensorLike,
    bias: TensorLike | None = None,
    mask: TensorLike | None = None,
    scale: float | None = None,
    is_causal: bool = False,
    flash_attention: bool | None = None,
    attn_logits_soft_cap: float | None = None,
):
    """Scaled dot-product attention on ``(batch, length, heads, head_dim)`` tensors.

    Example:
        >>> q = unison.ops.ones((2, 5, 4, 8))
        >>> unison.ops.dot_product_attention(q, q, q).shape   # -> (2, 5, 4, 8)
    """
    if flash_attention is not None and not isinstance(flash_attention, bool):
        raise TypeError(
            "dot_product_attention: `flash_attention` must be None, True or False; received "
            f"{flash_attention!r}."
        )
    rank = getattr(query, "ndim", None)
    if rank is not None and rank not in (3, 4):
        raise ValueError(
            "dot_product_attention: `query` must have rank 3 or 4 (batch, length, [heads,] "
            f"head_dim); received shape {tuple(query.shape)}."
        )
    if any_symbolic(query, key, value, bias, mask):
        return symbolic_call(
            dot_product_attention,
            query,
            key,
            value,
            bias=bias,
            mask=mask,
            scale=scale,
            is_causal=is_causal,
            flash_attention=flash_attention,
            attn_logits_soft_cap=attn_logits_soft_cap,
        )
    return current().backend.dot_product_attention(
        query,
        key,
        value,
        bias=bias,
        mask=mask,
        scale=scale,
        is_causal=is_causal,
        flash_attention=flash_attention,
        attn_logits_soft_cap=attn_logits_soft_cap,
    )


# -- connectionist temporal classification --------------------------------------------------


def ctc_loss(
    target: TensorLike,
    output: TensorLike,
    target_length: TensorLike,
    output_length: TensorLike,
    mask_index: int = 0,
):
    """CTC loss per batch item between label sequences and per-step class logits.

    Example:
        >>> unison.ops.ctc_loss(labels, logits, label_lengths, logit_lengths)   # (batch,)
    """
    if any_symbolic(target, output, target_length, output_length):
        return symbolic_call(
            ctc_loss, target, output, target_length, output_length, mask_index=mask_index
        )
    return current().backend.ctc_loss(
        target, output, target_length, output_length, mask_index=mask_index
    )


def ctc_decode(
    inputs: TensorLike,
    sequence_lengths: TensorLike,
    strategy: str = "greedy",
    beam_width: int = 100,
    top_paths: int = 1,
    merge_repeated: bool = True,
    mask_index: int = 0,
):
    """Decode CTC outputs (greedy or beam search): ``(decoded_paths, scores)``.

    Example:
        >>> paths, scores = unison.ops.ctc_decode(logits, lengths, strategy="greedy")
    """
    check_choice(strategy, ("greedy", "beam_search"), "strategy", "ctc_decode")
    check_positive(top_paths, "top_paths", "ctc_decode")
    if strategy == "beam_search":
        check_positive(beam_width, "beam_width", "ctc_decode")
        if top_paths > beam_width:
            raise ValueError(
                f"ctc_decode: `top_paths` ({top_paths}) must be <= `beam_width` ({beam_width})."
            )
    if any_symbolic(inputs, sequence_lengths):
        return symbolic_call(
            ctc_decode,
            inputs,
            sequence_lengths,
            strategy=strategy,
            beam_width=beam_width,
            top_paths=top_paths,
            merge_repeated=merge_repeated,
            mask_index=mask_index,
        )
    return current().backend.ctc_decode(
        inputs,
        sequence_lengths,
        strategy=strategy,
        beam_width=beam_width,
        top_paths=top_paths,
        merge_repeated=merge_repeated,
        mask_index=mask_index,
    )
