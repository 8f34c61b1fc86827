"""Models: functional, Sequential and subclassed."""

from unison.models.cloning import clone_model
from unison.models.functional import Functional
from unison.models.model import Model
from unison.models.model_from_json import model_from_json
from unison.models.sequential import Sequential
from unison.saving import load_model, save_model

__all__ = [
    "clone_model",
    "Functional",
    "Model",
    "Sequential",
    "load_model",
    "model_from_json",
    "save_model",
]

from unison.saving.serialization import register_builtin_module as _register  # noqa: E402

_register("keras", "unison.models", "unison.layers", "unison.dtype_policies")
_register("keras.models", "unison.models")
_register("keras.src.models", "unison.models")
