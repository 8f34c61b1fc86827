"""Backend switching: set_backend, use() per thread / task, lazy imports, import orders."""

import asyncio
import itertools
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest

import unison
from tests.conftest import BACKENDS


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("UNISON_BACKEND", "KERAS_BACKEND")}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_import_unison_imports_no_framework():
    result = run_python(
        """
        import sys, unison
        unison.config.floatx(); unison.config.describe(); unison.available_backends()
        heavy = [m for m in ("jax", "torch", "tensorflow") if m in sys.modules]
        print("HEAVY", heavy)
        """
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_framework_imported_only_when_its_backend_is_used():
    result = run_python(
        """
        import sys, unison
        with unison.backend.use("numpy"):
            unison.ops.add(1.0, 2.0)
        print("HEAVY", [m for m in ("jax", "torch", "tensorflow") if m in sys.modules])
        """
    )
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


FRAMEWORKS = [name for name in ("jax", "torch", "tensorflow") if name in BACKENDS]


@pytest.mark.parametrize("order", list(itertools.permutations(FRAMEWORKS)), ids="-".join)
def test_every_import_order_works(order):
    lines = ["import unison, numpy as np"]
    for name in order:
        lines.append(f"b = unison.backend.get_backend({name!r})")
        lines.append("with unison.backend.use(b):")
        lines.append(
            "    y = unison.ops.matmul(np.ones((2, 3), 'float32'), np.ones((3, 2), 'float32'))"
        )
        lines.append("    assert unison.ops.convert_to_numpy(y).sum() == 12.0")
        lines.append(f"import {name}")
    lines.append("print('ORDER OK')")
    result = run_python("\n".join(lines))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ORDER OK" in result.stdout


def test_set_backend_changes_default_and_reloads_nothing():
    modules_before = {
        name: module for name, module in sys.modules.items() if name.startswith("unison")
    }
    original = unison.backend.backend()
    try:
        for name in BACKENDS:
            unison.config.set_backend(name)
            assert unison.config.backend() == name
            assert unison.backend.active_backend().name == name
            np.testing.assert_allclose(
                unison.ops.convert_to_numpy(unison.ops.add(np.float32(1), np.float32(2))), 3.0
            )
    finally:
        unison.config.set_backend(original)
    # A reload would replace module objects (or drop them); every one must be the same object.
    replaced = [
        name for name, module in modules_before.items() if sys.modules.get(name) is not module
    ]
    assert replaced == []


def test_use_is_thread_local():
    if len(BACKENDS) < 2:
        pytest.skip("needs two backends")
    first, second = BACKENDS[0], BACKENDS[1]
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {}

    def worker(name: str):
        with unison.backend.use(name):
            barrier.wait()
            observed = []
            for _ in range(50):
                observed.append(unison.backend.backend())
                result = unison.ops.add(np.ones(2, "float32"), 1.0)
                assert unison.ops.convert_to_numpy(result).tolist() == [2.0, 2.0]
            barrier.wait()
            seen[name] = observed

    threads = [threading.Thread(target=worker, args=(n,)) for n in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(seen[first]) == {first}
    assert set(seen[second]) == {second}


def test_new_threads_see_the_process_default():
    original = unison.backend.backend()
    target = BACKENDS[-1]
    unison.config.set_backend(target)
    try:
        result = []
        thread = threading.Thread(target=lambda: result.append(unison.backend.backend()))
        thread.start()
        thread.join()
        assert result == [target]
    finally:
        unison.config.set_backend(original)


def test_use_is_task_local():
    names = BACKENDS[:2]

    async def task(name: str) -> list[str]:
        with unison.backend.use(name):
            observed = []
            for _ in range(5):
                await asyncio.sleep(0)
                observed.append(unison.backend.backend())
            return observed

    async def main():
        return await asyncio.gather(*(task(name) for name in names))

    for name, observed in zip(names, asyncio.run(main())):
        assert set(observed) == {name}


def test_use_restores_on_error():
    before = unison.backend.backend()
    with pytest.raises(RuntimeError):
        with unison.backend.use("numpy"):
            raise RuntimeError("boom")
    assert unison.backend.backend() == before


def test_unknown_backend_is_clear():
    with pytest.raises(ValueError, match="Unknown backend 'mxnet'.*expected one of"):
        with unison.backend.use("mxnet"):
            pass


def test_capabilities_are_declared(backend):
    capabilities = backend.capabilities
    assert capabilities.can_train == (backend.name != "numpy")
    assert isinstance(capabilities.can_jit, bool)
    assert backend.framework_version
    assert backend.devices()


def test_variable_keeps_its_backend_after_switch(backend):
    variable = unison.Variable(np.array([1.0, 2.0], "float32"), name="w")
    others = [name for name in BACKENDS if name != backend.name]
    for other in others:
        with unison.backend.use(other):
            variable.assign_add(np.array([1.0, 1.0], "float32"))
            doubled = variable * 2
            assert unison.backend.get_backend(backend.name).is_tensor(doubled)
    np.testing.assert_allclose(variable.numpy(), [1.0 + len(others), 2.0 + len(others)])
