"""The export dialog's two jobs: training data through ``annotations.exporters`` (on the store
thread: one quick read), and anonymised documents through ``redaction.anonymization.batch``
(which ends with the leak check), on the work thread, reading the store a call at a time
(``desktop.store_proxy``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.exporters import EXPORTERS
from annotations.exporters.report import why_nothing_exported
from annotations.exporters.store_reader import count_by_status
from redaction.labels import LabelSet
from redaction.progress import ProgressCallback, no_progress
from redaction.wording import plural

Store = Any


@dataclass(frozen=True)
class TrainingExport:
    format: str
    out_path: Path
    statuses: tuple[str, ...] = ("accepted",)
    labels: tuple[str, ...] | None = None
    include_unfinished: bool = False


@dataclass(frozen=True)
class DocumentsExport:
    out_dir: Path
    style: str = "placeholder"
    include_unreviewed: bool = False
    labels: tuple[str, ...] | None = None
    overwrite: bool = False
    #: The text encoding of TXT/MD files, as chosen for imports (None: recognised).
    encoding: str | None = None


def export_training(
    store: Store, job: TrainingExport, progress: ProgressCallback = no_progress
) -> str:
    exporter = EXPORTERS[job.format]
    report = exporter(
        store,
        job.out_path,
        labels=list(job.labels) if job.labels else None,
        statuses=job.statuses,
        include_unfinished=job.include_unfinished,
        progress=progress,
    )
    if not report.documents:  # no file was written
        why = why_nothing_exported(
            count_by_status(store),
            include_unfinished=job.include_unfinished,
            include_skipped=False,
            options={"unfinished": "tick “Include documents not marked done”"},
        )
        return why[:1].upper() + why[1:] + f"; {job.out_path} not written"
    lines = [report.summary()]
    lines += [issue.describe() for issue in report.issues[:20]]
    return "\n".join(lines)


def export_documents(
    store: Store,
    job: DocumentsExport,
    labels: LabelSet,
    detector: Any = None,
    progress: ProgressCallback = no_progress,
) -> str:
    from annotations.project.anonymise import AnonymiseOptions, anonymise_project

    options = AnonymiseOptions(
        out_dir=job.out_dir,
        style=job.style,
        include_unreviewed=job.include_unreviewed,
        labels=job.labels,
        overwrite=job.overwrite,
        encoding=job.encoding,
    )
    done = anonymise_project(
        store,
        options,
        labels,
        detector=detector,
        progress=progress,
        not_reviewed_hint=" (tick “Include documents not marked done”)",
    )
    result, missing = done.batch, done.missing
    counts = result.summary()
    lines = [
        f"{counts['ok']} of {plural(counts['documents'], 'document')} anonymised into {job.out_dir} "
        f"({job.style}); leak check: {counts['leaked']} leaked, {counts['failed']} failed"
    ]
    for doc in result.documents:
        if doc.status != "ok":
            lines.append(f"{doc.status.upper()}: {doc.input}: {doc.error or doc.leak_check}")
        lines += [f"warning: {doc.input}: {w}" for w in doc.warnings if w.startswith("residual")]
    lines += [f"skipped (file missing): {p}" for p in missing]
    return "\n".join(lines)
