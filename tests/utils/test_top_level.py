"""Top-level Keras names: Operation, Function, scopes, device, remat, Quantizer, aliases,
and the keras.backend helpers."""

import numpy as np
import pytest

import unison


class Square(unison.Operation):
    def call(self, x):
        return unison.ops.multiply(x, x)


class RowSum(unison.Operation):
    def call(self, x):
        return unison.ops.sum(x, axis=-1)

    def compute_output_spec(self, x):
        return unison.KerasTensor(x.shape[:-1], x.dtype)


def test_aliases():
    assert unison.DTypePolicy is unison.dtype_policies.DTypePolicy
    assert unison.FloatDTypePolicy is unison.dtype_policies.FloatDTypePolicy
    assert unison.Initializer is unison.initializers.Initializer
    assert unison.Loss is unison.losses.Loss
    assert unison.Metric is unison.metrics.Metric
    assert unison.Optimizer is unison.optimizers.Optimizer
    assert unison.Regularizer is unison.regularizers.Regularizer


def test_operation_eager_and_symbolic(backend):
    x = np.array([[1.0, 2.0, 3.0]], "float32")
    np.testing.assert_allclose(unison.ops.convert_to_numpy(Square()(x)), [[1.0, 4.0, 9.0]])
    inputs = unison.Input((3,))
    outputs = Square()(inputs)
    assert unison.backend.is_keras_tensor(outputs) and outputs.shape == (None, 3)
    summed = RowSum(name="row_sum")(outputs)
    assert summed.shape == (None,) and summed.producer.operation.name == "row_sum"
    model = unison.Model(inputs, unison.layers.Dense(2)(outputs))
    assert unison.ops.convert_to_numpy(model(x)).shape == (1, 2)


def test_operation_without_call():
    with pytest.raises(NotImplementedError, match="call"):
        unison.Operation()(np.ones(2))


def test_function_replays_the_graph(backend):
    a, b = unison.Input((2,)), unison.Input((2,))
    total = unison.ops.add(Square()(a), b)
    function = unison.Function([a, b], {"total": total, "sum": RowSum()(total)})
    result = function([np.array([[1.0, 2.0]], "float32"), np.array([[1.0, 1.0]], "float32")])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(result["total"]), [[2.0, 5.0]])
    np.testing.assert_allclose(unison.ops.convert_to_numpy(result["sum"]), [7.0])
    symbolic = function.compute_output_spec([unison.Input((2,)), unison.Input((2,))])
    assert symbolic["total"].shape == (None, 2)
    assert len(function.operations) == 3
    with pytest.raises(ValueError, match="2 input"):
        function([np.ones((1, 2))])
    with pytest.raises(ValueError, match="symbolic"):
        unison.Function(np.ones(2), total)


def test_stateless_scope(backend):
    variable = unison.Variable(np.zeros(3, "float32"))
    with unison.StatelessScope(state_mapping=[(variable, np.ones(3))]) as scope:
        np.testing.assert_array_equal(unison.ops.convert_to_numpy(variable.value), 1.0)
        variable.assign_add(np.ones(3, "float32"))
        np.testing.assert_array_equal(
            unison.ops.convert_to_numpy(scope.get_current_value(variable)), 2.0
        )
        from unison.scopes import in_stateless_scope

        assert in_stateless_scope()
    np.testing.assert_array_equal(variable.numpy(), 0.0)
    with pytest.raises(ValueError, match="Variables"):
        unison.StatelessScope([(np.zeros(3), np.ones(3))])


def test_stateless_scope_collects_losses():
    scope = unison.StatelessScope(collect_losses=True)
    with scope:
        scope.add_loss(1.5)
    assert scope.losses == [1.5]


def test_symbolic_scope():
    from unison.scopes import in_symbolic_scope

    assert not in_symbolic_scope()
    with unison.SymbolicScope():
        assert in_symbolic_scope()
    assert not in_symbolic_scope()


def test_name_scope_nests_and_deduplicates():
    from unison.scopes import current_name_scope_path

    with unison.name_scope("outer") as outer:
        assert outer.name == "outer"
        with unison.name_scope("inner") as inner:
            assert inner.name == "outer/inner" and current_name_scope_path() == "outer/inner"
        with unison.name_scope("outer") as repeated:
            assert repeated.name == "outer"
        with unison.name_scope("x", override_parent="root") as overridden:
            assert overridden.name == "root/x"
    assert current_name_scope_path() == ""
    with pytest.raises(ValueError, match="name_scope"):
        unison.name_scope("a/b")


def test_device(backend):
    cpu_only = all("cpu" in name.lower() for name in backend.devices())
    if cpu_only:
        with unison.device("cpu"):
            unison.ops.ones((2,))
    with pytest.raises(NotImplementedError, match="device"):
        with unison.device("tpu:7"):
            pass


def test_remat_keeps_values_and_gradients(backend):
    layer = unison.layers.Dense(2)
    x = np.ones((1, 3), "float32")
    expected = unison.ops.convert_to_numpy(layer(x))
    np.testing.assert_allclose(unison.ops.convert_to_numpy(unison.remat(layer)(x)), expected)
    with pytest.raises(TypeError, match="callable"):
        unison.remat(3)


def test_remat_scope():
    from unison.rematerialization import get_current_remat_mode

    assert get_current_remat_mode() is None
    with unison.RematScope(mode="larger_than", output_size_threshold=10):
        assert get_current_remat_mode().output_size_threshold == 10
        with unison.RematScope(mode=None):
            assert get_current_remat_mode() is None
    with pytest.raises(ValueError, match="mode"):
        unison.RematScope(mode="some")


def test_quantizer_is_a_documented_gap():
    quantizer = unison.Quantizer()
    assert quantizer.get_config() == {"output_dtype": "int8"}
    with pytest.raises(NotImplementedError, match="Quantization"):
        quantizer(np.ones(2))


def test_backend_helpers():
    backend = unison.backend
    backend.clear_session()
    assert backend.get_uid("thing") == 1 and backend.get_uid("thing") == 2
    assert unison.layers.Dense(1).name == "dense"
    assert unison.layers.Dense(1).name == "dense_1"
    backend.clear_session(free_memory=False)
    assert backend.get_uid("thing") == 1
    assert unison.layers.Dense(1).name == "dense"
    assert backend.floatx() == "float32" and backend.epsilon() == unison.config.epsilon()
    assert backend.image_data_format() == "channels_last"
    assert backend.standardize_dtype("float") == "float32"
    assert backend.result_type("int8", "float16") == "float16"
    assert backend.is_float_dtype("bfloat16") and backend.is_int_dtype("uint8")
    assert not backend.is_keras_tensor(np.ones(2))
    assert unison.utils.is_keras_tensor(unison.Input((1,)))
