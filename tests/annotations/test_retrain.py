"""`redact train --db … --if-better` and ``retrain_if_better``: a model trained on the project's
documents done is switched on for the project only when the detector with it scores higher on
documents held out of its training (#18)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.model_settings import enabled_models, project_settings_path
from annotations.project.learning import (
    MIN_DOCUMENTS,
    NoGoldError,
    TrainingJob,
    retrain_if_better,
)
from annotations.store import SpanStore
from redaction.spans import Span
from tests.annotations.learning_data import TINY, synthetic_cvs


def _project(db: Path, make_document, count: int) -> Path:  # type: ignore[no-untyped-def]
    """A project whose ``count`` synthetic CVs are done with their PII accepted."""
    with SpanStore.open(db, annotator="alice") as store:
        for doc in synthetic_cvs(count, seed=99):
            spans = [Span(s.start, s.end, s.label, 0.9) for s in doc.spans]
            record, _ = store.add_document(make_document(doc.text, f"{doc.name}.txt"), spans)
            store.accept_all(record.id)
            store.set_status(record.id, "done")
    return db


class _Detector:
    """Finds the PII of the synthetic CVs by their shape; with a model switched on it finds
    either more (``helps``) or nothing at all."""

    def __init__(self, settings, helps: bool) -> None:  # type: ignore[no-untyped-def]
        self.with_model = bool(settings.extra_models)
        self.helps = helps

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            if self.with_model and not self.helps:
                yield []
                continue
            found = [("EMAIL_ADDRESS", r"[\w.]+@[\w.]+\w")]
            if self.with_model:
                found.append(("PHONE_NUMBER", r"07\d{3} \d{6}"))
            yield [
                Span(m.start(), m.end(), label)
                for label, pattern in found
                for m in re.finditer(pattern, text)
            ]


@pytest.mark.parametrize("helps", [True, False])
def test_the_model_is_switched_on_only_when_it_scores_higher_on_held_out_documents(
    tmp_path: Path, make_document, helps: bool
) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "project.db", make_document, 10)
    out = tmp_path / "model"
    result = retrain_if_better(db, TrainingJob(out, TINY), lambda s: _Detector(s, helps))
    assert result.held_out == 2  # a fifth of 10
    assert result.report.train_documents + result.report.dev_documents == 8
    assert (result.after > result.before) is helps
    assert result.switched_on is helps
    enabled = [Path(m["path"]) for m in enabled_models(project_settings_path(db))]
    assert enabled == ([out.resolve()] if helps else [])
    assert out.is_dir()  # kept either way, to be switched on by hand
    assert ("switched on for this project" in result.summary) is helps


def test_too_few_documents_done_to_hold_some_out_is_one_line(tmp_path: Path, make_document) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "small.db", make_document, MIN_DOCUMENTS - 1)
    with pytest.raises(NoGoldError, match=f"at least {MIN_DOCUMENTS} are needed"):
        retrain_if_better(db, TrainingJob(tmp_path / "m", TINY), lambda s: _Detector(s, True))
    assert not (tmp_path / "m").exists()


def test_redact_train_if_better_reports_the_comparison(
    tmp_path: Path, make_document, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    db = _project(tmp_path / "cli.db", make_document, 6)
    out = tmp_path / "cli-model"
    code = main(
        ["train", "--db", str(db), "--out", str(out), "--if-better", "--epochs", "1",
         "--labels", "PERSON,EMAIL_ADDRESS"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    line = captured.out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"model cli-model: held-out F2 \d\.\d{3} -> \d\.\d{3} on 1 document\(s\); "
        r"(switched on for this project|not switched on \(no better than the current detection\))",
        line,
    ), line
    switched = "switched on for this project" in line
    assert bool(enabled_models(project_settings_path(db))) is switched


def test_if_better_needs_a_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "gold.jsonl"
    data.write_text("", encoding="utf-8")
    argv = ["train", "--data", str(data), "--format", "prodigy", "--out", str(tmp_path / "m")]
    assert main([*argv, "--if-better"]) == 2
    assert "--if-better: needs --db" in capsys.readouterr().err
