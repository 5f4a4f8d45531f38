"""Precision, recall and F1, computed the same way by every evaluation."""

from __future__ import annotations


def prf(tp_pred: int, predicted: int, tp_gold: int, gold: int) -> tuple[float, float, float]:
    """Precision over predictions, recall over gold; the two true-positive counts may differ
    when one prediction can match several gold items or the reverse."""
    precision = tp_pred / predicted if predicted else 0.0
    recall = tp_gold / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return round(precision, 3), round(recall, 3), round(f1, 3)
