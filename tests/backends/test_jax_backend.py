"""JAX-specific machinery: Variable storage, abstract evaluation, autodiff, jit, random keys."""

import numpy as np
import pytest

import unison
from unison.symbolic.tensor import SymbolicTensor, compute_output_spec

jax = pytest.importorskip("jax")
jnp = jax.numpy


@pytest.fixture
def jb():
    with unison.backend.use("jax") as active:
        yield active


def test_capabilities(jb):
    capabilities = jb.capabilities
    assert capabilities.can_train and capabilities.can_jit
    assert capabilities.can_distribute and capabilities.has_abstract_eval
    assert jb.devices()[0].startswith("cpu:") or ":" in jb.devices()[0]


def test_variable_storage_is_replaced_on_assign(jb):
    variable = unison.Variable([1.0, 2.0], name="w")
    first = variable._storage
    assert isinstance(first, jax.Array)
    variable.assign([3.0, 4.0])
    assert variable._storage is not first
    np.testing.assert_allclose(np.asarray(first), [1.0, 2.0])  # old array untouched
    np.testing.assert_allclose(variable.numpy(), [3.0, 4.0])
    variable.assign_add([1.0, 1.0])
    np.testing.assert_allclose(variable.numpy(), [4.0, 5.0])
    assert variable.dtype == "float32"


def test_variable_create_casts_and_keeps_dtype(jb):
    storage = jb.variable_create(np.arange(3), "float16", True, "v")
    assert storage.dtype == jnp.float16
    updated = jb.variable_assign(storage, jnp.ones(3, "float32"))
    assert updated.dtype == jnp.float16
    assert jb.variable_value(updated) is updated


def test_convert_to_tensor_sources(jb):
    assert jb.convert_to_tensor(1.5).dtype == jnp.float32
    assert jb.convert_to_tensor(3).dtype == jnp.int32
    assert jb.convert_to_tensor([1, 2.5]).dtype == jnp.float32
    assert jb.convert_to_tensor([[1, 2], [3, 4]]).dtype == jnp.int32
    assert jb.convert_to_tensor(np.ones(2, "float64")).dtype == jnp.float32  # x64 off
    torch = pytest.importorskip("torch")
    converted = jb.convert_to_tensor(torch.ones(2, dtype=torch.bfloat16))
    assert converted.dtype.name == "bfloat16"
    with unison.backend.use("numpy"):
        foreign = unison.Variable(np.ones(2, "float32"))
    assert isinstance(jb.convert_to_tensor(foreign), jax.Array)


def test_weak_scalar_promotion(jb):
    x = jnp.ones(3, "int8")
    assert jb.add(x, 3).dtype == jnp.int8
    assert jb.multiply(x, 0.5).dtype == jnp.float32
    assert jb.add(jnp.ones(2, "float16"), jnp.ones(2, "bfloat16")).dtype == jnp.float32
    assert jb.add(jnp.ones(2, "int8"), jnp.ones(2, "uint8")).dtype == jnp.int16


def test_compute_output_spec_with_unknown_dims(jb):
    x = SymbolicTensor((None, 3), "float32")
    kernel = jnp.ones((3, 5))
    result = compute_output_spec(lambda a: jb.matmul(a, kernel), x)
    assert result.shape == (None, 5) and result.dtype == "float32"
    pooled = compute_output_spec(
        lambda a, axis: jb.sum(a, axis=axis), SymbolicTensor((2, None, 4), "int8"), axis=1
    )
    assert pooled.shape == (2, 4) and pooled.dtype == "int32"
    pair = compute_output_spec(lambda a: (a, jb.cast(a, "bfloat16")), x)
    assert pair[1].dtype == "bfloat16" and pair[0].shape == (None, 3)


