"""The loop every exporter shares: pick documents and spans, tokenise once, write atomically."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from annotations.exporters.alignment import Alignment, TokenizedText
from annotations.exporters.output import atomic_writer
from annotations.exporters.parallel import Encoder, encode_in_workers, export_workers
from annotations.exporters.records import AnnotatedDocument, Selection, SpanLike, select_documents
from annotations.exporters.report import ExportReport
from redaction.progress import ProgressCallback, no_progress


def export_text_format(
    format_name: str,
    encode: Encoder,
    source: Any,
    out_path: str | Path,
    *,
    labels: Collection[str] | None,
    statuses: Collection[str],
    include_unfinished: bool,
    include_skipped: bool,
    progress: ProgressCallback | None,
    with_paths: bool = False,
) -> ExportReport:
    """Write ``encode(doc)`` for every selected document to ``out_path`` atomically.

    Large exports are encoded by forked worker processes when that is safe
    (:mod:`annotations.exporters.parallel`); the file is the same either way."""
    selection = select_documents(
        source,
        labels=labels,
        statuses=statuses,
        include_unfinished=include_unfinished,
        include_skipped=include_skipped,
    )
    report = ExportReport(
        format_name, Path(out_path), statuses=tuple(statuses), with_paths=with_paths
    )
    workers = export_workers(selection)
    with atomic_writer(Path(out_path), discard_if=lambda: not report.documents) as handle:
        if workers:
            handle.flush()
            binary = handle.buffer  # type: ignore[attr-defined]  # the workers send UTF-8
            for data in encode_in_workers(encode, source, selection, report, workers, progress):
                binary.write(data)
        else:
            for doc in iterate_with_progress(selection, progress):
                text = encode(doc, report)
                handle.write(text)
                report.documents += bool(text)  # Prodigy writes no task for some documents
    return report


def text_exporter(format_name: str, encode: Encoder, doc: str) -> Callable[..., ExportReport]:
    """The public ``export_<format>`` function of a text format, with the shared signature."""

    def export(
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
        return export_text_format(
            format_name,
            encode,
            store_or_records,
            out_path,
            labels=labels,
            statuses=statuses,
            include_unfinished=include_unfinished,
            include_skipped=include_skipped,
            progress=progress,
            with_paths=with_paths,
        )

    export.__name__ = export.__qualname__ = f"export_{format_name}"
    export.__doc__ = doc
    return export


def iterate_with_progress(
    selection: Selection, progress: ProgressCallback | None
) -> Iterable[AnnotatedDocument]:
    report = progress or no_progress
    total = selection.total
    for done, doc in enumerate(selection.documents):
        if done % 64 == 0:
            report(done, total, "documents")
        yield doc
    report(total, total, "documents")


def aligned_spans(
    doc: AnnotatedDocument, tokens: TokenizedText, report: ExportReport
) -> list[tuple[SpanLike, Alignment]]:
    """Each span with its token alignment; adjusted and misaligned ones are noted in the report,
    and misaligned ones are not returned (token-based formats cannot hold them)."""
    result = []
    for span in doc.spans:
        alignment = tokens.align(span.start, span.end)
        if alignment.kind != "exact":
            report.note(doc, span, alignment)
            if not alignment.usable:
                continue
        result.append((span, alignment))
    return result
