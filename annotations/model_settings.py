"""Switch trained models on and off for detection by editing a user settings file.

The file is YAML with the same ``extra_models`` list as ``resources/detection.yaml``::

    extra_models:
      - path: /home/me/models/cv-ner
        labels: {PERSON: PERSON, ORGANIZATION: ORGANIZATION}

Other keys in the file are kept as they are. By default the file is ``detection.yaml`` in the
user's configuration directory; a project can keep its own beside its database
(:func:`project_settings_path`). The GUI calls :func:`enable_model` / :func:`disable_model`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs
import yaml

from annotations.paths import APP_NAME
from redaction.detection.settings import (
    DetectionSettings,
    load_detection_settings,
    parse_detection_settings,
)
from redaction.detection.trained import check_model_dir, resolve_label_map
from redaction.errors import ConfigError

#: Environment variable naming the user settings file instead of the default.
SETTINGS_ENV_VAR = "REDACT_DETECTION_SETTINGS"


def user_settings_path() -> Path:
    override = os.environ.get(SETTINGS_ENV_VAR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "detection.yaml"


def project_settings_path(db_path: str | Path) -> Path:
    """The per-project settings file kept beside a project database (``x.db`` -> ``x.detection.yaml``)."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.detection.yaml")


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(path, f"cannot read settings: {first}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, "expected a mapping of settings")
    models = data.get("extra_models", [])
    if not isinstance(models, list) or not all(
        isinstance(m, dict) and isinstance(m.get("path"), str) for m in models
    ):
        raise ConfigError(path, "'extra_models' must be a list of {path, labels} mappings")
    return data


def _write(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yaml.safe_dump(data, handle, sort_keys=False, allow_unicode=True)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(path, f"cannot write settings: {exc.strerror or exc}") from None


def enabled_models(settings_path: str | Path | None = None) -> list[dict[str, Any]]:
    """The ``extra_models`` entries of the settings file (empty when there is no file)."""
    path = Path(settings_path) if settings_path is not None else user_settings_path()
    return list(_read(path).get("extra_models", []))


def enable_model(
    model_dir: str | Path,
    settings_path: str | Path | None = None,
    *,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Add (or update) a model in the settings file; returns its entry.

    The model directory is checked first (ModelError if it is not a usable spaCy pipeline);
    ``labels`` defaults to the label map recorded when the model was trained.
    """
    path = Path(settings_path) if settings_path is not None else user_settings_path()
    model = Path(model_dir).expanduser().resolve()
    check_model_dir(model)
    entry = {"path": str(model), "labels": resolve_label_map(model, labels)}
    data = _read(path)
    models = [m for m in data.get("extra_models", []) if not _same(m["path"], model)]
    models.append(entry)
    data["extra_models"] = models
    _write(path, data)
    return entry


def disable_model(model_dir: str | Path, settings_path: str | Path | None = None) -> bool:
    """Remove a model from the settings file; False when it was not enabled."""
    path = Path(settings_path) if settings_path is not None else user_settings_path()
    data = _read(path)
    models = data.get("extra_models", [])
    kept = [m for m in models if not _same(m["path"], Path(model_dir))]
    if len(kept) == len(models):
        return False
    data["extra_models"] = kept
    _write(path, data)
    return True


def _same(a: str | Path, b: str | Path) -> bool:
    return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()


def detection_settings_with_models(
    *settings_paths: str | Path | None, **overrides: Any
) -> DetectionSettings:
    """The packaged detection settings plus the models enabled in the given settings files.

    ``detection_settings_with_models(None, project_settings_path(db))`` gives the user's and the
    project's models; what the GUI and CLI hand to ``Detector(...)``. Duplicates are dropped.
    """
    base = load_detection_settings(**overrides)
    models: dict[Path, dict[str, Any]] = {
        Path(m.path).expanduser().resolve(): {"path": str(m.path), "labels": dict(m.labels)}
        for m in base.extra_models
    }
    for settings_path in settings_paths:
        for entry in enabled_models(settings_path):
            models[Path(entry["path"]).expanduser().resolve()] = entry
    if not models:
        return base
    return parse_detection_settings(
        {"extra_models": list(models.values())}, "enabled models", base=base
    )


def with_model(settings: DetectionSettings, model_dir: str | Path) -> DetectionSettings:
    """``settings`` with one more model (its recorded label map), e.g. to score a model before
    switching it on."""
    model = Path(model_dir).expanduser().resolve()
    check_model_dir(model)
    entries = [{"path": str(m.path), "labels": dict(m.labels)} for m in settings.extra_models]
    entries.append({"path": str(model), "labels": resolve_label_map(model, None)})
    return parse_detection_settings({"extra_models": entries}, "with a model", base=settings)


def project_detection_settings(
    db_path: str | Path | None, *, model: str | None = None
) -> DetectionSettings:
    """The detection settings of a project, the one recipe every front uses: the packaged
    settings, the models enabled for the user and for the project (its settings file beside
    the database ``db_path``), and an optional spaCy ``model`` name or directory."""
    project = project_settings_path(db_path) if db_path is not None else None
    return detection_settings_with_models(None, project, model=model or None)
