"""Pooling: max / average (TF-style "same" padding) and adaptive pools."""

from __future__ import annotations

import torch
import torch.nn.functional as F  # noqa: N812

from unison.backends.torch._base import FLOAT_DTYPES, convert_to_tensor, floatx_dtype
from unison.backends.torch.nn_conv import (
    _tuple,
    pad_spatial,
    same_padding,
    to_channels_first,
    to_channels_last,
)

_MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
_AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}
_ADAPTIVE_MAX = {1: F.adaptive_max_pool1d, 2: F.adaptive_max_pool2d, 3: F.adaptive_max_pool3d}
_ADAPTIVE_AVG = {1: F.adaptive_avg_pool1d, 2: F.adaptive_avg_pool2d, 3: F.adaptive_avg_pool3d}


def _prepare(inputs, pool_size, strides, data_format):
    x = convert_to_tensor(inputs)
    rank = x.ndim - 2
    if rank not in _MAX:
        raise ValueError(
            f"pooling: inputs must be 3-D, 4-D or 5-D; received shape {tuple(x.shape)}."
        )
    pool = _tuple(pool_size, rank, "pool_size")
    strides = pool if strides is None else _tuple(strides, rank, "strides")
    return to_channels_first(x, data_format or "channels_last"), rank, pool, strides


def max_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, rank, pool, strides = _prepare(inputs, pool_size, strides, data_format)
    dtype = x.dtype
    if dtype not in FLOAT_DTYPES:
        x = x.to(torch.float64)
    if padding.lower() == "same":
        pads = same_padding(x.shape[2:], pool, strides, (1,) * rank)
        x = pad_spatial(x, pads, value=float("-inf"))
    elif padding.lower() != "valid":
        raise ValueError(f"max_pool: `padding` must be 'valid' or 'same'; received {padding!r}.")
    result = _MAX[rank](x, pool, strides)
    return to_channels_last(result.to(dtype), data_format or "channels_last")


def average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None):
    x, rank, pool, strides = _prepare(inputs, pool_size, strides, data_format)
    dtype = x.dtype
    if dtype not in FLOAT_DTYPES:
        x = x.to(floatx_dtype())
        dtype = x.dtype
    if padding.lower() == "same":
        pads = same_padding(x.shape[2:], pool, strides, (1,) * rank)
        if any(before or after for before, after in pads):
            padded = pad_spatial(x, pads)
            ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype, device=x.device)
            counts = _AVG[rank](pad_spatial(ones, pads), pool, strides)
            result = _AVG[rank](padded, pool, strides) / counts
        else:
            result = _AVG[rank](x, pool, strides)
    elif padding.lower() == "valid":
        result = _AVG[rank](x, pool, strides)
    else:
        raise ValueError(
            f"average_pool: `padding` must be 'valid' or 'same'; received {padding!r}."
        )
    return to_channels_last(result.to(dtype), data_format or "channels_last")


def _adaptive(table, inputs, output_size, data_format):
    x = convert_to_tensor(inputs)
    rank = x.ndim - 2
    if rank not in table:
        raise ValueError(
            f"adaptive pooling: inputs must be 3-D, 4-D or 5-D; received shape {tuple(x.shape)}."
        )
    size = _tuple(output_size, rank, "output_size")
    data_format = data_format or "channels_last"
    x = to_channels_first(x, data_format)
    dtype = x.dtype
    if dtype not in FLOAT_DTYPES:
        x = x.to(floatx_dtype())
    result = table[rank](x, size)
    if isinstance(result, tuple):
        result = result[0]
    return to_channels_last(result, data_format)


def adaptive_average_pool(inputs, output_size, data_format=None):
    return _adaptive(_ADAPTIVE_AVG, inputs, output_size, data_format)


def adaptive_max_pool(inputs, output_size, data_format=None):
    return _adaptive(_ADAPTIVE_MAX, inputs, output_size, data_format)
