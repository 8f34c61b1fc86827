"""``Embedding``: maps integer indices to learned dense vectors.

Example:
    >>> layer = unison.layers.Embedding(input_dim=10, output_dim=4, mask_zero=True)
    >>> layer(np.array([[1, 2, 0]])).shape
    (1, 3, 4)
"""

from __future__ import annotations

from typing import Any

from unison import constraints, initializers, ops, regularizers
from unison.layers.core_utils import check_positive_int, check_quantization_config, symbolic_like
from unison.layers.layer import Layer

__all__ = ["Embedding"]

_INDEX_DTYPES = ("int32", "int64")


class Embedding(Layer):
    """Looks up rows of an ``(input_dim, output_dim)`` table for integer inputs.

    Args:
        input_dim: vocabulary size (largest index + 1).
        output_dim: size of each vector.
        embeddings_initializer: initializer of the table (default ``"uniform"``).
        mask_zero: treat index 0 as padding and emit a mask (``input_dim`` must then count it).
        weights: optional initial table (a NumPy array or a one-element list).
        lora_rank, lora_alpha: enable LoRA on the table when built.

    Example:
        >>> unison.layers.Embedding(5, 2)(np.array([0, 4])).shape
        (2, 2)
    """

    def __init__(
        self,
        input_dim: int,
        output_dim: int,
        embeddings_initializer: Any = "uniform",
        embeddings_regularizer: Any = None,
        embeddings_constraint: Any = None,
        mask_zero: bool = False,
        weights: Any = None,
        lora_rank: int | None = None,
        lora_alpha: float | None = None,
        quantization_config: Any = None,
        **kwargs: Any,
    ):
        input_dim = check_positive_int(input_dim, "input_dim", "Embedding")
        output_dim = check_positive_int(output_dim, "output_dim", "Embedding")
        check_quantization_config(quantization_config, "Embedding")
        kwargs.pop("input_length", None)  # accepted and ignored, as in Keras 3
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self.autocast = False
        self.lora_rank = lora_rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else lora_rank
        self.lora_enabled = False
        self.quantization_config = None
        if weights is not None:
            self._maybe_build_now()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def _maybe_build_now(self) -> None:
        self._bind_backend()
        self.build()
        self.built = True

    def build(self, input_shape: Any = None) -> None:
        if getattr(self, "_embeddings", None) is not None:
            return
        self._embeddings = self.add_weight(
            name="embeddings",
            shape=(self.input_dim, self.output_dim),
            initializer=self.embeddings_initializer,
            regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint,
            trainable=True,
        )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def embeddings(self) -> Any:
        """The table Variable (the merged tensor when LoRA is enabled)."""
        if not self.built:
            raise AttributeError(
                f"Layer {self.name!r} must be built before accessing `embeddings`."
            )
        if self.lora_enabled:
            return self._merged_table()
        return self._embeddings

    def _merged_table(self) -> Any:
        update = ops.matmul(self.lora_embeddings_a.value, self.lora_embeddings_b.value)
        update = ops.multiply(update, self.lora_alpha / self.lora_rank)
        return ops.cast(ops.add(self._embeddings.value, update), self.compute_dtype)

    def enable_lora(
        self,
        rank: int,
        lora_alpha: float | None = None,
        a_initializer: Any = "he_uniform",
        b_initializer: Any = "zeros",
    ) -> None:
        """Add trainable low-rank factors to the table and freeze it."""
        if self.embeddings_constraint is not None:
            raise ValueError(
                f"Layer {self.name!r}: LoRA cannot be combined with an embeddings constraint."
            )
        if not self.built:
            raise ValueError(f"Layer {self.name!r}: build the layer before enabling LoRA.")
        if self.lora_enabled:
            raise ValueError(f"Layer {self.name!r}: LoRA is already enabled.")
        rank = check_positive_int(rank, "rank", "Embedding")
        self.lora_embeddings_a = self.add_weight(
            name="lora_embeddings_a",
            shape=(self.input_dim, rank),
            initializer=initializers.get(a_initializer),
            dtype="float32",
            regularizer=self.embeddings_regularizer,
        )
        self.lora_embeddings_b = self.add_weight(
            name="lora_embeddings_b",
            shape=(rank, self.output_dim),
            initializer=initializers.get(b_initializer),
            dtype="float32",
            regularizer=self.embeddings_regularizer,
        )
        self._embeddings.trainable = False
        self.lora_enabled = True
        self.lora_rank = rank
        self.lora_alpha = lora_alpha if lora_alpha is not None else rank

    def call(self, inputs: Any) -> Any:
        if ops.dtype(inputs) not in _INDEX_DTYPES:
            inputs = ops.cast(inputs, "int32")
        table = self._merged_table() if self.lora_enabled else self._embeddings.value
        outputs = ops.take(table, inputs, axis=0)
        if ops.dtype(outputs) != self.compute_dtype:
            outputs = ops.cast(outputs, self.compute_dtype)
        return outputs

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        return (*tuple(input_shape), self.output_dim)

    def compute_output_spec(self, inputs: Any) -> Any:
        return symbolic_like(self.compute_output_shape(inputs.shape), self.compute_dtype)

    def save_own_variables(self, store: dict) -> None:
        if not self.lora_enabled:
            return super().save_own_variables(store)
        backend = self._embeddings.backend
        merged = backend.cast(self._merged_table(), self._embeddings.dtype)
        store["0"] = backend.convert_to_numpy(merged)

    def load_own_variables(self, store: dict) -> None:
        if not self.lora_enabled:
            return super().load_own_variables(store)
        if len(store) != 1:
            raise ValueError(f"Layer {self.name!r} expects 1 variable; the file has {len(store)}.")
        self._embeddings.assign(store["0"])
        self.lora_embeddings_a.assign(ops.zeros(self.lora_embeddings_a.shape, "float32"))
        self.lora_embeddings_b.assign(ops.zeros(self.lora_embeddings_b.shape, "float32"))

    def get_config(self) -> dict:
        config = {
            **super().get_config(),
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        }
        if self.lora_rank:
            config["lora_rank"] = self.lora_rank
            config["lora_alpha"] = self.lora_alpha
        return config
