"""Building table rows (dicts of column values) from shared types."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from redaction.spans import Span


class DocumentLike(Protocol):
    """What the store needs of a ``redaction.documents.Document``."""

    @property
    def path(self) -> Any: ...
    @property
    def format(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def properties(self) -> Any: ...


def stored_path(document: DocumentLike) -> str:
    """Paths are stored absolute so that re-importing from another folder finds the file."""
    return str(Path(document.path).resolve()) if document.path else ""


def document_row(
    document: DocumentLike,
    time: str,
    *,
    status: str = "new",
    version: int = 1,
    previous_id: int | None = None,
) -> dict[str, Any]:
    properties = {} if document.properties is None else document.properties
    return {
        "path": stored_path(document),
        "sha256": document.sha256,
        "format": str(document.format),
        "text": document.text,
        "added": time,
        "updated": time,
        "status": status,
        # dates and other non-JSON values in properties are kept as strings
        "properties": json.dumps(properties, sort_keys=True, default=str),
        "version": version,
        "previous_id": previous_id,
        "current": 1,
    }


def span_row(span: Span, status: str, annotator: str | None, updated: str) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
        "score": float(span.score),
        "source": span.source,
        "status": status,
        "annotator": annotator,
        "updated": updated,
    }
