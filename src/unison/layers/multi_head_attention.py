"""``MultiHeadAttention`` (Vaswani et al., 2017), built from ``EinsumDense`` projections.

The sub-layers and their attribute names (``_query_dense``, ``_key_dense``,
``_value_dense``, ``_output_dense``, optional ``_gate_dense``) follow Keras, so weights
load from Keras files. ``attention_axes`` attends over several axes of higher-rank inputs.

Example:
    >>> mha = unison.layers.MultiHeadAttention(num_heads=2, key_dim=4)
    >>> x = np.ones((2, 6, 8), "float32")
    >>> mha(x, x, use_causal_mask=True).shape
    (2, 6, 8)
"""

from __future__ import annotations

import math
import string
from typing import Any

from unison import constraints, initializers, ops, regularizers
from unison.layers.activation_layers import Softmax
from unison.layers.core_dense import EinsumDense
from unison.layers.layer import Layer
from unison.layers.masking_utils import get_mask
from unison.layers.regularization import Dropout
from unison.symbolic.tensor import SymbolicTensor

__all__ = [
    "MultiHeadAttention",
    "QueryValueBuild",
    "build_now",
    "causal_mask",
    "combine_masks",
    "mask_of",
    "projection_equation",
]

_LETTERS = string.ascii_lowercase


