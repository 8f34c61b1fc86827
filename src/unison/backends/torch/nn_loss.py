"""Cross-entropy losses and CTC."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

from unison import config, dtypes
from unison.backends._shared.ctc_beam_search import beam_search
from unison.backends.torch._base import (
    DEVICE,
    DTYPE_NAMES,
    FLOAT_DTYPES,
    convert_to_tensor,
    floatx_dtype,
    promote_tensors,
    to_torch_dtype,
)


def _float_pair(target, output):
    (target, output), dtype = promote_tensors(target, output)
    if dtype not in FLOAT_DTYPES:
        target, output = target.to(floatx_dtype()), output.to(floatx_dtype())
    return target, output


def _check_shapes(target, output, name):
    if tuple(target.shape) != tuple(output.shape):
        raise ValueError(
            f"{name}: `target` and `output` must have the same shape; received "
            f"target.shape={tuple(target.shape)}, output.shape={tuple(output.shape)}."
        )


def binary_crossentropy(target, output, from_logits=False):
    target, output = _float_pair(target, output)
    _check_shapes(target, output, "binary_crossentropy")
    if from_logits:
        return F.binary_cross_entropy_with_logits(output, target, reduction="none")
    epsilon = config.epsilon()
    output = torch.clamp(output, epsilon, 1.0 - epsilon)
    return -(target * torch.log(output) + (1.0 - target) * torch.log(1.0 - output))


def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target, output = _float_pair(target, output)
    _check_shapes(target, output, "categorical_crossentropy")
    if output.ndim < 1:
        raise ValueError("categorical_crossentropy: `output` must have at least 1 dimension.")
    if from_logits:
        log_probabilities = torch.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        epsilon = config.epsilon()
        log_probabilities = torch.log(torch.clamp(output, epsilon, 1.0 - epsilon))
    return -torch.sum(target * log_probabilities, dim=axis)


def sparse_categorical_crossentropy(target, output, from_logits=False, axis=-1):
    target = convert_to_tensor(target)
    output = convert_to_tensor(output)
    # the integer target acts as a one-hot floatx tensor, so the result promotes with floatx
    output = output.to(
        to_torch_dtype(dtypes.result_type(DTYPE_NAMES[output.dtype], config.floatx()))
    )
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target.squeeze(-1)
    if target.ndim != output.ndim - 1 or tuple(target.shape) != tuple(
        s for i, s in enumerate(output.shape) if i != axis % output.ndim
    ):
        raise ValueError(
            "sparse_categorical_crossentropy: `target` must have the shape of `output` without "
            f"the class axis; received target.shape={tuple(target.shape)}, "
            f"output.shape={tuple(output.shape)}."
        )
    if from_logits and output.ndim == 2 and axis in (-1, 1):
        # log_softmax and the pick in one fused op (fewer autograd nodes)
        return F.cross_entropy(output, target.to(torch.int64), reduction="none")
    if from_logits:
        log_probabilities = torch.log_softmax(output, dim=axis)
    else:
        output = output / torch.sum(output, dim=axis, keepdim=True)
        epsilon = config.epsilon()
        log_probabilities = torch.log(torch.clamp(output, epsilon, 1.0 - epsilon))
    index = target.to(torch.int64).unsqueeze(axis % output.ndim)
    return -torch.gather(log_probabilities, axis, index).squeeze(axis % output.ndim)


def ctc_loss(target, output, target_length, output_length, mask_index=0):
    output = convert_to_tensor(output)
    dtype = output.dtype if output.dtype in FLOAT_DTYPES else floatx_dtype()
    compute = torch.float32 if dtype in (torch.float16, torch.bfloat16) else dtype
    log_probabilities = torch.log_softmax(output.to(compute), dim=-1).transpose(0, 1)
    target = convert_to_tensor(target).to(torch.int64)
    target_length = convert_to_tensor(target_length).to(torch.int64)
    output_length = convert_to_tensor(output_length).to(torch.int64)
    loss = F.ctc_loss(
        log_probabilities,
        target,
        output_length,
        target_length,
        blank=mask_index,
        reduction="none",
        zero_infinity=False,
    )
    return loss.to(dtype)


def _greedy(inputs, lengths, merge_repeated, mask_index):
    batch, time, _ = inputs.shape
    indices = torch.argmax(inputs, dim=-1)
    scores = torch.amax(inputs, dim=-1)
    beyond = torch.arange(time, device=inputs.device)[None, :] >= lengths[:, None]
    indices = torch.where(beyond, torch.full_like(indices, mask_index), indices)
    scores = torch.where(beyond, torch.zeros_like(scores), scores)
    if merge_repeated:
        repeat = torch.zeros_like(beyond)
        repeat[:, 1:] = indices[:, 1:] == indices[:, :-1]
        indices = torch.where(repeat, torch.full_like(indices, mask_index), indices)
    blank = indices == mask_index
    indices = torch.where(blank, torch.full_like(indices, -1), indices)
    order = torch.arange(time, device=inputs.device)[None, :].expand(batch, time)
    order = torch.where(blank, torch.full_like(order, time), order)
    order = torch.argsort(order, dim=-1, stable=True)
    indices = torch.gather(indices, 1, order)
    return indices[None].to(torch.int32), -torch.sum(scores, dim=1, keepdim=True)


def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    inputs = convert_to_tensor(inputs)
    dtype = inputs.dtype if inputs.dtype in (torch.float32, torch.float64) else torch.float32
    inputs = inputs.to(dtype)
    lengths = convert_to_tensor(sequence_lengths).to(torch.int64)
    if mask_index is None:
        mask_index = inputs.shape[-1] - 1
    if strategy == "greedy":
        return _greedy(inputs, lengths, merge_repeated, mask_index)
    if strategy == "beam_search":
        log_probabilities = torch.log_softmax(inputs, dim=-1).detach().cpu().numpy()
        paths, scores = beam_search(
            log_probabilities, lengths.cpu().numpy(), int(beam_width), int(top_paths), mask_index
        )
        return (
            torch.from_numpy(np.ascontiguousarray(paths)).to(DEVICE),
            torch.from_numpy(scores).to(dtype).to(DEVICE),
        )
    raise ValueError(
        f"ctc_decode: `strategy` must be 'greedy' or 'beam_search'; received {strategy!r}."
    )
