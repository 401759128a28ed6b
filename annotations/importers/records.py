"""Parsed, validated records of a labelled JSONL file, before anything touches the store."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.records import DOCUMENT_STATUSES
from redaction.errors import RedactError
from redaction.labels import LabelSet


@dataclass(frozen=True, slots=True)
class ImportedSpan:
    start: int
    end: int
    label: str
    status: str = "accepted"


@dataclass(frozen=True, slots=True)
class ImportedRecord:
    """One good line: the text, where it came from, and its spans (validated, canonical labels)."""

    line: int
    text: str
    spans: tuple[ImportedSpan, ...]
    document_id: Any = None
    path: str | None = None
    sha256: str | None = None
    annotator: str | None = None
    status: str | None = None  # the document status the export recorded


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One bad line, shown as ``FILE:LINE: problem``."""

    path: Path
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.problem}"


class RecordError(ValueError):
    """Raised by a format's record parser for a bad line; the message is the problem."""


class ImportFileError(RedactError):
    """The whole file cannot be read (missing, binary, no UTF-8 line at all...)."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass
class ParsedFile:
    path: Path
    records: list[ImportedRecord] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


#: ``parse(obj, line, labels) -> ImportedRecord`` for one decoded JSON line; raises RecordError.
RecordParser = Callable[[Any, int, LabelSet], ImportedRecord]


def parse_jsonl(path: str | Path, parse_record: RecordParser, labels: LabelSet) -> ParsedFile:
    """Parse every non-blank line; a bad line (not UTF-8, bad JSON, bad record) becomes a
    problem and the others still count."""
    path = Path(path)
    parsed = ParsedFile(path)
    for number, line in _lines(path):
        if isinstance(line, UnicodeDecodeError):
            parsed.problems.append(ImportProblem(path, number, _not_utf8(line, "line")))
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            parsed.problems.append(
                ImportProblem(path, number, f"bad JSON: {exc.msg} at column {exc.colno}")
            )
            continue
        try:
            parsed.records.append(parse_record(obj, number, labels))
        except RecordError as exc:
            parsed.problems.append(ImportProblem(path, number, str(exc)))
    return parsed


#: How much of a file is looked at to tell binary data (NUL bytes) from text.
_SNIFF_BYTES = 8192


def _lines(path: Path) -> list[tuple[int, str | UnicodeDecodeError]]:
    """The numbered lines of ``path``, each decoded on its own (a line that is not UTF-8 is
    its ``UnicodeDecodeError``, so one badly encoded record does not cost the whole file).

    A file that is not text at all (NUL bytes, or no line that decodes) is one error."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(path, "file not found") from None
    except IsADirectoryError:
        raise ImportFileError(path, "is a directory") from None
    except OSError as exc:
        raise ImportFileError(path, f"cannot read: {exc.strerror or exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\0" in data[:_SNIFF_BYTES]:
        raise ImportFileError(path, "not UTF-8 text (binary data)")
    lines: list[tuple[int, str | UnicodeDecodeError]] = []
    for number, raw in enumerate(data.splitlines(), 1):
        try:
            lines.append((number, raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            lines.append((number, exc))
    errors = [line for _, line in lines if isinstance(line, UnicodeDecodeError)]
    if errors and len(errors) == len(lines):
        raise ImportFileError(path, _not_utf8(errors[0], "first line"))
    return lines


def _not_utf8(exc: UnicodeDecodeError, where: str) -> str:
    return f"not UTF-8 text ({exc.reason} at byte {exc.start + 1} of the {where})"


def record_text(obj: Any) -> str:
    if not isinstance(obj, dict):
        raise RecordError(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecordError("missing 'text'" if text is None else "'text' must be a string")
    if not text:
        raise RecordError("'text' is empty")
    return text


def checked_span(
    text: str, start: Any, end: Any, label: Any, labels: LabelSet, *, what: str, status: str
) -> ImportedSpan:
    """A span after the checks every format shares: integer offsets inside the text, start < end,
    a known label (detector entity names are mapped through the label aliases)."""
    if type(start) is not int or type(end) is not int:
        raise RecordError(f"{what}: offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start < end <= len(text):
        if start >= end and start >= 0 and end <= len(text):
            raise RecordError(f"{what}: start {start} is not before end {end}")
        raise RecordError(
            f"{what}: offsets {start}-{end} are outside the text (length {len(text)})"
        )
    if not isinstance(label, str) or not label:
        raise RecordError(f"{what}: missing label")
    canonical = labels.canonical(label)
    if canonical not in labels:
        raise RecordError(f"{what}: unknown label {label!r}")
    return ImportedSpan(start, end, canonical, status)


def meta_fields(meta: Any) -> dict[str, Any]:
    """``document_id``, ``path``, ``sha256``, ``annotator``, ``status`` from a ``meta`` object.

    All optional, and lenient: files from other tools put their own values in ``meta``, so a
    value of another type (or a status that is not ours) counts as absent instead of failing.
    """
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise RecordError("'meta' must be an object")
    result: dict[str, Any] = {"document_id": meta.get("document_id")}
    for key in ("path", "sha256", "annotator", "status"):
        value = meta.get(key)
        result[key] = value if isinstance(value, str) and value else None
    if result["status"] not in DOCUMENT_STATUSES:
        result["status"] = None
    return result
