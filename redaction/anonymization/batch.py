"""Anonymise many documents into one output folder, with ``manifest.json`` and ``report.json``.

Where the spans come from is the caller's business (``spans_for``): the annotators' accepted
spans from the project database, or the detector's suggestions for batch use. A document that
cannot be loaded, has no spans source, fails to write or fails the leak check is reported and
the batch goes on; ``BatchResult.ok`` is False if any did.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from redaction.anonymization.engine import (
    QUARANTINE_PREFIX,
    UNCHECKED_PREFIX,
    DocumentReport,
    anonymize_document,
    output_name,
)
from redaction.anonymization.operators import DEFAULT_STYLE, OperatorContext
from redaction.documents import iter_document_paths, load_document
from redaction.documents.model import Document
from redaction.errors import OutputExistsError, RedactError
from redaction.progress import ProgressCallback, no_progress
from redaction.spans import Span

MANIFEST = "manifest.json"
REPORT = "report.json"

#: ``spans_for(document) -> spans``; raises RedactError to refuse a document (one line).
SpansSource = Callable[[Document], Sequence[Span]]
#: ``rejected_for(document) -> texts`` the annotators rejected in it.
RejectedSource = Callable[[Document], Collection[str]]
#: ``reviewed_for(document) -> True`` when the annotators marked it done.
ReviewedSource = Callable[[Document], bool]


@dataclass
class BatchResult:
    out_dir: Path
    documents: list[DocumentReport] = field(default_factory=list)

    @property
    def failed(self) -> list[DocumentReport]:
        return [d for d in self.documents if d.status != "ok"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> dict[str, int]:
        counts = {"documents": len(self.documents), "ok": 0, "leaked": 0, "failed": 0}
        for doc in self.documents:
            counts[doc.status] += 1
        return counts


def _is_within(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def is_batch_output(name: str) -> bool:
    """Whether a file in an output folder is one a batch writes (replaced by ``overwrite``)."""
    prefixes = ("doc-", QUARANTINE_PREFIX + "doc-", UNCHECKED_PREFIX + "doc-")
    return name in (MANIFEST, REPORT) or name.startswith(prefixes)


def prepare_output_dir(out_dir: Path, inputs: Iterable[str | Path], *, overwrite: bool) -> None:
    """Refuse an output folder that is an input, holds an input, or already has files in it
    (unless ``overwrite``: then only our own earlier outputs are removed)."""
    out_dir = Path(out_dir)
    for given in inputs:
        path = Path(given)
        if path.exists() and _is_within(path, out_dir):
            raise RedactError(
                f"{path}: the input is the output folder or inside it; choose another output folder"
            )
    if out_dir.exists() and not out_dir.is_dir():
        raise RedactError(f"{out_dir}: the output path exists and is not a folder")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        if not overwrite:
            raise OutputExistsError(
                out_dir,
                "the output folder is not empty; choose an empty one or replace the earlier outputs",
            )
        for old in out_dir.iterdir():
            if is_batch_output(old.name) and old.is_file():
                old.unlink()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RedactError(f"{out_dir}: cannot create the output folder ({exc.strerror})") from None


def anonymize_batch(
    paths: Iterable[str | Path],
    out_dir: Path,
    *,
    spans_for: SpansSource,
    context: OperatorContext,
    style: str,
    labels: Collection[str] | None = None,
    pdf_mode: Literal["raster", "keep-text"] = "raster",
    detector: Any = None,
    overwrite: bool = False,
    progress: ProgressCallback = no_progress,
    writer: Any = None,
    residual: Literal["fail", "warn"] = "fail",
    rejected_for: RejectedSource | None = None,
    redact_residual: bool = False,
    copy_unreadable: bool = False,
    with_paths: bool = False,
    reviewed_for: ReviewedSource | None = None,
    confirmed: bool = True,
    encoding: str | None = None,
) -> BatchResult:
    """Anonymise every document under ``paths`` into ``out_dir``; write manifest and report.

    ``rejected_for(document)`` gives the texts annotators rejected in it (not residual PII);
    ``redact_residual``: see ``anonymize_document`` (detection without review).
    ``with_paths``: name inputs by their paths in manifest and report (default: by content
    hash, see :func:`shown_input`). ``encoding`` forces the encoding of TXT/MD inputs."""
    paths = list(paths)
    prepare_output_dir(out_dir, paths, overwrite=overwrite)
    files = list(iter_document_paths(paths))
    result = BatchResult(Path(out_dir))
    done: dict[str, DocumentReport] = {}  # output name -> the report of its first input
    for index, path in enumerate(files):
        progress(index, len(files), path.name)
        if _is_within(path, out_dir):
            continue
        try:
            document = load_document(path, encoding=encoding)
            name = output_name(document)
            first = done.get(name)
            if first is not None:
                # Same content as an earlier input: one output serves both.
                result.documents.append(same_content(first, str(path)))
                continue
            spans = spans_for(document)
            rejected = rejected_for(document) if rejected_for is not None else ()
            reviewed = reviewed_for(document) if reviewed_for is not None else False
        except RedactError as exc:
            result.documents.append(DocumentReport(str(path), status="failed", error=str(exc)))
            continue
        report = done[name] = anonymize_document(
            document,
            spans,
            Path(out_dir) / name,
            style=style,
            context=context,
            labels=labels,
            pdf_mode=pdf_mode,
            detector=detector,
            writer=writer,
            residual=residual,
            rejected=rejected,
            redact_residual=redact_residual,
            copy_unreadable=copy_unreadable,
            reviewed=reviewed,
            confirmed=confirmed,
        )
        result.documents.append(report)
    progress(len(files), len(files), "done")
    finish_batch(result, style, pdf_mode, residual if detector else "off", with_paths=with_paths)
    return result


@dataclass(frozen=True)
class DetectedOptions:
    """Anonymising the detector's suggestions with nobody reviewing them: the one recipe of
    ``redact anonymize`` without a project and of the cluster jobs (``redaction.spark``), so
    both write the same bytes for the same document. What the detector still finds once the
    first spans are replaced is redacted too (``residual_check``), and a given and family
    name counts on its own only with strong evidence (the spans are not confirmed)."""

    style: str = DEFAULT_STYLE
    labels: tuple[str, ...] | None = None
    pdf_mode: Literal["raster", "keep-text"] = "raster"
    residual: Literal["fail", "warn"] = "fail"
    residual_check: bool = True
    copy_unreadable: bool = False
    #: Secret of the pseudonyms (see ``Pseudonymizer``); None: a new one for each run.
    key: str | None = None
    locale: str = "en_GB"
    encoding: str | None = None

    def context(self, label_set: Any) -> OperatorContext:
        """The operators' context: a pseudonymiser (keyed) when the style needs one."""
        pseudonymizer = None
        if self.style == "pseudonym":
            from redaction.anonymization.pseudonyms import InMemoryPseudonymMap, Pseudonymizer

            pseudonymizer = Pseudonymizer(InMemoryPseudonymMap(), locale=self.locale, key=self.key)
        return OperatorContext(labels=label_set, pseudonymizer=pseudonymizer)

    def document_options(self, detector: Any) -> dict[str, Any]:
        """The keyword arguments of ``anonymize_document`` (and ``anonymize_batch``)."""
        return {
            "style": self.style,
            "labels": None if self.labels is None else list(self.labels),
            "pdf_mode": self.pdf_mode,
            "detector": detector if self.residual_check else None,
            "residual": self.residual,
            "confirmed": False,
            "redact_residual": self.residual_check,
            "copy_unreadable": self.copy_unreadable,
        }


