"""Vocabulary lookups: ``IntegerLookup`` and ``StringLookup``.

Both map tokens to contiguous indices ``[mask (int output only)] [OOV slots] [tokens]`` in
NumPy on the host (every backend), returning tensors of the active backend; see
:mod:`unison.layers.preprocessing.index_lookup` for the details.

Example:
    >>> unison.layers.StringLookup(vocabulary=["a", "b"])(np.array(["b", "x"]))   # -> [2, 0]
"""

from __future__ import annotations

from typing import Any

from unison.layers.preprocessing.index_lookup import IndexLookup

__all__ = ["IntegerLookup", "StringLookup"]


class IntegerLookup(IndexLookup):
    """Map integers to contiguous indices from a vocabulary (given or learned by
    :meth:`adapt`, most frequent first); unknown values go to the OOV slot(s).
    ``output_mode`` ``"one_hot"``, ``"multi_hot"``, ``"count"`` or ``"tf_idf"`` encodes them;
    ``invert=True`` maps indices back to integers.

    Example:
        >>> layer = unison.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
        >>> layer(np.array([[12, 1138, 42], [42, 1000, 36]]))   # -> [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: int | None = None,
        oov_token: int = -1,
        vocabulary: Any = None,
        vocabulary_dtype: str = "int64",
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        sparse: bool = False,
        pad_to_max_tokens: bool = False,
        oov_method: str = "floormod",
        salt: Any = None,
        name: str | None = None,
        **kwargs: Any,
    ):
        if vocabulary_dtype != "int64":
            raise ValueError(
                "Only `vocabulary_dtype='int64'` is supported at this time. Received: "
                f"vocabulary_dtype={vocabulary_dtype!r}"
            )
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            vocabulary_dtype=vocabulary_dtype,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            sparse=sparse,
            pad_to_max_tokens=pad_to_max_tokens,
            oov_method=oov_method,
            salt=salt,
            name=name,
            **kwargs,
        )

    def get_config(self) -> dict:
        result = super().get_config()
        for key in ("oov_token", "mask_token"):
            if result[key] is not None:
                result[key] = int(result[key])
        if result["vocabulary"] is not None:
            result["vocabulary"] = [int(v) for v in result["vocabulary"]]
        return result


class StringLookup(IndexLookup):
    """Map strings to contiguous indices from a vocabulary (given or learned by
    :meth:`adapt`, most frequent first); unknown strings go to the OOV slot(s).
    ``invert=True`` maps indices back to strings (a NumPy string array).

    Example:
        >>> layer = unison.layers.StringLookup(vocabulary=["a", "b", "c", "d"])
        >>> layer(np.array([["a", "c", "d"], ["d", "z", "b"]]))   # -> [[1, 3, 4], [4, 0, 2]]
    """

    _is_string = True

    def __init__(
        self,
        max_tokens: int | None = None,
        num_oov_indices: int = 1,
        mask_token: str | None = None,
        oov_token: str = "[UNK]",
        vocabulary: Any = None,
        idf_weights: Any = None,
        invert: bool = False,
        output_mode: str = "int",
        pad_to_max_tokens: bool = False,
        sparse: bool = False,
        encoding: str = "utf-8",
        name: str | None = None,
        salt: Any = None,
        **kwargs: Any,
    ):
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(
            max_tokens=max_tokens,
            num_oov_indices=num_oov_indices,
            mask_token=mask_token,
            oov_token=oov_token,
            vocabulary=vocabulary,
            idf_weights=idf_weights,
            invert=invert,
            output_mode=output_mode,
            pad_to_max_tokens=pad_to_max_tokens,
            sparse=sparse,
            name=name,
            salt=salt,
            vocabulary_dtype="string",
            **kwargs,
        )

    def get_config(self) -> dict:
        result = super().get_config()
        del result["vocabulary_dtype"]
        result["encoding"] = self.encoding
        return result
