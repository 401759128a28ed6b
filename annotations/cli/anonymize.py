"""``redact anonymize``: write anonymised copies of documents, leak-checked, with a report.

With ``--db`` the spans are the annotators' accepted spans for each file (found by its sha256);
without it the detector's suggestions are used directly (batch use).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from annotations.cli._options import add_encoding_option, add_labels_option, positive_int
from redaction.anonymization.pseudonyms import KEY_ENV_VAR, key_from_environment
from redaction.errors import RedactError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "anonymize",
        help="write anonymised copies of documents (leak-checked, with manifest and report)",
        description=(
            "Write anonymised copies of documents into --out as doc-<hash>.<ext>, with "
            "manifest.json (outputs → inputs) and report.json (spans redacted, leak check, "
            "residual suggestions). Every output is read back and searched for what was "
            "redacted, and the detector is run over it for residual PII nobody marked: "
            "structured PII (e-mail, phone, URL, numbers) always fails the document; a name, "
            "place or organisation only when nobody saw it (with --db, one in the original of "
            "a document marked done is a warning, and texts the annotators rejected do not "
            "count) and no replacement stands beside it. Without --db, what the detector still "
            "finds once the first spans are replaced is redacted too, for up to three rounds. "
            "A leaking "
            "output is renamed QUARANTINE-… and the exit status is 1. A document with content "
            "that could not be read (a scanned page) is not written and fails ('not "
            "anonymised: no text found') unless --copy-unreadable. Each document's "
            "warnings are printed on stderr. PDF outputs ignore --style: redacted text is "
            "covered by black boxes."
        ),
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.add_argument(
        "--db",
        type=Path,
        metavar="FILE",
        help="project database: use the spans annotators accepted (default: detect directly)",
    )
    parser.add_argument(
        "--include-unreviewed",
        action="store_true",
        help="with --db: also anonymise documents not marked done (their suggestions count)",
    )
    parser.add_argument(
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="without --db: anonymise in N processes (this one and N-1 workers)",
    )
    add_anonymise_options(parser)
    parser.set_defaults(func=run, replace_option="--overwrite")


def add_anonymise_options(parser: argparse.ArgumentParser) -> None:
    """The options of how documents are anonymised, shared with ``redact spark anonymize``."""
    from redaction.anonymization.styles import BUILTIN_STYLES, DEFAULT_STYLE

    parser.add_argument(
        "--style",
        default=DEFAULT_STYLE,
        choices=BUILTIN_STYLES,
        help=f"how spans are replaced (default: {DEFAULT_STYLE})",
    )
    add_labels_option(parser, "labels to redact", "every label with redact: true in labels.yaml")
    parser.add_argument(
        "--pdf-mode",
        default="raster",
        choices=["raster", "keep-text"],
        help="PDF output: image-only (raster, the default) or text kept selectable",
    )
    parser.add_argument(
        "--copy-unreadable",
        action="store_true",
        help="write documents with content that could not be read (scanned pages) as copies "
        "with nothing redacted in those parts, instead of failing them (the default)",
    )
    parser.add_argument(
        "--with-paths",
        action="store_true",
        help="name the inputs by their paths in manifest.json and report.json (default: "
        "doc-<sha256[:12]>.<ext> of their content, since file names often hold a name)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace earlier outputs in --out")
    parser.add_argument(
        "--key",
        default=None,
        help=f"secret that makes pseudonyms reproducible across databases (or ${KEY_ENV_VAR})",
    )
    parser.add_argument("--locale", default="en_GB", help="Faker locale of pseudonyms")
    add_encoding_option(parser)
    parser.add_argument(
        "--no-residual-check",
        action="store_true",
        help="skip running the detector over the outputs (the string leak check always runs)",
    )
    parser.add_argument(
        "--residual",
        default="fail",
        choices=["fail", "warn"],
        help="residual PII the detector finds in an output that fails it (see above): fail "
        "the document (quarantine, exit 1; the default) or only warn",
    )


def _detected_options(args: argparse.Namespace, labels: Any) -> Any:
    from redaction.anonymization.batch import DetectedOptions

    return DetectedOptions(
        style=args.style,
        labels=None if labels is None else tuple(labels),
        pdf_mode=args.pdf_mode,
        residual=args.residual,
        residual_check=not args.no_residual_check,
        copy_unreadable=args.copy_unreadable,
        key=args.key or key_from_environment(),
        locale=args.locale,
        encoding=args.encoding,
    )


def checked_labels(args: argparse.Namespace, label_set: Any) -> list[str] | None:
    """The labels of ``--labels`` by their canonical names; an unknown one is an error."""
    if not args.labels:
        return None
    labels = [label_set.canonical(name.upper()) for name in args.labels]
    unknown = [name for name in labels if name not in label_set]
    if unknown:
        raise RedactError(
            f"--labels: unknown label(s) {', '.join(unknown)} (known: {', '.join(label_set.names)})"
        )
    return labels


def run(args: argparse.Namespace) -> int:
    from annotations.project.anonymise import AnonymiseOptions, anonymise_project
    from redaction.labels import load_labels
    from redaction.progress import StderrProgress

    label_set = load_labels()
    labels = checked_labels(args, label_set)
    if args.db is not None and args.jobs > 1:
        raise RedactError("--jobs: a project's review (--db) is anonymised in one process")
    if args.db is not None and not args.db.is_file():
        raise RedactError(f"{args.db}: no such project database")

    detector = None
    if args.db is None or not args.no_residual_check:
        from annotations.project import Project

        # The project's detector (its enabled models too), as the app and `redact import` use.
        detector = Project.at(args.db).detector()

    store = None
    if args.db is not None:
        from annotations.project import Project

        store = Project.at(args.db, labels=label_set).open_store()
    try:
        progress = StderrProgress("anonymize")
        try:
            if store is not None:  # the project's review: the same function the app runs
                result = anonymise_project(
                    store,
                    AnonymiseOptions(
                        out_dir=args.out,
                        style=args.style,
                        include_unreviewed=args.include_unreviewed,
                        labels=labels,
                        overwrite=args.overwrite,
                        pdf_mode=args.pdf_mode,
                        residual=args.residual,
                        key=args.key or key_from_environment(),
                        locale=args.locale,
                        copy_unreadable=args.copy_unreadable,
                        with_paths=args.with_paths,
                        encoding=args.encoding,
                    ),
                    label_set,
                    paths=args.paths,
                    detector=None if args.no_residual_check else detector,
                    progress=progress,
                    not_reviewed_hint=" (--include-unreviewed)",
                ).batch
            else:  # no review: the detector's suggestions, as the cluster jobs anonymise
                from redaction.anonymization.batch import anonymize_detected

                result = anonymize_detected(
                    args.paths,
                    args.out,
                    detector,
                    _detected_options(args, labels),
                    label_set,
                    jobs=args.jobs,
                    overwrite=args.overwrite,
                    with_paths=args.with_paths,
                    progress=progress,
                )
        finally:
            progress.close()
    finally:
        if store is not None:
            store.close()

    return print_result(result, args.out)


def print_result(result: Any, out: Any) -> int:
    """Each document's warnings and failures on stderr, then the summary; the exit status."""
    from redaction.wording import plural

    for doc in result.documents:
        for warning in doc.warnings:
            named = warning if warning.startswith(doc.input) else f"{doc.input}: {warning}"
            print(f"redact: warning: {named}", file=sys.stderr)
    for doc in result.failed:
        where = f" (kept as {doc.output})" if doc.output else ""
        error = doc.error or doc.status
        message = error if error.startswith(doc.input) else f"{doc.input}: {error}"
        print(f"redact: {doc.status}: {message}{where}", file=sys.stderr)
    summary = result.summary()
    print(
        f"anonymized {summary['ok']} of {plural(summary['documents'], 'document')} into {out} "
        f"({summary['leaked']} leaked and quarantined, {summary['failed']} failed); "
        f"see {out}/report.json",
        file=sys.stderr,
    )
    return 0 if result.ok else 1
