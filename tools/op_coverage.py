"""Print a Markdown table of how many op names each installed backend implements, per family.

A name counts as implemented when it is an attribute of ``unison.backend.get_backend(name)``.
A backend whose package cannot be assembled yet (a module missing or failing to import) is
read module by module instead, and the table says so.

Usage::

    python tools/op_coverage.py            # every installed backend
    python tools/op_coverage.py jax torch  # only these
"""

from __future__ import annotations

import importlib
import sys

from unison import backend as backend_registry
from unison import ops
from unison.backends.contract import BACKEND_ONLY, CONTRACT, PUBLIC_FAMILIES, public_names
from unison.ops import image


def families() -> dict[str, tuple[str, ...]]:
    """Family name -> the op names a backend must provide (``contract``: core's machinery)."""
    table = {family: tuple(public_names(family)) for family in PUBLIC_FAMILIES}
    table.update(random=CONTRACT["random"], autodiff=CONTRACT["autodiff"], contract=BACKEND_ONLY)
    return table


def implemented_names(name: str) -> tuple[set[str], str]:
    """Names a backend provides, and a note when it could only be read in part."""
    try:
        return set(backend_registry.get_backend(name).__dict__), ""
    except Exception as error:  # noqa: BLE001 - report whatever stops the backend loading
        first_error = f"{type(error).__name__}: {error}"
    names: set[str] = set()
    broken = []
    for module_name in backend_registry.MODULES:
        try:
            module = importlib.import_module(f"unison.backends.{name}.{module_name}")
        except Exception:  # noqa: BLE001
            broken.append(module_name)
            continue
        names.update(getattr(module, "__all__", ()))
    note = f"partial ({', '.join(broken)} not importable)" if broken else f"partial ({first_error})"
    return names, note


def report(backend_names: list[str]) -> str:
    table = families()
    found = {name: implemented_names(name) for name in backend_names}
    lines = [
        "| family | ops | " + " | ".join(backend_names) + " |",
        "|---|---:|" + "---:|" * len(backend_names),
    ]
    totals = dict.fromkeys(backend_names, 0)
    for family, names in table.items():
        cells = []
        for backend_name in backend_names:
            count = sum(1 for op in names if op in found[backend_name][0])
            totals[backend_name] += count
            cells.append(f"{count}/{len(names)}")
        lines.append(f"| {family} | {len(names)} | " + " | ".join(cells) + " |")
    size = sum(len(names) for names in table.values())
    lines.append(
        f"| **total** | {size} | "
        + " | ".join(f"**{totals[name]}/{size}**" for name in backend_names)
        + " |"
    )
    notes = [f"- {name}: {found[name][1]}" for name in backend_names if found[name][1]]
    if notes:
        lines += ["", "Backends read module by module:", *notes]
    missing_lines = []
    for backend_name in backend_names:
        provided = found[backend_name][0]
        for family, names in table.items():
            absent = [op for op in names if op not in provided]
            if absent:
                missing_lines.append(f"- {backend_name} / {family}: {', '.join(absent)}")
    lines += ["", "Missing names:", *(missing_lines or ["- none"])]
    public = {name for name in ops.__all__ if not hasattr(getattr(ops, name), "__path__")}
    public = {
        name for name in public if name not in ("core", "image", "linalg", "math", "nn", "numpy")
    }
    public |= set(image.__all__)
    lines += ["", f"Public op functions in `unison.ops` and its sub-namespaces: {len(public)}."]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    names = argv or backend_registry.available_backends()
    unknown = [name for name in names if not backend_registry.is_installed(name)]
    if unknown:
        print(f"Not installed: {', '.join(unknown)}", file=sys.stderr)
        return 2
    print(report(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
