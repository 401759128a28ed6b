"""Measure detection quality against annotated data sets.

Two measures, both defined on characters so tokenisers cannot change the numbers:

* :func:`strict_recall` -- the redaction view. A gold span is *caught* only when every
  alphanumeric character in it is covered by some predicted span, whatever its label: a partly
  covered name is a leak. Used for data sets whose annotation is incomplete (precision would be
  meaningless there).
* :func:`span_scores` -- the labelling view: precision, recall, F1 and F2 per label group.
  Labels are first mapped to comparison groups (e.g. ``GPE`` and ``STREET_ADDRESS`` both to
  ``LOCATION``). Within one group, spans separated only by whitespace or punctuation are merged.
  A predicted span matches a gold span of the same group when their intersection-over-union,
  counted over alphanumeric characters only, is at least ``iou_threshold`` (0.75 by default);
  matching is one-to-one, best overlap first. Unmatched gold spans are false negatives,
  unmatched predictions false positives. Gold and predicted labels outside the scored groups
  are ignored.

The loaders return plain :class:`GoldDoc` values; nothing here imports Qt or ``annotations``.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from redaction.errors import DocumentError

__all__ = [
    "DETECTOR_GROUPS",
    "RESUME_GROUPS",
    "SYNTH_GROUPS",
    "SYNTH_SCORED",
    "DatasetError",
    "GoldDoc",
    "GoldSpan",
    "Miss",
    "RecallCount",
    "RecallReport",
    "ScoreBin",
    "ScoreReport",
    "Scores",
    "SpanError",
    "load_presidio_synth",
    "load_resumes",
    "precision_by_score",
    "span_scores",
    "strict_recall",
]


class DatasetError(DocumentError):
    """An evaluation data file is missing or not in the expected format."""


class Labelled(Protocol):
    """Anything with character offsets and a label (``Span``, a store record, ``GoldSpan``)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def label(self) -> str: ...


