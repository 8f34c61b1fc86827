"""``unison.random`` on every backend: shapes, dtypes, statistics, ranges, reproducibility."""

import numpy as np
import pytest

import unison

# name, call(seed, dtype) -> tensor, dtypes, expected mean, expected std (None: not checked),
# value range (low, high) or None
N = 4000


def _normal(seed, dtype):
    return unison.random.normal((N,), mean=1.0, stddev=2.0, dtype=dtype, seed=seed)


def _uniform(seed, dtype):
    return unison.random.uniform((N,), minval=-1.0, maxval=3.0, dtype=dtype, seed=seed)


def _truncated(seed, dtype):
    return unison.random.truncated_normal((N,), mean=0.5, stddev=1.0, dtype=dtype, seed=seed)


def _randint(seed, dtype):
    return unison.random.randint((N,), minval=-3, maxval=5, dtype=dtype, seed=seed)


def _gamma(seed, dtype):
    return unison.random.gamma((N,), alpha=3.0, dtype=dtype, seed=seed)


def _beta(seed, dtype):
    return unison.random.beta((N,), alpha=2.0, beta=5.0, dtype=dtype, seed=seed)


def _binomial(seed, dtype):
    return unison.random.binomial((N,), counts=10.0, probabilities=0.3, dtype=dtype, seed=seed)


SAMPLERS = {
    # name: (sampler, dtypes, mean, std, (low, high))
    "normal": (_normal, ("float32", "float16", "bfloat16"), 1.0, 2.0, None),
    "uniform": (_uniform, ("float32", "float16", "bfloat16"), 1.0, 4 / np.sqrt(12), (-1.0, 3.0)),
    # N(0.5, 1) truncated to two stddevs: std 0.8796
    "truncated_normal": (_truncated, ("float32", "bfloat16"), 0.5, 0.8796, (-1.5, 2.5)),
    # uniform on {-3..4}: mean 0.5, std sqrt((8**2 - 1) / 12)
    "randint": (_randint, ("int32", "uint8"), None, None, None),
    "gamma": (_gamma, ("float32",), 3.0, np.sqrt(3.0), (0.0, np.inf)),
    "beta": (_beta, ("float32",), 2 / 7, np.sqrt(10 / (49 * 8)), (0.0, 1.0)),
    "binomial": (_binomial, ("float32", "float16"), 3.0, np.sqrt(2.1), (0.0, 10.0)),
}
CASES = [(name, dtype) for name, spec in SAMPLERS.items() for dtype in spec[1]]


def _numpy(x):
    value = np.asarray(unison.ops.convert_to_numpy(x))
    return value.astype(np.float64)


@pytest.mark.parametrize("name,dtype", CASES, ids=[f"{n}-{d}" for n, d in CASES])
def test_distribution(name, dtype, backend):
    sampler, _, mean, std, bounds = SAMPLERS[name]
    where = f"random.{name} dtype={dtype} backend={backend.name}"
    if name == "randint":
        low, high = (-3, 5) if dtype == "int32" else (0, 5)
        result = unison.random.randint((N,), minval=low, maxval=high, dtype=dtype, seed=1)
        mean, std = (low + high - 1) / 2, np.sqrt(((high - low) ** 2 - 1) / 12)
        bounds = (low, high - 1)
    else:
        result = sampler(1, dtype)
    assert tuple(unison.ops.shape(result)) == (N,), f"{where}: shape {unison.ops.shape(result)}"
    assert unison.ops.dtype(result) == dtype, f"{where}: dtype {unison.ops.dtype(result)}"
    values = _numpy(result)
    assert np.isfinite(values).all(), f"{where}: non-finite samples"
    if bounds is not None:
        assert values.min() >= bounds[0] and values.max() <= bounds[1], (
            f"{where}: samples in [{values.min()}, {values.max()}], expected within {bounds}"
        )
    # 4000 samples: the mean is within ~5 standard errors, the std within ~8%
    tolerance = 5 * std / np.sqrt(N) + (0.02 if dtype in ("float16", "bfloat16") else 0)
    assert abs(values.mean() - mean) < tolerance, f"{where}: mean {values.mean()}, expected {mean}"
    assert abs(values.std() - std) < 0.08 * std + 0.01, (
        f"{where}: std {values.std()}, expected {std}"
    )
    if name == "randint":
        assert set(np.unique(values)) == set(range(bounds[0], bounds[1] + 1)), (
            f"{where}: values {sorted(set(np.unique(values)))}"
        )


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_int_seed_reproducible(name, backend):
    sampler, dtypes = SAMPLERS[name][:2]
    dtype = dtypes[0]
    first, second, other = (
        _numpy(sampler(42, dtype)),
        _numpy(sampler(42, dtype)),
        _numpy(sampler(43, dtype)),
    )
    where = f"random.{name} backend={backend.name}"
    np.testing.assert_array_equal(first, second, err_msg=f"{where}: same int seed differs")
    assert not np.array_equal(first, other), f"{where}: seeds 42 and 43 gave the same samples"


