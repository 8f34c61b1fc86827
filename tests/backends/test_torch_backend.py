"""Torch-specific machinery: Parameter storage, abstract evaluation, autodiff, random."""

import ml_dtypes
import numpy as np
import pytest

import unison
from unison.symbolic.tensor import SymbolicTensor, compute_output_spec

torch = pytest.importorskip("torch")


@pytest.fixture
def tb():
    with unison.backend.use("torch") as backend:
        yield backend


def test_capabilities(tb):
    capabilities = tb.capabilities
    assert capabilities.can_train and capabilities.can_jit
    assert capabilities.can_distribute and capabilities.has_abstract_eval
    assert tb.devices()[0] == "cpu"


def test_variable_is_parameter_assigned_in_place(tb):
    variable = unison.Variable(np.ones((2, 3), "float32"), name="w")
    storage = variable._storage
    assert isinstance(storage, torch.nn.Parameter)
    assert storage.requires_grad
    pointer = storage.data_ptr()
    variable.assign(np.full((2, 3), 5.0))
    assert variable._storage is storage and storage.data_ptr() == pointer
    np.testing.assert_array_equal(variable.numpy(), np.full((2, 3), 5.0, "float32"))
    assert tb.variable_value(storage) is storage


def test_variable_does_not_share_numpy_memory(tb):
    source = np.zeros(3, "float32")
    variable = unison.Variable(source)
    variable.assign([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(source, np.zeros(3, "float32"))


def test_integer_and_non_trainable_variables_have_no_grad(tb):
    assert not unison.Variable(np.ones(2, "int32"))._storage.requires_grad
    assert not unison.Variable(np.ones(2, "float32"), trainable=False)._storage.requires_grad


def test_python_data_defaults(tb):
    assert tb.convert_to_tensor(3).dtype == torch.int32
    assert tb.convert_to_tensor([1, 2]).dtype == torch.int32
    assert tb.convert_to_tensor([1.0, 2]).dtype == torch.float32
    assert tb.convert_to_tensor(True).dtype == torch.bool
    assert tb.arange(4).dtype == torch.int32
    assert tb.full((2,), 1).dtype == torch.float32
    with unison.config.settings(floatx="float16"):
        assert tb.convert_to_tensor(1.5).dtype == torch.float16


def test_promotion_follows_unison_table(tb):
    uint8 = tb.convert_to_tensor(np.ones(3, "uint8"))
    int8 = tb.convert_to_tensor(np.ones(3, "int8"))
    assert tb.dtype(tb.add(uint8, int8)) == "int16"
    assert tb.dtype(tb.add(int8, 3)) == "int8"
    assert tb.dtype(tb.add(tb.convert_to_tensor([1, 2]), 0.5)) == "float32"
    assert tb.dtype(tb.add(tb.convert_to_tensor([True, False]), 1)) == "int32"
    assert tb.dtype(tb.multiply(tb.ones((2,), "float16"), tb.ones((2,), "bfloat16"))) == "float32"


def test_wide_unsigned_arithmetic(tb):
    x = tb.convert_to_tensor(np.array([1, 2, 3], "uint32"))
    result = tb.add(x, x)
    assert tb.dtype(result) == "uint32"
    np.testing.assert_array_equal(tb.convert_to_numpy(result), [2, 4, 6])


def test_bfloat16_round_trip(tb):
    array = np.array([1.5, -2.0], dtype=ml_dtypes.bfloat16)
    tensor = tb.convert_to_tensor(array)
    assert tensor.dtype == torch.bfloat16
    back = tb.convert_to_numpy(tensor)
    assert back.dtype == ml_dtypes.bfloat16
    np.testing.assert_array_equal(back, array)


def test_convert_to_numpy_detaches(tb):
    tensor = torch.ones(2, requires_grad=True) * 2
    assert isinstance(tb.convert_to_numpy(tensor), np.ndarray)


def test_compute_output_spec_with_unknown_dims(tb):
    x = SymbolicTensor((None, 3), "float32")
    out = compute_output_spec(lambda a: tb.matmul(a, tb.ones((3, 5))), x)
    assert out.shape == (None, 5) and out.dtype == "float32"
    out = compute_output_spec(lambda a: tb.sum(a, axis=0), SymbolicTensor((None, 4), "int8"))
    assert out.shape == (4,) and out.dtype == "int32"


def test_compute_output_spec_falls_back_for_data_dependent_ops(tb):
    def data_dependent(a):
        return tb.ones((int(tb.sum(a).item()),))

    out = compute_output_spec(data_dependent, SymbolicTensor((2, 2), "int32"))
    assert out.shape == (4,)


def test_value_and_grad_argnums_and_aux(tb):
    def loss(weights, data):
        value = tb.sum(tb.multiply(weights["w"], data))
        return value, {"doubled": value * 2}

    weights = {"w": torch.arange(3.0)}
    data = torch.tensor([1.0, 2.0, 3.0])
    (value, aux), grads = tb.value_and_grad(loss, argnums=(0, 1), has_aux=True)(weights, data)
    assert float(value) == 8.0 and float(aux["doubled"]) == 16.0
    np.testing.assert_allclose(grads[0]["w"].numpy(), [1.0, 2.0, 3.0])
    np.testing.assert_allclose(grads[1].numpy(), [0.0, 1.0, 2.0])
    assert not grads[0]["w"].requires_grad
    assert not weights["w"].requires_grad


def test_grad_of_unused_argument_is_zero(tb):
    gradient = tb.grad(lambda x, y: tb.sum(x * 2.0), argnums=1)(torch.ones(2), torch.ones(3))
    np.testing.assert_array_equal(gradient.numpy(), np.zeros(3))


def test_custom_gradient(tb):
    @tb.custom_gradient
    def log1pexp(x):
        e = tb.exp(x)

        def gradient(upstream):
            return tb.multiply(upstream, 1.0 - 1.0 / tb.add(1.0, e))

        return tb.log(1.0 + e), gradient

    result = tb.grad(lambda x: tb.sum(log1pexp(x)))(torch.tensor([100.0, 0.0]))
    np.testing.assert_allclose(result.numpy(), [1.0, 0.5])


def test_stop_gradient(tb):
    gradient = tb.grad(lambda x: tb.sum(tb.stop_gradient(x) * x))(torch.tensor([2.0, 3.0]))
    np.testing.assert_allclose(gradient.numpy(), [2.0, 3.0])


def test_jit_returns_callable(tb):
    assert callable(tb.jit(lambda x: x + 1))


@pytest.mark.parametrize(
    "sampler",
    [
        lambda tb, seed: tb.normal((4,), seed=seed),
        lambda tb, seed: tb.uniform((4,), seed=seed),
        lambda tb, seed: tb.truncated_normal((4,), seed=seed),
        lambda tb, seed: tb.randint((4,), 0, 100, seed=seed),
        lambda tb, seed: tb.gamma((4,), 2.0, seed=seed),
        lambda tb, seed: tb.beta((4,), 2.0, 3.0, seed=seed),
        lambda tb, seed: tb.binomial((4,), 10, 0.5, seed=seed),
        lambda tb, seed: tb.categorical(torch.zeros(2, 5), 6, seed=seed),
        lambda tb, seed: tb.shuffle(torch.arange(10), seed=seed),
        lambda tb, seed: tb.dropout(torch.ones(10), 0.5, seed=seed),
    ],
)
def test_random_is_reproducible(tb, sampler):
    first = sampler(tb, np.array([7, 11], "int32"))
    again = sampler(tb, np.array([7, 11], "int32"))
    other = sampler(tb, np.array([7, 12], "int32"))
    np.testing.assert_array_equal(first.numpy(), again.numpy())
    assert first.shape == other.shape


def test_random_dtypes_and_ranges(tb):
    seed = np.array([1, 2], "int32")
    assert tb.normal((2,), seed=seed).dtype == torch.float32
    assert tb.randint((2,), 0, 5, seed=seed).dtype == torch.int32
    sample = tb.truncated_normal((1000,), stddev=1.0, seed=seed)
    assert float(sample.abs().max()) <= 2.0
    with pytest.raises(ValueError):
        tb.uniform((2,), dtype="int32", seed=seed)


def test_control_flow(tb):
    assert int(tb.fori_loop(0, 5, lambda i, v: v + i, 0)) == 10
    result = tb.while_loop(lambda a, b: a < 5, lambda a, b: (a + 1, b * 2), (0, 1))
    assert int(result[0]) == 5 and int(result[1]) == 32
    carry, ys = tb.scan(lambda c, x: (c + x, c), 0.0, torch.arange(4.0))
    assert float(carry) == 6.0
    np.testing.assert_array_equal(ys.numpy(), [0.0, 0.0, 1.0, 3.0])
    cumulative = tb.associative_scan(lambda a, b: a + b, torch.arange(1.0, 6.0))
    np.testing.assert_array_equal(cumulative.numpy(), [1.0, 3.0, 6.0, 10.0, 15.0])
    assert float(tb.switch(5, [lambda x: x, lambda x: x * 10], torch.tensor(2.0))) == 20.0
    mapped = tb.vectorized_map(lambda row: tb.sum(row), torch.ones(3, 4))
    np.testing.assert_array_equal(mapped.numpy(), [4.0, 4.0, 4.0])


def test_conv_same_padding_with_stride_matches_tensorflow_rule(tb):
    inputs = torch.arange(1.0, 7.0).reshape(1, 6, 1)
    kernel = torch.ones(3, 1, 1)
    result = tb.conv(inputs, kernel, strides=2, padding="same")
    # TF pads (0, 1) here: windows [1,2,3] and [3,4,5] and [5,6,pad]
    np.testing.assert_array_equal(result.reshape(-1).numpy(), [6.0, 12.0, 11.0])


def test_average_pool_same_excludes_padding(tb):
    inputs = torch.tensor([1.0, 2.0, 3.0]).reshape(1, 3, 1)
    result = tb.average_pool(inputs, 2, strides=2, padding="same")
    np.testing.assert_allclose(result.reshape(-1).numpy(), [1.5, 3.0])


def test_ctc_decode_greedy_and_beam(tb):
    probabilities = torch.tensor(
        [[[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]]
    ).log()
    lengths = torch.tensor([4])
    decoded, _ = tb.ctc_decode(probabilities, lengths, strategy="greedy")
    assert decoded.shape == (1, 1, 4)
    assert decoded[0, 0].tolist() == [1, 2, -1, -1]
    decoded, scores = tb.ctc_decode(
        probabilities, lengths, strategy="beam_search", beam_width=4, top_paths=2
    )
    assert decoded.shape == (2, 1, 4) and scores.shape == (1, 2)
    assert decoded[0, 0].tolist()[:2] == [1, 2]
    assert float(scores[0, 0]) >= float(scores[0, 1])


@pytest.mark.parametrize("shape", [(5, 3), (2, 4, 3)])
def test_fused_dense_matches_matmul_plus_bias_with_gradients(tb, shape):
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.normal(size=shape), dtype=torch.float32, requires_grad=True)
    kernel = torch.tensor(rng.normal(size=(3, 6)), dtype=torch.float32, requires_grad=True)
    bias = torch.tensor(rng.normal(size=(6,)), dtype=torch.float32, requires_grad=True)
    out = tb.fused_dense(x, kernel, bias)
    assert tuple(out.shape) == (*shape[:-1], 6)
    expected = x.detach().numpy() @ kernel.detach().numpy() + bias.detach().numpy()
    np.testing.assert_allclose(out.detach().numpy(), expected, rtol=1e-5, atol=1e-5)
    (out**2).sum().backward()
    upstream = 2 * expected
    rows = x.detach().numpy().reshape(-1, 3)
    np.testing.assert_allclose(
        kernel.grad.numpy(), rows.T @ upstream.reshape(-1, 6), rtol=1e-4, atol=1e-4
    )
    np.testing.assert_allclose(bias.grad.numpy(), upstream.reshape(-1, 6).sum(0), rtol=1e-4)
    np.testing.assert_allclose(x.grad.numpy(), upstream @ kernel.detach().numpy().T, rtol=1e-4)


def test_fused_dense_declines_mixed_dtypes(tb):
    x = torch.ones((2, 3), dtype=torch.float64)
    assert tb.fused_dense(x, torch.ones((3, 4)), torch.ones(4)) is None
    assert tb.fused_dense(torch.ones(3), torch.ones((3, 4)), torch.ones(4)) is None


@pytest.mark.parametrize(
    "padding, data_format, strides, groups",
    [
        ("valid", "channels_last", 1, 1),
        ("same", "channels_last", 2, 1),  # asymmetric padding for an even input
        ("same", "channels_first", 1, 2),
    ],
)
def test_fused_conv_matches_conv_plus_bias_with_gradients(
    tb, padding, data_format, strides, groups
):
    rng = np.random.default_rng(1)
    shape = (2, 6, 6, 4) if data_format == "channels_last" else (2, 4, 6, 6)
    x = torch.tensor(rng.normal(size=shape), dtype=torch.float32, requires_grad=True)
    kernel = torch.tensor(
        rng.normal(size=(3, 3, 4 // groups, 6)), dtype=torch.float32, requires_grad=True
    )
    bias = torch.tensor(rng.normal(size=(6,)), dtype=torch.float32, requires_grad=True)
    arguments = dict(strides=strides, padding=padding, data_format=data_format)
    fused = tb.fused_conv(x, kernel, bias, **arguments)
    bias_shape = (1, 1, 1, 6) if data_format == "channels_last" else (1, 6, 1, 1)
    plain = tb.conv(x, kernel, **arguments) + bias.reshape(bias_shape)
    np.testing.assert_allclose(fused.detach().numpy(), plain.detach().numpy(), rtol=1e-5, atol=1e-5)
    fused_grads = torch.autograd.grad((fused**2).sum(), [x, kernel, bias])
    plain_grads = torch.autograd.grad((plain**2).sum(), [x, kernel, bias])
    for got, wanted in zip(fused_grads, plain_grads):
        np.testing.assert_allclose(got.numpy(), wanted.numpy(), rtol=1e-4, atol=1e-4)
    assert tb.fused_conv(x.double(), kernel, bias, **arguments) is None
