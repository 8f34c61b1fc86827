"""Probabilistic and hinge metrics: cross-entropies, KL divergence, Poisson, hinge losses.

Each is the running mean of the loss function of the same name.

Example:
    >>> metric = BinaryCrossentropy(from_logits=True)
    >>> metric.update_state([[0.0, 1.0]], [[-2.0, 3.0]])
"""

from __future__ import annotations

from unison.losses import probabilistic, regression
from unison.metrics.builtin import BuiltinMeanMetric


class KLDivergence(BuiltinMeanMetric):
    """Mean Kullback-Leibler divergence of ``y_pred`` from ``y_true``."""

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(regression.kl_divergence, name=name, dtype=dtype)


class Poisson(BuiltinMeanMetric):
    """Mean Poisson negative log-likelihood (up to a constant)."""

    def __init__(self, name="poisson", dtype=None):
        super().__init__(regression.poisson, name=name, dtype=dtype)


class BinaryCrossentropy(BuiltinMeanMetric):
    """Mean binary cross-entropy."""

    _config_keys = ("from_logits", "label_smoothing")

    def __init__(
        self, name="binary_crossentropy", dtype=None, from_logits=False, label_smoothing=0
    ):
        super().__init__(
            probabilistic.binary_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )


class CategoricalCrossentropy(BuiltinMeanMetric):
    """Mean categorical cross-entropy of one-hot labels."""

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            probabilistic.categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


class SparseCategoricalCrossentropy(BuiltinMeanMetric):
    """Mean categorical cross-entropy of integer labels."""

    _config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            probabilistic.sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )


class Hinge(BuiltinMeanMetric):
    """Mean hinge loss."""

    def __init__(self, name="hinge", dtype=None):
        super().__init__(regression.hinge, name=name, dtype=dtype)


class SquaredHinge(BuiltinMeanMetric):
    """Mean squared hinge loss."""

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(regression.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(BuiltinMeanMetric):
    """Mean categorical hinge loss."""

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(regression.categorical_hinge, name=name, dtype=dtype)