def projection_equation(free_dims: int, bound_dims: int, output_dims: int) -> tuple:
    """``(equation, bias_axes, output_rank)`` of a projection: free axes pass through,
    bound axes are contracted with the kernel, output axes come from the kernel."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims : free_dims + bound_dims]
    out = _LETTERS[free_dims + bound_dims : free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def attention_equations(rank: int, attention_axes: tuple) -> tuple:
    """Einsum equations of the scores (``query, key -> scores``) and of the combination
    (``scores, value -> output``), and the rank of the scores.

    The query comes first so that the scores' axes (query positions before key positions)
    follow the operands' order: TensorFlow's einsum then needs no transpose of the scores,
    which made the key-first form several times slower there."""
    target = _LETTERS[:rank]
    batch_axes = [axis for axis in range(rank) if axis not in attention_axes and axis != rank - 1]
    source = list(target)
    extra = iter(_LETTERS[rank:])
    for axis in attention_axes:
        source[axis] = next(extra)
    source = "".join(source)
    product = (
        "".join(target[axis] for axis in batch_axes)
        + "".join(target[axis] for axis in attention_axes)
        + "".join(source[axis] for axis in attention_axes)
    )
    return f"{target},{source}->{product}", f"{product},{source}->{target}", len(product)


def causal_mask(query_length: Any, value_length: Any) -> Any:
    """``(1, query_length, value_length)`` booleans: position ``i`` sees ``j <= i``."""
    rows = ops.expand_dims(ops.arange(query_length, dtype="int32"), -1)
    columns = ops.expand_dims(ops.arange(value_length, dtype="int32"), 0)
    return ops.expand_dims(ops.greater_equal(rows, columns), 0)


def sliding_window_mask(query_length: Any, value_length: Any, window: int) -> Any:
    rows = ops.reshape(ops.arange(query_length, dtype="int32"), (1, -1, 1))
    columns = ops.reshape(ops.arange(value_length, dtype="int32"), (1, 1, -1))
    return ops.less(ops.abs(ops.subtract(rows, columns)), window)


def combine_masks(
    query: Any,
    value: Any,
    query_mask: Any,
    value_mask: Any,
    key_mask: Any,
    attention_mask: Any,
    use_causal_mask: bool,
    sliding_window: int | None,
) -> Any:
    """One ``(batch, query_steps, value_steps)`` boolean mask from every mask source."""
    parts = []
    if query_mask is not None:
        parts.append(ops.expand_dims(ops.cast(query_mask, "bool"), -1))
    for mask in (value_mask, key_mask):
        if mask is not None:
            parts.append(ops.expand_dims(ops.cast(mask, "bool"), -2))
    query_length, value_length = ops.shape(query)[1], ops.shape(value)[1]
    if use_causal_mask:
        parts.append(causal_mask(query_length, value_length))
    if sliding_window is not None:
        parts.append(sliding_window_mask(query_length, value_length, sliding_window))
    if attention_mask is not None:
        parts.insert(0, ops.cast(attention_mask, "bool"))
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = ops.logical_and(combined, part)
    return combined


def _check_positive(value: Any, name: str, allow_none: bool = False) -> None:
    if value is None and allow_none:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a positive integer"
            f"{' or None' if allow_none else ''}. Received: {name}={value!r}"
        )


class QueryValueBuild:
    """Builds from the shapes of ``query``, ``value`` and ``key`` (positional or keyword),
    and saves them as Keras does (``{"shapes_dict": {"query_shape": ...}}``)."""

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        values = dict(zip(("query", "value", "key"), args, strict=False))
        for name in ("query", "value", "key"):
            if kwargs.get(name) is not None:
                values[name] = kwargs[name]
        if values.get("query") is None or values.get("value") is None:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) must be called with both "
                f"`query` and `value`."
            )
        shapes = {
            f"{name}_shape": tuple(None if d is None else int(d) for d in value.shape)
            for name, value in values.items()
            if value is not None
        }
        self._bind_backend()
        self.build(**shapes)
        self._build_shapes_dict = shapes
        self._build_shapes = shapes["query_shape"]
        self.built = True

    def get_build_config(self) -> dict | None:
        shapes = getattr(self, "_build_shapes_dict", None)
        return None if shapes is None else {"shapes_dict": shapes}

    def build_from_config(self, config: dict) -> None:
        if self.built:
            return
        shapes = config.get("shapes_dict")
        if shapes is None:
            return
        shapes = {key: tuple(value) for key, value in shapes.items() if value is not None}
        self._bind_backend()
        self.build(**shapes)
        self._build_shapes_dict = shapes
        self._build_shapes = shapes.get("query_shape")
        self.built = True


class MultiHeadAttention(QueryValueBuild, Layer):
    """Multi-head attention: project query/key/value into ``num_heads`` heads, attend, and
    project back.

    Args:
        num_heads: number of heads.
        key_dim: size of each head for query and key.
        value_dim: size of each head for value (default ``key_dim``).
        dropout: drop rate of the attention probabilities (training only).
        use_bias: bias in the projections.
        output_shape: the last axes of the output (default: the query's feature size).
        attention_axes: axes attended over (default: all but batch, heads and features).
        sliding_window: attend only to positions closer than this.
        use_gate: multiply the attention output by a sigmoid gate computed from the query.

    Call arguments: ``query``, ``value``, ``key`` (default ``value``), ``query_mask``,
    ``value_mask``, ``key_mask``, ``attention_mask`` (``(B, T, S)`` booleans),
    ``return_attention_scores``, ``training``, ``use_causal_mask``.

    Example:
        >>> output, scores = mha(x, x, return_attention_scores=True)   # scores (2, 2, 6, 6)
    """

    def __init__(
        self,
        num_heads: int,
        key_dim: int,
        value_dim: int | None = None,
        dropout: float = 0.0,
        use_bias: bool = True,
        output_shape: Any = None,
        attention_axes: Any = None,
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
        _check_positive(num_heads, "num_heads")
        _check_positive(key_dim, "key_dim")
        _check_positive(value_dim, "value_dim", allow_none=True)
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim if value_dim else key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        if output_shape:
            if isinstance(output_shape, int):
                output_shape = (output_shape,)
            try:
                output_shape = tuple(output_shape)
            except TypeError:
                raise ValueError(
                    f"Invalid `output_shape`: {output_shape!r}. It must be an int, a tuple or "
                    f"a list."
                ) from None
        self._output_shape = output_shape
        self._flash_attention = bool(flash_attention)
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes and not isinstance(attention_axes, (list, tuple)):
            raise ValueError(
                f"`attention_axes` must be an int, list, or tuple. Received: "
                f"attention_axes={attention_axes!r}"
            )
        self._attention_axes = attention_axes
        _check_positive(sliding_window, "sliding_window", allow_none=True)
        self._sliding_window = sliding_window
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(self._key_dim))
        if self._flash_attention and self._dropout > 0.0:
            raise ValueError(
                "Dropout is not supported when flash attention is enabled; set dropout=0.0 "
                "to use flash attention."
            )

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)
    query_dense = property(lambda self: self._query_dense)
    key_dense = property(lambda self: self._key_dense)
    value_dense = property(lambda self: self._value_dense)
    output_dense = property(lambda self: self._output_dense)

    # -- building ------------------------------------------------------------------------
    def _sublayer_kwargs(self) -> dict:
        def fresh(initializer: Any) -> Any:
            clone = getattr(initializer, "clone", None)
            return clone() if clone is not None else initializer

        return {
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "activity_regularizer": self._activity_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
            "kernel_initializer": fresh(self._kernel_initializer),
            "bias_initializer": fresh(self._bias_initializer),
        }

    def _projection(self, input_shape: tuple, heads_and_size: list, name: str, **extra: Any):
        equation, bias_axes, output_rank = projection_equation(len(input_shape) - 1, 1, 2)
        layer = EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 1 - 2) + list(heads_and_size),
            bias_axes=bias_axes if self._use_bias else None,
            name=name,
            **extra,
            **self._sublayer_kwargs(),
        )
        build_now(layer, input_shape)
        return layer

    def build(self, query_shape: tuple, value_shape: tuple, key_shape: Any = None) -> None:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        heads = self._num_heads
        self._query_dense = self._projection(query_shape, [heads, self._key_dim], "query")
        self._key_dense = self._projection(key_shape, [heads, self._key_dim], "key")
        if self._use_gate:
            self._gate_dense = self._projection(
                query_shape, [heads, self._value_dim], "gate", activation="sigmoid"
            )
        self._value_dense = self._projection(value_shape, [heads, self._value_dim], "value")
        rank = len(value_shape) + 1
        self._build_attention(rank)
        output_shape = self._output_shape or (query_shape[-1],)
        equation, bias_axes, output_rank = projection_equation(
            len(query_shape) - 1, 2, len(output_shape)
        )
        self._output_dense = EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 1 - len(output_shape)) + list(output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            name="attention_output",
            **self._sublayer_kwargs(),
        )
        projected = list(self._query_dense.compute_output_shape(query_shape))
        projected[-1] = self._value_dim
        build_now(self._output_dense, tuple(projected))
        self.built = True

    def _build_attention(self, rank: int) -> None:
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            self._attention_axes = tuple(
                axis if axis >= 0 else (rank - 1) + axis for axis in self._attention_axes
            )
        self._dot_product_equation, self._combine_equation, scores_rank = attention_equations(
            rank, self._attention_axes
        )
        normalized = tuple(range(scores_rank - len(self._attention_axes), scores_rank))
        self._softmax = Softmax(axis=normalized, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(rate=self._dropout, dtype=self.dtype_policy, seed=self.seed)

    # -- calling -------------------------------------------------------------------------
    def _masked_softmax(self, scores: Any, attention_mask: Any) -> Any:
        if attention_mask is not None:
            axis = -len(self._attention_axes) * 2 - 1
            for _ in range(len(scores.shape) - len(attention_mask.shape)):
                attention_mask = ops.expand_dims(attention_mask, axis)
        return self._softmax(scores, mask=attention_mask)

    def _compute_attention(
        self,
        query: Any,
        key: Any,
        value: Any,
        attention_mask: Any = None,
        training: Any = None,
        return_attention_scores: bool = False,
    ) -> tuple:
        if self._flash_attention and not return_attention_scores and len(query.shape) == 4:
            if attention_mask is not None:
                for _ in range(4 - len(attention_mask.shape)):
                    attention_mask = ops.expand_dims(attention_mask, -3)
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=attention_mask,
                scale=self._inverse_sqrt_key_dim,
                flash_attention=True,
            )
            return output, None
        query = ops.multiply(query, self._inverse_sqrt_key_dim)
        scores = ops.einsum(self._dot_product_equation, query, key)
        scores = self._masked_softmax(scores, attention_mask)
        dropped = self._dropout_layer(scores, training=training) if self._dropout > 0 else scores
        output = ops.einsum(self._combine_equation, dropped, value)
        return output, scores

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
            self._sliding_window,
        )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
        output, scores = self._compute_attention(
            query, key, value, attention_mask, training, return_attention_scores
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    # -- shapes and config ---------------------------------------------------------------
    def compute_output_shape(self, query_shape: tuple, value_shape: tuple, key_shape: Any = None):
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                f"All dimensions of `value` and `key`, except the last one, must be equal. "
                f"Received: value_shape={value_shape} and key_shape={key_shape}"
            )
        if self._output_shape:
            return query_shape[:-1] + tuple(self._output_shape)
        return query_shape

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
            scores = (query.shape[0], self._num_heads, query.shape[1], value.shape[1])
            return output, SymbolicTensor(scores, self.compute_dtype)
        return output

    def get_config(self) -> dict:
        config = {
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        }
        return {**super().get_config(), **config}


def mask_of(tensor: Any, explicit: Any) -> Any:
    if explicit is not None:
        return explicit
    return get_mask(tensor)


def build_now(layer: Layer, input_shape: tuple) -> None:
    layer._bind_backend()
    layer.build(tuple(input_shape))
    layer._build_shapes = tuple(input_shape)
    layer.built = True
