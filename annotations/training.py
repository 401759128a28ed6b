"""Train a spaCy NER pipeline on the annotators' accepted spans (CPU, deterministic by seed).

``annotations.training_data`` turns gold documents into training examples; ``train_ner`` runs the loop (minibatches, dropout, per-epoch dev scores, early stopping on dev F,
the best epoch's weights kept); ``save_model`` writes the pipeline plus ``redact_meta.json``
through a temporary directory renamed at the end, so a failed save never leaves a directory that
looks like a complete model.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.training_data import (
    AlignmentProblems,
    Misalignment,
    Overlap,
    count_spans,
    gold_fingerprint,
    prepare_examples,
    split_documents,
)
from redaction.detection.trained import REDACT_META
from redaction.errors import OutputExistsError, RedactError
from redaction.evaluation import GoldDoc
from redaction.progress import ProgressCallback, no_progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.training import Example


class TrainingError(RedactError):
    """Training cannot run or its result cannot be saved: ``"<source>: <problem>"``."""

    def __init__(self, source: str | Path, reason: str) -> None:
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class TrainingStopped(TrainingError):
    """``should_stop`` said stop: the run ended between two batches and nothing was saved."""


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
    overlaps: list[Overlap] = field(default_factory=list)
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
    should_stop: Callable[[], bool] | None = None,
) -> tuple[Language, TrainingReport]:
    """Train an NER on ``docs`` (gold labels are our entity names); return it and the report.

    The returned pipeline carries the weights of the epoch with the best dev F (the last epoch
    when there is no dev set). Same data and seed give the same model. ``should_stop`` is asked
    before every batch; when it says yes, :class:`TrainingStopped` is raised at once.
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
    problems = AlignmentProblems(report.misaligned, report.overlaps)
    train = prepare_examples(nlp, train_docs, labels, config.chunk_chars, problems)
    dev = prepare_examples(nlp, dev_docs, labels, config.chunk_chars, AlignmentProblems())
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
            if should_stop is not None and should_stop():
                raise TrainingStopped(source, f"training stopped during epoch {epoch}")
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
        raise OutputExistsError(
            out, "already exists and is not empty; choose another folder or replace it"
        )
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


def train_and_save(
    docs: Sequence[GoldDoc],
    source: dict[str, Any],
    out: str | Path,
    config: TrainingConfig = TrainingConfig(),
    *,
    overwrite: bool = False,
    on_epoch: EpochCallback | None = None,
    progress: ProgressCallback = no_progress,
    should_stop: Callable[[], bool] | None = None,
) -> TrainingReport:
    """Train on ``docs`` and save the model to ``out``: the one call the CLI and the GUI make.

    ``source`` describes the data (``path``, ``format``, ``sha256``...) for ``redact_meta.json``.
    ``out`` is checked before training so a bad output directory fails at once.
    """
    check_output_dir(out, overwrite=overwrite)
    name = str(source.get("path") or "data")
    nlp, report = train_ner(
        docs, config, source=name, on_epoch=on_epoch, progress=progress, should_stop=should_stop
    )
    save_model(nlp, out, build_meta(report, config, docs, source), overwrite=overwrite)
    return report


def format_training_report(report: TrainingReport, out: Path, *, examples: int = 20) -> str:
    lines = [
        f"model saved to {out}",
        f"documents: {report.train_documents} train, {report.dev_documents} dev "
        f"({report.train_chunks} training chunks)",
        f"labels learned: {', '.join(report.labels)}",
    ]
    for label, count in report.skipped_labels.items():
        lines.append(f"label skipped: {label} ({count} accepted span(s): too little data)")
    stop = " (stopped early)" if report.stopped_early else ""
    lines.append(
        f"epochs: {len(report.epochs)}{stop}; best epoch {report.best_epoch}; {report.seconds:.0f}s"
    )
    if report.scores:
        overall = report.scores["overall"]
        lines.append(f"dev scores: P {overall['p']:.3f} R {overall['r']:.3f} F {overall['f']:.3f}")
        for label, values in sorted(report.scores["per_label"].items()):
            lines.append(
                f"  {label:<16} P {values['p']:.3f} R {values['r']:.3f} F {values['f']:.3f}"
            )
    if report.misaligned:
        lines.append(f"misaligned spans ({len(report.misaligned)}; not on token boundaries):")
        for m in report.misaligned[:examples]:
            how = f"trained as {m.trained_as[:50]!r}" if m.trained_as else "left out"
            lines.append(f"  {m.doc} {m.start}-{m.end} {m.label}: {m.text[:50]!r} ({how})")
        if len(report.misaligned) > examples:
            lines.append(f"  ... {len(report.misaligned) - examples} more in redact_meta.json")
    if report.overlaps:
        lines.append(f"overlapping spans dropped (the longer one kept): {len(report.overlaps)}")
        for doc, start, end, label in report.overlaps[:examples]:
            lines.append(f"  {doc} {start}-{end} {label}")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
