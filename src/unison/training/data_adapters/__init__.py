"""Turn what users pass to fit / evaluate / predict into an iterable of batches.

Every adapter yields ``(x, y, sample_weight)`` tuples and reports ``num_batches`` (``None``
when unknown). Frameworks are never imported here: a ``tf.data.Dataset`` or a torch
``DataLoader`` is recognised by its type's module.
"""

from __future__ import annotations

from typing import Any

from unison.training.data_adapters.array_adapter import (
    ArrayAdapter,
    is_array_structure,
    split_validation,
)
from unison.training.data_adapters.generator_adapter import (
    GeneratorAdapter,
    unpack_x_y_sample_weight,
)

__all__ = [
    "ArrayAdapter",
    "GeneratorAdapter",
    "get_adapter",
    "split_validation",
    "unpack_x_y_sample_weight",
]

# Adapters registered by optional modules: (predicate, factory) pairs tried in order.
_EXTRA_ADAPTERS: list = []


def register_adapter(predicate, factory) -> None:
    """Let ``get_adapter`` build ``factory(x, steps=..., ...)`` when ``predicate(x)`` holds."""
    _EXTRA_ADAPTERS.append((predicate, factory))


def get_adapter(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    steps: int | None = None,
    shuffle: bool | str = False,
    class_weight: dict | None = None,
):
    """The adapter for ``x`` (and ``y`` / ``sample_weight`` for in-memory arrays)."""
    for predicate, factory in _EXTRA_ADAPTERS:
        if predicate(x):
            _reject_extra(x, y, sample_weight, batch_size)
            return factory(x, steps=steps, shuffle=shuffle, class_weight=class_weight)
    if is_array_structure(x):
        return ArrayAdapter(x, y, sample_weight, batch_size, steps, shuffle, class_weight)
    if hasattr(x, "__iter__") or hasattr(x, "__next__"):
        _reject_extra(x, y, sample_weight, batch_size)
        if class_weight is not None:
            raise ValueError("class_weight is only supported with in-memory array data.")
        return GeneratorAdapter(x, steps)
    raise ValueError(
        f"Unrecognised data type for x: {type(x).__name__}. Expected NumPy arrays, tensors, "
        f"lists / dicts of them, a generator, a PyDataset, a tf.data.Dataset or a torch "
        f"DataLoader."
    )


def _reject_extra(x: Any, y: Any, sample_weight: Any, batch_size: Any) -> None:
    kind = type(x).__name__
    if y is not None:
        raise ValueError(
            f"`y` must not be given when x is a {kind}: the data yields (x, y) itself."
        )
    if sample_weight is not None:
        raise ValueError(f"`sample_weight` must not be given when x is a {kind}.")
    if batch_size is not None:
        raise ValueError(
            f"`batch_size` must not be given when x is a {kind}: it produces batches itself."
        )


# Optional data sources, recognised by type (their frameworks are never imported here).
from unison.training.data_adapters.py_dataset_adapter import (  # noqa: E402
    PyDatasetAdapter,
    is_py_dataset,
)
from unison.training.data_adapters.tf_dataset_adapter import (  # noqa: E402
    TFDatasetAdapter,
    is_tf_dataset,
)
from unison.training.data_adapters.torch_dataloader_adapter import (  # noqa: E402
    TorchDataLoaderAdapter,
    is_torch_dataloader,
)

register_adapter(is_py_dataset, PyDatasetAdapter)
register_adapter(is_tf_dataset, TFDatasetAdapter)
register_adapter(is_torch_dataloader, TorchDataLoaderAdapter)
