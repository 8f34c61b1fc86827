"""``unison.layers.Layer``: state (weights), computation (``call``) and their bookkeeping.

A layer builds its weights lazily on first call, on the backend active at that moment, and
remembers that backend: calling it later runs on it whatever backend is active then. Layers
nest: attributes holding layers (directly or in lists / dicts) are tracked, and ``weights``
lists own weights first, then sub-layers' in attribute order, as Keras does.

Example:
    >>> class Scale(unison.layers.Layer):
    ...     def build(self, input_shape):
    ...         self.factor = self.add_weight(shape=(input_shape[-1],), initializer="ones")
    ...     def call(self, inputs):
    ...         return inputs * self.factor
    >>> Scale()(np.ones((2, 3), "float32")).shape
    (2, 3)
"""

from __future__ import annotations

import collections
import inspect
import re
from contextvars import ContextVar
from typing import Any

from unison import backend as backend_module
from unison import dtype_policies, tree
from unison.backend import Backend, current
from unison.dtypes import FLOAT_TYPES as _FLOAT_TYPES
from unison.layers import masking_utils
from unison.layers.input_spec import assert_input_compatibility
from unison.saving import serialization
from unison.state.variable import Variable, stateless_scope
from unison.symbolic.tensor import Node, SymbolicTensor, is_symbolic

_name_counts: collections.Counter = collections.Counter()
# The `training` value of the outermost layer call, inherited by nested calls.
_training_context: ContextVar[Any] = ContextVar("unison_training", default=None)
_in_call: ContextVar[bool] = ContextVar("unison_in_layer_call", default=False)
# While loading an untrusted file: how many weight elements may still be created.
_weight_budget: ContextVar[list[int] | None] = ContextVar("unison_weight_budget", default=None)
# Incremented at each top-level layer call; add_loss entries from older calls are ignored.
_call_generation = [0]
_NOT_TRACKED = frozenset(
    {
        "_inbound_nodes",
        "_backend",
        "_operations",
        "_nodes_by_depth",
        "_cached_step_variables",
        "_cached_loss_sources",
    }
)


def to_snake_case(name: str) -> str:
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()


def unique_name(prefix: str) -> str:
    """``prefix``, then ``prefix_1``, ``prefix_2``... per process (reset by clear_session)."""
    count = _name_counts[prefix]
    _name_counts[prefix] += 1
    return prefix if count == 0 else f"{prefix}_{count}"


def clear_session() -> None:
    """Reset automatic layer names."""
    _name_counts.clear()


def _shape_of(value: Any) -> Any:
    if value is None:
        return None
    shape = getattr(value, "shape", None)
    if shape is None:
        return None
    return tuple(None if dim is None else int(dim) for dim in shape)


