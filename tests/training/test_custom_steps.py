"""Custom training logic, as Keras 3 lets you override it, checked against NumPy.

What unison supports (see ``unison/training/trainer.py``):

* ``train_step(self, data)`` runs inside the backend's compiled step (``jax.jit`` of a pure
  function over the variable values, ``tf.function``, or eager PyTorch), so it may read and
  assign Variables freely. The backend-neutral way to differentiate, which the built-in
  ``train_step`` uses too, is the active backend's ``value_and_grad`` over the trainable
  values, with the model called inside a ``unison.StatelessScope`` mapping each trainable
  Variable to its traced value; then ``self.optimizer.apply(grads, trainable_variables)``.
  (Keras's backend-specific recipes, such as JAX ``stateless_call`` with
  ``compute_loss_and_updates``, torch ``loss.backward()`` or ``tf.GradientTape``, are not
  what this suite exercises.)
* ``compute_loss``, ``compute_metrics``, ``test_step`` and ``predict_step`` can be
  overridden; layers' ``add_loss`` terms and weight regularizers are part of the loss.
* A step returning logs whose keys are not the model's metrics gets those logs reported
  as they are (Keras 3's rule for custom steps); otherwise the metrics' results are reported.
"""

import numpy as np
import pytest

import unison
from unison import layers, ops, regularizers

RTOL, ATOL = 1e-5, 1e-6
RNG = np.random.default_rng(5)
X = RNG.normal(size=(8, 3)).astype("float32")
Y = RNG.normal(size=(8, 1)).astype("float32")
KERNEL = RNG.normal(size=(3, 1)).astype("float32")
BIAS = np.array([0.2], "float32")
LR = 0.1


def predictions(kernel=KERNEL, bias=BIAS, x=X):
    return x.astype("float64") @ kernel + bias


def mse(pred, y=Y):
    return float(np.mean((pred - y) ** 2))


def mse_gradients(kernel=KERNEL, bias=BIAS, x=X, y=Y, extra_pred_grad=0.0):
    """d mse / d (kernel, bias); ``extra_pred_grad`` is added to d loss / d pred."""
    grad = 2.0 * (predictions(kernel, bias, x) - y) / y.size + extra_pred_grad
    return x.astype("float64").T @ grad, grad.sum(axis=0)


def sgd(kernel_grad, bias_grad, lr=LR):
    return KERNEL - lr * kernel_grad, BIAS - lr * bias_grad


def assert_dense(layer, kernel, bias):
    np.testing.assert_allclose(layer.kernel.numpy(), kernel, rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(layer.bias.numpy(), bias, rtol=RTOL, atol=ATOL)


class Linear(unison.Model):
    """A subclassed model around one Dense layer with the known weights."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(1)

    def build_with_weights(self):
        self(X[:1])
        self.dense.set_weights([KERNEL, BIAS])
        return self

    def call(self, inputs):
        return self.dense(inputs)


# -- train_step ------------------------------------------------------------------------------
class HalfStepModel(Linear):
    """A custom train_step: plain SGD with the gradients halved, its own metric trackers."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.loss_tracker = unison.metrics.Mean(name="loss")
        self.mae_tracker = unison.metrics.MeanAbsoluteError(name="mae")

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_tracker]

    def train_step(self, data):
        x, y = data
        backend = unison.backend.active_backend()
        trainable = self.trainable_variables

        def loss_and_predictions(values):
            with unison.StatelessScope(list(zip(trainable, values))):
                y_pred = self(x, training=True)
                loss = self.compute_loss(x=x, y=y, y_pred=y_pred)
            return loss, y_pred

        (loss, y_pred), grads = backend.value_and_grad(loss_and_predictions, has_aux=True)(
            [variable.value for variable in trainable]
        )
        self.optimizer.apply([ops.multiply(grad, 0.5) for grad in grads], trainable)
        self.loss_tracker.update_state(loss)
        self.mae_tracker.update_state(y, ops.stop_gradient(y_pred))
        return {metric.name: metric.result() for metric in self.metrics}


def test_custom_train_step_drives_fit(training_backend):
    model = HalfStepModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    history = model.fit(X, Y, batch_size=4, epochs=1, shuffle=False, verbose=0)

    kernel, bias = KERNEL.astype("float64"), BIAS.astype("float64")
    losses, maes = [], []
    for start in (0, 4):
        xb, yb = X[start : start + 4], Y[start : start + 4]
        pred = predictions(kernel, bias, xb)
        losses.append(mse(pred, yb))
        maes.extend(np.abs(pred - yb)[:, 0])
        kernel_grad, bias_grad = mse_gradients(kernel, bias, xb, yb)
        kernel, bias = kernel - LR * 0.5 * kernel_grad, bias - LR * 0.5 * bias_grad
    assert_dense(model.dense, kernel, bias)
    assert set(history.history) == {"loss", "mae"}
    np.testing.assert_allclose(history.history["loss"], [np.mean(losses)], rtol=RTOL)
    np.testing.assert_allclose(history.history["mae"], [np.mean(maes)], rtol=RTOL)
    # The trackers start from zero at each epoch.
    history = model.fit(X[:4], Y[:4], batch_size=4, epochs=1, verbose=0)
    np.testing.assert_allclose(
        history.history["loss"], [mse(predictions(kernel, bias, X[:4]), Y[:4])], rtol=RTOL
    )


