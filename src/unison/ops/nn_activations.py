"""Activation functions of ``unison.ops.nn``."""

from __future__ import annotations

from unison.ops._common import SymbolicTensor, TensorLike, current, symbolic_call

__all__ = [
    "celu",
    "elu",
    "gelu",
    "glu",
    "hard_shrink",
    "hard_sigmoid",
    "hard_silu",
    "hard_swish",
    "hard_tanh",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "soft_shrink",
    "softmax",
    "softplus",
    "softsign",
    "sparse_plus",
    "sparse_sigmoid",
    "sparsemax",
    "squareplus",
    "swish",
    "tanh_shrink",
    "threshold",
]


def _check_axis(axis: object, op_name: str) -> None:
    if type(axis) is not int and not (
        isinstance(axis, tuple) and all(type(item) is int for item in axis)
    ):
        raise TypeError(f"{op_name}: `axis` must be an int; received {axis!r}.")


def relu(x: TensorLike):
    """Rectified linear unit, ``max(x, 0)``.

    Example:
        >>> unison.ops.relu([-1.0, 2.0])   # -> [0., 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(relu, x)
    return current().backend.relu(x)


def relu6(x: TensorLike):
    """ReLU capped at 6, ``min(max(x, 0), 6)``.

    Example:
        >>> unison.ops.relu6([-1.0, 3.0, 9.0])   # -> [0., 3., 6.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(relu6, x)
    return current().backend.relu6(x)


def sigmoid(x: TensorLike):
    """Logistic sigmoid, ``1 / (1 + exp(-x))``.

    Example:
        >>> unison.ops.sigmoid([0.0])   # -> [0.5]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sigmoid, x)
    return current().backend.sigmoid(x)


def sparse_sigmoid(x: TensorLike):
    """Piecewise-linear sigmoid: 0 below -1, 1 above 1, ``(x + 1) / 2`` between.

    Example:
        >>> unison.ops.sparse_sigmoid([-2.0, 0.0, 2.0])   # -> [0., 0.5, 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sparse_sigmoid, x)
    return current().backend.sparse_sigmoid(x)


def softplus(x: TensorLike):
    """Smooth ReLU, ``log(1 + exp(x))``.

    Example:
        >>> unison.ops.softplus([0.0])   # -> [0.6931]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(softplus, x)
    return current().backend.softplus(x)


def softsign(x: TensorLike):
    """``x / (1 + |x|)``.

    Example:
        >>> unison.ops.softsign([1.0, -3.0])   # -> [0.5, -0.75]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(softsign, x)
    return current().backend.softsign(x)


def sparse_plus(x: TensorLike):
    """0 below -1, ``x`` above 1 and ``(x + 1)^2 / 4`` between.

    Example:
        >>> unison.ops.sparse_plus([-2.0, 0.0, 2.0])   # -> [0., 0.25, 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(sparse_plus, x)
    return current().backend.sparse_plus(x)


def silu(x: TensorLike):
    """Sigmoid linear unit, ``x * sigmoid(x)`` (also called swish).

    Example:
        >>> unison.ops.silu([0.0, 1.0])   # -> [0., 0.7311]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(silu, x)
    return current().backend.silu(x)


def swish(x: TensorLike):
    """Same as :func:`silu`: ``x * sigmoid(x)``.

    Example:
        >>> unison.ops.swish([1.0])   # -> [0.7311]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(swish, x)
    return current().backend.swish(x)


def squareplus(x: TensorLike, b: float = 4):
    """``(x + sqrt(x^2 + b)) / 2``, a smooth algebraic ReLU.

    Example:
        >>> unison.ops.squareplus([0.0])   # -> [1.]
    """
    if b < 0:
        raise ValueError(f"squareplus: `b` must be >= 0; received {b}.")
    if type(x) is SymbolicTensor:
        return symbolic_call(squareplus, x, b=b)
    return current().backend.squareplus(x, b=b)


def log_sigmoid(x: TensorLike):
    """``log(sigmoid(x))``, computed stably.

    Example:
        >>> unison.ops.log_sigmoid([0.0])   # -> [-0.6931]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(log_sigmoid, x)
    return current().backend.log_sigmoid(x)


def leaky_relu(x: TensorLike, negative_slope: float = 0.2):
    """``x`` for positive values, ``negative_slope * x`` otherwise.

    Example:
        >>> unison.ops.leaky_relu([-1.0, 2.0])   # -> [-0.2, 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(leaky_relu, x, negative_slope=negative_slope)
    return current().backend.leaky_relu(x, negative_slope=negative_slope)


def hard_sigmoid(x: TensorLike):
    """Piecewise-linear sigmoid, ``clip(x / 6 + 0.5, 0, 1)``.

    Example:
        >>> unison.ops.hard_sigmoid([-4.0, 0.0, 4.0])   # -> [0., 0.5, 1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(hard_sigmoid, x)
    return current().backend.hard_sigmoid(x)


def hard_silu(x: TensorLike):
    """``x * hard_sigmoid(x)``.

    Example:
        >>> unison.ops.hard_silu([-4.0, 0.0, 4.0])   # -> [0., 0., 4.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(hard_silu, x)
    return current().backend.hard_silu(x)


def hard_swish(x: TensorLike):
    """Same as :func:`hard_silu`.

    Example:
        >>> unison.ops.hard_swish([4.0])   # -> [4.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(hard_swish, x)
    return current().backend.hard_swish(x)


