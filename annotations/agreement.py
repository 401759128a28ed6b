"""Inter-annotator agreement between two annotation databases (``redact agreement``).

Only documents present in both (matched by sha256) are compared; by default only those done in
both. Annotator A is the reference: precision/recall/F1 say how B's accepted spans match A's,
exactly (same start, end and label) and by overlap (same label, overlapping offsets).
Token-level Cohen's kappa compares one label per token ("O" outside spans; the longest accepted
span wins where spans overlap), over the non-whitespace tokens of spaCy's English tokenizer.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from annotations.exporters.alignment import TokenizedText
from annotations.exporters.records import AnnotatedDocument, SpanLike

OUTSIDE = "O"
SpanKey = tuple[int, int, str]


@dataclass
class Scores:
    """Span counts for one label (or all): exact matches and overlap matches."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    overlap_b_matched: int = 0  # B spans overlapping an A span with the same label
    overlap_a_matched: int = 0  # A spans overlapped by a B span with the same label

    @property
    def a_total(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def b_total(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def precision(self) -> float | None:
        return _ratio(self.true_positives, self.b_total)

    @property
    def recall(self) -> float | None:
        return _ratio(self.true_positives, self.a_total)

    @property
    def f1(self) -> float | None:
        return _f1(self.precision, self.recall)

    @property
    def overlap_precision(self) -> float | None:
        return _ratio(self.overlap_b_matched, self.b_total)

    @property
    def overlap_recall(self) -> float | None:
        return _ratio(self.overlap_a_matched, self.a_total)

    @property
    def overlap_f1(self) -> float | None:
        return _f1(self.overlap_precision, self.overlap_recall)

    def add(self, other: Scores) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives
        self.overlap_b_matched += other.overlap_b_matched
        self.overlap_a_matched += other.overlap_a_matched

    def as_dict(self) -> dict[str, Any]:
        return {
            "a_spans": self.a_total,
            "b_spans": self.b_total,
            "exact_matches": self.true_positives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "overlap_precision": self.overlap_precision,
            "overlap_recall": self.overlap_recall,
            "overlap_f1": self.overlap_f1,
        }


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Offsets where the two annotators' accepted spans differ; ``a``/``b`` list each side's
    spans at exactly these offsets as (label, status)."""

    document: str
    sha256: str
    start: int
    end: int
    text: str
    a: tuple[tuple[str, str], ...]
    b: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "sha256": self.sha256,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "a": [{"label": lab, "status": st} for lab, st in self.a],
            "b": [{"label": lab, "status": st} for lab, st in self.b],
        }


@dataclass
class AgreementReport:
    documents: int = 0
    only_a: int = 0  # documents (by sha256) only in A
    only_b: int = 0
    unfinished: int = 0  # in both, but not done in both (compared only with include_unfinished)
    overall: Scores = field(default_factory=Scores)
    per_label: dict[str, Scores] = field(default_factory=dict)
    tokens: int = 0
    kappa: float | None = None
    observed_agreement: float | None = None
    disagreements: list[Disagreement] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "documents_only_in_a": self.only_a,
            "documents_only_in_b": self.only_b,
            "documents_unfinished": self.unfinished,
            "overall": self.overall.as_dict(),
            "labels": {name: s.as_dict() for name, s in sorted(self.per_label.items())},
            "tokens": self.tokens,
            "token_observed_agreement": self.observed_agreement,
            "token_kappa": self.kappa,
            "disagreements": [d.as_dict() for d in self.disagreements],
        }


def compare(
    docs_a: Iterable[AnnotatedDocument],
    docs_b: Iterable[AnnotatedDocument],
    *,
    labels: Collection[str] | None = None,
    include_unfinished: bool = False,
) -> AgreementReport:
    """Agreement of B against A. Documents carry spans of every status (statuses are shown in
    the disagreements); only accepted spans count as annotations."""
    by_sha_a = {d.sha256: d for d in docs_a}
    by_sha_b = {d.sha256: d for d in docs_b}
    wanted = set(labels) if labels else None
    report = AgreementReport(
        only_a=len(by_sha_a.keys() - by_sha_b.keys()), only_b=len(by_sha_b.keys() - by_sha_a.keys())
    )
    pairs: Counter[tuple[str, str]] = Counter()
    for sha in sorted(by_sha_a.keys() & by_sha_b.keys()):
        a, b = by_sha_a[sha], by_sha_b[sha]
        if not include_unfinished and not (a.status == "done" and b.status == "done"):
            report.unfinished += 1
            continue
        report.documents += 1
        spans_a = [s for s in a.spans if wanted is None or s.label in wanted]
        spans_b = [s for s in b.spans if wanted is None or s.label in wanted]
        _score_spans(_accepted(spans_a), _accepted(spans_b), report)
        report.disagreements.extend(_disagreements(a, spans_a, spans_b))
        tokens = TokenizedText(a.text)
        pairs.update(
            zip(_token_labels(tokens, spans_a), _token_labels(tokens, spans_b), strict=True)
        )
    report.tokens = sum(pairs.values())
    report.observed_agreement, report.kappa = cohen_kappa(pairs)
    return report


def _accepted(spans: list[SpanLike]) -> set[SpanKey]:
    return {(s.start, s.end, s.label) for s in spans if s.status == "accepted"}


def _score_spans(a: set[SpanKey], b: set[SpanKey], report: AgreementReport) -> None:
    for label in {k[2] for k in a | b}:
        la = {k for k in a if k[2] == label}
        lb = {k for k in b if k[2] == label}
        scores = Scores(
            true_positives=len(la & lb),
            false_positives=len(lb - la),
            false_negatives=len(la - lb),
            overlap_b_matched=sum(any(_overlaps(x, y) for y in la) for x in lb),
            overlap_a_matched=sum(any(_overlaps(x, y) for y in lb) for x in la),
        )
        report.per_label.setdefault(label, Scores()).add(scores)
        report.overall.add(scores)


def _overlaps(x: SpanKey, y: SpanKey) -> bool:
    return x[0] < y[1] and y[0] < x[1]


def _disagreements(
    doc: AnnotatedDocument, spans_a: list[SpanLike], spans_b: list[SpanLike]
) -> list[Disagreement]:
    at_a: dict[tuple[int, int], list[SpanLike]] = {}
    at_b: dict[tuple[int, int], list[SpanLike]] = {}
    for spans, at in ((spans_a, at_a), (spans_b, at_b)):
        for s in spans:
            at.setdefault((s.start, s.end), []).append(s)
    result = []
    for start, end in sorted(at_a.keys() | at_b.keys()):
        a = at_a.get((start, end), [])
        b = at_b.get((start, end), [])
        if {s.label for s in a if s.status == "accepted"} == {
            s.label for s in b if s.status == "accepted"
        }:
            continue
        result.append(
            Disagreement(
                doc.path or str(doc.id),
                doc.sha256,
                start,
                end,
                doc.text[start:end],
                tuple((s.label, s.status) for s in a),
                tuple((s.label, s.status) for s in b),
            )
        )
    return result


def _token_labels(tokens: TokenizedText, spans: list[SpanLike]) -> list[str]:
    """One label per non-whitespace token; the longest accepted span covering it wins."""
    labels = [OUTSIDE] * len(tokens)
    accepted = sorted((s for s in spans if s.status == "accepted"), key=lambda s: s.end - s.start)
    starts, ends = tokens.starts, tokens.ends
    for span in accepted:  # shortest first, so longer spans overwrite
        first, last = bisect_right(ends, span.start), bisect_left(starts, span.end)
        labels[first:last] = [span.label] * (last - first)
    return [lab for lab, space in zip(labels, tokens.space, strict=True) if not space]


def cohen_kappa(pairs: Counter[tuple[str, str]]) -> tuple[float | None, float | None]:
    """(observed agreement, Cohen's kappa) from counts of (label by A, label by B) pairs.
    Kappa is 1.0 when both agree on everything, even if chance agreement is also 1."""
    total = sum(pairs.values())
    if not total:
        return None, None
    observed = sum(n for (x, y), n in pairs.items() if x == y) / total
    count_a: Counter[str] = Counter()
    count_b: Counter[str] = Counter()
    for (x, y), n in pairs.items():
        count_a[x] += n
        count_b[y] += n
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (total * total)
    if expected >= 1.0:
        return observed, 1.0 if observed == 1.0 else 0.0
    return observed, (observed - expected) / (1.0 - expected)


def _ratio(n: int, d: int) -> float | None:
    """None when undefined (nothing to divide by), so "no spans" never reads as 0% agreement."""
    return n / d if d else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def format_table(report: AgreementReport, *, max_disagreements: int = 50) -> str:
    """The terminal view: scores per label and overall, kappa, then the disagreements."""
    lines = [
        f"documents compared: {report.documents} "
        f"(only in A: {report.only_a}, only in B: {report.only_b}"
        + (
            f", not done in both: {report.unfinished}, left out unless unfinished ones are included)"
            if report.unfinished
            else ")"
        ),
        "",
        f"{'label':<16} {'A':>6} {'B':>6} {'match':>6} {'P':>6} {'R':>6} {'F1':>6}"
        f" {'ovl P':>6} {'ovl R':>6} {'ovl F1':>6}",
    ]
    rows = [*sorted(report.per_label.items()), ("overall", report.overall)]
    for name, s in rows:
        lines.append(
            f"{name:<16} {s.a_total:>6} {s.b_total:>6} {s.true_positives:>6} "
            + " ".join(
                f"{_pct(v):>6}"
                for v in (s.precision, s.recall, s.f1)
                + (s.overlap_precision, s.overlap_recall, s.overlap_f1)
            )
        )
    kappa = "n/a" if report.kappa is None else f"{report.kappa:.3f}"
    observed = _pct(report.observed_agreement)
    lines += ["", f"token-level Cohen's kappa: {kappa} (observed agreement {observed}, "
              f"{report.tokens} tokens)"]  # fmt: skip
    if report.disagreements:
        lines += ["", f"disagreements ({len(report.disagreements)}):"]
        for d in report.disagreements[:max_disagreements]:
            lines.append(
                f"  {d.document} {d.start}-{d.end} {d.text!r}: "
                f"A {_decisions(d.a)} | B {_decisions(d.b)}"
            )
        if len(report.disagreements) > max_disagreements:
            lines.append(
                f"  ... {len(report.disagreements) - max_disagreements} more (all in the JSON report)"
            )
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def _decisions(spans: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f"{label}/{status}" for label, status in spans) or "-"


def compare_stores(
    store_a: Any,
    store_b: Any,
    *,
    labels: Collection[str] | None = None,
    include_unfinished: bool = False,
) -> AgreementReport:
    """``compare`` over two open ``SpanStore``s (current documents, spans of every status)."""
    from annotations.exporters.records import collect_documents

    everything = ("suggested", "accepted", "rejected")
    return compare(
        collect_documents(store_a, statuses=everything, include_unfinished=True),
        collect_documents(store_b, statuses=everything, include_unfinished=True),
        labels=labels,
        include_unfinished=include_unfinished,
    )
