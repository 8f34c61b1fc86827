"""Do the backends agree? Run one model on every installed backend and compare.

:func:`check` loads a ``.keras`` file (or takes a model) on each backend, feeds every backend
the same input, and reports per backend the largest absolute and relative difference from
the reference backend, the first layer whose output diverges beyond the tolerance, and the
inference time. ``unison check MODEL.keras`` prints the same report and exits non-zero when a
backend is out of tolerance.

Example:
    >>> report = unison.parity.check("model.keras")
    >>> report.ok, [row.backend for row in report.rows]
    (True, ['jax', 'torch', 'tensorflow', 'numpy'])
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from unison import backend as backend_module
from unison import tree


@dataclass
class BackendResult:
    """One backend's comparison with the reference backend."""

    backend: str
    max_abs_diff: float
    max_rel_diff: float
    inference_ms: float
    first_divergent_layer: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.first_divergent_layer is None


@dataclass
class ParityReport:
    reference: str
    tolerance: float
    rows: list[BackendResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(row.ok and row.max_rel_diff <= self.tolerance for row in self.rows)


def _random_inputs(model: Any, batch_size: int, seed: int) -> Any:
    rng = np.random.default_rng(seed)

    def sample(tensor: Any) -> np.ndarray:
        shape = tuple(batch_size if dim is None else dim for dim in tensor.shape)
        if "int" in tensor.dtype:
            return rng.integers(0, 8, size=shape).astype(tensor.dtype)
        if tensor.dtype == "bool":
            return rng.random(shape) > 0.5
        return rng.standard_normal(shape).astype(tensor.dtype)

    inputs = getattr(model, "_inputs_struct", None)
    if inputs is None:
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
    if not tree.flatten(inputs):
        raise ValueError(
            f"Model {model.name!r} has no known input shape; pass `inputs=` explicitly."
        )
    return tree.map_structure(sample, inputs)


def _layer_outputs(model: Any, inputs: Any) -> list[tuple[str, np.ndarray]]:
    """Every layer's output (in execution order) on ``inputs``, as NumPy arrays."""
    from unison.layers.input_layer import InputLayer
    from unison.layers.layer import Layer
    from unison.models.functional import Functional
    from unison.models.sequential import Sequential

    results = []
    if isinstance(model, Sequential):
        value = inputs
        for layer in model.layers:
            value = layer(value)
            results.append((layer.name, _to_numpy(value)))
        return results
    if isinstance(model, Functional):
        values = {id(t): v for t, v in zip(model._input_tensors, tree.flatten(inputs))}
        for step in model._steps:
            step.run(values, None)
            operation = step.node.operation
            if isinstance(operation, Layer) and not isinstance(operation, InputLayer):
                outputs = [values[i] for i in step.output_ids]
                results.append((operation.name, _to_numpy(outputs)))
        return results
    return [(model.name, _to_numpy(model(inputs)))]


def _to_numpy(value: Any) -> Any:
    from unison import ops

    flat = [np.asarray(ops.convert_to_numpy(v), dtype="float64") for v in tree.flatten(value)]
    return flat[0] if len(flat) == 1 else flat


def _differences(got: Any, want: Any) -> tuple[float, float]:
    got_flat = got if isinstance(got, list) else [got]
    want_flat = want if isinstance(want, list) else [want]
    absolute, relative = 0.0, 0.0
    for a, b in zip(got_flat, want_flat):
        if a.shape != b.shape:
            return float("inf"), float("inf")
        if a.size == 0:
            continue
        difference = np.abs(a - b)
        absolute = max(absolute, float(np.nanmax(difference)))
        scale = np.maximum(np.abs(b), 1.0)
        relative = max(relative, float(np.nanmax(difference / scale)))
    return absolute, relative


def check(
    model_or_path: Any,
    inputs: Any = None,
    backends: list[str] | None = None,
    reference: str | None = None,
    tolerance: float = 1e-4,
    batch_size: int = 4,
    seed: int = 0,
    repeats: int = 3,
) -> ParityReport:
    """Compare a model across backends. ``tolerance`` bounds the relative difference
    ``|a - b| / max(|b|, 1)`` of every output element."""
    from unison.saving import load_model

    backends = backends or backend_module.available_backends()
    reference = reference or backends[0]
    if reference not in backends:
        backends = [reference, *backends]
    ordered = [reference, *[name for name in backends if name != reference]]
    report = ParityReport(reference=reference, tolerance=tolerance)
    reference_layers: list[tuple[str, Any]] = []
    reference_output = None
    for name in ordered:
        try:
            with backend_module.use(name):
                if isinstance(model_or_path, (str, bytes)) or hasattr(model_or_path, "__fspath__"):
                    model = load_model(model_or_path, compile=False)
                else:
                    model = model_or_path.to_backend(name)
                if inputs is None:
                    inputs = _random_inputs(model, batch_size, seed)
                model(inputs)  # warm-up
                start = time.perf_counter()
                for _ in range(repeats):
                    output = _to_numpy(model(inputs))
                elapsed = (time.perf_counter() - start) / repeats * 1e3
                layers = _layer_outputs(model, inputs)
        except Exception as error:  # reported per backend, not fatal for the others
            report.rows.append(
                BackendResult(name, float("nan"), float("nan"), float("nan"), error=str(error))
            )
            continue
        if name == reference:
            reference_output, reference_layers = output, layers
            report.rows.append(BackendResult(name, 0.0, 0.0, elapsed))
            continue
        absolute, relative = _differences(output, reference_output)
        divergent = None
        for (layer_name, value), (_, expected) in zip(layers, reference_layers):
            if _differences(value, expected)[1] > tolerance:
                divergent = layer_name
                break
        report.rows.append(BackendResult(name, absolute, relative, elapsed, divergent))
    return report


def print_report(report: ParityReport, console: Any = None) -> None:
    """Render a report as a rich table."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    table = Table(title=f"Parity against {report.reference} (tolerance {report.tolerance:g})")
    for column in (
        "backend",
        "max abs diff",
        "max rel diff",
        "first divergent layer",
        "ms/call",
        "ok",
    ):
        table.add_column(column)
    for row in report.rows:
        ok = row.ok and row.max_rel_diff <= report.tolerance
        table.add_row(
            row.backend,
            "-" if row.error else f"{row.max_abs_diff:.2e}",
            "-" if row.error else f"{row.max_rel_diff:.2e}",
            row.error or row.first_divergent_layer or "-",
            "-" if row.error else f"{row.inference_ms:.2f}",
            "[green]yes[/green]" if ok else "[red]NO[/red]",
        )
    console.print(table)
