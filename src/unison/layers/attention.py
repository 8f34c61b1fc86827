"""Attention layers: ``Attention`` (dot-product / Luong), ``AdditiveAttention`` (Bahdanau),
``MultiHeadAttention`` and ``GroupedQueryAttention`` (alias ``GroupQueryAttention``).

``Attention`` and ``AdditiveAttention`` take a list ``[query, value]`` or
``[query, value, key]`` and an optional list of masks ``[query_mask, value_mask]``.

Example:
    >>> q, v = np.ones((2, 3, 4), "float32"), np.ones((2, 5, 4), "float32")
    >>> unison.layers.Attention()([q, v]).shape
    (2, 3, 4)
"""

from __future__ import annotations

from typing import Any

from unison import ops, random
from unison.layers.core_utils import read_weight
from unison.layers.grouped_query_attention import GroupedQueryAttention, GroupQueryAttention
from unison.layers.layer import Layer
from unison.layers.multi_head_attention import MultiHeadAttention, causal_mask
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "AdditiveAttention",
    "Attention",
    "GroupQueryAttention",
    "GroupedQueryAttention",
    "MultiHeadAttention",
]


class Attention(Layer):
    """Dot-product attention: ``softmax(query @ key^T) @ value``.

    Args:
        use_scale: learn a scalar multiplying the scores.
        score_mode: ``"dot"`` (``query @ key^T``) or ``"concat"``
            (``sum(tanh(query + key))``, scaled by a learned scalar).
        dropout: drop rate applied to the attention weights in training.
        seed: seed of that dropout.

    Call arguments: ``inputs`` (a list ``[query, value]`` or ``[query, value, key]``),
    ``mask`` (a list ``[query_mask, value_mask]``), ``training``,
    ``return_attention_scores``, ``use_causal_mask``.

    Example:
        >>> layer = unison.layers.Attention(use_scale=True)
        >>> output, scores = layer([q, v], return_attention_scores=True)
    """

    def __init__(
        self,
        use_scale: bool = False,
        score_mode: str = "dot",
        dropout: float = 0.0,
        seed: Any = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if self.dropout > 0:
            self._bind_backend()
            self.seed_generator = random.SeedGenerator(seed, backend=self.backend)
        if self.score_mode not in ("dot", "concat"):
            raise ValueError(
                f"Invalid value for argument score_mode. Expected one of {{'dot', 'concat'}}. "
                f"Received: score_mode={score_mode!r}"
            )
        self.supports_masking = True

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale", shape=(), initializer="ones", dtype=self.dtype, trainable=True
            )
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight",
                shape=(),
                initializer="ones",
                dtype=self.dtype,
                trainable=True,
            )
        self.built = True

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        scale = None if self.scale is None else read_weight(self, self.scale)
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            if scale is not None:
                scores = ops.multiply(scores, scale)
            return scores
        summed = ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3))
        if scale is not None:
            summed = ops.multiply(scale, summed)
        weight = read_weight(self, self.concat_score_weight)
        return ops.multiply(weight, ops.sum(ops.tanh(summed), axis=-1))

    def _apply_scores(self, scores: Any, value: Any, scores_mask: Any, training: Any) -> tuple:
        if scores_mask is not None:
            padding = ops.logical_not(scores_mask)
            if len(padding.shape) == 2:
                padding = ops.expand_dims(padding, -2)
            big = 65504.0 if ops.dtype(scores) == "float16" else 1.0e9
            scores = ops.where(padding, ops.subtract(scores, big), scores)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(weights, self.dropout, seed=self.seed_generator)
        return ops.matmul(weights, value), weights

    def _score_mask(self, scores: Any, value_mask: Any, use_causal_mask: bool) -> Any:
        if value_mask is not None and ops.dtype(value_mask) != "bool":
            value_mask = ops.cast(value_mask, "bool")
        if not use_causal_mask:
            return value_mask
        shape = ops.shape(scores)
        mask = causal_mask(shape[-2], shape[-1])
        if value_mask is None:
            return mask
        return ops.logical_and(ops.expand_dims(value_mask, -2), mask)

    def call(
        self,
        inputs: list,
        mask: Any = None,
        training: Any = False,
        return_attention_scores: bool = False,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = mask[0] if mask else None
        value_mask = mask[1] if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._score_mask(scores, value_mask, use_causal_mask)
        output, weights = self._apply_scores(scores, value, scores_mask, training)
        if query_mask is not None:
            keep = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
            output = ops.where(keep, output, ops.zeros_like(output))
        if return_attention_scores:
            return output, weights
        return output

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return mask[0]

    def compute_output_shape(self, input_shape: list) -> tuple:
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def compute_output_spec(
        self,
        inputs: list,
        mask: Any = None,
        return_attention_scores: bool = False,
        training: Any = None,
        use_causal_mask: bool = False,
    ) -> Any:
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        output = SymbolicTensor(
            self.compute_output_shape([query.shape, value.shape]), self.compute_dtype
        )
        if return_attention_scores:
            scores = SymbolicTensor((*query.shape[:-1], key.shape[-2]), self.compute_dtype)
            return output, scores
        return output

    def _validate_inputs(self, inputs: Any, mask: Any = None) -> None:
        name = type(self).__name__
        if not isinstance(inputs, list):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely [query, value] or "
                f"[query, value, key]. Received: inputs={inputs!r}."
            )
        if not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely [query, value] or "
                f"[query, value, key]. Received length: {len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, list):
                raise ValueError(
                    f"{name} layer mask must be a list, namely [query_mask, value_mask]. "
                    f"Received: mask={mask!r}."
                )
            if not 2 <= len(mask) <= 3:
                raise ValueError(
                    f"{name} layer accepts mask list of length 2 or 3. Received a mask list "
                    f"of length {len(mask)}."
                )

    def get_config(self) -> dict:
        config = {
            "use_scale": self.use_scale,
            "score_mode": self.score_mode,
            "dropout": self.dropout,
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


class AdditiveAttention(Attention):
    """Additive (Bahdanau-style) attention: scores ``sum(scale * tanh(query + key))``.

    Example:
        >>> unison.layers.AdditiveAttention()([q, v]).shape
        (2, 3, 4)
    """

    def __init__(self, use_scale: bool = True, dropout: float = 0.0, **kwargs: Any):
        super().__init__(use_scale=use_scale, dropout=dropout, **kwargs)

    def build(self, input_shape: Any) -> None:
        self._validate_inputs(input_shape)
        dim = input_shape[0][-1]
        self.scale = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale",
                shape=(dim,),
                initializer="glorot_uniform",
                dtype=self.dtype,
                trainable=True,
            )
        self.built = True

    def _calculate_scores(self, query: Any, key: Any) -> Any:
        summed = ops.tanh(ops.add(ops.expand_dims(query, -2), ops.expand_dims(key, -3)))
        if self.use_scale:
            summed = ops.multiply(read_weight(self, self.scale), summed)
        return ops.sum(summed, axis=-1)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["score_mode"]
        return config
