"""CoNLL-2003 style BIO: one token per line, ``TOKEN -X- _ TAG``.

Each document starts with ``-DOCSTART- -X- O O`` and a blank line. Sentences are separated by a
blank line; with no parser, a sentence ends at a newline in the text (never inside an entity).
Whitespace tokens are not written. Tags come from the accepted spans as in ``doc.ents``
(overlaps resolved to the longest span), so each token has exactly one tag.
"""

from __future__ import annotations

from annotations.exporters.alignment import TokenizedText
from annotations.exporters.base import aligned_spans, text_exporter
from annotations.exporters.records import AnnotatedDocument
from annotations.exporters.report import ExportReport

DOCSTART = "-DOCSTART- -X- O O"


def bio_tags(doc: AnnotatedDocument, tokens: TokenizedText, report: ExportReport) -> list[str]:
    """One BIO tag per token from the accepted spans (longest wins where they overlap)."""
    from spacy.tokens import Span
    from spacy.util import filter_spans

    spans = [
        Span(tokens.doc, al.token_start, al.token_end + 1, label=span.label)
        for span, al in aligned_spans(doc, tokens, report)
        if span.status == "accepted"
    ]
    report.spans += len(spans)
    tags = ["O"] * len(tokens)
    for ent in filter_spans(spans):
        tags[ent.start] = f"B-{ent.label_}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{ent.label_}"
    return tags


def encode_conll(doc: AnnotatedDocument, report: ExportReport) -> str:
    tokens = TokenizedText(doc.text)
    tags = bio_tags(doc, tokens, report)
    lines = [DOCSTART, ""]
    sentence: list[str] = []
    for token, tag in zip(tokens.doc, tags, strict=True):
        if token.is_space:
            if "\n" in token.text and sentence and not tag.startswith("I-"):
                lines.extend(sentence)
                lines.append("")
                sentence = []
            continue
        sentence.append(f"{token.text} -X- _ {tag}")
    if sentence:
        lines.extend(sentence)
        lines.append("")
    return "\n".join(lines) + "\n"


#: ``export_conll(store_or_records, out_path, *, labels, statuses, include_unfinished, progress)``
export_conll = text_exporter(
    "conll",
    encode_conll,
    "Write CoNLL-2003 style BIO from the accepted spans (see annotations.exporters.conll).",
)
