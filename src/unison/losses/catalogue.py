"""Loss lookup by name: the Keras strings (``"mse"``, ``"categorical_crossentropy"``...) and
class names (``"MeanSquaredError"``) give a fresh Loss instance.

``"crossentropy"`` / ``"ce"`` pick the binary, sparse or categorical cross-entropy from the
shapes of ``y_true`` and ``y_pred`` when the loss is first called (static shapes only, so the
choice is made once per trace and is jit-safe).

Example:
    >>> by_name("mse")
    <MeanSquaredError name=mse reduction=sum_over_batch_size>
"""

from __future__ import annotations

from typing import Any

from unison.losses import classes, probabilistic
from unison.losses.builtin import BuiltinLoss
from unison.losses.weighting import squeeze_or_expand_to_same_rank, static_dim_is

_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        classes.MeanSquaredError,
        classes.MeanAbsoluteError,
        classes.MeanAbsolutePercentageError,
        classes.MeanSquaredLogarithmicError,
        classes.CosineSimilarity,
        classes.Huber,
        classes.LogCosh,
        classes.Hinge,
        classes.SquaredHinge,
        classes.CategoricalHinge,
        classes.KLDivergence,
        classes.Poisson,
        classes.BinaryCrossentropy,
        classes.BinaryFocalCrossentropy,
        classes.CategoricalCrossentropy,
        classes.CategoricalFocalCrossentropy,
        classes.SparseCategoricalCrossentropy,
        classes.CategoricalGeneralizedCrossEntropy,
        classes.CTC,
        classes.Dice,
        classes.Tversky,
        classes.Circle,
    )
}

# Function names and short aliases -> the class computing the same per-sample values.
_FUNCTIONS: dict[str, type] = {
    "mean_squared_error": classes.MeanSquaredError,
    "mse": classes.MeanSquaredError,
    "MSE": classes.MeanSquaredError,
    "mean_absolute_error": classes.MeanAbsoluteError,
    "mae": classes.MeanAbsoluteError,
    "MAE": classes.MeanAbsoluteError,
    "mean_absolute_percentage_error": classes.MeanAbsolutePercentageError,
    "mape": classes.MeanAbsolutePercentageError,
    "MAPE": classes.MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": classes.MeanSquaredLogarithmicError,
    "msle": classes.MeanSquaredLogarithmicError,
    "MSLE": classes.MeanSquaredLogarithmicError,
    "cosine_similarity": classes.CosineSimilarity,
    "huber": classes.Huber,
    "log_cosh": classes.LogCosh,
    "hinge": classes.Hinge,
    "squared_hinge": classes.SquaredHinge,
    "categorical_hinge": classes.CategoricalHinge,
    "kl_divergence": classes.KLDivergence,
    "kld": classes.KLDivergence,
    "KLD": classes.KLDivergence,
    "poisson": classes.Poisson,
    "binary_crossentropy": classes.BinaryCrossentropy,
    "bce": classes.BinaryCrossentropy,
    "BCE": classes.BinaryCrossentropy,
    "binary_focal_crossentropy": classes.BinaryFocalCrossentropy,
    "categorical_crossentropy": classes.CategoricalCrossentropy,
    "categorical_focal_crossentropy": classes.CategoricalFocalCrossentropy,
    "sparse_categorical_crossentropy": classes.SparseCategoricalCrossentropy,
    "ctc": classes.CTC,
    "dice": classes.Dice,
    "tversky": classes.Tversky,
    "circle": classes.Circle,
}

_AUTOMATIC = ("crossentropy", "ce")


def binary_or_sparse(y_true_shape: tuple, y_pred_shape: tuple) -> tuple[bool, bool]:
    """Keras's reading of label/prediction shapes: (is_binary, is_sparse_categorical)."""
    is_binary = len(y_pred_shape) > 0 and static_dim_is(y_pred_shape[-1], 1)
    true_last = y_true_shape[-1] if y_true_shape else None
    pred_last = y_pred_shape[-1] if y_pred_shape else None
    is_sparse = len(y_true_shape) < len(y_pred_shape) or (
        static_dim_is(true_last, 1) and isinstance(pred_last, int) and pred_last > 1
    )
    return is_binary, is_sparse


class AutomaticCrossentropy(BuiltinLoss):
    """Binary, sparse or categorical cross-entropy, chosen from the static shapes."""

    def __init__(self, reduction="sum_over_batch_size", name="crossentropy", dtype=None):
        super().__init__(probabilistic.categorical_crossentropy, reduction, name, dtype)

    def call(self, y_true: Any, y_pred: Any) -> Any:
        from unison import ops

        is_binary, is_sparse = binary_or_sparse(tuple(ops.shape(y_true)), tuple(ops.shape(y_pred)))
        if is_binary:
            function = probabilistic.binary_crossentropy
        elif is_sparse:
            function = probabilistic.sparse_categorical_crossentropy
        else:
            function = probabilistic.categorical_crossentropy
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return function(y_true, y_pred)


def names() -> list[str]:
    """Every name :func:`by_name` accepts."""
    return sorted([*_CLASSES, *_FUNCTIONS, *_AUTOMATIC])


def by_name(name: str) -> Any:
    """A new Loss for the Keras name ``name`` (``"mse"``, ``"CategoricalCrossentropy"``...)."""
    if not isinstance(name, str):
        raise TypeError(f"Loss name must be a str; received {name!r} of type {type(name)}.")
    cls = _CLASSES.get(name)
    if cls is not None:
        return cls()
    cls = _FUNCTIONS.get(name)
    if cls is not None:
        return cls(name=name)
    if name.lower() in _AUTOMATIC:
        return AutomaticCrossentropy(name=name)
    raise ValueError(f"Unknown loss name {name!r}. Valid names are: {', '.join(names())}.")
