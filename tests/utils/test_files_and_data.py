"""get_file, directory datasets, image helpers, Config and small data helpers."""

import hashlib
import tarfile
import zipfile

import numpy as np
import pytest

import unison
from unison import utils


# -- get_file ------------------------------------------------------------------------------
def test_get_file_copies_local_origin_into_the_cache(tmp_path):
    source = tmp_path / "data.csv"
    source.write_text("a,b\n1,2\n")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    cache = tmp_path / "cache"
    path = utils.get_file(origin=source.as_uri(), file_hash=digest, cache_dir=cache)
    assert path == str(cache / "datasets" / "data.csv")
    assert open(path).read() == "a,b\n1,2\n"
    source.write_text("changed")
    assert open(utils.get_file(origin=source.as_uri(), cache_dir=cache)).read() == "a,b\n1,2\n"
    forced = utils.get_file("renamed.csv", source.as_uri(), cache_dir=cache, force_download=True)
    assert open(forced).read() == "changed"


def test_get_file_hash_mismatch_and_remote_urls(tmp_path):
    source = tmp_path / "data.bin"
    source.write_bytes(b"123")
    with pytest.raises(ValueError, match="hash"):
        utils.get_file(origin=str(source), md5_hash="0" * 32, cache_dir=tmp_path / "c")
    with pytest.raises(RuntimeError, match="does not download"):
        utils.get_file(origin="https://example.com/file.zip", cache_dir=tmp_path / "c")
    cached = tmp_path / "c" / "datasets" / "file.zip"
    cached.write_bytes(b"already here")
    path = utils.get_file(origin="https://example.com/file.zip", cache_dir=tmp_path / "c")
    assert path == str(cached)
    with pytest.raises(ValueError, match="file name"):
        utils.get_file("a/b.txt", origin=str(source), cache_dir=tmp_path / "c")


@pytest.mark.parametrize("kind", ["tar", "zip"])
def test_get_file_extracts_archives(tmp_path, kind):
    member = tmp_path / "hello.txt"
    member.write_text("hi")
    archive = tmp_path / f"bundle.{'tar.gz' if kind == 'tar' else 'zip'}"
    if kind == "tar":
        with tarfile.open(archive, "w:gz") as bundle:
            bundle.add(member, arcname="hello.txt")
    else:
        with zipfile.ZipFile(archive, "w") as bundle:
            bundle.write(member, arcname="hello.txt")
    folder = utils.get_file(
        archive.name, archive.as_uri(), extract=True, cache_dir=tmp_path / "cache"
    )
    assert folder.endswith("bundle_extracted")
    assert (tmp_path / "cache" / "datasets" / "bundle_extracted" / "hello.txt").read_text() == "hi"


def test_get_file_refuses_path_traversal(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("../escape.txt", "x")
    with pytest.raises(ValueError, match="outside"):
        utils.get_file("evil.zip", str(archive), extract=True, cache_dir=tmp_path / "cache")


# -- directory datasets --------------------------------------------------------------------
def _text_tree(root):
    for label, texts in {"neg": ["bad", "awful", "meh"], "pos": ["good", "great"]}.items():
        (root / label).mkdir(parents=True)
        for index, text in enumerate(texts):
            (root / label / f"{index}.txt").write_text(text)
    (root / "pos" / "ignored.md").write_text("not a txt")


def test_text_dataset_inferred_labels(tmp_path):
    _text_tree(tmp_path)
    dataset = utils.text_dataset_from_directory(tmp_path, batch_size=2, shuffle=False, verbose=0)
    assert isinstance(dataset, utils.PyDataset) and len(dataset) == 3
    assert dataset.class_names == ["neg", "pos"]
    texts, labels = dataset[0]
    assert texts.tolist() == ["bad", "awful"] and labels.dtype == np.int32
    assert dataset[2][0].tolist() == ["great"] and dataset[2][1].tolist() == [1]


def test_text_dataset_modes_and_split(tmp_path):
    _text_tree(tmp_path)
    categorical = utils.text_dataset_from_directory(
        tmp_path, label_mode="categorical", batch_size=8, shuffle=False, verbose=0
    )
    assert categorical[0][1].shape == (5, 2) and categorical[0][1].dtype == np.float32
    binary = utils.text_dataset_from_directory(
        tmp_path, label_mode="binary", batch_size=8, max_length=2, shuffle=False, verbose=0
    )
    texts, labels = binary[0]
    assert labels.shape == (5, 1) and texts.tolist()[0] == "ba"
    train, validation = utils.text_dataset_from_directory(
        tmp_path, validation_split=0.4, subset="both", seed=1, batch_size=8, verbose=0
    )
    assert len(train[0][0]) == 3 and len(validation[0][0]) == 2
    assert set(train.file_paths).isdisjoint(validation.file_paths)
    unlabeled = utils.text_dataset_from_directory(tmp_path, labels=None, shuffle=False, verbose=0)
    assert isinstance(unlabeled[0], np.ndarray) and len(unlabeled[0]) == 5


def test_text_dataset_errors(tmp_path):
    _text_tree(tmp_path)
    with pytest.raises(ValueError, match="seed"):
        utils.text_dataset_from_directory(tmp_path, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="together"):
        utils.text_dataset_from_directory(tmp_path, validation_split=0.2, seed=1)
    with pytest.raises(ValueError, match="labels has 2 entries"):
        utils.text_dataset_from_directory(tmp_path, labels=[0, 1], verbose=0)
    with pytest.raises(ValueError, match="not a folder"):
        utils.text_dataset_from_directory(tmp_path / "missing")


def test_image_helpers_need_pillow_or_work(tmp_path):
    try:
        import PIL  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="Pillow"):
            utils.load_img(tmp_path / "x.png")
        with pytest.raises(ImportError, match="Pillow"):
            utils.image_dataset_from_directory(tmp_path)
        return
    image = np.random.RandomState(0).randint(0, 255, (8, 6, 3)).astype("float32")
    utils.save_img(tmp_path / "a.png", image, scale=False)
    loaded = utils.img_to_array(utils.load_img(tmp_path / "a.png"))
    np.testing.assert_array_equal(loaded, image)
    small = utils.load_img(tmp_path / "a.png", target_size=(4, 3), color_mode="grayscale")
    assert utils.img_to_array(small).shape == (4, 3, 1)
    assert utils.img_to_array(small, data_format="channels_first").shape == (1, 4, 3)
    assert utils.array_to_img(image).size == (6, 8)