class Layer:
    """Base class of all layers. Subclasses implement ``build`` (optional) and ``call``."""

    _keras_module = "keras.layers"

    def __init__(
        self,
        *,
        activity_regularizer: Any = None,
        trainable: bool = True,
        dtype: Any = None,
        autocast: bool = True,
        name: str | None = None,
        **kwargs: Any,
    ):
        input_shape = kwargs.pop("input_shape", None)
        input_dim = kwargs.pop("input_dim", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        kwargs.pop("input_spec", None)
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}.__init__ got unexpected keyword argument(s): "
                f"{', '.join(sorted(kwargs))}."
            )
        if name is not None and (not isinstance(name, str) or "/" in name):
            raise ValueError(f"Layer name must be a string without '/'; received {name!r}.")
        self.name = name or unique_name(to_snake_case(type(self).__name__))
        self._trainable = bool(trainable)
        self.dtype_policy = dtype_policies.get(dtype)
        self.autocast = autocast
        from unison import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.built = False
        self.input_spec = None
        self.supports_masking = getattr(self, "supports_masking", False)
        self._trainable_variables: list[Variable] = []
        self._non_trainable_variables: list[Variable] = []
        self._seed_generators: list[Any] = []
        self._losses: list[Any] = []
        self._losses_generation = -1
        self._build_shapes: Any = None
        self._backend: Backend | None = None
        self._inbound_nodes: list[Node] = []
        if batch_input_shape is not None:
            self._input_shape_argument = tuple(batch_input_shape)
        elif input_shape is not None:
            self._input_shape_argument = (None, *tuple(input_shape))
        elif input_dim is not None:
            self._input_shape_argument = (None, input_dim)
        else:
            self._input_shape_argument = None
        signature = _call_signature(type(self))
        self._call_accepts_training = "training" in signature.parameters
        self._call_accepts_mask = "mask" in signature.parameters
        self._call_first_argument = next(iter(signature.parameters), None)

    # -- dtypes ---------------------------------------------------------------------------
    @property
    def dtype(self) -> str:
        """The variable dtype (Keras: ``layer.dtype``)."""
        return self.dtype_policy.variable_dtype

    @property
    def compute_dtype(self) -> str:
        return self.dtype_policy.compute_dtype

    @property
    def variable_dtype(self) -> str:
        return self.dtype_policy.variable_dtype

    # -- state --------------------------------------------------------------------------
    @property
    def backend(self) -> Backend | None:
        """The backend this layer's state lives on (``None`` until built with weights)."""
        return self._backend

    def _bind_backend(self) -> Backend:
        if self._backend is None:
            self._backend = backend_module.active_backend()
        return self._backend

    def add_weight(
        self,
        shape: tuple = (),
        initializer: Any = None,
        dtype: Any = None,
        trainable: bool = True,
        autocast: bool = True,
        regularizer: Any = None,
        constraint: Any = None,
        aggregation: str = "none",
        overwrite_with_gradient: bool = False,
        name: str | None = None,
    ) -> Variable:
        """Create a Variable owned by this layer, on the layer's backend."""
        from unison import constraints, initializers, regularizers

        dtype = dtype or self.variable_dtype
        _charge_weight_budget(self.name, name, shape)
        if initializer is None:
            initializer = "glorot_uniform" if "float" in str(dtype) else "zeros"
        initializer = initializers.get(initializer)
        backend = self._bind_backend()
        variable = Variable(
            initializer,
            shape=tuple(shape),
            dtype=dtype,
            trainable=trainable,
            name=name
            or f"variable_{len(self._trainable_variables) + len(self._non_trainable_variables)}",
            backend=backend,
        )
        from unison.scopes import current_name_scope_path

        scope = current_name_scope_path()
        variable.path = (
            f"{scope}/{self.name}/{variable.name}" if scope else f"{self.name}/{variable.name}"
        )
        variable.regularizer = regularizers.get(regularizer)
        variable.constraint = constraints.get(constraint)
        variable.aggregation = aggregation
        variable.overwrite_with_gradient = overwrite_with_gradient
        if trainable:
            self._trainable_variables.append(variable)
        else:
            self._non_trainable_variables.append(variable)
        return variable

    def add_variable(self, shape, initializer, dtype=None, trainable=True, name=None, **kwargs):
        """Alias of :meth:`add_weight` with Keras's positional order."""
        return self.add_weight(
            shape=shape,
            initializer=initializer,
            dtype=dtype,
            trainable=trainable,
            name=name,
            **kwargs,
        )

    def _tracked(self) -> tuple[list[Layer], list[Variable], list[Any]]:
        """Sub-layers, attribute-assigned Variables and seed generators, in attribute order."""
        from unison.random.seed_generator import SeedGenerator

        layers: list[Layer] = []
        variables: list[Variable] = []
        seeds: list[Any] = list(self._seed_generators)
        seen: set[int] = set()
        for attribute, value in self.__dict__.items():
            if attribute in _NOT_TRACKED:
                continue
            for item in _candidates(value):
                if id(item) in seen:
                    continue
                if isinstance(item, Layer) and item is not self:
                    layers.append(item)
                elif isinstance(item, Variable):
                    variables.append(item)
                elif isinstance(item, SeedGenerator):
                    seeds.append(item)
                else:
                    continue
                seen.add(id(item))
        return layers, variables, seeds

    @property
    def _layers(self) -> list[Layer]:
        return self._tracked()[0]

    def _own_variables(self) -> tuple[list[Variable], list[Variable]]:
        _, assigned, _ = self._tracked()
        trainable = list(self._trainable_variables)
        non_trainable = list(self._non_trainable_variables)
        known = {id(v) for v in trainable + non_trainable}
        for variable in assigned:
            if id(variable) not in known:
                (trainable if variable.trainable else non_trainable).append(variable)
        return trainable, non_trainable

    def _flatten_layers(self, include_self: bool = True) -> list[Layer]:
        result, seen, stack = [], set(), [self] if include_self else list(self._layers)
        while stack:
            layer = stack.pop(0)
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            result.append(layer)
            stack = list(layer._layers) + stack
        return result

    def _collect(self, own_weights: bool) -> list[Variable]:
        result, seen = [], set()
        for layer in self._flatten_layers():
            trainable, non_trainable = layer._own_variables()
            for variable in trainable + non_trainable:
                if id(variable) not in seen:
                    seen.add(id(variable))
                    result.append(variable)
            if not own_weights:
                for generator in layer._tracked()[2]:
                    if id(generator.state) not in seen:
                        seen.add(id(generator.state))
                        result.append(generator.state)
        return result

    @property
    def weights(self) -> list[Variable]:
        """All weights: this layer's (trainable, then non-trainable), then sub-layers'."""
        return self._collect(own_weights=True)

    @property
    def variables(self) -> list[Variable]:
        """Weights plus other state (seed generator states)."""
        return self._collect(own_weights=False)

    @property
    def trainable_weights(self) -> list[Variable]:
        """Trainable variables of layers that are themselves trainable, in ``weights`` order."""
        if not self.trainable:
            return []
        result, seen = [], set()
        for layer in self._flatten_layers():
            trainable, non_trainable = layer._own_variables()
            for variable in trainable + non_trainable:
                if id(variable) in seen:
                    continue
                seen.add(id(variable))  # the first owner decides, as for ``weights``
                if variable.trainable and layer.trainable:
                    result.append(variable)
        return result

    @property
    def non_trainable_weights(self) -> list[Variable]:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.weights if id(v) not in trainable]

    trainable_variables = trainable_weights

    @property
    def non_trainable_variables(self) -> list[Variable]:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable]

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        for layer in self._flatten_layers():
            layer._trainable = bool(value)

    def get_weights(self) -> list:
        """Weight values as NumPy arrays, in ``weights`` order."""
        return [variable.numpy() for variable in self.weights]

    def set_weights(self, weights: list) -> None:
        """Assign NumPy arrays (in ``weights`` order); shapes must match."""
        variables = self.weights
        if len(weights) != len(variables):
            raise ValueError(
                f"Layer {self.name!r}: set_weights expects {len(variables)} arrays; "
                f"received {len(weights)}."
            )
        for variable, value in zip(variables, weights):
            variable.assign(value)

    def count_params(self) -> int:
        """Number of scalars in all weights."""
        if not self.built:
            raise ValueError(
                f"Layer {self.name!r} is not built yet, so its weights do not exist; call it "
                f"on data or call build(input_shape) first."
            )
        total = 0
        for variable in self.weights:
            size = 1
            for dim in variable.shape:
                size *= dim
            total += size
        return total

    # -- losses ---------------------------------------------------------------------------
    def add_loss(self, loss: Any) -> None:
        """Record an extra loss term (e.g. an activity penalty) from inside ``call``."""
        if self._losses_generation != _call_generation[0]:
            self._losses = []
            self._losses_generation = _call_generation[0]
        self._losses.append(loss)

    @property
    def losses(self) -> list:
        """Losses added in the last call plus weight-regularization penalties."""
        return collect_losses(self._flatten_layers(), self.trainable_weights)

    # -- building -------------------------------------------------------------------------
    def build(self, input_shape: Any = None) -> None:
        """Create weights for inputs of ``input_shape``. The default creates none."""
        self.built = True

    def _maybe_build(self, args: tuple, kwargs: dict) -> None:
        if self.built:
            return
        shapes = self._input_shapes(args, kwargs)
        self._bind_backend()
        build_signature = inspect.signature(self.build)
        parameters = list(build_signature.parameters)
        if len(parameters) <= 1:
            self.build(shapes[0] if shapes else None)
        else:
            by_name = {}
            call_parameters = list(_call_signature(type(self)).parameters)
            for index, shape in enumerate(shapes):
                if index < len(call_parameters):
                    by_name[f"{call_parameters[index]}_shape"] = shape
            self.build(**{k: v for k, v in by_name.items() if k in parameters})
        self._build_shapes = shapes[0] if len(shapes) == 1 else shapes
        self.built = True

    def _input_shapes(self, args: tuple, kwargs: dict) -> list:
        values = list(args)
        if not values and self._call_first_argument in kwargs:
            values = [kwargs[self._call_first_argument]]
        shapes = []
        for value in values:
            if _is_tensor_like(value) or isinstance(value, (list, tuple, dict)):
                shapes.append(tree.map_structure(_shape_of, value))
            else:
                break
        return shapes

    def get_build_config(self) -> dict | None:
        if self._build_shapes is None:
            return None
        return {"input_shape": self._build_shapes}

    def build_from_config(self, config: dict) -> None:
        shape = config.get("input_shape")
        if shape is not None and not self.built:
            self._bind_backend()
            self.build(_tuples(shape))
            self._build_shapes = _tuples(shape)
            self.built = True

    # -- calling --------------------------------------------------------------------------
    def call(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            f"Layer {type(self).__name__} does not implement call(); subclasses must."
        )

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        backend = self._backend
        if backend is not None and current().backend is not backend:
            with backend_module.use(backend):
                return self._call_on_backend(args, kwargs)
        return self._call_on_backend(args, kwargs)

    def _call_on_backend(self, args: tuple, kwargs: dict) -> Any:
        if _has_symbolic(args, kwargs):
            return self._symbolic_call(args, kwargs)
        args = self._convert_inputs(args)
        self._maybe_build(args, kwargs)
        if self.input_spec is not None:
            self._check_input_spec(args[0] if args else None)
        training = kwargs.get("training")
        if training is None:
            training = _training_context.get()
        if self._call_accepts_training:
            if training is not None:
                kwargs["training"] = training
        else:
            kwargs.pop("training", None)
        previous_mask = None
        if (self._call_accepts_mask or self.supports_masking) and args:
            previous_mask = _masks_of(args[0])
            if self._call_accepts_mask and kwargs.get("mask") is None:
                if any(m is not None for m in tree.flatten(previous_mask)):
                    kwargs["mask"] = previous_mask
        if not _in_call.get():
            _call_generation[0] += 1  # losses added by earlier top-level calls expire
        training_token = _training_context.set(training)
        call_token = _in_call.set(True)
        try:
            outputs = self.call(*args, **kwargs)
        finally:
            _in_call.reset(call_token)
            _training_context.reset(training_token)
        if self.activity_regularizer is not None:
            for output in tree.flatten(outputs):
                self.add_loss(self.activity_regularizer(output))
        self._attach_masks(args, kwargs, outputs, previous_mask)
        return outputs

    def _check_input_spec(self, first: Any) -> None:
        """``assert_input_compatibility``, skipped when the same spec already accepted a
        single tensor of this very shape (every eager training step calls each layer)."""
        spec = self.input_spec
        shape = None if isinstance(first, (list, tuple, dict)) else getattr(first, "shape", None)
        accepted = self.__dict__.get("_accepted_input")
        if shape is not None and accepted is not None:
            if accepted[0] is spec and accepted[1] == shape:
                return
        assert_input_compatibility(spec, first, self.name)
        if shape is not None:
            self.__dict__["_accepted_input"] = (spec, shape)

    def _convert_inputs(self, args: tuple) -> tuple:
        if not args:
            return args
        first = args[0]
        backend = current().backend
        compute_dtype = self.compute_dtype
        autocast = self.autocast

        def to_tensor(value: Any) -> Any:
            if value is None or isinstance(value, (str, bool)):
                return value
            if isinstance(value, Variable):
                value = value.value
            if not hasattr(value, "shape") and not isinstance(value, (int, float)):
                return value
            tensor = backend.convert_to_tensor(value)
            if autocast:
                dtype = backend.dtype(tensor)
                if dtype != compute_dtype and dtype in _FLOAT_TYPES:
                    tensor = backend.cast(tensor, compute_dtype)
            return tensor

        if isinstance(first, (list, tuple, dict)):
            return (tree.map_structure(to_tensor, first), *args[1:])
        return (to_tensor(first), *args[1:])

    def _attach_masks(self, args: tuple, kwargs: dict, outputs: Any, previous_mask: Any) -> None:
        if not (self.supports_masking or type(self).compute_mask is not Layer.compute_mask):
            return
        first = args[0] if args else None
        mask = kwargs.get("mask", previous_mask)
        output_mask = self.compute_mask(first, mask)
        if output_mask is None:
            return
        flat_outputs = tree.flatten(outputs)
        flat_masks = tree.flatten(output_mask)
        if len(flat_masks) == 1 and len(flat_outputs) > 1:
            flat_masks = flat_masks * len(flat_outputs)
        for output, output_mask_value in zip(flat_outputs, flat_masks):
            masking_utils.set_mask(output, output_mask_value)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        """The mask of the outputs; by default the input mask when ``supports_masking``."""
        if not self.supports_masking:
            return None
        return previous_mask

    def _symbolic_call(self, args: tuple, kwargs: dict) -> Any:
        self._maybe_build(args, kwargs)
        if self.input_spec is not None:
            self._check_input_spec(args[0] if args else None)
        outputs = self.compute_output_spec(*args, **kwargs)
        node = Node(self, args, kwargs, outputs)
        for index, leaf in enumerate(tree.flatten(outputs)):
            if isinstance(leaf, SymbolicTensor):
                leaf.producer = node
                leaf.output_index = index
        self._inbound_nodes.append(node)
        first = args[0] if args else None
        if first is not None and (
            self.supports_masking or type(self).compute_mask is not Layer.compute_mask
        ):
            previous = _masks_of(first)
            self._attach_masks(args, kwargs, outputs, previous)
        return outputs

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        """Symbolic outputs for symbolic inputs; the default evaluates ``call`` abstractly."""
        from unison.symbolic.tensor import compute_output_spec

        def run(*inner_args, **inner_kwargs):
            if not self._call_accepts_training:
                inner_kwargs.pop("training", None)
            return self.call(*inner_args, **inner_kwargs)

        return compute_output_spec(run, *args, **kwargs)

    def compute_output_shape(self, *args: Any, **kwargs: Any) -> Any:
        """Output shape(s) for input shape(s), via :meth:`compute_output_spec`."""
        symbolic = [
            tree.map_shape_structure(lambda s: SymbolicTensor(s, self.compute_dtype), a)
            for a in args
        ]
        spec = self.compute_output_spec(*symbolic, **kwargs)
        return tree.map_structure(lambda t: t.shape, spec)

    # -- pure-function form ---------------------------------------------------------------
    def stateless_call(
        self,
        trainable_variables: list,
        non_trainable_variables: list,
        *args: Any,
        return_losses: bool = False,
        **kwargs: Any,
    ) -> tuple:
        """Call as a pure function of variable values.

        Returns ``(outputs, new_non_trainable_values)`` (and the losses when
        ``return_losses``): no Variable is modified, which is what ``jax.jit`` needs.
        """
        trainable = self.trainable_variables
        non_trainable = self.non_trainable_variables
        if len(trainable_variables) != len(trainable) or len(non_trainable_variables) != len(
            non_trainable
        ):
            raise ValueError(
                f"Layer {self.name!r}: stateless_call expects {len(trainable)} trainable and "
                f"{len(non_trainable)} non-trainable values; received "
                f"{len(trainable_variables)} and {len(non_trainable_variables)}."
            )
        mapping = dict(zip(trainable, trainable_variables))
        mapping.update(zip(non_trainable, non_trainable_variables))
        with stateless_scope(mapping) as scope:
            outputs = self(*args, **kwargs)
            losses = self.losses if return_losses else None
            new_values = [scope.get(variable) for variable in non_trainable]
        if return_losses:
            return outputs, new_values, losses
        return outputs, new_values

    # -- configuration --------------------------------------------------------------------
    def get_config(self) -> dict:
        config = {
            "name": self.name,
            "trainable": self.trainable,
            "dtype": dtype_policies.serialize(self.dtype_policy),
        }
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = serialization.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config: dict) -> Layer:
        config = dict(config)
        if isinstance(config.get("dtype"), dict):
            config["dtype"] = dtype_policies.deserialize(config["dtype"])
        return cls(**config)

    # -- saving hooks (used by .keras files) ----------------------------------------------
    def save_own_variables(self, store: dict) -> None:
        trainable, non_trainable = self._own_variables()
        for index, variable in enumerate(trainable + non_trainable):
            store[str(index)] = variable.numpy()

    def load_own_variables(self, store: dict) -> None:
        trainable, non_trainable = self._own_variables()
        variables = trainable + non_trainable
        if len(store) != len(variables):
            raise ValueError(
                f"Layer {self.name!r} expects {len(variables)} variables; the file has "
                f"{len(store)}."
            )
        for index, variable in enumerate(variables):
            variable.assign(store[str(index)])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


