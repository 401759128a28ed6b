"""The export dialog's two jobs: training data through ``annotations.exporters`` (on the store
thread: one quick read), and anonymised documents through ``redaction.anonymization.batch``
(which ends with the leak check), on the work thread, reading the store a call at a time
(``desktop.store_proxy``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.project import TrainingExportOptions, export_training_data
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
    #: The pseudonym key: the same key gives the same fakes as `redact` and cluster jobs.
    key: str | None = None


def export_training(
    store: Store, job: TrainingExport, progress: ProgressCallback = no_progress
) -> str:
    result = export_training_data(
        store,
        TrainingExportOptions(
            job.format,
            job.out_path,
            statuses=job.statuses,
            labels=job.labels,
            include_unfinished=job.include_unfinished,
        ),
        option_words={"unfinished": "tick “Include documents not marked done”"},
        progress=progress,
    )
    if result.why_empty:  # no file was written
        why = result.why_empty
        return why[:1].upper() + why[1:] + f"; {job.out_path} not written"
    lines = [result.report.summary()]
    lines += [issue.describe() for issue in result.report.issues[:20]]
    return "\n".join(lines)


def export_documents(
    store: Store,
    job: DocumentsExport,
    labels: LabelSet,
    detector: Any = None,
    progress: ProgressCallback = no_progress,
    *,
    no_detector: str | None = None,
) -> str:
    """The export's report; with no ``detector``, it ends saying the residual check did not run
    and why (``no_detector``)."""
    from annotations.project.anonymise import AnonymiseOptions, anonymise_project

    options = AnonymiseOptions(
        out_dir=job.out_dir,
        style=job.style,
        include_unreviewed=job.include_unreviewed,
        labels=job.labels,
        overwrite=job.overwrite,
        encoding=job.encoding,
        key=job.key,
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
    if detector is None:
        lines.append(
            f"warning: no residual check (the detection engine: {no_detector or 'none loaded'}); "
            "only the reviewed spans were searched for"
        )
    return "\n".join(lines)
