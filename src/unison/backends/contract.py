"""The backend contract: the names each family module of every backend exports.

:data:`CONTRACT` maps a family (a module of every backend package, see :mod:`unison.backends`)
to the names that module lists in ``__all__``; :class:`unison.backend.Backend` flattens them onto
the backend object. A backend may add the optional kernels of :data:`OPTIONAL`. This is the one
list of these names: the backends' family modules take their ``__all__`` from here (but
``trainer``, which lists its few names itself).

In a backend, each name is a ``def`` (or an assignment) in the family module itself or in one of
its topic modules, the modules of the package named ``<family>_*.py`` (``numpy_shape.py``,
``nn_conv.py``...). The family module ends with ``__all__ = gather(globals(), "<family>")``,
which binds the names there and fails at import when one is missing.

The public modules ``unison.ops.<family>`` (:data:`PUBLIC_FAMILIES`) export the same names, less
the backend machinery of :data:`BACKEND_ONLY` (:func:`public_names`): ``unison.ops.numpy`` and
``unison.ops.nn`` take their ``__all__`` from here and re-export their topic modules, the others
list the ops they define. ``random``, ``autodiff`` and ``trainer`` have no such module
(``unison.random`` and the trainer call them).
``tests/ops/test_backend_contract.py`` checks every installed backend and the public namespaces.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import Any


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ``core`` names that are backend machinery (state storage, shape inference, devices), not ops.
BACKEND_ONLY = _names("""
    compute_output_spec devices variable_assign variable_create variable_value
""")

CONTRACT: dict[str, tuple[str, ...]] = {
    "core": _names("""
        associative_scan cast cond convert_to_numpy convert_to_tensor custom_gradient dtype
        fori_loop is_tensor map saturate_cast scan scatter scatter_update shape slice
        slice_update stop_gradient switch unstack vectorized_map while_loop
    """)
    + BACKEND_ONLY,
    "math": _names("""
        cdist erf erfc erfinv extract_sequences fft fft2 ifft2 in_top_k irfft istft
        logdet logsumexp rfft rsqrt segment_max segment_min segment_prod segment_sum
        stft top_k view_as_complex view_as_real
    """),
    "numpy": _names("""
        abs absolute add all allclose amax amin angle any append arange arccos arccosh
        arcsin arcsinh arctan arctan2 arctanh argmax argmin argpartition argsort array
        array_split average bartlett bincount bitwise_and bitwise_invert
        bitwise_left_shift bitwise_not bitwise_or bitwise_right_shift bitwise_xor
        blackman broadcast_to cbrt ceil clip concatenate conj conjugate copy corrcoef
        correlate cos cosh count_nonzero cross cumprod cumsum deg2rad diag diagflat
        diagonal diff digitize divide divide_no_nan dot dsplit dstack einsum empty
        empty_like equal exp exp2 expand_dims expm1 eye fabs flip fliplr flipud floor
        floor_divide fmax fmin fmod full full_like gcd geomspace get_item greater
        greater_equal hamming hanning heaviside histogram hsplit hstack hypot i0
        identity imag inner isclose isfinite isin isinf isnan isneginf isposinf isreal
        kaiser kron lcm ldexp left_shift less less_equal linspace log log10 log1p log2
        logaddexp logaddexp2 logical_and logical_not logical_or logical_xor logspace
        matmul max maximum mean median meshgrid min minimum mod moveaxis multiply
        nan_to_num nanargmax nanargmin nancumprod nancumsum nanmax nanmean nanmedian
        nanmin nanpercentile nanprod nanquantile nanstd nansum nanvar ndim negative
        nextafter nonzero not_equal ones ones_like outer pad percentile power prod ptp
        quantile rad2deg ravel real rearrange reciprocal repeat reshape right_shift roll
        rot90 round searchsorted select sign signbit sin sinc sinh size slogdet sort
        split sqrt square squeeze stack std subtract sum swapaxes take take_along_axis
        tan tanh tensordot tile trace transpose trapezoid tri tril triu true_divide
        trunc unique unravel_index vander var vdot vectorize view vsplit vstack where
        zeros zeros_like
    """),
    "nn": _names("""
        adaptive_average_pool adaptive_max_pool average_pool batch_normalization
        binary_crossentropy categorical_crossentropy celu conv conv_transpose ctc_decode
        ctc_loss depth_to_space depthwise_conv dot_product_attention elu fold gelu glu
        hard_shrink hard_sigmoid hard_silu hard_swish hard_tanh layer_normalization
        leaky_relu log_sigmoid log_softmax max_pool moments multi_hot normalize one_hot
        polar psnr relu relu6 rms_normalization selu separable_conv sigmoid silu
        soft_shrink softmax softplus softsign space_to_depth
        sparse_categorical_crossentropy sparse_plus sparse_sigmoid sparsemax squareplus
        swish tanh_shrink threshold unfold
    """),
    "linalg": _names("""
        cholesky cholesky_inverse det eig eigh inv jvp lstsq lu_factor matrix_rank norm
        pinv qr solve solve_triangular svd
    """),
    "image": _names("""
        affine_transform crop_images elastic_transform extract_patches
        extract_patches_3d gaussian_blur hsv_to_rgb map_coordinates pad_images
        perspective_transform resize rgb_to_grayscale rgb_to_hsv scale_and_translate
        sobel_edges ssim
    """),
    "random": _names("""
        beta binomial categorical dropout gamma normal randint shuffle truncated_normal
        uniform
    """),
    "autodiff": _names("grad jit value_and_grad"),
    "trainer": _names("compile_step no_grad"),
}

# Optional fused kernels (documented in :mod:`unison.backends`): shared code looks them up with
# ``getattr(backend, name, None)``, so a backend may leave them out.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "nn": ("fused_conv", "fused_dense"),
    "trainer": ("fused_adam",),
}

# The families with a public module ``unison.ops.<family>``.
PUBLIC_FAMILIES = ("core", "math", "numpy", "nn", "linalg", "image")

_ABSENT = object()


def public_names(family: str) -> list[str]:
    """The ``__all__`` of ``unison.ops.<family>``: the family's names less :data:`BACKEND_ONLY`."""
    return [name for name in CONTRACT[family] if name not in BACKEND_ONLY]


