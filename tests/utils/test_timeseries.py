"""timeseries_dataset_from_array: windows, targets, strides, shuffling, bounds."""

import numpy as np
import pytest

from unison.utils import PyDataset, timeseries_dataset_from_array


def _all(dataset):
    parts = [dataset[i] for i in range(len(dataset))]
    if isinstance(parts[0], tuple):
        return tuple(np.concatenate(column) for column in zip(*parts))
    return np.concatenate(parts)


def test_keras_documented_example_indices():
    # sequence_length=10, sampling_rate=2, sequence_stride=3 over indices 0..98
    dataset = timeseries_dataset_from_array(
        np.arange(99), None, sequence_length=10, sampling_rate=2, sequence_stride=3
    )
    assert isinstance(dataset, PyDataset)
    windows = _all(dataset)
    np.testing.assert_array_equal(windows[0], np.arange(0, 20, 2))
    np.testing.assert_array_equal(windows[1], np.arange(3, 23, 2))
    np.testing.assert_array_equal(windows[-1], np.arange(78, 98, 2))


def test_temporal_regression_targets_and_batches():
    data = np.arange(100)
    dataset = timeseries_dataset_from_array(
        data[:-10], data[10:], sequence_length=10, batch_size=16
    )
    windows, targets = dataset[0]
    assert windows.shape == (16, 10) and targets.shape == (16,)
    np.testing.assert_array_equal(windows[0], data[:10])
    assert targets[0] == 10
    all_windows, all_targets = _all(dataset)
    assert len(all_windows) == 81
    np.testing.assert_array_equal(all_targets, all_windows[:, 0] + 10)
    assert len(dataset) == 6  # ceil(81 / 16)


def test_multivariate_data_and_unbatched():
    data = np.arange(40).reshape(20, 2)
    dataset = timeseries_dataset_from_array(data, None, sequence_length=4, batch_size=None)
    assert len(dataset) == 17
    assert dataset[0].shape == (4, 2)


def test_start_and_end_index():
    data = np.arange(50)
    dataset = timeseries_dataset_from_array(
        data, data, sequence_length=5, start_index=10, end_index=30, batch_size=100
    )
    windows, targets = dataset[0]
    assert windows[0, 0] == 10 and windows[-1, -1] == 29
    np.testing.assert_array_equal(targets, windows[:, 0])


def test_shuffle_is_seeded_and_keeps_pairs():
    data = np.arange(60)
    first = timeseries_dataset_from_array(data, data * 2, 5, shuffle=True, seed=7, batch_size=8)
    second = timeseries_dataset_from_array(data, data * 2, 5, shuffle=True, seed=7, batch_size=8)
    windows, targets = _all(first)
    np.testing.assert_array_equal(windows, _all(second)[0])
    np.testing.assert_array_equal(targets, windows[:, 0] * 2)
    assert not np.array_equal(windows[:, 0], np.sort(windows[:, 0]))


def test_argument_errors():
    data = np.arange(10)
    with pytest.raises(ValueError, match="sampling_rate"):
        timeseries_dataset_from_array(data, None, 3, sampling_rate=0)
    with pytest.raises(ValueError, match="sequence_stride"):
        timeseries_dataset_from_array(data, None, 3, sequence_stride=10)
    with pytest.raises(ValueError, match="start_index"):
        timeseries_dataset_from_array(data, None, 3, start_index=20)
    with pytest.raises(ValueError, match="end_index"):
        timeseries_dataset_from_array(data, None, 3, start_index=5, end_index=4)


def test_fit_accepts_the_dataset(training_backend):
    import unison

    data = np.random.RandomState(0).rand(64, 3).astype("float32")
    dataset = timeseries_dataset_from_array(data, data[:, 0], sequence_length=4, batch_size=16)
    model = unison.Sequential(
        [unison.Input((4, 3)), unison.layers.Flatten(), unison.layers.Dense(1)]
    )
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(dataset, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
