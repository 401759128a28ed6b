"""A trained model as a Presidio recognizer: registered alone, inside the Detector, bad dirs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from redaction.detection.trained import (
    REDACT_META,
    ModelError,
    TrainedModelRecognizer,
    check_model_dir,
)
from tests.annotations.learning_data import synthetic_cvs, trained_model_dir


@pytest.fixture(scope="module")
def model() -> Path:
    return trained_model_dir()


@pytest.fixture(scope="module")
def recognizer(model: Path) -> TrainedModelRecognizer:
    return TrainedModelRecognizer(model)


def test_the_label_map_comes_from_the_training_record(
    recognizer: TrainedModelRecognizer,
) -> None:
    assert recognizer.label_map == {
        label: label
        for label in ["EMAIL_ADDRESS", "LOCATION", "ORGANIZATION", "PERSON", "PHONE_NUMBER", "URL"]
    }
    assert sorted(recognizer.supported_entities) == sorted(recognizer.label_map.values())


def test_an_analyzer_with_the_recognizer_returns_its_entities(
    model: Path, recognizer: TrainedModelRecognizer
) -> None:
    # The trained pipeline itself serves as the NLP engine: no other model is needed.
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": str(model)}])
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(recognizer)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])
    doc = synthetic_cvs(1, seed=42)[0]
    results = analyzer.analyze(doc.text, language="en")
    found = {(r.start, r.end, r.entity_type) for r in results}
    expected = {(s.start, s.end, s.label) for s in doc.spans}
    assert len(found & expected) >= len(expected) // 2
    assert all(r.score == recognizer.score for r in results)
    only_people = analyzer.analyze(doc.text, language="en", entities=["PERSON"])
    assert only_people and {r.entity_type for r in only_people} == {"PERSON"}


def test_a_label_map_renames_and_filters_the_model_labels(model: Path) -> None:
    renamed = TrainedModelRecognizer(model, {"PERSON": "NAME_OF_PERSON"}, score=0.6)
    doc = synthetic_cvs(1, seed=42)[0]
    found = renamed.analyze(doc.text, ["NAME_OF_PERSON"], None)
    people = {(s.start, s.end) for s in doc.spans if s.label == "PERSON"}
    assert found and {r.entity_type for r in found} == {"NAME_OF_PERSON"}
    assert {(r.start, r.end) for r in found} & people
    assert {r.score for r in found} == {0.6}


def test_the_detector_with_extra_models_adds_the_model_entities(model: Path) -> None:
    from redaction.detection import Detector
    from redaction.detection.settings import load_detection_settings

    detector = Detector(load_detection_settings(extra_models=[{"path": str(model)}]))
    # A made-up employer no base model knows, in the place the CVs taught.
    text = (
        "Priya Natarajan\nPROFILE\nData analyst based in Kessington Vale with five years.\n\n"
        "EXPERIENCE\nAnalyst, Quillfeather Partners, Dunmore (2019 - present)\n"
    )
    recognizer = TrainedModelRecognizer(model)
    from_model = {(s, e, label) for s, e, label in recognizer.find(text)}
    spans = detector.detect(text)
    assert from_model
    sources = {span.source for span in spans}
    assert any("TrainedModel" in source for source in sources), sources
    covered = {(span.start, span.end) for span in spans}
    assert {(s, e) for s, e, _ in from_model} & covered


def test_empty_text_gives_nothing(recognizer: TrainedModelRecognizer) -> None:
    assert recognizer.analyze("   \n", ["PERSON"], None) == []


# -- bad model directories ---------------------------------------------------------------------


def _copy(model: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(model, tmp_path / "copy"))


def test_missing_or_non_pipeline_directories_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model directory not found"):
        check_model_dir(tmp_path / "nothing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ModelError, match="not a directory"):
        check_model_dir(tmp_path / "file")
    with pytest.raises(ModelError, match=r"not a spaCy pipeline \(no meta.json/config.cfg\)"):
        TrainedModelRecognizer(tmp_path)


def test_a_model_from_an_incompatible_spacy_is_refused(model: Path, tmp_path: Path) -> None:
    copy = _copy(model, tmp_path)
    meta = json.loads((copy / "meta.json").read_text())
    meta["spacy_version"] = ">=2.3.0,<2.4.0"
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError) as info:
        TrainedModelRecognizer(copy)
    message = str(info.value)
    assert message.startswith(f"{copy}: made for spaCy >=2.3.0,<2.4.0, this is spaCy 3.")
    assert message.endswith("retrain the model") and "\n" not in message


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "meta.json").write_text("{broken"), "unreadable meta.json"),
        (lambda d: (d / REDACT_META).write_text("[1, 2"), f"unreadable {REDACT_META}"),
        (lambda d: shutil.rmtree(d / "ner"), "cannot load the spaCy pipeline"),
        (
            lambda d: (d / "meta.json").write_text(
                json.dumps({**json.loads((d / "meta.json").read_text()), "pipeline": []})
            ),
            "no 'ner' component",
        ),
    ],
)
def test_damaged_model_directories_are_one_line_errors(
    model: Path, tmp_path: Path, damage, message: str
) -> None:  # type: ignore[no-untyped-def]
    copy = _copy(model, tmp_path)
    damage(copy)
    with pytest.raises(ModelError, match=message) as info:
        TrainedModelRecognizer(copy)
    assert "\n" not in str(info.value)


def test_a_label_map_naming_labels_the_model_lacks_is_refused(model: Path) -> None:
    with pytest.raises(ModelError, match="label map names SKILL, which the model does not"):
        TrainedModelRecognizer(model, {"SKILL": "ORGANIZATION"})


def test_redact_detect_model_takes_a_trained_model_dir_with_the_default_detection(
    model: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotations.cli import main

    doc = tmp_path / "cv.txt"
    doc.write_text(
        "Priya Natarajan\nPROFILE\nData analyst based in Kessington Vale with five years.\n"
        "Contact: priya.natarajan@example.org\n\n"
        "EXPERIENCE\nAnalyst, Quillfeather Partners, Dunmore (2019 - present)\n",
        encoding="utf-8",
    )
    assert main(["detect", str(doc), "--model", str(model)]) == 0
    spans = json.loads(capsys.readouterr().out)["spans"]
    sources = {span["source"] for span in spans}
    assert any("TrainedModel" in source for source in sources), sources
    # The rules and the base model still run: the e-mail comes from the default recognizers.
    assert {"EMAIL_ADDRESS"} <= {
        span["label"] for span in spans if "TrainedModel" not in span["source"]
    }
