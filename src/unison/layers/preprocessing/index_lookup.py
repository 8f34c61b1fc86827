"""``IndexLookup``: the shared base of ``IntegerLookup`` and ``StringLookup``.

The vocabulary lives in NumPy / Python (only TensorFlow has string tensors), so the layers run
on the host on every backend: inputs may be NumPy arrays (numeric or string), lists, backend
tensors or TF string tensors; outputs are tensors of the active backend, except inverted
``StringLookup`` results, which are NumPy string arrays.

Index layout, as in Keras: ``[mask (int output only)] [num_oov_indices OOV slots] [tokens]``.
With several OOV slots an unknown integer goes to slot ``value mod num_oov_indices``; an
unknown string (or any value with ``oov_method="farmhash"``) to the slot chosen by the stable
hash of :mod:`unison.layers.preprocessing.hashing` (Keras uses FarmHash, so those slot numbers
differ from Keras's).

Example:
    >>> layer = unison.layers.StringLookup(vocabulary=["a", "b", "c"])
    >>> layer(np.array([["a", "c"], ["d", "b"]]))   # -> [[1, 3], [0, 2]]
"""

from __future__ import annotations

import collections
import os
from typing import Any

import numpy as np

from unison import config, ops
from unison.layers.layer import Layer
from unison.layers.preprocessing.base import encode_categorical_numpy
from unison.layers.preprocessing.hashing import hash_values, normalize_salt, to_numpy_values
from unison.symbolic.tensor import SymbolicTensor

__all__: list[str] = []

_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


