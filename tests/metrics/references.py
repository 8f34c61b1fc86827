"""NumPy references for the stateful metrics."""

import numpy as np

EPSILON = 1e-7


def weighted_mean(values, weights=None):
    """Keras ``Mean``: per-sample means, weighted by per-sample weights."""
    values = np.asarray(values, np.float64)
    if values.ndim > 1:
        values = values.reshape(len(values), -1).mean(axis=1)
    if weights is None:
        return values.mean()
    weights = np.asarray(weights, np.float64)
    return (values * weights).sum() / weights.sum()


def confusion_counts(y_true, y_pred, thresholds, weights=None):
    """``{tp, fp, tn, fn}`` arrays over thresholds; positive when ``y_pred > threshold``."""
    y_pred = np.asarray(y_pred, np.float64)
    if weights is None:
        weights = np.ones(y_pred.size)
    else:
        weights = np.broadcast_to(np.asarray(weights, np.float64), y_pred.shape).reshape(-1)
    y_true = np.asarray(y_true, bool).reshape(-1)
    y_pred = y_pred.reshape(-1)
    counts = {key: [] for key in ("tp", "fp", "tn", "fn")}
    for threshold in thresholds:
        positive = y_pred > threshold
        counts["tp"].append(np.sum(weights * (positive & y_true)))
        counts["fp"].append(np.sum(weights * (positive & ~y_true)))
        counts["tn"].append(np.sum(weights * (~positive & ~y_true)))
        counts["fn"].append(np.sum(weights * (~positive & y_true)))
    return {key: np.array(value) for key, value in counts.items()}


def ratio(numerator, other):
    total = numerator + other
    return np.where(total > 0, numerator / np.where(total > 0, total, 1.0), 0.0)


def auc_thresholds(num_thresholds):
    inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
    return [-EPSILON, *inner, 1.0 + EPSILON]


def auc_from_counts(counts, curve="ROC", summation="interpolation"):
    tp, fp, tn, fn = counts["tp"], counts["fp"], counts["tn"], counts["fn"]
    if curve == "PR" and summation == "interpolation":
        dtp = tp[:-1] - tp[1:]
        positives = tp + fp
        dp = positives[:-1] - positives[1:]
        slope = ratio_safe(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * positives[1:]
        both = (positives[:-1] > 0) & (positives[1:] > 0)
        quotient = np.where(both, ratio_safe(positives[:-1], np.maximum(positives[1:], 0)), 1.0)
        increments = ratio_safe(
            slope * (dtp + intercept * np.log(quotient)), np.maximum(tp[1:] + fn[1:], 0)
        )
        return increments.sum()
    recall = ratio(tp, fn)
    if curve == "ROC":
        x, y = ratio(fp, tn), recall
    else:
        x, y = recall, ratio(tp, fp)
    if summation == "interpolation":
        heights = (y[:-1] + y[1:]) / 2
    elif summation == "minoring":
        heights = np.minimum(y[:-1], y[1:])
    else:
        heights = np.maximum(y[:-1], y[1:])
    return np.sum((x[:-1] - x[1:]) * heights)


def ratio_safe(numerator, denominator):
    safe = np.where(denominator != 0, denominator, 1.0)
    return np.where(denominator != 0, numerator / safe, 0.0)


def confusion_matrix(labels, predictions, num_classes, weights=None):
    matrix = np.zeros((num_classes, num_classes))
    weights = np.ones(len(labels)) if weights is None else weights
    for label, prediction, weight in zip(labels, predictions, weights):
        if 0 <= label < num_classes and 0 <= prediction < num_classes:
            matrix[label, prediction] += weight
    return matrix


def iou(matrix, target_ids):
    true_positives = np.diag(matrix)
    denominator = matrix.sum(0) + matrix.sum(1) - true_positives
    true_positives = true_positives[target_ids]
    denominator = denominator[target_ids]
    valid = denominator > 1e-9
    values = np.where(valid, true_positives / (denominator + EPSILON), 0.0)
    return values.sum() / (valid.sum() + EPSILON)


def fbeta(y_true, predicted, beta, average, weights=None):
    weights = np.ones(len(y_true)) if weights is None else weights
    axis = None if average == "micro" else 0
    w = weights[:, None]
    tp = np.sum(predicted * y_true * w, axis=axis)
    fp = np.sum(predicted * (1 - y_true) * w, axis=axis)
    fn = np.sum((1 - predicted) * y_true * w, axis=axis)
    support = np.sum(y_true * w, axis=axis)
    precision = tp / (tp + fp + EPSILON)
    recall = tp / (tp + fn + EPSILON)
    score = (1 + beta**2) * precision * recall / (beta**2 * precision + recall + EPSILON)
    if average == "weighted":
        return np.sum(score * support / (support.sum() + EPSILON))
    if average is not None:
        return score.mean()
    return score


def r2(y_true, y_pred, weights=None, aggregation="uniform_average", regressors=0):
    weights = np.ones(len(y_true)) if weights is None else weights
    w = np.broadcast_to(weights[:, None], y_true.shape)
    total_sum = (y_true * w).sum(0)
    count = w.sum(0)
    mean = total_sum / count
    total = (y_true * y_true * w).sum(0) - total_sum * mean
    residual = ((y_true - y_pred) ** 2 * w).sum(0)
    scores = 1 - residual / total
    if aggregation == "uniform_average":
        score = scores.mean()
    elif aggregation == "variance_weighted_average":
        score = np.sum(total * scores) / np.sum(total)
    else:
        score = scores
    samples = y_true.size
    if regressors and samples - regressors - 1 > 0:
        score = 1 - (1 - score) * (samples - 1) / (samples - regressors - 1)
    return score
