"""``redact spark detect|anonymize``: the same detection and anonymisation on Apache Spark."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from annotations.cli._options import add_encoding_option, positive_int


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "spark",
        help="detect or anonymise many documents on Apache Spark (needs redact-studio[spark])",
        description=(
            "Run `redact detect` or `redact anonymize` (without --db) on Apache Spark: the same "
            "detector, anonymiser and leak check, on documents read from any Hadoop path "
            "(local, s3a://, abfss://, hdfs://) or from a Parquet table with a text column. "
            "Needs the spark extra (pip install 'redact-studio[spark]') and Java 17 or newer. "
            "Works unchanged under spark-submit (leave --master out); see the README."
        ),
    )
    sub = parser.add_subparsers(
        dest="spark_command", required=True, metavar="COMMAND", help="detect or anonymize"
    )

    detect = sub.add_parser(
        "detect",
        help="detect PII in every document; write one record per document",
        description=(
            "Detect PII in every document of INPUT and write one record per document into the "
            "folder OUTPUT (part-*.json: the records of `redact detect`, with 'error' for a "
            "document that failed, or Parquet)."
        ),
    )
    _add_common(detect)
    detect.add_argument(
        "--format",
        dest="output_format",
        default="jsonl",
        choices=["jsonl", "parquet"],
        help="how the records are written",
    )
    detect.add_argument("--overwrite", action="store_true", help="replace an earlier OUTPUT")
    add_encoding_option(detect)
    detect.set_defaults(func=run_detect, replace_option="--overwrite")

    anonymize = sub.add_parser(
        "anonymize",
        help="write anonymised copies of every document, leak-checked, with manifest and report",
        description=(
            "Write anonymised copies of the documents of INPUT into the folder OUTPUT as "
            "`redact anonymize` does without --db (doc-<hash>.<ext>, QUARANTINE-… for a leaking "
            "one, manifest.json and report.json), plus report.parquet (one row per document). "
            "One bad document fails alone; the exit status is then 1. The outputs are written "
            "once each, whole, whatever tasks Spark retries. Without --key, pseudonyms use a "
            "secret made for this job, the same on every executor."
        ),
    )
    _add_common(anonymize)
    from annotations.cli.anonymize import add_anonymise_options

    add_anonymise_options(anonymize)
    anonymize.set_defaults(func=run_anonymize, replace_option="--overwrite")


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input",
        metavar="INPUT",
        help="a folder (every supported file below it), a file, a glob, or with --text-column "
        "a Parquet table; any Hadoop path",
    )
    parser.add_argument("output", metavar="OUTPUT", help="output folder; any Hadoop path")
    parser.add_argument(
        "--master",
        default="local[*]",
        help="Spark master URL; 'submit' leaves it to spark-submit",
    )
    parser.add_argument(
        "--partitions",
        type=positive_int,
        metavar="N",
        help="repartition the documents into N tasks (default: as Spark reads them)",
    )
    parser.add_argument(
        "--text-column",
        metavar="NAME",
        help="INPUT is a Parquet table: the column with each document's text",
    )
    parser.add_argument(
        "--id-column",
        default="path",
        metavar="NAME",
        help="with --text-column: the column that names each document",
    )


def _session(args: argparse.Namespace) -> Any:
    from redaction import spark

    return spark.session(None if args.master == "submit" else args.master)


def _settings() -> Any:
    from annotations.model_settings import project_detection_settings

    # The detector `redact detect` and `redact anonymize` build without a project.
    return project_detection_settings(None)


def run_detect(args: argparse.Namespace) -> int:
    from redaction import spark

    spark.require_pyspark()
    settings = _settings()
    session = _session(args)
    documents = spark.read_documents(
        session, args.input, text_column=args.text_column, id_column=args.id_column
    )
    total, failed = spark.detect_to_folder(
        session,
        documents,
        args.output,
        settings=settings,
        partitions=args.partitions,
        output_format=args.output_format,
        overwrite=args.overwrite,
        encoding=args.encoding,
    )
    print(
        f"detected {total - failed} of {total} documents into {args.output} ({failed} failed)",
        file=sys.stderr,
    )
    return 1 if failed else 0


def run_anonymize(args: argparse.Namespace) -> int:
    from annotations.cli.anonymize import _detected_options, checked_labels, print_result
    from redaction import spark
    from redaction.labels import load_labels
    from redaction.progress import StderrProgress

    spark.require_pyspark()
    labels = checked_labels(args, load_labels())
    settings = _settings()
    session = _session(args)
    documents = spark.read_documents(
        session, args.input, text_column=args.text_column, id_column=args.id_column
    )
    progress = StderrProgress("write")
    try:
        result = spark.anonymize_to_folder(
            session,
            documents,
            args.output,
            _detected_options(args, labels),
            settings=settings,
            partitions=args.partitions,
            overwrite=args.overwrite,
            with_paths=args.with_paths,
            inputs=[args.input] if os.path.exists(args.input) else [],
            progress=progress,
        )
    finally:
        progress.close()
    return print_result(result, args.output)
