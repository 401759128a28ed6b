"""Carrying annotators' decisions over to a new version of a changed file.

A decision (accepted, rejected or manual span) survives when its text is still in the new
text: at the same offset, else at the only occurrence, else at the single nearest one.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotations.records import MANUAL, SpanRecord


def is_decision(span: SpanRecord) -> bool:
    return span.status != "suggested" or span.source == MANUAL


def occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    if not needle:
        return found
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def relocate(needle: str, old_start: int, new_text: str) -> int | None:
    """Where ``needle`` (formerly at ``old_start``) is in ``new_text``, or None if ambiguous."""
    if new_text.startswith(needle, old_start):
        return old_start
    found = occurrences(new_text, needle)
    if len(found) == 1:
        return found[0]
    if not found:
        return None
    by_distance = sorted(found, key=lambda at: abs(at - old_start))
    nearest, runner_up = by_distance[0], by_distance[1]
    if abs(nearest - old_start) == abs(runner_up - old_start):
        return None
    return nearest


def carry_over(old_spans: Iterable[SpanRecord], new_text: str) -> list[tuple[SpanRecord, int]]:
    """The decisions of the old version that still match, with their new start offsets."""
    kept: list[tuple[SpanRecord, int]] = []
    seen: set[tuple[int, int, str]] = set()
    for span in old_spans:
        if not is_decision(span):
            continue
        start = relocate(span.text, span.start, new_text)
        if start is None:
            continue
        key = (start, start + len(span.text), span.label)
        if key in seen:
            continue
        seen.add(key)
        kept.append((span, start))
    return kept
