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

from unison import backend as backend_module
from unison.layers.layer import Layer
from unison.training.trainer import Trainer


def _deserialize_compiled(spec: Any, custom_objects: dict | None, module_hint: str) -> Any:
    """Rebuild a stored loss / metrics spec: names stay names unless a custom object has the
    name; configs become objects; lists and per-output dicts are rebuilt item by item."""
    from unison.saving import serialization

    if spec is None:
        return None
    if isinstance(spec, str):
        custom = serialization.get_registered_object(spec, custom_objects)
        return custom if custom is not None else spec
    if isinstance(spec, list):
        return [_deserialize_compiled(item, custom_objects, module_hint) for item in spec]
    if isinstance(spec, dict) and "class_name" not in spec:
        return {
            key: _deserialize_compiled(value, custom_objects, module_hint)
            for key, value in spec.items()
        }
    return serialization.deserialize(spec, custom_objects, module_hint=module_hint)


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

    # -- saving ---------------------------------------------------------------------------
    def save(self, filepath, overwrite: bool = True, zipped: bool = True, **kwargs: Any) -> None:
        """Save to a ``.keras`` archive (architecture, weights, compile settings, optimizer)."""
        from unison.saving.archive import save_model

        if kwargs:
            raise TypeError(f"save() got unexpected arguments: {sorted(kwargs)}.")
        save_model(self, filepath, overwrite=overwrite, zipped=zipped)

    def save_weights(self, filepath, overwrite: bool = True) -> None:
        """Save every variable (and the optimizer state) to a ``.weights.h5`` file."""
        import os

        from unison.saving.weights_file import save_weights

        filepath = os.fspath(filepath)
        if not filepath.endswith(".weights.h5"):
            raise ValueError(f"The filename must end in '.weights.h5'; received {filepath!r}.")
        if os.path.exists(filepath) and not overwrite:
            raise FileExistsError(f"{filepath} exists and overwrite=False.")
        save_weights(self, filepath)

    def load_weights(self, filepath, skip_mismatch: bool = False) -> list[str]:
        """Load weights from ``.weights.h5`` or a ``.keras`` archive; returns skipped entries."""
        import os
        import tempfile
        import zipfile

        from unison.saving.weights_file import load_weights_from_file

        filepath = os.fspath(filepath)
        if not self.built:
            raise ValueError(
                f"Model {self.name!r} is not built: call it on data (or build it) before "
                f"loading weights."
            )
        if filepath.endswith(".keras"):
            from unison.saving.archive import WEIGHTS_FILE, _checked_archive

            with _checked_archive(filepath) as archive, tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, WEIGHTS_FILE)
                with open(path, "wb") as stream:
                    stream.write(archive.read(WEIGHTS_FILE))
                return load_weights_from_file(self, path, skip_mismatch=skip_mismatch)
        if zipfile.is_zipfile(filepath):
            raise ValueError(f"{filepath!r} is a zip archive: name it '.keras' to load from it.")
        return load_weights_from_file(self, filepath, skip_mismatch=skip_mismatch)

    def get_compile_config(self) -> dict | None:
        """The compile() arguments as a Keras-compatible config (``None`` if not compiled)."""
        if not self.compiled:
            return None
        from unison.saving import serialization

        return {
            "optimizer": serialization.serialize(self.optimizer),
            "loss": serialization.serialize(self.loss),
            "loss_weights": self._compile_arguments.get("loss_weights"),
            "metrics": serialization.serialize(self._compile_arguments.get("metrics")),
            "weighted_metrics": serialization.serialize(
                self._compile_arguments.get("weighted_metrics")
            ),
            "run_eagerly": self.run_eagerly,
            "steps_per_execution": self.steps_per_execution,
            "jit_compile": self.jit_compile,
        }

    def compile_from_config(self, config: dict, custom_objects: dict | None = None) -> None:
        """Re-run compile() from :meth:`get_compile_config` output."""
        from unison import optimizers

        config = dict(config)
        optimizer = config.pop("optimizer", "rmsprop")
        with backend_module.use(self._bind_backend()):
            if isinstance(optimizer, dict):
                optimizer = optimizers.deserialize(optimizer, custom_objects)
            else:
                optimizer = optimizers.get(optimizer)
        loss = _deserialize_compiled(config.pop("loss", None), custom_objects, "keras.losses")
        # The stored flag was resolved on the saving backend; each backend picks its default.
        config.pop("jit_compile", None)
        self.compile(
            optimizer=optimizer,
            loss=loss,
            loss_weights=config.pop("loss_weights", None),
            metrics=_deserialize_compiled(
                config.pop("metrics", None), custom_objects, "keras.metrics"
            ),
            weighted_metrics=_deserialize_compiled(
                config.pop("weighted_metrics", None), custom_objects, "keras.metrics"
            ),
            run_eagerly=config.pop("run_eagerly", False),
            steps_per_execution=config.pop("steps_per_execution", 1),
            jit_compile="auto",
        )

    def to_backend(self, name: str) -> Model:
        """An equivalent model on backend ``name``: same config, weights, optimizer state."""
        from unison.models.cloning import convert_model

        return convert_model(self, name)

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
