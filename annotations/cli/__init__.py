"""The `redact` command: thin subcommands over the same core APIs the GUI uses.

Each module in this package that defines ``register(subparsers)`` adds its subcommands; the
parser it registers sets ``func`` (``func(args) -> int``). Heavy imports (spaCy, Presidio) happen
inside the command functions so that ``redact --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from redaction import __version__
from redaction.errors import OutputExistsError, RedactError

#: Order of subcommand groups in ``redact --help``; modules not listed come after, by name.
_ORDER = ["detect", "store_commands", "exchange", "anonymize", "learning"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="redact",
        description="Find, label and remove personal data in documents (TXT, Markdown, DOCX, PDF, scans).",
    )
    parser.add_argument("--version", action="version", version=f"redact-studio {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    names = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
    names.sort(key=lambda n: (_ORDER.index(n) if n in _ORDER else len(_ORDER), n))
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    from annotations.cli._options import DefaultsShown

    for command in sub.choices.values():
        command.formatter_class = DefaultsShown
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except RedactError as exc:
        hint = ""
        replace = getattr(args, "replace_option", None)
        if isinstance(exc, OutputExistsError) and replace:
            hint = f" (use {replace})"  # the core says "replace it"; this is how, here
        print(f"redact: error: {exc}{hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("redact: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