class RawLogsModel(Linear):
    """A train_step that reports a value no metric tracks."""

    def train_step(self, data):
        x, _ = data
        return {"prediction_sum": ops.stop_gradient(ops.sum(self(x)))}


def test_logs_of_a_custom_train_step_without_metrics_are_reported(training_backend):
    model = RawLogsModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    history = model.fit(X, Y, batch_size=4, epochs=2, shuffle=False, verbose=0)
    # Keras reports the last step's logs: the second batch's sum (nothing trains).
    expected = float(predictions(x=X[4:]).sum())
    np.testing.assert_allclose(history.history["prediction_sum"], [expected] * 2, rtol=RTOL)


# -- compute_loss / compute_metrics -----------------------------------------------------------
class KernelPenaltyModel(Linear):
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        loss = super().compute_loss(x, y, y_pred, sample_weight, training=training)
        return loss + 0.3 * ops.sum(ops.square(self.dense.kernel))


def test_compute_loss_override_adds_a_term(training_backend):
    model = KernelPenaltyModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    penalty = 0.3 * float(np.sum(KERNEL.astype("float64") ** 2))
    logged = model.train_on_batch(X, Y)
    np.testing.assert_allclose(logged, mse(predictions()) + penalty, rtol=RTOL)
    kernel_grad, bias_grad = mse_gradients()
    kernel, bias = sgd(kernel_grad + 0.6 * KERNEL, bias_grad)
    assert_dense(model.dense, kernel, bias)
    # evaluate uses the override too.
    np.testing.assert_allclose(
        model.evaluate(X, Y, verbose=0),
        mse(predictions(kernel, bias)) + 0.3 * float(np.sum(kernel**2)),
        rtol=RTOL,
    )


