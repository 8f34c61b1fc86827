"""NumPy references for the built-in losses (per-sample values) and the Keras reductions."""

import numpy as np

EPSILON = 1e-7


def reduce(values, sample_weight=None, reduction="sum_over_batch_size", mask=None):
    values = np.asarray(values, np.float64)
    weights = None if sample_weight is None else np.asarray(sample_weight, np.float64)
    if mask is not None:
        mask = np.asarray(mask, bool)
        if reduction in ("sum_over_batch_size", "mean"):
            mask_weight = np.where(mask, mask.size / max(mask.sum(), 1), 0.0)
        else:
            mask_weight = mask.astype(np.float64)
        weights = mask_weight if weights is None else weights * mask_weight
    if weights is not None:
        while weights.ndim < values.ndim:
            weights = weights[..., None]
        values = values * weights
    if reduction in (None, "none") or values.ndim == 0:
        return values
    if reduction == "sum":
        return values.sum()
    if reduction == "mean_with_sample_weight" and weights is not None:
        return values.sum() / np.broadcast_to(weights, values.shape).sum()
    return values.sum() / values.size


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def mse(t, p):
    return np.mean((t - p) ** 2, axis=-1)


def mae(t, p):
    return np.mean(np.abs(t - p), axis=-1)


def mape(t, p):
    return 100.0 * np.mean(np.abs((t - p) / np.maximum(np.abs(t), EPSILON)), axis=-1)


def msle(t, p):
    first = np.log(np.maximum(p, EPSILON) + 1.0)
    second = np.log(np.maximum(t, EPSILON) + 1.0)
    return np.mean((first - second) ** 2, axis=-1)


def _l2_normalize(x, axis):
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), EPSILON))


def cosine_similarity(t, p, axis=-1):
    return -np.sum(_l2_normalize(t, axis) * _l2_normalize(p, axis), axis=axis)


def huber(t, p, delta=1.0):
    error = p - t
    quadratic = 0.5 * error**2
    linear = delta * np.abs(error) - 0.5 * delta**2
    return np.mean(np.where(np.abs(error) <= delta, quadratic, linear), axis=-1)


def log_cosh(t, p):
    return np.mean(np.log(np.cosh(p - t)), axis=-1)


def _hinge_labels(t):
    return 2.0 * t - 1.0 if np.all((t == 0) | (t == 1)) else t


def hinge(t, p):
    return np.mean(np.maximum(1.0 - _hinge_labels(t) * p, 0.0), axis=-1)


def squared_hinge(t, p):
    return np.mean(np.maximum(1.0 - _hinge_labels(t) * p, 0.0) ** 2, axis=-1)


def categorical_hinge(t, p):
    positive = np.sum(t * p, axis=-1)
    negative = np.max((1.0 - t) * p, axis=-1)
    return np.maximum(negative - positive + 1.0, 0.0)


def kl_divergence(t, p):
    t = np.clip(t, EPSILON, 1.0)
    p = np.clip(p, EPSILON, 1.0)
    return np.sum(t * np.log(t / p), axis=-1)


def poisson(t, p):
    return np.mean(p - t * np.log(p + EPSILON), axis=-1)


def binary_crossentropy(t, p, from_logits=False, label_smoothing=0.0):
    t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        p = sigmoid(p)
    p = np.clip(p, EPSILON, 1.0 - EPSILON)
    return np.mean(-(t * np.log(p) + (1.0 - t) * np.log(1.0 - p)), axis=-1)


def binary_focal_crossentropy(
    t, p, balancing=False, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0
):
    t = t * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        p = sigmoid(p)
    clipped = np.clip(p, EPSILON, 1.0 - EPSILON)
    bce = -(t * np.log(clipped) + (1.0 - t) * np.log(1.0 - clipped))
    p_t = t * p + (1.0 - t) * (1.0 - p)
    focal = (1.0 - p_t) ** gamma * bce
    if balancing:
        focal = (t * alpha + (1.0 - t) * (1.0 - alpha)) * focal
    return np.mean(focal, axis=-1)