def job_options(options: DetectedOptions) -> DetectedOptions:
    """``options`` with a key for the pseudonyms if none was given: every process of a job
    (worker processes, cluster executors) must draw the same fakes, so the job's one secret
    is made once, by the process that hands out the work."""
    if options.style == "pseudonym" and not options.key:
        import secrets

        return replace(options, key=secrets.token_hex(32))
    return options


def anonymize_detected(
    paths: Iterable[str | Path],
    out_dir: Path,
    detector: Any,
    options: DetectedOptions,
    label_set: Any,
    *,
    jobs: int = 1,
    overwrite: bool = False,
    with_paths: bool = False,
    progress: ProgressCallback = no_progress,
) -> BatchResult:
    """Anonymise every document under ``paths`` from the detector's suggestions; with
    ``jobs > 1`` in that many processes (this one and ``jobs - 1`` workers of the detector's
    pool), each document loaded, detected, written and leak-checked where it is taken."""
    options = job_options(options)
    if jobs <= 1:

        def spans_for(document: Document) -> Sequence[Span]:
            return detector.detect(document.text)  # type: ignore[no-any-return]

        return anonymize_batch(
            paths,
            out_dir,
            spans_for=spans_for,
            context=options.context(label_set),
            overwrite=overwrite,
            progress=progress,
            with_paths=with_paths,
            encoding=options.encoding,
            **options.document_options(detector),
        )
    from functools import partial

    from redaction.detection.batch import ordered_map, path_chunks

    paths = list(paths)
    prepare_output_dir(out_dir, paths, overwrite=overwrite)
    files = [p for p in iter_document_paths(paths) if not _is_within(p, out_dir)]
    result = BatchResult(Path(out_dir))
    first: dict[str, DocumentReport] = {}  # output name -> the report of its first input
    task = partial(_anonymize_paths, out_dir=Path(out_dir), options=options)
    progress(0, len(files), "")
    chunks = path_chunks(files)
    pool = detector.worker_pool(jobs)
    for reports in ordered_map(
        task, chunks, settings=detector.settings, jobs=jobs, local=lambda: detector, pool=pool
    ):
        for report in reports:
            earlier = first.get(report.output or "")
            if earlier is not None:  # same content as an earlier input: one output serves both
                report = same_content(earlier, report.input)
            elif report.output:
                first[report.output] = report
            result.documents.append(report)
            progress(len(result.documents), len(files), Path(report.input).name)
    residual = options.residual if options.residual_check else "off"
    finish_batch(result, options.style, options.pdf_mode, residual, with_paths=with_paths)
    return result


