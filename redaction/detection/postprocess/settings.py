"""Settings and the candidate value shared by the post-processing steps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from redaction.errors import ConfigError

NAMED = frozenset({"PERSON", "ORGANIZATION", "LOCATION"})
PROPAGATION_SOURCE = "Propagation"
COVER_MARGIN = 0.15
#: Recognizers whose span is a name someone else may find plus what completes it (a place's
#: state or country, a body's acronym): their boundaries win over a nested span of the same
#: entity.
EXTENDING_SOURCES = frozenset(
    {"RegionRecognizer", "MessageHeaderRecognizer", "AcronymOrganizationRecognizer"}
)
SPACY_SOURCE = "SpacyRecognizer"
#: Recognizer names of models trained with `redact train` start with this.
TRAINED_SOURCE_PREFIX = "TrainedModel:"


@dataclass(frozen=True)
class Settings:
    """The ``postprocess`` section of recognizers.yaml, with defaults."""

    spacy_score: float = 0.5
    lowercase_factor: float = 0.5
    acronym_score: float = 0.3
    header_evidence: float = 0.35
    gazetteer_bonus: float = 0.1
    spacy_org_score: float = 0.5
    propagation_penalty: float = 0.05
    propagation_min_score: float = 0.4
    name_part_factor: float = 0.8
    ignore: frozenset[str] = frozenset()
    #: The section headings of the ignore lists alone ("work experience", "skills").
    headings: frozenset[str] = frozenset()
    #: The software names of the ignore lists alone ("python", "jira", "excel").
    software: frozenset[str] = frozenset()

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        section = dict(config.get("postprocess") or {})
        unknown = set(section) - {f.name for f in fields(cls)}
        if unknown:
            raise ConfigError("recognizers.yaml", f"postprocess: unknown keys {sorted(unknown)}")
        ignore: set[str] = set()
        headings: set[str] = set()
        software: set[str] = set()
        for kind, terms in (section.pop("ignore", None) or {}).items():
            words = {" ".join(str(t).lower().split()) for t in terms}
            ignore.update(words)
            if kind == "headings":
                headings.update(words)
            if kind == "software":
                software.update(words)
        return cls(
            ignore=frozenset(ignore),
            headings=frozenset(headings),
            software=frozenset(software),
            **{k: float(v) for k, v in section.items()},
        )


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    from redaction.detection.recognizers import load_config

    return Settings.from_config(load_config())


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    entity: str
    score: float
    source: str
