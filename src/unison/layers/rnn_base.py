"""``RNN``: runs a recurrent cell over the time axis of a sequence.

A cell is any object with ``call(inputs, states)`` returning ``(output, new_states)`` and a
``state_size`` (an int or a list of ints, one per state); ``output_size`` and
``get_initial_state(batch_size)`` are optional. A list of cells is stacked with
``StackedRNNCells``. The loop is ``ops.scan`` (or a Python loop with ``unroll=True``), so
the layer compiles under ``jax.jit`` and ``tf.function``.

Example:
    >>> layer = unison.layers.RNN(unison.layers.LSTMCell(8), return_sequences=True)
    >>> layer(np.ones((2, 5, 3), "float32")).shape
    (2, 5, 8)
"""

from __future__ import annotations

from typing import Any

from unison import ops, random, tree
from unison.layers.layer import Layer
from unison.layers.rnn_loop import run_rnn
from unison.layers.stacked_rnn_cells import StackedRNNCells
from unison.saving import serialization
from unison.state.variable import Variable
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["RNN", "DropoutRNNCell", "build_sublayer"]


def build_sublayer(layer: Layer, input_shape: Any) -> None:
    """Build ``layer`` for ``input_shape`` now (on its backend) unless it is built."""
    if layer.built:
        return
    layer._bind_backend()
    layer.build(input_shape)
    layer._build_shapes = input_shape
    layer.built = True


class DropoutRNNCell:
    """Mixin for cells with ``dropout`` / ``recurrent_dropout``: one mask per sequence.

    The masks are drawn once before the time loop (from ``self.seed_generator``) and reused
    at every step, then cleared when the sequence is done.
    """

    dropout_mask_count: int | None = None

    def _init_dropout(self, dropout: float, recurrent_dropout: float, seed: Any) -> None:
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self._dropout_mask = None
        self._recurrent_dropout_mask = None
        if self.dropout > 0 or self.recurrent_dropout > 0:
            self._bind_backend()
            self.seed_generator = random.SeedGenerator(seed, backend=self.backend)

    def _new_mask(self, like: Any, rate: float) -> Any:
        ones = ops.ones_like(like)
        if self.dropout_mask_count is None:
            return random.dropout(ones, rate, seed=self.seed_generator)
        return [
            random.dropout(ones, rate, seed=self.seed_generator)
            for _ in range(self.dropout_mask_count)
        ]

    def get_dropout_mask(self, step_input: Any) -> Any:
        """The input dropout mask(s) of the current sequence (drawn on first use)."""
        if self._dropout_mask is None and 0.0 < self.dropout < 1.0:
            self._dropout_mask = self._new_mask(step_input, self.dropout)
        return self._dropout_mask

    def get_recurrent_dropout_mask(self, state: Any) -> Any:
        """The recurrent-state dropout mask(s) of the current sequence."""
        if self._recurrent_dropout_mask is None and 0.0 < self.recurrent_dropout < 1.0:
            self._recurrent_dropout_mask = self._new_mask(state, self.recurrent_dropout)
        return self._recurrent_dropout_mask

    def reset_dropout_mask(self) -> None:
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self) -> None:
        self._recurrent_dropout_mask = None


class _StateStore:
    """Holds a stateful RNN's state Variables out of sight of weight tracking (as Keras)."""

    def __init__(self) -> None:
        self.values: Any = None


def _call_cell(cell: Any, inputs: Any, states: Any, training: Any) -> tuple[Any, Any]:
    if getattr(cell, "_direct_call", False):
        return cell.call(inputs, states, training=training)
    if isinstance(cell, Layer):
        if cell._call_accepts_training:
            return cell(inputs, states, training=training)
        return cell(inputs, states)
    return cell.call(inputs, states)


def _state_sizes(cell: Any) -> tuple[list, bool]:
    state_size = getattr(cell, "state_size", None)
    if state_size is None:
        raise ValueError(
            f"The RNN cell must define `state_size` (an int or a list of ints); received "
            f"cell {cell!r} without it."
        )
    if isinstance(state_size, int):
        return [state_size], True
    if isinstance(state_size, (list, tuple)):
        return list(state_size), False
    raise ValueError(
        f"The RNN cell's `state_size` must be an int or a list/tuple of ints; received "
        f"{state_size!r}."
    )


