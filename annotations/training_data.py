"""Gold documents as spaCy training examples.

Long CVs are cut into chunks at line breaks that no span crosses; every span that does not fall
on token boundaries and every overlap between gold spans is reported (document and offsets),
never silently dropped.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from redaction.evaluation import GoldDoc, GoldSpan

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example

#: An overlapping gold span that was dropped: (document, start, end, label).
Overlap = tuple[str, int, int, str]


@dataclass(frozen=True)
class Misalignment:
    """A gold span whose ends fall inside tokens.

    When the tokens cut are mostly inside the span it is trained as those whole tokens
    (``trained_as``); otherwise (typically offsets shifted in the source data) ``trained_as`` is
    "" and its tokens are marked unknown, so the model learns nothing from them either way.
    """

    doc: str
    start: int
    end: int
    label: str
    text: str
    trained_as: str


@dataclass
class AlignmentProblems:
    misaligned: list[Misalignment] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)


def gold_fingerprint(docs: Sequence[GoldDoc]) -> str:
    """sha256 over the documents' names, texts and spans: identifies the data a model saw."""
    digest = hashlib.sha256()
    for doc in docs:
        record = [doc.name, doc.text, [[s.start, s.end, s.label] for s in doc.spans]]
        digest.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def split_documents(
    docs: Sequence[GoldDoc], dev_split: float, seed: int
) -> tuple[list[GoldDoc], list[GoldDoc]]:
    """A seeded train/dev split by document (no dev set below 5 documents)."""
    order = list(docs)
    random.Random(seed).shuffle(order)
    if dev_split <= 0 or len(order) < 5:
        return order, []
    n_dev = min(len(order) - 1, max(1, round(len(order) * dev_split)))
    return order[n_dev:], order[:n_dev]


def _trimmed(text: str, span: GoldSpan) -> GoldSpan | None:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return GoldSpan(start, end, span.label) if start < end else None


def chunk_document(doc: GoldDoc, max_chars: int) -> list[tuple[int, GoldDoc]]:
    """Cut a document at line breaks that no span crosses into pieces of about ``max_chars``.

    Returns ``(offset of the piece in the document, piece)`` pairs; spans are trimmed of
    surrounding whitespace and shifted into the piece.
    """
    spans = [t for s in doc.spans if (t := _trimmed(doc.text, s)) is not None]
    inside = bytearray(len(doc.text) + 1)
    for span in spans:
        inside[span.start + 1 : span.end] = b"\x01" * (span.end - span.start - 1)
    cuts = [0]
    last_break = None
    for i, char in enumerate(doc.text):
        if char == "\n" and not inside[i + 1]:
            last_break = i + 1
        if i + 1 - cuts[-1] >= max_chars and last_break is not None and last_break > cuts[-1]:
            cuts.append(last_break)
    cuts.append(len(doc.text))
    chunks = []
    for n, (start, end) in enumerate(zip(cuts, cuts[1:], strict=False)):
        text = doc.text[start:end]
        if not text.strip():
            continue
        inner = tuple(
            GoldSpan(s.start - start, s.end - start, s.label)
            for s in spans
            if start <= s.start and s.end <= end
        )
        chunks.append((start, GoldDoc(f"{doc.name}#{n}", text, inner)))
    return chunks


def count_spans(docs: Sequence[GoldDoc]) -> Counter[str]:
    return Counter(span.label for doc in docs for span in doc.spans)


def _token_range(sdoc: Doc, span: GoldSpan) -> tuple[int, int, list[int], bool]:
    """``(first, last, partial, expand)`` for a gold span.

    ``first:last`` are the tokens it touches (whitespace tokens trimmed), ``partial`` those it
    covers only in part. ``expand`` says the partial tokens are mostly covered (a URL token with a
    query string the annotator left out): training the whole tokens is then the right call for
    redaction; otherwise the span's boundaries are unreliable (shifted offsets) and its tokens
    are left unknown.
    """
    touched = [t for t in sdoc if t.idx < span.end and span.start < t.idx + len(t)]
    partial = [t for t in touched if t.idx < span.start or t.idx + len(t) > span.end]
    expand = all(
        2 * (min(t.idx + len(t), span.end) - max(t.idx, span.start)) >= len(t) for t in partial
    )
    while touched and touched[0].is_space:
        touched.pop(0)
    while touched and touched[-1].is_space:
        touched.pop()
    if not touched:
        return 0, 0, [t.i for t in partial], False
    return touched[0].i, touched[-1].i + 1, [t.i for t in partial], expand


def prepare_examples(
    nlp: Language,
    docs: Sequence[GoldDoc],
    labels: Sequence[str],
    chunk_chars: int,
    problems: AlignmentProblems | None = None,
) -> list[Example]:
    """Training examples for ``labels``; spans of other labels are 'unknown', not 'no entity'.

    Misaligned and overlapping gold spans are recorded in ``problems``.
    """
    from spacy.training import Example

    problems = problems if problems is not None else AlignmentProblems()
    wanted = set(labels)
    examples = []
    for doc in docs:
        for offset, chunk in chunk_document(doc, chunk_chars):
            sdoc = nlp.make_doc(chunk.text)
            tags = ["O"] * len(sdoc)
            taken: list[tuple[int, int]] = []
            for span in sorted(chunk.spans, key=lambda s: (s.start, -(s.end - s.start))):
                first, last, partial, expand = _token_range(sdoc, span)
                if partial:
                    problems.misaligned.append(
                        Misalignment(
                            doc.name,
                            offset + span.start,
                            offset + span.end,
                            span.label,
                            chunk.text[span.start : span.end],
                            sdoc[first:last].text if expand else "",
                        )
                    )
                if partial and not expand:
                    # Teach the model nothing about these tokens.
                    for i in [*partial, *range(first, last)]:
                        if tags[i] == "O":
                            tags[i] = "-"
                    continue
                if first >= last:
                    continue
                if any(first < e and s < last for s, e in taken):
                    problems.overlaps.append(
                        (doc.name, offset + span.start, offset + span.end, span.label)
                    )
                    continue
                taken.append((first, last))
                if span.label not in wanted:
                    tags[first:last] = ["-"] * (last - first)
                elif last - first == 1:
                    tags[first] = f"U-{span.label}"
                else:
                    tags[first:last] = (
                        [f"B-{span.label}"]
                        + [f"I-{span.label}"] * (last - first - 2)
                        + [f"L-{span.label}"]
                    )
            examples.append(Example.from_dict(sdoc, {"entities": tags}))
    return examples
