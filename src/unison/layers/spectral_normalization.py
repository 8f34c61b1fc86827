"""``SpectralNormalization``: constrain a layer's kernel to spectral norm 1 by power iteration.

Example:
    >>> dense = unison.layers.SpectralNormalization(unison.layers.Dense(4))
    >>> dense(np.ones((2, 3), "float32"), training=True).shape
    (2, 4)
"""

from __future__ import annotations

from typing import Any

from unison import initializers, ops
from unison.layers.core import Wrapper
from unison.layers.input_spec import InputSpec
from unison.layers.layer import Layer

__all__ = ["SpectralNormalization"]


def _unit(vector: Any) -> Any:
    """``vector`` divided by its Euclidean norm (norm floored at the configured epsilon)."""
    return ops.normalize(vector, axis=None, order=2)


class SpectralNormalization(Wrapper):
    """Wrap a layer with a ``kernel`` (or ``embeddings``) and divide it by its spectral norm.

    In training, ``power_iterations`` steps of power iteration refine the singular-vector
    estimate ``vector_u`` (a non-trainable weight) and the wrapped layer's kernel is replaced
    by ``kernel / sigma`` before the wrapped layer runs. In inference the kernel is used as is.

    Args:
        layer: the layer to wrap; it must expose ``kernel`` or ``embeddings`` once built.
        power_iterations: power-iteration steps per training call (> 0).

    Example:
        >>> conv = unison.layers.SpectralNormalization(unison.layers.Conv2D(8, 3))
    """

    def __init__(self, layer: Layer, power_iterations: int = 1, **kwargs: Any):
        super().__init__(layer, **kwargs)
        if power_iterations <= 0:
            raise ValueError(
                f"`power_iterations` should be greater than zero; received "
                f"power_iterations={power_iterations}."
            )
        self.power_iterations = power_iterations

    def build(self, input_shape: tuple) -> None:
        input_shape = tuple(input_shape)
        super().build(input_shape)
        self.input_spec = InputSpec(min_ndim=1, axes={-1: input_shape[-1]})
        kernel = getattr(self.layer, "kernel", None)
        if kernel is None:
            kernel = getattr(self.layer, "embeddings", None)
        if kernel is None:
            raise ValueError(
                f"SpectralNormalization: {type(self.layer).__name__} object has no attribute "
                f"'kernel' nor 'embeddings'."
            )
        self.kernel = kernel
        self.kernel_shape = tuple(kernel.shape)
        self.vector_u = self.add_weight(
            shape=(1, self.kernel_shape[-1]),
            initializer=initializers.TruncatedNormal(stddev=0.02),
            trainable=False,
            name="vector_u",
            dtype=kernel.dtype,
        )
        self.built = True

    def call(self, inputs: Any, training: Any = False) -> Any:
        if training:
            kernel = self.kernel.value
            new_u, new_kernel = self.normalized_weights()
            all_zero = ops.all(ops.equal(kernel, 0))
            # An all-zero kernel has sigma 0: keep it (and u) unchanged instead of dividing.
            self.vector_u.assign(ops.where(all_zero, self.vector_u.value, new_u))
            self.kernel.assign(ops.where(all_zero, kernel, new_kernel))
        outputs = self.layer(inputs)
        return ops.cast(outputs, ops.dtype(inputs))

    def normalized_weights(self) -> tuple:
        """One refinement: the new ``vector_u`` and ``kernel / sigma``."""
        kernel = self.kernel.value
        weights = ops.reshape(kernel, (-1, self.kernel_shape[-1]))
        vector_u = self.vector_u.value
        vector_v = None
        for _ in range(self.power_iterations):
            vector_v = _unit(ops.matmul(vector_u, ops.transpose(weights)))
            vector_u = _unit(ops.matmul(vector_v, weights))
        vector_u = ops.stop_gradient(vector_u)
        vector_v = ops.stop_gradient(vector_v)
        sigma = ops.matmul(ops.matmul(vector_v, weights), ops.transpose(vector_u))
        normalized = ops.reshape(ops.divide(kernel, sigma), self.kernel_shape)
        return (
            ops.cast(vector_u, self.vector_u.dtype),
            ops.cast(normalized, self.kernel.dtype),
        )

    def compute_output_shape(self, input_shape: tuple) -> Any:
        return self.layer.compute_output_shape(input_shape)

    def compute_output_spec(self, inputs: Any, training: Any = False) -> Any:
        # Delegated so that symbolic tracing never runs the in-place kernel update.
        return self.layer.compute_output_spec(inputs)

    def get_config(self) -> dict:
        result = super().get_config()
        result["power_iterations"] = self.power_iterations
        return result
