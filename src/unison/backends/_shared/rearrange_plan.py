"""einops-style ``rearrange`` patterns turned into reshape / transpose / reshape steps.

Backend-neutral: the plan is computed from the input shape with plain Python, and a backend
applies it with its own ``reshape`` and ``transpose``.

Example:
    >>> plan("b (h w) c -> b h w c", (2, 6, 3), {"h": 2})
    ((2, 2, 3, 3), (0, 1, 2, 3), (2, 2, 3, 3))
"""

from __future__ import annotations

import math
import re

_ELLIPSIS = "..."
_TOKEN = re.compile(r"\.\.\.|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+")


def _parse_side(text: str) -> list[list[str]]:
    """A side of the pattern as groups of axis names; ``[]`` is an anonymous size-1 axis."""
    groups: list[list[str]] = []
    current: list[str] | None = None
    position = 0
    for match in _TOKEN.finditer(text):
        between = text[position : match.start()]
        if between.strip():
            raise ValueError(f"rearrange: unexpected characters {between.strip()!r} in {text!r}.")
        position = match.end()
        token = match.group()
        if token == "(":
            if current is not None:
                raise ValueError(f"rearrange: nested parentheses in {text!r}.")
            current = []
        elif token == ")":
            if current is None:
                raise ValueError(f"rearrange: unbalanced ')' in {text!r}.")
            groups.append(current)
            current = None
        elif token.isdigit():
            if token != "1":
                raise ValueError(
                    f"rearrange: numeric axes other than 1 are not supported; received {token!r}."
                )
            if current is None:
                groups.append([])
        elif current is not None:
            current.append(token)
        else:
            groups.append([token])
    if text[position:].strip():
        raise ValueError(f"rearrange: unexpected characters {text[position:].strip()!r}.")
    if current is not None:
        raise ValueError(f"rearrange: unbalanced '(' in {text!r}.")
    return groups


def _expand_ellipsis(groups: list[list[str]], count: int) -> list[list[str]]:
    names = [f"{_ELLIPSIS}{index}" for index in range(count)]
    expanded: list[list[str]] = []
    for group in groups:
        if group == [_ELLIPSIS]:
            expanded.extend([name] for name in names)
        elif _ELLIPSIS in group:
            expanded.append([n for item in group for n in (names if item == _ELLIPSIS else [item])])
        else:
            expanded.append(group)
    return expanded


def plan(
    pattern: str, shape: tuple[int, ...], axes_lengths: dict[str, int]
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """``(elementary_shape, permutation, output_shape)`` for ``rearrange(x, pattern)``."""
    if "->" not in pattern:
        raise ValueError(f"rearrange: the pattern must contain '->'; received {pattern!r}.")
    left_text, right_text = pattern.split("->")
    left, right = _parse_side(left_text), _parse_side(right_text)
    has_ellipsis = any(_ELLIPSIS in group for group in left)
    if has_ellipsis:
        extra = len(shape) - (len(left) - 1)
        if extra < 0:
            raise ValueError(f"rearrange: input of rank {len(shape)} is too small for {pattern!r}.")
        left = _expand_ellipsis(left, extra)
        right = _expand_ellipsis(right, extra)
    if len(left) != len(shape):
        raise ValueError(
            f"rearrange: pattern {left_text.strip()!r} has {len(left)} axes but the input has "
            f"shape {tuple(shape)}."
        )
    sizes: dict[str, int] = {name: int(value) for name, value in axes_lengths.items()}
    for group, dim in zip(left, shape, strict=False):
        unknown = [name for name in group if name not in sizes]
        known = math.prod(sizes[name] for name in group if name in sizes)
        if len(unknown) > 1:
            raise ValueError(f"rearrange: cannot infer sizes of {unknown} in {pattern!r}.")
        if unknown:
            if known == 0 or dim % known:
                raise ValueError(f"rearrange: dimension {dim} is not divisible by {known}.")
            sizes[unknown[0]] = dim // known
        elif known != dim:
            raise ValueError(
                f"rearrange: axes {group} have total size {known}, but the dimension is {dim}."
            )
    left_names = [name for group in left for name in group]
    right_names = [name for group in right for name in group]
    if sorted(left_names) != sorted(right_names):
        raise ValueError(f"rearrange: both sides must name the same axes; received {pattern!r}.")
    elementary = tuple(sizes[name] for name in left_names)
    permutation = tuple(left_names.index(name) for name in right_names)
    output = tuple(math.prod(sizes[name] for name in group) for group in right)
    return elementary, permutation, output
