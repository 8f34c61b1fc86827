"""Every name of the backend contract exists on every installed backend, in its family module,
and the public ``unison.ops`` namespaces expose the op names of the contract.

The contract (:mod:`unison.backends.contract`): the public ops of Keras 3 (``ops``, ``ops.nn``,
``ops.numpy``, ``ops.linalg``, ``ops.image``) plus ``rearrange``, the random samplers, autodiff,
the trainer's step helpers, and the state / shape helpers of ``core``. A failure lists every
missing or misplaced name at once.
"""

import importlib

import pytest

import unison.ops
from unison.backend import MODULES
from unison.backends.contract import (
    BACKEND_ONLY,
    CONTRACT,
    OPTIONAL,
    PUBLIC_FAMILIES,
    public_names,
)

ALL_NAMES = sorted(name for names in CONTRACT.values() for name in names)


def test_contract_families_are_disjoint_and_known():
    assert set(CONTRACT) <= set(MODULES), f"families {sorted(CONTRACT)} not all in {MODULES}"
    assert len(ALL_NAMES) == len(set(ALL_NAMES)), "a name is listed in two families"
    assert set(BACKEND_ONLY) <= set(CONTRACT["core"])
    assert set(PUBLIC_FAMILIES) <= set(CONTRACT)
    optional = [name for names in OPTIONAL.values() for name in names]
    assert not set(optional) & set(ALL_NAMES), "an optional name is also required"


def test_every_contract_name_exists(backend):
    missing = [name for name in ALL_NAMES if not callable(backend.__dict__.get(name))]
    assert not missing, (
        f"backend {backend.name} lacks {len(missing)} of {len(ALL_NAMES)} contract names: "
        f"{', '.join(missing)}"
    )


def test_names_live_in_their_family_module(backend):
    misplaced = []
    for family, names in CONTRACT.items():
        module = importlib.import_module(f"{backend.package.__name__}.{family}")
        exported = set(getattr(module, "__all__", ()))
        misplaced += [f"{name} (expected in {family})" for name in names if name not in exported]
    assert not misplaced, (
        f"backend {backend.name}: {len(misplaced)} names outside their module: "
        + (", ".join(misplaced))
    )


def test_family_modules_export_only_contract_and_optional_names(backend):
    unexpected = []
    for family, names in CONTRACT.items():
        module = importlib.import_module(f"{backend.package.__name__}.{family}")
        allowed = {*names, *OPTIONAL.get(family, ())}
        unexpected += [f"{family}.{name}" for name in module.__all__ if name not in allowed]
    assert not unexpected, (
        f"backend {backend.name} exports names outside the contract: {unexpected}"
    )


@pytest.mark.parametrize("family", list(CONTRACT))
def test_all_lists_are_duplicate_free(backend, family):
    module = importlib.import_module(f"{backend.package.__name__}.{family}")
    exported = list(getattr(module, "__all__", ()))
    duplicates = sorted({name for name in exported if exported.count(name) > 1})
    assert not duplicates, f"backend {backend.name} {family}.__all__ repeats {duplicates}"


@pytest.mark.parametrize("family", PUBLIC_FAMILIES)
def test_public_namespace_exposes_the_family(family):
    module = importlib.import_module(f"unison.ops.{family}")
    expected = public_names(family)
    assert sorted(module.__all__) == sorted(expected), (
        f"unison.ops.{family}.__all__ differs from the contract: "
        f"extra {sorted(set(module.__all__) - set(expected))}, "
        f"missing {sorted(set(expected) - set(module.__all__))}"
    )
    not_ops = [
        name
        for name in expected
        if not callable(getattr(module, name, None))
        or not getattr(module, name).__module__.startswith("unison.ops.")
    ]
    assert not not_ops, f"unison.ops.{family} lacks public ops {not_ops}"
    if family == "image":  # as in Keras, image ops are only under ops.image
        return
    flat = [
        name
        for name in expected
        if name not in unison.ops.__all__ or getattr(unison.ops, name) is not getattr(module, name)
    ]
    assert not flat, f"unison.ops lacks the unison.ops.{family} ops {flat}"


def test_backend_machinery_is_not_public():
    public = {*unison.ops.__all__, *unison.ops.image.__all__}
    assert not public & set(BACKEND_ONLY)


def _import_fake_autodiff(tmp_path, monkeypatch, package, **modules):
    """Write a package whose modules define the names given per module (``autodiff`` gathers its
    family from them) and import its ``autodiff``."""
    directory = tmp_path / package
    directory.mkdir()
    (directory / "__init__.py").write_text("")
    for stem, names in modules.items():
        text = "".join(f"def {name}():\n    pass\n\n\n" for name in names.split())
        if stem == "autodiff":
            text += "from unison.backends.contract import gather\n\n"
            text += '__all__ = gather(globals(), "autodiff")\n'
        (directory / f"{stem}.py").write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    return importlib.import_module(f"{package}.autodiff")


def test_gather_takes_names_from_the_family_and_its_topic_modules(tmp_path, monkeypatch):
    # other.py is no topic module of autodiff (its name does not start with "autodiff_")
    module = _import_fake_autodiff(
        tmp_path,
        monkeypatch,
        "fake_ok",
        autodiff="grad",
        autodiff_b="jit value_and_grad",
        other="jit",
    )
    assert module.__all__ == ["grad", "jit", "value_and_grad"]
    assert module.jit.__module__ == "fake_ok.autodiff_b"


def test_gather_names_missing_and_ambiguous_names(tmp_path, monkeypatch):
    message = r"missing \['grad'\]; defined differently in two modules: \['jit'\]"
    with pytest.raises(ImportError, match=message):
        _import_fake_autodiff(
            tmp_path, monkeypatch, "fake_bad", autodiff="jit", autodiff_b="jit value_and_grad"
        )
