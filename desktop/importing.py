"""Background import: read files, detect, store; one job at a time, cancellable, with progress.

Runs on the operations' work thread; the store calls go to the store thread. Bad files do not
stop the job: they are collected and listed to the user at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from annotations.records import DocumentRecord
from redaction.documents import iter_document_paths, load_document
from redaction.errors import RedactError
from redaction.labels import LabelSet
from redaction.progress import ProgressCallback, no_progress
from redaction.spans import Span


class DetectorLike(Protocol):
    def detect_batch(self, texts: list[str], **kwargs: Any) -> Iterable[list[Span]]: ...


@dataclass
class ImportResult:
    added: list[DocumentRecord] = field(default_factory=list)
    unchanged: list[DocumentRecord] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one line each: "<file>: <problem>"
    #: Problems that did not stop a file: "<file>: <warning>" (an uncertain encoding guess).
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False
    total: int = 0


def suggestions_for(
    detector: DetectorLike | None, text: str, labels: LabelSet, threshold: float | None
) -> list[Span]:
    """Detector spans with stored label names; entities with no label of ours are dropped."""
    if detector is None or not text.strip():
        return []
    kwargs: dict[str, Any] = {} if threshold is None else {"threshold": threshold}
    found = next(iter(detector.detect_batch([text], **kwargs)), [])
    out = []
    for span in found:
        label = labels.canonical(span.label)
        if label in labels:
            out.append(Span(span.start, span.end, label, span.score, span.source, span.text))
    return out


def run_import(
    paths: Iterable[str | Path],
    add: Callable[[Any, list[Span]], tuple[DocumentRecord, Any]],
    detector: Callable[[], DetectorLike | None],
    labels: LabelSet,
    *,
    threshold: float | None = None,
    cancel: threading.Event | None = None,
    progress: ProgressCallback = no_progress,
    encoding: str | None = None,
) -> ImportResult:
    """Import every document under ``paths``; ``add(document, spans)`` stores one.
    ``encoding`` forces the text encoding of TXT/MD files."""
    result = ImportResult()
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(iter_document_paths([path]))
        else:
            files.append(path)  # missing/unsupported files are reported by load_document
    result.total = len(files)
    progress(0, len(files), "")
    for i, file in enumerate(files):
        if cancel is not None and cancel.is_set():
            result.cancelled = True
            break
        progress(i, len(files), file.name)
        try:
            document = load_document(file, encoding=encoding)
            result.warnings.extend(
                w if w.startswith(f"{file}:") else f"{file}: {w}" for w in document.warnings
            )
            spans = suggestions_for(detector(), document.text, labels, threshold)
            record, change = add(document, spans)
        except RedactError as exc:
            result.failed.append(str(exc))
            continue
        except (OSError, ValueError) as exc:
            result.failed.append(f"{file}: {exc}")
            continue
        (result.added if change else result.unchanged).append(record)
    progress(len(files) if not result.cancelled else i, len(files), "")
    return result
