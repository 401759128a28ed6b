"""TXT/MD: the text with replacements, in the original encoding and newline style."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from redaction.anonymization.replacement import Replacement
from redaction.anonymization.writers.common import WriteResult, write_bytes
from redaction.documents.model import Document, TextLayout


def render_text(text: str, layout: TextLayout, replacements: Sequence[Replacement]) -> str:
    """The output text with original newlines restored (replacements must be sorted, disjoint).

    With mixed newlines each kept "\\n" gets the sequence it had at its position in the input;
    newlines inside replacement texts get the dominant one.
    """
    pieces: list[str] = []
    newline_index = 0
    olds = layout.newlines

    def restore(chunk: str) -> str:
        nonlocal newline_index
        if olds is None:
            return chunk.replace("\n", layout.newline) if layout.newline != "\n" else chunk
        lines = chunk.split("\n")
        out = [lines[0]]
        for line in lines[1:]:
            out.append(olds[newline_index] if newline_index < len(olds) else layout.newline)
            newline_index += 1
            out.append(line)
        return "".join(out)

    position = 0
    for rep in replacements:
        pieces.append(restore(text[position : rep.start]))
        newline_index += text.count("\n", rep.start, rep.end)
        pieces.append(rep.new_text.replace("\n", layout.newline))
        position = rep.end
    pieces.append(restore(text[position:]))
    return "".join(pieces)


def write_text(
    document: Document, layout: TextLayout, replacements: Sequence[Replacement], out: Path
) -> WriteResult:
    warnings: list[str] = []
    rendered = render_text(document.text, layout, replacements)
    try:
        data = layout.bom + rendered.encode(layout.encoding)
    except UnicodeEncodeError:
        data = layout.bom + rendered.encode(layout.encoding, errors="replace")
        warnings.append(
            f"{out}: some replacement characters cannot be written in {layout.encoding}; "
            "they were written as '?'"
        )
    write_bytes(out, data)
    return WriteResult(out, warnings)