@pytest.mark.parametrize("name", list(SAMPLERS))
def test_seed_generator_reproducible(name, backend):
    sampler, dtypes = SAMPLERS[name][:2]
    dtype = dtypes[0]
    where = f"random.{name} backend={backend.name}"
    generator = unison.random.SeedGenerator(7)
    first_a, first_b = _numpy(sampler(generator, dtype)), _numpy(sampler(generator, dtype))
    assert not np.array_equal(first_a, first_b), f"{where}: a SeedGenerator repeated itself"
    generator = unison.random.SeedGenerator(7)
    second_a, second_b = _numpy(sampler(generator, dtype)), _numpy(sampler(generator, dtype))
    np.testing.assert_array_equal(first_a, second_a, err_msg=f"{where}: re-created generator")
    np.testing.assert_array_equal(first_b, second_b, err_msg=f"{where}: re-created generator")


def test_dropout(backend):
    where = f"random.dropout backend={backend.name}"
    x = np.ones((100, 40), "float32")
    y = _numpy(unison.random.dropout(unison.ops.convert_to_tensor(x), rate=0.25, seed=3))
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.03, f"{where}: kept fraction {kept.mean()}"
    np.testing.assert_allclose(y[kept], 1 / 0.75, rtol=1e-6, err_msg=where)
    again = _numpy(unison.random.dropout(unison.ops.convert_to_tensor(x), rate=0.25, seed=3))
    np.testing.assert_array_equal(y, again, err_msg=f"{where}: same seed differs")
    shaped = _numpy(
        unison.random.dropout(unison.ops.convert_to_tensor(x), 0.5, noise_shape=(1, 40), seed=4)
    )
    assert (shaped == shaped[:1]).all(), f"{where}: noise_shape (1, 40) not broadcast over rows"
    half = unison.random.dropout(unison.ops.convert_to_tensor(x.astype("float16")), 0.5, seed=1)
    assert unison.ops.dtype(half) == "float16", f"{where}: dtype {unison.ops.dtype(half)}"


def test_shuffle(backend):
    where = f"random.shuffle backend={backend.name}"
    x = np.arange(60, dtype="int32").reshape(20, 3)
    y = _numpy(unison.random.shuffle(unison.ops.convert_to_tensor(x), seed=5))
    assert y.shape == (20, 3), f"{where}: shape {y.shape}"
    assert sorted(map(tuple, y.tolist())) == sorted(map(tuple, x.tolist())), (
        f"{where}: rows changed, not only reordered"
    )
    assert not np.array_equal(y, x), f"{where}: not shuffled"
    again = _numpy(unison.random.shuffle(unison.ops.convert_to_tensor(x), seed=5))
    np.testing.assert_array_equal(y, again, err_msg=f"{where}: same seed differs")
    columns = _numpy(unison.random.shuffle(unison.ops.convert_to_tensor(x), axis=1, seed=5))
    np.testing.assert_array_equal(np.sort(columns, axis=1), x, err_msg=f"{where}: axis=1")


def test_categorical(backend):
    where = f"random.categorical backend={backend.name}"
    probabilities = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]])
    logits = unison.ops.convert_to_tensor(np.log(probabilities).astype("float32"))
    samples = unison.random.categorical(logits, 3000, seed=2)
    assert tuple(unison.ops.shape(samples)) == (2, 3000), f"{where}: shape"
    assert unison.ops.dtype(samples) == "int32", f"{where}: dtype {unison.ops.dtype(samples)}"
    values = _numpy(samples).astype(int)
    assert values.min() >= 0 and values.max() <= 2, f"{where}: class out of range"
    for row in range(2):
        frequencies = np.bincount(values[row], minlength=3) / 3000
        np.testing.assert_allclose(frequencies, probabilities[row], atol=0.04, err_msg=where)
    again = _numpy(unison.random.categorical(logits, 3000, seed=2))
    np.testing.assert_array_equal(values, again, err_msg=f"{where}: same seed differs")


def test_default_dtype_is_floatx(backend):
    for name in ("normal", "uniform", "truncated_normal"):
        result = getattr(unison.random, name)((3,), seed=1)
        assert unison.ops.dtype(result) == "float32", f"random.{name} backend={backend.name}"
    result = unison.random.randint((3,), 0, 4, seed=1)
    assert unison.ops.dtype(result) == "int32", f"random.randint backend={backend.name}"
