"""Exporting a project's annotations as training data, for `redact export` and the app's
export dialog alike: the chosen format, and when nothing is selected, no file and the reason."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.exporters import EXPORTERS, ExportReport
from annotations.exporters.report import why_nothing_exported
from redaction.progress import ProgressCallback, no_progress


@dataclass(frozen=True)
class TrainingExportOptions:
    format: str
    out_path: Path
    #: Span statuses to write (accepted; rejected and suggested for round trips).
    statuses: Sequence[str] = ("accepted",)
    labels: Sequence[str] | None = None
    include_unfinished: bool = False
    include_skipped: bool = False
    with_paths: bool = False


@dataclass(frozen=True)
class TrainingExportResult:
    report: ExportReport
    #: Why nothing was exported (no file was written then), in the front's words; None if
    #: something was.
    why_empty: str | None


def export_training_data(
    store: Any,
    options: TrainingExportOptions,
    *,
    option_words: Mapping[str, str],
    progress: ProgressCallback = no_progress,
) -> TrainingExportResult:
    """Write the project's annotations in ``options.format``. ``option_words`` names, in the
    front's words, the choices that would select more ("unfinished", "skipped")."""
    report = EXPORTERS[options.format](
        store,
        options.out_path,
        labels=list(options.labels) if options.labels else None,
        statuses=list(options.statuses),
        include_unfinished=options.include_unfinished,
        include_skipped=options.include_skipped,
        progress=progress,
        with_paths=options.with_paths,
    )
    why = None
    if not report.documents:
        why = why_nothing_exported(
            store.count_by_status(),
            include_unfinished=options.include_unfinished,
            include_skipped=options.include_skipped,
            options=option_words,
        )
    return TrainingExportResult(report, why)
