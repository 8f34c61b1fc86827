"""``GroupedQueryAttention`` (alias ``GroupQueryAttention``): attention in which groups of
query heads share one key/value head (Ainslie et al., 2023).

Example:
    >>> gqa = unison.layers.GroupedQueryAttention(head_dim=4, num_query_heads=4,
    ...                                           num_key_value_heads=2)
    >>> x = np.ones((2, 6, 8), "float32")
    >>> gqa(x, x).shape
    (2, 6, 8)
"""

from __future__ import annotations

import math
from typing import Any

from unison import constraints, initializers, ops, regularizers
from unison.layers.activation_layers import Softmax
from unison.layers.core_dense import EinsumDense
from unison.layers.layer import Layer
from unison.layers.multi_head_attention import (
    QueryValueBuild,
    build_now,
    combine_masks,
    mask_of,
)
from unison.layers.regularization import Dropout
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["GroupQueryAttention", "GroupedQueryAttention"]


class GroupedQueryAttention(QueryValueBuild, Layer):
    """Grouped-query attention over ``(batch, steps, features)`` inputs.

    Args:
        head_dim: size of each head.
        num_query_heads: number of query heads.
        num_key_value_heads: number of key/value heads (divides ``num_query_heads``).
        dropout: drop rate of the attention probabilities (training only).
        use_bias: bias in the projections.
        sliding_window: attend only to positions closer than this.
        use_gate: multiply the attention output by a sigmoid gate computed from the query.

    Call arguments as ``MultiHeadAttention``: ``query``, ``value``, ``key``, the masks,
    ``return_attention_scores``, ``training``, ``use_causal_mask``.

    Example:
        >>> output, scores = gqa(x, x, return_attention_scores=True)  # scores (2, 4, 6, 6)
    """

    def __init__(
        self,
        head_dim: int,
        num_query_heads: int,
        num_key_value_heads: int,
        dropout: float = 0.0,
        use_bias: bool = True,
        sliding_window: int | None = None,
        flash_attention: bool | None = None,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        use_gate: bool = False,
        seed: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.supports_masking = True
        for name, value in (
            ("head_dim", head_dim),
            ("num_query_heads", num_query_heads),
            ("num_key_value_heads", num_key_value_heads),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(
                    f"GroupedQueryAttention: `{name}` must be a positive int; received "
                    f"{name}={value!r}."
                )
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                f"`num_query_heads` must be divisible by `num_key_value_heads`; received "
                f"num_query_heads={num_query_heads}, num_key_value_heads={num_key_value_heads}."
            )
        if sliding_window is not None and (
            isinstance(sliding_window, bool)
            or not isinstance(sliding_window, int)
            or sliding_window <= 0
        ):
            raise ValueError(
                f"`sliding_window` must be `None` or a positive integer. Received: "
                f"sliding_window={sliding_window!r}"
            )
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        self._flash_attention = bool(flash_attention)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))
        if self._flash_attention and self.dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled; set dropout=0.0 "
                "to use flash attention."
            )

    def _sublayer(self, equation: str, output_shape: tuple, bias_axes: str, name: str, **extra):
        def fresh(initializer: Any) -> Any:
            clone = getattr(initializer, "clone", None)
            return clone() if clone is not None else initializer

        return EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None,
            name=name,
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy,
            kernel_initializer=fresh(self.kernel_initializer),
            bias_initializer=fresh(self.bias_initializer),
            **extra,
        )

    def build(self, query_shape: tuple, value_shape: tuple, key_shape: Any = None) -> None:
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        query_heads = (None, self.num_query_heads, self.head_dim)
        kv_heads = (None, self.num_key_value_heads, self.head_dim)
        self._query_dense = self._sublayer("bqm,muh->bquh", query_heads, "uh", "query")
        build_now(self._query_dense, query_shape)
        self._key_dense = self._sublayer("bkm,mvh->bkvh", kv_heads, "vh", "key")
        build_now(self._key_dense, key_shape)
        if self.use_gate:
            self._gate_dense = self._sublayer(
                "bqm,muh->bquh", query_heads, "uh", "gate", activation="sigmoid"
            )
            build_now(self._gate_dense, query_shape)
        self._value_dense = self._sublayer("bkm,mvh->bkvh", kv_heads, "vh", "value")
        build_now(self._value_dense, value_shape)
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self.dropout, dtype=self.dtype_policy, seed=self.seed)
        self._dot_product_equation = "bquh,bkuh->buqk"
        self._combine_equation = "buqk,bkuh->bquh"
        self._output_dense = self._sublayer(
            "bquh,uhm->bqm", (None, self.feature_dim), "m", "attention_output"
        )
        build_now(self._output_dense, (None, None, self.num_query_heads, self.head_dim))
        self.built = True

    def call(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        if key is None:
            key = value
        attention_mask = combine_masks(
            query,
            value,
            mask_of(query, query_mask),
            mask_of(value, value_mask),
            mask_of(key, key_mask) if key is not value else key_mask,
            attention_mask,
            use_causal_mask,
            self.sliding_window,
        )
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = ops.repeat(self._key_dense(key), self.num_repeats, axis=2)
        value = ops.repeat(self._value_dense(value), self.num_repeats, axis=2)
        if self._flash_attention and not return_attention_scores:
            mask = attention_mask
            if mask is not None:
                for _ in range(4 - len(mask.shape)):
                    mask = ops.expand_dims(mask, -3)
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=mask,
                scale=self._inverse_sqrt_head_dim,
                flash_attention=True,
            )
            scores = None
        else:
            scaled = ops.multiply(query, self._inverse_sqrt_head_dim)
            scores = ops.einsum(self._dot_product_equation, scaled, key)
            mask = attention_mask
            if mask is not None:
                for _ in range(len(scores.shape) - len(mask.shape)):
                    mask = ops.expand_dims(mask, -3)
            scores = self._softmax(scores, mask=mask)
            dropped = self._dropout_layer(scores, training=training) if self.dropout > 0 else scores
            output = ops.einsum(self._combine_equation, dropped, value)
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(self, query_shape: tuple, value_shape: tuple, key_shape: Any = None):
        key_shape = value_shape if key_shape is None else key_shape
        if query_shape[-1] != value_shape[-1]:
            raise ValueError(
                f"The last dimension of `query_shape` and `value_shape` must be equal, but "
                f"are {query_shape[-1]}, {value_shape[-1]}. Received: query_shape="
                f"{query_shape}, value_shape={value_shape}"
            )
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                f"All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        return tuple(query_shape)

    def compute_output_spec(
        self,
        query: Any,
        value: Any,
        key: Any = None,
        query_mask: Any = None,
        value_mask: Any = None,
        key_mask: Any = None,
        attention_mask: Any = None,
        return_attention_scores: bool = False,
        training: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        key_shape = None if key is None else key.shape
        shape = self.compute_output_shape(query.shape, value.shape, key_shape)
        output = SymbolicTensor(shape, self.compute_dtype)
        if return_attention_scores:
            source = value if key is None else key
            scores = (query.shape[0], self.num_query_heads, query.shape[1], source.shape[1])
            return output, SymbolicTensor(scores, self.compute_dtype)
        return output

    def get_config(self) -> dict:
        config = {
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


GroupQueryAttention = GroupedQueryAttention
