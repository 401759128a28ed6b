"""Train a spaCy NER pipeline on the annotators' accepted spans (CPU, deterministic by seed).

``prepare_examples`` turns gold documents into training chunks (long CVs are cut at line breaks
that no span crosses), reporting every span that does not fall on token boundaries;
``train_ner`` runs the loop (minibatches, dropout, per-epoch dev scores, early stopping on dev F,
the best epoch's weights kept); ``save_model`` writes the pipeline plus ``redact_meta.json``
through a temporary directory renamed at the end, so a failed save never leaves a directory that
looks like a complete model.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redaction.detection.trained import REDACT_META
from redaction.errors import RedactError
from redaction.evaluation import GoldDoc, GoldSpan
from redaction.progress import ProgressCallback, no_progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.training import Example


class TrainingError(RedactError):
    """Training cannot run or its result cannot be saved: ``"<source>: <problem>"``."""

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{source}: {reason}")


@dataclass(frozen=True)
class TrainingConfig:
    epochs: int = 20
    dev_split: float = 0.2
    seed: int = 0
    #: A spaCy pipeline (package name or directory) whose NER weights (and its internal tok2vec)
    #: training starts from; None trains a new NER from scratch on ``spacy.blank("en")``.
    base: str | None = None
    #: The labels to learn; None learns every label with enough data.
    labels: tuple[str, ...] | None = None
    #: Labels with fewer accepted spans than this in the training split are skipped.
    min_spans: int = 10
    dropout: float = 0.2
    #: Stop after this many epochs without a better dev F.
    patience: int = 4
    #: Training chunks are at most about this many characters (cut at line breaks).
    chunk_chars: int = 1000
    batch_start: int = 4
    batch_stop: int = 32


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


@dataclass(frozen=True)
class EpochStats:
    epoch: int
    epochs: int
    loss: float
    precision: float
    recall: float
    f: float
    seconds: float


@dataclass
class TrainingReport:
    labels: list[str] = field(default_factory=list)
    #: label -> number of accepted spans, for labels skipped for too little data.
    skipped_labels: dict[str, int] = field(default_factory=dict)
    span_counts: dict[str, int] = field(default_factory=dict)
    train_documents: int = 0
    dev_documents: int = 0
    train_chunks: int = 0
    misaligned: list[Misalignment] = field(default_factory=list)
    #: Overlapping gold spans (the longer one is kept): (doc, start, end, label) of the dropped one.
    overlaps: list[tuple[str, int, int, str]] = field(default_factory=list)
    epochs: list[EpochStats] = field(default_factory=list)
    best_epoch: int = 0
    stopped_early: bool = False
    #: Dev scores of the kept weights: {"overall": {p, r, f}, "per_label": {label: {p, r, f}}}.
    scores: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EpochCallback = Callable[[EpochStats], None]


# ---------------------------------------------------------------------------------------------
# Data


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
    report: TrainingReport,
    chunk_chars: int,
) -> list[Example]:
    """Training examples for ``labels``; spans of other labels are 'unknown', not 'no entity'."""
    from spacy.training import Example

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
                    report.misaligned.append(
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
                    report.overlaps.append(
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


def choose_labels(
    docs: Sequence[GoldDoc], config: TrainingConfig, report: TrainingReport, source: str
) -> list[str]:
    """The labels with at least ``min_spans`` accepted spans; the others are skipped, with a warning."""
    counts = count_spans(docs)
    report.span_counts = dict(sorted(counts.items()))
    if not counts:
        raise TrainingError(source, "no accepted spans to learn from (empty data)")
    candidates = list(config.labels) if config.labels else sorted(counts)
    labels = []
    for label in candidates:
        if counts[label] < config.min_spans:
            report.skipped_labels[label] = counts[label]
            report.warnings.append(
                f"skipped {label}: {counts[label]} accepted span(s), at least "
                f"{config.min_spans} needed"
            )
        else:
            labels.append(label)
    if not labels:
        raise TrainingError(
            source,
            f"too little data: no label has {config.min_spans} accepted spans "
            f"({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})",
        )
    report.labels = labels
    return labels


# ---------------------------------------------------------------------------------------------
# The pipeline and the loop


def new_pipeline(base: str | None, labels: Sequence[str]) -> tuple[Language, bool]:
    """A pipeline with an NER for ``labels``; True when it starts from a base model's weights."""
    import spacy

    if base is None:
        nlp = spacy.blank("en")
        ner = nlp.add_pipe("ner")
        for label in labels:
            ner.add_label(label)  # type: ignore[attr-defined]
        return nlp, False
    try:
        nlp = spacy.load(base)
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TrainingError(base, f"cannot load the base model: {first}") from None
    if "ner" not in nlp.pipe_names:
        raise TrainingError(base, "the base model has no 'ner' component to start from")
    for name, pipe in nlp.pipeline:
        listeners = getattr(pipe, "listening_components", [])
        if "ner" in listeners:
            # Give the NER its own copy of the shared embedding so it can be trained alone.
            nlp.replace_listeners(name, "ner", ["model.tok2vec"])
    for name in [n for n in nlp.pipe_names if n != "ner"]:
        nlp.remove_pipe(name)
    ner = nlp.get_pipe("ner")
    for label in labels:
        ner.add_label(label)  # type: ignore[attr-defined]
    return nlp, True


