"""Categorical preprocessing of numbers: ``Discretization`` (bucketing by boundaries, learned
as approximate quantiles by ``adapt``) and ``CategoryEncoding`` (one-hot / multi-hot / count).

Example:
    >>> unison.layers.Discretization(bin_boundaries=[0.0, 1.0])(np.array([-1.0, 0.5, 2.0]))
    [0, 1, 2]
    >>> unison.layers.CategoryEncoding(4, output_mode="count")(np.array([[0, 1, 1, 3]]))
    [[1., 2., 0., 1.]]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unison import ops
from unison.layers.layer import Layer
from unison.layers.preprocessing.base import encode_categorical
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["CategoryEncoding", "Discretization"]

_ENCODINGS = ("int", "one_hot", "multi_hot", "count")


def _check_sparse(sparse: bool, layer: str) -> None:
    if sparse:
        raise NotImplementedError(
            f"{layer}: sparse=True is not supported: unison layers produce dense tensors on "
            "every backend."
        )


class Discretization(Layer):
    """Bucket numbers by ``bin_boundaries`` (``[0., 1.]`` gives buckets ``x < 0``,
    ``0 <= x < 1``, ``x >= 1``) or by ``num_bins`` quantiles learned with :meth:`adapt`.

    ``output_mode`` is ``"int"`` (bucket indices, int32) or ``"one_hot"``, ``"multi_hot"``,
    ``"count"`` (float encodings of depth ``len(bin_boundaries) + 1``).

    Example:
        >>> layer = unison.layers.Discretization(num_bins=4)
        >>> layer.adapt(np.random.normal(size=1000))
        >>> len(layer.bin_boundaries)
        3
    """

    def __init__(
        self,
        bin_boundaries: Any = None,
        num_bins: int | None = None,
        epsilon: float = 0.01,
        output_mode: str = "int",
        sparse: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ):
        super().__init__(name=name, dtype=dtype)
        if output_mode not in _ENCODINGS:
            raise ValueError(
                f"Invalid value for argument `output_mode` of Discretization: expected one of "
                f"{_ENCODINGS}; received output_mode={output_mode!r}."
            )
        _check_sparse(sparse, "Discretization")
        if num_bins is not None and num_bins < 0:
            raise ValueError(
                f"`num_bins` must be greater than or equal to 0. Received: num_bins={num_bins}"
            )
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError(
                "Both `num_bins` and `bin_boundaries` should not be set. Received: "
                f"num_bins={num_bins} and bin_boundaries={bin_boundaries}"
            )
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        if bin_boundaries is not None:
            bin_boundaries = [float(b) for b in np.asarray(bin_boundaries).reshape(-1)]
        self.bin_boundaries = bin_boundaries
        self.num_bins = num_bins
        self.epsilon = epsilon
        self.output_mode = output_mode
        self.sparse = sparse
        self.summary = None if bin_boundaries else np.zeros((2, 0), "float32")
        self.built = True

    @property
    def output_dtype(self) -> str:
        return "int32" if self.output_mode == "int" else self.compute_dtype

    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Learn ``num_bins`` quantile boundaries from an array or an iterable of batches."""
        if self.num_bins is None:
            raise ValueError(
                "Cannot adapt a Discretization layer that has been initialized with "
                "`bin_boundaries`; use `num_bins` instead."
            )
        self.reset_state()
        if hasattr(data, "__iter__") and not (isinstance(data, np.ndarray) or ops.is_tensor(data)):
            for index, batch in enumerate(data):
                if steps is not None and index >= steps:
                    break
                self.update_state(batch)
        else:
            self.update_state(data)
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        values = np.asarray(ops.convert_to_numpy(data) if ops.is_tensor(data) else data)
        summary = _summarize(values.astype("float32"), self.epsilon)
        self.summary = _merge_summaries(summary, self.summary, self.epsilon)

    def finalize_state(self) -> None:
        if self.num_bins is None:
            return
        self.bin_boundaries = _compress_summary(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self) -> None:
        if self.num_bins is None:
            return
        self.summary = np.zeros((2, 0), "float32")

    def call(self, inputs: Any) -> Any:
        if self.bin_boundaries is None:
            raise ValueError(
                "You need to either pass the `bin_boundaries` argument at construction time "
                "or call `adapt(dataset)` before you can start using the `Discretization` "
                "layer."
            )
        indices = ops.digitize(inputs, self.bin_boundaries)
        return encode_categorical(
            indices, self.output_mode, len(self.bin_boundaries) + 1, self.output_dtype
        )

    def _depth(self) -> int:
        if self.bin_boundaries is not None:
            return len(self.bin_boundaries) + 1
        return self.num_bins

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = self._depth()
        if self.output_mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        if len(input_shape) >= 2:
            return (input_shape[0],) + input_shape[2:] + (depth,)
        return (depth,)

    def compute_output_spec(self, inputs: Any) -> Any:
        return SymbolicTensor(self.compute_output_shape(inputs.shape), self.output_dtype)

    def get_config(self) -> dict:
        return {
            "bin_boundaries": self.bin_boundaries,
            "num_bins": self.num_bins,
            "epsilon": self.epsilon,
            "output_mode": self.output_mode,
            "sparse": self.sparse,
            "name": self.name,
            "dtype": self.dtype,
        }

    @classmethod
    def from_config(cls, config: dict) -> Discretization:
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = config["dtype"].get("config", {}).get("name")
        config.pop("trainable", None)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = [float(b) for b in boundaries]
            return layer
        return cls(**config)

    def load_own_variables(self, store: dict) -> None:
        if len(store) == 1:
            self.summary = np.asarray(store["0"])


