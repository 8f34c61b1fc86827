"""``model_to_dot`` / ``plot_model``: not available in unison.

Drawing a model needs pydot and the Graphviz binaries; unison does not implement the
drawing. ``model.summary()`` prints the layers, shapes and parameter counts instead.
"""

from __future__ import annotations

from typing import Any

__all__ = ["model_to_dot", "plot_model"]


def _unavailable(function: str) -> NotImplementedError:
    try:
        import pydot  # noqa: F401
    except ImportError:
        reason = "it needs pydot and Graphviz, which are not installed"
    else:
        reason = "unison does not implement model drawing yet"
    return NotImplementedError(
        f"{function} is not available: {reason}. Use model.summary() to inspect the model."
    )


def model_to_dot(model: Any, *args: Any, **kwargs: Any) -> Any:
    """Not implemented (see module docstring); raises ``NotImplementedError``."""
    raise _unavailable("model_to_dot")


def plot_model(model: Any, *args: Any, **kwargs: Any) -> Any:
    """Not implemented (see module docstring); raises ``NotImplementedError``."""
    raise _unavailable("plot_model")
