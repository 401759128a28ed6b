"""Anonymising a project's documents: the spans the annotators accepted, the texts they
rejected, the project's pseudonym map, and the leak check, for `redact anonymize --db` and the
app's export alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotations.anonymizing import NotReviewedError, review_sources
from redaction.errors import RedactError
from redaction.labels import LabelSet
from redaction.progress import ProgressCallback, no_progress


@dataclass(frozen=True)
class AnonymiseOptions:
    out_dir: Path
    style: str = "placeholder"
    #: Anonymise documents not marked done too (their open suggestions count as accepted).
    include_unreviewed: bool = False
    #: Only these labels are redacted (None: those with ``redact: true``).
    labels: Sequence[str] | None = None
    #: Replace our own earlier outputs in ``out_dir``.
    overwrite: bool = False
    pdf_mode: Literal["raster", "keep-text"] = "raster"
    #: What residual suggestions in an output do: fail it, or only warn.
    residual: Literal["fail", "warn"] = "fail"
    #: A secret that derives pseudonyms (the same fakes on every machine that has it).
    key: str | None = None
    locale: str = "en_GB"
    copy_unreadable: bool = False
    with_paths: bool = False
    #: The text encoding of TXT/MD files (as they were imported).
    encoding: str | None = None


@dataclass
class AnonymiseResult:
    batch: Any  # redaction.anonymization.batch.BatchResult
    #: The project's documents whose original file is gone (not anonymised).
    missing: list[str] = field(default_factory=list)


class NothingToAnonymiseError(RedactError):
    """No document of the project (with its original file) is selected."""


def project_paths(store: Any, include_unreviewed: bool) -> tuple[list[str], list[str]]:
    """The original files of the project's documents to anonymise, and those that are gone."""
    wanted = ["done", "in_progress", "new"] if include_unreviewed else ["done"]
    records = store.documents(status=wanted)
    present = [r.path for r in records if Path(r.path).is_file()]
    return present, [r.path for r in records if not Path(r.path).is_file()]


def anonymise_project(
    store: Any,
    options: AnonymiseOptions,
    labels: LabelSet,
    *,
    paths: Sequence[str | Path] | None = None,
    detector: Any = None,
    progress: ProgressCallback = no_progress,
    not_reviewed_hint: str = "",
) -> AnonymiseResult:
    """Anonymise ``paths`` (None: every document of the project) with the project's review:
    ``detector`` runs the residual check (None: none). A document not marked done is refused
    unless ``options.include_unreviewed`` (the error ends with ``not_reviewed_hint``, each
    front's words for that option)."""
    from redaction.anonymization.batch import anonymize_batch
    from redaction.anonymization.operators import OperatorContext
    from redaction.anonymization.pseudonyms import Pseudonymizer

    missing: list[str] = []
    if paths is None:
        found, missing = project_paths(store, options.include_unreviewed)
        if not found:
            which = "" if options.include_unreviewed else "done "
            raise NothingToAnonymiseError(
                f"{options.out_dir}: nothing to export (no {which}documents whose original "
                "file is still there)"
            )
        paths = found
    sources = review_sources(store, include_unreviewed=options.include_unreviewed)

    def spans_for(document: Any) -> Any:
        try:
            return sources.spans_for(document)
        except NotReviewedError as exc:
            raise NotReviewedError(f"{exc}{not_reviewed_hint}") from None

    pseudonymizer = None
    if options.style == "pseudonym":
        pseudonymizer = Pseudonymizer(store.pseudonym_map(), locale=options.locale, key=options.key)
    batch = anonymize_batch(
        list(paths),
        options.out_dir,
        spans_for=spans_for,
        rejected_for=sources.rejected_for,
        reviewed_for=sources.reviewed_for,
        confirmed=True,
        context=OperatorContext(labels=labels, pseudonymizer=pseudonymizer),
        style=options.style,
        labels=list(options.labels) if options.labels else None,
        pdf_mode=options.pdf_mode,
        detector=detector,
        overwrite=options.overwrite,
        progress=progress,
        residual=options.residual,
        copy_unreadable=options.copy_unreadable,
        with_paths=options.with_paths,
        encoding=options.encoding,
    )
    return AnonymiseResult(batch, missing)
