"""What ``compile`` turns ``loss``, ``loss_weights`` and ``metrics`` into.

``CompiledLoss`` matches losses to model outputs (one loss for all outputs, a list in output
order, or a dict by output name) and sums them with their weights. ``CompiledMetrics`` does
the same for metrics and keeps the metric objects whose results appear in the logs.
"""

from __future__ import annotations

from typing import Any

from unison import ops, tree


def _output_names(model: Any) -> list[str]:
    outputs = getattr(model, "_outputs_struct", None)
    if isinstance(outputs, dict):
        return sorted(outputs)  # the order tree.flatten gives the outputs
    names = []
    for tensor in tree.flatten(outputs) if outputs is not None else []:
        producer = tensor.producer
        operation = getattr(producer, "operation", None)
        names.append(getattr(operation, "name", tensor.name))
    return names


def _label(names: list[str], index: int) -> str:
    """The name of flattened output ``index`` in logs (``output_<i>`` when it has none)."""
    return names[index] if index < len(names) else f"output_{index}"


def _match(spec: Any, y_pred: Any, names: list[str], what: str) -> list:
    """One entry (or None) per flattened output, from a single / list / dict spec."""
    flat_pred = tree.flatten(y_pred)
    if isinstance(spec, dict):
        if isinstance(y_pred, dict):
            keys = sorted(y_pred)
            unknown = set(spec) - set(keys)
            if unknown:
                raise ValueError(
                    f"{what} has keys {sorted(unknown)} that are not model outputs {keys}."
                )
            return [spec.get(key) for key in keys]
        unknown = set(spec) - set(names)
        if unknown:
            raise ValueError(
                f"{what} has keys {sorted(unknown)} that are not model outputs {names}."
            )
        return [spec.get(name) for name in names]
    if isinstance(spec, (list, tuple)) and len(flat_pred) > 1:
        if len(spec) != len(flat_pred):
            raise ValueError(
                f"{what} is a list of {len(spec)} entries but the model has "
                f"{len(flat_pred)} outputs."
            )
        return list(spec)
    return [spec] * len(flat_pred)


