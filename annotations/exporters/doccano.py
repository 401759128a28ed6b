"""doccano JSONL for sequence labelling: ``{"id", "text", "label": [[start, end, "LABEL"]], "meta"}``.

Offsets are characters, so every span is written exactly as stored, token-aligned or not
(misaligned ones are still reported, because a token-based model trained from this file would
not see them as annotated). ``meta`` carries ``document_id``, ``path``, ``sha256`` and
``annotator``; when spans other than accepted ones are exported, ``meta["span_status"]`` lists
the status of each entry of ``label`` so that ``import-annotations`` restores it.
"""

from __future__ import annotations

import json
from typing import Any

from annotations.exporters.alignment import TokenizedText
from annotations.exporters.base import text_exporter
from annotations.exporters.records import AnnotatedDocument
from annotations.exporters.report import ExportReport


def encode_doccano(doc: AnnotatedDocument, report: ExportReport) -> str:
    if doc.spans:
        tokens = TokenizedText(doc.text)
        for span in doc.spans:
            alignment = tokens.align(span.start, span.end)
            if not alignment.usable:
                report.note(doc, span, alignment, kept=True)
    meta: dict[str, Any] = doc.export_meta(with_paths=report.with_paths)
    if any(s.status != "accepted" for s in doc.spans):
        meta["span_status"] = [s.status for s in doc.spans]
    record = {
        "id": doc.id,
        "text": doc.text,
        "label": [[s.start, s.end, s.label] for s in doc.spans],
        "meta": meta,
    }
    report.spans += len(doc.spans)
    return json.dumps(record, ensure_ascii=False) + "\n"


#: ``export_doccano(store_or_records, out_path, *, labels, statuses, include_unfinished, include_skipped, progress)``
export_doccano = text_exporter(
    "doccano", encode_doccano, "Write doccano JSONL (see annotations.exporters.doccano)."
)