def categorical_crossentropy(t, p, from_logits=False, label_smoothing=0.0):
    classes = t.shape[-1]
    t = t * (1.0 - label_smoothing) + label_smoothing / classes
    if from_logits:
        p = softmax(p)
    else:
        p = p / p.sum(axis=-1, keepdims=True)
    p = np.clip(p, EPSILON, 1.0 - EPSILON)
    return -np.sum(t * np.log(p), axis=-1)


def categorical_focal_crossentropy(
    t, p, alpha=0.25, gamma=2.0, from_logits=False, label_smoothing=0.0
):
    classes = t.shape[-1]
    t = t * (1.0 - label_smoothing) + label_smoothing / classes
    if from_logits:
        p = softmax(p)
    p = np.clip(p / p.sum(axis=-1, keepdims=True), EPSILON, 1.0 - EPSILON)
    return np.sum(alpha * (1.0 - p) ** gamma * -t * np.log(p), axis=-1)


def sparse_categorical_crossentropy(labels, p, from_logits=False):
    classes = p.shape[-1]
    one_hot = np.eye(classes)[np.asarray(labels, int)]
    return categorical_crossentropy(one_hot, p, from_logits=from_logits)


def generalized_cross_entropy(labels, p, q):
    probability = np.take_along_axis(p, np.asarray(labels, int)[..., None], axis=-1)[..., 0]
    return (1.0 - probability**q) / q


def dice(t, p, axis=None):
    intersection = np.sum(t * p, axis=axis)
    return 1.0 - 2.0 * intersection / (np.sum(t, axis=axis) + np.sum(p, axis=axis) + EPSILON)


def tversky(t, p, alpha=0.5, beta=0.5, axis=None):
    intersection = np.sum(t * p, axis=axis)
    false_pos = np.sum((1.0 - p) * t, axis=axis)
    false_neg = np.sum(p * (1.0 - t), axis=axis)
    return 1.0 - intersection / (intersection + alpha * false_pos + beta * false_neg + EPSILON)


def circle(labels, embeddings, gamma=80.0, margin=0.4):
    """Per-sample circle loss (batch pairs, diagonal removed) and the valid-sample mask."""
    distances = np.maximum(1.0 - embeddings @ embeddings.T, 0.0)
    same = labels[:, None] == labels[None, :]
    positive = same & ~np.eye(len(labels), dtype=bool)
    negative = ~same
    pos_weights = np.maximum((margin + distances) * positive, 0.0)
    neg_weights = np.maximum((1.0 + margin - distances) * negative, 0.0)
    pos_terms = -gamma * pos_weights * (margin - distances)
    neg_terms = gamma * neg_weights * (1.0 - margin - distances)

    def logsumexp(values, mask):
        values = np.where(mask, values, -np.inf)
        top = np.max(values, axis=1, keepdims=True)
        safe_top = np.where(np.isfinite(top), top, 0.0)
        total = np.sum(np.exp(values - safe_top), axis=1)
        with np.errstate(divide="ignore"):
            return np.log(total) + safe_top[:, 0]

    loss = np.logaddexp(0.0, logsumexp(pos_terms, positive) + logsumexp(neg_terms, negative))
    return loss, loss > 0


def ctc(labels, logits):
    """CTC negative log-likelihood per sample (blank 0; label 0 pads), forward algorithm."""
    log_probs = logits - np.log(np.sum(np.exp(logits), axis=-1, keepdims=True))
    results = []
    for sequence, frame_log_probs in zip(labels, log_probs):
        target = [int(value) for value in sequence if value != 0]
        extended = [0]
        for value in target:
            extended += [value, 0]
        alpha = np.full(len(extended), -np.inf)
        alpha[0] = frame_log_probs[0, 0]
        if len(extended) > 1:
            alpha[1] = frame_log_probs[0, extended[1]]
        for frame in frame_log_probs[1:]:
            new = np.full_like(alpha, -np.inf)
            for s, symbol in enumerate(extended):
                candidates = [alpha[s]]
                if s >= 1:
                    candidates.append(alpha[s - 1])
                if s >= 2 and symbol != 0 and symbol != extended[s - 2]:
                    candidates.append(alpha[s - 2])
                new[s] = np.logaddexp.reduce(candidates) + frame[symbol]
            alpha = new
        tail = alpha[-2:] if len(extended) > 1 else alpha[-1:]
        results.append(-np.logaddexp.reduce(tail))
    return np.array(results)
