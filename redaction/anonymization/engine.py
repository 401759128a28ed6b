"""Anonymise one document end to end: plan → write (format writer) → leak check → report.

``anonymize_document`` is what ``redact anonymize`` runs per file; ``anonymize_text`` is the
text-only preview the desktop shows. An output that fails the leak check is renamed to
``QUARANTINE-<name>`` so nobody mistakes it for a safe file.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from redaction.anonymization.leakcheck import LeakReport, check_output, residual_suggestions
from redaction.anonymization.normalize import normal_key
from redaction.anonymization.operators import DEFAULT_STYLE, OperatorContext, default_context
from redaction.anonymization.planning import (
    Plan,
    apply_replacements,
    link_substitutions,
    plan_replacements,
    selected_labels,
)
from redaction.documents.model import Document
from redaction.errors import DocumentError
from redaction.spans import Span
from redaction.wording import plural

QUARANTINE_PREFIX = "QUARANTINE-"
#: An output is written under this prefix and gets its own name only once it passed the leak
#: check: a run killed in between leaves no unchecked file under a name that looks shareable.
UNCHECKED_PREFIX = "UNCHECKED-"
#: Document properties that name a person or an organisation; their values must not survive.
PERSONAL_PROPERTIES = frozenset(
    {"author", "last_modified_by", "lastmodifiedby", "manager", "company"}
)
#: Properties that list several people, joined by ", " by the loader.
PERSON_LISTS = frozenset({"comment_authors", "revision_authors"})

Status = Literal["ok", "leaked", "failed"]


@dataclass
class DocumentReport:
    """What happened to one input; ``report.json`` holds one per document."""

    input: str
    output: str | None = None
    status: Status = "ok"
    format: str = ""
    sha256: str = ""
    spans_by_label: dict[str, int] = field(default_factory=dict)
    propagated: int = 0
    leak_check: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "output": self.output,
            "status": self.status,
            "format": self.format,
            "sha256": self.sha256,
            "spans_redacted_by_label": dict(sorted(self.spans_by_label.items())),
            "occurrences_added": self.propagated,
            "leak_check": self.leak_check,
            "warnings": self.warnings,
            "error": self.error,
        }


_IMAGE_SUFFIXES = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "TIFF": (".tif", ".tiff")}


def output_name(document: Document) -> str:
    """``doc-<sha256[:12]>.<ext>``: never the original name, which may itself be PII. The
    extension is the input's, unless its content is in another format (a PDF named .docx)."""
    from redaction.documents.loading import SUPPORTED_EXTENSIONS

    suffix = document.path.suffix.lower()
    if document.format == "image":
        kind = getattr(document.layout, "image_format", "")
        if suffix not in _IMAGE_SUFFIXES.get(kind, ()):
            suffix = _IMAGE_SUFFIXES.get(kind, (".png",))[0]
    elif SUPPORTED_EXTENSIONS.get(suffix) != document.format:
        suffix = f".{document.format}"
    return f"doc-{document.sha256[:12]}{suffix}"


def quarantine(path: Path, name: str | None = None) -> Path:
    """Rename a leaking output (whose output name is ``name``, by default its own) so it cannot
    be mistaken for a safe one."""
    target = path.with_name(QUARANTINE_PREFIX + (name or path.name))
    target.unlink(missing_ok=True)
    path.replace(target)
    return target


def anonymize_text(
    text: str,
    spans: Iterable[Span],
    style: str = DEFAULT_STYLE,
    *,
    context: OperatorContext | None = None,
    labels: Collection[str] | None = None,
) -> str:
    """The text with ``spans`` anonymised in ``style`` (the desktop's preview)."""
    context = context or default_context()
    plan = plan_replacements(text, spans, style=style, context=context, labels=labels)
    return apply_replacements(text, plan.replacements)


