"""Read Prodigy/spaCy-style JSONL (as written by ``export_prodigy`` or by Prodigy itself).

``answer`` gives the status of the task's spans: accept -> accepted, reject -> rejected,
ignore -> suggested. A task without an ``answer`` has not been annotated (Prodigy itself only
trains on answered tasks), so its spans are suggestions too, never accepted gold, and a
document created for it is "new" (unless its ``meta`` says otherwise), not done. A span may carry ``text``; it must match the document text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotations.exporters.prodigy import STATUS_FOR_ANSWER
from annotations.importers.records import (
    ImportedRecord,
    ParsedFile,
    RecordError,
    checked_span,
    meta_fields,
    parse_jsonl,
    record_text,
)
from redaction.labels import LabelSet


def parse_prodigy(path: str | Path, labels: LabelSet) -> ParsedFile:
    return parse_jsonl(path, parse_prodigy_record, labels)


def parse_prodigy_record(obj: Any, line: int, labels: LabelSet) -> ImportedRecord:
    text = record_text(obj)
    answer = obj.get("answer", "ignore")  # no answer: not annotated yet, so not gold
    status = STATUS_FOR_ANSWER.get(answer) if isinstance(answer, str) else None
    if status is None:
        raise RecordError(f"unknown answer {answer!r} (expected accept, reject or ignore)")
    raw_spans = obj.get("spans") or []
    if not isinstance(raw_spans, list):
        raise RecordError("'spans' must be a list")
    spans = []
    for i, raw in enumerate(raw_spans, 1):
        what = f"span #{i}"
        if not isinstance(raw, dict):
            raise RecordError(f"{what}: expected an object")
        span = checked_span(
            text,
            raw.get("start"),
            raw.get("end"),
            raw.get("label"),
            labels,
            what=what,
            status=status,
        )
        quoted = raw.get("text")
        if quoted is not None and quoted != text[span.start : span.end]:
            raise RecordError(
                f"{what}: text {quoted!r} does not match {text[span.start : span.end]!r} "
                f"at {span.start}-{span.end}"
            )
        spans.append(span)
    fields = meta_fields(obj.get("meta"))
    if "answer" not in obj and fields.get("status") is None:
        fields["status"] = "new"  # a document nobody has reviewed is not "done"
    return ImportedRecord(line, text, tuple(spans), **fields)
