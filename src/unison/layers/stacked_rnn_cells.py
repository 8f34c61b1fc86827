"""``StackedRNNCells``: several RNN cells acting as one (each feeds the next, per step).

Example:
    >>> cells = [unison.layers.LSTMCell(8), unison.layers.LSTMCell(4)]
    >>> unison.layers.RNN(unison.layers.StackedRNNCells(cells))(np.ones((2, 5, 3))).shape
    (2, 4)
"""

from __future__ import annotations

from typing import Any

from unison import ops, tree
from unison.layers.layer import Layer
from unison.saving import serialization

__all__ = ["StackedRNNCells"]


def _cell_output_size(cell: Any) -> Any:
    size = getattr(cell, "output_size", None)
    if size is not None:
        return size
    state_size = cell.state_size
    return state_size[0] if isinstance(state_size, (list, tuple)) else state_size


class StackedRNNCells(Layer):
    """Wraps a list of cells so an ``RNN`` runs them as one stacked cell.

    The state is a list with one entry per cell (each the cell's own states).

    Example:
        >>> stacked = unison.layers.StackedRNNCells([unison.layers.GRUCell(4)] * 1)
    """

    def __init__(self, cells: list, **kwargs: Any):
        super().__init__(**kwargs)
        cells = list(cells)
        if not cells:
            raise ValueError("StackedRNNCells: `cells` must be a non-empty list of RNN cells.")
        for cell in cells:
            if not callable(getattr(cell, "call", None)):
                raise ValueError(
                    f"StackedRNNCells: every cell must have a `call` method; received {cell!r}."
                )
            if getattr(cell, "state_size", None) is None:
                raise ValueError(
                    f"StackedRNNCells: every cell must have a `state_size`; received {cell!r}."
                )
        self.cells = cells

    @property
    def state_size(self) -> list:
        return [cell.state_size for cell in self.cells]

    @property
    def output_size(self) -> Any:
        return _cell_output_size(self.cells[-1])

    def get_initial_state(self, batch_size: Any = None) -> list:
        states = []
        for cell in self.cells:
            initial = getattr(cell, "get_initial_state", None)
            if initial is not None:
                states.append(initial(batch_size=batch_size))
            elif isinstance(cell.state_size, int):
                states.append(ops.zeros((batch_size, cell.state_size), dtype=self.compute_dtype))
            else:
                states.append(
                    [ops.zeros((batch_size, d), dtype=self.compute_dtype) for d in cell.state_size]
                )
        return states

    def build(self, input_shape: tuple) -> None:
        from unison.layers.rnn_base import build_sublayer

        for cell in self.cells:
            if isinstance(cell, Layer):
                build_sublayer(cell, tuple(input_shape))
            batch_size = tree.flatten(input_shape)[0]
            input_shape = (batch_size, _cell_output_size(cell))
        self.built = True

    def call(self, inputs: Any, states: Any, training: Any = False) -> tuple[Any, list]:
        from unison.layers.rnn_base import _call_cell

        new_states = []
        for cell, cell_states in zip(self.cells, states, strict=False):
            was_list = tree.is_nested(cell_states)
            cell_states = list(cell_states) if was_list else [cell_states]
            inputs, cell_states = _call_cell(cell, inputs, cell_states, training)
            if not tree.is_nested(cell_states):
                cell_states = [cell_states]
            if len(cell_states) == 1 and not was_list:
                cell_states = cell_states[0]
            new_states.append(cell_states)
        return inputs, new_states

    def get_config(self) -> dict:
        cells = [serialization.serialize(cell) for cell in self.cells]
        return {**super().get_config(), "cells": cells}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> StackedRNNCells:
        config = dict(config)
        config["cells"] = [
            serialization.deserialize(cell, custom_objects, module_hint="keras.layers")
            for cell in config.pop("cells")
        ]
        return super().from_config(config)
