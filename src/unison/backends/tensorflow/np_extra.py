"""``rearrange`` (einops patterns) and ``vectorize`` (NumPy generalized ufuncs)."""

import re

import tensorflow as tf

from unison import tree
from unison.backends.tensorflow._base import convert_to_tensor

__all__ = ["rearrange", "vectorize"]


def _parse_side(side, pattern):
    """A side of an einops pattern as a list of groups; each group is a list of names."""
    groups, current = [], None
    for token in re.findall(r"\.\.\.|\(|\)|[A-Za-z_][A-Za-z0-9_]*|\d+", side):
        if token == "(":
            if current is not None:
                raise ValueError(f"rearrange: nested parentheses in pattern {pattern!r}.")
            current = []
        elif token == ")":
            if current is None:
                raise ValueError(f"rearrange: unbalanced ')' in pattern {pattern!r}.")
            groups.append(current)
            current = None
        elif current is not None:
            current.append(token)
        else:
            groups.append([token])
    if current is not None:
        raise ValueError(f"rearrange: unbalanced '(' in pattern {pattern!r}.")
    return groups


def rearrange(tensor, pattern, **axes_lengths):
    tensor = convert_to_tensor(tensor)
    if "->" not in pattern:
        raise ValueError(f"rearrange: pattern must contain '->'; received {pattern!r}.")
    left_text, right_text = pattern.split("->")
    left = _parse_side(left_text, pattern)
    right = _parse_side(right_text, pattern)
    shape = tensor.shape.as_list()
    dynamic = tf.shape(tensor)
    has_ellipsis = any(group == ["..."] for group in left)
    fixed = len(left) - (1 if has_ellipsis else 0)
    if (not has_ellipsis and len(shape) != len(left)) or len(shape) < fixed:
        raise ValueError(
            f"rearrange: pattern {pattern!r} expects {len(left)} dimensions; received shape "
            f"{tuple(shape)}."
        )
    sizes = dict(axes_lengths)
    elementary = []  # named axes in input order after splitting groups
    split_shape = []
    position = 0
    ellipsis_names = []
    for group in left:
        if group == ["..."]:
            count = len(shape) - fixed
            ellipsis_names = [f"...{i}" for i in range(count)]
            for index, name in enumerate(ellipsis_names):
                dim = shape[position + index]
                sizes[name] = dim if dim is not None else dynamic[position + index]
                elementary.append(name)
                split_shape.append(sizes[name])
            position += count
            continue
        dim = shape[position] if shape[position] is not None else dynamic[position]
        unknown = [name for name in group if name not in sizes and not name.isdigit()]
        if len(unknown) > 1:
            raise ValueError(
                f"rearrange: cannot infer sizes of {unknown} in pattern {pattern!r}; pass them "
                "as keyword arguments."
            )
        known = 1
        for name in group:
            if name.isdigit() or name in sizes:
                known = known * (int(name) if name.isdigit() else sizes[name])
        if unknown:
            sizes[unknown[0]] = dim // known
        for name in group:
            if name.isdigit():
                if int(name) != 1:
                    raise ValueError(
                        f"rearrange: anonymous input axes must have size 1; pattern {pattern!r}."
                    )
                continue
            elementary.append(name)
            split_shape.append(sizes[name])
        position += 1
    x = tf.reshape(tensor, _shape_argument(split_shape))
    output_names = []
    for group in right:
        names = ellipsis_names if group == ["..."] else [n for n in group if not n.isdigit()]
        output_names.extend(names)
    missing = [name for name in output_names if name not in elementary]
    extra = [name for name in elementary if name not in output_names]
    if missing or extra:
        raise ValueError(
            f"rearrange: axes {missing or extra} appear on only one side of {pattern!r}."
        )
    x = tf.transpose(x, [elementary.index(name) for name in output_names])
    final = []
    for group in right:
        if group == ["..."]:
            final.extend(sizes[name] for name in ellipsis_names)
            continue
        product = 1
        for name in group:
            product = product * (int(name) if name.isdigit() else sizes[name])
        final.append(product)
    return tf.reshape(x, _shape_argument(final))


def _shape_argument(dims):
    if any(tf.is_tensor(dim) for dim in dims):
        return tf.stack([tf.cast(dim, tf.int32) for dim in dims])
    return dims


def _parse_signature(signature):
    inputs, outputs = signature.replace(" ", "").split("->")
    parse = lambda text: [  # noqa: E731
        [d for d in group.split(",") if d] for group in re.findall(r"\(([^)]*)\)", text)
    ]
    return parse(inputs), parse(outputs)


def vectorize(pyfunc, *, excluded=None, signature=None):
    excluded = set(excluded or ())

    def wrapped(*args, **kwargs):
        positions = [i for i in range(len(args)) if i not in excluded]
        tensors = [convert_to_tensor(args[i]) for i in positions]
        core = [[] for _ in tensors]
        if signature is not None:
            core, _ = _parse_signature(signature)
        core_ranks = [len(c) for c in core]
        loop_shapes = [
            tf.shape(t)[: len(t.shape) - rank] for t, rank in zip(tensors, core_ranks, strict=False)
        ]
        batch = loop_shapes[0]
        for shape in loop_shapes[1:]:
            batch = tf.broadcast_dynamic_shape(batch, shape)
        flat = []
        for t, rank in zip(tensors, core_ranks, strict=False):
            core_shape = tf.shape(t)[len(t.shape) - rank :]
            full = tf.broadcast_to(t, tf.concat([batch, core_shape], 0))
            flat.append(tf.reshape(full, tf.concat([[-1], core_shape], 0)))

        def call(elements):
            call_args = list(args)
            for position, element in zip(positions, elements, strict=False):
                call_args[position] = element
            return pyfunc(*call_args, **kwargs)

        outputs = tf.vectorized_map(call, flat)

        def restore(output):
            output = convert_to_tensor(output)
            return tf.reshape(output, tf.concat([batch, tf.shape(output)[1:]], 0))

        return tree.map_structure(restore, outputs)

    return wrapped