def collect_losses(layers: list[Layer], weights: list[Variable]) -> list:
    """The losses ``layers`` added in the current call, then the penalties of the
    regularized ``weights`` (training steps pass both lists precomputed)."""
    result = []
    generation = _call_generation[0]
    for layer in layers:
        if layer._losses_generation == generation:
            result.extend(layer._losses)
    for variable in weights:
        regularizer = getattr(variable, "regularizer", None)
        if regularizer is not None:
            result.append(regularizer(variable.value))
    return result


class weight_budget:  # noqa: N801 - used as a context manager
    """Refuse to create more than ``elements`` weight values inside the block.

    Loading a file uses it so that a config declaring absurd shapes fails with a clear error
    instead of exhausting memory.
    """

    def __init__(self, elements: int, source: str):
        self.elements = int(elements)
        self.source = source

    def __enter__(self):
        self._token = _weight_budget.set([self.elements, self.source])
        return self

    def __exit__(self, *exc_info):
        _weight_budget.reset(self._token)


def _charge_weight_budget(layer_name: str, weight_name: str | None, shape: Any) -> None:
    budget = _weight_budget.get()
    if budget is None:
        return
    size = 1
    for dim in shape:
        size *= int(dim)
    budget[0] -= size
    if budget[0] < 0:
        raise ValueError(
            f"{budget[1]} declares a weight {layer_name}/{weight_name} of shape {tuple(shape)} "
            f"({size} values), more than the file stores; refusing to allocate it. The file "
            f"is corrupt or hostile."
        )


