"""``pad_sequences``: make a list of variable-length sequences one rectangular array."""

from __future__ import annotations

from typing import Any

import numpy as np

_SIDES = ("pre", "post")


def pad_sequences(
    sequences: Any,
    maxlen: int | None = None,
    dtype: Any = "int32",
    padding: str = "pre",
    truncating: str = "pre",
    value: Any = 0.0,
) -> np.ndarray:
    """Pad (or truncate) every sequence to ``maxlen`` and stack them.

    Args:
        sequences: a list of sequences (lists or arrays; each item may itself be an array,
            whose shape becomes the trailing shape of the result).
        maxlen: the length of the result; default, the longest sequence.
        dtype: dtype of the result (``object`` or a string dtype for text).
        padding: ``"pre"`` (pad at the start, the default) or ``"post"``.
        truncating: drop values from the start (``"pre"``) or the end (``"post"``) of
            sequences longer than ``maxlen``.
        value: the padding value.

    Returns:
        A NumPy array of shape ``(len(sequences), maxlen, *item_shape)``.

    Example:
        >>> unison.utils.pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post")
        array([[2, 3],
               [4, 0]], dtype=int32)
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError(f"`sequences` must be a list of sequences; received {sequences!r}.")
    if padding not in _SIDES:
        raise ValueError(f'padding must be "pre" or "post"; received {padding!r}.')
    if truncating not in _SIDES:
        raise ValueError(f'truncating must be "pre" or "post"; received {truncating!r}.')
    lengths = []
    item_shape: tuple = ()
    found_item = False
    for sequence in sequences:
        try:
            lengths.append(len(sequence))
        except TypeError:
            raise ValueError(
                f"`sequences` must be a list of sequences; found an element of type "
                f"{type(sequence).__name__}: {sequence!r}."
            ) from None
        if not found_item and len(sequence):
            item_shape = np.asarray(sequence).shape[1:]
            found_item = True
    if maxlen is None:
        maxlen = max(lengths, default=0)
    elif isinstance(maxlen, bool) or not isinstance(maxlen, (int, np.integer)) or maxlen < 0:
        raise ValueError(f"maxlen must be a non-negative int or None; received {maxlen!r}.")
    maxlen = int(maxlen)
    text_dtype = np.issubdtype(np.dtype(dtype), np.str_) if dtype is not object else True
    if isinstance(value, str) and not text_dtype:
        raise ValueError(
            f"pad_sequences: a string padding value ({value!r}) needs dtype=object or a "
            f"string dtype; received dtype={dtype!r}."
        )
    result = np.full((len(lengths), maxlen, *item_shape), value, dtype=dtype)
    if maxlen == 0:
        return result
    for index, sequence in enumerate(sequences):
        if not len(sequence):
            continue
        kept = sequence[-maxlen:] if truncating == "pre" else sequence[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != item_shape:
            raise ValueError(
                f"pad_sequences: sequence {index} has items of shape {kept.shape[1:]}; "
                f"expected {item_shape} like the first non-empty sequence."
            )
        if padding == "post":
            result[index, : len(kept)] = kept
        else:
            result[index, -len(kept) :] = kept
    return result
