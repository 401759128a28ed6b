"""Does training on annotated CVs improve detection? k-fold cross-validation on resumes-dev.

For each fold a model is trained on the other folds (`annotations.training`, as `redact train`
does) and three systems are run on the held-out CVs:

  (a) the default detector (rules + base spaCy model) -- the baseline, measured in this run;
  (b) the trained model alone;
  (c) the default detector with the trained model as an extra recognizer.

Every CV is held out exactly once, so the scores below are over the whole set. Reported per
label: strict redaction recall (every alphanumeric character of a gold span covered) and span
precision; plus training time per fold. Targets: (c) beats (a) by >= 5 points of strict recall
with precision no more than 3 points lower; training on ~90 CVs in under 10 minutes.

    python benchmarks/learning.py [--folds 5] [--epochs 20] [--quick] [--data FILE]
                                  [--json FILE] [--keep-models DIR]

The data set is read from ../shared/data/resumes-dev.jsonl beside the repository (or
$REDACT_EVAL_DATA, or --data). Its gold is incomplete, so precision there is a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.evaluate import (  # noqa: E402
    EvaluationReport,
    GoldData,
    detector_predictor,
    load_gold_file,
    model_predictor,
    score,
)
from annotations.training import TrainingConfig, build_meta, save_model, train_ner  # noqa: E402
from redaction.spans import Span  # noqa: E402

SYSTEMS = ("a default", "b trained", "c default+trained")


def data_path(given: str | None) -> Path:
    if given:
        return Path(given)
    base = os.environ.get("REDACT_EVAL_DATA")
    folder = Path(base) if base else ROOT.parent / "shared" / "data"
    return folder / "resumes-dev.jsonl"


def folds_of(n: int, k: int, seed: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[i::k]) for i in range(k)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", help="resumes JSONL (default ../shared/data/resumes-dev.jsonl)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--base", help="spaCy pipeline to start training from (default: none)")
    parser.add_argument("--quick", action="store_true", help="2 folds, 4 epochs")
    parser.add_argument("--json", type=Path, help="also write every report (misses included) here")
    parser.add_argument("--keep-models", type=Path, help="save each fold's model under this dir")
    args = parser.parse_args(argv)
    if args.quick:
        args.folds, args.epochs = 2, 4
    if args.folds < 2:
        parser.error("--folds must be at least 2")

    gold = load_gold_file(data_path(args.data), "resumes")
    docs = gold.docs
    print(f"{len(docs)} CVs, {args.folds}-fold cross-validation, up to {args.epochs} epochs")
    texts = [doc.text for doc in docs]

    started = time.monotonic()
    predictions: dict[str, list[list[Span]]] = {name: [[] for _ in docs] for name in SYSTEMS}
    predictions["a default"] = detector_predictor()(texts)
    baseline_seconds = time.monotonic() - started
    print(f"(a) default detector on all CVs: {baseline_seconds:.0f}s")

    train_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="redact-learning-") as tmp_dir:
        tmp = args.keep_models or Path(tmp_dir)
        tmp.mkdir(parents=True, exist_ok=True)
        for k, test_ids in enumerate(folds_of(len(docs), args.folds, args.seed), 1):
            train_docs = [doc for i, doc in enumerate(docs) if i not in set(test_ids)]
            config = TrainingConfig(epochs=args.epochs, seed=args.seed, base=args.base)
            t0 = time.monotonic()
            nlp, report = train_ner(train_docs, config, source=f"fold {k}")
            seconds = time.monotonic() - t0
            train_times.append(seconds)
            out = save_model(
                nlp, Path(tmp) / f"fold-{k}", build_meta(report, config, train_docs, {})
            )
            print(
                f"fold {k}: trained on {len(train_docs)} CVs in {seconds:.0f}s "
                f"({len(report.epochs)} epochs, best {report.best_epoch}, "
                f"dev F {report.scores.get('overall', {}).get('f', 0):.3f})",
                flush=True,
            )
            test_texts = [texts[i] for i in test_ids]
            for name, predict in (
                ("b trained", model_predictor(out)),
                ("c default+trained", detector_predictor([out])),
            ):
                for i, spans in zip(test_ids, predict(test_texts), strict=True):
                    predictions[name][i] = spans

    reports = {name: score(gold, predictions[name], detector=name) for name in SYSTEMS}
    print_results(gold, reports, train_times, len(docs) * (args.folds - 1) / args.folds)
    if args.json:
        record = {name: report.to_dict() for name, report in reports.items()}
        record["training_seconds"] = train_times  # type: ignore[assignment]
        args.json.write_text(json.dumps(record, indent=1), encoding="utf-8")
    return 0


def print_results(
    gold: GoldData, reports: dict[str, EvaluationReport], train_times: list[float], per_fold: float
) -> None:
    labels = [
        label
        for label in gold.labels
        if label in reports["a default"].per_label
        and reports["a default"].per_label[label].strict_total  # no gold spans: nothing to say
    ]
    print()
    print("strict redaction recall / span precision (over all held-out CVs)")
    print(f"{'label':<16}" + "".join(f"{name:>24}" for name in SYSTEMS))
    for label in [*labels, "overall"]:
        cells = []
        for name in SYSTEMS:
            r = reports[name]
            s = r.overall if label == "overall" else r.per_label.get(label)
            cells.append(f"{s.strict_recall:.3f} / {s.precision:.3f}" if s else "-")
        print(f"{label:<16}" + "".join(f"{c:>24}" for c in cells))
    texts = {doc.name: doc.text for doc in gold.docs}
    for name in SYSTEMS:
        misses = reports[name].misses
        ragged = sum(1 for m in misses if _inside_words(texts[m.doc], m.start, m.end))
        print(
            f"({name[0]}) {len(misses)} misses, {ragged} of them gold spans that start or end "
            "inside a word (offsets shifted in the data set: not catchable)"
        )
    a, c = reports["a default"].overall, reports["c default+trained"].overall
    a_misses = reports["a default"].misses
    catchable = sum(1 for m in a_misses if not _inside_words(texts[m.doc], m.start, m.end))
    if a.strict_total:
        ceiling = (a.strict_caught + catchable) / a.strict_total
        print(
            f"ceiling: catching every one of (a)'s {catchable} catchable misses would give strict "
            f"recall {ceiling:.3f}, at most {100 * (ceiling - a.strict_recall):+.1f} points over (a)"
        )
    gain = 100 * (c.strict_recall - a.strict_recall)
    drop = 100 * (a.precision - c.precision)
    ratio = c.strict_recall / a.strict_recall if a.strict_recall else float("inf")
    print()
    print(
        f"(c) vs (a): strict recall {gain:+.1f} points (x{ratio:.2f}), "
        f"precision {-drop:+.1f} points"
    )
    print(f"  target recall +5 points: {'met' if gain >= 5 else 'NOT met'}")
    print(f"  target precision at most 3 points lower: {'met' if drop <= 3 else 'NOT met'}")
    mean = sum(train_times) / len(train_times)
    print(
        f"training time per fold (~{per_fold:.0f} CVs): mean {mean:.0f}s, max {max(train_times):.0f}s "
        f"(target < 600s on 2 cores): {'met' if max(train_times) < 600 else 'NOT met'}"
    )
    print(
        "caveat: the resumes gold is incomplete (unlabelled mentions of places, companies, "
        "names), so precision here is a lower bound; recall is the reliable number."
    )


def _inside_words(text: str, start: int, end: int) -> bool:
    before = start > 0 and text[start - 1].isalnum() and text[start].isalnum()
    after = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return before or after


if __name__ == "__main__":
    sys.exit(main())
