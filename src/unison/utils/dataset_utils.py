"""In-memory dataset helpers: ``split_dataset`` and ``timeseries_dataset_from_array``.

Both work on NumPy arrays (tensors are converted) and need no framework: splits are arrays
and time series come as a :class:`unison.utils.PyDataset` of NumPy batches, which ``fit``,
``evaluate`` and ``predict`` accept directly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from unison.utils.py_dataset import PyDataset

__all__ = ["split_dataset", "timeseries_dataset_from_array"]


def _as_array(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "shape") and hasattr(value, "dtype") and not isinstance(value, list):
        from unison import ops

        return np.asarray(ops.convert_to_numpy(value))
    return np.asarray(value)


def _check_size(value: Any, name: str, total: int) -> Any:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"split_dataset: {name} must be an int, a float or None; received {value!r} of "
            f"type {type(value).__name__}."
        )
    if isinstance(value, (int, np.integer)):
        if not 0 < value < total:
            raise ValueError(
                f"split_dataset: {name} must be an int in (0, {total}) or a float in (0, 1); "
                f"received {name}={value}."
            )
        return int(value)
    if not 0 < value < 1:
        raise ValueError(
            f"split_dataset: {name} must be an int in (0, {total}) or a float in (0, 1); "
            f"received {name}={value}."
        )
    return round(float(value) * total)


def _split_sizes(left_size: Any, right_size: Any, total: int) -> tuple[int, int]:
    if left_size is None and right_size is None:
        raise ValueError("split_dataset: pass left_size, right_size or both; received neither.")
    if (
        isinstance(left_size, (float, np.floating))
        and isinstance(right_size, (float, np.floating))
        and left_size + right_size > 1
    ):
        raise ValueError(
            f"split_dataset: left_size + right_size must be at most 1; received "
            f"{left_size} + {right_size}."
        )
    left = _check_size(left_size, "left_size", total)
    right = _check_size(right_size, "right_size", total)
    if left is None:
        left = total - right
    elif right is None:
        right = total - left
    if left + right > total:
        raise ValueError(
            f"split_dataset: left_size + right_size ({left} + {right}) exceeds the dataset "
            f"length {total}."
        )
    for size, side in ((left, "left"), (right, "right")):
        if size == 0:
            raise ValueError(
                f"split_dataset: the {side} split would be empty (dataset length {total}, "
                f"left_size={left_size}, right_size={right_size})."
            )
    return left, right


def split_dataset(
    dataset: Any,
    left_size: int | float | None = None,
    right_size: int | float | None = None,
    shuffle: bool = False,
    seed: int | None = None,
    preferred_backend: str | None = None,
) -> tuple[Any, Any]:
    """Split arrays into a left part (the first samples) and a right part (the last).

    Args:
        dataset: an array, or a tuple / list / dict of arrays with the same first
            dimension (split together, sample by sample).
        left_size: a float in (0, 1) (a fraction of the samples) or an int (a count);
            default, the complement of ``right_size``.
        right_size: the same for the right part; default, the complement of ``left_size``.
        shuffle: shuffle the samples before splitting.
        seed: seed of the shuffle.
        preferred_backend: accepted for Keras compatibility; the parts are NumPy arrays.

    Returns:
        ``(left, right)``, each with the structure of ``dataset`` (a tuple for a list).

    Example:
        >>> x, y = np.arange(10), np.arange(10) * 2
        >>> (x_train, y_train), (x_test, y_test) = unison.utils.split_dataset(
        ...     (x, y), left_size=0.8)
        >>> len(x_train), len(x_test)
        (8, 2)
    """
    if isinstance(dataset, dict):
        keys = list(dataset)
        columns = [_as_array(dataset[key]) for key in keys]
    elif isinstance(dataset, (tuple, list)):
        columns = [_as_array(column) for column in dataset]
    else:
        columns = [_as_array(dataset)]
    if not columns or any(column.ndim == 0 for column in columns):
        raise TypeError(
            f"split_dataset expects arrays (or a tuple / list / dict of arrays); received "
            f"{type(dataset).__name__}."
        )
    total = len(columns[0])
    lengths = {len(column) for column in columns}
    if len(lengths) > 1:
        raise ValueError(
            f"split_dataset: all arrays must have the same number of samples; received "
            f"lengths {[len(column) for column in columns]}."
        )
    if total == 0:
        raise ValueError("split_dataset: the dataset is empty.")
    left, right = _split_sizes(left_size, right_size, total)
    order = np.arange(total)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        order = np.random.RandomState(seed).permutation(total)
    left_index, right_index = order[:left], order[total - right :]
    left_columns = [column[left_index] for column in columns]
    right_columns = [column[right_index] for column in columns]
    if isinstance(dataset, dict):
        return dict(zip(keys, left_columns)), dict(zip(keys, right_columns))
    if isinstance(dataset, (tuple, list)):
        return tuple(left_columns), tuple(right_columns)
    return left_columns[0], right_columns[0]


class _TimeseriesDataset(PyDataset):
    """Windows over an array, built lazily one batch at a time."""

    def __init__(self, data, targets, starts, offsets, start_index, batch_size):
        super().__init__()
        self.data = data
        self.targets = targets
        self.starts = starts
        self.offsets = offsets
        self.start_index = start_index
        self.batch_size = batch_size

    def __len__(self) -> int:
        if self.batch_size is None:
            return len(self.starts)
        return -(-len(self.starts) // self.batch_size)

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self):
            raise IndexError(f"batch index {index} out of range [0, {len(self)}).")
        if self.batch_size is None:
            starts = self.starts[index : index + 1]
        else:
            starts = self.starts[index * self.batch_size : (index + 1) * self.batch_size]
        positions = self.start_index + starts
        windows = self.data[positions[:, None] + self.offsets[None, :]]
        if self.batch_size is None:
            windows = windows[0]
        if self.targets is None:
            return windows
        targets = self.targets[positions]
        return windows, targets[0] if self.batch_size is None else targets


def _check_positive(value: Any, name: str, length: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(
            f"timeseries_dataset_from_array: {name} must be a positive int; received {value!r}."
        )
    if length is not None and name != "sequence_length" and value >= length:
        raise ValueError(
            f"timeseries_dataset_from_array: {name} must be lower than the length of the data "
            f"({length}); received {value}."
        )
    return int(value)


def timeseries_dataset_from_array(
    data: Any,
    targets: Any,
    sequence_length: int,
    sequence_stride: int = 1,
    sampling_rate: int = 1,
    batch_size: int | None = 128,
    shuffle: bool = False,
    seed: int | None = None,
    start_index: int | None = None,
    end_index: int | None = None,
    format: str | None = None,
) -> PyDataset:
    """Sliding windows over a time series, in batches.

    Window ``i`` holds ``data[s], data[s + r], ..., data[s + (sequence_length - 1) * r]``
    with ``s = start_index + i * sequence_stride`` and ``r = sampling_rate``; its target is
    ``targets[s]``. Windows that would pass ``end_index`` are dropped.

    Args:
        data: array of time steps (axis 0 is time).
        targets: array with a target per time step, or ``None`` (batches are then windows
            only).
        sequence_length: number of time steps per window.
        sequence_stride: steps between the starts of two consecutive windows.
        sampling_rate: steps between two time steps inside a window.
        batch_size: windows per batch (the last may be smaller); ``None`` yields single
            windows.
        shuffle: shuffle the order of the windows.
        seed: seed of the shuffle.
        start_index: first time step used (inclusive).
        end_index: last time step used (exclusive).
        format: accepted for Keras compatibility (``"tf"``, ``"grain"``); the result is
            always a :class:`PyDataset` of NumPy arrays.

    Example:
        >>> data = np.arange(100)
        >>> dataset = unison.utils.timeseries_dataset_from_array(
        ...     data[:-10], data[10:], sequence_length=10, batch_size=16)
        >>> windows, targets = dataset[0]
        >>> windows[0], targets[0]        # steps 0..9 predict step 10
    """
    if format not in (None, "tf", "grain"):
        raise ValueError(f'format must be "tf", "grain" or None; received {format!r}.')
    data = _as_array(data)
    targets = None if targets is None else _as_array(targets)
    length = len(data)
    sequence_length = _check_positive(sequence_length, "sequence_length", length)
    sequence_stride = _check_positive(sequence_stride, "sequence_stride", length)
    sampling_rate = _check_positive(sampling_rate, "sampling_rate", length)
    if batch_size is not None:
        batch_size = _check_positive(batch_size, "batch_size", None)
    if start_index:
        if start_index < 0 or start_index >= length:
            raise ValueError(
                f"timeseries_dataset_from_array: start_index must be in [0, {length}); "
                f"received {start_index}."
            )
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(
                f"timeseries_dataset_from_array: end_index ({end_index}) must be greater than "
                f"start_index ({start_index})."
            )
        if end_index >= length or end_index <= 0:
            raise ValueError(
                f"timeseries_dataset_from_array: end_index must be in (0, {length}); received "
                f"{end_index}."
            )
    start_index = start_index or 0
    end_index = end_index or length
    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        count = min(count, len(targets) - start_index)
    starts = np.arange(0, max(count, 0), sequence_stride, dtype="int64")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    offsets = np.arange(sequence_length, dtype="int64") * sampling_rate
    return _TimeseriesDataset(data, targets, starts, offsets, start_index, batch_size)
