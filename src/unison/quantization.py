"""``unison.Quantizer``: the Keras base class of weight / activation quantizers.

Quantization is not available in unison: the class exists so that code naming it imports,
and using a quantizer raises ``NotImplementedError``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Quantizer"]

_MESSAGE = (
    "Quantization is not supported by unison (no int8 / float8 / int4 kernels); "
    "run the model in float32, float16 or bfloat16 instead."
)


class Quantizer:
    """Base class of quantizers (``output_dtype`` is kept for configs); calling one raises
    ``NotImplementedError``."""

    def __init__(self, output_dtype: str = "int8"):
        self.output_dtype = output_dtype

    def __call__(self, x: Any) -> Any:
        raise NotImplementedError(f"{type(self).__name__}: {_MESSAGE}")

    def get_config(self) -> dict:
        return {"output_dtype": self.output_dtype}

    @classmethod
    def from_config(cls, config: dict) -> Quantizer:
        return cls(**config)
