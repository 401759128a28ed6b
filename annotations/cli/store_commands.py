"""``redact import | accept | reject | status | undo | history``: the store from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from annotations.cli._options import add_encoding_option, add_labels_option, add_max_size_option


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="annotation database (default: $REDACT_DB, else redact-studio.db in the user "
        "data folder)",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    """``--db`` and ``--annotator``, for the commands that record decisions."""
    _db_option(parser)
    parser.add_argument(
        "--annotator",
        metavar="NAME",
        help="who is making these decisions (default: $REDACT_ANNOTATOR, else the "
        "operating-system user)",
    )


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import",
        help="load documents, detect personal data and store them with their suggestions",
        description="Load TXT/MD/DOCX/PDF files and scans (PNG/JPEG/TIFF and image PDFs, read "
        "by OCR) (or folders, recursively), run the detector "
        "and store each document with its suggestions. Re-importing an unchanged file does "
        "nothing; a changed file becomes a new version keeping the decisions whose text still "
        "matches. Bad files are reported and skipped (exit status 1); everything imported "
        "before a failure or an interruption stays.",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _common(p)
    p.add_argument("--jobs", type=int, default=1, metavar="N", help="detector worker processes")
    p.add_argument(
        "--entities", metavar="E,E", help="only these detector entities (comma-separated)"
    )
    p.add_argument("--threshold", type=float, metavar="X", help="minimum detector score")
    p.add_argument(
        "--no-learned",
        action="store_true",
        help="suggest what the detector finds, without what the project learned from its "
        "decisions (see `redact learned`)",
    )
    add_encoding_option(p)
    add_max_size_option(p)
    p.set_defaults(func=run_import)

    for verb in ("accept", "reject"):
        p = subparsers.add_parser(
            verb,
            help=f"{verb} suggestions in bulk (all, or by document, label and score)",
            description=f"{verb.title()} every suggestion that matches the filters, as one "
            "change (`redact undo` reverts it). Decisions already made are left alone.",
        )
        _common(p)
        p.add_argument("--doc", type=int, metavar="ID", help="only this document")
        add_labels_option(p, "only these labels (e.g. PERSON)", "all")
        p.add_argument("--min-score", type=float, metavar="X", help="only scores >= X")
        p.add_argument(
            "--done",
            action="store_true",
            help="also mark the selected documents done, even those with no suggestion left "
            "(--doc; else every document not yet done or skipped, with --labels/--min-score: "
            "those having a matching span)",
        )
        p.set_defaults(func=run_decide, verb=verb)

    p = subparsers.add_parser(
        "status",
        help="documents by status, spans by label and status, work per annotator",
        description="Summarise the annotation database (current document versions only).",
    )
    _db_option(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.set_defaults(func=run_status)

    p = subparsers.add_parser(
        "undo",
        help="undo your last change (import, decision or bulk decision)",
        description="Revert the newest change made by this annotator (--annotator, else "
        "$REDACT_ANNOTATOR, else the operating-system user) that has not been undone yet; run "
        "it again to go further back; a whole `redact import` (or an import in the app) is one "
        "change. --any undoes the newest change of anyone. A change whose "
        "spans were changed again later is refused (undo the later change first). The undo "
        "is recorded in the history too.",
    )
    _common(p)
    p.add_argument("--any", action="store_true", help="undo the newest change, whoever made it")
    p.set_defaults(func=run_undo)

    p = subparsers.add_parser(
        "history",
        help="every change made to one span",
        description="Show who changed a span, when, and from what to what.",
    )
    p.add_argument(
        "span_id",
        type=int,
        metavar="SPAN_ID",
        help="the span's id (see `redact export` or the app)",
    )
    _db_option(p)
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    p.set_defaults(func=run_history)


def _open(args: argparse.Namespace, *, create: bool = False, readonly: bool = False) -> Any:
    """The store for a command. ``readonly``: read without writing (read-only files work); a
    database whose schema needs an upgrade is opened writable once to upgrade it."""
    from annotations.errors import StoreError
    from annotations.paths import default_db_path
    from annotations.project import Project

    path = args.db
    if path is None:
        path = default_db_path()
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
    if not create and not path.exists():
        raise StoreError(path, "no such database (create it with `redact import`)")
    return Project.at(path, annotator=getattr(args, "annotator", None)).open_store(
        readonly=readonly
    )


def _database_path(args: argparse.Namespace) -> Path:
    from annotations.paths import default_db_path

    return Path(args.db) if args.db is not None else default_db_path()


def make_detector(db_path: Path | None = None) -> Any:
    """The detector used by ``redact import``, with the models enabled for the project whose
    database is ``db_path`` (tests replace this with a fake)."""
    from annotations.project import Project

    return Project.at(db_path).detector()


def run_import(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from annotations.errors import StoreError
    from annotations.project import ImportOptions, Project, import_documents
    from redaction.detection.settings import max_file_bytes
    from redaction.progress import StderrProgress

    entities = [e.strip() for e in args.entities.split(",") if e.strip()] if args.entities else None
    if args.jobs < 1:
        raise StoreError(args.db or "redact import", "--jobs must be at least 1")
    db = _database_path(args)
    created = not db.exists()
    settings = Project.at(db).detection_settings()
    if args.max_size is not None:
        settings = replace(settings, max_file_mb=args.max_size)
    options = ImportOptions(
        jobs=args.jobs,
        entities=entities,
        threshold=args.threshold,
        max_bytes=max_file_bytes(settings),
        encoding=args.encoding,
        learn=not args.no_learned,
    )
    with _open(args, create=True) as store:
        progress = StderrProgress("import")
        try:
            report = import_documents(
                args.paths,
                call=lambda fn: fn(store),
                detector=lambda: make_detector(db),
                options=options,
                progress=progress,
                notify=lambda kind, line: print(f"redact: {kind}: {line}", file=sys.stderr),
            )
        finally:
            progress.close()
        for label in sorted(report.skipped_labels):
            print(f"redact: warning: detector label {label} is not in labels.yaml; "
                  "its suggestions were not stored", file=sys.stderr)  # fmt: skip
        print(
            f"{store.where}: {report.new} new documents, {report.versions} new versions, "
            f"{len(report.unchanged)} unchanged, {len(report.failed)} failed; "
            f"{report.suggestions} suggestions stored"
        )
        nothing_stored = created and not store.documents()
    if nothing_stored:  # a failed first import leaves no empty project behind
        for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            leftover.unlink(missing_ok=True)
        print(f"redact: {db} not created: nothing was imported", file=sys.stderr)
    return 1 if report.failed else 0


def _error(message: str) -> None:
    print(f"redact: error: {message}", file=sys.stderr)


def run_decide(args: argparse.Namespace) -> int:
    from annotations.finishing import open_suggestions_in_done
    from redaction.wording import plural

    with _open(args) as store:
        bulk = store.accept_all if args.verb == "accept" else store.reject_all
        labels = list(dict.fromkeys(args.labels or [None]))
        with store.batch(f"{args.verb}_all") as batch:  # several labels: still one change
            for label in labels:
                bulk(args.doc, label, args.min_score, mark_done=args.done)
        change = batch.result()
        summary = store.change_summary(change)
        past = "accepted" if args.verb == "accept" else "rejected"
        touched = f" in {plural(summary.span_documents, 'document')}" if summary.spans else ""
        done = f"; marked {plural(summary.documents_done, 'document')} done" if args.done else ""
        print(f"{past} {plural(summary.spans, 'suggestion')}{touched}{done}")
        if args.done:
            docs, open_ones = open_suggestions_in_done(store)
            if open_ones:
                print(
                    f"redact: warning: {store.where}: {plural(docs, 'document')} marked done "
                    f"still {'has' if docs == 1 else 'have'} {plural(open_ones, 'undecided suggestion')}, "
                    "which exports leave out (decide them with `redact accept` or `redact reject`)",
                    file=sys.stderr,
                )
    return 0


def run_status(args: argparse.Namespace) -> int:
    with _open(args, readonly=True) as store:
        stats = store.stats()
        if args.json:
            print(json.dumps({"database": store.where, **stats.as_dict()}, indent=2))
            return 0
        print(f"Database: {store.where}")
        total = sum(stats.documents.values())
        by_status = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in stats.documents.items())
        print(f"Documents: {total} ({by_status})\n")
        statuses = ["suggested", "accepted", "rejected"]
        rows = [[label, *(counts[s] for s in statuses)] for label, counts in stats.spans.items()]
        rows.append(["total", *(sum(r[i + 1] for r in rows) for i in range(3))])
        _table(["label", *statuses], rows)
        if stats.annotators:
            print()
            cols = ["accepted", "rejected", "documents_done"]
            people = [[name, *(c[k] for k in cols)] for name, c in sorted(stats.annotators.items())]
            _table(["annotator", "accepted", "rejected", "documents done"], people)
    return 0


def _table(header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    for i, row in enumerate([header, *rows]):
        cells = [
            str(c).ljust(w) if j == 0 else str(c).rjust(w)
            for j, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
        if i == 0:
            print("  ".join("-" * w for w in widths))


def run_undo(args: argparse.Namespace) -> int:
    with _open(args) as store:
        who = None if args.any else store.annotator
        target = store.last_change(who)
        if target is None:
            print("nothing to undo" + (f" by {who} (--any: anyone's changes)" if who else ""))
            return 0
        summary = store.change_summary(target)
        store.revert(target)
        print(
            f"undid change {summary.id}: {summary.action} by {summary.annotator} at "
            f"{summary.time} ({summary.spans} spans, {summary.documents} documents)"
        )
    return 0


def run_history(args: argparse.Namespace) -> int:
    with _open(args, readonly=True) as store:
        history = store.history(args.span_id)
        if not history:
            store.span(args.span_id)  # StoreError "no span with id N" if it never existed
        for event in history:
            if args.json:
                print(json.dumps(asdict(event)))
                continue
            print(
                f"{event.time}  {event.annotator or '-':<12} {event.action:<20} {_describe(event, args.span_id)}"
            )
    return 0


def _describe(event: Any, span_id: int) -> str:
    def pick(value: Any) -> Any:
        if isinstance(value, list):  # a bulk create/delete: show this span's row
            return next((row for row in value if row.get("id") == span_id), None)
        return value

    before, after = pick(event.before), pick(event.after)
    if before is None and after is not None:
        return f"created {after['label']} {after['start']}..{after['end']} {after['text']!r} ({after['status']})"
    if after is None and before is not None:
        return f"deleted {before['label']} {before['start']}..{before['end']} {before['text']!r}"
    if before is None or after is None:
        return ""
    keys = [k for k in after if k not in ("updated", "annotator")]
    return ", ".join(f"{k}: {before.get(k)} -> {after[k]}" for k in keys)
