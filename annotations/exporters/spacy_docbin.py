"""spaCy ``DocBin`` (``.spacy``) for training NER and span categorisation.

Accepted spans go into ``doc.spans["sc"]`` (all of them, overlapping ones included) and into
``doc.ents`` (which cannot overlap: where spans overlap, the longest is kept, as
``spacy.util.filter_spans`` does). Other exported statuses go into their own span groups
(``doc.spans["rejected"]``, ``doc.spans["suggested"]``) so they never train as entities.
``doc.user_data`` holds the ``meta`` of the JSONL formats (document id, path, sha256, annotator).
In a document not marked done, tokens outside the entities have a missing entity annotation
(``ent_iob == 0``) rather than "O": an unreviewed text is no evidence that it holds no PII.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from annotations.exporters.alignment import TokenizedText
from annotations.exporters.base import aligned_spans, iterate_with_progress
from annotations.exporters.output import atomic_writer
from annotations.exporters.records import AnnotatedDocument, select_documents
from annotations.exporters.report import ExportReport
from redaction.progress import ProgressCallback

#: The span group holding every accepted span (spaCy's default ``spans_key`` for spancat).
SPANS_KEY = "sc"


def export_spacy(
    store_or_records: Any,
    out_path: str | Path,
    *,
    labels: Collection[str] | None = None,
    statuses: Collection[str] = ("accepted",),
    include_unfinished: bool = False,
    include_skipped: bool = False,
    progress: ProgressCallback | None = None,
    with_paths: bool = False,
) -> ExportReport:
    """Write a ``DocBin`` file; see the module docstring for where spans go."""
    from spacy.tokens import DocBin

    selection = select_documents(
        store_or_records,
        labels=labels,
        statuses=statuses,
        include_unfinished=include_unfinished,
        include_skipped=include_skipped,
    )
    report = ExportReport("spacy", Path(out_path), statuses=tuple(statuses), with_paths=with_paths)
    docbin = DocBin(store_user_data=True)
    for doc in iterate_with_progress(selection, progress):
        docbin.add(to_spacy_doc(doc, report))
        report.documents += 1
    if report.documents:  # an export that selected nothing writes no file
        with atomic_writer(Path(out_path), binary=True) as handle:
            handle.write(docbin.to_bytes())
    return report


def to_spacy_doc(doc: AnnotatedDocument, report: ExportReport) -> Any:
    """A tokenised spaCy ``Doc`` with the document's spans as entities and span groups."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    tokens = TokenizedText(doc.text)
    sdoc = tokens.doc
    groups: dict[str, list[Span]] = {SPANS_KEY: []}
    for span, al in aligned_spans(doc, tokens, report):
        key = SPANS_KEY if span.status == "accepted" else span.status
        groups.setdefault(key, []).append(
            Span(sdoc, al.token_start, al.token_end + 1, label=span.label)
        )
        report.spans += 1
    # Tokens outside the entities are "O" only in a finished document; in an unfinished one
    # (exported with include_unfinished/include_skipped) nobody has said so: they are missing,
    # which spaCy's NER training ignores instead of learning "not PII".
    default = "outside" if doc.status == "done" else "missing"
    sdoc.set_ents(filter_spans(groups[SPANS_KEY]), default=default)
    for key, spans in groups.items():
        sdoc.spans[key] = spans
    meta = doc.export_meta(with_paths=report.with_paths)
    sdoc.user_data.update({f"redact:{k}": v for k, v in meta.items()})
    return sdoc
