"""Bringing labelled data back in: ``import_annotations(store, path, format)``.

One parser per format turns a JSONL file into validated records and one problem per bad line
(``FILE:LINE: problem``); ``apply_records`` puts the good ones into the store.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotations.importers.apply import ImportReport, apply_records
from annotations.importers.doccano import parse_doccano
from annotations.importers.prodigy import parse_prodigy
from annotations.importers.records import ImportFileError, ImportProblem, ParsedFile
from redaction.labels import LabelSet
from redaction.progress import ProgressCallback

if TYPE_CHECKING:
    from annotations.store import SpanStore

#: ``redact import-annotations --format NAME`` -> parser.
PARSERS: dict[str, Callable[[str | Path, LabelSet], ParsedFile]] = {
    "prodigy": parse_prodigy,
    "doccano": parse_doccano,
}


def import_annotations(
    store: SpanStore,
    path: str | Path,
    format: str,
    *,
    annotator: str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import a Prodigy or doccano JSONL file; bad lines are in ``report.problems``, the good
    ones are stored. ``annotator`` (default: the one in each record's meta, else the store's)
    is recorded with the decisions."""
    parser = PARSERS.get(format)
    if parser is None:
        raise ValueError(f"unknown format {format!r} (use {', '.join(PARSERS)})")
    parsed = parser(path, store.labels)
    return apply_records(store, parsed, annotator=annotator, progress=progress)


__all__ = [
    "PARSERS",
    "ImportFileError",
    "ImportProblem",
    "ImportReport",
    "import_annotations",
]
