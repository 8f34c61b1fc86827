"""TensorFlow-specific machinery: tf.Variable storage, tracing, tapes, tf.function, seeds."""

import numpy as np
import pytest

import unison

tf = pytest.importorskip("tensorflow")

from unison.symbolic.tensor import SymbolicTensor, compute_output_spec  # noqa: E402


@pytest.fixture
def backend():
    with unison.backend.use("tensorflow") as active:
        yield active


def test_variable_storage_is_a_tf_variable(backend):
    storage = backend.variable_create([1.0, 2.0], None, True, "w")
    assert isinstance(storage, tf.Variable)
    assert storage.trainable
    assert storage.dtype == tf.float32
    same = backend.variable_assign(storage, tf.constant([3.0, 4.0]))
    assert same is storage
    np.testing.assert_allclose(storage.numpy(), [3.0, 4.0])
    assert backend.variable_value(storage) is storage


def test_non_trainable_variable(backend):
    storage = backend.variable_create(np.zeros((2,), "int32"), None, False, "counter")
    assert not storage.trainable
    assert storage.dtype == tf.int32


def test_unison_variable_round_trip(backend):
    variable = unison.Variable(np.ones((2, 2), "float32"), name="v")
    variable.assign_add(np.ones((2, 2), "float32"))
    np.testing.assert_allclose(variable.numpy(), 2 * np.ones((2, 2)))
    assert isinstance(backend.convert_to_tensor(variable), (tf.Variable, tf.Tensor))


def test_compute_output_spec_with_unknown_dims(backend):
    x = SymbolicTensor((None, 3), "float32")

    def function(value):
        return backend.matmul(value, backend.ones((3, 5))), backend.sum(value, axis=0)

    product, total = compute_output_spec(function, x)
    assert product.shape == (None, 5) and product.dtype == "float32"
    assert total.shape == (3,)


def test_compute_output_spec_falls_back_to_eager(backend):
    x = SymbolicTensor((2, 4), "int8")

    def needs_values(value):
        count = int(backend.convert_to_numpy(backend.sum(value)))  # concrete values only
        return backend.reshape(value, (count + 8,))

    result = compute_output_spec(needs_values, x)
    assert result.shape == (8,) and result.dtype == "int8"


def test_value_and_grad_on_pytrees(backend):
    def loss(params, x):
        return backend.sum(backend.square(params["w"] * x)) + params["b"][0]

    params = {"w": tf.constant([1.0, 2.0]), "b": tf.constant([0.5])}
    value, grads = backend.value_and_grad(loss)(params, tf.constant([3.0, 4.0]))
    np.testing.assert_allclose(float(value), 9.0 + 64.0 + 0.5)
    np.testing.assert_allclose(grads["w"].numpy(), [18.0, 64.0])
    np.testing.assert_allclose(grads["b"].numpy(), [1.0])


def test_grad_with_aux_and_argnums(backend):
    def function(a, b):
        return backend.sum(a * b), "aux"

    grads, aux = backend.grad(function, argnums=(0, 1), has_aux=True)(
        tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    )
    assert aux == "aux"
    np.testing.assert_allclose(grads[0].numpy(), [3.0, 4.0])
    np.testing.assert_allclose(grads[1].numpy(), [1.0, 2.0])


def test_gradient_reaches_tf_variable_storage(backend):
    variable = unison.Variable([1.0, -2.0], name="weights")
    with tf.GradientTape() as tape:
        loss = backend.sum(backend.relu(variable.value) * 3.0)
    gradient = tape.gradient(loss, variable.value)
    np.testing.assert_allclose(gradient.numpy(), [3.0, 0.0])


def test_jit_compiles_and_captures_variables(backend):
    variable = unison.Variable([1.0, 2.0], name="captured")

    def step(x):
        variable.assign_add(x)
        return backend.sum(variable.value)

    compiled = backend.jit(step)
    assert float(compiled(tf.constant([1.0, 1.0]))) == 5.0
    assert float(compiled(tf.constant([1.0, 1.0]))) == 7.0
    np.testing.assert_allclose(variable.numpy(), [3.0, 4.0])