def gather(
    namespace: dict[str, Any],
    family: str,
    *,
    topics: str | None = None,
    extras: tuple[str, ...] = (),
) -> list[str]:
    """Bind a backend family's names in ``namespace`` and return them, for ``__all__``.

    Each name is taken from the family module itself or from its topic modules: the modules of
    the same package whose names start with ``topics`` (imported here).

    Args:
        namespace: the family module's ``globals()``.
        family: a key of :data:`CONTRACT`.
        topics: the name prefix of the topic modules; ``"<family>_"`` by default.
        extras: names of :data:`OPTIONAL` that this backend provides as well.

    Raises:
        ImportError: naming every name that none of these modules defines, and every name that
            two of them define as different objects.
        ValueError: when ``extras`` holds a name that :data:`OPTIONAL` does not list.
    """
    unknown = [name for name in extras if name not in OPTIONAL.get(family, ())]
    if unknown:
        raise ValueError(f"{unknown} are not optional names of the {family!r} family.")
    package = namespace["__package__"]
    prefix = f"{family}_" if topics is None else topics
    modules = [
        importlib.import_module(f"{package}.{name}")
        for name in sorted(
            info.name for info in pkgutil.iter_modules(sys.modules[package].__path__)
        )
        if name.startswith(prefix)
    ]
    names = [*CONTRACT[family], *extras]
    missing, ambiguous = [], []
    for name in names:
        found = {}
        for source in (namespace, *(vars(module) for module in modules)):
            value = source.get(name, _ABSENT)
            if value is not _ABSENT:
                found[id(value)] = value
        if len(found) == 1:
            namespace[name] = found.popitem()[1]
        else:
            (ambiguous if found else missing).append(name)
    if missing or ambiguous:
        topic_names = ", ".join(module.__name__ for module in modules) or "none"
        problems = [f"missing {missing}"] if missing else []
        problems += [f"defined differently in two modules: {ambiguous}"] if ambiguous else []
        raise ImportError(
            f"{namespace['__name__']} (topic modules: {topic_names}): {'; '.join(problems)}."
        )
    return names