def test_image_dataset_from_directory(tmp_path):
    pytest.importorskip("PIL")
    for label in ("cats", "dogs"):
        (tmp_path / label).mkdir()
        for index in range(3):
            pixels = np.full((10, 12, 3), 40 * index, "float32")
            utils.save_img(tmp_path / label / f"{index}.png", pixels, scale=False)
    dataset = utils.image_dataset_from_directory(
        tmp_path, image_size=(5, 6), batch_size=4, shuffle=False, verbose=0
    )
    images, labels = dataset[0]
    assert images.shape == (4, 5, 6, 3) and images.dtype == np.float32
    assert labels.tolist() == [0, 0, 0, 1] and dataset.class_names == ["cats", "dogs"]
    first = utils.image_dataset_from_directory(
        tmp_path,
        image_size=(4, 4),
        color_mode="grayscale",
        crop_to_aspect_ratio=True,
        data_format="channels_first",
        label_mode="categorical",
        batch_size=None,
        shuffle=False,
        verbose=0,
    )[0]
    assert first[0].shape == (1, 4, 4) and first[1].tolist() == [1.0, 0.0]
    padded = utils.image_dataset_from_directory(
        tmp_path, image_size=(12, 12), pad_to_aspect_ratio=True, shuffle=False, verbose=0
    )[0][0]
    assert padded.shape[1:] == (12, 12, 3) and padded[0, 0, 0, 0] == 0.0


# -- documented gaps -------------------------------------------------------------------------
def test_documented_gaps(tmp_path):
    with pytest.raises(NotImplementedError, match="audio"):
        utils.audio_dataset_from_directory(tmp_path)
    with pytest.raises(NotImplementedError, match="FeatureSpace"):
        utils.FeatureSpace(features={})
    with pytest.raises(NotImplementedError, match="summary"):
        utils.plot_model(None)
    with pytest.raises(NotImplementedError, match="summary"):
        utils.model_to_dot(None)


# -- small helpers ---------------------------------------------------------------------------
def test_config_object():
    config = utils.Config(learning_rate=0.1, layers=2)
    config.layers += 1
    config["name"] = "run"
    assert config.layers == 3 and list(config) == ["layers", "learning_rate", "name"]
    assert config.as_dict() == {"learning_rate": 0.1, "layers": 3, "name": "run"}
    assert "name" in config and len(config) == 3
    with pytest.raises(AttributeError, match="learning_rate"):
        config.learning_rat  # noqa: B018
    config.freeze()
    with pytest.raises(ValueError, match="frozen"):
        config.layers = 1
    with pytest.raises(ValueError, match="frozen"):
        del config["name"]
    config.unfreeze()
    config.pop("name")
    assert config.to_json() == '{"learning_rate": 0.1, "layers": 3}'


def test_pack_and_unpack():
    x, y, w = np.ones(2), np.zeros(2), np.ones(2)
    assert utils.pack_x_y_sample_weight(x) is x
    assert utils.pack_x_y_sample_weight((x, x)) == ((x, x),)
    assert utils.unpack_x_y_sample_weight(utils.pack_x_y_sample_weight(x, y)) == (x, y, None)
    assert utils.unpack_x_y_sample_weight(utils.pack_x_y_sample_weight(x, y, w)) == (x, y, w)


def test_get_source_inputs():
    a, b = unison.Input((2,)), unison.Input((2,))
    merged = unison.layers.Add()([unison.layers.Dense(2)(a), b])
    output = unison.layers.Dense(1)(unison.ops.add(merged, a))
    sources = utils.get_source_inputs(output)
    assert len(sources) == 2 and any(s is a for s in sources) and any(s is b for s in sources)
    assert utils.get_source_inputs(a) == [a]
