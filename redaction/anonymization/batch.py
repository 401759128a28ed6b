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
    DocumentReport,
    anonymize_document,
    output_name,
)
from redaction.anonymization.operators import OperatorContext
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
            ours = old.name in (MANIFEST, REPORT) or old.name.startswith(
                ("doc-", QUARANTINE_PREFIX + "doc-")
            )
            if ours and old.is_file():
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
                result.documents.append(
                    replace(
                        first,
                        input=str(path),
                        warnings=[*first.warnings, f"same content as {first.input}"],
                    )
                )
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
    write_manifest(result, with_paths=with_paths)
    write_report(
        result,
        style=style,
        pdf_mode=pdf_mode,
        residual=residual if detector else "off",
        with_paths=with_paths,
    )
    return result


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
    entries = [
        {
            "output": d.output,
            "input": shown_input(d.input, d.sha256, with_paths=with_paths),
            "sha256": d.sha256,
            "status": d.status,
        }
        for d in result.documents
    ]
    (result.out_dir / MANIFEST).write_text(
        json.dumps({"documents": entries}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_report(
    result: BatchResult,
    *,
    style: str,
    pdf_mode: str,
    residual: str = "off",
    with_paths: bool = False,
) -> None:
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
    (result.out_dir / REPORT).write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