def test_value_and_grad_pytrees(jb):
    def loss(params, x):
        return jnp.sum(jnp.square(params["w"] * x + params["b"]))

    params = {"w": jnp.asarray(2.0), "b": jnp.asarray(1.0)}
    value, grads = jb.value_and_grad(loss)(params, jnp.asarray([1.0, 2.0]))
    np.testing.assert_allclose(value, 9.0 + 25.0)
    np.testing.assert_allclose(grads["w"], 2 * 3 * 1 + 2 * 5 * 2)
    np.testing.assert_allclose(grads["b"], 2 * 3 + 2 * 5)
    (value, aux), grad = jb.value_and_grad(lambda v: (v * v, "aux"), has_aux=True)(3.0)
    assert aux == "aux" and float(grad) == 6.0


def test_jit_with_static_argument(jb):
    function = jb.jit(lambda x, axis: jb.sum(x, axis=axis), static_argnums=(1,))
    np.testing.assert_allclose(function(jnp.ones((2, 3)), 1), [3.0, 3.0])


def test_custom_gradient_keras_semantics(jb):
    @jb.custom_gradient
    def log1pexp(x):
        e = jnp.exp(x)

        def grad_fn(upstream):
            return upstream * (1 - 1 / (1 + e))

        return jnp.log1p(e), grad_fn

    assert float(jax.grad(log1pexp)(100.0)) == 1.0


def test_random_inside_jit_with_traced_seed(jb):
    seed = jnp.asarray([3, 7], "int32")
    eager = jb.normal((4,), seed=seed)
    traced = jax.jit(lambda s: jb.normal((4,), seed=s))(seed)
    np.testing.assert_allclose(eager, traced, rtol=1e-6)
    other = jb.normal((4,), seed=jnp.asarray([3, 8], "int32"))
    assert not np.allclose(eager, other)
    dropped = jax.jit(lambda s: jb.dropout(jnp.ones(100), 0.5, seed=s))(seed)
    assert set(np.unique(np.asarray(dropped))) <= {0.0, 2.0}


def test_control_flow(jb):
    total = jb.fori_loop(0, 4, lambda i, acc: acc + i, 0)
    assert int(total) == 6
    result = jb.while_loop(lambda i, s: i < 5, lambda i, s: (i + 1, s * 2), (0, 1))
    assert int(result[0]) == 5 and int(result[1]) == 32
    limited = jb.while_loop(lambda i: i < 100, lambda i: i + 1, 0, maximum_iterations=3)
    assert int(limited) == 3
    carry, ys = jb.scan(lambda c, x: (c + x, c * x), 0.0, jnp.arange(3.0))
    assert float(carry) == 3.0
    np.testing.assert_allclose(ys, [0.0, 0.0, 2.0])
    assert int(jb.switch(1, [lambda x: x, lambda x: x * 10], jnp.asarray(2))) == 20


def test_conv_transpose_output_shapes_match_keras_rules(jb):
    x = jnp.ones((1, 5, 5, 2))
    kernel = jnp.ones((3, 3, 4, 2))
    assert jb.conv_transpose(x, kernel, 2, "same").shape == (1, 10, 10, 4)
    assert jb.conv_transpose(x, kernel, 2, "valid").shape == (1, 11, 11, 4)
    assert jb.conv_transpose(x, kernel, 2, "valid", output_padding=1).shape == (1, 12, 12, 4)


def test_ctc_loss_matches_brute_force(jb):
    logits = np.random.default_rng(0).normal(size=(1, 3, 3)).astype("float32")
    probabilities = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    # all length-3 paths over {blank=0, 1, 2} that collapse to [1]
    total = 0.0
    for a in range(3):
        for b in range(3):
            for c in range(3):
                path = [a, b, c]
                collapsed = [
                    k for i, k in enumerate(path) if k != 0 and (i == 0 or path[i - 1] != k)
                ]
                if collapsed == [1]:
                    total += (
                        probabilities[0, 0, a] * probabilities[0, 1, b] * probabilities[0, 2, c]
                    )
    loss = jb.ctc_loss(np.array([[1, 0]]), logits, np.array([1]), np.array([3]))
    np.testing.assert_allclose(np.asarray(loss), [-np.log(total)], rtol=1e-5)
