"""Label configuration (resources/labels.yaml): names, colours, shortcuts, placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from redaction.errors import ConfigError

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    title: str
    colour: str
    shortcut: str | None
    placeholder: str
    redact: bool = True
    placeholder_family: str | None = None


@dataclass(frozen=True)
class LabelSet:
    labels: tuple[Label, ...]
    aliases: dict[str, str] = field(default_factory=dict)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, name: object) -> bool:
        return any(label.name == name for label in self.labels)

    @property
    def names(self) -> list[str]:
        return [label.name for label in self.labels]

    def get(self, name: str) -> Label:
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(name)

    def canonical(self, entity: str) -> str:
        """The label a detector entity name is stored under (aliases applied)."""
        return self.aliases.get(entity, entity)

    def by_shortcut(self, key: str) -> Label | None:
        return next((label for label in self.labels if label.shortcut == key), None)

    @property
    def redacted_names(self) -> list[str]:
        return [label.name for label in self.labels if label.redact]


def default_labels_path() -> Path:
    return Path(str(resources.files("resources").joinpath("labels.yaml")))


def load_labels(path: str | Path | None = None) -> LabelSet:
    """Load and validate a labels file; raise ConfigError with a one-line reason."""
    path = Path(path) if path is not None else default_labels_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, "labels file not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(path, f"cannot read labels: {reason}") from None
    return parse_labels(data, path)


def parse_labels(data: Any, path: str | Path = "<labels>") -> LabelSet:
    if not isinstance(data, dict) or not isinstance(data.get("labels"), list):
        raise ConfigError(path, "expected a mapping with a 'labels' list")
    labels: list[Label] = []
    seen_names: set[str] = set()
    seen_keys: set[str] = set()
    for i, item in enumerate(data["labels"], 1):
        where = f"label #{i}"
        if not isinstance(item, dict):
            raise ConfigError(path, f"{where}: expected a mapping")
        name = item.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise ConfigError(path, f"{where}: 'name' must be UPPER_CASE, got {name!r}")
        if name in seen_names:
            raise ConfigError(path, f"{where}: duplicate label {name}")
        colour = item.get("colour", "#dddddd")
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise ConfigError(path, f"{name}: 'colour' must look like #rrggbb, got {colour!r}")
        shortcut = item.get("shortcut")
        if shortcut is not None:
            shortcut = str(shortcut)
            if len(shortcut) != 1:
                raise ConfigError(path, f"{name}: 'shortcut' must be one key, got {shortcut!r}")
            if shortcut in seen_keys:
                raise ConfigError(path, f"{name}: shortcut {shortcut!r} is used twice")
            seen_keys.add(shortcut)
        placeholder = item.get("placeholder", f"[{name.lower()}]")
        if not isinstance(placeholder, str) or not placeholder:
            raise ConfigError(path, f"{name}: 'placeholder' must be a non-empty string")
        extra = set(item) - {
            "name",
            "title",
            "colour",
            "shortcut",
            "placeholder",
            "placeholder_family",
            "redact",
        }
        if extra:
            raise ConfigError(path, f"{name}: unknown keys {sorted(extra)}")
        seen_names.add(name)
        labels.append(
            Label(
                name=name,
                title=str(item.get("title", name.title())),
                colour=colour,
                shortcut=shortcut,
                placeholder=placeholder,
                redact=bool(item.get("redact", True)),
                placeholder_family=item.get("placeholder_family"),
            )
        )
    aliases = data.get("aliases") or {}
    if not isinstance(aliases, dict):
        raise ConfigError(path, "'aliases' must be a mapping")
    for source, target in aliases.items():
        if target not in seen_names:
            raise ConfigError(path, f"alias {source} -> {target}: no such label")
    return LabelSet(tuple(labels), {str(k): str(v) for k, v in aliases.items()})