class PredictionMeanModel(Linear):
    """compute_metrics also tracks the mean prediction."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.prediction_mean = unison.metrics.Mean(name="prediction_mean")

    @property
    def metrics(self):
        return [*super().metrics, self.prediction_mean]

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        self.prediction_mean.update_state(y_pred)
        return super().compute_metrics(x, y, y_pred, sample_weight)


def test_compute_metrics_override(training_backend):
    model = PredictionMeanModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(0.0), loss="mse", metrics=["mae"])
    result = model.evaluate(X, Y, batch_size=3, verbose=0, return_dict=True)
    assert set(result) == {"loss", "mae", "prediction_mean"}
    np.testing.assert_allclose(result["prediction_mean"], predictions().mean(), rtol=RTOL)
    np.testing.assert_allclose(result["loss"], mse(predictions()), rtol=RTOL)
    history = model.fit(X, Y, batch_size=3, epochs=2, verbose=0)
    np.testing.assert_allclose(
        history.history["prediction_mean"], [predictions().mean()] * 2, rtol=RTOL
    )


# -- test_step / predict_step ------------------------------------------------------------------
class AbsErrorTestModel(Linear):
    """test_step reports the summed absolute error of the batch (no metric objects)."""

    def test_step(self, data):
        x, y = data
        return {"abs_error_sum": ops.sum(ops.abs(ops.subtract(self(x, training=False), y)))}


def test_test_step_override(training_backend):
    model = AbsErrorTestModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    result = model.evaluate(X, Y, batch_size=4, verbose=0, return_dict=True)
    # Keras returns the last step's logs when they are not the metrics' results.
    last_batch = float(np.abs(predictions(x=X[4:]) - Y[4:]).sum())
    assert set(result) == {"abs_error_sum"}
    np.testing.assert_allclose(result["abs_error_sum"], last_batch, rtol=RTOL)


def test_evaluate_and_predict_record_no_gradients(training_backend):
    if training_backend.name != "torch":
        pytest.skip("only PyTorch records gradients outside an explicit scope")
    seen = []

    class Collect(unison.callbacks.Callback):
        def on_test_batch_end(self, batch, logs=None):
            seen.extend(logs.values())

        def on_predict_batch_end(self, batch, logs=None):
            seen.append(logs["outputs"])

    model = Linear().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    model.evaluate(X, Y, verbose=0, callbacks=[Collect()])
    model.predict(X, verbose=0, callbacks=[Collect()])
    assert len(seen) == 2 and not any(value.requires_grad for value in seen)


class DoublingPredictModel(Linear):
    def predict_step(self, data):
        x = data[0] if isinstance(data, tuple) else data
        return ops.multiply(self(x, training=False), 2.0)


def test_predict_step_override(training_backend):
    model = DoublingPredictModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    np.testing.assert_allclose(
        model.predict(X, batch_size=3, verbose=0), 2.0 * predictions(), rtol=RTOL, atol=ATOL
    )


# -- add_loss and regularizers ------------------------------------------------------------------
class OutputPenalty(layers.Layer):
    """Identity that adds ``rate * mean(outputs ** 2)`` to the loss."""

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * ops.mean(ops.square(inputs)))
        return inputs


def test_layer_add_loss_is_part_of_the_loss(training_backend):
    model = unison.Sequential([unison.Input((3,)), layers.Dense(1), OutputPenalty(0.5)])
    model.layers[0].set_weights([KERNEL, BIAS])
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    pred = predictions()
    np.testing.assert_allclose(
        model.evaluate(X, Y, verbose=0), mse(pred) + 0.5 * np.mean(pred**2), rtol=RTOL
    )
    logged = model.train_on_batch(X, Y)
    np.testing.assert_allclose(logged, mse(pred) + 0.5 * np.mean(pred**2), rtol=RTOL)
    kernel, bias = sgd(*mse_gradients(extra_pred_grad=0.5 * 2.0 * pred / pred.size))
    assert_dense(model.layers[0], kernel, bias)


class SelfPenalizingModel(Linear):
    """A subclassed model calling ``self.add_loss`` in ``call``."""

    def call(self, inputs):
        outputs = self.dense(inputs)
        self.add_loss(0.25 * ops.sum(ops.abs(self.dense.bias)))
        return outputs


def test_model_add_loss_is_part_of_the_loss(training_backend):
    model = SelfPenalizingModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    logged = model.train_on_batch(X, Y)
    np.testing.assert_allclose(logged, mse(predictions()) + 0.25 * abs(BIAS[0]), rtol=RTOL)
    kernel_grad, bias_grad = mse_gradients()
    assert_dense(model.dense, *sgd(kernel_grad, bias_grad + 0.25 * np.sign(BIAS)))


def test_kernel_regularizer_is_part_of_the_loss(training_backend):
    model = unison.Sequential(
        [unison.Input((3,)), layers.Dense(1, kernel_regularizer=regularizers.L2(0.1))]
    )
    model.set_weights([KERNEL, BIAS])
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    penalty = 0.1 * float(np.sum(KERNEL.astype("float64") ** 2))
    assert len(model.losses) == 1
    np.testing.assert_allclose(ops.convert_to_numpy(model.losses[0]), penalty, rtol=RTOL)
    history = model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [mse(predictions()) + penalty], rtol=RTOL)
    kernel_grad, bias_grad = mse_gradients()
    assert_dense(model.layers[0], *sgd(kernel_grad + 0.2 * KERNEL, bias_grad))


# -- native tensors meeting Variables in custom layers -----------------------------------------
class Scale(layers.Layer):
    """``inputs * self.scale``: the backend's tensor is on the left of the operator."""

    def build(self, input_shape):
        self.scale = self.add_weight(shape=(1,), initializer="ones", name="scale")

    def call(self, inputs):
        return inputs * self.scale


def test_variable_on_the_right_of_a_tensor_operator_is_trained(training_backend):
    # On TensorFlow this needs Variable.__tf_tensor__: without it tf.Tensor * Variable goes
    # through __array__ (a constant: no gradient eagerly, numpy() fails in tf.function).
    model = unison.Sequential([unison.Input((3,)), layers.Dense(1), Scale()])
    model.layers[0].set_weights([KERNEL, BIAS])
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    model.train_on_batch(X, Y)
    pred = predictions()
    scale_grad = float(np.sum(2.0 * (pred - Y) / Y.size * pred))
    np.testing.assert_allclose(model.layers[1].scale.numpy(), [1.0 - LR * scale_grad], rtol=RTOL)
    assert_dense(model.layers[0], *sgd(*mse_gradients()))


class OperatorLossModel(Linear):
    """compute_loss written with Python operators on the batch, as Keras's guides do."""

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        return ops.mean((y_pred - y) ** 2)


def test_steps_can_use_operators_on_the_batch(training_backend):
    # The steps get the backend's tensors, as in Keras: on PyTorch, NumPy batches would make
    # `y_pred - y` call numpy() on a tensor that requires grad.
    model = OperatorLossModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR))
    history = model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
    np.testing.assert_allclose(history.history["loss"], [mse(predictions())], rtol=RTOL)
    assert_dense(model.dense, *sgd(*mse_gradients()))


def test_custom_train_step_with_train_on_batch(training_backend):
    # train_on_batch packs its batch as fit does ((x, y) without sample weights), so a step
    # written as `x, y = data` works with both (Keras 3 passes (x, y, None) here).
    model = HalfStepModel().build_with_weights()
    model.compile(optimizer=unison.optimizers.SGD(LR), loss="mse")
    logs = model.train_on_batch(X, Y, return_dict=True)
    np.testing.assert_allclose(logs["loss"], mse(predictions()), rtol=RTOL)
    kernel_grad, bias_grad = mse_gradients()
    assert_dense(model.dense, *sgd(0.5 * kernel_grad, 0.5 * bias_grad))