def property_secrets(document: Document) -> list[tuple[str, str]]:
    """Personal document properties (author, last modified by, company, comment and revision
    authors) as leak needles. A PDF's "creator" is the producing application, so it is not one;
    a single word counts only with a digit or "@" in it ("lgsmith271"): the writers empty
    author fields anyway, and a word such as "admin" would match ordinary text."""
    secrets: list[tuple[str, str]] = []
    for key, value in document.properties.items():
        bare = key.rsplit(":", 1)[-1].replace(" ", "_").lower()
        if bare in PERSONAL_PROPERTIES:
            values = [value]
        elif bare in PERSON_LISTS:
            values = value.split(", ")
        else:
            continue
        secrets.extend(
            ("PROPERTY", v)
            for v in values
            if len(normal_key(v)) >= 3
            and (len(v.split()) >= 2 or any(c.isdigit() or c == "@" for c in v))
        )
    return secrets


#: How many times detection without review re-runs the detector on its own planned output.
SWEEP_ROUNDS = 3


def _sweep_residual(
    text: str,
    spans: list[Span],
    plan: Plan,
    detector: Any,
    *,
    style: str,
    context: OperatorContext,
    labels: Collection[str] | None,
    rejected: Collection[str],
    confirmed: bool,
) -> Plan:
    wanted = selected_labels(context.labels, labels)
    for _ in range(SWEEP_ROUNDS):
        visible = apply_replacements(text, plan.replacements)
        hits = residual_suggestions(
            visible,
            detector,
            wanted,
            context.labels.canonical,
            ignore=[normal_key(t) for t in plan.inserted],
            rejected={normal_key(t) for t in rejected},
            inserted=plan.inserted,
        )
        added = [
            Span(start, end, hit["label"], float(hit["score"]), source="residual")
            for hit in hits
            if hit["fails"]  # never a word that only looks like a name beside a placeholder
            for start, end in [_to_original(plan, hit["start"], hit["end"])]
            if start < end
        ]
        if not added:
            break
        spans = spans + added
        plan = plan_replacements(
            text, spans, style=style, context=context, labels=labels, confirmed=confirmed
        )
    return plan


def _to_original(plan: Plan, start: int, end: int) -> tuple[int, int]:
    """Offsets in the planned output -> offsets in the original text; an end inside an inserted
    replacement covers that replacement's whole original."""
    shift = 0  # original offset minus output offset, left of the current replacement
    first, last = start + shift, end + shift
    placed_start = placed_end = False
    for rep in sorted(plan.replacements, key=lambda r: r.start):
        out_start = rep.start - shift
        out_end = out_start + len(rep.new_text)
        if not placed_start:
            if start < out_start:
                first, placed_start = start + shift, True
            elif start < out_end:
                first, placed_start = rep.start, True
        if not placed_end:
            if end <= out_start:
                last, placed_end = end + shift, True
            elif end <= out_end:
                last, placed_end = rep.end, True
        shift += (rep.end - rep.start) - len(rep.new_text)
        if placed_start and placed_end:
            break
    if not placed_start:
        first = start + shift
    if not placed_end:
        last = end + shift
    return first, last


