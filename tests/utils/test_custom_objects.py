"""Custom objects: scopes, the live registry, Keras-named (de)serialization, JSON models,
weights files as functions."""

import json

import numpy as np
import pytest

import unison
from unison import saving, utils


class Scale(unison.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def _scale_config():
    return saving.serialize_keras_object(Scale(3.0, name="scale"))


def test_unknown_class_without_scope():
    with pytest.raises(ValueError, match="Scale"):
        saving.deserialize_keras_object(_scale_config())


def test_custom_object_scope_names_are_one_class():
    assert saving.custom_object_scope is saving.CustomObjectScope
    assert utils.custom_object_scope is utils.CustomObjectScope is saving.CustomObjectScope


def test_scope_resolves_and_nests():
    config = _scale_config()
    with utils.custom_object_scope({"Scale": Scale}):
        layer = saving.deserialize_keras_object(config)
        assert isinstance(layer, Scale) and layer.factor == 3.0
        assert utils.get_registered_object("Scale") is Scale

        class Other(Scale):
            pass

        with saving.CustomObjectScope({"Scale": Other}, None):
            assert isinstance(saving.deserialize_keras_object(config), Other)
        assert type(saving.deserialize_keras_object(config)) is Scale
    assert utils.get_registered_object("Scale") is None


def test_get_custom_objects_is_live():
    objects = saving.get_custom_objects()
    assert objects is utils.get_custom_objects()
    objects["Scale"] = Scale
    try:
        assert isinstance(utils.deserialize_keras_object(_scale_config()), Scale)
    finally:
        del objects["Scale"]


def test_register_keras_serializable_round_trip():
    @saving.register_keras_serializable(package="unison_tests")
    class Shift(unison.layers.Layer):
        def call(self, inputs):
            return inputs + 1.0

    try:
        assert utils.get_registered_name(Shift) == "unison_tests>Shift"
        assert saving.get_custom_objects()["unison_tests>Shift"] is Shift
        config = utils.serialize_keras_object(Shift(name="shift"))
        assert config["registered_name"] == "unison_tests>Shift"
        assert isinstance(utils.deserialize_keras_object(config), Shift)
    finally:
        del saving.get_custom_objects()["unison_tests>Shift"]


def test_deserialize_accepts_module_objects_and_rejects_unknown_kwargs():
    layer = saving.deserialize_keras_object(_scale_config(), module_objects={"Scale": Scale})
    assert isinstance(layer, Scale)
    with pytest.raises(TypeError, match="unexpected"):
        saving.deserialize_keras_object(_scale_config(), bogus=1)


def test_model_from_json(backend):
    model = unison.Sequential([unison.Input((4,)), unison.layers.Dense(3, activation="relu")])
    text = json.dumps(saving.serialize_keras_object(model))
    clone = unison.models.model_from_json(text)
    assert isinstance(clone, unison.Sequential)
    assert [w.shape for w in clone.weights] == [w.shape for w in model.weights]
    assert clone.layers[-1].get_config()["activation"] == "relu"
    with pytest.raises(ValueError, match="JSON"):
        unison.models.model_from_json("{not json")


def test_model_from_json_with_custom_objects(backend):
    inputs = unison.Input((2,))
    model = unison.Model(inputs, Scale(4.0)(inputs))
    text = json.dumps(saving.serialize_keras_object(model))
    clone = unison.models.model_from_json(text, custom_objects={"Scale": Scale})
    np.testing.assert_allclose(unison.ops.convert_to_numpy(clone(np.ones((1, 2)))), [[4.0, 4.0]])


def test_save_and_load_weights_functions(backend, tmp_path):
    def build():
        model = unison.Sequential([unison.Input((3,)), unison.layers.Dense(2)])
        return model

    source, target = build(), build()
    path = tmp_path / "model.weights.h5"
    saving.save_weights(source, path)
    with pytest.raises(FileExistsError):
        saving.save_weights(source, path, overwrite=False)
    saving.load_weights(target, path)
    for a, b in zip(source.weights, target.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())


def test_keras_file_editor_is_a_documented_gap(tmp_path):
    with pytest.raises(NotImplementedError, match="load_model"):
        saving.KerasFileEditor(tmp_path / "model.keras")
