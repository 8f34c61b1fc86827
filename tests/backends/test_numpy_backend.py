"""The NumPy backend's own machinery: storage, shape inference, promotion, seeds, autodiff."""

import ml_dtypes
import numpy as np
import pytest

import unison
from unison.backend import get_backend
from unison.symbolic.tensor import SymbolicTensor, TensorSpec, compute_output_spec


@pytest.fixture
def numpy_backend():
    with unison.backend.use("numpy") as backend:
        yield backend


def test_capabilities_describe_an_inference_backend(numpy_backend):
    capabilities = numpy_backend.capabilities
    assert not capabilities.can_train
    assert not capabilities.can_jit
    assert not capabilities.can_distribute
    assert not capabilities.has_abstract_eval
    assert numpy_backend.devices() == ["cpu"]


# -- Variable storage ----------------------------------------------------------------------
def test_variable_storage_is_an_owned_ndarray(numpy_backend):
    source = np.array([1.0, 2.0], dtype=np.float32)
    storage = numpy_backend.variable_create(source, "float32", True, "w")
    assert type(storage) is np.ndarray
    source[0] = 100.0  # the storage does not alias its initial value
    assert storage[0] == 1.0
    storage = numpy_backend.variable_assign(storage, np.array([3.0, 4.0], np.float32))
    np.testing.assert_array_equal(numpy_backend.variable_value(storage), [3.0, 4.0])


def test_variable_assign_add_keeps_dtype_and_shape(numpy_backend):
    variable = unison.Variable(np.zeros((2, 3), np.float32), name="v")
    variable.assign_add(np.ones((2, 3), np.float32))
    variable.assign_sub(0.5)
    assert variable.dtype == "float32"
    assert type(variable.value) is np.ndarray
    np.testing.assert_allclose(variable.numpy(), np.full((2, 3), 0.5))
    with pytest.raises(ValueError, match="shape"):
        variable.assign(np.zeros((3, 2), np.float32))


def test_variable_create_casts_to_requested_dtype(numpy_backend):
    storage = numpy_backend.variable_create([1, 2], "bfloat16", False, "b")
    assert storage.dtype == ml_dtypes.bfloat16
    assert numpy_backend.dtype(storage) == "bfloat16"


def test_foreign_variables_and_tensors_convert(numpy_backend):
    variable = unison.Variable([1.0, 2.0], name="f")
    result = numpy_backend.add(variable, 1.0)
    np.testing.assert_allclose(result, [2.0, 3.0])
    torch = pytest.importorskip("torch")
    converted = numpy_backend.convert_to_tensor(torch.tensor([1.5], dtype=torch.bfloat16))
    assert converted.dtype == ml_dtypes.bfloat16


# -- shape inference ---------------------------------------------------------------------
def test_compute_output_spec_runs_on_zero_stand_ins(numpy_backend):
    specs = numpy_backend.compute_output_spec(
        lambda x, y: (numpy_backend.matmul(x, y), x.shape[0]),
        (TensorSpec((2, 3), "float16"), TensorSpec((3, 4), "float16")),
        {},
    )
    assert specs[0] == TensorSpec((2, 4), "float16")
    assert specs[1] == 2


def test_compute_output_spec_infers_unknown_dimensions(numpy_backend):
    x = SymbolicTensor((None, 3), "int32")
    y = compute_output_spec(lambda a: numpy_backend.mean(a, axis=1, keepdims=True) * 2, x)
    assert y.shape == (None, 1)
    assert y.dtype == "float32"
    z = compute_output_spec(lambda a: numpy_backend.reshape(a, (-1,)), x)
    assert z.shape == (None,)


def test_compute_output_spec_survives_singular_stand_ins(numpy_backend):
    x = SymbolicTensor((None, 4, 4), "float32")
    inverse = compute_output_spec(numpy_backend.inv, x)
    assert inverse.shape == (None, 4, 4)
    factor = compute_output_spec(numpy_backend.cholesky, x)
    assert factor.shape == (None, 4, 4)


# -- dtype promotion -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "left, right, expected",
    [
        (np.ones(2, "int32"), np.ones(2, "float16"), "float16"),
        (np.ones(2, "int8"), np.ones(2, "uint8"), "int16"),
        (np.ones(2, "float16"), np.ones(2, ml_dtypes.bfloat16), "float32"),
        (np.ones(2, "int8"), 3, "int8"),
        (np.ones(2, "int32"), 0.5, "float32"),
        (np.ones(2, "float16"), 2.0, "float16"),
        (np.ones(2, "bool"), 1, "int32"),
        (2, np.ones(2, "uint8"), "uint8"),
    ],
)
def test_binary_ops_follow_unison_promotion(numpy_backend, left, right, expected):
    for name in ("add", "subtract", "multiply", "maximum"):
        result = getattr(numpy_backend, name)(left, right)
        assert numpy_backend.dtype(result) == expected, name


