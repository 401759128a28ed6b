"""Combining two annotators' databases into a new one for adjudication (``redact merge``).

Documents are matched by sha256. For a document in both, spans are compared by (start, end,
label); an annotator "claims" a span when they accepted it:

* both accepted it: kept once, accepted (A's source and annotator);
* neither accepted it: kept once with the most decided status either gave it (rejected over
  suggested), so a rejection is not lost;
* only one accepted it: kept once as a suggestion flagged for adjudication, with source
  ``adjudicate:A:accepted,B:rejected`` (each side's status, ``absent`` when it has no such span),
  and the document is put back "in_progress" so an adjudicator finds it.

A document in both whose spans all agree keeps "done" if both finished it. A document in only one
database is copied as it is (spans, statuses, document status).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotations.exporters.records import AnnotatedDocument, AnnotatedSpan, SpanLike
from annotations.records import DOCUMENT_STATUSES
from redaction.errors import OutputExistsError, RedactError
from redaction.progress import ProgressCallback, no_progress

ADJUDICATE = "adjudicate"
_RANK = {"absent": 0, "suggested": 1, "rejected": 2, "accepted": 3}


class MergeError(RedactError):
    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class MergedDocument:
    document: AnnotatedDocument  # the source document (A's when in both)
    spans: list[SpanLike]
    status: str
    finished_by: str | None
    origin: str  # "both", "A" or "B"
    disagreements: int = 0


@dataclass
class MergeReport:
    out: Path
    documents_both: int = 0
    documents_only_a: int = 0
    documents_only_b: int = 0
    spans_agreed: int = 0
    spans_to_adjudicate: int = 0
    documents_to_adjudicate: int = 0
    documents: list[MergedDocument] = field(default_factory=list, repr=False)

    def summary(self) -> str:
        return (
            f"merged into {self.out}: {self.documents_both} shared documents "
            f"({self.documents_to_adjudicate} to adjudicate, {self.spans_to_adjudicate} spans), "
            f"{self.documents_only_a} only in A, {self.documents_only_b} only in B, "
            f"{self.spans_agreed} agreed spans"
        )


def merge_documents(
    docs_a: Iterable[AnnotatedDocument], docs_b: Iterable[AnnotatedDocument]
) -> list[MergedDocument]:
    """The merged documents, A's first (in A's order), then those only in B."""
    by_sha_b = {d.sha256: d for d in docs_b}
    seen: set[str] = set()
    merged = []
    for a in docs_a:
        seen.add(a.sha256)
        b = by_sha_b.get(a.sha256)
        merged.append(_copy(a, "A") if b is None else merge_pair(a, b))
    merged.extend(_copy(b, "B") for sha, b in by_sha_b.items() if sha not in seen)
    return merged


def _copy(doc: AnnotatedDocument, origin: str) -> MergedDocument:
    return MergedDocument(doc, list(doc.spans), doc.status, doc.annotator, origin)


def merge_pair(a: AnnotatedDocument, b: AnnotatedDocument) -> MergedDocument:
    spans_a = _by_key(a.spans)
    spans_b = _by_key(b.spans)
    spans: list[SpanLike] = []
    disagreements = 0
    for key in sorted(spans_a.keys() | spans_b.keys()):
        sa, sb = spans_a.get(key), spans_b.get(key)
        status_a = sa.status if sa else "absent"
        status_b = sb.status if sb else "absent"
        base = sa or sb
        assert base is not None
        score = max(s.score for s in (sa, sb) if s is not None)
        if (status_a == "accepted") == (status_b == "accepted"):
            keep = sa if _RANK[status_a] >= _RANK[status_b] else sb
            assert keep is not None
            spans.append(AnnotatedSpan(*key, keep.status, keep.source, keep.annotator, score))
        else:
            disagreements += 1
            source = f"{ADJUDICATE}:A:{status_a},B:{status_b}"
            spans.append(AnnotatedSpan(*key, "suggested", source, None, score))
    if disagreements:
        status = "in_progress"
    elif a.status == b.status:
        status = a.status
    else:
        status = "in_progress" if {a.status, b.status} & {"in_progress", "done"} else a.status
    finished_by = a.annotator if status == "done" else None
    return MergedDocument(a, spans, status, finished_by, "both", disagreements)


def _by_key(spans: Iterable[SpanLike]) -> dict[tuple[int, int, str], SpanLike]:
    """One span per (start, end, label): the most decided one if a database holds duplicates."""
    result: dict[tuple[int, int, str], SpanLike] = {}
    for span in spans:
        key = (span.start, span.end, span.label)
        known = result.get(key)
        if known is None or _RANK[span.status] > _RANK[known.status]:
            result[key] = span
    return result


def merge_stores(
    path_a: str | Path,
    path_b: str | Path,
    out: str | Path,
    *,
    overwrite: bool = False,
    annotator: str = "merge",
    progress: ProgressCallback | None = None,
) -> MergeReport:
    """Write the merge of two databases to a new database ``out`` (built next to it under a
    temporary name and renamed when complete, so a failed merge leaves nothing behind)."""
    from annotations.exporters.records import collect_documents
    from annotations.store import SpanStore

    out = Path(out)
    if out.exists() and not overwrite:
        raise OutputExistsError(out, "already exists; choose another file or replace it")
    if not out.parent.is_dir():
        raise MergeError(out, "output directory does not exist")
    for source in (path_a, path_b):
        if not Path(source).is_file():
            raise MergeError(source, "no such database")
        if Path(source).resolve() == out.resolve():
            raise MergeError(out, "the output must not be one of the databases being merged")
    everything = {"statuses": ("suggested", "accepted", "rejected"), "include_unfinished": True}
    with contextlib.closing(SpanStore.open_for_reading(path_a, annotator=annotator)) as store_a:
        docs_a = collect_documents(store_a, **everything)  # type: ignore[arg-type]
    with contextlib.closing(SpanStore.open_for_reading(path_b, annotator=annotator)) as store_b:
        docs_b = collect_documents(store_b, **everything)  # type: ignore[arg-type]
    merged = merge_documents(docs_a, docs_b)
    report = MergeReport(out, documents=merged)
    with (
        _building(out) as tmp,
        contextlib.closing(SpanStore.open(tmp, annotator=annotator)) as dest,
    ):
        show = progress or no_progress
        paths: set[str] = set()
        for done, doc in enumerate(merged):
            if done % 16 == 0:
                show(done, len(merged), "merge")
            _write(dest, doc, paths)
            _count(report, doc)
        show(len(merged), len(merged), "merge")
    return report


def _write(store: object, merged: MergedDocument, paths: set[str]) -> None:
    """Add one merged document. Two different documents at one path (say A and B annotated
    different versions of a file) stay two documents: the second gets " (B)" after its path,
    because the store would otherwise treat it as a newer version and hide the first."""
    from annotations.importers.apply import add_decided_document
    from redaction.documents import Document
    from redaction.spans import Span

    doc = merged.document
    text = doc.text
    path = doc.path if doc.path not in paths else f"{doc.path} ({merged.origin})"
    paths.add(path)
    document = Document(
        path=Path(path),
        format=doc.format if doc.format in ("txt", "md", "docx", "pdf") else "txt",  # type: ignore[arg-type]
        text=text,
        sha256=doc.sha256,
        size=len(text.encode("utf-8", "surrogatepass")),
        properties=dict(doc.properties),
    )
    spans = [
        (
            Span(s.start, s.end, s.label, s.score, s.source, text[s.start : s.end]),
            s.status,
            s.annotator,
        )
        for s in merged.spans
    ]
    status = merged.status if merged.status in DOCUMENT_STATUSES else "in_progress"
    add_decided_document(store, document, spans, status, merged.finished_by)  # type: ignore[arg-type]


def _count(report: MergeReport, doc: MergedDocument) -> None:
    if doc.origin == "A":
        report.documents_only_a += 1
    elif doc.origin == "B":
        report.documents_only_b += 1
    else:
        report.documents_both += 1
        report.spans_to_adjudicate += doc.disagreements
        report.spans_agreed += len(doc.spans) - doc.disagreements
        report.documents_to_adjudicate += bool(doc.disagreements)


@contextlib.contextmanager
def _building(out: Path) -> Iterator[Path]:
    """A temporary database path next to ``out``, renamed to ``out`` on success."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    _remove_db(tmp)
    try:
        yield tmp
    except BaseException:
        _remove_db(tmp)
        raise
    with contextlib.closing(sqlite3.connect(tmp)) as conn:  # fold the WAL into the file
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
    _remove_db(out)
    os.replace(tmp, out)


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