class CompiledLoss:
    """Sum over outputs of ``weight * loss(y_true, y_pred, sample_weight)``."""

    def __init__(self, loss: Any, loss_weights: Any = None):
        self._spec = loss
        self._weights_spec = loss_weights
        self._built = False
        self._names: list[str] = []
        # multi-output models: one Mean per output with a loss, logged as "<output>_loss"
        self.trackers: list = []
        self._tracked: list[int] = []  # output index of each tracker
        self._output_values: list = []

    def build(self, model: Any, y_pred: Any) -> None:
        from unison import losses

        names = self._names = _output_names(model)
        entries = _match(self._spec, y_pred, names, "loss")
        self.losses = [losses.get(entry) if entry is not None else None for entry in entries]
        if self._weights_spec is None:
            self.weights = [1.0] * len(entries)
        else:
            weights = _match(self._weights_spec, y_pred, names, "loss_weights")
            self.weights = [1.0 if w is None else float(w) for w in weights]
        self._make_trackers()
        self._built = True

    def _make_trackers(self) -> None:
        from unison.metrics import Mean

        multiple = len(self.losses) > 1
        self._tracked = [i for i, loss in enumerate(self.losses) if loss is not None and multiple]
        self.trackers = [Mean(name=f"{_label(self._names, i)}_loss") for i in self._tracked]

    def adopt(self, other: CompiledLoss) -> None:
        """Take the built structure of ``other`` (losses, weights, output names) with fresh
        trackers created on the active backend: used when a model moves to a backend."""
        self._names = list(other._names)
        self.losses = list(other.losses)
        self.weights = list(other.weights)
        self._make_trackers()
        self._built = True

    def take_output_values(self) -> list:
        """The unweighted loss of each tracked output from the last call (then forgotten)."""
        values, self._output_values = self._output_values, []
        return values

    def update_trackers(self, values: list, batch_size: Any) -> None:
        for tracker, value in zip(self.trackers, values):
            if value is not None:
                tracker.update_state(value, sample_weight=batch_size)

    def __call__(self, model: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> Any:
        if not self._built:
            self.build(model, y_pred)
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_like(y, y_pred, len(flat_pred), self._names)
        flat_weights = _flatten_like(sample_weight, y_pred, len(flat_pred), self._names)
        total = None
        unweighted: list = [None] * len(self.losses)
        for index, (loss, weight, true, pred, sw) in enumerate(
            zip(self.losses, self.weights, flat_true, flat_pred, flat_weights)
        ):
            if loss is None or true is None:
                continue
            try:
                value = loss(true, pred, sample_weight=sw)
            except Exception as error:  # name the loss and the shapes, not a framework node
                name = getattr(loss, "name", getattr(loss, "__name__", repr(loss)))
                raise ValueError(
                    f"Loss {name!r} cannot compare targets of shape {tuple(ops.shape(true))} "
                    f"(dtype {ops.dtype(true)}) with model outputs of shape "
                    f"{tuple(ops.shape(pred))} (dtype {ops.dtype(pred)}): {error}"
                ) from error
            unweighted[index] = value
            if weight != 1.0:
                value = ops.multiply(value, weight)
            total = value if total is None else ops.add(total, value)
        self._output_values = [unweighted[i] for i in self._tracked]
        return total


def _flatten_like(values: Any, y_pred: Any, count: int, names: list[str]) -> list:
    """``values`` (targets or sample weights) as one entry per flattened output; a dict is
    matched by key, also against the output names of a model with list outputs."""
    if values is None:
        return [None] * count
    if isinstance(values, dict) and isinstance(y_pred, dict):
        return [values.get(key) for key in sorted(y_pred)]
    if isinstance(values, dict) and len(names) == count and set(values) <= set(names):
        return [values.get(name) for name in names]
    if count == 1:
        if isinstance(values, (list, tuple)) and len(values) == 1:
            return list(values)
        return [values]
    if isinstance(values, (list, tuple)) and len(values) == count:
        return list(values)
    return [values] * count


class CompiledMetrics:
    """The compiled metrics, matched to outputs; ``update`` feeds each one its output."""

    def __init__(self, metrics: Any, weighted_metrics: Any = None):
        self._spec = metrics
        self._weighted_spec = weighted_metrics
        self.built = False
        self.metrics: list = []
        self._assignments: list[tuple[int, Any, bool]] = []
        self._names: list[str] = []

    def build(self, model: Any, y_true: Any, y_pred: Any) -> None:
        from unison import metrics as metrics_module

        names = self._names = _output_names(model)
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_like(y_true, y_pred, len(flat_pred), names)
        multiple = len(flat_pred) > 1
        unweighted_names: set[tuple[int, str]] = set()  # (output index, metric name)
        for spec, weighted in ((self._spec, False), (self._weighted_spec, True)):
            if spec is None:
                continue
            per_output = (
                _match(spec, y_pred, names, "metrics")
                if multiple or isinstance(spec, dict)
                else [spec]
            )
            for index, entries in enumerate(per_output):
                if entries is None:
                    continue
                if not isinstance(entries, (list, tuple)):
                    entries = [entries]
                for entry in entries:
                    true, pred = flat_true[index], flat_pred[index]
                    metric = metrics_module.get(entry, y_true=true, y_pred=pred)
                    # Metrics whose state depends on shapes create it now, outside any
                    # compiled step (a traced step cannot create variables).
                    if true is not None and not getattr(metric, "_built", True):
                        builder = getattr(metric, "build_from_shapes", None)
                        if builder is not None:
                            builder(tuple(ops.shape(true)), tuple(ops.shape(pred)))
                    # A weighted metric is renamed only when an unweighted one of the same
                    # output has its name (as Keras does): "weighted_mae", "b_weighted_mae".
                    if not weighted:
                        unweighted_names.add((index, metric.name))
                    elif (index, metric.name) in unweighted_names:
                        metric.name = f"weighted_{metric.name}"
                    if multiple:
                        metric.name = f"{_label(names, index)}_{metric.name}"
                    self.metrics.append(metric)
                    self._assignments.append((index, metric, weighted))
        self.built = True

    def update(self, model: Any, y: Any, y_pred: Any, sample_weight: Any = None) -> None:
        if not self.built:
            self.build(model, y, y_pred)
        flat_pred = tree.flatten(y_pred)
        flat_true = _flatten_like(y, y_pred, len(flat_pred), self._names)
        flat_weights = _flatten_like(sample_weight, y_pred, len(flat_pred), self._names)
        for index, metric, weighted in self._assignments:
            if flat_true[index] is None:
                continue
            weight = flat_weights[index] if weighted else None
            metric.update_state(flat_true[index], flat_pred[index], sample_weight=weight)
