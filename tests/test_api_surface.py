"""Every public name of the Keras 3 namespaces unison covers exists in the matching module.

The names come from the Keras API list of the development checkout when present, else
from the copy below (Keras 3.15).
"""

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

NAMESPACES = {
    "keras": "unison",
    "backend": "unison.backend",
    "config": "unison.config",
    "saving": "unison.saving",
    "models": "unison.models",
    "utils": "unison.utils",
}
KERAS_3_15_NAMES = {
    "keras": """
        DTypePolicy FloatDTypePolicy Function Initializer Input InputSpec KerasTensor Layer
        Loss Metric Model Operation Optimizer Quantizer Regularizer RematScope Sequential
        StatelessScope SymbolicScope Variable device name_scope remat version
    """,
    "backend": """
        backend clear_session epsilon floatx get_uid image_data_format is_float_dtype
        is_int_dtype is_keras_tensor result_type set_epsilon set_floatx
        set_image_data_format standardize_dtype
    """,
    "config": """
        backend disable_flash_attention disable_interactive_logging
        disable_traceback_filtering dtype_policy enable_flash_attention
        enable_interactive_logging enable_traceback_filtering enable_unsafe_deserialization
        epsilon floatx image_data_format is_flash_attention_enabled
        is_interactive_logging_enabled is_nnx_enabled is_traceback_filtering_enabled
        max_epochs max_steps_per_epoch set_backend set_dtype_policy set_epsilon set_floatx
        set_image_data_format set_max_epochs set_max_steps_per_epoch
    """,
    "saving": """
        CustomObjectScope KerasFileEditor custom_object_scope deserialize_keras_object
        get_custom_objects get_registered_name get_registered_object load_model load_weights
        register_keras_serializable save_model save_weights serialize_keras_object
    """,
    "models": """
        Model Sequential clone_model load_model model_from_json save_model
    """,
    "utils": """
        Config CustomObjectScope FeatureSpace Progbar PyDataset Sequence array_to_img
        audio_dataset_from_directory clear_session custom_object_scope
        deserialize_keras_object disable_interactive_logging enable_interactive_logging
        get_custom_objects get_file get_registered_name get_registered_object
        get_source_inputs image_dataset_from_directory img_to_array
        is_interactive_logging_enabled is_keras_tensor load_img model_to_dot normalize
        pack_x_y_sample_weight pad_sequences plot_model register_keras_serializable save_img
        serialize_keras_object set_random_seed split_dataset standardize_dtype
        text_dataset_from_directory timeseries_dataset_from_array to_categorical
        unpack_x_y_sample_weight
    """,
}


def _keras_names(namespace: str) -> list[str]:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "keras_api_names.json"
        if candidate.exists():
            return json.loads(candidate.read_text())["namespaces"][namespace]
    return KERAS_3_15_NAMES[namespace].split()


@pytest.mark.parametrize("namespace", sorted(NAMESPACES))
def test_namespace_has_every_keras_name(namespace):
    module = importlib.import_module(NAMESPACES[namespace])
    missing = sorted(name for name in _keras_names(namespace) if not hasattr(module, name))
    assert not missing, f"{NAMESPACES[namespace]} lacks Keras names: {missing}"


def test_embedded_names_match_the_checkout_list():
    for namespace in NAMESPACES:
        assert set(KERAS_3_15_NAMES[namespace].split()) <= set(_keras_names(namespace))


def test_import_unison_imports_no_framework():
    code = (
        "import sys, unison, unison.utils; "
        "print(sorted(m for m in ('jax', 'torch', 'tensorflow', 'PIL') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
