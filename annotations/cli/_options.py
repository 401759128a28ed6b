"""Options several subcommands share, spelt and checked once."""

from __future__ import annotations

import argparse
import codecs


def text_encoding(value: str) -> str:
    try:
        return codecs.lookup(value).name
    except LookupError:
        raise argparse.ArgumentTypeError(f"unknown text encoding {value!r}") from None


def add_encoding_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding",
        type=text_encoding,
        metavar="NAME",
        help="read TXT and Markdown files in this encoding (e.g. cp1250, iso8859-2, cp1251); "
        "default: recognised per file (UTF-8/16, else the likeliest 8-bit code page, with a "
        "warning when another one reads the file differently)",
    )


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {number}")
    return number


def label_list(value: str) -> list[str]:
    """ "PERSON,location" -> ["PERSON", "LOCATION"] (checked against the project's labels by
    the command)."""
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def add_labels_option(parser: argparse.ArgumentParser, what: str, default: str) -> None:
    """``--labels A,B``, repeatable (``--labels A --labels B``); ``--label`` is the same."""
    parser.add_argument(
        "--labels",
        "--label",
        dest="labels",
        type=label_list,
        action="extend",
        metavar="L1,L2",
        help=f"{what}, comma-separated or repeated (default: {default})",
    )


class DefaultsShown(argparse.HelpFormatter):
    """Help that ends each option with its default, when it has one worth saying."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            action.option_strings
            and default not in (None, False, argparse.SUPPRESS, [])
            and "default" not in text
        ):
            text += " (default: %(default)s)"
        return text


def megabytes(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a size in MB, got {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"expected a size in MB above 0, got {value}")
    return number


def add_max_size_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-size",
        type=megabytes,
        metavar="MB",
        help="refuse files larger than MB megabytes (1 MB = 1024 x 1024 bytes; default from "
        "the settings' max_file_mb or REDACT_MAX_FILE_MB, 50)",
    )