# Approximate quantiles: a summary is a (2, n) array of sorted values and their weights.
def _summarize(values: np.ndarray, epsilon: float) -> np.ndarray:
    values = np.sort(values.reshape(-1))
    step = max(values.size * epsilon, 1)
    picked = values[int(step - 1) :: int(step)]
    return np.stack([picked, np.full_like(picked, step)])


def _merge_summaries(first: np.ndarray, second: np.ndarray, epsilon: float) -> np.ndarray:
    merged = np.concatenate((first, second), axis=1)
    merged = merged[:, np.argsort(merged[0])]
    return _compress_summary(merged, epsilon)


def _compress_summary(summary: np.ndarray, epsilon: float) -> np.ndarray:
    if summary.shape[1] * epsilon < 1:
        return summary
    targets = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    fractions = cumulative / cumulative[-1]
    values = np.interp(targets, fractions, summary[0])
    cumulative = np.interp(targets, fractions, cumulative)
    weights = np.diff(cumulative, prepend=0.0)
    return np.stack((values, weights)).astype("float32")


class CategoryEncoding(Layer):
    """Encode integer category ids in ``[0, num_tokens)`` as ``"one_hot"``, ``"multi_hot"``
    (one vector per sample marking the ids present) or ``"count"`` (how often each appears;
    ``count_weights`` weighs each occurrence).

    Example:
        >>> unison.layers.CategoryEncoding(3, output_mode="one_hot")(np.array([0, 2]))
        [[1., 0., 0.], [0., 0., 1.]]
    """

    def __init__(
        self,
        num_tokens: int | None = None,
        output_mode: str = "multi_hot",
        sparse: bool = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(
                "Invalid value for argument `output_mode` of CategoryEncoding: expected one "
                f"of 'count', 'one_hot', 'multi_hot'; received output_mode={output_mode!r}."
            )
        if num_tokens is None:
            raise ValueError(
                "num_tokens must be set to use this layer. If the number of tokens is not "
                "known beforehand, use the IntegerLookup layer instead."
            )
        if num_tokens < 1:
            raise ValueError(f"`num_tokens` must be >= 1. Received: num_tokens={num_tokens}.")
        _check_sparse(sparse, "CategoryEncoding")
        self.num_tokens = num_tokens
        self.output_mode = output_mode
        self.sparse = sparse
        self.built = True

    def call(self, inputs: Any, count_weights: Any = None) -> Any:
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError(
                    "`count_weights` is not used when `output_mode` is not 'count'. Received "
                    f"count_weights={count_weights!r}."
                )
            count_weights = ops.convert_to_tensor(count_weights, dtype=self.compute_dtype)
        return encode_categorical(
            inputs, self.output_mode, self.num_tokens, self.dtype, count_weights
        )

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_tokens,)
        if self.output_mode == "one_hot":
            if input_shape[-1] != 1 or len(input_shape) == 1:
                return input_shape + (self.num_tokens,)
            return input_shape[:-1] + (self.num_tokens,)
        return input_shape[:-1] + (self.num_tokens,)

    def compute_output_spec(self, inputs: Any, count_weights: Any = None) -> Any:
        return SymbolicTensor(self.compute_output_shape(inputs.shape), self.compute_dtype)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode})
        return result
