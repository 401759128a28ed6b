"""Prodigy/spaCy-style JSONL: one task per document and decision.

Each line has ``text``, ``tokens`` (``text``, ``start``, ``end``, ``id``, ``ws``), ``spans``
(``start``, ``end``, ``token_start``, ``token_end`` (inclusive, as Prodigy), ``label``),
``answer``, ``meta`` (``document_id``, ``path``, ``sha256``, ``annotator``) and stable
``_input_hash``/``_task_hash`` integers. A document's accepted spans form an ``"accept"`` task
(written even with no spans for a document marked done: a finished document without PII is a
useful negative example; an unfinished one, exported with ``include_unfinished``, gets an
"accept" task only when it has accepted spans, and skipped documents only with
``include_skipped``);
rejected spans, when exported, form a separate ``"reject"`` task and undecided suggestions an
``"ignore"`` task, so that ``import-annotations`` restores every status.
"""

from __future__ import annotations

import hashlib
import json
from json.encoder import encode_basestring  # type: ignore[attr-defined]

from annotations.exporters.alignment import TokenizedText
from annotations.exporters.base import aligned_spans, text_exporter
from annotations.exporters.records import AnnotatedDocument
from annotations.exporters.report import ExportReport

#: Span status -> Prodigy answer (and back, for the importer).
ANSWER_FOR_STATUS = {"accepted": "accept", "rejected": "reject", "suggested": "ignore"}
STATUS_FOR_ANSWER = {answer: status for status, answer in ANSWER_FOR_STATUS.items()}

_BOOL = ("false", "true")


def encode_prodigy(doc: AnnotatedDocument, report: ExportReport) -> str:
    """The JSONL lines (with trailing newlines) for one document."""
    tokens = TokenizedText(doc.text)
    by_answer: dict[str, list[str]] = {"accept": []}
    for span, al in aligned_spans(doc, tokens, report):
        by_answer.setdefault(ANSWER_FOR_STATUS[span.status], []).append(
            f'{{"start":{al.start},"end":{al.end},"token_start":{al.token_start},'
            f'"token_end":{al.token_end},"label":{encode_basestring(span.label)}}}'
        )
    if "accepted" not in report.statuses or not _accept_task_wanted(doc, by_answer["accept"]):
        del by_answer["accept"]
    text_json = encode_basestring(doc.text)
    tokens_json = _tokens_json(tokens)
    meta = doc.export_meta(with_paths=report.with_paths)
    meta_json = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    input_hash = stable_hash(doc.text)
    lines = []
    for answer, spans in by_answer.items():
        spans_json = "[" + ",".join(spans) + "]"
        task_hash = stable_hash(f"{input_hash}|{answer}|{spans_json}")
        lines.append(
            f'{{"text":{text_json},"tokens":{tokens_json},"spans":{spans_json},'
            f'"answer":"{answer}","meta":{meta_json},'
            f'"_input_hash":{input_hash},"_task_hash":{task_hash}}}\n'
        )
        report.spans += len(spans)
    return "".join(lines)


def _accept_task_wanted(doc: AnnotatedDocument, written: list[str]) -> bool:
    """Whether the document gets an "accept" task: when spans were written into it, or when it
    is done and had no accepted spans (a reviewed text without PII: a true negative example).

    An unfinished document without accepted spans gets none (nobody said it holds no PII), and
    neither does one whose accepted spans all had to be left out (they are reported)."""
    if written:
        return True
    return doc.status == "done" and not any(s.status == "accepted" for s in doc.spans)


def _tokens_json(tokens: TokenizedText) -> str:
    text = tokens.text
    return (
        "["
        + ",".join(
            [
                f'{{"text":{encode_basestring(text[s:e])},"start":{s},"end":{e},"id":{i},"ws":{_BOOL[w]}}}'
                for i, s, e, w in zip(
                    range(len(tokens)), tokens.starts, tokens.ends, tokens.ws, strict=True
                )
            ]
        )
        + "]"
    )


def stable_hash(text: str) -> int:
    """A signed 32-bit hash that is the same in every process (Python's ``hash`` is salted)."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


#: ``export_prodigy(store_or_records, out_path, *, labels, statuses, include_unfinished, include_skipped, progress)``
export_prodigy = text_exporter(
    "prodigy",
    encode_prodigy,
    "Write Prodigy/spaCy-style JSONL (see annotations.exporters.prodigy).",
)
