"""Datasets from folders of files: ``text_dataset_from_directory`` and
``image_dataset_from_directory`` (Pillow needed), as :class:`PyDataset` objects of NumPy
batches; ``audio_dataset_from_directory`` is not available.

With ``labels="inferred"`` each sub-folder of ``directory`` is a class (alphabetical order
unless ``class_names`` is given) and files are read recursively inside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np

from unison.utils.py_dataset import PyDataset

__all__ = [
    "audio_dataset_from_directory",
    "image_dataset_from_directory",
    "text_dataset_from_directory",
]

_IMAGE_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def _files(folder: str, follow_links: bool, formats: tuple[str, ...]) -> list[str]:
    found = []
    for root, _, names in sorted(os.walk(folder, followlinks=follow_links), key=lambda x: x[0]):
        for name in sorted(names):
            if name.lower().endswith(formats):
                found.append(os.path.join(root, name))
    return found


def index_directory(
    directory: Any,
    labels: Any,
    formats: tuple[str, ...],
    class_names: list[str] | None,
    shuffle: bool,
    seed: int | None,
    follow_links: bool,
    verbose: bool,
) -> tuple[list[str], np.ndarray | None, list[str] | None]:
    """File paths, int labels (or None) and class names, shuffled when asked."""
    directory = os.fspath(directory)
    if not os.path.isdir(directory):
        raise ValueError(f"directory {directory!r} is not a folder.")
    if labels == "inferred":
        folders = sorted(
            name
            for name in os.listdir(directory)
            if os.path.isdir(os.path.join(directory, name)) and not name.startswith(".")
        )
        if class_names is not None:
            if not set(class_names).issubset(folders):
                raise ValueError(
                    f"class_names {class_names} must be sub-folders of {directory!r}; found "
                    f"{folders}."
                )
            folders = list(class_names)
        paths: list[str] = []
        label_list: list[int] = []
        for index, folder in enumerate(folders):
            found = _files(os.path.join(directory, folder), follow_links, formats)
            paths.extend(found)
            label_list.extend([index] * len(found))
        label_array: np.ndarray | None = np.asarray(label_list, dtype="int32")
        names: list[str] | None = folders
    else:
        if class_names is not None:
            raise ValueError(
                "class_names can only be given with labels='inferred'; received labels="
                f"{'None' if labels is None else 'a list'}."
            )
        paths = _files(directory, follow_links, formats)
        if labels is None:
            label_array, names = None, None
        else:
            if len(labels) != len(paths):
                raise ValueError(
                    f"labels has {len(labels)} entries but {directory!r} holds {len(paths)} "
                    f"matching files (sorted by path); they must match."
                )
            label_array = np.asarray(labels, dtype="int32")
            names = [str(label) for label in sorted(set(np.asarray(labels).tolist()))]
    if verbose:
        if label_array is None:
            print(f"Found {len(paths)} files.")
        else:
            print(f"Found {len(paths)} files belonging to {len(names)} classes.")
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        order = np.random.RandomState(seed).permutation(len(paths))
        paths = [paths[i] for i in order]
        if label_array is not None:
            label_array = label_array[order]
    return paths, label_array, names


def _check_arguments(labels, label_mode, validation_split, subset, shuffle, seed) -> Any:
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple, np.ndarray)):
        raise ValueError(
            f"labels must be 'inferred', None, or a list of ints (one per file); received "
            f"{labels!r}."
        )
    if labels is None:
        label_mode = None
    elif label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(
            f"label_mode must be 'int', 'categorical', 'binary' or None; received {label_mode!r}."
        )
    if validation_split and not 0 < validation_split < 1:
        raise ValueError(f"validation_split must be in (0, 1); received {validation_split!r}.")
    if bool(validation_split) != bool(subset):
        raise ValueError("subset and validation_split must be given together.")
    if subset not in ("training", "validation", "both", None):
        raise ValueError(f"subset must be 'training', 'validation' or 'both'; received {subset!r}.")
    if validation_split and shuffle and seed is None:
        raise ValueError(
            "With validation_split and shuffle=True, pass a seed so that the training and "
            "validation subsets do not overlap."
        )
    return label_mode


def _subset(paths, labels, validation_split, subset, verbose) -> tuple[list, Any]:
    count = int(validation_split * len(paths))
    if subset == "training":
        if verbose:
            print(f"Using {len(paths) - count} files for training.")
        return paths[: len(paths) - count], None if labels is None else labels[: len(paths) - count]
    if verbose:
        print(f"Using {count} files for validation.")
    return paths[len(paths) - count :], None if labels is None else labels[len(paths) - count :]


class DirectoryDataset(PyDataset):
    """Batches of files read by ``load`` (one sample per path) with their labels.

    Attributes:
        class_names: the class names (``None`` without labels).
        file_paths: the files in dataset order.
    """

    def __init__(self, paths, labels, load, label_mode, class_names, batch_size, stack):
        super().__init__()
        self.file_paths = list(paths)
        self.labels = labels
        self.class_names = class_names
        self._load = load
        self._label_mode = label_mode
        self._batch_size = batch_size
        self._stack = stack

    def __len__(self) -> int:
        if self._batch_size is None:
            return len(self.file_paths)
        return -(-len(self.file_paths) // self._batch_size)

    def _encode(self, labels: np.ndarray) -> np.ndarray:
        if self._label_mode == "binary":
            return labels.astype("float32")[..., None]
        if self._label_mode == "categorical":
            return np.eye(len(self.class_names), dtype="float32")[labels]
        return labels.astype("int32")

    def __getitem__(self, index: int) -> Any:
        if not 0 <= index < len(self):
            raise IndexError(f"batch index {index} out of range [0, {len(self)}).")
        size = self._batch_size or 1
        part = slice(index * size, (index + 1) * size)
        samples = self._stack([self._load(path) for path in self.file_paths[part]])
        if self._batch_size is None:
            samples = samples[0]
        if self.labels is None or self._label_mode is None:
            return samples
        labels = self._encode(np.asarray(self.labels[part]))
        return samples, labels[0] if self._batch_size is None else labels


def _build(
    directory,
    labels,
    label_mode,
    class_names,
    batch_size,
    shuffle,
    seed,
    validation_split,
    subset,
    follow_links,
    verbose,
    formats,
    load: Callable,
    stack: Callable,
) -> Any:
    label_mode = _check_arguments(labels, label_mode, validation_split, subset, shuffle, seed)
    if seed is None and shuffle:
        seed = np.random.randint(1e6)
    paths, label_array, names = index_directory(
        directory, labels, formats, class_names, shuffle, seed, follow_links, verbose
    )
    if label_mode == "binary" and len(names) != 2:
        raise ValueError(
            f"label_mode='binary' needs exactly 2 classes; found {len(names)}: {names}."
        )
    if batch_size is not None and (isinstance(batch_size, bool) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive int or None; received {batch_size!r}.")

    def make(subset_name: str | None) -> DirectoryDataset:
        chosen, chosen_labels = paths, label_array
        if subset_name is not None:
            chosen, chosen_labels = _subset(
                paths, label_array, validation_split, subset_name, verbose
            )
        if not chosen:
            raise ValueError(
                f"No files with extensions {formats} found in {os.fspath(directory)!r}."
            )
        return DirectoryDataset(chosen, chosen_labels, load, label_mode, names, batch_size, stack)

    if subset == "both":
        return [make("training"), make("validation")]
    return make(subset)


def text_dataset_from_directory(
    directory: Any,
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: list[str] | None = None,
    batch_size: int | None = 32,
    max_length: int | None = None,
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    follow_links: bool = False,
    format: str | None = None,
    verbose: bool = True,
) -> Any:
    """A dataset of ``.txt`` files: batches of ``(texts, labels)`` with ``texts`` a NumPy
    string array.

    Labels are int32 (``"int"``), one-hot float32 (``"categorical"``), float32 of shape
    ``(batch, 1)`` (``"binary"``, two classes), or absent (``label_mode=None`` or
    ``labels=None``). ``subset="both"`` returns ``[training, validation]``. ``format`` is
    accepted for Keras compatibility; the result is always a :class:`PyDataset`.

    Example:
        >>> train = unison.utils.text_dataset_from_directory(
        ...     "reviews/", validation_split=0.2, subset="training", seed=1)
        >>> texts, labels = train[0]
        >>> train.class_names
        ['neg', 'pos']
    """

    def load(path: str) -> str:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
        return text[:max_length] if max_length is not None else text

    return _build(
        directory,
        labels,
        label_mode,
        class_names,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        verbose,
        (".txt",),
        load,
        np.asarray,
    )


def image_dataset_from_directory(
    directory: Any,
    labels: Any = "inferred",
    label_mode: str | None = "int",
    class_names: list[str] | None = None,
    color_mode: str = "rgb",
    batch_size: int | None = 32,
    image_size: tuple[int, int] = (256, 256),
    shuffle: bool = True,
    seed: int | None = None,
    validation_split: float | None = None,
    subset: str | None = None,
    interpolation: str = "bilinear",
    follow_links: bool = False,
    crop_to_aspect_ratio: bool = False,
    pad_to_aspect_ratio: bool = False,
    data_format: str | None = None,
    format: str | None = None,
    verbose: bool = True,
) -> Any:
    """A dataset of image files (bmp, gif, jpeg, png) resized to ``image_size``: batches of
    float32 images ``(batch, height, width, channels)`` (channels first with
    ``data_format="channels_first"``) and labels as in
    :func:`text_dataset_from_directory`. Needs Pillow; resizing uses Pillow's filters, so
    pixels may differ slightly from Keras's TensorFlow resize.

    Example:
        >>> train = unison.utils.image_dataset_from_directory("flowers/", image_size=(64, 64))
        >>> images, labels = train[0]          # (32, 64, 64, 3) float32, (32,) int32
    """
    from unison import config
    from unison.utils import image_utils

    image_utils.pil_image()  # a clear ImportError naming Pillow, before indexing files
    if color_mode not in _CHANNELS:
        raise ValueError(
            f"color_mode must be 'grayscale', 'rgb' or 'rgba'; received {color_mode!r}."
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("Pass only one of crop_to_aspect_ratio and pad_to_aspect_ratio.")
    height, width = (int(side) for side in image_size)
    data_format = config.standardize_data_format(data_format)
    image_utils.resampling(interpolation)

    def load(path: str) -> np.ndarray:
        image = (
            image_utils.load_img(
                path,
                color_mode=color_mode,
                target_size=(height, width),
                interpolation=interpolation,
                keep_aspect_ratio=crop_to_aspect_ratio,
            )
            if not pad_to_aspect_ratio
            else _padded(image_utils, path, color_mode, height, width, interpolation)
        )
        array = image_utils.img_to_array(image, data_format="channels_last", dtype="float32")
        if array.shape[-1] != _CHANNELS[color_mode]:  # 16/32-bit grayscale files
            array = array[..., : _CHANNELS[color_mode]]
        return array.transpose(2, 0, 1) if data_format == "channels_first" else array

    return _build(
        directory,
        labels,
        label_mode,
        class_names,
        batch_size,
        shuffle,
        seed,
        validation_split,
        subset,
        follow_links,
        verbose,
        _IMAGE_FORMATS,
        load,
        np.stack,
    )


def _padded(image_utils, path, color_mode, height, width, interpolation) -> Any:
    """Resize keeping the aspect ratio, then pad with zeros to ``(height, width)``."""
    image = image_utils.load_img(path, color_mode=color_mode)
    source_width, source_height = image.size
    scale = min(width / source_width, height / source_height)
    new_size = (max(1, round(source_width * scale)), max(1, round(source_height * scale)))
    image = image.resize(new_size, image_utils.resampling(interpolation))
    canvas = image_utils.pil_image().new(image.mode, (width, height))
    canvas.paste(image, ((width - new_size[0]) // 2, (height - new_size[1]) // 2))
    return canvas


def audio_dataset_from_directory(*args: Any, **kwargs: Any) -> Any:
    """Not available: decoding audio files needs a codec library that unison does not
    depend on. Load the waveforms yourself (e.g. with ``soundfile``) into arrays and pass
    them to ``fit`` or wrap them in a :class:`PyDataset`."""
    raise NotImplementedError(
        "audio_dataset_from_directory is not implemented in unison: it needs an audio "
        "decoder. Load the files into NumPy arrays yourself (e.g. with soundfile) and pass "
        "them to fit() or a PyDataset."
    )