def anonymize_document(
    document: Document,
    spans: Iterable[Span],
    out_path: Path,
    *,
    style: str = DEFAULT_STYLE,
    context: OperatorContext,
    labels: Collection[str] | None = None,
    pdf_mode: Literal["raster", "keep-text"] = "raster",
    detector: Any = None,
    writer: Any = None,
    residual: Literal["fail", "warn"] = "fail",
    rejected: Collection[str] = (),
    redact_residual: bool = False,
    copy_unreadable: bool = False,
    reviewed: bool = False,
    confirmed: bool = True,
) -> DocumentReport:
    """Write ``document`` anonymised to ``out_path``, leak-check it, quarantine it on a leak.

    With a ``detector``, residual PII it finds in the output fails the document too
    (``residual="warn"``: reported as warnings only); ``rejected`` are texts the annotators
    rejected in this document, which are not residual PII. ``redact_residual`` (detection
    without review): what the detector finds in the planned output is redacted too, until it
    finds nothing more (at most ``SWEEP_ROUNDS`` times), so removing one entity cannot leave a
    neighbour that the detector only now recognises ("Major Ports of [location]").
    A document with parts that could not be read (``Document.unreadable``: scanned pages)
    fails without an output unless ``copy_unreadable``, which writes it with a warning.
    ``reviewed``: the annotators marked the document done, so a name, place or organisation
    the detector still suggests in the output fails it only if that text was not in the
    original they read (see ``leakcheck.residual_suggestions``); structured PII always fails.
    ``confirmed``: annotators accepted ``spans``; False for detected spans, whose people's
    given and family names count on their own only when detected with strong evidence.
    ``writer`` defaults to
    ``write_anonymized`` (tests pass a faulty one to prove the leak check catches it). Errors
    of this document are reported, not raised.
    """
    if writer is None:
        from redaction.anonymization.writers import write_anonymized as writer
    report = DocumentReport(
        input=str(document.path),
        format=document.format,
        sha256=document.sha256,
        warnings=list(document.warnings),
    )
    if document.unreadable and not copy_unreadable:
        # A scanned page cannot be searched, so nothing in it was redacted: writing it under
        # an output name would pass an unredacted document off as anonymised.
        report.status = "failed"
        report.error = "not anonymised: " + "; ".join(document.unreadable)
        return report
    started = time.perf_counter()
    spans = list(spans)
    plan: Plan = plan_replacements(
        document.text, spans, style=style, context=context, labels=labels, confirmed=confirmed
    )
    if redact_residual and detector is not None:
        plan = _sweep_residual(
            document.text, spans, plan, detector, style=style, context=context,
            labels=labels, rejected=rejected, confirmed=confirmed,
        )  # fmt: skip
    report.spans_by_label = plan.counts
    report.propagated = plan.propagated
    links = link_substitutions(
        (link.target for link in document.hyperlinks), plan, style=style, context=context
    )
    plan.substitutions = dict(
        sorted({**plan.substitutions, **links}.items(), key=lambda kv: -len(kv[0]))
    )
    plan.secrets += [("URL", target) for target in links]
    unchecked = out_path.with_name(UNCHECKED_PREFIX + out_path.name)
    try:
        result = writer(
            document,
            plan.replacements,
            unchecked,
            substitutions=plan.substitutions,
            pdf_mode=pdf_mode,
        )
    except DocumentError as exc:
        unchecked.unlink(missing_ok=True)
        report.status, report.error = "failed", str(exc)
        return report
    report.warnings.extend(result.warnings)
    written = time.perf_counter()

    wanted = selected_labels(context.labels, labels)
    leak: LeakReport = check_output(
        unchecked,
        document.format,
        plan.secrets + property_secrets(document),
        detector=detector,
        labels=wanted,
        canonical=context.labels.canonical,
        ignore=[normal_key(t) for t in plan.inserted],
        rejected={normal_key(t) for t in rejected},
        residual_mode=residual,
        visible_text=apply_replacements(document.text, plan.replacements),
        inserted=plan.inserted,
        reviewed_text=document.text if reviewed else None,
        name_parts=plan.name_parts,
        encoding=getattr(document.layout, "encoding", None),
        ocr=document.read_by_ocr,
    )
    report.seconds = {"write": written - started, "leak_check": time.perf_counter() - written}
    report.leak_check = leak.to_dict()
    report.warnings.extend(w for w in leak.warnings if w not in report.warnings)
    report.warnings.extend(
        f"copied as it is, not anonymised: {part}" for part in document.unreadable
    )
    report.warnings.extend(
        f"residual {r['label']} suggestion {r['text']!r} at {r['start']}-{r['end']} "
        f"(score {r['score']}) in the output: {r['why']}"
        for r in leak.residual
        if not (leak.residual_failed and r["fails"])
    )
    if leak.skipped:
        forms = [entry.removesuffix(": too short to search") for entry in leak.skipped]
        more = f" and {len(forms) - 5} more" if len(forms) > 5 else ""
        report.warnings.append(
            f"{plural(len(forms), 'redacted form')} too short to search, not checked: "
            f"{'; '.join(forms[:5])}{more}"
        )
    if leak.ok:
        unchecked.replace(out_path)
        report.output = out_path.name
    else:
        report.status = "leaked"
        report.output = quarantine(unchecked, out_path.name).name
        problems = [f"{h.label} ({h.form}) found in {h.where}" for h in leak.hits]
        problems += [
            f"residual {r['label']} {r['text']!r} in the output"
            for r in leak.residual
            if r["fails"]
        ]
        if not leak.hits:
            report.error = "residual PII found: "
        else:
            report.error = "leak check failed: "
        report.error += "; ".join(problems[:5]) + (" …" if len(problems) > 5 else "")
    return report
