"""The built-in loss classes (``keras.losses.MeanSquaredError``...), Keras names and configs.

Example:
    >>> loss = CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)
    >>> loss([[0.0, 1.0]], [[0.5, 2.0]])
"""

from __future__ import annotations

from typing import Any

from unison.losses import probabilistic, regression, special
from unison.losses.builtin import BuiltinLoss

_DEFAULT = "sum_over_batch_size"


class MeanSquaredError(BuiltinLoss):
    """Mean of the squared errors."""

    def __init__(self, reduction=_DEFAULT, name="mean_squared_error", dtype=None):
        super().__init__(regression.mean_squared_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsoluteError(BuiltinLoss):
    """Mean of the absolute errors."""

    def __init__(self, reduction=_DEFAULT, name="mean_absolute_error", dtype=None):
        super().__init__(
            regression.mean_absolute_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanAbsolutePercentageError(BuiltinLoss):
    """Mean of the absolute errors relative to ``|y_true|``, in percent."""

    def __init__(self, reduction=_DEFAULT, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(
            regression.mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype
        )


class MeanSquaredLogarithmicError(BuiltinLoss):
    """Mean of the squared differences of ``log(1 + value)``."""

    def __init__(self, reduction=_DEFAULT, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(
            regression.mean_squared_logarithmic_error, reduction=reduction, name=name, dtype=dtype
        )


class CosineSimilarity(BuiltinLoss):
    """Negative cosine similarity along ``axis``."""

    def __init__(self, axis=-1, reduction=_DEFAULT, name="cosine_similarity", dtype=None):
        super().__init__(
            regression.cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=axis
        )


class Huber(BuiltinLoss):
    """Quadratic loss for small errors, linear beyond ``delta``."""

    def __init__(self, delta=1.0, reduction=_DEFAULT, name="huber_loss", dtype=None):
        super().__init__(regression.huber, reduction=reduction, name=name, dtype=dtype, delta=delta)


class LogCosh(BuiltinLoss):
    """Logarithm of the hyperbolic cosine of the error."""

    def __init__(self, reduction=_DEFAULT, name="log_cosh", dtype=None):
        super().__init__(regression.log_cosh, reduction=reduction, name=name, dtype=dtype)


class Hinge(BuiltinLoss):
    """Hinge loss for labels in {-1, 1} (or {0, 1}, converted)."""

    def __init__(self, reduction=_DEFAULT, name="hinge", dtype=None):
        super().__init__(regression.hinge, reduction=reduction, name=name, dtype=dtype)


class SquaredHinge(BuiltinLoss):
    """Squared hinge loss for labels in {-1, 1} (or {0, 1}, converted)."""

    def __init__(self, reduction=_DEFAULT, name="squared_hinge", dtype=None):
        super().__init__(regression.squared_hinge, reduction=reduction, name=name, dtype=dtype)


class CategoricalHinge(BuiltinLoss):
    """Hinge loss between the true class score and the best other class score."""

    def __init__(self, reduction=_DEFAULT, name="categorical_hinge", dtype=None):
        super().__init__(regression.categorical_hinge, reduction=reduction, name=name, dtype=dtype)


class KLDivergence(BuiltinLoss):
    """Kullback-Leibler divergence of ``y_pred`` from ``y_true``."""

    def __init__(self, reduction=_DEFAULT, name="kl_divergence", dtype=None):
        super().__init__(regression.kl_divergence, reduction=reduction, name=name, dtype=dtype)


class Poisson(BuiltinLoss):
    """Poisson negative log-likelihood (up to a constant)."""

    def __init__(self, reduction=_DEFAULT, name="poisson", dtype=None):
        super().__init__(regression.poisson, reduction=reduction, name=name, dtype=dtype)


class _KwargAttributes:
    """Exposes the function keyword arguments as attributes (``loss.from_logits``...)."""

    def __getattr__(self, key: str) -> Any:
        kwargs = self.__dict__.get("_fn_kwargs", {})
        if key in kwargs:
            return kwargs[key]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {key!r}")


class BinaryCrossentropy(_KwargAttributes, BuiltinLoss):
    """Cross-entropy of 0/1 labels against probabilities (or logits)."""

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            probabilistic.binary_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class BinaryFocalCrossentropy(_KwargAttributes, BuiltinLoss):
    """Binary cross-entropy focused on hard examples by ``(1 - p_t) ** gamma``."""

    _config_keys = (
        "from_logits",
        "label_smoothing",
        "axis",
        "apply_class_balancing",
        "alpha",
        "gamma",
    )

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            probabilistic.binary_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalCrossentropy(_KwargAttributes, BuiltinLoss):
    """Cross-entropy of one-hot labels against class probabilities (or logits)."""

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            probabilistic.categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class CategoricalFocalCrossentropy(_KwargAttributes, BuiltinLoss):
    """Categorical cross-entropy focused on hard examples by ``alpha * (1 - p) ** gamma``."""

    _config_keys = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction=_DEFAULT,
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            probabilistic.categorical_focal_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(_KwargAttributes, BuiltinLoss):
    """Cross-entropy of integer labels against class probabilities (or logits).

    ``ignore_class`` labels contribute nothing and are left out of the average.
    """

    _config_keys = ("from_logits", "ignore_class")

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction=_DEFAULT,
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            probabilistic.sparse_categorical_crossentropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )


class CategoricalGeneralizedCrossEntropy(_KwargAttributes, BuiltinLoss):
    """Generalized cross-entropy ``(1 - p ** q) / q`` for integer labels, ``0 < q < 1``."""

    _config_keys = ("q",)

    def __init__(
        self, q=0.5, reduction=_DEFAULT, name="categorical_generalized_cross_entropy", dtype=None
    ):
        if not 0 < q < 1:
            raise ValueError(f"`q` must be in the interval (0, 1); received q={q!r}.")
        super().__init__(
            probabilistic.categorical_generalized_cross_entropy,
            reduction=reduction,
            name=name,
            dtype=dtype,
            q=q,
        )


class CTC(BuiltinLoss):
    """Connectionist temporal classification loss (labels padded with 0, the blank)."""

    def __init__(self, reduction=_DEFAULT, name="ctc", dtype=None):
        super().__init__(special.ctc, reduction=reduction, name=name, dtype=dtype)


class Dice(_KwargAttributes, BuiltinLoss):
    """One minus the soft Dice coefficient, computed over ``axis`` (all axes by default)."""

    _config_keys = ("axis",)

    def __init__(self, reduction=_DEFAULT, name="dice", axis=None, dtype=None):
        super().__init__(special.dice, reduction=reduction, name=name, dtype=dtype, axis=axis)


class Tversky(_KwargAttributes, BuiltinLoss):
    """One minus the Tversky index with false-positive/negative weights ``alpha``/``beta``."""

    _config_keys = ("alpha", "beta", "axis")

    def __init__(
        self, alpha=0.5, beta=0.5, reduction=_DEFAULT, name="tversky", axis=None, dtype=None
    ):
        super().__init__(
            special.tversky,
            reduction=reduction,
            name=name,
            dtype=dtype,
            alpha=alpha,
            beta=beta,
            axis=axis,
        )


class Circle(_KwargAttributes, BuiltinLoss):
    """Circle loss for metric learning on normalised embeddings with integer labels."""

    _config_keys = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction=_DEFAULT,
        name="circle",
        dtype=None,
    ):
        super().__init__(
            special.circle,
            reduction=reduction,
            name=name,
            dtype=dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
