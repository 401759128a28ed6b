"""``redact export``, ``import-annotations``, ``agreement`` and ``merge``: training data in and
out of the annotation database, and comparing/combining two annotators' databases."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.cli._options import add_labels_option
from redaction.errors import RedactError

if TYPE_CHECKING:
    from annotations.store import SpanStore

EXPORT_FORMATS = ("prodigy", "doccano", "spacy", "conll")
IMPORT_FORMATS = ("prodigy", "doccano")
SPAN_STATUSES = ("suggested", "accepted", "rejected")


class MissingDatabaseError(RedactError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: no such database")


def register(subparsers: Any) -> None:
    from annotations.paths import DB_ENV_VAR

    db_help = (
        f"annotation database (default: ${DB_ENV_VAR}, else redact-studio.db in the user data "
        "folder)"
    )

    p = subparsers.add_parser(
        "export",
        help="write training data (Prodigy JSONL, doccano, spaCy DocBin, CoNLL)",
        description="Export annotations as training data. By default: documents marked done, "
        "accepted spans. Spans that do not line up with spaCy token boundaries are reported on "
        "stderr; the token-based formats adjust them when only whitespace/punctuation differs "
        "and otherwise leave them out (doccano keeps them as they are). Exit status 1, with "
        "the reason on stderr, when no document was exported; no file is written then (an earlier "
        "file at --out is left as it was).",
    )
    p.add_argument("--db", type=Path, metavar="FILE", help=db_help)
    p.add_argument(
        "--format",
        required=True,
        choices=EXPORT_FORMATS,
        help="prodigy: JSONL tasks; doccano: JSONL with [start, end, label]; spacy: DocBin; "
        "conll: BIO tags, one token per line",
    )
    p.add_argument("--out", required=True, type=Path, metavar="PATH", help="file to write")
    p.add_argument(
        "--status",
        default="accepted",
        metavar="S1,S2",
        help="span statuses to export: accepted, rejected, suggested (default: accepted)",
    )
    add_labels_option(p, "only these labels", "all")
    p.add_argument(
        "--include-unfinished",
        action="store_true",
        help="also new and in-progress documents (Prodigy: an unfinished document gets an "
        '"accept" task only if it has accepted spans)',
    )
    p.add_argument(
        "--include-skipped",
        action="store_true",
        help="also documents an annotator skipped (left out even with --include-unfinished)",
    )
    p.add_argument(
        "--with-paths",
        action="store_true",
        help="write each document's source path into meta (default: doc-<sha256[:12]>.<ext>, "
        "since file names often hold the person's name)",
    )
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "import-annotations",
        help="bring labelled JSONL (Prodigy, doccano) into the database",
        description="Import labelled JSONL. Documents are matched by meta sha256/document id or "
        "by text, else created; spans are stored with source 'imported' and the status of the "
        "record's answer (accept/reject/ignore; no answer: suggested, as Prodigy does not train on "
        "unanswered tasks; doccano: accepted). Bad records are reported as FILE:LINE: problem, "
        "the good ones imported, and the exit code is 1; a file with no records is a warning "
        "and exit code 1 too. Importing the same file again changes nothing.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the annotation file to import")
    p.add_argument("--format", required=True, choices=IMPORT_FORMATS, help="format of FILE")
    p.add_argument("--db", type=Path, metavar="FILE", help=db_help + "; created if missing")
    p.add_argument(
        "--annotator",
        help="who made these decisions (default: the annotator in each record's meta, "
        "else your user name)",
    )
    p.set_defaults(func=cmd_import_annotations)

    p = subparsers.add_parser(
        "agreement",
        help="inter-annotator agreement between two databases",
        description="Span-level precision/recall/F1 of B against A (exact and overlap match), "
        "token-level Cohen's kappa, and the disagreements, on documents present in both "
        "(matched by sha256) and marked done in both.",
    )
    p.add_argument("db_a", type=Path, metavar="DB_A", help="reference annotator's database")
    p.add_argument("db_b", type=Path, metavar="DB_B", help="the other annotator's database")
    add_labels_option(p, "only these labels", "all")
    p.add_argument("--include-unfinished", action="store_true", help="also unfinished documents")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--max-disagreements", type=int, default=50, metavar="N", help="rows shown in the table"
    )
    p.set_defaults(func=cmd_agreement)

    p = subparsers.add_parser(
        "merge",
        help="combine two annotators' databases for adjudication",
        description="Write a new database with both annotators' work: agreed spans once, spans "
        "only one annotator accepted as suggestions with source 'adjudicate:A:<status>,"
        "B:<status>' (their documents set back to in_progress), documents in only one database "
        "copied.",
    )
    p.add_argument("db_a", type=Path, metavar="DB_A", help="one annotator's database")
    p.add_argument("db_b", type=Path, metavar="DB_B", help="the other annotator's database")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="new database to write")
    p.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    p.set_defaults(func=cmd_merge, replace_option="--overwrite")


def cmd_export(args: argparse.Namespace) -> int:
    from annotations.project import TrainingExportOptions, export_training_data
    from redaction.progress import StderrProgress

    statuses = _names(args.status)
    unknown = [s for s in statuses if s not in SPAN_STATUSES]
    if unknown or not statuses:
        raise RedactError(f"--status: unknown span status {unknown[0] if unknown else '(none)'!r}")
    if args.out.resolve() == _db_path(args.db).resolve():
        raise RedactError(f"{args.out}: --out is the database itself; choose another file")
    with _open_existing(args.db) as store:
        labels = [store.label(name) for name in args.labels or ()] or None
        progress = StderrProgress(f"export {args.format}", min_total=100)
        try:
            result = export_training_data(
                store,
                TrainingExportOptions(
                    args.format,
                    args.out,
                    statuses=statuses,
                    labels=labels,
                    include_unfinished=args.include_unfinished,
                    include_skipped=args.include_skipped,
                    with_paths=args.with_paths,
                ),
                option_words={
                    "unfinished": "use --include-unfinished",
                    "skipped": "use --include-skipped",
                },
                progress=progress,
            )
        finally:
            progress.close()
        where = store.where
    report = result.report
    for issue in report.issues:
        print(f"redact: warning: {issue.describe()}", file=sys.stderr)
    if result.why_empty:
        print(f"redact: warning: {where}: {result.why_empty}", file=sys.stderr)
    print(report.summary())
    return 0 if report.documents else 1


def cmd_import_annotations(args: argparse.Namespace) -> int:
    from annotations.importers import import_annotations
    from annotations.store import SpanStore
    from redaction.progress import StderrProgress

    with SpanStore.open(_db_path(args.db), annotator=args.annotator) as store:
        progress = StderrProgress("import annotations", min_total=100)
        try:
            report = import_annotations(
                store, args.file, args.format, annotator=args.annotator, progress=progress
            )
        finally:
            progress.close()
    for problem in report.problems:
        print(f"redact: error: {problem}", file=sys.stderr)
    if not report.records and not report.problems:
        print(f"redact: warning: {args.file}: no records (the file is empty)", file=sys.stderr)
    print(report.summary())
    return 0 if report.ok and report.records else 1


def cmd_agreement(args: argparse.Namespace) -> int:
    from annotations.agreement import compare_stores, format_table

    labels = list(args.labels or ())
    with _open_existing(args.db_a) as a, _open_existing(args.db_b) as b:
        labels = [a.label(name) for name in labels]
        report = compare_stores(
            a, b, labels=labels or None, include_unfinished=args.include_unfinished
        )
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_table(report, max_disagreements=args.max_disagreements))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from annotations.merge import merge_stores
    from redaction.progress import StderrProgress

    progress = StderrProgress("merge", min_total=100)
    try:
        report = merge_stores(
            args.db_a, args.db_b, args.out, overwrite=args.overwrite, progress=progress
        )
    finally:
        progress.close()
    print(report.summary())
    return 0


def _names(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _db_path(path: Path | None) -> Path:
    from annotations.paths import default_db_path

    return path if path is not None else default_db_path()


def _open_existing(path: Path | None) -> SpanStore:
    """Open a database that must already exist (reading commands never create one)."""
    from annotations.store import SpanStore

    path = _db_path(path)
    if not path.is_file():
        raise MissingDatabaseError(path)
    return SpanStore.open_for_reading(path)
