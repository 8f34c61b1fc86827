"""``model.summary()``: a rich table of layers, output shapes and parameter counts."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table

from unison import tree


def _output_shape(layer: Any) -> str:
    nodes = getattr(layer, "_inbound_nodes", [])
    if nodes:
        shapes = tree.map_structure(lambda t: getattr(t, "shape", None), nodes[-1].outputs)
        return str(shapes)
    output = getattr(layer, "_output_tensor", None)
    return str(output.shape) if output is not None else "?"


def _count(variables: list) -> int:
    total = 0
    for variable in variables:
        size = 1
        for dim in variable.shape:
            size *= dim
        total += size
    return total


def _rows(model: Any, expand_nested: bool, depth: int = 0) -> list[tuple]:
    rows = []
    layers = list(getattr(model, "layers", []))
    input_layer = getattr(model, "_input_layer", None)
    if input_layer is not None and input_layer not in layers:
        layers.insert(0, input_layer)
    for layer in layers:
        name = f"{'  ' * depth}{layer.name} ({type(layer).__name__})"
        params = _count(layer.weights) if layer.built else 0
        rows.append((name, _output_shape(layer), params, layer.trainable))
        if expand_nested and getattr(layer, "layers", None):
            rows.extend(_rows(layer, expand_nested, depth + 1))
    return rows


def _format_bytes(count: int) -> str:
    size = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}" if unit != "B" else f"{int(size)} B"
        size /= 1024
    return f"{size:.2f} GB"


def print_summary(
    model: Any,
    line_length: int | None = None,
    print_fn: Callable[..., Any] | None = None,
    expand_nested: bool = False,
    show_trainable: bool = False,
) -> None:
    """Render the summary with rich; ``print_fn`` receives the rendered text instead."""
    table = Table(title=f'Model: "{model.name}"', title_justify="left")
    table.add_column("Layer (type)")
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    if show_trainable:
        table.add_column("Trainable")
    for name, shape, params, trainable in _rows(model, expand_nested):
        row = [name, shape, f"{params:,}"]
        if show_trainable:
            row.append("Y" if trainable else "N")
        table.add_row(*row)
    built = model.built
    weights = model.weights if built else []
    trainable_count = _count(model.trainable_weights) if built else 0
    total = _count(weights)
    itemsize = {"float16": 2, "bfloat16": 2, "float64": 8, "int64": 8}
    total_bytes = sum(_count([w]) * itemsize.get(w.dtype, 4) for w in weights)
    footer = (
        f" Total params: {total:,} ({_format_bytes(total_bytes)})\n"
        f" Trainable params: {trainable_count:,}\n"
        f" Non-trainable params: {total - trainable_count:,}"
    )
    width = line_length or 100
    if print_fn is None:
        console = Console(width=width)
        console.print(table)
        console.print(footer)
        return
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=False, color_system=None)
    console.print(table)
    console.print(footer)
    print_fn(buffer.getvalue())
