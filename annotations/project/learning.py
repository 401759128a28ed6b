"""Evaluating and training on a project's gold, for the app's Model menu (on its work thread)
and `redact evaluate|train --db` alike.

* :func:`project_gold` reads the gold (the accepted spans of the documents marked done) through
  a separate connection, or says in one line why there is none;
* :func:`evaluate_project` scores a detector (the app's engine: the detector the annotators
  see, with the project's trained models) against it;
* :func:`train_project` trains a model on the same gold with ``train_and_save``; Cancel is
  polled before every batch (``should_stop``), so a run stops within one batch, before anything
  is saved, and a cancelled run leaves no model directory;
* :func:`retrain_if_better` trains on all but a held-out share of the gold, scores the
  project's detector with and without the new model on that share, and switches the model on
  for the project only when the score with it is higher (``redact train --db … --if-better``
  and the app's background retraining);
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
from annotations.project.project import Project
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
    learned: bool = True,
) -> EvaluationReport:
    """Score ``detector`` on the project's gold; with ``learned``, each document's suggestions
    get the lessons of the other documents done, as an import after them would."""
    gold = project_gold(db, label_set)
    if detector is None:
        raise RedactError(
            "the detection engine could not be loaded (see the status bar): nothing to evaluate"
        )
    predict = detector_predictor(detector, threshold)
    if not learned or db is None:
        return evaluate(gold, predict, detector=name, label_set=label_set)
    return score_with_lessons(db, gold, predict, name=name, label_set=label_set)


def score_with_lessons(
    db: str | Path,
    gold: GoldData,
    predict: Callable[[Sequence[str]], Sequence[Sequence[Span]]],
    *,
    name: str,
    label_set: LabelSet | None = None,
) -> EvaluationReport:
    """Predict, apply the lessons of the other documents to each one (leave one out), score."""
    from annotations.evaluate import score
    from annotations.learned import with_lessons_of_the_others
    from redaction.labels import load_labels

    texts = [doc.text for doc in gold.docs]
    predictions = [list(spans) for spans in predict(texts)]
    canonical = (label_set or load_labels()).canonical
    names = [doc.name for doc in gold.docs]
    taught = with_lessons_of_the_others(db, names, predictions, texts, canonical)
    return score(
        gold, taught, detector=f"{name} + lessons of the other documents", label_set=label_set
    )


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
    gold: GoldData | None = None,
) -> TrainingReport:
    """Train on the project's gold (or ``gold``, a part of it) and save the model to
    ``job.out``."""
    gold = gold if gold is not None else project_gold(db, label_set)

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
class RetrainResult:
    """What :func:`retrain_if_better` did: the training report, the held-out F2 of the
    project's detector as it was (``before``) and with the new model (``after``), and whether
    the model was switched on for the project."""

    out: Path
    report: TrainingReport
    held_out: int
    before: float
    after: float
    switched_on: bool

    @property
    def summary(self) -> str:
        verdict = (
            "switched on for this project"
            if self.switched_on
            else "not switched on (no better than the current detection)"
        )
        return (
            f"model {self.out.name}: held-out F2 {self.before:.3f} -> {self.after:.3f} on "
            f"{self.held_out} document(s); {verdict}"
        )


#: The held-out share and its seed: fixed, so that two retrainings compare on the same documents
#: as long as no document is added.
HELD_OUT_SHARE = 0.2
HELD_OUT_SEED = 7
MIN_DOCUMENTS = 5


def retrain_if_better(
    db: str | Path,
    job: TrainingJob,
    detector_factory: Callable[[Any], Any],
    *,
    cancel: threading.Event | None = None,
    on_epoch: Callable[[EpochStats], None] | None = None,
    label_set: LabelSet | None = None,
    trainer: Trainer = train_and_save,
    model: str | None = None,
) -> RetrainResult:
    """Train a model on the project's gold less a held-out share, and switch it on for the
    project when the detector with it scores a higher span F2 on that share than without.

    ``detector_factory(settings)`` builds a detector from ``DetectionSettings`` (the app passes
    its engine builder, the CLI ``Detector``); ``model`` is the spaCy pipeline the project's
    detection runs on (default: the packaged one). The model is kept in ``job.out`` either way,
    so that it can still be switched on by hand."""
    from dataclasses import replace

    from annotations.model_settings import (
        enable_model,
        project_settings_path,
        with_model,
    )
    from annotations.training_data import split_documents

    gold = project_gold(db, label_set)
    train, held_out = split_documents(gold.docs, HELD_OUT_SHARE, HELD_OUT_SEED)
    if len(gold.docs) < MIN_DOCUMENTS or not held_out:
        raise NoGoldError(
            f"{Path(db).name}: {len(gold.docs)} document(s) marked done; at least "
            f"{MIN_DOCUMENTS} are needed to hold some out and compare"
        )
    report = train_project(
        db,
        job,
        cancel=cancel,
        on_epoch=on_epoch,
        label_set=label_set,
        trainer=trainer,
        gold=replace(gold, docs=train),
    )
    held = replace(gold, docs=held_out)
    settings = Project.at(db, model=model).detection_settings()
    scores = []
    for candidate in (settings, with_model(settings, job.out)):
        if cancel is not None and cancel.is_set():
            raise TrainingCancelled(f"{job.out}: stopped before the comparison")
        predict = detector_predictor(detector_factory(candidate))
        scores.append(evaluate(held, predict, label_set=label_set).overall.f2)
    before, after = scores
    better = after > before
    if better:
        enable_model(job.out, project_settings_path(db))
    return RetrainResult(job.out, report, len(held_out), before, after, better)


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