class IndexLookup(Layer):
    """Maps tokens to indices (or back, with ``invert``); see the module docstring."""

    _is_string = False

    def __init__(
        self,
        max_tokens: int | None,
        num_oov_indices: int,
        mask_token: Any,
        oov_token: Any,
        vocabulary_dtype: str,
        vocabulary: Any = None,
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        sparse: bool = False,
        pad_to_max_tokens: bool = False,
        oov_method: str = "floormod",
        name: str | None = None,
        salt: Any = None,
        **kwargs: Any,
    ):
        layer = type(self).__name__
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(
                f"If `max_tokens` is set for `{layer}`, it must be greater than 1. "
                f"Received: max_tokens={max_tokens}"
            )
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(
                f"If pad_to_max_tokens is True, must set `max_tokens`. Received: "
                f"max_tokens={max_tokens}"
            )
        if num_oov_indices < 0:
            raise ValueError(
                f"The value of `num_oov_indices` argument for `{layer}` must >= 0. Received: "
                f"num_oov_indices={num_oov_indices}"
            )
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(
                f"Invalid value for argument `oov_method` of {layer}: expected 'floormod' or "
                f"'farmhash'; received oov_method={oov_method!r}."
            )
        if salt is not None and not self._is_string and oov_method != "farmhash":
            raise ValueError(
                f"`salt` can only be used when `oov_method='farmhash'`. Received: "
                f"oov_method={oov_method!r}"
            )
        salt = normalize_salt(salt, layer)
        output_mode = {"binary": "multi_hot", "tf-idf": "tf_idf"}.get(output_mode, output_mode)
        if output_mode not in _MODES:
            raise ValueError(
                f"Invalid value for argument `output_mode` of {layer}: expected one of "
                f"{_MODES}; received output_mode={output_mode!r}."
            )
        if invert and output_mode != "int":
            raise ValueError(
                f"`output_mode` must be `'int'` when `invert` is true. Received: "
                f"output_mode={output_mode!r}"
            )
        if sparse:
            raise NotImplementedError(
                f"{layer}: sparse=True is not supported: outputs are dense on every backend."
            )
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(
                "`idf_weights` should only be set if `output_mode` is `'tf_idf'`. Received: "
                f"idf_weights={idf_weights!r} and output_mode={output_mode!r}"
            )
        frozen_size = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("trainable", None)
        kwargs.pop("dtype", None)
        if kwargs:
            raise ValueError(f"{layer}: unrecognized keyword argument(s): {sorted(kwargs)}")
        super().__init__(name=name)
        self.invert = invert
        self.max_tokens = max_tokens
        self.num_oov_indices = num_oov_indices
        self.mask_token = mask_token
        self.oov_token = oov_token
        self.output_mode = output_mode
        self.sparse = sparse
        self.pad_to_max_tokens = pad_to_max_tokens
        self.vocabulary_dtype = vocabulary_dtype
        self.oov_method = oov_method
        self.salt = salt
        self._frozen_vocab_size = frozen_size
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._tokens: list = []
        self._index_of: dict = {}
        self.idf_weights = None
        if output_mode == "tf_idf":
            if has_input_vocabulary and idf_weights is None:
                raise ValueError(
                    "When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                    "`idf_weights` argument must also be provided."
                )
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # -- indices --------------------------------------------------------------------------
    def _oov_start_index(self) -> int:
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self) -> int:
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self) -> int:
        """Size of the index space: special slots plus tokens."""
        return self._token_start_index() + len(self._tokens)

    def get_vocabulary(self, include_special_tokens: bool = True) -> list:
        """Tokens in index order (mask and OOV tokens first unless excluded)."""
        vocabulary = [self.oov_token] * self._token_start_index() + list(self._tokens)
        if self.mask_token is not None and self.output_mode == "int":
            vocabulary[0] = self.mask_token
        if not include_special_tokens:
            vocabulary = vocabulary[self._token_start_index() :]
        return vocabulary

    def _token(self, value: Any) -> Any:
        return str(value) if self._is_string else int(value)

    def _as_values(self, inputs: Any) -> np.ndarray:
        values = to_numpy_values(inputs, getattr(self, "encoding", "utf-8"))
        if self._is_string:
            return values.astype(str)
        return values.astype(np.int64)

    # -- vocabulary -----------------------------------------------------------------------
    def set_vocabulary(self, vocabulary: Any, idf_weights: Any = None) -> None:
        """Set the vocabulary (a list, array, tensor or text-file path, one token a line)."""
        if self.output_mode == "tf_idf":
            if idf_weights is None:
                raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        elif idf_weights is not None:
            raise ValueError(
                "`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                f"output_mode={self.output_mode!r} and idf_weights={idf_weights!r}"
            )
        if isinstance(vocabulary, (str, os.PathLike)):
            if not os.path.exists(vocabulary):
                raise ValueError(f"Vocabulary file {vocabulary} does not exist.")
            if self.output_mode == "tf_idf":
                raise ValueError(
                    "output_mode `'tf_idf'` does not support loading a vocabulary from file."
                )
            with open(vocabulary, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
            while lines and lines[-1] == "":
                lines.pop()
            vocabulary = lines
        tokens = [self._token(v) for v in self._as_values(vocabulary).reshape(-1).tolist()]
        if not tokens:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        token_start = self._token_start_index()
        special = [self.mask_token] * self._oov_start_index() + [
            self.oov_token
        ] * self.num_oov_indices
        found_special = (
            len(tokens) >= token_start
            and [None if s is None else self._token(s) for s in special] == tokens[:token_start]
        )
        all_tokens = tokens
        if found_special:
            tokens = tokens[token_start:]
        repeated = [t for t, count in collections.Counter(tokens).items() if count > 1]
        if repeated:
            raise ValueError(
                "The passed vocabulary has at least one repeated term. Please uniquify your "
                f"dataset. The repeated terms are: {repeated}"
            )
        if self.mask_token is not None and self._token(self.mask_token) in tokens:
            raise ValueError(
                "Found reserved mask token at unexpected location in `vocabulary`. Either "
                "remove all mask and OOV tokens, or include them only at the start of the "
                f"vocabulary in precisely this order: {special}. Received: "
                f"mask_token={self.mask_token!r} at vocabulary index "
                f"{all_tokens.index(self._token(self.mask_token))}"
            )
        if self.oov_token is not None and self.invert and self._token(self.oov_token) in tokens:
            raise ValueError(
                "Found reserved OOV token at unexpected location in `vocabulary`. Either "
                "remove all mask and OOV tokens, or include them only at the start of the "
                f"vocabulary in precisely this order: {special}. Received: "
                f"oov_token={self.oov_token!r}"
            )
        if self.max_tokens is not None and token_start + len(tokens) > self.max_tokens:
            raise ValueError(
                "Attempted to set a vocabulary larger than the maximum vocab size. Received "
                f"vocabulary size is {token_start + len(tokens)}; `max_tokens` is "
                f"{self.max_tokens}."
            )
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf" and idf_weights is not None:
            weights = np.asarray(
                ops.convert_to_numpy(idf_weights) if ops.is_tensor(idf_weights) else idf_weights,
                dtype="float64",
            )
            if weights.ndim != 1:
                raise ValueError(
                    f"TF-IDF data must be a 1-index array. Received idf_weights of shape "
                    f"{weights.shape}"
                )
            if len(all_tokens) != len(weights):
                raise ValueError(
                    "`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                    f"{len(weights)}; len(vocabulary) is {len(all_tokens)}"
                )
            front = 0 if found_special else token_start
            front_value = 0.0 if found_special else float(np.average(weights))
            self._set_idf(weights, front, front_value)

    def _set_tokens(self, tokens: list) -> None:
        self._tokens = list(tokens)
        start = self._token_start_index()
        self._index_of = {token: start + i for i, token in enumerate(self._tokens)}
        if not self._is_string:
            keys = np.asarray(self._tokens, dtype=np.int64)
            order = np.argsort(keys, kind="stable")
            self._sorted_keys = keys[order]
            self._sorted_indices = (order + start).astype(np.int64)
        self._record_vocabulary_size()

    def _set_idf(self, weights: np.ndarray, front: int, front_value: float) -> None:
        back = 0
        if self.pad_to_max_tokens and self.max_tokens is not None:
            back = self.max_tokens - front - len(weights)
        padded = np.pad(weights, (front, back), constant_values=(front_value, 0.0))
        self.idf_weights = padded.astype(config.floatx())

    def _record_vocabulary_size(self) -> None:
        size = self.vocabulary_size()
        if (
            self.output_mode != "int"
            and not self.pad_to_max_tokens
            and self._frozen_vocab_size is not None
            and size != self._frozen_vocab_size
            and self._called
        ):
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                "the vocabulary size cannot be changed after the layer is called. Old vocab "
                f"size is {self._frozen_vocab_size}, new vocab size is {size}"
            )
        self._frozen_vocab_size = size

    _called = False

    # -- adapt ----------------------------------------------------------------------------
    def adapt(self, data: Any, steps: int | None = None) -> None:
        """Learn the vocabulary (most frequent tokens first) from an array, a list of tokens
        or an iterable of batches."""
        self.reset_state()
        if hasattr(data, "__iter__") and not (
            isinstance(data, (list, tuple, np.ndarray, str, bytes)) or ops.is_tensor(data)
        ):
            for index, batch in enumerate(data):
                if steps is not None and index >= steps:
                    break
                self.update_state(batch)
        else:
            values = self._as_values(data)
            if values.ndim == 1:
                values = values[:, None]
            self.update_state(values)
        self.finalize_state()

    def update_state(self, data: Any) -> None:
        if self._has_input_vocabulary:
            raise ValueError(
                f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                "`vocabulary` argument or `set_vocabulary()` method."
            )
        values = self._as_values(data)
        if values.ndim == 0:
            values = values[None]
        if values.ndim == 1:
            values = values[None]
        self._count_into(self._counts, values.reshape(-1))
        if self.output_mode == "tf_idf":
            rows = values.reshape(values.shape[0], -1)
            for row in rows:
                self._count_into(self._document_counts, np.unique(row))
            self._num_documents += rows.shape[0]

    def _count_into(self, counter: collections.Counter, values: np.ndarray) -> None:
        tokens, counts = np.unique(values, return_counts=True)
        for token, count in zip(tokens.tolist(), counts.tolist(), strict=True):
            counter[self._token(token)] += count

    def finalize_state(self) -> None:
        if self._has_input_vocabulary or not self._counts:
            self._record_vocabulary_size()
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                self._counts.pop(self._token(special), None)
        tokens = list(self._counts)
        counts = np.asarray([self._counts[t] for t in tokens], dtype=np.int64)
        token_array = np.asarray(tokens, dtype=str if self._is_string else np.int64)
        order = np.lexsort((token_array, counts))[::-1]
        if self.max_tokens:
            order = order[: self.max_tokens - self._token_start_index()]
        chosen = [tokens[i] for i in order]
        self._set_tokens(chosen)
        if self.output_mode == "tf_idf":
            document_counts = np.asarray(
                [self._document_counts[t] for t in chosen], dtype="float64"
            )
            weights = np.log(1.0 + self._num_documents / (1.0 + document_counts))
            weights = weights.astype(config.floatx())
            self._set_idf(weights, self._token_start_index(), float(np.mean(weights)))
        self.reset_state()

    def reset_state(self) -> None:
        self._counts: collections.Counter = collections.Counter()
        self._document_counts: collections.Counter = collections.Counter()
        self._num_documents = 0

    # -- call -----------------------------------------------------------------------------
    def _convert_inputs(self, args: tuple) -> tuple:
        return args

    def _lookup(self, values: np.ndarray) -> np.ndarray:
        """Forward lookup: indices, -1 for masked entries in non-int modes."""
        start = self._oov_start_index()
        default = start if self.num_oov_indices == 1 else -1
        if self._is_string:
            unique, inverse = np.unique(values.reshape(-1), return_inverse=True)
            table = np.asarray(
                [self._index_of.get(token, -1) for token in unique.tolist()], dtype=np.int64
            )
            indices = table[inverse].reshape(values.shape)
        elif self._tokens:
            positions = np.clip(np.searchsorted(self._sorted_keys, values), 0, None)
            positions = np.minimum(positions, len(self._sorted_keys) - 1)
            found = self._sorted_keys[positions] == values
            indices = np.where(found, self._sorted_indices[positions], -1)
        else:
            indices = np.full(values.shape, -1, dtype=np.int64)
        masked = (
            np.asarray(values == self._token(self.mask_token))
            if self.mask_token is not None
            else np.zeros(values.shape, bool)
        )
        unknown = (indices == -1) & ~masked
        if self.num_oov_indices == 0 and unknown.any():
            raise ValueError(
                "When `num_oov_indices=0` all inputs should be in vocabulary, found OOV values "
                f"{values[unknown].tolist()}, consider setting `num_oov_indices=1`."
            )
        if self.num_oov_indices == 1:
            indices = np.where(unknown, default, indices)
        elif self.num_oov_indices > 1:
            if not self._is_string and self.oov_method != "farmhash":
                slots = np.mod(values, self.num_oov_indices)
            else:
                slots = hash_values(values, self.num_oov_indices, self.salt)
            indices = np.where(unknown, slots + start, indices)
        return np.where(masked, 0 if self.output_mode == "int" else -1, indices)

    def _invert(self, values: np.ndarray) -> np.ndarray:
        indices = values.astype(np.int64)
        start = self._token_start_index()
        if self._is_string:
            table = np.asarray(list(self._tokens) + [self.oov_token], dtype=object)
        else:
            table = np.asarray(list(self._tokens) + [self.oov_token], dtype=np.int64)
        position = indices - start
        valid = (position >= 0) & (position < len(self._tokens))
        result = table[np.where(valid, position, len(self._tokens))]
        if self.mask_token is not None:
            result = np.where(indices == 0, self.mask_token, result)
        return result.astype(str) if self._is_string else result.astype(np.int64)

    def call(self, inputs: Any) -> Any:
        if self.output_mode != "int" and not self.pad_to_max_tokens:
            if self._frozen_vocab_size is None:
                raise RuntimeError(
                    f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, "
                    "you must set the layer's vocabulary before calling it. Either pass a "
                    "`vocabulary` argument to the layer, or call `adapt` with some sample data."
                )
        self._called = True
        if self.invert:
            values = to_numpy_values(inputs).astype(np.int64)
            result = self._invert(values)
            return result if self._is_string else ops.convert_to_tensor(result, dtype="int64")
        indices = self._lookup(self._as_values(inputs))
        if self.output_mode == "int":
            return ops.convert_to_tensor(indices, dtype="int64")
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        encoded = encode_categorical_numpy(indices, mode, depth)
        if self.output_mode != "tf_idf":
            return ops.convert_to_tensor(encoded, dtype="int64")
        if self.idf_weights is None:
            raise ValueError("When `output_mode` is `'tf_idf'`, `idf_weights` must be provided.")
        weighted = encoded.astype(self.idf_weights.dtype) * self.idf_weights
        return ops.convert_to_tensor(weighted, dtype=config.floatx())

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    def compute_output_spec(self, inputs: Any) -> Any:
        if self.invert and self._is_string:
            raise NotImplementedError(
                f"{type(self).__name__} with invert=True returns NumPy strings, which "
                "symbolic (functional) models cannot carry; call it eagerly."
            )
        if self.output_mode == "tf_idf":
            dtype = config.floatx()
        else:
            dtype = "int64"
        return SymbolicTensor(self.compute_output_shape(inputs.shape), dtype)

    # -- configuration and saving ---------------------------------------------------------
    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "invert": self.invert,
                "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices,
                "oov_token": self.oov_token,
                "mask_token": self.mask_token,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
                "pad_to_max_tokens": self.pad_to_max_tokens,
                "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": _listify(self.input_idf_weights),
                "vocabulary": _listify(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size,
                "oov_method": self.oov_method,
                "salt": self.salt,
            }
        )
        return result

    def get_build_config(self) -> dict:
        return {}

    def build_from_config(self, config: dict) -> None:
        self.built = True

    def save_own_variables(self, store: dict) -> None:
        if self.output_mode == "tf_idf" and self.idf_weights is not None:
            store["idf_weights"] = np.asarray(self.idf_weights)

    def load_own_variables(self, store: dict) -> None:
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self.idf_weights = np.asarray(store["idf_weights"]).astype(config.floatx())

    def save_assets(self, dir_path: str) -> None:
        """Write an adapted vocabulary to ``vocabulary.txt`` (Keras's asset layout)."""
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), "w", encoding="utf-8") as handle:
            handle.write("\n".join(str(token) for token in self.get_vocabulary()))

    def load_assets(self, dir_path: str) -> None:
        if self.input_vocabulary is not None:
            return
        with open(os.path.join(dir_path, "vocabulary.txt"), encoding="utf-8") as handle:
            lines = handle.read().splitlines()
        while lines and lines[-1] == "":
            lines.pop()
        values = lines if self._is_string else [int(line) for line in lines]
        idf = self.idf_weights if self.output_mode == "tf_idf" else None
        has_input = self._has_input_vocabulary
        self._has_input_vocabulary = False
        self.set_vocabulary(values, idf_weights=idf)
        self._has_input_vocabulary = has_input


def _listify(value: Any) -> Any:
    if value is None:
        return None
    if ops.is_tensor(value):
        value = ops.convert_to_numpy(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    return value
