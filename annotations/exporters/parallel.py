"""Encoding a large text export in forked worker processes, written in document order.

Tokenising and encoding take about four fifths of an export. Each worker reads its own ranges
of documents over its own connection and returns their text; this process hands out the ranges
a few at a time (memory holds a bounded window, never the whole store) and writes the text in
order, so the file is byte for byte what the in-process loop writes. Each chunk also returns its own
``ExportReport`` (span counts, alignment issues), merged here in the same order.

Workers are forked only when that is safe (:func:`redaction.detection.batch.fork_is_safe`:
Linux, one thread, no Qt loaded) and the export is large enough to pay for the start-up;
otherwise the caller encodes in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from annotations.exporters.alignment import english_tokenizer
from annotations.exporters.records import AnnotatedDocument, Selection
from annotations.exporters.report import ExportReport
from redaction.detection.batch import fork_is_safe
from redaction.errors import portable
from redaction.progress import ProgressCallback, no_progress

#: Below this many documents an export is encoded in-process (forking costs ~0.1 s).
MIN_PARALLEL_DOCUMENTS = 200
#: Documents per unit of work: large enough that pickling overhead is small, small enough
#: that the window of chunks in flight stays a few megabytes.
CHUNK_DOCUMENTS = 16
#: Chunks in flight per worker: keeps workers busy while this process writes.
WINDOW_PER_WORKER = 4

#: ``encode(document, report) -> text`` for one document of a text format.
Encoder = Callable[[AnnotatedDocument, ExportReport], str]
ChunkResult = tuple[bytes, ExportReport]


def export_workers(selection: Selection) -> int:
    """How many worker processes to fork for ``selection`` (0: encode in-process)."""
    if selection.query is None:
        return 0
    total = selection.total
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if total < MIN_PARALLEL_DOCUMENTS or (cpus or 1) < 2 or not fork_is_safe():
        return 0
    return min(cpus or 1, 4)


def encode_range(
    encode: Encoder, blank: ExportReport, query: Any, first: int, last: int
) -> ChunkResult:
    """Read and encode the documents with ids ``first..last`` (run in a worker), counting into
    a copy of the empty report ``blank``."""
    own = ExportReport(
        blank.format, blank.path, statuses=blank.statuses, with_paths=blank.with_paths
    )
    parts = []
    try:
        for doc in query.read(first, last):
            parts.append(encode(doc, own))
            own.documents += bool(parts[-1])
    except Exception as exc:
        raise portable(exc) from None
    return "".join(parts).encode("utf-8"), own  # encoded here, not in the writing process


def encode_in_workers(
    encode: Encoder,
    store: Any,
    selection: Selection,
    report: ExportReport,
    workers: int,
    progress: ProgressCallback | None,
) -> Iterator[bytes]:
    """The encoded text of the selected documents (UTF-8), chunk by chunk in order.

    Forked workers each read and encode ranges of documents over their own connection (see
    ``store_reader.StoreQuery``); ``report`` is updated as each chunk is yielded. An exception
    raised in a worker is raised here, in order, as the in-process loop would raise it.
    """
    report_progress = progress or no_progress
    ids = selection.query.document_ids(store)
    total = len(ids)
    blank = ExportReport(
        report.format, report.path, statuses=report.statuses, with_paths=report.with_paths
    )
    english_tokenizer()  # loaded once, inherited by every worker
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: deque[AsyncResult[ChunkResult]] = deque()
        window = workers * WINDOW_PER_WORKER
        report_progress(0, total, "documents")
        for lo in range(0, total, CHUNK_DOCUMENTS):
            chunk = ids[lo : lo + CHUNK_DOCUMENTS]
            args = (encode, blank, selection.query, chunk[0], chunk[-1])
            pending.append(pool.apply_async(encode_range, args))
            if len(pending) >= window:
                yield _collect(pending.popleft(), report, report_progress, total)
        while pending:
            yield _collect(pending.popleft(), report, report_progress, total)
    report_progress(total, total, "documents")


def _collect(
    result: AsyncResult[ChunkResult],
    report: ExportReport,
    progress: ProgressCallback,
    total: int,
) -> bytes:
    text, part = result.get()
    report.documents += part.documents
    report.spans += part.spans
    report.issues.extend(part.issues)
    progress(report.documents, total, "documents")
    return text
