"""unison.Variable on every backend: value, updates, operators, errors, stateless scope."""

import numpy as np
import pytest

import unison
from unison.state.variable import stateless_scope


def test_create_and_read(backend):
    variable = unison.Variable(np.arange(6, dtype="float32").reshape(2, 3), name="kernel")
    assert variable.shape == (2, 3)
    assert variable.dtype == "float32"
    assert variable.ndim == 2
    assert variable.name == "kernel"
    assert variable.trainable
    assert variable.backend is backend
    assert backend.is_tensor(variable.value)
    np.testing.assert_array_equal(variable.numpy(), np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(np.asarray(variable), np.arange(6).reshape(2, 3))


def test_callable_initializer_and_dtype(backend):
    def initializer(shape, dtype):
        return unison.ops.ones(shape, dtype=dtype)

    variable = unison.Variable(initializer, shape=(3,), dtype="float16", trainable=False)
    assert variable.dtype == "float16"
    assert not variable.trainable
    np.testing.assert_array_equal(variable.numpy(), np.ones(3, "float16"))


def test_assign_family(backend):
    variable = unison.Variable(np.zeros(3, "float32"))
    variable.assign(np.array([1.0, 2.0, 3.0]))
    variable.assign_add(np.ones(3, "float32"))
    variable.assign_sub([0.5, 0.5, 0.5])
    np.testing.assert_allclose(variable.numpy(), [1.5, 2.5, 3.5])
    assert variable.dtype == "float32"


def test_operators(backend):
    variable = unison.Variable(np.array([1.0, -2.0], "float32"))
    np.testing.assert_allclose(unison.ops.convert_to_numpy(variable + 1), [2.0, -1.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(3 - variable), [2.0, 5.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(variable * variable), [1.0, 4.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(-variable), [-1.0, 2.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(abs(variable)), [1.0, 2.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(variable / 2), [0.5, -1.0])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(variable**2), [1.0, 4.0])


def test_usable_as_op_argument(backend):
    variable = unison.Variable(np.eye(2, dtype="float32"))
    result = unison.ops.matmul(variable, np.array([[1.0], [2.0]], "float32"))
    np.testing.assert_allclose(unison.ops.convert_to_numpy(result), [[1.0], [2.0]])
    assert unison.ops.convert_to_numpy(unison.ops.sum(variable)) == 2.0


def test_assign_wrong_shape_is_clear(backend):
    variable = unison.Variable(np.zeros((2, 2), "float32"), name="bias")
    with pytest.raises(ValueError, match=r"bias.*\(3,\).*expected shape \(2, 2\)"):
        variable.assign(np.zeros(3, "float32"))


def test_bad_construction_is_clear(backend):
    with pytest.raises(ValueError, match="shape.*required"):
        unison.Variable(lambda shape, dtype: None)
    with pytest.raises(ValueError, match="must not contain '/'"):
        unison.Variable(np.zeros(2), name="a/b")
    with pytest.raises(ValueError, match=r"expected shape \(3,\)"):
        unison.Variable(np.zeros(2, "float32"), shape=(3,))


def test_stateless_scope_overrides_value(backend):
    variable = unison.Variable(np.zeros(2, "float32"))
    replacement = unison.ops.ones((2,))
    with stateless_scope({variable: replacement}):
        np.testing.assert_allclose(unison.ops.convert_to_numpy(variable + 0), [1.0, 1.0])
    np.testing.assert_allclose(variable.numpy(), [0.0, 0.0])
