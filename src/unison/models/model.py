"""``unison.Model``: a layer with training, evaluation, saving and a summary.

``Model(inputs, outputs)`` builds a functional model; subclassing ``Model`` and writing
``call`` gives a subclassed model whose layers are tracked from its attributes.

Example:
    >>> class TwoLayers(unison.Model):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.hidden = unison.layers.Dense(8, activation="relu")
    ...         self.out = unison.layers.Dense(1)
    ...     def call(self, inputs):
    ...         return self.out(self.hidden(inputs))
"""

from __future__ import annotations

from typing import Any

from unison.layers.layer import Layer
from unison.training.trainer import Trainer


class Model(Trainer, Layer):
    """Base of Functional, Sequential and subclassed models."""

    _keras_module = "keras"

    def __new__(cls, *args: Any, **kwargs: Any):
        if cls is Model and (len(args) >= 2 or "outputs" in kwargs or "inputs" in kwargs):
            from unison.models.functional import Functional

            return Functional.__new__(Functional)
        return super().__new__(cls)

    def __init__(self, *args: Any, **kwargs: Any):
        if args or "inputs" in kwargs or "outputs" in kwargs:
            raise TypeError(
                f"{type(self).__name__}: build functional models with "
                f"unison.Model(inputs, outputs); a subclass of Model defines call() instead."
            )
        super().__init__(**kwargs)

    @property
    def layers(self) -> list[Layer]:
        """The directly tracked sub-layers."""
        return list(self._layers)

    def get_layer(self, name: str | None = None, index: int | None = None) -> Layer:
        """A layer by name or by index in ``layers``."""
        if index is not None and name is not None:
            raise ValueError("get_layer: pass either `name` or `index`, not both.")
        layers = self.layers
        if index is not None:
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer: index {index} out of range; the model has {len(layers)} layers."
                )
            return layers[index]
        if name is not None:
            for layer in layers:
                if layer.name == name:
                    return layer
            raise ValueError(
                f"No layer named {name!r} in model {self.name!r}; layers: "
                f"{[layer.name for layer in layers]}."
            )
        raise ValueError("get_layer: pass `name` or `index`.")

    def summary(
        self,
        line_length: int | None = None,
        positions: Any = None,
        print_fn: Any = None,
        expand_nested: bool = False,
        show_trainable: bool = False,
        layer_range: Any = None,
    ) -> None:
        """Print a table of layers, output shapes and parameter counts."""
        from unison.models.summary import print_summary

        print_summary(
            self,
            line_length=line_length,
            print_fn=print_fn,
            expand_nested=expand_nested,
            show_trainable=show_trainable,
        )

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable}

    @classmethod
    def from_config(cls, config: dict, custom_objects: dict | None = None) -> Model:
        from unison.models.functional import Functional

        if "layers" in config and "input_layers" in config:
            return Functional.from_config(config, custom_objects=custom_objects)
        try:
            return cls(**config)
        except TypeError as error:
            raise TypeError(
                f"Unable to rebuild {cls.__name__} from its config ({error}). A subclassed "
                f"model whose __init__ takes arguments must implement get_config() and "
                f"from_config()."
            ) from None
