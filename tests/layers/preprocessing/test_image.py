"""Image preprocessing layers against real Keras: deterministic layers, augmentations with
degenerate (fixed) factors or explicit transformations, plus shape / range properties."""

import numpy as np
import pytest

from tests.layers.preprocessing.keras_reference import (
    config_without_name,
    image,
    keras_reference,
    register,
    to_numpy,
)
from unison import layers
from unison.saving import serialization

# name: (class, positional args, keyword args, call keyword args)
FIXED = {
    "resize": ("Resizing", (3, 4), {}, {}),
    "resize_nearest": ("Resizing", (4, 7), {"interpolation": "nearest"}, {}),
    "resize_crop": ("Resizing", (4, 4), {"crop_to_aspect_ratio": True}, {}),
    "resize_pad": ("Resizing", (4, 8), {"pad_to_aspect_ratio": True}, {}),
    "center_crop": ("CenterCrop", (3, 3), {}, {}),
    "center_crop_up": ("CenterCrop", (8, 4), {}, {}),
    "rotation": ("RandomRotation", ((0.1, 0.1),), {"fill_mode": "constant"}, {}),
    "rotation_reflect": ("RandomRotation", ((-0.2, -0.2),), {}, {}),
    "rotation_nearest": (
        "RandomRotation",
        ((0.3, 0.3),),
        {"interpolation": "nearest", "fill_mode": "nearest"},
        {},
    ),
    "rotation_off": ("RandomRotation", (0.4,), {}, {"training": False}),
    "zoom": ("RandomZoom", ((0.3, 0.3),), {"fill_mode": "constant", "fill_value": 7.0}, {}),
    "zoom_in": ("RandomZoom", ((-0.4, -0.4), (-0.2, -0.2)), {}, {}),
    "translation": ("RandomTranslation", ((0.2, 0.2), (-0.3, -0.3)), {"fill_mode": "wrap"}, {}),
    "brightness": ("RandomBrightness", ((0.1, 0.1),), {}, {}),
    "invert": ("RandomInvert", ((1.0, 1.0),), {}, {}),
    "grayscale": ("RandomGrayscale", (1.0,), {}, {}),
    "auto_contrast": ("AutoContrast", (), {}, {}),
    "flip_off": ("RandomFlip", (), {}, {"training": False}),
    "crop_small": ("RandomCrop", (8, 10), {}, {}),
}


def _fixed_snippet(name: str, spec: tuple) -> str:
    cls, args, kwargs, call = spec
    return f"""
        layer = keras.layers.{cls}(*{args!r}, **{kwargs!r})
        out["y"] = np.asarray(layer(image(1), **{call!r}))
        out["config"] = layer.get_config()
    """


CASES = {name: _fixed_snippet(name, spec) for name, spec in FIXED.items()}
CASES["resize_uint8"] = """
    out["y"] = np.asarray(keras.layers.Resizing(3, 3)(image(2).astype("uint8")))
"""
CASES["transforms"] = """
    x = image(3)
    flips = np.array([True, False]).reshape(2, 1, 1, 1)
    for mode in ("horizontal", "vertical", "horizontal_and_vertical"):
        out["flip_" + mode] = np.asarray(
            keras.layers.RandomFlip(mode).transform_images(x, {"flips": flips}))
    factor = np.array([0.5, 1.7], "float32").reshape(2, 1, 1, 1)
    out["contrast"] = np.asarray(
        keras.layers.RandomContrast(0.9).transform_images(x, {"contrast_factor": factor}))
    solar = keras.layers.Solarization(value_range=(0, 1))
    transformation = {"additions": np.array([10.0, 40.0], "float32").reshape(2, 1, 1, 1),
                      "thresholds": np.array([100.0, 200.0], "float32").reshape(2, 1, 1, 1)}
    out["solarization"] = np.asarray(solar.transform_images(x / 255.0, transformation))
"""

register(CASES)


@pytest.fixture(scope="module")
def reference():
    return keras_reference(CASES)


@pytest.mark.parametrize("name", list(FIXED))
def test_fixed_transforms_match_keras(backend, reference, name):
    cls, args, kwargs, call = FIXED[name]
    layer = getattr(layers, cls)(*args, **kwargs)
    result = to_numpy(layer(image(1), **call))
    expected = reference[name]["y"]
    assert result.shape == expected.shape
    np.testing.assert_allclose(result, expected, rtol=1e-4, atol=1e-3)
    ours, theirs = (
        config_without_name(layer.get_config()),
        config_without_name(reference[name]["config"]),
    )
    if cls == "RandomCrop":  # an unset seed is drawn at random, as in Keras
        ours.pop("seed"), theirs.pop("seed")
    assert ours == theirs


