"""unison: the Keras 3 API on JAX, PyTorch, TensorFlow and NumPy, switchable at run time.

``import unison`` imports no framework; a backend's framework is imported the first time that
backend is used.

Example:
    >>> import unison
    >>> unison.config.set_backend("torch")
    >>> unison.ops.matmul(unison.ops.ones((2, 3)), unison.ops.ones((3, 4))).shape
    torch.Size([2, 4])
    >>> with unison.backend.use("jax"):
    ...     unison.ops.relu([-1.0, 2.0])
    Array([0., 2.], dtype=float32)
"""

from unison import (
    activations,
    backend,
    callbacks,
    config,
    constraints,
    dtype_policies,
    dtypes,
    initializers,
    layers,
    losses,
    metrics,
    models,
    ops,
    optimizers,
    parity,
    random,
    regularizers,
    saving,
    tree,
    utils,
)
from unison.backend import available_backends, use
from unison.dtype_policies import DTypePolicy, FloatDTypePolicy
from unison.initializers import Initializer
from unison.layers import Input, InputSpec, Layer
from unison.losses import Loss
from unison.metrics import Metric
from unison.models import Model, Sequential
from unison.operation import Function, Operation
from unison.optimizers import Optimizer
from unison.quantization import Quantizer
from unison.regularizers import Regularizer
from unison.rematerialization import RematScope, remat
from unison.scopes import StatelessScope, SymbolicScope, device, name_scope
from unison.state.variable import Variable
from unison.symbolic.tensor import SymbolicTensor

KerasTensor = SymbolicTensor  # the Keras 3 name for a symbolic tensor

__version__ = "0.1.0"
version = __version__

__all__ = [
    "DTypePolicy",
    "FloatDTypePolicy",
    "Function",
    "Initializer",
    "Loss",
    "Metric",
    "Operation",
    "Optimizer",
    "Quantizer",
    "Regularizer",
    "RematScope",
    "StatelessScope",
    "SymbolicScope",
    "device",
    "name_scope",
    "remat",
    "Input",
    "InputSpec",
    "Layer",
    "Model",
    "Sequential",
    "KerasTensor",
    "SymbolicTensor",
    "Variable",
    "activations",
    "callbacks",
    "dtype_policies",
    "losses",
    "metrics",
    "models",
    "optimizers",
    "saving",
    "utils",
    "constraints",
    "initializers",
    "layers",
    "regularizers",
    "available_backends",
    "backend",
    "config",
    "dtypes",
    "ops",
    "parity",
    "random",
    "tree",
    "use",
    "version",
]
