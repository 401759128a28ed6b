"""The Detector: one Presidio AnalyzerEngine per process over an explicit spaCy pipeline."""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redaction.detection.chunking import split_text
from redaction.detection.nlp import (
    DetectionNlpEngine,
    FastContextEnhancer,
    load_pipeline,
    shift,
)
from redaction.detection.postprocess import Settings as PostprocessSettings
from redaction.detection.postprocess import TextContext, all_evidence, finish, local_candidates
from redaction.detection.postprocess.settings import Candidate
from redaction.detection.predefined import build_predefined
from redaction.detection.recognizers import build_recognizers, load_config
from redaction.detection.settings import DetectionSettings, load_detection_settings
from redaction.progress import ProgressCallback, no_progress
from redaction.spans import Span

if TYPE_CHECKING:
    from redaction.detection.batch import StartMethod, WorkerPool
    from redaction.detection.settings import ExtraModel

# Presidio logs a warning per request for things we decide deliberately (unmapped labels,
# entities without recognizer); our own checks replace them.
logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)


class Detector:
    """Finds personal data in texts. Build one per process: it loads the spaCy model."""

    def __init__(self, settings: DetectionSettings | None = None) -> None:
        self.settings = settings if settings is not None else load_detection_settings()
        language = self.settings.language
        nlp = load_pipeline(self.settings.model, pipeline=self.settings.pipeline)
        self.nlp = nlp
        self.nlp_engine = DetectionNlpEngine(nlp, language)
        registry = _OrderedRegistry(supported_languages=[language])
        for recognizer in self._recognizers():
            registry.add_recognizer(recognizer)
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=self.nlp_engine,
            supported_languages=[language],
            context_aware_enhancer=FastContextEnhancer(),
            default_score_threshold=0.0,
        )
        self.supported_entities: frozenset[str] = frozenset(
            self.analyzer.get_supported_entities(language)
        )
        self.max_chunk_chars = min(self.settings.max_chunk_chars, nlp.max_length)
        self._pool: WorkerPool | None = None

    def worker_pool(self, jobs: int, *, start_method: StartMethod | None = None) -> WorkerPool:
        """Worker processes for ``jobs`` (this process plus ``jobs - 1``), kept for reuse.

        They are forked from this process with this Detector when that is safe (see
        :func:`redaction.detection.batch.fork_is_safe`), otherwise spawned; ``start_method``
        asks for one of the two (a running pool started otherwise is replaced)."""
        from redaction.detection.batch import WorkerPool

        pool = self._pool
        if (
            pool is None
            or pool.closed
            or pool.workers != max(1, jobs - 1)
            or start_method not in (None, pool.start_method)
        ):
            self.close()
            pool = self._pool = WorkerPool(
                self.settings, jobs - 1, detector=self, start_method=start_method
            )
        return pool

    def close(self) -> None:
        """Stop the worker processes, if any were started (the Detector stays usable)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    # -- construction -------------------------------------------------------------------------

    def _recognizers(self) -> list[EntityRecognizer]:
        settings = self.settings
        language = settings.language
        ours, replaced, self._postprocess = _our_recognizers(settings)
        spacy_recognizer = SpacyRecognizer(
            supported_language=language,
            supported_entities=self.nlp_engine.get_supported_entities(),
        )
        predefined = [
            recognizer
            for name, recognizer in zip(
                settings.predefined_recognizers,
                build_predefined(
                    settings.predefined_recognizers,
                    language=language,
                    phone_regions=settings.phone_regions,
                ),
                strict=True,
            )
            if not (
                {name, str(getattr(recognizer, "name", "")), type(recognizer).__name__} & replaced
            )
        ]
        extra = [_trained_recognizer(model, language) for model in settings.extra_models]
        return [spacy_recognizer, *predefined, *ours, *extra]

    # -- detection ----------------------------------------------------------------------------

    def entities_for(self, entities: Collection[str] | None) -> list[str]:
        """The entities to look for: the requested ones (or the defaults) that we can detect."""
        wanted = self.settings.entities if entities is None else entities
        return [entity for entity in dict.fromkeys(wanted) if entity in self.supported_entities]

    def detect(
        self,
        text: str,
        *,
        entities: Collection[str] | None = None,
        threshold: float | None = None,
    ) -> list[Span]:
        """Non-overlapping spans of personal data in ``text``, sorted by offset."""
        return next(self.detect_batch([text], entities=entities, threshold=threshold))

    def detect_batch(
        self,
        texts: Iterable[str],
        *,
        entities: Collection[str] | None = None,
        threshold: float | None = None,
        jobs: int = 1,
        progress: ProgressCallback | None = None,
    ) -> Iterator[list[Span]]:
        """Spans for each text, in input order, the same as :meth:`detect` would give.

        Texts go through ``nlp.pipe`` in batches; with ``jobs > 1`` worker processes share the
        work (each builds its own Detector once) while this process takes its share too.
        """
        report = progress or no_progress
        total = len(texts) if isinstance(texts, Sequence) else None
        if jobs > 1:
            from redaction.detection.batch import detect_in_workers

            results: Iterator[list[Span]] = detect_in_workers(
                self, texts, entities=entities, threshold=threshold, jobs=jobs
            )
        else:
            results = self._detect_stream(texts, entities=entities, threshold=threshold)
        report(0, total, "")
        for done, spans in enumerate(results, 1):
            yield spans
            report(done, total, "")

    def _detect_stream(
        self,
        texts: Iterable[str],
        *,
        entities: Collection[str] | None,
        threshold: float | None,
    ) -> Iterator[list[Span]]:
        iterator = iter(texts)
        size = self.settings.batch_size
        while batch := list(islice(iterator, size)):
            yield from self.detect_many(batch, entities=entities, threshold=threshold)

    def detect_many(
        self,
        texts: Sequence[str],
        *,
        entities: Collection[str] | None = None,
        threshold: float | None = None,
    ) -> list[list[Span]]:
        """Detect in a list of texts with one ``nlp.pipe`` pass (the unit of batch work)."""
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"detect expects str, got {type(text).__name__}")
        wanted = self.entities_for(entities)
        limit = self.settings.threshold if threshold is None else threshold
        if not 0 <= limit <= 1:
            raise ValueError(f"threshold must be between 0 and 1, got {limit}")
        # Every default entity is looked for, whatever was asked: overlaps are resolved among
        # all of them and only then are the asked-for ones kept (a phone number's digits are
        # not a date because dates alone were asked for).
        analyzed = list(dict.fromkeys([*self.entities_for(None), *wanted]))
        pieces: list[tuple[int, int, str]] = []  # (text index, offset, piece)
        for index, text in enumerate(texts):
            if wanted and text.strip():
                pieces.extend(
                    (index, offset, piece)
                    for offset, piece in split_text(text, self.max_chunk_chars)
                )
        contexts: dict[int, TextContext] = {}
        kept: list[list[Candidate]] = [[] for _ in texts]
        language = self.settings.language
        for batch in _batches(
            pieces, self.settings.batch_size, max(_BATCH_CHARS, self.max_chunk_chars)
        ):
            # One nlp.pipe pass per batch of bounded size: the spaCy docs of a batch (the bulk
            # of the memory) are freed before the next one is made.
            docs = self.nlp.pipe([piece for _, _, piece in batch], batch_size=len(batch))
            for (index, offset, piece), doc in zip(batch, docs, strict=True):
                piece_artifacts = self.nlp_engine.artifacts(doc, language)
                results = self.analyzer.analyze(
                    piece,
                    language,
                    entities=analyzed,
                    score_threshold=0.0,
                    nlp_artifacts=piece_artifacts,
                )
                evidence = shift(all_evidence(results, piece_artifacts), offset)
                # Presidio collects recognizers in a set, so their results come in an order
                # that varies between processes; ties in post-processing must not depend on it.
                evidence.sort(key=_result_order)
                text = texts[index]
                if index not in contexts:
                    contexts[index] = TextContext.of(text)
                kept[index].extend(
                    local_candidates(
                        text,
                        evidence,
                        contexts[index],
                        threshold=limit,
                        settings=self._postprocess,
                        considered=analyzed,
                    )
                )
                del doc, piece_artifacts, results, evidence
        return [
            finish(
                text,
                candidates,
                contexts[index],
                entities=wanted,
                threshold=limit,
                settings=self._postprocess,
            )
            if index in contexts
            else []
            for index, (text, candidates) in enumerate(zip(texts, kept, strict=True))
        ]


#: About how many characters go through one ``nlp.pipe`` call (with the batch size in texts).
_BATCH_CHARS = 60_000


def _batches(
    pieces: list[tuple[int, int, str]], size: int, max_chars: int
) -> Iterator[list[tuple[int, int, str]]]:
    """Pieces in groups of at most ``size`` pieces and about ``max_chars`` characters."""
    batch: list[tuple[int, int, str]] = []
    chars = 0
    for item in pieces:
        if batch and (len(batch) >= size or chars + len(item[2]) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += len(item[2])
    if batch:
        yield batch


class _OrderedRegistry(RecognizerRegistry):
    """Presidio's registry gathers recognizers in a set, so they run in an order that differs
    between processes (and so does the evidence they record). Keep the order they were added."""

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        found = super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        order = {id(r): i for i, r in enumerate([*self.recognizers, *(ad_hoc_recognizers or [])])}
        return sorted(found, key=lambda r: order.get(id(r), len(order)))


def _result_order(result: RecognizerResult) -> tuple[int, int, str, str, float]:
    metadata = result.recognition_metadata or {}
    source = str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
    return (result.start, result.end, result.entity_type, source, -result.score)


def _our_recognizers(
    settings: DetectionSettings,
) -> tuple[list[EntityRecognizer], set[str], PostprocessSettings]:
    """Our recognizers from recognizers.yaml, the predefined ones they replace, and the
    post-processing settings from the same file."""
    config = load_config(settings.recognizers_config)
    replaced = set(config.get("replaces_predefined") or []) | set(
        config.get("disabled_predefined") or []
    )
    recognizers = build_recognizers(config, supported_language=settings.language)
    return recognizers, replaced, PostprocessSettings.from_config(config)


def _trained_recognizer(model: ExtraModel, language: str) -> EntityRecognizer:
    from redaction.detection.trained import TrainedModelRecognizer

    recognizer: EntityRecognizer = TrainedModelRecognizer(model.path, dict(model.labels) or None)
    recognizer.supported_language = language
    return recognizer
