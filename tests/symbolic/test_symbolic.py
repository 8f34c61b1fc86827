"""Symbolic tensors: Input, shape/dtype inference through ops, the recorded graph."""

import numpy as np
import pytest

import unison
from unison import ops
from unison.symbolic.tensor import SymbolicTensor


def test_input_shapes():
    x = unison.Input(shape=(28, 28, 1))
    assert isinstance(x, unison.KerasTensor)
    assert x.shape == (None, 28, 28, 1)
    assert x.dtype == "float32"
    assert unison.Input(batch_shape=(4, 3), dtype="int32").shape == (4, 3)
    assert unison.Input(shape=(3,), batch_size=8).shape == (8, 3)
    with pytest.raises(ValueError, match="either `shape` or `batch_shape`"):
        unison.Input(shape=(3,), batch_shape=(None, 3))
    with pytest.raises(ValueError, match="non-negative"):
        unison.Input(shape=(-2,))


def test_unknown_dims_propagate(backend):
    x = unison.Input(shape=(None, 3))
    y = ops.matmul(x, np.ones((3, 5), "float32"))
    assert isinstance(y, SymbolicTensor)
    assert y.shape == (None, None, 5)
    assert y.dtype == "float32"


def test_operators_and_dtypes(backend):
    x = unison.Input(shape=(4,), dtype="int32")
    y = x + 1
    assert (y.shape, y.dtype) == ((None, 4), "int32")
    z = x * 0.5
    assert z.dtype == "float32"
    w = ops.cast(x, "float16") / 2
    assert w.dtype == "float16"
    s = x[:, 1:3]
    assert s.shape == (None, 2)


def test_reductions_and_reshape(backend):
    x = unison.Input(shape=(6, 4))
    assert ops.sum(x, axis=1).shape == (None, 4)
    assert ops.mean(x, axis=-1, keepdims=True).shape == (None, 6, 1)
    assert ops.reshape(x, (-1, 24)).shape == (None, 24)
    assert ops.transpose(x, (0, 2, 1)).shape == (None, 4, 6)
    parts = ops.split(x, 2, axis=1)
    assert [p.shape for p in parts] == [(None, 3, 4), (None, 3, 4)]


def test_conv_shape(backend):
    images = unison.Input(shape=(28, 28, 1))
    kernel = np.zeros((3, 3, 1, 8), "float32")
    out = ops.conv(images, kernel, strides=2, padding="same")
    assert out.shape == (None, 14, 14, 8)


def test_graph_records_producers(backend):
    x = unison.Input(shape=(3,))
    y = ops.relu(x)
    z = ops.add(y, x)
    assert z.producer.operation is ops.add
    assert y.producer.operation is ops.relu
    assert z.producer.input_tensors == [y, x]
    assert isinstance(x.producer.operation, unison.layers.InputLayer)


def test_symbolic_has_no_values():
    x = unison.Input(shape=(3,))
    with pytest.raises(TypeError, match="no values"):
        x.numpy()
    with pytest.raises(TypeError, match="truth value"):
        bool(x)
    with pytest.raises(TypeError, match="no values"):
        np.asarray(x)
