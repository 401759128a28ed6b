"""Token-level scores: the cross-check on the span-level rule of :mod:`redaction.evaluation`.

presidio-research evaluates detectors token by token: every token gets the group of the gold
span it lies in (or none) and the group of the predicted span it lies in (or none); a token
with the same group on both sides is a true positive for that group, a predicted group the gold
does not have is a false positive, a gold group the prediction misses is a false negative.
Partial spans earn partial credit, so token scores are usually higher than span scores, and a
detector tuned to one rule but not the other shows up as a gap between the two.

Tokens here are runs of word characters (``\\w+``), so the numbers do not depend on a
tokenizer; punctuation never counts.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from redaction.evaluation import GoldDoc, Labelled, ScoreReport, Scores

__all__ = ["token_precision", "token_scores"]

_TOKEN = re.compile(r"\w+")


def _token_groups(
    text: str,
    tokens: Sequence[tuple[int, int]],
    spans: Sequence[Labelled],
    mapping: Mapping[str, str],
    scored: Collection[str],
) -> list[str | None]:
    """The scored group of every token (the first span covering its first character)."""
    owner: list[str | None] = [None] * len(text)
    for span in spans:
        group = mapping.get(span.label, span.label)
        if group in scored:
            for i in range(max(span.start, 0), min(span.end, len(text))):
                if owner[i] is None:
                    owner[i] = group
    return [owner[start] for start, _ in tokens]


def token_scores(
    docs: Sequence[GoldDoc],
    predictions: Sequence[Sequence[Labelled]],
    *,
    gold_groups: Mapping[str, str],
    predicted_groups: Mapping[str, str],
    scored: Collection[str],
) -> ScoreReport:
    """Token-level precision/recall per group and overall (micro-averaged); no error list."""
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} prediction lists")
    report = ScoreReport({group: Scores() for group in scored})
    for doc, predicted in zip(docs, predictions, strict=True):
        tokens = [m.span() for m in _TOKEN.finditer(doc.text)]
        gold = _token_groups(doc.text, tokens, doc.spans, gold_groups, scored)
        pred = _token_groups(doc.text, tokens, predicted, predicted_groups, scored)
        for g, p in zip(gold, pred, strict=True):
            if g is not None and g == p:
                report.per_label[g].tp += 1
                continue
            if p is not None:
                report.per_label[p].fp += 1
            if g is not None:
                report.per_label[g].fn += 1
    for scores in report.per_label.values():
        report.overall.add(scores)
    return report


def token_precision(
    docs: Sequence[GoldDoc],
    predictions: Sequence[Sequence[Labelled]],
    *,
    labels: Collection[str],
) -> tuple[int, int, list[tuple[str, str]]]:
    """Precision of predicted name/place/organisation tokens against a near-exhaustive gold.

    A token of a prediction whose label is in ``labels`` is right when it lies inside any gold
    span (of any label), wrong when it lies outside every gold span, and not counted when it
    lies in a ``neutral`` span. Returns (right, counted, wrong) with ``wrong`` as
    (document name, predicted span text) once per false span.
    """
    right = counted = 0
    wrong: list[tuple[str, str]] = []
    for doc, predicted in zip(docs, predictions, strict=True):
        gold = bytearray(len(doc.text))
        neutral = bytearray(len(doc.text))
        for mask, spans in ((gold, doc.spans), (neutral, doc.neutral)):
            for marked in spans:
                mask[marked.start : marked.end] = b"\x01" * (marked.end - marked.start)
        for span in predicted:
            if span.label not in labels:
                continue
            false_span = False
            for token in _TOKEN.finditer(
                doc.text, max(span.start, 0), min(span.end, len(doc.text))
            ):
                first = token.start()
                if gold[first]:
                    right += 1
                    counted += 1
                elif not neutral[first]:
                    counted += 1
                    false_span = True
            if false_span:
                wrong.append((doc.name, doc.text[span.start : span.end]))
    return right, counted, wrong