def _dev_scores(nlp: Language, dev: Sequence[Example]) -> dict[str, Any]:
    scores = nlp.evaluate(dev) if dev else {}
    per_type = scores.get("ents_per_type") or {}
    return {
        "overall": {
            "p": float(scores.get("ents_p") or 0.0),
            "r": float(scores.get("ents_r") or 0.0),
            "f": float(scores.get("ents_f") or 0.0),
        },
        "per_label": {
            label: {k: float(v) for k, v in values.items()} for label, values in per_type.items()
        },
    }


def train_ner(
    docs: Sequence[GoldDoc],
    config: TrainingConfig = TrainingConfig(),
    *,
    source: str = "data",
    on_epoch: EpochCallback | None = None,
    progress: ProgressCallback = no_progress,
) -> tuple[Language, TrainingReport]:
    """Train an NER on ``docs`` (gold labels are our entity names); return it and the report.

    The returned pipeline carries the weights of the epoch with the best dev F (the last epoch
    when there is no dev set). Same data and seed give the same model.
    """
    from spacy.util import compounding, fix_random_seed, minibatch

    if config.epochs < 1:
        raise TrainingError(source, f"epochs must be at least 1, got {config.epochs}")
    if not 0.0 <= config.dev_split < 1.0:
        raise TrainingError(source, f"dev split must be in [0, 1), got {config.dev_split}")
    if not docs:
        raise TrainingError(source, "no annotated documents to learn from (empty data)")
    started = time.monotonic()
    report = TrainingReport()
    labels = choose_labels(docs, config, report, source)
    train_docs, dev_docs = split_documents(docs, config.dev_split, config.seed)
    report.train_documents, report.dev_documents = len(train_docs), len(dev_docs)
    if not dev_docs:
        report.warnings.append("too few documents for a dev set: no early stopping")

    fix_random_seed(config.seed)
    nlp, resumed = new_pipeline(config.base, labels)
    train = prepare_examples(nlp, train_docs, labels, report, config.chunk_chars)
    dev = prepare_examples(nlp, dev_docs, labels, TrainingReport(), config.chunk_chars)
    report.train_chunks = len(train)
    if report.misaligned:
        report.warnings.append(
            f"{len(report.misaligned)} span(s) do not fall on token boundaries: "
            f"{sum(1 for m in report.misaligned if m.trained_as)} trained as the whole tokens, "
            "the others left out of training"
        )
    fix_random_seed(config.seed)
    optimizer = nlp.resume_training() if resumed else nlp.initialize(lambda: train)
    rng = random.Random(config.seed)
    ner: Any = nlp.get_pipe("ner")
    best_f, best_weights, stale = -1.0, b"", 0
    for epoch in range(1, config.epochs + 1):
        epoch_start = time.monotonic()
        rng.shuffle(train)
        losses: dict[str, float] = {}
        sizes = compounding(config.batch_start, config.batch_stop, 1.001)
        for batch in minibatch(train, size=sizes):
            nlp.update(batch, drop=config.dropout, sgd=optimizer, losses=losses)
        with nlp.use_params(optimizer.averages):
            scores = _dev_scores(nlp, dev)
            f = scores["overall"]["f"] if dev else float(epoch)
            if f > best_f:
                best_f, best_weights, stale = f, ner.to_bytes(), 0
                report.best_epoch = epoch
                report.scores = scores
            else:
                stale += 1
        stats = EpochStats(
            epoch,
            config.epochs,
            float(losses.get("ner", 0.0)),
            scores["overall"]["p"],
            scores["overall"]["r"],
            scores["overall"]["f"],
            time.monotonic() - epoch_start,
        )
        report.epochs.append(stats)
        if on_epoch is not None:
            on_epoch(stats)
        progress(epoch, config.epochs, f"loss {stats.loss:.1f} dev F {stats.f:.3f}")
        if dev and stale >= config.patience:
            report.stopped_early = True
            break
    ner.from_bytes(best_weights)
    if not dev:
        report.scores = {}
    report.seconds = time.monotonic() - started
    progress(config.epochs, config.epochs, "done")
    return nlp, report


