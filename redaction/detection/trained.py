"""A trained spaCy NER pipeline used as one more Presidio recognizer.

`redact train` writes a normal spaCy pipeline directory plus ``redact_meta.json`` (data, labels,
``label_map`` from the model's labels to our entity names, scores). The Detector builds one
``TrainedModelRecognizer`` per entry of ``extra_models`` in its settings; its results are combined
with the rules and the base model like any other recognizer's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from redaction.detection.postprocess.settings import TRAINED_SOURCE_PREFIX
from redaction.errors import RedactError

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts
    from spacy.language import Language

#: Written by `redact train` beside spaCy's own meta.json.
REDACT_META = "redact_meta.json"

#: spaCy NER gives no per-entity confidence; a trained model's spans get this score unless the
#: settings say otherwise (above the usual 0.3-0.5 thresholds, below the rules' certain matches).
DEFAULT_SCORE = 0.85


class ModelError(RedactError):
    """A model directory cannot be used: missing, not a spaCy pipeline, wrong spaCy version."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def is_trained_model_dir(path: str | Path) -> bool:
    """True for a directory written by `redact train` (it holds ``redact_meta.json``)."""
    return (Path(path) / REDACT_META).is_file()


def check_model_dir(path: str | Path) -> dict[str, Any]:
    """Check that ``path`` holds a spaCy pipeline this spaCy can load; return its meta.json."""
    import spacy
    from spacy.util import is_compatible_version

    path = Path(path)
    if not path.exists():
        raise ModelError(path, "model directory not found")
    if not path.is_dir():
        raise ModelError(path, "not a directory (expected a spaCy pipeline directory)")
    meta_path = path / "meta.json"
    if not meta_path.is_file() or not (path / "config.cfg").is_file():
        raise ModelError(path, "not a spaCy pipeline (no meta.json/config.cfg)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(path, f"unreadable meta.json: {_first_line(exc)}") from None
    if not isinstance(meta, dict):
        raise ModelError(path, "unreadable meta.json: not a JSON object")
    wanted = meta.get("spacy_version")
    if isinstance(wanted, str) and wanted:
        compatible = is_compatible_version(spacy.__version__, wanted)
        if compatible is False:
            raise ModelError(
                path,
                f"made for spaCy {wanted}, this is spaCy {spacy.__version__}: retrain the model",
            )
    if "ner" not in (meta.get("pipeline") or []):
        raise ModelError(path, "the pipeline has no 'ner' component")
    return meta


def read_redact_meta(path: str | Path) -> dict[str, Any]:
    """The training record `redact train` left in the model directory ({} if none)."""
    meta_path = Path(path) / REDACT_META
    if not meta_path.is_file():
        return {}
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ModelError(path, f"unreadable {REDACT_META}: {_first_line(exc)}") from None
    if not isinstance(data, dict):
        raise ModelError(path, f"unreadable {REDACT_META}: not a JSON object")
    return data


@lru_cache(maxsize=8)
def _load_pipeline(path: Path, mtime_ns: int) -> Language:
    import spacy

    # Only the tokenizer and the NER are needed to find entities.
    try:
        return spacy.load(path)
    except Exception as exc:  # spaCy raises OSError, ValueError, KeyError, catalogue errors...
        raise ModelError(path, f"cannot load the spaCy pipeline: {_first_line(exc)}") from None


def load_pipeline(path: str | Path) -> Language:
    """Load a checked model directory once per process (reloaded if meta.json changes)."""
    path = Path(path).resolve()
    check_model_dir(path)
    return _load_pipeline(path, (path / "meta.json").stat().st_mtime_ns)


def resolve_label_map(path: str | Path, label_map: Mapping[str, str] | None) -> dict[str, str]:
    """The mapping from the model's NER labels to our entity names.

    An explicit ``label_map`` wins; otherwise the one recorded by `redact train`; otherwise every
    model label maps to itself.
    """
    if label_map:
        return {str(k): str(v) for k, v in label_map.items()}
    recorded = read_redact_meta(path).get("label_map")
    if isinstance(recorded, dict) and recorded:
        return {str(k): str(v) for k, v in recorded.items()}
    nlp = load_pipeline(path)
    return {label: label for label in nlp.get_pipe("ner").labels}  # type: ignore[attr-defined]


class TrainedModelRecognizer(EntityRecognizer):
    """Runs a trained spaCy NER pipeline on the text and reports its entities.

    ``label_map`` maps the model's labels to the entity names we report (``{"NAME": "PERSON"}``);
    model labels it does not mention are ignored.
    """

    def __init__(
        self,
        path: str | Path,
        label_map: Mapping[str, str] | None = None,
        *,
        score: float = DEFAULT_SCORE,
        name: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.nlp = load_pipeline(self.path)
        self.label_map = resolve_label_map(self.path, label_map)
        model_labels = set(self.nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
        unknown = sorted(set(self.label_map) - model_labels)
        if unknown:
            raise ModelError(
                self.path,
                f"label map names {', '.join(unknown)}, which the model does not predict "
                f"(it predicts {', '.join(sorted(model_labels)) or 'nothing'})",
            )
        if not 0.0 < score <= 1.0:
            raise ModelError(self.path, f"score must be in (0, 1], got {score}")
        self.score = score
        self._lock = threading.Lock()
        self.recognizer_name: str = name or f"{TRAINED_SOURCE_PREFIX}{self.path.name}"
        super().__init__(
            supported_entities=sorted(set(self.label_map.values())),
            name=self.recognizer_name,
            supported_language="en",
        )

    def load(self) -> None:
        """The pipeline is loaded in __init__ (Presidio calls this hook from its constructor)."""

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, entity)`` for each entity the model finds, in our entity names."""
        if not text.strip():
            return []
        with self._lock:  # a spaCy pipeline is not safe to call from two threads at once
            if len(text) >= self.nlp.max_length:
                self.nlp.max_length = len(text) + 1
            doc = self.nlp(text)
        return [
            (ent.start_char, ent.end_char, self.label_map[ent.label_])
            for ent in doc.ents
            if ent.label_ in self.label_map
        ]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        return [
            RecognizerResult(
                entity_type=entity,
                start=start,
                end=end,
                score=self.score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.recognizer_name,
                    original_score=self.score,
                    textual_explanation=f"entity {entity} found by a trained spaCy model",
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.recognizer_name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for start, end, entity in self.find(text)
            if entity in wanted
        ]