def test_ops_work_inside_tf_function(backend):
    @tf.function
    def function(x):
        y = backend.add(x, 1)
        y = backend.where(backend.greater(y, 2.0), y, 0.0)
        total = backend.fori_loop(0, 3, lambda i, v: v + backend.cast(i, "float32"), 0.0)
        return backend.mean(y) + total

    assert float(function(tf.constant([1.0, 2.0, 3.0]))) == pytest.approx(7.0 / 3.0 + 3.0)


def test_random_is_reproducible_per_seed(backend):
    seed = np.array([3, 7], "int32")
    first = backend.normal((4,), seed=seed).numpy()
    second = backend.normal((4,), seed=seed).numpy()
    other = backend.normal((4,), seed=np.array([3, 8], "int32")).numpy()
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)
    values = backend.randint((100,), 0, 5, seed=seed).numpy()
    assert values.min() >= 0 and values.max() < 5


def test_weak_scalar_promotion(backend):
    x = tf.constant([1, 2], tf.int8)
    assert backend.add(x, 3).dtype == tf.int8
    assert backend.add(x, 0.5).dtype == tf.float32
    assert backend.multiply(tf.constant([1.0], tf.float16), 2.0).dtype == tf.float16
    assert backend.add(tf.constant([1], tf.int8), tf.constant([1], tf.uint8)).dtype == tf.int16
    assert backend.convert_to_tensor([1, 2]).dtype == tf.int32
    assert backend.convert_to_tensor([1.0, 2.0]).dtype == tf.float32


def test_half_precision_math(backend):
    for dtype in ("float16", "bfloat16"):
        x = backend.convert_to_tensor([0.5, 1.0], dtype)
        assert backend.dtype(backend.erf(x)) == dtype
        assert backend.dtype(backend.matmul(x[None], x[:, None])) == dtype
        assert backend.dtype(backend.mean(x)) == dtype


def test_devices_lists_cpu(backend):
    assert any("CPU" in name for name in backend.devices())


@pytest.mark.parametrize(
    "signature",
    [
        [tf.TensorSpec((2, 3, 4), tf.float32), tf.TensorSpec((4, 5), tf.float32)],
        [tf.TensorSpec((None, None, 4), tf.float32), tf.TensorSpec((4, 5), tf.float32)],
        [tf.TensorSpec((None, 3, None), tf.float32), tf.TensorSpec((None, None), tf.float32)],
    ],
)
def test_matmul_of_stacked_rows_by_matrix_in_graphs(backend, signature):
    """(..., k) @ (k, n) folds the leading axes into one 2-D MatMul, static or dynamic."""
    rng = np.random.default_rng(0)
    a = rng.normal(size=(2, 3, 4)).astype("float32")
    b = rng.normal(size=(4, 5)).astype("float32")

    @tf.function(input_signature=signature)
    def product_and_grads(x, y):
        with tf.GradientTape() as tape:
            tape.watch([x, y])
            out = backend.matmul(x, y)
            total = tf.reduce_sum(out * out)
        return out, tape.gradient(total, [x, y])

    out, (grad_a, grad_b) = product_and_grads(a, b)
    np.testing.assert_allclose(out.numpy(), a @ b, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(grad_a.numpy(), 2 * (a @ b) @ b.T, rtol=1e-4, atol=1e-4)
    expected_b = 2 * np.einsum("ijk,ijl->kl", a, a @ b)
    np.testing.assert_allclose(grad_b.numpy(), expected_b, rtol=1e-4, atol=1e-4)
    eager = backend.matmul(tf.constant(a), tf.constant(b))
    assert tuple(eager.shape) == (2, 3, 5)
    np.testing.assert_allclose(eager.numpy(), a @ b, rtol=1e-5, atol=1e-5)
