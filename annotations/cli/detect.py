"""`redact detect`: find personal data in documents and write one JSON object per document."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.cli._options import add_encoding_option, add_max_size_option, positive_int

if TYPE_CHECKING:
    from redaction.detection import DetectionSettings, Detector

_ENTITY = re.compile(r"^[A-Z][A-Z0-9_]*$")

DESCRIPTION = """\
Find personal data in documents (.txt, .md, .docx, .pdf; scans: .png, .jpg, .tif, read by
OCR) and write JSON Lines to stdout, one object per document, in input order:

  {"path": "cv.docx", "text": "<extracted text>",
   "spans": [{"start": 0, "end": 11, "label": "PERSON", "score": 0.93,
              "source": "SpacyRecognizer"}]}

Offsets are character (code point) offsets into "text", end exclusive; labels are Presidio
entity names (PERSON, ORGANIZATION, LOCATION, EMAIL_ADDRESS, PHONE_NUMBER, URL, ...).
Directories are searched recursively for supported files. A file that cannot be read is
reported on stderr ("redact: error: <path>: <cause>") and the others are still processed.
"""

EPILOG = """\
exit status: 0 if every document was processed, 1 if any failed, no supported file was found
or the output could not be written, 2 for usage or settings errors, 141 when the reader of the
output went away (a pipe closed). Warnings about a document ("no text layer found (scanned
PDF?)") go to stderr as "redact: warning: <path>: <warning>".
Settings: the packaged detection.yaml, then the user's detection.yaml (trained models switched
on), unless --config names the file; REDACT_SPACY_MODEL overrides the spaCy model and
REDACT_MAX_FILE_MB the file size limit (max_file_mb, 50 MB)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "detect",
        help="find personal data in documents, write JSON Lines",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    parser.add_argument(
        "--jobs",
        type=positive_int,
        metavar="N",
        help="processes to use (this one plus N-1 workers; default from the settings, 1)",
    )
    parser.add_argument(
        "--entities",
        type=_entity_list,
        metavar="L1,L2",
        help="entities to look for, comma-separated (default: the settings' list; "
        "DATE_TIME only when named here)",
    )
    parser.add_argument(
        "--threshold",
        type=_unit_float,
        metavar="X",
        help="drop spans scoring below X, 0..1 (default from the settings, 0.35)",
    )
    parser.add_argument(
        "--model",
        metavar="NAME_OR_DIR",
        help="spaCy model: installed package name or model directory "
        "(default from the settings or REDACT_SPACY_MODEL); a directory made by "
        "`redact train` is added to the default detection instead, as --extra-model does",
    )
    parser.add_argument(
        "--extra-model",
        action="append",
        type=Path,
        metavar="DIR",
        help="a model trained with `redact train`, used as one more recognizer (repeatable)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="detection settings file (default: the packaged detection.yaml, then the user's "
        "own detection.yaml in the config directory or $REDACT_DETECTION_SETTINGS, which "
        "holds the trained models switched on)",
    )
    add_max_size_option(parser)
    add_encoding_option(parser)
    parser.set_defaults(func=run)


def _unit_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {value}")
    return number


def _entity_list(value: str) -> list[str]:
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected at least one entity name")
    for name in names:
        if not _ENTITY.match(name):
            raise argparse.ArgumentTypeError(
                f"entity names are UPPER_CASE like PERSON or EMAIL_ADDRESS, got {name!r}"
            )
    return names


def _settings(args: argparse.Namespace) -> DetectionSettings:
    from redaction.detection import ExtraModel, load_detection_settings
    from redaction.detection.trained import is_trained_model_dir

    user_path = None
    if args.config is None:  # an explicit --config is the whole story
        from annotations.model_settings import user_settings_path

        user_path = user_settings_path()
    base: str | None = args.model
    extra_paths: list[Path] = list(args.extra_model or [])
    if base is not None and is_trained_model_dir(base):
        # `redact detect --model models/cv-ner`: a trained model is used with the rules and the
        # base model, never in place of them (it only knows the labels it was trained on).
        extra_paths.insert(0, Path(base))
        base = None
    settings = load_detection_settings(
        args.config,
        user_path=user_path,
        model=base,
        jobs=args.jobs,
        max_file_mb=getattr(args, "max_size", None),
    )
    if extra_paths:
        from dataclasses import replace

        extra = tuple(ExtraModel(path) for path in extra_paths)
        settings = replace(settings, extra_models=settings.extra_models + extra)
    return settings


def _checked_detector(settings: DetectionSettings, entities: list[str] | None) -> Detector:
    """Build the Detector and check that it can find what was asked for."""
    from redaction.detection import Detector
    from redaction.errors import RedactError

    detector = Detector(settings)
    if entities is not None:
        unknown = [name for name in entities if name not in detector.supported_entities]
        if len(unknown) == len(entities):
            known = ", ".join(sorted(detector.supported_entities))
            raise RedactError(
                f"--entities: no recognizer for {', '.join(unknown)} (known: {known})"
            )
        for name in unknown:
            print(f"redact: warning: no recognizer for entity {name}", file=sys.stderr)
    return detector


def _as_given(paths: list[str]) -> dict[Path, str]:
    return {Path(given): given for given in paths}


def run(args: argparse.Namespace) -> int:
    from redaction.detection.batch import detect_documents
    from redaction.detection.settings import max_file_bytes
    from redaction.documents import iter_document_paths
    from redaction.progress import StderrProgress

    settings = _settings(args)
    given = _as_given(args.paths)
    paths = list(iter_document_paths(args.paths))
    if not paths:
        where = ", ".join(args.paths)
        print(f"redact: warning: no supported files found in {where}", file=sys.stderr)
        return 1
    progress = StderrProgress("detect", min_total=4)
    built: list[Detector] = []

    def detector() -> Detector:
        if not built:
            built.append(_checked_detector(settings, args.entities))
        return built[0]

    if settings.jobs <= 1:
        detector()  # settings and --entities errors before any output
    failed = 0
    progress(0, len(paths), "")
    results = detect_documents(
        paths,
        settings=settings,
        detector=detector,
        entities=args.entities,
        threshold=args.threshold,
        jobs=settings.jobs,
        max_bytes=max_file_bytes(settings),
        encoding=args.encoding,
    )
    try:
        for done, result in enumerate(results, 1):
            shown = given.get(result.path, str(result.path))
            if result.error is not None:
                failed += 1
                print(f"redact: error: {result.error}", file=sys.stderr)
            else:
                for warning in result.warnings:
                    named = warning.startswith((f"{shown}:", f"{result.path}:"))
                    line = warning if named else f"{shown}: {warning}"
                    print(f"redact: warning: {line}", file=sys.stderr)
                _write(sys.stdout, shown, result)
            progress(done, len(paths), f"{failed} failed" if failed else "")
    except BrokenPipeError:
        # The reader went away (`redact detect ... | head -1`): stop quietly, as `cat` does.
        _silence_stdout()
        return 141
    except OSError as exc:
        _silence_stdout()
        print(f"redact: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        results.close()
        progress.close()
    return 1 if failed else 0


def _write(out: Any, path: str, result: Any) -> None:
    record = {
        "path": path,
        "text": result.text,
        "spans": [span.record() for span in result.spans],
    }
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    out.flush()


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (a test's stand-in): nothing will flush it at exit
