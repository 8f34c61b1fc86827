"""Rank alignment, masks and sample weights for the built-in losses.

These follow Keras 3 exactly: a mask attached to ``y_pred`` (or to the per-sample losses)
re-weights the valid entries so that a ``"sum_over_batch_size"`` loss is the mean over the
valid entries only, and ``"mean_with_sample_weight"`` divides by the sum of the weights.

Example:
    >>> values = ops.convert_to_tensor([1.0, 2.0, 3.0])
    >>> reduce_weighted_values(values, sample_weight=[1.0, 0.0, 1.0], reduction="sum")
    4.0
"""

from __future__ import annotations

from typing import Any

from unison import ops

REDUCTIONS = ("sum", "sum_over_batch_size", "mean", "mean_with_sample_weight", "none", None)


def standardize_reduction(reduction: Any) -> Any:
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid reduction {reduction!r}: expected one of {list(REDUCTIONS)}.")
    return reduction


def combine_masks(first: Any, second: Any) -> Any:
    """The logical and of two optional boolean masks."""
    if first is None:
        return second
    if second is None:
        return first
    return ops.logical_and(ops.cast(first, "bool"), ops.cast(second, "bool"))


def static_dim_is(dim: Any, value: int) -> bool:
    """Whether a shape entry is a known int equal to ``value`` (dynamic entries are not)."""
    return isinstance(dim, int) and dim == value


def squeeze_or_expand_to_same_rank(first: Any, second: Any, expand_rank_1: bool = True):
    """Align ranks that differ by a trailing unit axis (``(n, 1)`` against ``(n,)``).

    A rank-1 tensor is expanded (rather than the other squeezed) when ``expand_rank_1``.
    """
    first_shape = ops.shape(first)
    second_shape = ops.shape(second)
    first_rank = len(first_shape)
    second_rank = len(second_shape)
    if first_rank == second_rank:
        return first, second
    if first_rank == second_rank + 1 and static_dim_is(first_shape[-1], 1):
        if second_rank == 1 and expand_rank_1:
            second = ops.expand_dims(second, axis=-1)
        else:
            first = ops.squeeze(first, axis=-1)
    if second_rank == first_rank + 1 and static_dim_is(second_shape[-1], 1):
        if first_rank == 1 and expand_rank_1:
            first = ops.expand_dims(first, axis=-1)
        else:
            second = ops.squeeze(second, axis=-1)
    return first, second


def _element_count(tensor: Any, dtype: str) -> Any:
    count = 1
    for dim in ops.shape(tensor):
        count *= dim
    return ops.cast(count, dtype)


def static_element_count(tensor: Any) -> int | None:
    """The number of elements when every dimension is static, else None."""
    count = 1
    for dim in ops.shape(tensor):
        if not isinstance(dim, int):
            return None
        count *= dim
    return count


def apply_mask(sample_weight: Any, mask: Any, dtype: str, reduction: Any) -> Any:
    """Fold a boolean ``mask`` into ``sample_weight``.

    For the averaging reductions the valid entries weigh ``total / valid`` so the average
    runs over valid entries only.
    """
    if mask is None:
        return sample_weight
    if reduction in ("mean", "sum_over_batch_size"):
        total = _element_count(mask, dtype)
        valid = ops.sum(ops.cast(mask, dtype))
        mask_weight = ops.divide_no_nan(total, valid)
        float_mask = ops.where(ops.cast(mask, "bool"), mask_weight, ops.zeros((), dtype))
        float_mask = ops.cast(float_mask, dtype)
    else:
        float_mask = ops.cast(mask, dtype)
    if sample_weight is None:
        return float_mask
    sample_weight = ops.cast(sample_weight, dtype)
    float_mask, sample_weight = squeeze_or_expand_to_same_rank(float_mask, sample_weight)
    return ops.multiply(sample_weight, float_mask)


def reduce_values(values: Any, sample_weight: Any = None, reduction: Any = "sum_over_batch_size"):
    """Reduce already-weighted ``values`` (scalars and empty vectors pass through)."""
    shape = tuple(ops.shape(values))
    if reduction in (None, "none") or not shape or (len(shape) == 1 and static_dim_is(shape[0], 0)):
        return values
    total = ops.sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and sample_weight is not None:
        divisor = ops.cast(ops.sum(sample_weight), ops.dtype(total))
    else:
        count = static_element_count(values)
        if count:  # a known, non-zero count: a plain division (cheaper forward and backward)
            return ops.divide(total, ops.cast(count, ops.dtype(total)))
        divisor = _element_count(values, ops.dtype(total))
    return ops.divide_no_nan(total, divisor)


def reduce_weighted_values(
    values: Any,
    sample_weight: Any = None,
    mask: Any = None,
    reduction: Any = "sum_over_batch_size",
    dtype: Any = None,
) -> Any:
    """Apply ``mask`` and ``sample_weight`` to per-sample ``values``, then reduce."""
    reduction = standardize_reduction(reduction)
    values = ops.convert_to_tensor(values)
    if dtype is not None and ops.dtype(values) != dtype:
        values = ops.cast(values, dtype)
    dtype = ops.dtype(values)
    if sample_weight is not None:
        sample_weight = ops.cast(ops.convert_to_tensor(sample_weight), dtype)
    sample_weight = apply_mask(sample_weight, mask, dtype=dtype, reduction=reduction)
    if sample_weight is not None:
        values, sample_weight = squeeze_or_expand_to_same_rank(values, sample_weight)
        values = ops.multiply(values, sample_weight)
    return reduce_values(values, sample_weight, reduction)
