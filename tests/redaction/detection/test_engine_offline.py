"""Building and running a Detector never touches the network; extra models plug in lazily."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from presidio_analyzer import EntityRecognizer, RecognizerResult

from redaction.detection import Detector, ExtraModel, load_detection_settings
from redaction.detection.predefined import OfflineEmailRecognizer
from redaction.errors import ConfigError


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise NetworkUsed(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Presidio's own EmailRecognizer calls the module-level extractor, which downloads the
    # public-suffix list on first use; ours must not call it at all.
    import tldextract

    monkeypatch.setattr(tldextract, "extract", refuse)


@pytest.mark.usefixtures("no_network")
def test_build_and_detect_offline() -> None:
    detector = Detector(load_detection_settings())
    text = "Write to Ana Lima at ana.lima@uni.ac.uk or ana@example.museum, www.example.org/ana"
    spans = detector.detect(text)
    emails = {text[s.start : s.end] for s in spans if s.label == "EMAIL_ADDRESS"}
    assert emails == {"ana.lima@uni.ac.uk", "ana@example.museum"}


@pytest.mark.usefixtures("no_network")
def test_email_validation_uses_the_bundled_suffix_list() -> None:
    recognizer = OfflineEmailRecognizer()
    assert recognizer.validate_result("someone@example.co.uk")
    assert not recognizer.validate_result("someone@localhost.invalidtld")


def test_unknown_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="xx_missing_model"):
        Detector(load_detection_settings(model="xx_missing_model"))


class FakeTrainedRecognizer(EntityRecognizer):
    """Stands in for redaction.detection.trained.TrainedModelRecognizer (no training here)."""

    made: list[tuple[Path, dict[str, str] | None]] = []

    def __init__(self, path: Path, label_map: dict[str, str] | None = None) -> None:
        FakeTrainedRecognizer.made.append((path, label_map))
        super().__init__(supported_entities=["PERSON"], name=f"TrainedModel:{path.name}")

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        start = text.find("Zyxq")
        if start < 0:
            return []
        return [
            RecognizerResult(
                "PERSON",
                start,
                start + 4,
                0.99,
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
        ]


def test_extra_models_add_one_recognizer_each(monkeypatch: pytest.MonkeyPatch) -> None:
    import redaction.detection.trained as trained

    monkeypatch.setattr(trained, "TrainedModelRecognizer", FakeTrainedRecognizer)
    FakeTrainedRecognizer.made.clear()
    settings = load_detection_settings(
        extra_models=[{"path": "models/cv", "labels": {"NAME": "PERSON"}}, "models/other"]
    )
    detector = Detector(settings)
    assert FakeTrainedRecognizer.made == [
        (Path("models/cv"), {"NAME": "PERSON"}),
        (Path("models/other"), None),
    ]
    spans = detector.detect("reference: Zyxq.", entities=["PERSON"])
    assert [(s.start, s.end, s.label) for s in spans] == [(11, 15, "PERSON")]
    assert spans[0].source in {"TrainedModel:cv", "TrainedModel:other"}
    assert ExtraModel(Path("models/cv"), {"NAME": "PERSON"}) in settings.extra_models


def test_full_pipeline_setting_runs_every_component() -> None:
    detector = Detector(load_detection_settings(pipeline="full"))
    assert {"parser", "lemmatizer", "ner"} <= set(detector.nlp.pipe_names)
    text = "Ana Lima was running the Leeds office; write to ana.lima@example.com."
    artifacts = detector.nlp_engine.artifacts(detector.nlp(text), "en")
    assert "run" in artifacts.lemmas  # real lemmas, not lower-cased tokens
    spans = detector.detect(text)
    assert ("ana.lima@example.com", "EMAIL_ADDRESS") in {
        (text[s.start : s.end], s.label) for s in spans
    }
