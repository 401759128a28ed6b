"""CoNLL-2003 style BIO: one token per line, ``TOKEN -X- _ TAG``.

Each document starts with ``-DOCSTART- -X- O O`` and a blank line. Sentences are separated by a
blank line; with no parser, a sentence ends at a newline in the text (never inside an entity).
Whitespace tokens are not written (spans are trimmed so that none starts or ends on one). Tags
come from the accepted spans as in ``doc.ents`` (overlaps resolved to the longest span; the
spans left out are reported), so each token has exactly one tag and the BIO is always valid.
"""

from __future__ import annotations

from annotations.exporters.alignment import TokenizedText, non_overlapping
from annotations.exporters.base import aligned_spans, text_exporter
from annotations.exporters.records import AnnotatedDocument
from annotations.exporters.report import ExportReport

DOCSTART = "-DOCSTART- -X- O O"


def bio_tags(doc: AnnotatedDocument, tokens: TokenizedText, report: ExportReport) -> list[str]:
    """One BIO tag per token from the accepted spans.

    Aligned spans never start or end on a whitespace token, so every entity starts with ``B-``
    on a written token. Where spans overlap the longest wins (ties: the earlier one); each span
    left out for it is reported."""
    spans = [
        (al.token_start, al.token_end, span.label, span, al)
        for span, al in aligned_spans(doc, tokens, report)
        if span.status == "accepted"
    ]
    kept, dropped = non_overlapping(spans)
    for (_, _, _, span, _), (_, _, _, winner, at) in dropped:
        report.note_overlap(doc, span, winner, at)
    report.spans += len(kept)
    tags = ["O"] * len(tokens)
    for first, last, label, _, _ in kept:
        tags[first] = f"B-{label}"
        tags[first + 1 : last + 1] = [f"I-{label}"] * (last - first)
    return tags


def encode_conll(doc: AnnotatedDocument, report: ExportReport) -> str:
    tokens = TokenizedText(doc.text)
    tags = bio_tags(doc, tokens, report)
    lines = [DOCSTART, ""]
    for text, tag, space in zip(tokens.texts(), tags, tokens.space, strict=True):
        if not space:
            lines.append(f"{text} -X- _ {tag}")
        elif "\n" in text and lines[-1] and not tag.startswith("I-"):
            lines.append("")  # a sentence ends at a newline, never inside an entity
    if lines[-1]:
        lines.append("")
    return "\n".join(lines) + "\n"


#: ``export_conll(store_or_records, out_path, *, labels, statuses, include_unfinished, include_skipped, progress)``
export_conll = text_exporter(
    "conll",
    encode_conll,
    "Write CoNLL-2003 style BIO from the accepted spans (see annotations.exporters.conll).",
)
