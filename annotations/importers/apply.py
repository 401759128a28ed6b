"""Putting parsed records into a ``SpanStore``: match documents, add spans, set statuses.

A record's document is found by ``meta.sha256``, then ``meta.document_id``, then by its text
(each only when the stored text is the same); otherwise a new "txt" document is created from
the text (path from ``meta.path`` unless another document has it, else ``FILE:LINE``), with the
status from ``meta.status`` (default done). Spans get source "imported" and the status of the
record (accept -> accepted, reject -> rejected, ignore/undecided -> suggested).

The whole file is ONE transaction and ONE change (``SpanStore.batch``): a process killed
mid-import leaves the database as it was before, and one ``redact undo`` reverts the import.
Each event still records the annotator of its decision.

Idempotent: a span that exists with the same offsets, label and status changes nothing. An
imported decision replaces a different stored one (recorded as events, so undoable); an
undecided imported span never overrides a stored decision, and cannot be added to an existing
document (the store only creates decided spans there), so it is counted as skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.importers.records import ImportedRecord, ImportedSpan, ImportProblem, ParsedFile
from annotations.records import IMPORTED
from redaction.progress import ProgressCallback, no_progress
from redaction.spans import Span

if TYPE_CHECKING:
    from annotations.records import DocumentRecord
    from annotations.store import SpanStore

_RANK = {"suggested": 0, "rejected": 1, "accepted": 2}


@dataclass
class ImportReport:
    path: Path
    records: int = 0
    documents_created: int = 0
    documents_matched: int = 0
    spans_added: int = 0
    spans_changed: int = 0
    spans_unchanged: int = 0
    suggestions_skipped: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        parts = [
            f"{self.records} records",
            f"{self.documents_created} new documents",
            f"{self.documents_matched} matched",
            f"{self.spans_added} spans added",
            f"{self.spans_changed} changed",
            f"{self.spans_unchanged} unchanged",
        ]
        if self.suggestions_skipped:
            parts.append(f"{self.suggestions_skipped} undecided suggestions skipped")
        if self.problems:
            parts.append(f"{len(self.problems)} bad records")
        return f"imported {self.path}: " + ", ".join(parts)


@dataclass
class _Group:
    """The records of one document: an existing one (``doc_id``) or a new one."""

    text: str
    first: ImportedRecord
    doc_id: int | None = None
    spans: dict[tuple[int, int, str], ImportedSpan] = field(default_factory=dict)

    def add(self, record: ImportedRecord) -> None:
        for span in record.spans:
            key = (span.start, span.end, span.label)
            known = self.spans.get(key)
            if known is None or _RANK[span.status] > _RANK[known.status]:
                self.spans[key] = span


def apply_records(
    store: SpanStore,
    parsed: ParsedFile,
    *,
    annotator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    report = ImportReport(parsed.path, records=len(parsed.records), problems=list(parsed.problems))
    groups = _group(store, parsed)
    taken_paths = {d.path for d in store.documents()}
    show = progress or no_progress
    with store.batch("import_annotations"):
        for done, group in enumerate(groups):
            show(done, len(groups), "import annotations")
            with _acting_as(store, annotator or group.first.annotator):
                if group.doc_id is None:
                    _create(store, group, parsed.path, taken_paths, report)
                else:
                    report.documents_matched += 1
                    _update(store, group, report)
    show(len(groups), len(groups), "import annotations")
    report.problems.sort(key=lambda p: p.line)
    return report


def _group(store: SpanStore, parsed: ParsedFile) -> list[_Group]:
    by_key: dict[object, _Group] = {}
    by_text: dict[str, int] | None = None
    for record in parsed.records:
        doc_id = _by_meta(store, record)
        if doc_id is None:
            if by_text is None:
                by_text = {d.text: d.id for d in store.documents(with_text=True)}
            doc_id = by_text.get(record.text)
        key: object = ("doc", doc_id) if doc_id is not None else ("new", record.text)
        group = by_key.get(key)
        if group is None:
            group = by_key[key] = _Group(record.text, record, doc_id)
        group.add(record)
    return list(by_key.values())


def _by_meta(store: SpanStore, record: ImportedRecord) -> int | None:
    from annotations.errors import StoreError

    candidates = []
    if record.sha256:
        found = store.find_document(record.sha256)
        if found is not None:
            candidates.append(found.id)
    if isinstance(record.document_id, int):
        candidates.append(record.document_id)
    for doc_id in candidates:
        try:
            doc = store.document(doc_id)
        except StoreError:
            continue
        if doc.current and doc.text == record.text:
            return doc.id
    return None


def _create(
    store: SpanStore, group: _Group, source: Path, taken_paths: set[str], report: ImportReport
) -> None:
    from redaction.documents import Document

    record = group.first
    path = str(Path(record.path).resolve()) if record.path else None
    if path is None or path in taken_paths:  # the store would make it a version of that one
        path = f"{source.resolve()}:{record.line}"
    sha = hashlib.sha256(group.text.encode("utf-8", "surrogatepass")).hexdigest()
    if record.sha256 and store.find_document(record.sha256) is None:
        sha = record.sha256
    document = Document(
        path=Path(path),
        format="txt",
        text=group.text,
        sha256=sha,
        size=len(group.text.encode("utf-8", "surrogatepass")),
    )
    spans = [
        (Span(s.start, s.end, s.label, 1.0, IMPORTED, group.text[s.start : s.end]), s.status, None)
        for s in group.spans.values()
    ]
    doc = add_decided_document(store, document, spans, record.status or "done")
    taken_paths.add(doc.path)
    report.documents_created += 1
    report.spans_added += len(spans)


def add_decided_document(
    store: SpanStore,
    document: Any,
    spans: Sequence[tuple[Span, str, str | None]],
    status: str,
    finished_by: str | None = None,
) -> DocumentRecord:
    """Store a new document with spans that already carry a status: ``(span, status,
    annotator)`` (annotator None: the store's). One transaction and one change (joining the
    caller's batch, if any): the document and its spans as suggestions, then the decisions,
    each recorded under its annotator; accepted spans of one annotator go in one
    ``accept_all`` when nothing else stays undecided."""
    with store.batch("import_document"):
        return _add_decided(store, document, spans, status, finished_by)


def _add_decided(
    store: SpanStore,
    document: Any,
    spans: Sequence[tuple[Span, str, str | None]],
    status: str,
    finished_by: str | None,
) -> DocumentRecord:
    doc, _ = store.add_document(document, suggestions=[span for span, _, _ in spans])
    ids = {(s.start, s.end, s.label): s.id for s in store.spans(doc.id)}
    decisions = [
        (ids[(span.start, span.end, store.label(span.label))], status, who)
        for span, status, who in spans
        if status != "suggested"
    ]
    accepting = {who for _, st, who in decisions if st == "accepted"}
    bulk_accept = len(decisions) == len(spans) and len(accepting) == 1
    for span_id, st, who in decisions:
        if st == "rejected" or not bulk_accept:
            with _acting_as(store, who):
                (store.reject if st == "rejected" else store.accept)(span_id)
    if bulk_accept:
        with _acting_as(store, accepting.pop()):
            store.accept_all(doc.id)
    with _acting_as(store, finished_by):
        store.set_status(doc.id, status)
    return store.document(doc.id)


def _update(store: SpanStore, group: _Group, report: ImportReport) -> None:
    assert group.doc_id is not None
    stored = {(s.start, s.end, s.label): s for s in store.spans(group.doc_id)}
    for key, span in group.spans.items():
        existing = stored.get(key)
        if existing is not None and (existing.status == span.status or span.status == "suggested"):
            report.spans_unchanged += 1
        elif existing is not None:
            (store.accept if span.status == "accepted" else store.reject)(existing.id)
            report.spans_changed += 1
        elif span.status == "suggested":
            report.suggestions_skipped += 1
        else:
            created, _ = store.create_span(
                group.doc_id, span.start, span.end, span.label, source=IMPORTED
            )
            if span.status == "rejected":
                store.reject(created.id)
            report.spans_added += 1


@contextlib.contextmanager
def _acting_as(store: SpanStore, annotator: str | None) -> Iterator[None]:
    """Record the decisions under ``annotator`` (the one who made them) when known."""
    previous = store.annotator
    store.annotator = annotator or previous
    try:
        yield
    finally:
        store.annotator = previous
