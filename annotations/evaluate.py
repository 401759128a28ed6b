"""Score a detector against the annotators' gold: per label span P/R/F1/F2 and strict recall.

Gold comes from a project database (the accepted spans of documents marked done) or from an
annotated file (Prodigy, doccano or the resumes set). Labels are our stored label names (detector
entity names go through the label aliases, ``GPE`` -> ``LOCATION``). The measures themselves are
``redaction.evaluation``'s: ``strict_recall`` (every alphanumeric character of a gold span covered
by some prediction, any label) and ``span_scores`` (one-to-one matching by character overlap).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redaction.errors import RedactError
from redaction.evaluation import (
    GoldDoc,
    GoldSpan,
    Labelled,
    load_resumes,
    span_scores,
    strict_recall,
)
from redaction.labels import LabelSet, load_labels
from redaction.spans import Span

FORMATS = ("prodigy", "doccano", "resumes")

#: The resumes set's labels as our labels; "Email Address" is EMAIL_ADDRESS or URL by its text.
RESUME_LABELS = {
    "Name": "PERSON",
    "Location": "LOCATION",
    "Companies worked at": "ORGANIZATION",
    "College Name": "ORGANIZATION",
}

#: Texts in, predicted spans (any entity names) out, one list per text.
Predictor = Callable[[Sequence[str]], list[list[Span]]]


class GoldDataError(RedactError):
    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class NoDocumentsDoneError(GoldDataError):
    """The project has no document marked done: there is no gold yet."""


@dataclass
class GoldData:
    """Gold documents plus where they came from (recorded in a trained model's meta)."""

    docs: list[GoldDoc]
    #: The labels the annotation covers (spans of other labels are neither right nor wrong).
    labels: list[str]
    source: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Gold


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resume_label(label: str, text: str) -> str:
    if label == "Email Address":
        return "EMAIL_ADDRESS" if "@" in text and "/" not in text else "URL"
    try:
        return RESUME_LABELS[label]
    except KeyError:
        raise ValueError(f"unknown resumes label {label!r}") from None


def _restricted(docs: Iterable[GoldDoc], labels: Sequence[str] | None) -> list[GoldDoc]:
    if not labels:
        return list(docs)
    keep = set(labels)
    return [GoldDoc(d.name, d.text, tuple(s for s in d.spans if s.label in keep)) for d in docs]


def load_gold_file(
    path: str | Path,
    fmt: str,
    *,
    labels: Sequence[str] | None = None,
    label_set: LabelSet | None = None,
) -> GoldData:
    """Read an annotated file; only accepted spans are gold. ``labels`` restricts the labels."""
    path = Path(path)
    label_set = label_set or load_labels()
    warnings: list[str] = []
    if fmt == "resumes":
        docs = []
        for doc in load_resumes(path):
            try:
                spans = tuple(
                    GoldSpan(s.start, s.end, resume_label(s.label, doc.span_text(s)))
                    for s in doc.spans
                )
            except ValueError as exc:
                raise GoldDataError(path, f"{doc.name}: {exc}") from None
            docs.append(GoldDoc(doc.name, doc.text, spans))
        covered = ["PERSON", "ORGANIZATION", "LOCATION", "EMAIL_ADDRESS", "URL"]
    elif fmt in ("prodigy", "doccano"):
        if fmt == "prodigy":
            from annotations.importers.prodigy import parse_prodigy as parse
        else:
            from annotations.importers.doccano import parse_doccano as parse
        parsed = parse(path, label_set)
        warnings += [str(problem) for problem in parsed.problems]
        docs = []
        for record in parsed.records:
            name = record.path or f"{path.name}:{record.line}"
            spans = tuple(
                sorted(
                    GoldSpan(s.start, s.end, s.label)
                    for s in record.spans
                    if s.status == "accepted"
                )
            )
            docs.append(GoldDoc(name, record.text, spans))
        covered = label_set.names
    else:
        raise GoldDataError(path, f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if not docs:
        raise GoldDataError(path, "no annotated documents in the file (empty data)")
    source = {"kind": "file", "path": str(path), "format": fmt, "sha256": _sha256_file(path)}
    return GoldData(_restricted(docs, labels), list(labels or covered), source, warnings)


def load_gold_store(
    db: str | Path, *, labels: Sequence[str] | None = None, label_set: LabelSet | None = None
) -> GoldData:
    """The accepted spans of the documents marked done in a project database."""
    from annotations.store import SpanStore

    if not Path(db).is_file():
        raise GoldDataError(db, "database not found")
    with SpanStore.open(db, labels=label_set) as store:
        records = store.documents(status="done", with_text=True)
        docs = []
        for record in records:
            spans = tuple(
                GoldSpan(s.start, s.end, s.label) for s in store.spans(record.id, status="accepted")
            )
            docs.append(GoldDoc(record.path or f"document {record.id}", record.text, spans))
        covered = store.labels.names
    if not docs:
        raise NoDocumentsDoneError(
            db, "no documents marked done: nothing to use as gold (empty data)"
        )
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(doc.text.encode("utf-8"))
        digest.update(repr([(s.start, s.end, s.label) for s in doc.spans]).encode("utf-8"))
    source = {"kind": "database", "path": str(db), "sha256": digest.hexdigest()}
    return GoldData(_restricted(docs, labels), list(labels or covered), source)


# ---------------------------------------------------------------------------------------------
# Detectors


def model_predictor(path: str | Path) -> Predictor:
    """A trained model alone (its entities under the label map recorded at training)."""
    from redaction.detection.trained import TrainedModelRecognizer

    recognizer = TrainedModelRecognizer(path)

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [
            [
                Span(start, end, label, recognizer.score, recognizer.recognizer_name)
                for start, end, label in recognizer.find(text)
            ]
            for text in texts
        ]

    return predict


def detector_predictor(models: Sequence[str | Path] = ()) -> Predictor:
    """The default detector (rules + base spaCy model), with ``models`` as extra recognizers.

    This is exactly what `redact detect` runs with those models in ``extra_models``: the
    Detector resolves overlaps between the rules, the base model and the trained ones.
    """
    from redaction.detection import Detector
    from redaction.detection.settings import load_detection_settings

    settings = load_detection_settings(extra_models=[str(m) for m in models] or None)
    detector = Detector(settings)

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return list(detector.detect_batch(list(texts)))

    return predict


def combined_predictor(predictors: Sequence[Predictor]) -> Predictor:
    """Every predictor's spans together (the measures accept overlapping predictions)."""

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        results: list[list[Span]] = [[] for _ in texts]
        for predictor in predictors:
            for mine, theirs in zip(results, predictor(texts), strict=True):
                mine.extend(theirs)
        return [sorted(spans, key=lambda s: (s.start, s.end)) for spans in results]

    return predict


def build_predictor(detectors: Sequence[str | Path]) -> tuple[str, Predictor]:
    """``"default"`` and/or model directories; returns a display name and the predictor.

    ``default`` plus models is the Detector with the models as extra recognizers; models alone
    are run on their own (several: their spans together). Model directories are checked before
    the (slow) default detector is built.
    """
    names = list(dict.fromkeys(str(d) for d in detectors)) or ["default"]
    models = [name for name in names if name != "default"]
    alone = [model_predictor(model) for model in models]  # checks every directory first
    name = " + ".join(names)
    if "default" in names:
        return name, detector_predictor(models)
    return name, alone[0] if len(alone) == 1 else combined_predictor(alone)


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class LabelScores:
    label: str
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    f2: float
    strict_caught: int
    strict_total: int

    @property
    def strict_recall(self) -> float:
        return self.strict_caught / self.strict_total if self.strict_total else 0.0


@dataclass(frozen=True)
class SpanIssue:
    """A miss (gold not caught) or a false positive, for error analysis."""

    doc: str
    start: int
    end: int
    label: str
    text: str


@dataclass
class EvaluationReport:
    detector: str
    documents: int
    per_label: dict[str, LabelScores]
    overall: LabelScores
    #: Gold spans not fully covered by any prediction (strict recall misses).
    misses: list[SpanIssue]
    #: Predictions matching no gold span of their label.
    false_positives: list[SpanIssue]
    #: Gold spans with no matching prediction of their label (span-level false negatives).
    unmatched_gold: list[SpanIssue]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def scores(s: LabelScores) -> dict[str, Any]:
            return {
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
                "f2": s.f2,
                "strict_recall": s.strict_recall,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "strict_caught": s.strict_caught,
                "strict_total": s.strict_total,
            }

        def issues(items: list[SpanIssue]) -> list[dict[str, Any]]:
            return [asdict(item) for item in items]

        return {
            "detector": self.detector,
            "documents": self.documents,
            "overall": scores(self.overall),
            "per_label": {label: scores(s) for label, s in self.per_label.items()},
            "misses": issues(self.misses),
            "false_positives": issues(self.false_positives),
            "unmatched_gold": issues(self.unmatched_gold),
            "warnings": self.warnings,
        }


def canonical_predictions(
    predictions: Sequence[Sequence[Labelled]], label_set: LabelSet
) -> list[list[GoldSpan]]:
    """Predicted spans under our stored label names (``ORG`` -> ``ORGANIZATION``)."""
    return [
        [GoldSpan(p.start, p.end, label_set.canonical(p.label)) for p in spans]
        for spans in predictions
    ]


def score(
    gold: GoldData,
    predictions: Sequence[Sequence[Labelled]],
    *,
    detector: str = "",
    label_set: LabelSet | None = None,
) -> EvaluationReport:
    """Compare predictions (one list per gold document) with the gold."""
    label_set = label_set or load_labels()
    docs = gold.docs
    predicted = canonical_predictions(predictions, label_set)
    scored = list(gold.labels)
    identity = {label: label for label in scored}
    spans = span_scores(
        docs, predicted, gold_groups=identity, predicted_groups=identity, scored=scored
    )
    recall = strict_recall(docs, predicted)

    def row(label: str, s: Any, caught: int, total: int) -> LabelScores:
        return LabelScores(
            label, s.tp, s.fp, s.fn, s.precision, s.recall, s.f1, s.f2, caught, total
        )

    per_label = {}
    for label in scored:
        count = recall.per_label.get(label)
        found = spans.per_label[label]
        if not (count and count.total) and not (found.tp + found.fp + found.fn):
            continue  # a label neither annotated nor predicted here
        per_label[label] = row(
            label,
            found,
            count.caught if count else 0,
            count.total if count else 0,
        )
    overall = row("overall", spans.overall, recall.overall.caught, recall.overall.total)
    misses = [
        SpanIssue(m.doc, m.span.start, m.span.end, m.span.label, m.text) for m in recall.misses
    ]
    fps = [
        SpanIssue(e.doc, e.start, e.end, e.group, e.text) for e in spans.errors if e.kind == "fp"
    ]
    fns = [
        SpanIssue(e.doc, e.start, e.end, e.group, e.text) for e in spans.errors if e.kind == "fn"
    ]
    return EvaluationReport(
        detector, len(docs), per_label, overall, misses, fps, fns, list(gold.warnings)
    )


def evaluate(
    gold: GoldData,
    predict: Predictor,
    *,
    detector: str = "",
    label_set: LabelSet | None = None,
) -> EvaluationReport:
    """Run ``predict`` on the gold documents' texts and score the result."""
    predictions = predict([doc.text for doc in gold.docs])
    if len(predictions) != len(gold.docs):
        raise ValueError(f"predictor returned {len(predictions)} lists for {len(gold.docs)} texts")
    return score(gold, predictions, detector=detector, label_set=label_set)


def format_table(report: EvaluationReport, *, examples: int = 10) -> str:
    """The report as a plain-text table for the terminal (plus the first misses and FPs)."""
    header = (
        f"{'label':<16}{'P':>7}{'R':>7}{'F1':>7}{'F2':>7}{'strict R':>10}{'gold':>7}{'pred':>7}"
    )
    lines = [f"detector: {report.detector or '?'}   documents: {report.documents}", header]
    rows = [*report.per_label.values(), report.overall]
    for s in rows:
        if s is report.overall:
            lines.append("-" * len(header))
        lines.append(
            f"{s.label:<16}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.f2:>7.3f}"
            f"{s.strict_recall:>10.3f}{s.tp + s.fn:>7}{s.tp + s.fp:>7}"
        )
    for title, items in (("misses", report.misses), ("false positives", report.false_positives)):
        if not items:
            continue
        lines.append(f"\n{title} ({len(items)}, first {min(examples, len(items))}):")
        for item in items[:examples]:
            text = item.text.replace("\n", " ")
            lines.append(f"  {item.doc} {item.start}-{item.end} {item.label}: {text[:60]!r}")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