def elu(x: TensorLike, alpha: float = 1.0):
    """Exponential linear unit: ``x`` if positive, else ``alpha * (exp(x) - 1)``.

    Example:
        >>> unison.ops.elu([-1.0, 2.0])   # -> [-0.6321, 2.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(elu, x, alpha=alpha)
    return current().backend.elu(x, alpha=alpha)


def selu(x: TensorLike):
    """Scaled ELU with the fixed self-normalising constants.

    Example:
        >>> unison.ops.selu([1.0])   # -> [1.0507]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(selu, x)
    return current().backend.selu(x)


def gelu(x: TensorLike, approximate: bool = True):
    """Gaussian error linear unit (tanh approximation unless ``approximate=False``).

    Example:
        >>> unison.ops.gelu([1.0])   # -> [0.8412]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(gelu, x, approximate=approximate)
    return current().backend.gelu(x, approximate=approximate)


def celu(x: TensorLike, alpha: float = 1.0):
    """Continuously differentiable ELU: ``max(x, 0) + min(0, alpha * (exp(x / alpha) - 1))``.

    Example:
        >>> unison.ops.celu([-1.0, 2.0])   # -> [-0.6321, 2.]
    """
    if alpha == 0:
        raise ValueError("celu: `alpha` must be non-zero; received 0.")
    if type(x) is SymbolicTensor:
        return symbolic_call(celu, x, alpha=alpha)
    return current().backend.celu(x, alpha=alpha)


def glu(x: TensorLike, axis: int = -1):
    """Gated linear unit: split ``x`` in two halves ``a, b`` on ``axis``; return ``a * sigmoid(b)``.

    Example:
        >>> unison.ops.glu([1.0, 0.0])   # -> [0.5]
    """
    _check_axis(axis, "glu")
    if type(x) is SymbolicTensor:
        size = x.shape[axis] if -x.ndim <= axis < x.ndim else None
        if size is not None and size % 2:
            raise ValueError(f"glu: axis {axis} of {x.shape} must have an even size.")
        return symbolic_call(glu, x, axis=axis)
    return current().backend.glu(x, axis=axis)


def hard_tanh(x: TensorLike):
    """``clip(x, -1, 1)``.

    Example:
        >>> unison.ops.hard_tanh([-3.0, 0.5])   # -> [-1., 0.5]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(hard_tanh, x)
    return current().backend.hard_tanh(x)


def hard_shrink(x: TensorLike, threshold: float = 0.5):
    """``x`` where ``|x| > threshold``, else 0.

    Example:
        >>> unison.ops.hard_shrink([0.2, -1.0])   # -> [0., -1.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(hard_shrink, x, threshold=threshold)
    return current().backend.hard_shrink(x, threshold=threshold)


def soft_shrink(x: TensorLike, threshold: float = 0.5):
    """Shrink toward zero by ``threshold``; values within ``threshold`` of 0 become 0.

    Example:
        >>> unison.ops.soft_shrink([0.2, -1.0])   # -> [0., -0.5]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(soft_shrink, x, threshold=threshold)
    return current().backend.soft_shrink(x, threshold=threshold)


def tanh_shrink(x: TensorLike):
    """``x - tanh(x)``.

    Example:
        >>> unison.ops.tanh_shrink([1.0])   # -> [0.2384]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(tanh_shrink, x)
    return current().backend.tanh_shrink(x)


def threshold(x: TensorLike, threshold: float, default_value: float):
    """``x`` where ``x > threshold``, else ``default_value``.

    Example:
        >>> unison.ops.threshold([0.2, 3.0], 1.0, -1.0)   # -> [-1., 3.]
    """
    if type(x) is SymbolicTensor:
        return symbolic_call(_threshold, x, threshold, default_value)
    return current().backend.threshold(x, threshold, default_value)


_threshold = threshold  # the parameter of the same name hides the function inside it


def softmax(x: TensorLike, axis: int = -1):
    """Exponentials of ``x`` normalised to sum to 1 along ``axis``.

    Example:
        >>> unison.ops.softmax([0.0, 0.0])   # -> [0.5, 0.5]
    """
    if type(axis) is not int:
        _check_axis(axis, "softmax")
    if type(x) is SymbolicTensor:
        return symbolic_call(softmax, x, axis=axis)
    return current().backend.softmax(x, axis=axis)


def log_softmax(x: TensorLike, axis: int = -1):
    """Logarithm of :func:`softmax`, computed stably.

    Example:
        >>> unison.ops.log_softmax([0.0, 0.0])   # -> [-0.6931, -0.6931]
    """
    if type(axis) is not int:
        _check_axis(axis, "log_softmax")
    if type(x) is SymbolicTensor:
        return symbolic_call(log_softmax, x, axis=axis)
    return current().backend.log_softmax(x, axis=axis)


def sparsemax(x: TensorLike, axis: int = -1):
    """Euclidean projection of ``x`` onto the probability simplex along ``axis``.

    Example:
        >>> unison.ops.sparsemax([1.0, 0.0])   # -> [1., 0.]
    """
    _check_axis(axis, "sparsemax")
    if type(x) is SymbolicTensor:
        return symbolic_call(sparsemax, x, axis=axis)
    return current().backend.sparsemax(x, axis=axis)
