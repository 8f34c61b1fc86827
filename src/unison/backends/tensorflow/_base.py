"""Conversion, dtype tables and promotion shared by every module of the TensorFlow backend."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from unison import config, dtypes  # noqa: E402

EagerTensor = type(tf.constant(0))
Tensor = tf.Tensor  # eager and graph tensors
TFVariable = tf.Variable
_NATIVE = (tf.Tensor, tf.Variable)
_SCALARS = (bool, int, float, complex)

NAME_TO_TF = {name: tf.as_dtype(name) for name in dtypes.ALLOWED_DTYPES}
TF_TO_NAME = {value: key for key, value in NAME_TO_TF.items()}
NAME_TO_NP = {
    name: (np.dtype(ml_dtypes.bfloat16) if name == "bfloat16" else np.dtype(name))
    for name in dtypes.ALLOWED_DTYPES
    if name != "string"
}
FLOATS = frozenset(tf.as_dtype(name) for name in dtypes.FLOAT_TYPES)
COMPLEXES = frozenset((tf.complex64, tf.complex128))
INEXACT = FLOATS | COMPLEXES
INTS = frozenset(tf.as_dtype(name) for name in dtypes.INT_TYPES)
UNSIGNED = frozenset((tf.uint8, tf.uint16, tf.uint32, tf.uint64))
HALF = frozenset((tf.float16, tf.bfloat16))


def tf_dtype(dtype):
    """A ``tf.DType`` for a unison dtype name (or anything ``standardize_dtype`` accepts)."""
    found = NAME_TO_TF.get(dtype)
    if found is not None:
        return found
    if isinstance(dtype, tf.DType):
        return dtype
    return NAME_TO_TF[dtypes.standardize_dtype(dtype)]


def floatx():
    return NAME_TO_TF[config.floatx()]


def name_of(tf_type):
    return TF_TO_NAME[tf_type]


# -- conversion ---------------------------------------------------------------------------


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """A TensorFlow tensor (or the ``tf.Variable`` itself) holding ``x``."""
    if type(x) is EagerTensor:
        if dtype is None:
            return x
        target = tf_dtype(dtype)
        return x if x.dtype is target else tf.cast(x, target)
    if sparse:
        raise NotImplementedError(
            "The TensorFlow backend of unison does not support sparse tensors (sparse=True)."
        )
    if ragged:
        raise NotImplementedError(
            "The TensorFlow backend of unison does not support ragged tensors (ragged=True)."
        )
    return _convert_slow(x, dtype)


def _convert_slow(x, dtype):
    if isinstance(x, _NATIVE):
        if dtype is None:
            return x
        target = tf_dtype(dtype)
        return x if x.dtype == target else tf.cast(x, target)
    target = None if dtype is None else tf_dtype(dtype)
    kind = type(x)
    if kind in _SCALARS:
        return scalar_tensor(x, target)
    if isinstance(x, (np.ndarray, np.generic)):
        return _from_numpy(x, target)
    if isinstance(x, (list, tuple)):
        return _from_sequence(x, target)
    if isinstance(x, str) or isinstance(x, bytes):
        return tf.constant(x)
    module = kind.__module__
    if module.startswith("unison."):
        from unison.state.variable import Variable

        if isinstance(x, Variable):
            return convert_to_tensor(x.value, dtype)
        if hasattr(x, "shape") and hasattr(x, "dtype") and not hasattr(x, "__array__"):
            raise TypeError(
                f"Expected a tensor-like value; received a {kind.__name__} (symbolic tensors "
                "have no values)."
            )
    if module.startswith("torch"):
        return _from_numpy(_torch_to_numpy(x), target)
    if hasattr(x, "__array__") or hasattr(x, "__array_interface__"):
        return _from_numpy(np.asarray(x), target)
    if x is None:
        raise TypeError("Expected a tensor-like value; received None.")
    try:
        return tf.convert_to_tensor(x, dtype=target)
    except (TypeError, ValueError) as error:
        raise TypeError(
            f"Cannot convert a {kind.__name__} to a TensorFlow tensor: {error}"
        ) from None


def _torch_to_numpy(x):
    import torch

    x = x.detach()
    if x.device.type != "cpu":
        x = x.cpu()
    if x.dtype is torch.bfloat16:
        return x.float().numpy().astype(ml_dtypes.bfloat16)
    if getattr(x, "is_conj", lambda: False)():
        x = x.resolve_conj()
    return x.numpy()


def scalar_tensor(x, target=None):
    """A 0-d tensor from a Python scalar (weak type: bool, int32, floatx, complex64)."""
    if target is None:
        kind = type(x)
        if kind is float:
            target = floatx()
        elif kind is bool:
            target = tf.bool
        elif kind is int:
            target = tf.int32 if -(2**31) <= x < 2**31 else tf.int64
        else:
            target = tf.complex64
    try:
        return tf.constant(x, dtype=target)
    except (TypeError, ValueError):
        return tf.cast(tf.constant(x), target)


def _from_numpy(array, target):
    if array.dtype == object or array.dtype.kind in "US":
        if target is not None and target != tf.string:
            array = np.asarray(array.tolist())
        else:
            return tf.constant(array.astype(str) if array.dtype.kind != "S" else array)
    if target is not None:
        wanted = NAME_TO_NP[TF_TO_NAME[target]]
        if array.dtype != wanted:
            array = array.astype(wanted)
    return tf.convert_to_tensor(array)


def _leaves(sequence, out):
    for item in sequence:
        if isinstance(item, (list, tuple)):
            _leaves(item, out)
        else:
            out.append(item)
    return out


def _from_sequence(sequence, target):
    leaves = _leaves(sequence, [])
    if any(not (type(leaf) in _SCALARS or isinstance(leaf, np.generic)) for leaf in leaves):
        if any(isinstance(leaf, _NATIVE) or _is_foreign(leaf) for leaf in leaves):
            return _stack_nested(sequence, target)
    array = np.asarray(sequence)
    if target is None:
        kind = array.dtype
        if not leaves:
            target = floatx()
        elif kind == np.float64 and all(type(leaf) in _SCALARS for leaf in leaves):
            target = floatx()
        elif kind == np.int64 and all(type(leaf) in _SCALARS for leaf in leaves):
            if array.size == 0 or (array.min() >= -(2**31) and array.max() < 2**31):
                target = tf.int32
        elif kind == np.complex128 and all(type(leaf) in _SCALARS for leaf in leaves):
            target = tf.complex64
    return _from_numpy(array, target)


def _is_foreign(value):
    return hasattr(value, "shape") and hasattr(value, "dtype")


def _stack_nested(sequence, target):
    items = [
        _stack_nested(item, target) if isinstance(item, (list, tuple)) else item
        for item in sequence
    ]
    if target is None:
        target = tf_dtype(dtypes.result_type(*[_dtype_key(item) for item in items]))
    return tf.stack([convert_to_tensor(item, target) for item in items])


def _dtype_key(value):
    if type(value) in _SCALARS:
        return value
    return TF_TO_NAME[convert_to_tensor(value).dtype]


def convert_to_numpy(x):
    """A NumPy array with the values of ``x``."""
    if isinstance(x, _NATIVE):
        return np.asarray(x.numpy() if hasattr(x, "numpy") else x)
    return np.asarray(convert_to_tensor(x).numpy())


# -- promotion ----------------------------------------------------------------------------

_promotion_cache: dict = {}


def _key_of(value):
    """(converted value, promotion key): Python scalars stay weak, others become tensors."""
    kind = type(value)
    if kind in _SCALARS:
        return value, kind
    value = convert_to_tensor(value)
    return value, value.dtype


def promoted_type(k1, k2):
    key = (k1, k2, config.floatx())
    target = _promotion_cache.get(key)
    if target is None:
        a = k1 if isinstance(k1, type) else TF_TO_NAME[k1]
        b = k2 if isinstance(k2, type) else TF_TO_NAME[k2]
        a = _WEAK_SAMPLE.get(a, a)
        b = _WEAK_SAMPLE.get(b, b)
        target = NAME_TO_TF[dtypes.result_type(a, b)]
        _promotion_cache[key] = target
    return target


# result_type reads Python values as weak types; hand it a sample value of each type.
_WEAK_SAMPLE = {bool: True, int: 1, float: 1.0, complex: 1j}


def to_type(value, target):
    """``value`` (a tensor or Python scalar) as a tensor of ``target``."""
    if type(value) in _SCALARS:
        return scalar_tensor(value, target)
    return value if value.dtype is target else tf.cast(value, target)


def pair(x1, x2):
    """Both operands as tensors of their common unison result dtype."""
    if type(x1) is EagerTensor and type(x2) is EagerTensor and x1.dtype is x2.dtype:
        return x1, x2
    x1, k1 = _key_of(x1)
    x2, k2 = _key_of(x2)
    target = promoted_type(k1, k2)
    return to_type(x1, target), to_type(x2, target)


def many(values):
    """All values as tensors of their common unison result dtype."""
    converted = [_key_of(value) for value in values]
    if not converted:
        return []
    target = converted[0][1]
    if isinstance(target, type):
        target = promoted_type(target, target)
    for _, key in converted[1:]:
        target = promoted_type(target, key)
    return [to_type(value, target) for value, _ in converted]


def float_tensor(x):
    """``x`` as a tensor; integer and bool tensors become floatx."""
    x = convert_to_tensor(x)
    if x.dtype in INEXACT:
        return x
    return tf.cast(x, floatx())


def compute_in_float32(function, x, *args, **kwargs):
    """Run ``function`` on ``x`` upcast to float32 when it is half precision; cast back."""
    dtype = x.dtype
    if dtype in HALF:
        return tf.cast(function(tf.cast(x, tf.float32), *args, **kwargs), dtype)
    return function(x, *args, **kwargs)


def standardize_axis(axis, ndim):
    if axis is None:
        return None
    if isinstance(axis, (list, tuple)):
        return tuple(a + ndim if a < 0 else a for a in axis)
    axis = int(axis)
    return axis + ndim if axis < 0 else axis


def static_shape(x):
    """The shape as a tuple, with Python ints where known and scalar tensors otherwise."""
    known = x.shape
    if known.rank is not None and None not in known.as_list():
        return tuple(known.as_list())
    dynamic = tf.shape(x)
    return tuple(
        dim if dim is not None else dynamic[index] for index, dim in enumerate(known.as_list())
    )
