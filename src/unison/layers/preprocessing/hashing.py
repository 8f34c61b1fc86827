"""``Hashing``: map strings or integers to ``num_bins`` buckets with a stable hash.

The hash (documented, identical on every backend, platform and run): each value is turned
into bytes -- integers as their decimal text, floats truncated to int64 first (as Keras does),
strings UTF-8 encoded, bytes unchanged -- then hashed with 64-bit BLAKE2b (keyed with the two
salt integers, as 8-byte little-endian words, when ``salt`` is given); the digest read as a
little-endian unsigned integer, modulo the number of bins, is the bucket. Keras uses FarmHash
/ SipHash instead, so bucket numbers differ from Keras's (their distribution does not).
Hashing runs in NumPy on the host; the result is a tensor of the active backend.

Example:
    >>> layer = unison.layers.Hashing(num_bins=3)
    >>> layer(np.array([["A"], ["B"], ["C"]]))   # same buckets on every backend and run
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from unison import config, ops
from unison.layers.layer import Layer
from unison.layers.preprocessing.base import encode_categorical_numpy
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["Hashing"]

_MASK64 = (1 << 64) - 1


def to_numpy_values(inputs: Any, encoding: str = "utf-8") -> np.ndarray:
    """Inputs (NumPy array, list, backend tensor, TF string tensor) as a NumPy array; byte
    strings are decoded to ``str``."""
    if isinstance(inputs, np.ndarray):
        values = inputs
    elif isinstance(inputs, (list, tuple, str, bytes, int, float, np.generic)):
        values = np.asarray(inputs)
    elif hasattr(inputs, "numpy") and "string" in str(getattr(inputs, "dtype", "")):
        values = np.asarray(inputs.numpy())
    else:
        values = np.asarray(ops.convert_to_numpy(inputs))
    if values.dtype.kind == "S" or (
        values.dtype == object and any(isinstance(v, bytes) for v in values.reshape(-1))
    ):
        values = np.vectorize(
            lambda v: v.decode(encoding) if isinstance(v, bytes) else str(v), otypes=[object]
        )(values).astype(str)
    elif values.dtype == object:
        values = values.astype(str)
    return values


def _salt_key(salt: Any) -> bytes:
    return b"".join((int(part) & _MASK64).to_bytes(8, "little") for part in salt)


def _value_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(int(value)).encode("ascii")


def hash_values(values: np.ndarray, num_bins: int, salt: Any = None) -> np.ndarray:
    """The documented stable hash of every element of ``values``, modulo ``num_bins``."""
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    key = _salt_key(salt) if salt is not None else b""
    unique, inverse = np.unique(values.reshape(-1), return_inverse=True)
    buckets = np.empty(unique.shape, dtype=np.int64)
    for index, value in enumerate(unique.tolist()):
        digest = hashlib.blake2b(_value_bytes(value), digest_size=8, key=key).digest()
        buckets[index] = int.from_bytes(digest, "little") % num_bins
    return buckets[inverse].reshape(values.shape)


def normalize_salt(salt: Any, layer: str) -> list | None:
    if salt is None:
        return None
    if isinstance(salt, (tuple, list)) and len(salt) == 2:
        return [int(s) for s in salt]
    if isinstance(salt, int) and not isinstance(salt, bool):
        return [salt, salt]
    raise ValueError(
        f"The `salt` argument for `{layer}` can only be a tuple of size 2 integers, or a "
        f"single integer. Received: salt={salt!r}."
    )


class Hashing(Layer):
    """Hash strings or integers into ``num_bins`` buckets (see the module docstring for the
    hash). With ``mask_value``, that value goes to bucket 0 and the others to
    ``1..num_bins-1``. ``output_mode`` ``"one_hot"``, ``"multi_hot"`` or ``"count"``
    encodes the buckets.

    Example:
        >>> unison.layers.Hashing(num_bins=4, mask_value="")(np.array(["", "a", "b"]))
    """

    def __init__(
        self,
        num_bins: int,
        mask_value: Any = None,
        salt: Any = None,
        output_mode: str = "int",
        sparse: bool = False,
        **kwargs: Any,
    ):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else config.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(
                "The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                f"Received: num_bins={num_bins}."
            )
        if output_mode == "int" and self.dtype_policy.name not in ("int32", "int64"):
            raise ValueError(
                "When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or "
                f"'int64'. Received: dtype={kwargs['dtype']!r}"
            )
        modes = ("int", "one_hot", "multi_hot", "count")
        if output_mode not in modes:
            raise ValueError(
                f"Invalid value for argument `output_mode`. Expected one of {modes}. "
                f"Received: output_mode={output_mode!r}"
            )
        if sparse:
            raise NotImplementedError(
                "Hashing: sparse=True is not supported: outputs are dense on every backend."
            )
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = sparse
        self.salt = normalize_salt(salt, "Hashing")
        self.built = True

    def _convert_inputs(self, args: tuple) -> tuple:
        return args

    def _hash_to_bins(self, values: np.ndarray) -> np.ndarray:
        bins = self.num_bins
        mask = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = np.asarray(values == self.mask_value)
        buckets = hash_values(values, bins, self.salt)
        if mask is not None:
            buckets = np.where(mask, 0, buckets + 1)
        return buckets

    def call(self, inputs: Any) -> Any:
        values = to_numpy_values(inputs)
        if self.output_mode == "one_hot" and values.ndim > 0 and values.shape[-1] == 1:
            values = values[..., 0]
        buckets = self._hash_to_bins(values)
        if self.output_mode == "int":
            return ops.convert_to_tensor(buckets, dtype=self.dtype)
        encoded = encode_categorical_numpy(buckets, self.output_mode, self.num_bins)
        return ops.convert_to_tensor(encoded, dtype=self.dtype)

    def compute_output_shape(self, input_shape: tuple) -> tuple:
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        if len(input_shape) == 0:
            return (self.num_bins,)
        return input_shape[:-1] + (self.num_bins,)

    def compute_output_spec(self, inputs: Any) -> Any:
        return SymbolicTensor(self.compute_output_shape(inputs.shape), self.dtype)

    def get_config(self) -> dict:
        result = super().get_config()
        result.update(
            {
                "num_bins": self.num_bins,
                "salt": self.salt,
                "mask_value": self.mask_value,
                "output_mode": self.output_mode,
                "sparse": self.sparse,
            }
        )
        return result
