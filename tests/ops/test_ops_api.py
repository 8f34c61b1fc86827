"""The public ops surface: every Keras 3 op name exists with Keras's parameters, and symbolic
inputs give the expected output shapes and dtypes.

Keras itself is only a reference here: its signatures are read in a subprocess (so this process
never imports it) and compared with ``inspect.signature`` of the unison functions.
"""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import unison
from unison import ops
from unison.symbolic.tensor import SymbolicTensor

NAMESPACES = ("ops", "ops.nn", "ops.numpy", "ops.linalg", "ops.image")

_KERAS_SIGNATURES = textwrap.dedent(
    """
    import inspect, json, os
    os.environ["KERAS_BACKEND"] = "numpy"
    import keras

    def describe(function):
        parameters = inspect.signature(function).parameters.values()
        return [
            [p.name, p.kind.name, None if p.default is p.empty else repr(p.default)]
            for p in parameters
        ]

    result = {}
    for namespace in %r:
        module = keras
        for part in namespace.split("."):
            module = getattr(module, part)
        result[namespace] = {
            name: describe(getattr(module, name))
            for name in dir(module)
            if not name.startswith("_") and callable(getattr(module, name))
        }
    print(json.dumps(result))
    """
)


@pytest.fixture(scope="module")
def keras_signatures() -> dict:
    try:
        import importlib.util

        if importlib.util.find_spec("keras") is None:
            pytest.skip("keras is not installed (it is only a test-time reference)")
    except ValueError:
        pytest.skip("keras is not importable")
    environment = dict(os.environ, KERAS_BACKEND="numpy")
    completed = subprocess.run(
        [sys.executable, "-c", _KERAS_SIGNATURES % (NAMESPACES,)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    if completed.returncode != 0:
        pytest.skip(f"could not read keras signatures: {completed.stderr[-500:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _unison_namespace(namespace: str):
    module = unison
    for part in namespace.split("."):
        module = getattr(module, part)
    return module


def _describe(function) -> list:
    return [
        [p.name, p.kind.name, None if p.default is p.empty else repr(p.default)]
        for p in inspect.signature(function).parameters.values()
    ]


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_every_keras_op_exists_with_same_signature(keras_signatures, namespace):
    module = _unison_namespace(namespace)
    missing, different = [], []
    for name, expected in sorted(keras_signatures[namespace].items()):
        function = getattr(module, name, None)
        if function is None:
            missing.append(name)
            continue
        actual = _describe(function)
        if actual != expected:
            different.append(f"{name}: keras {expected} != unison {actual}")
    assert not missing, f"{namespace}: missing {missing}"
    if namespace != "ops":  # sub-namespace modules list every Keras name in __all__
        unlisted = sorted(set(keras_signatures[namespace]) - set(module.__all__))
        assert not unlisted, f"{namespace}.__all__ lacks {unlisted}"
    assert not different, f"{namespace}: signatures differ:\n" + "\n".join(different)


def test_every_public_op_has_a_docstring_with_example():
    for namespace in NAMESPACES:
        module = _unison_namespace(namespace)
        for name in module.__all__:
            function = getattr(module, name)
            if inspect.ismodule(function):
                continue
            doc = inspect.getdoc(function) or ""
            assert "Example" in doc, f"{namespace}.{name} has no example in its docstring"


# -- static facts of symbolic tensors: no graph node, no backend ---------------------------


def S(*shape, dtype="float32"):  # noqa: N802 - short constructor for the tables below
    return SymbolicTensor(shape, dtype)


def test_static_facts_of_symbolic_tensors():
    x = S(None, 3, dtype="int8")
    assert ops.shape(x) == (None, 3)
    assert ops.dtype(x) == "int8"
    assert ops.convert_to_tensor(x) is x
    with pytest.raises(TypeError, match="no values"):
        ops.convert_to_numpy(x)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: ops.conv(S(1, 5, 5, 3), S(3, 3, 3, 2), padding="full"), ValueError, "padding"),
        (lambda: ops.conv(S(1, 5, 5, 3), S(3, 3, 3, 2), strides=0), ValueError, "strides"),
        (lambda: ops.max_pool(S(1, 4, 4, 3), 0), ValueError, "pool_size"),
        (lambda: ops.conv(S(5, 3), S(3, 3, 2)), ValueError, "rank"),
        (lambda: ops.conv(S(1, 5, 5, 3), S(3, 3, 2)), ValueError, "kernel"),
        (lambda: ops.sum(S(2, 3), axis="a"), TypeError, "axis"),
        (lambda: ops.argmax(S(2, 3), axis=(0, 1)), TypeError, "axis"),
        (lambda: ops.max_pool(S(1, 4, 4, 3), 2, data_format="nhwc"), ValueError, "data_format"),
        (lambda: ops.where(S(3, dtype="bool"), S(3)), ValueError, "x1"),
        (
            lambda: ops.image.resize(S(1, 4, 4, 3), (2, 2), interpolation="cubic"),
            ValueError,
            "interpolation",
        ),
        (lambda: ops.linalg.qr(S(3, 3), mode="full"), ValueError, "mode"),
        (lambda: ops.unstack(S(None, 3)), ValueError, "num"),
        (lambda: ops.split(S(4, 6), 4, axis=1), ValueError, "equal"),
        (
            lambda: ops.pad(S(3), (1, 1), mode="edge", constant_values=1),
            ValueError,
            "constant_values",
        ),
        (lambda: ops.cast(S(3), None), ValueError, "dtype"),
        (lambda: ops.one_hot(S(3, dtype="int32"), 0), ValueError, "num_classes"),
        (lambda: ops.nn.ctc_decode(S(2, 5, 3), S(2), strategy="best"), ValueError, "strategy"),
        (lambda: ops.image.pad_images(S(4, 4, 3), top_padding=1), ValueError, "exactly two"),
    ],
)
def test_cheap_argument_checks(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_hand_written_specs_record_nodes():
    x = S(None, 4)
    rows, cols = ops.nonzero(x)
    assert rows.shape == (None,) and rows.dtype == "int32"
    assert rows.producer.operation is ops.nonzero
    values, counts = ops.unique(S(None), return_counts=True)
    assert values.shape == (None,) and counts.dtype == "int32"
    assert values.producer is counts.producer
    pieces = ops.split(S(None, 6), 3)
    assert [piece.shape for piece in pieces] == [(None, 6)] * 3
    assert pieces[0].producer.operation is ops.split
    (segments,) = [ops.segment_sum(S(None, 5), S(None, dtype="int32"))]
    assert segments.shape == (None, 5)
    assert ops.nn.space_to_depth(S(None, None, 8, 3), 2).shape == (None, None, 4, 12)
    padded = ops.image.pad_images(S(None, None, None, 3), 2, 3, target_height=64, target_width=64)
    assert padded.shape == (None, 64, 64, 3)
    cropped = ops.image.crop_images(S(2, 10, 12, 3), 1, 2, 1, 2)
    assert cropped.shape == (2, 8, 8, 3)
    assert ops.squeeze(S(None, None, 3), axis=1).shape == (None, 3)
    assert ops.bincount(S(None, dtype="int32")).shape == (None,)
    assert ops.size(S(None, 2)).shape == ()


# -- abstract evaluation on every installed backend ----------------------------------------


def _ones(*shape):
    return np.ones(shape, dtype="float32")


SYMBOLIC_CASES = {
    "add": (lambda: ops.add(S(None, 3), S(3)), (None, 3), "float32"),
    "add_weak_scalar": (lambda: ops.add(S(None, 3, dtype="int8"), 1), (None, 3), "int8"),
    "multiply_promotes": (
        lambda: ops.multiply(S(None, 2, dtype="int32"), S(None, 2, dtype="float16")),
        (None, 2),
        "float16",
    ),
    "subtract_broadcast": (lambda: ops.subtract(S(None, 1, 4), S(3, 1)), (None, 3, 4), "float32"),
    "matmul": (lambda: ops.matmul(S(None, 4), _ones(4, 5)), (None, 5), "float32"),
    "sqrt_int_gives_floatx": (lambda: ops.sqrt(S(None, dtype="int32")), (None,), "float32"),
    "exp_half": (lambda: ops.exp(S(None, 2, dtype="float16")), (None, 2), "float16"),
    "mean": (lambda: ops.mean(S(None, 3, 4), axis=1), (None, 4), "float32"),
    "sum_keepdims": (lambda: ops.sum(S(None, 3), axis=-1, keepdims=True), (None, 1), "float32"),
    "max_tuple_axis": (lambda: ops.max(S(None, 3, 4), axis=[1, 2]), (None,), "float32"),
    "argmax": (lambda: ops.argmax(S(None, 3), axis=-1), (None,), "int32"),
    "cumsum": (lambda: ops.cumsum(S(None, 3), axis=1), (None, 3), "float32"),
    "reshape": (lambda: ops.reshape(S(None, 4, 4), (-1, 16)), (None, 16), "float32"),
    "transpose": (lambda: ops.transpose(S(None, 3, 5), (0, 2, 1)), (None, 5, 3), "float32"),
    "expand_dims": (lambda: ops.expand_dims(S(None, 3), 1), (None, 1, 3), "float32"),
    "squeeze": (lambda: ops.squeeze(S(None, 1, 3), axis=1), (None, 3), "float32"),
    "concatenate": (
        lambda: ops.concatenate([S(None, 3), S(None, 2)], axis=-1),
        (None, 5),
        "float32",
    ),
    "stack": (lambda: ops.stack([S(None, 3), S(None, 3)], axis=1), (None, 2, 3), "float32"),
    "take": (lambda: ops.take(S(None, 3), np.array([0, 2]), axis=1), (None, 2), "float32"),
    "get_item": (lambda: ops.get_item(S(None, 5, 3), (slice(None), 0)), (None, 3), "float32"),
    "where": (
        lambda: ops.where(S(None, 3, dtype="bool"), S(None, 3), 0.0),
        (None, 3),
        "float32",
    ),
    "cast": (lambda: ops.cast(S(None, 2), "int8"), (None, 2), "int8"),
    "tile": (lambda: ops.tile(S(None, 3), (1, 2)), (None, 6), "float32"),
    "repeat": (lambda: ops.repeat(S(None, 3), 2, axis=1), (None, 6), "float32"),
    "einsum": (
        lambda: ops.einsum("bij,jk->bik", S(None, 3, 4), _ones(4, 5)),
        (None, 3, 5),
        "float32",
    ),
    "rearrange": (
        lambda: ops.rearrange(S(None, 3, 4), "b h w -> b (h w)"),
        (None, 12),
        "float32",
    ),
    "one_hot": (lambda: ops.one_hot(S(None, dtype="int32"), 5), (None, 5), "float32"),
    "relu": (lambda: ops.relu(S(None, 7)), (None, 7), "float32"),
    "softmax": (lambda: ops.softmax(S(None, 7), axis=-1), (None, 7), "float32"),
    "gelu_bfloat16": (lambda: ops.gelu(S(None, 7, dtype="bfloat16")), (None, 7), "bfloat16"),
    "conv_same": (
        lambda: ops.conv(S(None, 28, 28, 1), _ones(3, 3, 1, 8), padding="SAME"),
        (None, 28, 28, 8),
        "float32",
    ),
    "conv_strided_valid": (
        lambda: ops.conv(S(None, 32, 32, 3), _ones(3, 3, 3, 4), strides=2),
        (None, 15, 15, 4),
        "float32",
    ),
    "conv_unknown_spatial": (
        lambda: ops.conv(S(None, None, 3), _ones(3, 3, 4)),
        (None, None, 4),
        "float32",
    ),
    "conv_transpose": (
        lambda: ops.conv_transpose(S(None, 8, 8, 4), _ones(3, 3, 2, 4), 2, padding="same"),
        (None, 16, 16, 2),
        "float32",
    ),
    "depthwise_conv": (
        lambda: ops.depthwise_conv(S(None, 8, 8, 3), _ones(3, 3, 3, 2)),
        (None, 6, 6, 6),
        "float32",
    ),
    "max_pool": (lambda: ops.max_pool(S(None, 8, 8, 3), 2), (None, 4, 4, 3), "float32"),
    "average_pool_channels_first": (
        lambda: ops.average_pool(S(None, 3, 8, 8), 2, data_format="channels_first"),
        (None, 3, 4, 4),
        "float32",
    ),
    "layer_normalization": (
        lambda: ops.layer_normalization(S(None, 5), _ones(5), _ones(5)),
        (None, 5),
        "float32",
    ),
    "dot_product_attention": (
        lambda: ops.dot_product_attention(S(None, 7, 2, 4), S(None, 9, 2, 4), S(None, 9, 2, 4)),
        (None, 7, 2, 4),
        "float32",
    ),
    "sparse_categorical_crossentropy": (
        lambda: ops.sparse_categorical_crossentropy(S(None, dtype="int32"), S(None, 5)),
        (None,),
        "float32",
    ),
    "logsumexp": (lambda: ops.logsumexp(S(None, 5), axis=-1), (None,), "float32"),
    "depth_to_space": (
        lambda: ops.depth_to_space(S(None, 4, 4, 12), 2),
        (None, 8, 8, 3),
        "float32",
    ),
    "resize": (
        lambda: ops.image.resize(S(None, 32, 32, 3), (16, 20)),
        (None, 16, 20, 3),
        "float32",
    ),
    "norm": (lambda: ops.linalg.norm(S(None, 3), axis=-1), (None,), "float32"),
    "inv": (lambda: ops.linalg.inv(S(None, 3, 3)), (None, 3, 3), "float32"),
    "erf": (lambda: ops.erf(S(None, 2)), (None, 2), "float32"),
    "equal": (lambda: ops.equal(S(None, 2), 1.0), (None, 2), "bool"),
}


@pytest.mark.parametrize("case", sorted(SYMBOLIC_CASES))
def test_symbolic_shape_and_dtype(backend, case):
    build, shape, dtype = SYMBOLIC_CASES[case]
    result = build()
    assert type(result) is SymbolicTensor, f"{case} on {backend.name}: got {type(result)}"
    assert result.shape == shape, f"{case} on {backend.name}: shape {result.shape} != {shape}"
    assert result.dtype == dtype, f"{case} on {backend.name}: dtype {result.dtype} != {dtype}"
    assert result.producer is not None and callable(result.producer.operation)


def test_symbolic_multi_output_ops(backend):
    values, indices = ops.top_k(S(None, 10), 3)
    assert (values.shape, values.dtype) == ((None, 3), "float32")
    assert (indices.shape, indices.dtype) == ((None, 3), "int32")
    q, r = ops.linalg.qr(S(None, 4, 3))
    assert q.shape == (None, 4, 3) and r.shape == (None, 3, 3)
    mean, variance = ops.moments(S(None, 6), axes=[0])
    assert mean.shape == (6,) and variance.shape == (6,)
    pieces = ops.split(S(None, 6), 3, axis=1)
    assert [piece.shape for piece in pieces] == [(None, 2)] * 3
