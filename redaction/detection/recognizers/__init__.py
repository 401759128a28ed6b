"""Our recognizers, one module per family, registered by name.

``build_recognizers(config)`` turns the parsed ``resources/recognizers.yaml`` into Presidio
``EntityRecognizer`` instances. Each family module registers a factory with :func:`register`;
the YAML lists which factories to use and their options::

    recognizers:
      - name: person_gazetteer
        enabled: true
        options: {min_score: 0.4}

Every recognizer needs only what the tokenizer gives (``nlp_artifacts.tokens``, a spaCy
``Doc``: token text, offsets, whitespace, ``is_stop``, sentence starts); none needs a tagger,
parser or lemmatizer, and none loads a model itself. Recognizers that work on raw text
(URLs, phones, addresses, CV structure) ignore the artifacts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from importlib import resources as _resources
from pathlib import Path
from typing import Any

import yaml
from presidio_analyzer import EntityRecognizer

from redaction.errors import ConfigError

Factory = Callable[..., list[EntityRecognizer]]
_REGISTRY: dict[str, Factory] = {}
_FAMILIES = (
    "urls",
    "phones",
    "addresses",
    "postcodes",
    "names",
    "places",
    "regions",
    "messages",
    "acronyms",
    "organizations",
    "context",
    "cv",
)


def register(name: str) -> Callable[[Factory], Factory]:
    """Register a factory ``(supported_language=..., **options) -> list[EntityRecognizer]``."""

    def decorate(factory: Factory) -> Factory:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise ValueError(f"recognizer {name!r} registered twice")
        _REGISTRY[name] = factory
        return factory

    return decorate


def registered() -> dict[str, Factory]:
    """All known recognizer factories by name (imports every family module once)."""
    for family in _FAMILIES:
        import_module(f"{__name__}.{family}")
    return dict(_REGISTRY)


def default_config_path() -> Path:
    return Path(str(_resources.files("resources").joinpath("recognizers.yaml")))


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Read and validate ``recognizers.yaml``; ConfigError with a one-line reason if bad."""
    path = Path(path) if path is not None else default_config_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "recognizer settings not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(path, f"cannot read recognizer settings: {reason}") from None
    validate_config(data, path)
    return data


def validate_config(config: Any, path: str | Path = "<recognizers>") -> None:
    if not isinstance(config, Mapping) or not isinstance(config.get("recognizers"), list):
        raise ConfigError(path, "expected a mapping with a 'recognizers' list")
    known = registered()
    for i, item in enumerate(config["recognizers"], 1):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise ConfigError(path, f"recognizer #{i}: expected a mapping with a 'name'")
        if item["name"] not in known:
            raise ConfigError(path, f"recognizer #{i}: unknown recognizer {item['name']!r}")
        extra = set(item) - {"name", "enabled", "options"}
        if extra:
            raise ConfigError(path, f"{item['name']}: unknown keys {sorted(extra)}")
        if not isinstance(item.get("options", {}), Mapping):
            raise ConfigError(path, f"{item['name']}: 'options' must be a mapping")
    post = config.get("postprocess", {})
    if not isinstance(post, Mapping) or not isinstance(post.get("ignore", {}), Mapping):
        raise ConfigError(path, "'postprocess' must be a mapping with an 'ignore' mapping")
    for key, value in post.items():
        if key != "ignore" and not isinstance(value, int | float):
            raise ConfigError(path, f"postprocess.{key} must be a number, got {value!r}")
    for key in ("replaces_predefined", "disabled_predefined"):
        value = config.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(path, f"'{key}' must be a list of recognizer names")


def build_recognizers(
    config: Mapping[str, Any], *, supported_language: str = "en"
) -> list[EntityRecognizer]:
    """Instantiate the enabled recognizers listed in ``config`` (parsed recognizers.yaml)."""
    validate_config(config)
    known = registered()
    built: list[EntityRecognizer] = []
    for item in config["recognizers"]:
        if not item.get("enabled", True):
            continue
        options = dict(item.get("options") or {})
        try:
            built.extend(known[item["name"]](supported_language=supported_language, **options))
        except TypeError as exc:
            raise ConfigError("<recognizers>", f"{item['name']}: bad options ({exc})") from None
    return built


__all__ = ["build_recognizers", "load_config", "register", "registered", "validate_config"]
