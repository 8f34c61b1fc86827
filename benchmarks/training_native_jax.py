"""Hand-written JAX implementation: pure functions, hand-written Adam, one ``jax.jit`` step."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
from training_workloads import KEY_DIM, Workload

BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7


def _dense(params, name, x):
    return x @ params[f"{name}/kernel"] + params[f"{name}/bias"]


def _conv(params, name, x):
    y = jax.lax.conv_general_dilated(
        x, params[f"{name}/kernel"], (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC")
    )
    return y + params[f"{name}/bias"]


def _forward(workload_name: str):
    if workload_name == "mlp":

        def forward(params, x):
            x = jax.nn.relu(_dense(params, "dense0", x))
            x = jax.nn.relu(_dense(params, "dense1", x))
            return _dense(params, "dense2", x)

    elif workload_name == "cnn":

        def forward(params, x):
            x = jax.nn.relu(_conv(params, "conv0", x))
            x = jax.nn.relu(_conv(params, "conv1", x))
            x = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
            x = x.reshape(x.shape[0], -1)
            x = jax.nn.relu(_dense(params, "dense0", x))
            return _dense(params, "dense1", x)

    else:

        def forward(params, tokens):
            x = params["embedding"][tokens]
            q = jnp.einsum("btd,dhk->bthk", x, params["query/kernel"]) + params["query/bias"]
            k = jnp.einsum("btd,dhk->bthk", x, params["key/kernel"]) + params["key/bias"]
            v = jnp.einsum("btd,dhk->bthk", x, params["value/kernel"]) + params["value/bias"]
            scores = jnp.einsum("bqhk,bshk->bhqs", q * (1.0 / np.sqrt(KEY_DIM)), k)
            context = jnp.einsum("bhqs,bshk->bqhk", jax.nn.softmax(scores, axis=-1), v)
            attended = jnp.einsum("bqhk,hkd->bqd", context, params["output/kernel"])
            x = x + attended + params["output/bias"]
            mean = jnp.mean(x, axis=-1, keepdims=True)
            variance = jnp.mean(jnp.square(x - mean), axis=-1, keepdims=True)
            x = (x - mean) * jax.lax.rsqrt(variance + 1e-3) * params["norm/gamma"]
            x = x + params["norm/beta"]
            hidden = jax.nn.relu(_dense(params, "ff0", x))
            x = x + _dense(params, "ff1", hidden)
            return _dense(params, "head", jnp.mean(x, axis=1))

    return forward


def _loss(logits, labels):
    picked = jnp.take_along_axis(logits, labels[:, None], axis=1)[:, 0]
    return jnp.mean(jax.nn.logsumexp(logits, axis=1) - picked)


class Implementation:
    def __init__(self, workload: Workload, weights: dict):
        self.params = {name: jnp.asarray(value) for name, value in weights.items()}
        self.param_count = int(sum(np.prod(v.shape) for v in self.params.values()))
        # separate buffers for m and v: the step donates its whole state
        m = {name: jnp.zeros_like(value) for name, value in self.params.items()}
        v = {name: jnp.zeros_like(value) for name, value in self.params.items()}
        self.state = (self.params, m, v, jnp.zeros((), "float32"))
        forward = _forward(workload.name)
        learning_rate = workload.learning_rate

        def train_step(state, x, y):
            params, m, v, step = state

            def loss_fn(p):
                return _loss(forward(p, x), y)

            loss, grads = jax.value_and_grad(loss_fn)(params)
            step = step + 1.0
            scale = learning_rate * jnp.sqrt(1.0 - BETA_2**step) / (1.0 - BETA_1**step)
            m = jax.tree.map(lambda m_, g: m_ + (g - m_) * (1.0 - BETA_1), m, grads)
            v = jax.tree.map(lambda v_, g: v_ + (g * g - v_) * (1.0 - BETA_2), v, grads)
            params = jax.tree.map(
                lambda p, m_, v_: p - scale * m_ / (jnp.sqrt(v_) + EPSILON), params, m, v
            )
            return (params, m, v, step), loss

        self._train = jax.jit(train_step, donate_argnums=(0,))
        self._predict = jax.jit(forward)

    def to_native(self, array):
        return jnp.asarray(array)

    def train_step(self, x, y):
        self.state, loss = self._train(self.state, x, y)
        return loss

    def predict(self, x):
        return np.asarray(self._predict(self.state[0], x))

    def to_float(self, value) -> float:
        return float(value)
