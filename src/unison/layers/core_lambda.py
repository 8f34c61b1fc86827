"""``Lambda``: wraps a Python function as a layer.

Saving is safe by default: a named function is stored by name (resolved on load from
``custom_objects`` or objects registered with ``unison.saving.register_serializable``) and an
anonymous ``lambda`` stores no code, so loading it fails with an explanation. Code is stored
only when ``Lambda.store_bytecode`` is set to ``True``, and loaded only with
``safe_mode=False``.

Example:
    >>> double = unison.layers.Lambda(lambda x: x * 2)
    >>> double(np.ones((2,), "float32"))   # -> [2., 2.]
"""

from __future__ import annotations

import base64
import inspect
import marshal
import types
from typing import Any

from unison import activations, tree
from unison.layers.layer import Layer
from unison.saving import serialization
from unison.symbolic.tensor import SymbolicTensor

__all__ = ["Lambda"]


def _is_anonymous(function: Any) -> bool:
    return isinstance(function, types.FunctionType) and function.__name__ == "<lambda>"


def _dump_code(function: types.FunctionType) -> dict:
    code = base64.b64encode(marshal.dumps(function.__code__)).decode("ascii")
    closure = None
    if function.__closure__:
        closure = [cell.cell_contents for cell in function.__closure__]
    return {"code": code, "defaults": function.__defaults__, "closure": closure}


def _load_code(config: dict) -> types.FunctionType:
    code = marshal.loads(base64.b64decode(config["code"].encode("ascii")))
    closure = config.get("closure")
    cells = tuple(types.CellType(value) for value in closure) if closure else None
    defaults = config.get("defaults")
    import numpy

    import unison

    namespace = {"__builtins__": __builtins__, "unison": unison, "ops": unison.ops, "np": numpy}
    return types.FunctionType(
        code, namespace, code.co_name, tuple(defaults) if defaults else None, cells
    )