# ---------------------------------------------------------------------------------------------
# Saving


def build_meta(
    report: TrainingReport,
    config: TrainingConfig,
    docs: Sequence[GoldDoc],
    source: dict[str, Any],
) -> dict[str, Any]:
    """The training record saved as ``redact_meta.json`` beside the pipeline."""
    import spacy

    from redaction import __version__

    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "redact_studio_version": __version__,
        "spacy_version": spacy.__version__,
        "seed": config.seed,
        "base": config.base,
        "config": asdict(config),
        "data": {
            **source,
            "gold_sha256": gold_fingerprint(docs),
            "documents": len(docs),
            "train_documents": report.train_documents,
            "dev_documents": report.dev_documents,
            "spans": report.span_counts,
        },
        "labels": report.labels,
        "skipped_labels": report.skipped_labels,
        # The model is trained on our entity names, so its labels map to themselves.
        "label_map": {label: label for label in report.labels},
        "scores": report.scores,
        "best_epoch": report.best_epoch,
        "epochs_trained": len(report.epochs),
        "stopped_early": report.stopped_early,
        "misaligned_spans": [asdict(m) for m in report.misaligned],
        "overlapping_spans_dropped": [list(o) for o in report.overlaps],
        "warnings": report.warnings,
    }


def check_output_dir(out: str | Path, *, overwrite: bool = False) -> Path:
    """Fail early (before training) when ``out`` cannot receive a model."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise TrainingError(out, "exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise TrainingError(out, "already exists and is not empty (use --force to replace it)")
    return out


def save_model(
    nlp: Language, out: str | Path, meta: dict[str, Any], *, overwrite: bool = False
) -> Path:
    """Write the pipeline and ``redact_meta.json`` to ``out`` atomically (temp dir + rename)."""
    out = check_output_dir(out, overwrite=overwrite)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    except OSError as exc:
        raise TrainingError(
            out, f"cannot create the model directory: {exc.strerror or exc}"
        ) from None
    old: Path | None = None
    try:
        nlp.meta["name"] = "redact_" + "".join(c if c.isalnum() else "_" for c in out.name)
        nlp.to_disk(tmp)
        (tmp / REDACT_META).write_text(json.dumps(meta, indent=2, ensure_ascii=False), "utf-8")
        if out.exists():
            old = out.with_name(f".{out.name}.{tmp.name.rsplit('.', 2)[-2]}.old")
            out.rename(old)
        tmp.rename(out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not out.exists():
            old.rename(out)
        raise TrainingError(out, f"cannot save the model: {exc.strerror or exc}") from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out
