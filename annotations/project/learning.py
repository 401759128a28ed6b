"""Evaluating and training on a project's gold, for the app's Model menu (on its work thread)
and `redact evaluate|train --db` alike.

* :func:`project_gold` reads the gold (the accepted spans of the documents marked done) through
  a separate connection, or says in one line why there is none;
* :func:`evaluate_project` scores a detector (the app's engine: the detector the annotators
  see, with the project's trained models) against it;
* :func:`train_project` trains a model on the same gold with ``train_and_save``; Cancel is
  polled before every batch (``should_stop``), so a run stops within one batch, before anything
  is saved, and a cancelled run leaves no model directory;
* :func:`known_models` lists the models a project can switch on: those enabled in its settings
  file and the trained models found beside its database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotations.evaluate import (
    EvaluationReport,
    GoldData,
    NoDocumentsDoneError,
    evaluate,
    load_gold_store,
)
from annotations.model_settings import enabled_models, project_settings_path
from annotations.training import (
    EpochStats,
    TrainingConfig,
    TrainingReport,
    TrainingStopped,
    train_and_save,
)
from redaction.detection.trained import REDACT_META
from redaction.errors import RedactError
from redaction.labels import LabelSet
from redaction.spans import Span


class NoGoldError(RedactError):
    """The project has nothing to learn from or to score against."""


class TrainingCancelled(RedactError):
    """The user stopped a training run (between two batches; nothing was saved)."""


def project_gold(
    db: str | Path | None,
    label_set: LabelSet | None = None,
    *,
    labels: Sequence[str] | None = None,
) -> GoldData:
    """The project's gold (only ``labels``, if given), or a :class:`NoGoldError` saying why
    there is none."""
    if db is None or str(db) == ":memory:":
        raise NoGoldError("this project has no database file to read the gold from")
    try:
        gold = load_gold_store(db, labels=labels, label_set=label_set)
    except NoDocumentsDoneError:
        raise NoGoldError(
            f"{Path(db).name}: no document is marked done yet. Review a few documents "
            "(accept the right spans and mark them done) and try again."
        ) from None
    if not any(doc.spans for doc in gold.docs):
        raise NoGoldError(
            f"{Path(db).name}: the {len(gold.docs)} document(s) marked done have no accepted "
            "spans: nothing to use as gold."
        )
    return gold


def detector_predictor(
    detector: Any, threshold: float | None = None
) -> Callable[[Sequence[str]], list[list[Span]]]:
    """The loaded engine as an ``evaluate`` predictor, with the threshold imports use."""
    kwargs: dict[str, Any] = {} if threshold is None else {"threshold": threshold}

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [list(spans) for spans in detector.detect_batch(list(texts), **kwargs)]

    return predict


def evaluate_project(
    db: str | Path | None,
    detector: Any,
    *,
    name: str = "the project's detection",
    label_set: LabelSet | None = None,
    threshold: float | None = None,
) -> EvaluationReport:
    gold = project_gold(db, label_set)
    if detector is None:
        raise RedactError(
            "the detection engine could not be loaded (see the status bar): nothing to evaluate"
        )
    predict = detector_predictor(detector, threshold)
    return evaluate(gold, predict, detector=name, label_set=label_set)


@dataclass(frozen=True)
class TrainingJob:
    out: Path
    config: TrainingConfig
    overwrite: bool = False


def default_model_dir(db: str | Path | None) -> Path:
    """``project.db`` -> ``project-model`` beside it (``-2``, ``-3``… when that is taken)."""
    base = Path(db).with_name(f"{Path(db).stem}-model") if db else Path.home() / "redact-model"
    candidate, n = base, 1
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


Trainer = Callable[..., TrainingReport]


def train_project(
    db: str | Path | None,
    job: TrainingJob,
    *,
    cancel: threading.Event | None = None,
    on_epoch: Callable[[EpochStats], None] | None = None,
    label_set: LabelSet | None = None,
    trainer: Trainer = train_and_save,
) -> TrainingReport:
    """Train on the project's gold and save the model to ``job.out``."""
    gold = project_gold(db, label_set)

    def epoch_done(stats: EpochStats) -> None:
        if on_epoch is not None:
            on_epoch(stats)
        if cancel is not None and cancel.is_set():
            raise TrainingCancelled(f"{job.out}: training stopped after epoch {stats.epoch}")

    if cancel is not None and cancel.is_set():
        raise TrainingCancelled(f"{job.out}: training stopped before it started")
    try:
        report = trainer(
            gold.docs,
            gold.source,
            job.out,
            job.config,
            overwrite=job.overwrite,
            on_epoch=epoch_done,
            should_stop=cancel.is_set if cancel is not None else None,
        )
    except TrainingStopped as exc:
        raise TrainingCancelled(f"{job.out}: {exc.reason}") from None
    report.warnings[:0] = [w for w in gold.warnings if w not in report.warnings]
    return report


@dataclass(frozen=True)
class KnownModel:
    path: Path
    enabled: bool
    labels: tuple[str, ...]


def known_models(db: str | Path | None, extra: Sequence[Path] = ()) -> list[KnownModel]:
    """Models enabled in the project's settings file, then trained models found beside the
    database (and ``extra`` ones, e.g. switched off in this session), each once."""
    if db is None or str(db) == ":memory:":
        return []
    settings = project_settings_path(db)
    out: dict[Path, KnownModel] = {}
    for entry in enabled_models(settings):
        path = Path(entry["path"]).expanduser().resolve()
        labels = tuple(sorted(set((entry.get("labels") or {}).values())))
        out[path] = KnownModel(path, True, labels)
    folder = Path(db).resolve().parent
    found = sorted(p.parent for p in folder.glob(f"*/{REDACT_META}"))
    for path in [*found, *(Path(p).resolve() for p in extra)]:
        if path not in out and (path / REDACT_META).is_file():
            out[path] = KnownModel(path, False, _meta_labels(path))
    return list(out.values())


def _meta_labels(path: Path) -> tuple[str, ...]:
    import json

    try:
        meta = json.loads((path / REDACT_META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    labels = meta.get("labels") if isinstance(meta, dict) else None
    return tuple(str(label) for label in labels) if isinstance(labels, list) else ()