def _has_symbolic(args: tuple, kwargs: dict) -> bool:
    """Whether any argument is (or contains) a symbolic tensor; cheap for plain tensors."""
    for value in (*args, *kwargs.values()):
        kind = type(value)
        if kind is SymbolicTensor:
            return True
        if (kind is list or kind is tuple or kind is dict) and is_symbolic(value):
            return True
    return False


def _masks_of(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        return tree.map_structure(masking_utils.get_mask, value)
    return masking_utils.get_mask(value)


def _candidates(value: Any) -> list:
    if isinstance(value, (Layer, Variable)):
        return [value]
    if isinstance(value, dict):
        return [item for v in value.values() for item in _candidates(v)]
    if isinstance(value, (list, tuple)):
        return [item for v in value for item in _candidates(v)]
    if type(value).__name__ == "SeedGenerator":
        return [value]
    return []


def _is_tensor_like(value: Any) -> bool:
    return hasattr(value, "shape") and hasattr(value, "dtype")


def _tuples(shape: Any) -> Any:
    if isinstance(shape, list) and all(d is None or isinstance(d, int) for d in shape):
        return tuple(shape)
    if isinstance(shape, list):
        return [_tuples(s) for s in shape]
    if isinstance(shape, dict):
        return {k: _tuples(v) for k, v in shape.items()}
    return shape


_signature_cache: dict[type, inspect.Signature] = {}


def _call_signature(cls: type) -> inspect.Signature:
    signature = _signature_cache.get(cls)
    if signature is None:
        signature = inspect.signature(cls.call)
        parameters = [p for name, p in signature.parameters.items() if name != "self"]
        signature = signature.replace(parameters=parameters)
        _signature_cache[cls] = signature
    return signature
