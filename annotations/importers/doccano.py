"""Read doccano sequence-labelling JSONL: ``{"text", "label": [[start, end, "LABEL"], ...]}``.

doccano also exports ``"entities"`` (objects with ``start_offset``/``end_offset``/``label``);
both are read. Spans are accepted unless ``meta["span_status"]`` (written by our exporter) says
otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

_STATUSES = ("accepted", "rejected", "suggested")


def parse_doccano(path: str | Path, labels: LabelSet) -> ParsedFile:
    return parse_jsonl(path, parse_doccano_record, labels)


def parse_doccano_record(obj: Any, line: int, labels: LabelSet) -> ImportedRecord:
    text = record_text(obj)
    raw_spans = _raw_spans(obj)
    meta = obj.get("meta")
    statuses = meta.get("span_status") if isinstance(meta, dict) else None
    if statuses is None:
        statuses = ["accepted"] * len(raw_spans)
    if not isinstance(statuses, list) or len(statuses) != len(raw_spans):
        raise RecordError("meta 'span_status' must list one status per label")
    spans = []
    for i, (raw, status) in enumerate(zip(raw_spans, statuses, strict=True), 1):
        what = f"label #{i}"
        if status not in _STATUSES:
            raise RecordError(f"{what}: unknown status {status!r}")
        spans.append(checked_span(text, *raw, labels, what=what, status=status))
    return ImportedRecord(line, text, tuple(spans), **meta_fields(meta))


def _raw_spans(obj: dict[str, Any]) -> list[tuple[Any, Any, Any]]:
    if "entities" in obj and "label" not in obj:
        entities = obj["entities"]
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise RecordError("'entities' must be a list of objects")
        return [(e.get("start_offset"), e.get("end_offset"), e.get("label")) for e in entities]
    raw = obj.get("label", [])
    if not isinstance(raw, list):
        raise RecordError("'label' must be a list of [start, end, label]")
    result = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, list) or len(item) != 3:
            raise RecordError(f"label #{i}: expected [start, end, label], got {item!r}")
        result.append((item[0], item[1], item[2]))
    return result
