"""The PyTorch backend: eager autograd, optional ``torch.compile``, ``torch.distributed``.

Tensors are ``torch.Tensor`` on the default device (CUDA when available, else CPU); Variable
storage is a ``torch.nn.Parameter`` updated in place.
"""

from __future__ import annotations

from unison.backend import Capabilities

CAPABILITIES = Capabilities(
    can_train=True,
    can_jit=True,
    can_distribute=True,
    jit_by_default=False,
    has_abstract_eval=True,
)


def framework_version() -> str:
    """The installed torch version string."""
    import torch

    return torch.__version__