def test_resizing_keeps_integer_dtype(backend, reference):
    result = to_numpy(layers.Resizing(3, 3)(image(2).astype("uint8")))
    assert result.dtype == np.uint8
    np.testing.assert_allclose(result, reference["resize_uint8"]["y"], atol=1)


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical"])
def test_flip_with_fixed_decision_matches_keras(backend, reference, mode):
    flips = np.array([True, False]).reshape(2, 1, 1, 1)
    result = layers.RandomFlip(mode).transform_images(image(3), {"flips": flips})
    np.testing.assert_array_equal(to_numpy(result), reference["transforms"]["flip_" + mode])


def test_contrast_and_solarization_transforms_match_keras(backend, reference):
    factor = np.array([0.5, 1.7], "float32").reshape(2, 1, 1, 1)
    result = layers.RandomContrast(0.9).transform_images(image(3), {"contrast_factor": factor})
    np.testing.assert_allclose(to_numpy(result), reference["transforms"]["contrast"], rtol=1e-5)
    transformation = {
        "additions": np.array([10.0, 40.0], "float32").reshape(2, 1, 1, 1),
        "thresholds": np.array([100.0, 200.0], "float32").reshape(2, 1, 1, 1),
    }
    result = layers.Solarization(value_range=(0, 1)).transform_images(
        image(3) / 255.0, transformation
    )
    np.testing.assert_allclose(
        to_numpy(result), reference["transforms"]["solarization"], rtol=1e-5, atol=1e-6
    )


AUGMENTATIONS = {
    "RandomFlip": ((), {}),
    "RandomCrop": ((4, 3), {}),
    "RandomRotation": ((0.3,), {}),
    "RandomZoom": ((0.3, 0.2), {}),
    "RandomTranslation": ((0.2, 0.3), {}),
    "RandomContrast": ((0.5,), {}),
    "RandomBrightness": ((0.4,), {}),
    "RandomGrayscale": ((0.5,), {}),
    "RandomInvert": ((0.5,), {}),
    "Solarization": ((0.2, 0.6), {}),
}


@pytest.mark.parametrize("name", list(AUGMENTATIONS))
def test_augmentation_properties(backend, name):
    args, kwargs = AUGMENTATIONS[name]
    cls = getattr(layers, name)
    x = image(4, (3, 6, 5, 3))
    first = to_numpy(cls(*args, seed=11, **kwargs)(x, training=True))
    again = to_numpy(cls(*args, seed=11, **kwargs)(x, training=True))
    np.testing.assert_array_equal(first, again)  # a seed gives a reproducible stream
    expected_shape = (3, 4, 3, 3) if name == "RandomCrop" else x.shape
    assert first.shape == expected_shape and first.dtype == np.float32
    assert np.isfinite(first).all()
    assert first.min() >= -1e-3 and first.max() <= 255.0 + 1e-3
    if name != "RandomCrop":  # Keras 3 passes RandomCrop inputs through in inference
        np.testing.assert_array_equal(to_numpy(cls(*args, **kwargs)(x, training=False)), x)
    single = to_numpy(cls(*args, seed=3, **kwargs)(x[0], training=True))
    assert single.shape == expected_shape[1:]
    clone = serialization.deserialize(serialization.serialize(cls(*args, seed=5, **kwargs)))
    assert clone.get_config().get("seed", 5) == 5


def test_random_crop_takes_a_window(backend):
    x = np.arange(2 * 6 * 5 * 1, dtype="float32").reshape(2, 6, 5, 1)
    result = to_numpy(layers.RandomCrop(3, 2, seed=4)(x, training=True))
    windows = [x[:, i : i + 3, j : j + 2] for i in range(4) for j in range(4)]
    assert any(np.array_equal(result, window) for window in windows)


def test_flip_draws_per_image(backend):
    x = np.arange(8 * 1 * 4 * 1, dtype="float32").reshape(8, 1, 4, 1)
    result = to_numpy(layers.RandomFlip("horizontal", seed=2)(x))
    flipped = [np.array_equal(r, x[i, :, ::-1]) for i, r in enumerate(result)]
    kept = [np.array_equal(r, x[i]) for i, r in enumerate(result)]
    assert all(f or k for f, k in zip(flipped, kept, strict=True))


def test_symbolic_shapes_and_errors(backend):
    inputs = layers.Input((8, 6, 3))
    assert layers.Resizing(4, 5)(inputs).shape == (None, 4, 5, 3)
    assert layers.RandomCrop(2, 3)(inputs).shape == (None, 2, 3, 3)
    assert layers.RandomRotation(0.1)(inputs).shape == (None, 8, 6, 3)
    with pytest.raises(ValueError, match="rank 3"):
        layers.RandomFlip()(np.zeros((2, 3), "float32"))
    with pytest.raises(ValueError, match="factor"):
        layers.RandomRotation(2.0)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomZoom(0.1, fill_mode="mirror-ish")
    with pytest.raises(ValueError, match="value_range"):
        layers.RandomBrightness(0.1, value_range=(0, 1, 2))
