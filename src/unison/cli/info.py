"""``unison info``: installed backends (version, devices), the active backend, every setting."""

from __future__ import annotations

import importlib.metadata

from rich.console import Console
from rich.table import Table

import unison
from unison import backend, config

_DISTRIBUTIONS = {
    "jax": ("jax",),
    "torch": ("torch",),
    "tensorflow": ("tensorflow-cpu", "tensorflow"),
    "numpy": ("numpy",),
}


def _installed_version(name: str) -> str:
    for distribution in _DISTRIBUTIONS[name]:
        try:
            return importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "installed"


def run_info(list_devices: bool = True, console: Console | None = None) -> int:
    """Print the report; returns 0, or 1 when a setting is invalid."""
    console = console or Console()
    console.print(f"[bold]unison[/bold] {unison.__version__}")

    backends = Table(title="Backends", title_justify="left")
    for column in ("backend", "installed", "version", "devices", "can train", "can jit"):
        backends.add_column(column)
    for name in ("jax", "torch", "tensorflow", "numpy"):
        if not backend.is_installed(name):
            backends.add_row(name, "no", "-", "-", "-", "-")
            continue
        version, devices, train, jit = _installed_version(name), "-", "-", "-"
        if list_devices:
            try:
                loaded = backend.get_backend(name)
            except Exception as error:  # a broken install is reported, not fatal
                backends.add_row(
                    name, "yes", version, f"[red]import failed: {error}[/red]", "-", "-"
                )
                continue
            devices = ", ".join(loaded.devices())
            train = "yes" if loaded.capabilities.can_train else "no"
            jit = "yes" if loaded.capabilities.can_jit else "no"
        backends.add_row(name, "yes", version, devices, train, jit)
    console.print(backends)

    settings = Table(title="Settings", title_justify="left")
    for column in ("setting", "value", "source"):
        settings.add_column(column)
    try:
        described = config.describe()
    except config.ConfigError as error:
        console.print(f"[red]Invalid configuration:[/red] {error}")
        return 1
    for name, (value, source) in described.items():
        settings.add_row(name, str(value), source)
    settings.add_row("config file", str(config.config_path()), "UNISON_HOME or ~/.unison")
    console.print(settings)
    return 0