def test_float_valued_ops_give_floatx_not_float64(numpy_backend):
    ints = np.arange(4, dtype="int32")
    for result in (
        numpy_backend.mean(ints),
        numpy_backend.sqrt(ints),
        numpy_backend.true_divide(ints, 2),
        numpy_backend.var(ints),
        numpy_backend.convert_to_tensor([1.0, 2.0]),
        numpy_backend.linspace(0, 1, 5),
    ):
        assert numpy_backend.dtype(result) == "float32"
    assert numpy_backend.dtype(numpy_backend.convert_to_tensor([1, 2])) == "int32"
    assert numpy_backend.dtype(numpy_backend.convert_to_tensor(True)) == "bool"
    assert numpy_backend.dtype(numpy_backend.sum(np.ones(3, "int8"))) == "int32"
    assert numpy_backend.dtype(numpy_backend.sum(np.ones(3, "uint8"))) == "uint32"


def test_floatx_follows_the_config(numpy_backend):
    with unison.config.settings(floatx="float16"):
        assert numpy_backend.dtype(numpy_backend.convert_to_tensor(1.5)) == "float16"
        assert numpy_backend.dtype(numpy_backend.add(np.ones(2, "int32"), 0.5)) == "float16"
    assert numpy_backend.dtype(numpy_backend.add(np.ones(2, "int32"), 0.5)) == "float32"


def test_bfloat16_stays_bfloat16(numpy_backend):
    x = np.ones((2, 2), ml_dtypes.bfloat16)
    for result in (
        numpy_backend.matmul(x, x),
        numpy_backend.exp(x),
        numpy_backend.softmax(x),
        numpy_backend.sum(x),
        numpy_backend.conv(x[None, :, :, None], np.ones((1, 1, 1, 1), ml_dtypes.bfloat16)),
    ):
        assert result.dtype == ml_dtypes.bfloat16


# -- random --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["normal", "uniform", "truncated_normal"])
def test_same_seed_same_numbers(numpy_backend, name):
    function = getattr(numpy_backend, name)
    seed = np.array([7, -3], dtype=np.int32)
    first = function((3, 4), seed=seed)
    second = function((3, 4), seed=seed.copy())
    other = function((3, 4), seed=np.array([8, -3], dtype=np.int32))
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, other)
    assert first.dtype == np.float32


def test_random_samplers_respect_ranges(numpy_backend):
    seed = np.array([1, 2], dtype=np.int32)
    integers = numpy_backend.randint((1000,), 3, 7, seed=seed)
    assert integers.dtype == np.int32 and integers.min() >= 3 and integers.max() < 7
    truncated = numpy_backend.truncated_normal((1000,), seed=seed)
    assert np.abs(truncated).max() <= 2.0
    dropped = numpy_backend.dropout(np.ones(1000, np.float32), 0.5, seed=seed)
    assert set(np.unique(dropped)) <= {0.0, 2.0}
    shuffled = numpy_backend.shuffle(np.arange(10), seed=seed)
    assert sorted(shuffled.tolist()) == list(range(10))
    samples = numpy_backend.categorical(np.log([[0.0001, 0.9999]]), 50, seed=seed)
    assert samples.shape == (1, 50) and samples.mean() > 0.9


# -- autodiff ------------------------------------------------------------------------------
def test_autodiff_raises_and_jit_is_identity(numpy_backend):
    def function(x):
        return x * 2

    with pytest.raises(NotImplementedError, match="numpy backend cannot differentiate"):
        numpy_backend.value_and_grad(function)
    with pytest.raises(NotImplementedError, match="jax, torch or tensorflow"):
        numpy_backend.grad(function)
    assert numpy_backend.jit(function) is function


# -- control flow and core helpers -------------------------------------------------------
def test_control_flow_helpers(numpy_backend):
    carry, ys = numpy_backend.scan(lambda c, x: (c + x, c * x), 0.0, np.arange(4.0))
    assert carry == 6.0
    np.testing.assert_array_equal(ys, [0.0, 0.0, 2.0, 9.0])
    assert numpy_backend.while_loop(lambda i: i < 5, lambda i: i + 2, 0) == 6
    assert numpy_backend.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1, j * 2), (0, 1)) == (
        3,
        8,
    )
    squares = numpy_backend.map(lambda x: x * x, np.arange(3))
    np.testing.assert_array_equal(squares, [0, 1, 4])
    cumulative = numpy_backend.associative_scan(lambda a, b: a + b, np.arange(5), reverse=True)
    np.testing.assert_array_equal(cumulative, [10, 10, 9, 7, 4])
    scattered = numpy_backend.scatter(np.array([[0], [2], [0]]), np.array([1, 2, 3]), (4,))
    np.testing.assert_array_equal(scattered, [4, 0, 2, 0])


def test_get_backend_is_loaded_once():
    assert get_backend("numpy") is get_backend("numpy")
