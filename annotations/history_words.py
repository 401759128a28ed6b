"""A span's history in the words people use: "alice accepted it as Place · 10:42", not a dump
of the fields that changed. Both fronts show history; this is its one wording."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from annotations.records import Event


def describe_history(
    events: Sequence[Event],
    span_id: int,
    titles: Mapping[str, str] = {},  # noqa: B006 - read only
    *,
    today: str | None = None,
) -> list[str]:
    """One line per event of span ``span_id``'s history (oldest first, as ``store.history``
    gives them). ``titles``: label name -> title ("PERSON" -> "Person"); ``today``
    (YYYY-MM-DD) drops the date of today's events."""
    state: dict[str, Any] = {}  # the span's columns as the events so far left them
    lines = []
    for event in events:
        before, after = _row(event.before, span_id), _row(event.after, span_id)
        old = dict(state)
        if after is None and event.after is None:
            state = {}
        else:
            state.update(after or {})
        who = event.annotator or "the detector"
        sentence = _sentence(event.action, before, after, old, state, who, titles)
        lines.append(f"{sentence} · {_when(event.time, today)}")
    return lines


def _sentence(
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    who: str,
    titles: Mapping[str, str],
) -> str:
    def title(row: Mapping[str, Any]) -> str:
        label = str(row.get("label", ""))
        return titles.get(label, label.title())

    if action in ("undo", "redo"):
        verb = "undid a change" if action == "undo" else "redid a change"
        if after is None:
            return f"{who} {verb}: the span is gone"
        if before is None:
            return f"{who} {verb}: the span is back, {_state(new, title(new))}"
        return f"{who} {verb}: {_state(new, title(new))}"
    if before is None and after is not None:  # created
        if after.get("status") == "suggested":  # the detector's, stored by an import
            return f"the detector suggested it as {title(new)}, imported by {who}"
        return f"{who} added it as {title(new)}"
    if after is None:
        return f"{who} deleted it"
    changed = {k for k, v in after.items() if (before or {}).get(k, old.get(k)) != v}
    parts = []
    if "label" in changed:
        parts.append(
            f"relabelled it {title(old)} → {title(new)}" if old else f"labelled it {title(new)}"
        )
    if "status" in changed:
        status = after["status"]
        if status == "accepted" and "label" not in changed:
            parts.append(f"accepted it as {title(new)}")
        elif status == "accepted":
            parts.append("accepted it")
        elif status == "rejected":
            parts.append("rejected it")
        else:
            parts.append("left it undecided")
    if changed & {"start", "end"}:
        parts.append(f"moved its edges to {new.get('start')}–{new.get('end')}")
    if not parts:
        return f"{who} {action.replace('_', ' ')}"
    return f"{who} " + " and ".join(parts)


def _state(row: Mapping[str, Any], title: str) -> str:
    status = row.get("status")
    if status == "accepted":
        return f"accepted as {title}"
    if status == "rejected":
        return f"rejected ({title})"
    return f"undecided, suggested as {title}"


def _row(value: Any, span_id: int) -> dict[str, Any] | None:
    """The span's columns in ``value`` (a list of rows for spans created together)."""
    if isinstance(value, list):  # spans created or deleted together: this span's row
        return next((dict(row) for row in value if row.get("id") == span_id), None)
    return dict(value) if isinstance(value, Mapping) else None


def _when(time: str, today: str | None) -> str:
    try:
        moment = datetime.fromisoformat(time)
    except ValueError:
        return time
    local = moment.astimezone() if moment.tzinfo else moment
    clock = local.strftime("%H:%M")
    day = local.strftime("%Y-%m-%d")
    if day == (today or datetime.now().astimezone().strftime("%Y-%m-%d")):
        return clock
    return f"{local.day} {local.strftime('%b %Y')} {clock}"