class Lambda(Layer):
    """Calls ``function(inputs, **arguments)``.

    Args:
        function: the function; it may also accept ``mask`` and ``training``.
        output_shape: output shape without the batch axis, or a function of the input shape;
            by default it is inferred by evaluating ``function`` abstractly.
        mask: an output mask, or a function ``mask(inputs, previous_mask)``.
        arguments: extra keyword arguments for ``function``.

    Example:
        >>> unison.layers.Lambda(unison.ops.abs)(np.array([-1.0], "float32"))   # -> [1.]
    """

    store_bytecode = False  # set True to store a lambda's code in configs (unsafe to load)

    def __init__(
        self,
        function: Any,
        output_shape: Any = None,
        mask: Any = None,
        arguments: dict | None = None,
        **kwargs: Any,
    ):
        if not callable(function):
            raise ValueError(
                f"Lambda: `function` must be callable; received {function!r} of type "
                f"{type(function).__name__}."
            )
        super().__init__(**kwargs)
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        try:
            parameters = inspect.signature(function).parameters
        except (TypeError, ValueError):
            parameters = {}
        self._function_takes_mask = "mask" in parameters
        self._function_takes_training = "training" in parameters

    def call(self, inputs: Any, mask: Any = None, training: Any = None) -> Any:
        kwargs = dict(self.arguments)
        if self._function_takes_mask:
            kwargs["mask"] = mask
        if self._function_takes_training:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs: Any, previous_mask: Any = None) -> Any:
        if callable(self.mask):
            return self.mask(inputs, previous_mask)
        return self.mask

    def compute_output_shape(self, input_shape: Any) -> Any:
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        batch = tree.flatten(input_shape)[0] if tree.is_nested(input_shape) else input_shape[0]
        return tree.map_shape_structure(lambda shape: (batch, *shape), self._output_shape)

    def compute_output_spec(self, *args: Any, **kwargs: Any) -> Any:
        if self._output_shape is None:
            return super().compute_output_spec(*args, **kwargs)
        inputs = args[0]
        spec = super().compute_output_spec(*args, **kwargs)
        input_shape = tree.map_structure(lambda t: t.shape, inputs)
        shapes = self.compute_output_shape(input_shape)
        flat_specs = tree.flatten(spec)
        flat_shapes = tree.flatten(tree.map_shape_structure(lambda s: [s], shapes))
        if len(flat_specs) != len(flat_shapes):
            return spec
        rebuilt = [
            SymbolicTensor(tuple(shape), item.dtype)
            for item, shape in zip(flat_specs, flat_shapes, strict=False)
        ]
        return tree.pack_sequence_as(spec, rebuilt)

    # -- configuration --------------------------------------------------------------------
    def _function_config(self, function: Any, what: str) -> Any:
        if _is_anonymous(function):
            if not self.store_bytecode:
                return {"class_name": "__lambda__", "config": {"code": None, "name": what}}
            return {"class_name": "__lambda__", "config": _dump_code(function)}
        return serialization.serialize(function)

    def get_config(self) -> dict:
        config = {"function": self._function_config(self.function, "function")}
        if self._output_shape is not None:
            if callable(self._output_shape):
                config["output_shape"] = self._function_config(self._output_shape, "output_shape")
            else:
                config["output_shape"] = self._output_shape
        if self.mask is not None:
            if callable(self.mask):
                config["mask"] = self._function_config(self.mask, "mask")
            else:
                config["mask"] = serialization.serialize(self.mask)
        config["arguments"] = serialization.serialize(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def _load_function(
        cls, config: Any, what: str, custom_objects: dict | None, safe_mode: Any
    ) -> Any:
        if isinstance(config, dict) and config.get("class_name") == "__lambda__":
            inner = config.get("config") or {}
            if not inner.get("code"):
                raise ValueError(
                    f"Cannot load this Lambda layer: its `{what}` was a Python lambda, whose "
                    f"code is not stored. Rebuild the layer in code, or use a named function "
                    f"registered with `unison.saving.register_serializable()`."
                )
            if safe_mode is None:
                safe_mode = serialization.in_safe_mode()
            if safe_mode:
                raise ValueError(
                    f"Refusing to load the stored code of this Lambda layer's `{what}` (a "
                    f"Python lambda): running code from a file can execute anything. If you "
                    f"trust the file, pass `safe_mode=False`."
                )
            return _load_code(inner)
        if isinstance(config, dict) and config.get("class_name") == "function":
            names = [config.get("config"), config.get("registered_name")]
        elif isinstance(config, str):
            names = [config]
        else:
            return serialization.deserialize(config, custom_objects)
        for name in names:
            if not isinstance(name, str):
                continue
            found = serialization.get_registered_object(name, custom_objects)
            if found is not None:
                return found
        for name in names:
            if isinstance(name, str):
                try:
                    return activations.deserialize(name)
                except ValueError:
                    pass
        raise ValueError(
            f"Cannot load this Lambda layer: its `{what}` is the function {names[0]!r}, which "
            f"is not known. Pass it in `custom_objects` or register it with "
            f"`unison.saving.register_serializable()`."
        )

    @classmethod
    def from_config(
        cls, config: dict, custom_objects: dict | None = None, safe_mode: Any = None
    ) -> Lambda:
        config = dict(config)
        config["function"] = cls._load_function(
            config["function"], "function", custom_objects, safe_mode
        )
        output_shape = config.get("output_shape")
        if isinstance(output_shape, (dict, str)):
            config["output_shape"] = cls._load_function(
                output_shape, "output_shape", custom_objects, safe_mode
            )
        elif isinstance(output_shape, list):
            config["output_shape"] = tree.lists_to_tuples(output_shape)
        mask = config.get("mask")
        if isinstance(mask, dict) and mask.get("class_name") in ("__lambda__", "function"):
            config["mask"] = cls._load_function(mask, "mask", custom_objects, safe_mode)
        arguments = config.get("arguments")
        if isinstance(arguments, dict) and "class_name" not in arguments:
            config["arguments"] = {
                key: serialization.deserialize(value, custom_objects)
                if isinstance(value, dict) and "class_name" in value
                else value
                for key, value in arguments.items()
            }
        return super().from_config(config)
