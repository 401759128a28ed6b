"""``redact learned``: what a project learned from its decisions, and forgetting a lesson."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def _lesson(value: str) -> tuple[str, str]:
    label, colon, text = value.partition(":")
    if not colon or not label.strip() or not text.strip():
        raise argparse.ArgumentTypeError(f"expected LABEL:TEXT, got {value!r}")
    return label.strip().upper(), text.strip()


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "learned",
        help="list what a project learned from its decisions; forget or restore a lesson",
        description=(
            "A text the annotators rejected for a label in documents marked done (and never "
            "accepted) is no longer suggested for it when documents are imported, unless "
            "another recognizer finds it with a higher score; an accepted one is suggested "
            "wherever it occurs. This lists those lessons; --forget stops one being applied, "
            "--restore applies it again."
        ),
    )
    parser.add_argument("--db", type=Path, required=True, metavar="FILE", help="project database")
    parser.add_argument(
        "--forget",
        type=_lesson,
        action="append",
        default=[],
        metavar="LABEL:TEXT",
        help="stop applying the lesson about TEXT for LABEL (repeatable)",
    )
    parser.add_argument(
        "--restore",
        type=_lesson,
        action="append",
        default=[],
        metavar="LABEL:TEXT",
        help="apply a forgotten lesson again (repeatable)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from annotations.learned import KIND_WORDS, Learned, set_forgotten
    from annotations.store import SpanStore
    from redaction.errors import RedactError

    if not args.db.is_file():
        raise RedactError(f"{args.db}: no such project database")
    with SpanStore.open(args.db) as store:
        for changes, forgotten in ((args.forget, True), (args.restore, False)):
            for label, text in changes:
                lesson = set_forgotten(store, label, text, forgotten)
                verb = "forgotten" if forgotten else "restored"
                print(f"{verb}: {lesson.label} {lesson.text!r}")
        if args.forget or args.restore:
            return 0
        learned = Learned.from_store(store)
    groups = {
        kind: sorted(
            (lesson for lesson in learned.lessons.values() if lesson.kind == kind),
            key=lambda lesson: (lesson.label, lesson.key),
        )
        for kind in ("rejected", "accepted", "mixed")
    }
    if not learned.lessons:
        print("nothing learned yet: no span was accepted or rejected in a document marked done")
    for kind, lessons in groups.items():
        if not lessons:
            continue
        print(f"{KIND_WORDS[kind]}: {len(lessons)}")
        for lesson in lessons:
            counts = f"accepted {lesson.accepted}, rejected {lesson.rejected}"
            note = "  (forgotten)" if lesson.forgotten else ""
            print(f"  {lesson.label:<14} {lesson.text!r:<32} {counts}{note}")
    return 0