class RNN(Layer):
    """Base recurrent layer: applies ``cell`` to every step of ``(batch, time, features)``.

    Args:
        cell: an RNN cell (see the module docstring) or a list of cells (stacked).
        return_sequences: return every step's output instead of the last one.
        return_state: also return the final states.
        go_backwards: process the sequence backwards (and return it reversed).
        stateful: reuse the final states of a batch as the initial states of the next.
        unroll: use a Python loop instead of a symbolic loop (short sequences only).
        zero_output_for_mask: masked steps output zeros rather than the previous output.

    Example:
        >>> rnn = unison.layers.RNN([unison.layers.GRUCell(4), unison.layers.GRUCell(2)])
        >>> rnn(np.ones((3, 6, 5), "float32")).shape
        (3, 2)
    """

    def __init__(
        self,
        cell: Any,
        return_sequences: bool = False,
        return_state: bool = False,
        go_backwards: bool = False,
        stateful: bool = False,
        unroll: bool = False,
        zero_output_for_mask: bool = False,
        **kwargs: Any,
    ):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not callable(getattr(cell, "call", None)):
            raise ValueError(
                f"Argument `cell` should have a `call` method; received cell={cell!r}."
            )
        state_size, single_state = _state_sizes(cell)
        super().__init__(**kwargs)
        self.zero_output_for_mask = zero_output_for_mask
        self.cell = cell
        self.return_sequences = return_sequences
        self.return_state = return_state
        self.go_backwards = go_backwards
        self.stateful = stateful
        self.unroll = unroll
        self.supports_masking = True
        self.state_size = state_size
        self.single_state = single_state
        self._state_store = _StateStore()
        self._expected_batch_size = None

    # -- stateful ------------------------------------------------------------------------
    @property
    def states(self) -> Any:
        """The state Variables of a stateful layer (``None`` until built)."""
        return self._state_store.values

    @states.setter
    def states(self, value: Any) -> None:
        self._state_store.values = value

    def _create_state_variables(self, batch_size: int) -> None:
        initial = self.get_initial_state(batch_size)
        self.states = tree.map_structure(
            lambda value: Variable(
                value,
                dtype=self.variable_dtype,
                trainable=False,
                name="rnn_state",
                backend=self._bind_backend(),
            ),
            initial,
        )
        self._expected_batch_size = batch_size

    def reset_state(self) -> None:
        """Set the states of a stateful layer back to zeros."""
        if self.states is not None:
            for variable in tree.flatten(self.states):
                variable.assign(ops.zeros_like(variable.value))

    def reset_states(self) -> None:
        """Alias of :meth:`reset_state`."""
        self.reset_state()

    # -- building ------------------------------------------------------------------------
    def build(self, sequences_shape: tuple, initial_state_shape: Any = None) -> None:
        sequences_shape = tuple(sequences_shape)
        if len(sequences_shape) < 3:
            raise ValueError(
                f"Layer {self.name!r} ({type(self).__name__}) expects inputs of shape "
                f"(batch, timesteps, features...); received shape {sequences_shape}."
            )
        step_shape = (sequences_shape[0], *sequences_shape[2:])
        if isinstance(self.cell, Layer):
            build_sublayer(self.cell, step_shape)
        if self.stateful:
            if self.states is not None:
                self.reset_state()
            else:
                if sequences_shape[0] is None:
                    raise ValueError(
                        f"Layer {self.name!r}: a stateful RNN needs a static batch size; "
                        f"received input shape {sequences_shape}. Pass `batch_size` to Input."
                    )
                self._create_state_variables(int(sequences_shape[0]))
        self.built = True

    def get_initial_state(self, batch_size: Any) -> list:
        """Zero states for ``batch_size`` sequences (the cell's own, when it defines them)."""
        cell_initial = getattr(self.cell, "get_initial_state", None)
        if cell_initial is None:
            dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
            return [ops.zeros((batch_size, size), dtype=dtype) for size in self.state_size]
        states = cell_initial(batch_size=batch_size)
        if not tree.is_nested(states):
            states = [states]
        return list(states)

    # -- calling -------------------------------------------------------------------------
    def call(
        self,
        sequences: Any,
        initial_state: Any = None,
        mask: Any = None,
        training: Any = False,
    ) -> Any:
        if self.unroll and sequences.shape[1] is None:
            raise ValueError(
                f"Layer {self.name!r}: cannot unroll an RNN whose time dimension is unknown; "
                f"give the Input a static number of timesteps or use unroll=False."
            )
        batch_size = ops.shape(sequences)[0]
        if initial_state is None:
            if self.stateful:
                initial_state = tree.map_structure(lambda v: ops.copy(v.value), self.states)
            else:
                initial_state = self.get_initial_state(batch_size)
        if not tree.is_nested(initial_state):
            initial_state = [initial_state]
        initial_state = list(initial_state)
        cell_dtype = getattr(self.cell, "compute_dtype", self.compute_dtype)
        initial_state = tree.map_structure(
            lambda state: ops.convert_to_tensor(state, dtype=cell_dtype), initial_state
        )
        if self.stateful and sequences.shape[0] is not None:
            expected = self._expected_batch_size
            if expected is not None and sequences.shape[0] != expected:
                raise ValueError(
                    f"Layer {self.name!r} is stateful: the batch size of the inputs must be "
                    f"{expected}; received {sequences.shape[0]}."
                )
        if tree.is_nested(mask):
            mask = tree.flatten(mask)[0]
        if training:
            self._prepare_dropout_masks(self.cell, sequences[:, 0], initial_state)
        try:
            last_output, outputs, states = self.inner_loop(sequences, initial_state, mask, training)
        finally:
            self._reset_dropout_masks(self.cell)
        dtype = self.compute_dtype
        last_output = ops.cast(last_output, dtype)
        outputs = ops.cast(outputs, dtype)
        states = tree.map_structure(lambda state: ops.cast(state, dtype), states)
        if self.stateful:
            for variable, value in zip(
                tree.flatten(self.states), tree.flatten(states), strict=False
            ):
                variable.assign(value)
        output = outputs if self.return_sequences else last_output
        if self.return_state:
            return output, *states
        return output

    def inner_loop(self, sequences: Any, initial_state: list, mask: Any, training: Any) -> tuple:
        """Run the cell over the sequence: ``(last_output, outputs, final_states)``."""
        cell = self.cell
        if getattr(cell, "_supports_projection", False):
            # Project the inputs of every step at once; only the recurrence stays in the loop.
            inputs = cell.project_inputs(sequences, training=training)

            def step(projected_t: Any, states: Any) -> tuple[Any, Any]:
                return cell.recurrent_step(projected_t, states, training=training)

        else:
            inputs = sequences

            def step(input_t: Any, states: Any) -> tuple[Any, Any]:
                output, new_states = _call_cell(cell, input_t, states, training)
                if not tree.is_nested(new_states):
                    new_states = [new_states]
                return output, new_states

        return run_rnn(
            step,
            inputs,
            initial_state,
            go_backwards=self.go_backwards,
            mask=mask,
            unroll=self.unroll,
            zero_output_for_mask=self.zero_output_for_mask,
        )

    def _prepare_dropout_masks(self, cell: Any, step_input: Any, states: Any) -> None:
        if isinstance(cell, DropoutRNNCell):
            cell.get_dropout_mask(step_input)
            cell.get_recurrent_dropout_mask(tree.flatten(states)[0])
        elif isinstance(cell, StackedRNNCells):
            for inner, inner_states in zip(cell.cells, states, strict=False):
                self._prepare_dropout_masks(inner, step_input, inner_states)
                size = getattr(inner, "output_size", None)
                if isinstance(size, int):
                    step_input = ops.zeros(
                        (ops.shape(step_input)[0], size), dtype=ops.dtype(step_input)
                    )
                else:
                    inner_states = (
                        list(inner_states) if tree.is_nested(inner_states) else [inner_states]
                    )
                    step_input, _ = _call_cell(inner, step_input, inner_states, False)

    def _reset_dropout_masks(self, cell: Any) -> None:
        if isinstance(cell, DropoutRNNCell):
            cell.reset_dropout_mask()
            cell.reset_recurrent_dropout_mask()
        elif isinstance(cell, StackedRNNCells):
            for inner in cell.cells:
                self._reset_dropout_masks(inner)

    # -- shapes and masks ----------------------------------------------------------------
    def compute_output_shape(self, sequences_shape: tuple, initial_state_shape: Any = None) -> Any:
        batch_size, length = sequences_shape[0], sequences_shape[1]
        states_shape = []
        for size in self.state_size:
            if isinstance(size, int):
                states_shape.append((batch_size, size))
            else:
                states_shape.append([(batch_size, inner) for inner in size])
        output_size = getattr(self.cell, "output_size", None)
        if output_size is None:
            output_size = self.state_size[0]
        if not isinstance(output_size, int):
            raise ValueError(
                f"Layer {self.name!r}: the cell's `output_size` must be an int; received "
                f"{output_size!r}."
            )
        if self.return_sequences:
            output_shape = (batch_size, length, output_size)
        else:
            output_shape = (batch_size, output_size)
        if self.return_state:
            return output_shape, *states_shape
        return output_shape

    def compute_output_spec(
        self, sequences: Any, initial_state: Any = None, mask: Any = None, training: Any = None
    ) -> Any:
        shapes = self.compute_output_shape(tuple(sequences.shape))
        dtype = self.compute_dtype
        if self.return_state:
            return tuple(
                tree.map_shape_structure(lambda shape: SymbolicTensor(shape, dtype), shape)
                for shape in shapes
            )
        return SymbolicTensor(shapes, dtype)

    def compute_mask(self, inputs: Any, mask: Any = None) -> Any:
        mask = tree.flatten(mask)[0] if mask is not None else None
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None for _ in self.state_size]
        return output_mask

    # -- configuration -------------------------------------------------------------------
    def get_config(self) -> dict:
        config = {
            "return_sequences": self.return_sequences,
            "return_state": self.return_state,
            "go_backwards": self.go_backwards,
            "stateful": self.stateful,
            "unroll": self.unroll,
            "zero_output_for_mask": self.zero_output_for_mask,
            "cell": serialization.serialize(self.cell),
        }
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> RNN:
        config = dict(config)
        config["cell"] = serialization.deserialize(
            config["cell"], custom_objects, module_hint="keras.layers"
        )
        return super().from_config(config)
