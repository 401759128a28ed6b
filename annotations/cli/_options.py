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
