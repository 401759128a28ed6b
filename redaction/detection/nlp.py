"""The spaCy side of detection: load the model once, run only what NER needs, adapt to Presidio.

``pipeline="fast"`` keeps the NER component (and any component it listens to) and replaces the
dependency parser's sentence boundaries with a rule: a line break ends a sentence. spaCy's NER
never lets an entity cross a sentence start, so without any boundaries it would happily join a
header name to the address on the next line; the parser mostly (not always) splits there.
"""

from __future__ import annotations

import copy
import json
import re
from bisect import bisect_right
from pathlib import Path
from typing import Any

import spacy
from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from redaction.errors import ConfigError

LINE_SENTENCES = "redact_line_sentences"

#: spaCy NER labels and the Presidio entities they become. Labels not listed (NORP, CARDINAL,
#: MONEY, ...) are dropped.
SPACY_TO_PRESIDIO = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "DATE": "DATE_TIME",
    "TIME": "DATE_TIME",
}

#: spaCy gives every entity the same confidence; post-processing combines it with other evidence.
NER_DEFAULT_SCORE = 0.85


@Language.component(LINE_SENTENCES)
def line_sentences(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token holding a line break.

    Only whitespace tokens are visited (found through a vectorised attribute array), and the
    starts are written back in one array (setting ``token.is_sent_start`` one by one checks the
    whole document each time), so this costs next to nothing compared with the parser.
    """
    if len(doc) < 2:
        return doc
    spaces = doc.to_array(IS_SPACE).nonzero()[0]
    last = len(doc) - 1
    starts = doc.to_array(SENT_START)
    changed = False
    for i in spaces.tolist():
        if i < last and "\n" in doc[i].text:
            starts[i + 1] = 1
            changed = True
    if changed:
        doc.from_array([SENT_START], starts)  # type: ignore[arg-type]
    return doc


def resolve_model(model: str) -> str:
    """Check that ``model`` is an installed spaCy package or a model directory."""
    candidate = Path(model).expanduser()
    looks_like_path = "/" in model or "\\" in model or model.startswith(".")
    if candidate.is_dir():
        if not (candidate / "config.cfg").is_file():
            raise ConfigError(candidate, "not a spaCy model directory (no config.cfg)")
        return str(candidate)
    if looks_like_path or candidate.exists():
        raise ConfigError(candidate, "spaCy model directory not found")
    if not spacy.util.is_package(model):
        raise ConfigError(
            model,
            "spaCy model is not installed (pip install it, or give a model directory)",
        )
    return model


def load_pipeline(model: str, *, pipeline: str = "fast") -> Language:
    """Load a spaCy pipeline; in ``fast`` mode only NER and what it depends on is loaded."""
    name = resolve_model(model)
    config = _model_config(name)
    exclude: list[str] = []
    fast = pipeline == "fast" and config is not None and "ner" in config["nlp"]["pipeline"]
    if fast and config is not None:
        needed = {"ner"} | _upstream_of(config, "ner")
        exclude = [c for c in config["nlp"]["pipeline"] if c not in needed]
    try:
        nlp = spacy.load(name, exclude=exclude)
    except (OSError, ValueError, KeyError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(model, f"cannot load spaCy model: {reason}") from None
    if fast:
        for component in list(nlp.component_names):  # disabled-by-default ones such as senter
            if component not in nlp.pipe_names:
                nlp.remove_pipe(component)
        nlp.add_pipe(LINE_SENTENCES, before="ner")
    _split_a_leading_dash(nlp)
    return nlp


def _split_a_leading_dash(nlp: Language) -> None:
    """Make "-Bangalore" two tokens, "-" and "Bangalore", as "- Bangalore" is: CVs glue the
    dash that separates an employer from its town to the town ("Genius Consultants Ltd
    -Bangalore"), and a name inside one token is found by no recognizer."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        return  # a custom tokenizer: left as it is
    pattern = getattr(getattr(tokenizer.prefix_search, "__self__", None), "pattern", None)
    if isinstance(pattern, str):
        tokenizer.prefix_search = re.compile(r"^-(?=[A-Z][a-z])|" + pattern).search


def _model_config(name: str) -> Any:
    """The model's config.cfg, read without loading the model (None if it cannot be found)."""
    directory = Path(name)
    if not directory.is_dir():
        package = Path(spacy.util.get_package_path(name))
        found = sorted(p for p in package.iterdir() if (p / "config.cfg").is_file())
        directory = found[0] if found else package
    try:
        return spacy.util.load_config(directory / "config.cfg", interpolate=False)
    except (OSError, ValueError):
        return None


def _upstream_of(config: Any, component: str) -> set[str]:
    """Names of shared embedding components that ``component`` listens to (tok2vec, transformer)."""
    model_config: Any = config["components"][component].get("model", {})
    tok2vec = model_config.get("tok2vec", {}) if isinstance(model_config, dict) else {}
    upstream = tok2vec.get("upstream") if isinstance(tok2vec, dict) else None
    if upstream == "*":
        return {n for n in config["nlp"]["pipeline"] if n in ("tok2vec", "transformer")}
    return {upstream} if isinstance(upstream, str) else set()


def ner_configuration(nlp: Language) -> NerModelConfiguration:
    """Map spaCy labels to Presidio entities; every other label the model knows is ignored."""
    labels: set[str] = set()
    if "ner" in nlp.component_names:
        labels = set(nlp.get_pipe("ner").labels)  # type: ignore[attr-defined]
    ignore = sorted(labels - SPACY_TO_PRESIDIO.keys() | {"NORP"})
    return NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(SPACY_TO_PRESIDIO),
        labels_to_ignore=ignore,
        default_score=NER_DEFAULT_SCORE,
    )


class DetectionArtifacts(NlpArtifacts):
    """Presidio's NlpArtifacts, computed lazily.

    The base class builds lemma, offset and keyword lists for every token up front (two
    vocabulary lookups per token); context checks only look at a few tokens around each result.
    Without a lemmatizer in the pipeline, a token's lemma is its lower-cased text, which is how
    recognizers write their context words.
    """

    def __init__(
        self,
        *,
        entities: list[Any],
        tokens: Doc,
        nlp_engine: SpacyNlpEngine,
        language: str,
        scores: list[float],
        use_lemmas: bool,
    ) -> None:
        self.entities = entities
        self.tokens = tokens
        self.nlp_engine = nlp_engine
        self.language = language
        self.scores = scores if scores else [NER_DEFAULT_SCORE] * len(entities)
        self._use_lemmas = use_lemmas
        self._lemmas: list[str] | None = None
        self._keywords: list[str] | None = None
        self._tokens_indices: list[int] | None = None
        self._token_ends: list[int] | None = None

    def lemma_at(self, i: int) -> str:
        token = self.tokens[i]
        return token.lemma_ if self._use_lemmas else token.lower_

    def is_keyword_at(self, i: int) -> bool:
        """Presidio's keyword rule (not a stop word, not punctuation, not -PRON-/be) for token i."""
        lemma = self.lemma_at(i)
        lexeme = self.tokens.vocab[lemma]
        return not (lexeme.is_stop or lexeme.is_punct) and lemma not in ("-PRON-", "be")

    @property  # type: ignore[override]
    def lemmas(self) -> list[str]:
        if self._lemmas is None:
            self._lemmas = [self.lemma_at(i) for i in range(len(self.tokens))]
        return self._lemmas

    @lemmas.setter
    def lemmas(self, value: list[str]) -> None:
        self._lemmas = list(value)

    @property  # type: ignore[override]
    def keywords(self) -> list[str]:
        if self._keywords is None:
            self._keywords = [
                word
                for i, lemma in enumerate(self.lemmas)
                if self.is_keyword_at(i)
                for word in lemma.lower().split(":")
            ]
        return self._keywords

    @keywords.setter
    def keywords(self, value: list[str]) -> None:
        self._keywords = list(value)

    @property  # type: ignore[override]
    def tokens_indices(self) -> list[int]:
        if self._tokens_indices is None:
            self._tokens_indices = self.tokens.to_array(IDX).tolist() if len(self.tokens) else []
        return self._tokens_indices

    @tokens_indices.setter
    def tokens_indices(self, value: list[int]) -> None:
        self._tokens_indices = list(value)

    @property
    def token_ends(self) -> list[int]:
        if self._token_ends is None:
            lengths = self.tokens.to_array(LENGTH).tolist() if len(self.tokens) else []
            self._token_ends = [i + n for i, n in zip(self.tokens_indices, lengths, strict=True)]
        return self._token_ends

    def to_json(self) -> str:
        return json.dumps(
            {
                "entities": [entity.text for entity in self.entities],
                "tokens": [token.text for token in self.tokens],
                "tokens_indices": self.tokens_indices,
                "lemmas": self.lemmas,
                "keywords": self.keywords,
                "scores": [float(score) for score in self.scores],
            }
        )


class DetectionNlpEngine(SpacyNlpEngine):
    """A SpacyNlpEngine around an already loaded pipeline (Presidio would try to download)."""

    def __init__(self, nlp: Language, language: str = "en") -> None:
        super().__init__(
            models=[{"lang_code": language, "model_name": nlp.meta.get("name", "custom")}],
            ner_model_configuration=ner_configuration(nlp),
        )
        self.nlp = {language: nlp}  # type: ignore[assignment]
        self._use_lemmas = "lemmatizer" in nlp.pipe_names

    def load(self) -> None:
        """Already loaded in ``__init__``."""

    def artifacts(self, doc: Doc, language: str) -> DetectionArtifacts:
        return self._doc_to_nlp_artifact(doc, language)

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> DetectionArtifacts:
        entities, scores = self._get_updated_entities(
            list(doc.ents), [NER_DEFAULT_SCORE] * len(doc.ents)
        )
        return DetectionArtifacts(
            entities=entities,
            tokens=doc,
            nlp_engine=self,
            language=language,
            scores=scores,
            use_lemmas=self._use_lemmas,
        )


class FastContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's lemma context enhancer, same rules, looking only at the tokens it needs.

    The base class scans every token to find a match, then tests words against a list of every
    keyword in the text: quadratic in the length of the text.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[Any],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        # The base class deep-copies every result (explanation, metadata, ...) before raising
        # scores; copying just the parts it changes gives the same results, much faster.
        return super().enhance_using_context(
            text, _ShallowCopied(raw_results), nlp_artifacts, recognizers, context
        )

    def _extract_surrounding_words(
        self, nlp_artifacts: NlpArtifacts, word: str, start: int
    ) -> list[str]:
        if not isinstance(nlp_artifacts, DetectionArtifacts):
            return super()._extract_surrounding_words(nlp_artifacts, word, start)
        if not nlp_artifacts.tokens:
            return [""]
        ends = nlp_artifacts.token_ends
        index = min(bisect_right(ends, start), len(ends) - 1)
        words = _context_words(nlp_artifacts, index, self.context_prefix_count, -1)
        words += _context_words(nlp_artifacts, index, self.context_suffix_count, 1)
        return list(set(words))


class _ShallowCopied(list):  # type: ignore[type-arg]
    """A result list whose deep copy copies each result and the explanation it holds."""

    def __deepcopy__(self, memo: dict[int, Any]) -> list[RecognizerResult]:
        copies = []
        for result in self:
            twin = copy.copy(result)
            if result.analysis_explanation is not None:
                twin.analysis_explanation = copy.copy(result.analysis_explanation)
            if result.recognition_metadata is not None:
                twin.recognition_metadata = dict(result.recognition_metadata)
            copies.append(twin)
        return copies


def _context_words(artifacts: DetectionArtifacts, index: int, count: int, step: int) -> list[str]:
    """Up to ``count`` keywords (plus the match itself) from token ``index`` in one direction."""
    words: list[str] = []
    remaining = count + 1
    i = index
    size = len(artifacts.tokens)
    while 0 <= i < size and remaining > 0:
        if artifacts.is_keyword_at(i):
            words.append(artifacts.lemma_at(i).lower())
            remaining -= 1
        i += step
    return words


def shift(results: list[RecognizerResult], offset: int) -> list[RecognizerResult]:
    """Move results found in a piece of a text to offsets in the whole text."""
    if offset:
        for result in results:
            result.start += offset
            result.end += offset
    return results
