"""Training-data exporters, one module per format, all with the same signature:

``export_<format>(store_or_records, out_path, *, labels=None, statuses=("accepted",),
include_unfinished=False, include_skipped=False, progress=None) -> ExportReport``

``store_or_records`` is a ``SpanStore`` or an iterable of ``AnnotatedDocument``.
"""

from __future__ import annotations

from collections.abc import Callable

from annotations.exporters.conll import export_conll
from annotations.exporters.doccano import export_doccano
from annotations.exporters.output import ExportError
from annotations.exporters.prodigy import export_prodigy
from annotations.exporters.records import AnnotatedDocument, AnnotatedSpan, collect_documents
from annotations.exporters.report import AlignmentIssue, ExportReport
from annotations.exporters.spacy_docbin import export_spacy

#: ``redact export --format NAME`` -> exporter.
EXPORTERS: dict[str, Callable[..., ExportReport]] = {
    "prodigy": export_prodigy,
    "doccano": export_doccano,
    "spacy": export_spacy,
    "conll": export_conll,
}

__all__ = [
    "EXPORTERS",
    "AlignmentIssue",
    "AnnotatedDocument",
    "AnnotatedSpan",
    "ExportError",
    "ExportReport",
    "collect_documents",
    "export_conll",
    "export_doccano",
    "export_prodigy",
    "export_spacy",
]
