"""CTC prefix beam search on NumPy log-probabilities (backend-neutral).

Example:
    >>> paths, scores = beam_search(log_probs, lengths, beam_width=4, top_paths=1, blank=0)

``log_probs`` is ``(batch, time, classes)`` (already log-softmaxed), ``lengths`` is
``(batch,)``. Returns ``paths`` of shape ``(top_paths, batch, time)`` padded with ``-1`` and
``scores`` of shape ``(batch, top_paths)`` holding each path's total log-probability.
"""

from __future__ import annotations

import numpy as np


def _log_add(a: float, b: float) -> float:
    if a == -np.inf:
        return b
    if b == -np.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + float(np.log1p(np.exp(low - high)))


def _decode_one(log_probs: np.ndarray, length: int, beam_width: int, top_paths: int, blank: int):
    # beams: prefix -> [log p(ends in blank), log p(ends in a label)]
    beams: dict[tuple[int, ...], list[float]] = {(): [0.0, -np.inf]}
    classes = log_probs.shape[-1]
    for step in range(length):
        row = log_probs[step]
        following: dict[tuple[int, ...], list[float]] = {}

        def entry(prefix, table=following):
            found = table.get(prefix)
            if found is None:
                found = table[prefix] = [-np.inf, -np.inf]
            return found

        for prefix, (blank_score, label_score) in beams.items():
            total = _log_add(blank_score, label_score)
            stay = entry(prefix)
            stay[0] = _log_add(stay[0], total + float(row[blank]))
            last = prefix[-1] if prefix else None
            for label in range(classes):
                if label == blank:
                    continue
                probability = float(row[label])
                extended = entry(prefix + (label,))
                if label == last:
                    # a repeat only extends after a blank; otherwise it merges into the prefix
                    extended[1] = _log_add(extended[1], blank_score + probability)
                    stay[1] = _log_add(stay[1], label_score + probability)
                else:
                    extended[1] = _log_add(extended[1], total + probability)
        ranked = sorted(
            following.items(), key=lambda item: _log_add(item[1][0], item[1][1]), reverse=True
        )
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda item: _log_add(item[1][0], item[1][1]), reverse=True)
    best = ranked[:top_paths]
    while len(best) < top_paths:
        best.append(((), [-np.inf, -np.inf]))
    return [(prefix, _log_add(*scores)) for prefix, scores in best]


def beam_search(log_probs, lengths, beam_width: int = 100, top_paths: int = 1, blank: int = 0):
    """Top ``top_paths`` CTC label sequences per batch item (see the module docstring)."""
    log_probs = np.asarray(log_probs, dtype=np.float64)
    lengths = np.asarray(lengths).reshape(-1)
    batch, time = log_probs.shape[:2]
    if top_paths > beam_width:
        raise ValueError(
            f"ctc beam search: `top_paths` ({top_paths}) must be at most `beam_width` "
            f"({beam_width})."
        )
    paths = np.full((top_paths, batch, time), -1, dtype=np.int32)
    scores = np.zeros((batch, top_paths), dtype=np.float64)
    for item in range(batch):
        results = _decode_one(
            log_probs[item], int(min(lengths[item], time)), beam_width, top_paths, blank
        )
        for rank, (prefix, score) in enumerate(results):
            paths[rank, item, : len(prefix)] = prefix
            scores[item, rank] = score
    return paths, scores
