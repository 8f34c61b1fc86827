"""Utilities (``keras.utils``): data helpers, progress bars, serialization shortcuts."""

from unison.backend import clear_session, standardize_dtype
from unison.config import (
    disable_interactive_logging,
    enable_interactive_logging,
    is_interactive_logging_enabled,
)
from unison.saving.saving_api import (
    CustomObjectScope,
    deserialize_keras_object,
    register_keras_serializable,
    serialize_keras_object,
)
from unison.saving.serialization import (
    get_custom_objects,
    get_registered_name,
    get_registered_object,
)
from unison.utils.config_object import Config
from unison.utils.data_utils import (
    get_source_inputs,
    is_keras_tensor,
    pack_x_y_sample_weight,
    unpack_x_y_sample_weight,
)
from unison.utils.dataset_utils import split_dataset, timeseries_dataset_from_array
from unison.utils.directory_datasets import (
    audio_dataset_from_directory,
    image_dataset_from_directory,
    text_dataset_from_directory,
)
from unison.utils.feature_space import FeatureSpace
from unison.utils.file_utils import get_file
from unison.utils.image_utils import array_to_img, img_to_array, load_img, save_img
from unison.utils.model_visualization import model_to_dot, plot_model
from unison.utils.numerical_utils import normalize, to_categorical
from unison.utils.progbar import Progbar
from unison.utils.py_dataset import PyDataset
from unison.utils.rng_utils import set_random_seed
from unison.utils.sequence_utils import pad_sequences

Sequence = PyDataset  # the Keras 2 name, still exported by Keras 3
custom_object_scope = CustomObjectScope  # Keras exports the class under both names

__all__ = [
    "Config",
    "CustomObjectScope",
    "FeatureSpace",
    "Progbar",
    "PyDataset",
    "Sequence",
    "array_to_img",
    "audio_dataset_from_directory",
    "clear_session",
    "custom_object_scope",
    "deserialize_keras_object",
    "disable_interactive_logging",
    "enable_interactive_logging",
    "get_custom_objects",
    "get_file",
    "get_registered_name",
    "get_registered_object",
    "get_source_inputs",
    "image_dataset_from_directory",
    "img_to_array",
    "is_interactive_logging_enabled",
    "is_keras_tensor",
    "load_img",
    "model_to_dot",
    "normalize",
    "pack_x_y_sample_weight",
    "pad_sequences",
    "plot_model",
    "register_keras_serializable",
    "save_img",
    "serialize_keras_object",
    "set_random_seed",
    "split_dataset",
    "standardize_dtype",
    "text_dataset_from_directory",
    "timeseries_dataset_from_array",
    "to_categorical",
    "unpack_x_y_sample_weight",
]