def _anonymize_paths(
    detector: Any, paths: Sequence[Path], *, out_dir: Path, options: DetectedOptions
) -> list[DocumentReport]:
    """A worker's share of :func:`anonymize_detected`: its documents' reports, in order."""
    from redaction.labels import load_labels

    context = options.context(load_labels())
    reports = []
    for path in paths:
        try:
            document = load_document(path, encoding=options.encoding)
        except RedactError as exc:
            reports.append(DocumentReport(str(path), status="failed", error=str(exc)))
            continue
        reports.append(
            anonymize_document(
                document,
                detector.detect(document.text),
                out_dir / output_name(document),
                context=context,
                **options.document_options(detector),
            )
        )
    return reports


def finish_batch(
    result: BatchResult, style: str, pdf_mode: str, residual: str, *, with_paths: bool
) -> None:
    """Write ``manifest.json`` and ``report.json`` of a finished batch."""
    write_manifest(result, with_paths=with_paths)
    write_report(
        result,
        style=style,
        pdf_mode=pdf_mode,
        residual=residual,
        with_paths=with_paths,
    )


def same_content(first: DocumentReport, path: str) -> DocumentReport:
    """The report of an input with the same content as an earlier one: one output serves both."""
    return replace(first, input=path, warnings=[*first.warnings, f"same content as {first.input}"])


def shown_input(path: str, sha256: str, *, with_paths: bool) -> str:
    """How ``manifest.json`` and ``report.json`` name an input: its path only when asked for
    (a CV's file name usually is the candidate's name), else ``doc-<sha256[:12]>.<ext>`` of its
    content, or a hash of the path for a file that could not be read."""
    if with_paths:
        return path
    if sha256:
        return f"doc-{sha256[:12]}{Path(path).suffix.lower()}"
    return "input-" + hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def write_manifest(result: BatchResult, *, with_paths: bool = False) -> None:
    (result.out_dir / MANIFEST).write_text(
        manifest_json(result, with_paths=with_paths), encoding="utf-8"
    )


def manifest_json(result: BatchResult, *, with_paths: bool = False) -> str:
    """The text of ``manifest.json``: each output and the input it came from."""
    entries = [
        {
            "output": d.output,
            "input": shown_input(d.input, d.sha256, with_paths=with_paths),
            "sha256": d.sha256,
            "status": d.status,
        }
        for d in result.documents
    ]
    return json.dumps({"documents": entries}, indent=2, ensure_ascii=False) + "\n"


def write_report(
    result: BatchResult,
    *,
    style: str,
    pdf_mode: str,
    residual: str = "off",
    with_paths: bool = False,
) -> None:
    text = report_json(
        result, style=style, pdf_mode=pdf_mode, residual=residual, with_paths=with_paths
    )
    (result.out_dir / REPORT).write_text(text, encoding="utf-8")


def report_json(
    result: BatchResult,
    *,
    style: str,
    pdf_mode: str,
    residual: str = "off",
    with_paths: bool = False,
) -> str:
    """The text of ``report.json``: the summary and each document's report."""
    shown = {
        d.input: shown_input(d.input, d.sha256, with_paths=with_paths) for d in result.documents
    }
    # Longer paths first, so that "/in/a.txt" is replaced before a path it begins with.
    hidden = sorted(shown, key=len, reverse=True) if not with_paths else []

    def hide(message: str) -> str:  # messages name files too ("same content as /in/a.txt")
        for path in hidden:
            message = message.replace(path, shown[path])
        return message

    documents = []
    for d in result.documents:
        entry = d.to_dict()
        entry["input"] = shown[d.input]
        entry["warnings"] = [hide(w) for w in entry["warnings"]]
        entry["error"] = hide(entry["error"]) if entry["error"] else entry["error"]
        documents.append(entry)
    data = {
        "style": style,
        "pdf_mode": pdf_mode,
        "residual_check": residual,
        "summary": result.summary(),
        "documents": documents,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
