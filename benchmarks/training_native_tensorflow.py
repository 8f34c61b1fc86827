"""Hand-written TensorFlow implementation (no Keras): ``tf.Variable`` parameters, ``tf.nn`` ops,
a ``tf.function`` step with ``GradientTape`` and the fused ``ResourceApplyAdam`` kernel."""

from __future__ import annotations

import numpy as np
import tensorflow as tf
from training_workloads import KEY_DIM, Workload

BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7


class Model(tf.Module):
    def __init__(self, workload: Workload, weights: dict):
        super().__init__()
        self.kind = workload.name
        self.names = list(weights)
        self.params = {
            name: tf.Variable(value, name=name.replace("/", "_")) for name, value in weights.items()
        }

    def _dense(self, name, x):
        return tf.matmul(x, self.params[f"{name}/kernel"]) + self.params[f"{name}/bias"]

    def _conv(self, name, x):
        y = tf.nn.conv2d(x, self.params[f"{name}/kernel"], 1, "VALID")
        return tf.nn.bias_add(y, self.params[f"{name}/bias"])

    def __call__(self, x):
        p = self.params
        if self.kind == "mlp":
            x = tf.nn.relu(self._dense("dense0", x))
            x = tf.nn.relu(self._dense("dense1", x))
            return self._dense("dense2", x)
        if self.kind == "cnn":
            x = tf.nn.relu(self._conv("conv0", x))
            x = tf.nn.relu(self._conv("conv1", x))
            x = tf.nn.max_pool2d(x, 2, 2, "VALID")
            x = tf.reshape(x, (tf.shape(x)[0], -1))
            x = tf.nn.relu(self._dense("dense0", x))
            return self._dense("dense1", x)
        x = tf.gather(p["embedding"], x)
        q = tf.einsum("btd,dhk->bthk", x, p["query/kernel"]) + p["query/bias"]
        k = tf.einsum("btd,dhk->bthk", x, p["key/kernel"]) + p["key/bias"]
        v = tf.einsum("btd,dhk->bthk", x, p["value/kernel"]) + p["value/bias"]
        scores = tf.einsum("bqhk,bshk->bhqs", q * (1.0 / np.sqrt(KEY_DIM)), k)
        context = tf.einsum("bhqs,bshk->bqhk", tf.nn.softmax(scores, axis=-1), v)
        x = x + tf.einsum("bqhk,hkd->bqd", context, p["output/kernel"]) + p["output/bias"]
        mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
        x = tf.nn.batch_normalization(x, mean, variance, p["norm/beta"], p["norm/gamma"], 1e-3)
        hidden = tf.nn.relu(self._dense("ff0", x))
        x = x + self._dense("ff1", hidden)
        return self._dense("head", tf.reduce_mean(x, axis=1))


class Implementation:
    def __init__(self, workload: Workload, weights: dict):
        self.model = Model(workload, weights)
        variables = [self.model.params[name] for name in self.model.names]
        self.param_count = int(sum(np.prod(v.shape) for v in variables))
        slots = [(tf.Variable(tf.zeros_like(v)), tf.Variable(tf.zeros_like(v))) for v in variables]
        step = tf.Variable(0.0)
        learning_rate = workload.learning_rate
        model = self.model

        @tf.function
        def train_step(x, y):
            with tf.GradientTape() as tape:
                logits = model(x)
                loss = tf.reduce_mean(
                    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)
                )
            grads = tape.gradient(loss, variables)
            step.assign_add(1.0)
            beta_1_power = tf.pow(BETA_1, step)
            beta_2_power = tf.pow(BETA_2, step)
            for variable, (m, v), grad in zip(variables, slots, grads):
                tf.raw_ops.ResourceApplyAdam(
                    var=variable.handle,
                    m=m.handle,
                    v=v.handle,
                    beta1_power=beta_1_power,
                    beta2_power=beta_2_power,
                    lr=learning_rate,
                    beta1=BETA_1,
                    beta2=BETA_2,
                    epsilon=EPSILON,
                    grad=tf.convert_to_tensor(grad),  # the embedding's IndexedSlices -> dense
                )
            return loss

        self._train = train_step
        self._predict = tf.function(model.__call__)

    def to_native(self, array):
        return tf.constant(array)

    def train_step(self, x, y):
        return self._train(x, y)

    def predict(self, x):
        return self._predict(x).numpy()

    def to_float(self, value) -> float:
        return float(value)