@dataclass(frozen=True, slots=True, order=True)
class GoldSpan:
    """One annotated span: code-point offsets into the document text, end exclusive."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class GoldDoc:
    """A document with its annotation, as read from a data set."""

    name: str
    text: str
    spans: tuple[GoldSpan, ...]
    # Mentions that are neither personal data nor errors (pronouns, descriptions): a
    # prediction on them is not a false positive, and they need not be caught.
    neutral: tuple[GoldSpan, ...] = ()

    def span_text(self, span: Labelled) -> str:
        return self.text[span.start : span.end]


# Dataset label -> comparison group.
RESUME_GROUPS: dict[str, str] = {
    "Name": "PERSON",
    "Email Address": "EMAIL_OR_URL",
    "Location": "LOCATION",
    "Companies worked at": "ORGANIZATION",
    "College Name": "ORGANIZATION",
}

SYNTH_GROUPS: dict[str, str] = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "DOMAIN_NAME": "URL",
    "URL": "URL",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "US_SSN",
    "DATE_TIME": "DATE_TIME",
}

# The groups the quality target is set on (presidio-synth).
SYNTH_SCORED: tuple[str, ...] = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "URL",
    "LOCATION",
    "ORGANIZATION",
)

# Detector entity name -> comparison group used with SYNTH_GROUPS.
DETECTOR_GROUPS: dict[str, str] = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "URL": "URL",
    "DOMAIN_NAME": "URL",
    "LOCATION": "LOCATION",
    "GPE": "LOCATION",
    "ADDRESS": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "UK_POSTCODE": "LOCATION",
    "ORGANIZATION": "ORGANIZATION",
    "ORG": "ORGANIZATION",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "IP_ADDRESS": "IP_ADDRESS",
    "US_SSN": "US_SSN",
    "DATE_TIME": "DATE_TIME",
}


# ---------------------------------------------------------------------------------------------
# Loaders


def _read(path: str | Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatasetError(path, "data set not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(path, f"cannot read data set: {exc}") from None


def _gold(path: str | Path, where: str, text: str, start: Any, end: Any, label: Any) -> GoldSpan:
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(label, str)):
        raise DatasetError(path, f"{where}: span needs integer offsets and a string label")
    if not 0 <= start < end <= len(text):
        raise DatasetError(path, f"{where}: span {start}..{end} outside the text")
    return GoldSpan(start, end, label)


def load_resumes(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSON Lines set: ``{"name", "text", "gold": [[start, end, label]]}``.

    The resumes, CV and e-mail sets share this shape; an optional ``"neutral"`` list (same
    form) holds mentions that count neither way.
    """
    docs: list[GoldDoc] = []
    for number, line in enumerate(_read(path).splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(path, f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise DatasetError(path, f"{where}: expected an object with a 'text' string")
        text = item["text"]
        raw = item.get("gold", [])
        if not isinstance(raw, list) or not all(isinstance(g, list) and len(g) == 3 for g in raw):
            raise DatasetError(path, f"{where}: 'gold' must be a list of [start, end, label]")
        spans = tuple(sorted(_gold(path, where, text, *g) for g in raw))
        raw_neutral = item.get("neutral") or []
        if not isinstance(raw_neutral, list) or not all(
            isinstance(g, list) and len(g) == 3 for g in raw_neutral
        ):
            raise DatasetError(path, f"{where}: 'neutral' must be a list of [start, end, label]")
        neutral = tuple(sorted(_gold(path, where, text, *g) for g in raw_neutral))
        docs.append(GoldDoc(str(item.get("name", f"doc-{number}")), text, spans, neutral))
    return docs


def load_presidio_synth(path: str | Path) -> list[GoldDoc]:
    """Read presidio-research's synthetic set (a JSON list of ``full_text`` + ``spans``)."""
    try:
        data = json.loads(_read(path))
    except json.JSONDecodeError as exc:
        raise DatasetError(path, f"not JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, list):
        raise DatasetError(path, "expected a JSON list of samples")
    docs: list[GoldDoc] = []
    for number, item in enumerate(data):
        where = f"sample {number}"
        if not isinstance(item, dict) or not isinstance(item.get("full_text"), str):
            raise DatasetError(path, f"{where}: expected an object with a 'full_text' string")
        text = item["full_text"]
        spans = []
        for raw in item.get("spans") or []:
            if not isinstance(raw, dict):
                raise DatasetError(path, f"{where}: each span must be an object")
            spans.append(
                _gold(
                    path,
                    where,
                    text,
                    raw.get("start_position"),
                    raw.get("end_position"),
                    raw.get("entity_type"),
                )
            )
        docs.append(GoldDoc(f"synth-{number:04d}", text, tuple(sorted(spans))))
    return docs


# ---------------------------------------------------------------------------------------------
# Strict recall


@dataclass
class RecallCount:
    caught: int = 0
    total: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Miss:
    """A gold span that was not (fully) caught, with the characters that stayed uncovered."""

    doc: str
    span: GoldSpan
    text: str
    uncovered: str


@dataclass
class RecallReport:
    per_label: dict[str, RecallCount] = field(default_factory=dict)
    overall: RecallCount = field(default_factory=RecallCount)
    misses: list[Miss] = field(default_factory=list)


def _covered(length: int, spans: Iterable[Labelled]) -> bytearray:
    mask = bytearray(length)
    for span in spans:
        mask[max(span.start, 0) : min(span.end, length)] = b"\x01" * (
            min(span.end, length) - max(span.start, 0)
        )
    return mask


def strict_recall(
    docs: Sequence[GoldDoc], predictions: Sequence[Sequence[Labelled]]
) -> RecallReport:
    """Count gold spans whose every alphanumeric character is covered by a prediction.

    ``predictions[i]`` are the predicted spans of ``docs[i]`` (any labels). A gold span with no
    alphanumeric character is skipped.
    """
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} prediction lists")
    report = RecallReport()
    for doc, predicted in zip(docs, predictions, strict=True):
        mask = _covered(len(doc.text), predicted)
        for gold in doc.spans:
            chars = [i for i in range(gold.start, gold.end) if doc.text[i].isalnum()]
            if not chars:
                continue
            count = report.per_label.setdefault(gold.label, RecallCount())
            count.total += 1
            report.overall.total += 1
            uncovered = [i for i in chars if not mask[i]]
            if uncovered:
                left = "".join(doc.text[i] if not mask[i] else "_" for i in chars)
                report.misses.append(Miss(doc.name, gold, doc.span_text(gold), left))
            else:
                count.caught += 1
                report.overall.caught += 1
    return report


# ---------------------------------------------------------------------------------------------
# Span precision / recall / F-scores


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    def fbeta(self, beta: float) -> float:
        p, r = self.precision, self.recall
        if p == 0.0 and r == 0.0:
            return 0.0
        b2 = beta * beta
        return (1 + b2) * p * r / (b2 * p + r)

    @property
    def f1(self) -> float:
        return self.fbeta(1.0)

    @property
    def f2(self) -> float:
        return self.fbeta(2.0)

    def add(self, other: Scores) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass(frozen=True, slots=True)
class SpanError:
    """A false positive (``kind="fp"``) or false negative (``"fn"``) for error analysis."""

    kind: str
    doc: str
    group: str
    start: int
    end: int
    text: str


@dataclass
class ScoreReport:
    per_label: dict[str, Scores] = field(default_factory=dict)
    overall: Scores = field(default_factory=Scores)
    errors: list[SpanError] = field(default_factory=list)


def _grouped(
    text: str, spans: Iterable[Labelled], mapping: Mapping[str, str], scored: Collection[str]
) -> dict[str, list[tuple[int, int]]]:
    """Map labels to groups, drop unscored ones, merge same-group spans split by punctuation."""
    by_group: dict[str, list[tuple[int, int]]] = {}
    for span in spans:
        group = mapping.get(span.label, span.label)
        if group in scored:
            by_group.setdefault(group, []).append((span.start, span.end))
    for group, items in by_group.items():
        items.sort()
        merged: list[tuple[int, int]] = []
        for start, end in items:
            if merged and not any(c.isalnum() for c in text[merged[-1][1] : start]):
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        by_group[group] = merged
    return by_group


def _alnum(text: str, start: int, end: int) -> set[int]:
    return {i for i in range(start, end) if text[i].isalnum()}


def _iou(a: set[int], b: set[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def span_scores(
    docs: Sequence[GoldDoc],
    predictions: Sequence[Sequence[Labelled]],
    *,
    gold_groups: Mapping[str, str],
    predicted_groups: Mapping[str, str],
    scored: Collection[str],
    iou_threshold: float = 0.75,
) -> ScoreReport:
    """Precision/recall/F1/F2 per group and overall (micro-averaged over ``scored`` groups).

    See the module docstring for the matching rule. ``gold_groups`` maps dataset labels and
    ``predicted_groups`` detector labels to groups; labels missing from a mapping are their
    own group.
    """
    if len(docs) != len(predictions):
        raise ValueError(f"{len(docs)} documents but {len(predictions)} prediction lists")
    report = ScoreReport({group: Scores() for group in scored})
    for doc, predicted in zip(docs, predictions, strict=True):
        gold_by = _grouped(doc.text, doc.spans, gold_groups, scored)
        pred_by = _grouped(doc.text, predicted, predicted_groups, scored)
        for group in scored:
            golds = gold_by.get(group, [])
            preds = pred_by.get(group, [])
            gold_chars = [_alnum(doc.text, s, e) for s, e in golds]
            pred_chars = [_alnum(doc.text, s, e) for s, e in preds]
            pairs = sorted(
                (
                    (_iou(g, p), gi, pi)
                    for gi, g in enumerate(gold_chars)
                    for pi, p in enumerate(pred_chars)
                    if g & p
                ),
                reverse=True,
            )
            used_gold: set[int] = set()
            used_pred: set[int] = set()
            for iou, gi, pi in pairs:
                if iou < iou_threshold:
                    break
                if gi in used_gold or pi in used_pred:
                    continue
                used_gold.add(gi)
                used_pred.add(pi)
            scores = report.per_label[group]
            scores.tp += len(used_gold)
            for gi, (start, end) in enumerate(golds):
                if gi not in used_gold and gold_chars[gi]:
                    scores.fn += 1
                    report.errors.append(
                        SpanError("fn", doc.name, group, start, end, doc.text[start:end])
                    )
            for pi, (start, end) in enumerate(preds):
                if pi not in used_pred and pred_chars[pi]:
                    scores.fp += 1
                    report.errors.append(
                        SpanError("fp", doc.name, group, start, end, doc.text[start:end])
                    )
    for scores in report.per_label.values():
        report.overall.add(scores)
    return report


# ---------------------------------------------------------------------------------------------
# Do scores mean something?


@dataclass(frozen=True, slots=True)
class ScoreBin:
    """Predictions with ``low <= score < high`` and how many of them match a gold span."""

    low: float
    high: float
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


class Scored(Labelled, Protocol):
    @property
    def score(self) -> float: ...


def precision_by_score(
    docs: Sequence[GoldDoc],
    predictions: Sequence[Sequence[Scored]],
    *,
    gold_groups: Mapping[str, str],
    predicted_groups: Mapping[str, str],
    scored: Collection[str],
    edges: Sequence[float] = (0.0, 0.5, 0.7, 0.9, 1.01),
    iou_threshold: float = 0.75,
) -> list[ScoreBin]:
    """Precision of the predictions in each score band: if scores rank well, it rises.

    A prediction is correct when some gold span of its group overlaps it with alphanumeric IoU
    of at least ``iou_threshold`` (not one-to-one: this measures the score, not the count).
    """
    counts = [[0, 0] for _ in edges[:-1]]
    for doc, predicted in zip(docs, predictions, strict=True):
        gold_by = _grouped(doc.text, doc.spans, gold_groups, scored)
        gold_chars = {
            group: [_alnum(doc.text, s, e) for s, e in spans] for group, spans in gold_by.items()
        }
        for span in predicted:
            group = predicted_groups.get(span.label, span.label)
            if group not in scored:
                continue
            chars = _alnum(doc.text, span.start, span.end)
            hit = any(_iou(chars, g) >= iou_threshold for g in gold_chars.get(group, []))
            for i, (low, high) in enumerate(zip(edges, edges[1:], strict=False)):
                if low <= span.score < high:
                    counts[i][0] += 1
                    counts[i][1] += hit
                    break
    return [
        ScoreBin(low, high, n, ok)
        for (low, high), (n, ok) in zip(zip(edges, edges[1:], strict=False), counts, strict=True)
    ]
