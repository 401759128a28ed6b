"""The core speaks of options by meaning ("replace the earlier outputs"); only the fronts know
them as flags (``--overwrite``) or checkboxes, so the app never shows a flag to people who have
checkboxes (#14)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def _messages(path: Path) -> list[tuple[int, str]]:
    """String constants that are not docstrings or argparse help texts."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skipped.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
    ]


def test_core_messages_name_no_command_line_flags() -> None:
    found = []
    for package in ("redaction", "annotations"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "cli" in path.relative_to(ROOT).parts:
                continue
            for line, text in _messages(path):
                if FLAG.search(text):
                    found.append(f"{path.relative_to(ROOT)}:{line}: {text[:70]!r}")
    assert not found, "\n".join(found)
