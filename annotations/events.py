"""The append-only history: recording changes, and reverting or reapplying them exactly.

A change is one row of ``changes`` plus the ``events`` rows written in the same transaction.
Reverting walks its events backwards and puts every row back to its ``before`` state;
reapplying walks forwards to ``after``. Both are new changes themselves, so the history only
ever grows.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from annotations.records import Change, Event

SPAN_COLUMNS = (
    "id", "document_id", "start", "end", "label", "text", "score", "source", "status",
    "annotator", "updated",
)  # fmt: skip
DOCUMENT_COLUMNS = (
    "id", "path", "sha256", "format", "text", "added", "updated", "status", "finished_by",
    "properties", "version", "previous_id", "current",
)  # fmt: skip
_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "span": ("spans", SPAN_COLUMNS),
    "spans": ("spans", SPAN_COLUMNS),
    "document": ("documents", DOCUMENT_COLUMNS),
}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def q(column: str) -> str:
    return f'"{column}"'


def select_row(conn: sqlite3.Connection, target: str, row_id: int) -> dict[str, Any] | None:
    table, columns = _TABLES[target]
    cur = conn.execute(f"SELECT {', '.join(map(q, columns))} FROM {table} WHERE id = ?", (row_id,))
    row = cur.fetchone()
    return None if row is None else dict(zip(columns, row, strict=True))


def pack_rows(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Whole span rows as stored in a "spans" event: column names once, then value lists
    (``id`` first), which keeps the history of a large import about half the size."""
    return {"columns": list(SPAN_COLUMNS), "rows": [[row[c] for c in SPAN_COLUMNS] for row in rows]}


def unpack_rows(packed: dict[str, Any] | None) -> list[dict[str, Any]] | None:
    if packed is None:
        return None
    columns = packed["columns"]
    return [dict(zip(columns, values, strict=True)) for values in packed["rows"]]


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


class ChangeWriter:
    """Collects the events of one mutating call inside its transaction.

    The ``changes`` row is created lazily with the first event, so a call that turns out to do
    nothing leaves no trace and returns an empty Change.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        annotator: str | None,
        action: str,
        *,
        undoes: int | None = None,
        redoes: int | None = None,
        change_id: int | None = None,
    ) -> None:
        """``change_id``: an existing change this transaction adds events to (a
        :class:`~annotations.records.ChangeRun`)."""
        self.conn = conn
        # the change's own who/what; ``annotator``/``action`` are those of the events being
        # written, which differ inside a batch (``SpanStore.batch``) of several operations
        self.change_annotator = annotator
        self.change_action = action
        self.annotator = annotator
        self.action = action
        self.time = now()
        self._undoes = undoes
        self._redoes = redoes
        self.change_id: int | None = change_id
        self.first_event: int | None = None
        self.last_event: int | None = None

    def _ensure_change(self) -> int:
        if self.change_id is None:
            cur = self.conn.execute(
                "INSERT INTO changes (time, annotator, action, undoes, redoes) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    self.time,
                    self.change_annotator,
                    self.change_action,
                    self._undoes,
                    self._redoes,
                ),
            )
            self.change_id = int(cur.lastrowid or 0)
        return self.change_id

    def _note_events(self, first: int, last: int) -> None:
        if self.first_event is None:
            self.first_event = first
        self.last_event = last

    def record(
        self,
        target: str,
        document_id: int | None,
        span_id: int | None,
        before: Any,
        after: Any,
        action: str | None = None,
    ) -> int:
        change_id = self._ensure_change()
        cur = self.conn.execute(
            "INSERT INTO events (change_id, time, annotator, action, target, document_id, "
            "span_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                change_id,
                self.time,
                self.annotator,
                action or self.action,
                target,
                document_id,
                span_id,
                _dump(before),
                _dump(after),
            ),
        )
        event_id = int(cur.lastrowid or 0)
        self._note_events(event_id, event_id)
        return event_id

    def record_span_updates(self, where: str, params: Sequence[Any], new: dict[str, Any]) -> int:
        """Set-based update of every span matching ``where``, one event per span.

        Used by bulk decisions over up to millions of spans: the events are written by one
        ``INSERT … SELECT`` and the rows by one ``UPDATE`` over the same condition."""
        change_id = self._ensure_change()
        columns = list(new)
        before_json = "json_object(" + ", ".join(f"'{c}', {q(c)}" for c in columns) + ")"
        after_json = "json_object(" + ", ".join(f"'{c}', ?" for c in columns) + ")"
        values = [new[c] for c in columns]
        cur = self.conn.execute(
            "INSERT INTO events (change_id, time, annotator, action, target, document_id, "
            f"span_id, before, after) SELECT ?, ?, ?, ?, 'span', document_id, id, {before_json}, "
            f"{after_json} FROM spans WHERE {where} ORDER BY id",
            (change_id, self.time, self.annotator, self.action, *values, *params),
        )
        count = cur.rowcount
        if count <= 0:
            return 0
        last = int(self.conn.execute("SELECT last_insert_rowid()").fetchone()[0])
        self._note_events(last - count + 1, last)
        assignments = ", ".join(f"{q(c)} = ?" for c in columns)
        self.conn.execute(f"UPDATE spans SET {assignments} WHERE {where}", (*values, *params))
        return count

    def update(
        self,
        target: str,
        row_id: int,
        new: dict[str, Any],
        action: str | None = None,
        *,
        current: dict[str, Any] | None = None,
    ) -> bool:
        """Update columns of one row, recording only the columns that change. ``current`` is
        the row as just read in this transaction, if the caller has it."""
        table, _ = _TABLES[target]
        current = current or select_row(self.conn, target, row_id)
        if current is None:
            return False
        changed = {k: v for k, v in new.items() if current[k] != v}
        if not changed:
            return False
        before = {k: current[k] for k in changed}
        assignments = ", ".join(f"{q(c)} = ?" for c in changed)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", (*changed.values(), row_id)
        )
        doc_id = row_id if target == "document" else current["document_id"]
        span_id = row_id if target == "span" else None
        self.record(target, doc_id, span_id, before, changed, action)
        return True

    def insert(self, target: str, row: dict[str, Any], action: str | None = None) -> int:
        """Insert one row (``id`` assigned unless given) and record its creation."""
        table, columns = _TABLES[target]
        given = [c for c in columns if c in row]
        cur = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(map(q, given))}) "
            f"VALUES ({', '.join('?' for _ in given)})",
            [row[c] for c in given],
        )
        row_id = int(cur.lastrowid or 0)
        full = select_row(self.conn, target, row_id)
        assert full is not None
        doc_id = row_id if target == "document" else full["document_id"]
        self.record(target, doc_id, row_id if target == "span" else None, None, full, action)
        return row_id

    def insert_spans(self, document_id: int, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Insert many spans of one document as one "spans" event (the import path)."""
        if not rows:
            return []
        columns = [c for c in SPAN_COLUMNS if c != "id"]
        sql = (
            f"INSERT INTO spans ({', '.join(map(q, columns))}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        self.conn.executemany(sql, ([row[c] for c in columns] for row in rows))
        # one writer inside a transaction with AUTOINCREMENT: the new ids are consecutive
        last = int(self.conn.execute("SELECT last_insert_rowid()").fetchone()[0])
        ids = list(range(last - len(rows) + 1, last + 1))
        full = [{"id": i, **{c: r[c] for c in columns}} for i, r in zip(ids, rows, strict=True)]
        self.record("spans", document_id, None, None, pack_rows(full))
        return ids

    def delete(self, target: str, row_id: int, action: str | None = None) -> bool:
        table, _ = _TABLES[target]
        current = select_row(self.conn, target, row_id)
        if current is None:
            return False
        if target == "document":
            for (span_id,) in self.conn.execute(
                "SELECT id FROM spans WHERE document_id = ? ORDER BY id", (row_id,)
            ).fetchall():
                self.delete("span", span_id, action)
        self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        doc_id = row_id if target == "document" else current["document_id"]
        self.record(target, doc_id, row_id if target == "span" else None, current, None, action)
        return True

    def _upsert(self, target: str, row: dict[str, Any]) -> None:
        table, columns = _TABLES[target]
        given = [c for c in columns if c in row]
        updates = ", ".join(f"{q(c)} = excluded.{q(c)}" for c in given if c != "id")
        self.conn.execute(
            f"INSERT INTO {table} ({', '.join(map(q, given))}) "
            f"VALUES ({', '.join('?' for _ in given)}) ON CONFLICT (id) DO UPDATE SET {updates}",
            [row[c] for c in given],
        )
        doc_id = row["id"] if target == "document" else row["document_id"]
        self.record(target, doc_id, row["id"] if target == "span" else None, None, row)

    def restore(self, event: Event, state: Any, other: Any) -> None:
        """Bring the rows of ``event`` to ``state`` (its before or after); ``other`` is the
        opposite side, which tells whether this is a create, a delete or an update."""
        if event.target == "spans":
            if state is None:
                for row in other:
                    self.delete("span", row["id"])
            else:
                for row in state:
                    self._upsert("span", row)
            return
        row_id = event.span_id if event.target == "span" else event.document_id
        assert row_id is not None
        if state is None:
            self.delete(event.target, row_id)
        elif other is None:
            self._upsert(event.target, state)
        else:
            self.update(event.target, row_id, state)

    def restore_span_updates(self, change_id: int, side: str, *, newest_first: bool) -> None:
        """Set-based ``restore`` of a change made only of updates of distinct spans (a bulk
        decision): one ``INSERT … SELECT`` for the events and one ``UPDATE … FROM`` for the
        rows, instead of a statement per span. Spans already in that state get no event."""
        assert side in ("before", "after")
        self._ensure_change()
        current = (
            "CASE j.key " + " ".join(f"WHEN '{c}' THEN s.{q(c)}" for c in SPAN_COLUMNS) + " END"
        )
        cur = self.conn.execute(
            "INSERT INTO events (change_id, time, annotator, action, target, document_id, "
            "span_id, before, after) SELECT ?, ?, ?, ?, 'span', s.document_id, s.id, "
            f"(SELECT json_group_object(j.key, {current}) FROM json_each(e.{side}) j), e.{side} "
            "FROM events e JOIN spans s ON s.id = e.span_id WHERE e.change_id = ? AND "
            f"e.target = 'span' AND EXISTS (SELECT 1 FROM json_each(e.{side}) j "
            f"WHERE ({current}) IS NOT j.value) ORDER BY e.id {'DESC' if newest_first else ''}",
            (self.change_id, self.time, self.annotator, self.action, change_id),
        )
        count = cur.rowcount
        if count > 0:
            last = int(self.conn.execute("SELECT last_insert_rowid()").fetchone()[0])
            self._note_events(last - count + 1, last)
        assignments = ", ".join(
            f"{q(c)} = CASE WHEN json_type(e.{side}, '$.{c}') IS NULL THEN spans.{q(c)} "
            f"ELSE json_extract(e.{side}, '$.{c}') END"
            for c in SPAN_COLUMNS
            if c != "id"
        )
        self.conn.execute(
            f"UPDATE spans SET {assignments} FROM events e WHERE e.change_id = ? AND "
            "e.target = 'span' AND e.span_id = spans.id",
            (change_id,),
        )

    def result(self) -> Change:
        if self.change_id is None or self.first_event is None or self.last_event is None:
            return Change.empty(self.change_action)
        return Change(
            self.change_id, self.change_action, range(self.first_event, self.last_event + 1)
        )


#: From this many span events on, a revert/reapply of a bulk decision runs set-based.
BULK_REPLAY_MIN = 50


class ReplayConflict(Exception):
    """A row the change touched was changed again later: replaying would overwrite that."""


def replay(w: ChangeWriter, change_id: int, *, undo: bool, force: bool = False) -> None:
    """Revert (``undo``) or reapply the change ``change_id`` into the writer ``w``.

    Every row must still be as the change left it (``after``; for a reapply: ``before``, as
    its revert left it); if a later change touched it, :class:`ReplayConflict` names that
    change and nothing is written, unless ``force``."""
    total, distinct, updates = w.conn.execute(
        "SELECT COUNT(*), COUNT(DISTINCT span_id), "
        "COALESCE(SUM(before IS NOT NULL AND after IS NOT NULL), 0) "
        "FROM events WHERE change_id = ? AND target != 'document'",
        (change_id,),
    ).fetchone()
    bulk = total >= BULK_REPLAY_MIN and total == distinct == updates
    where = "change_id = ? AND target = 'document'" if bulk else "change_id = ?"
    rows = w.conn.execute(
        f"{EVENT_SELECT} WHERE {where} ORDER BY id {'DESC' if undo else 'ASC'}", (change_id,)
    ).fetchall()
    last_event = w.conn.execute(
        "SELECT MAX(id) FROM events WHERE change_id = ?", (change_id,)
    ).fetchone()[0]
    if bulk:  # spans and documents are distinct rows: their order does not matter
        if not force:
            _check_bulk(w.conn, change_id, "after" if undo else "before", last_event)
        w.restore_span_updates(change_id, "before" if undo else "after", newest_first=undo)
    for event in events_of(rows):
        state, other = (event.before, event.after) if undo else (event.after, event.before)
        if not force:
            _check_event(w.conn, event, other, last_event)
        w.restore(event, state, other)


def _differs(current: dict[str, Any] | None, expected: dict[str, Any] | None) -> bool:
    if expected is None:
        return current is not None
    return current is None or any(current[k] != v for k, v in expected.items())


def _check_event(conn: sqlite3.Connection, event: Event, expected: Any, last_event: int) -> None:
    """Refuse if the rows of ``event`` are no longer in the ``expected`` state."""
    if event.target == "spans":
        rows = expected if expected is not None else (event.before or event.after or [])
        for row in rows:
            current = select_row(conn, "span", row["id"])
            if _differs(current, row if expected is not None else None):
                _conflict(conn, "span", row["id"], event.change_id, last_event)
        return
    row_id = event.span_id if event.target == "span" else event.document_id
    assert row_id is not None
    if _differs(select_row(conn, event.target, row_id), expected):
        _conflict(conn, event.target, row_id, event.change_id, last_event)


def _check_bulk(conn: sqlite3.Connection, change_id: int, side: str, last_event: int) -> None:
    """``_check_event`` for every span event of a bulk decision, in one query (about a tenth
    of the time of the revert itself)."""
    current = "CASE j.key " + " ".join(f"WHEN '{c}' THEN s.{q(c)}" for c in SPAN_COLUMNS) + " END"
    row = conn.execute(
        f"SELECT e.span_id FROM events e LEFT JOIN spans s ON s.id = e.span_id "
        f"WHERE e.change_id = ? AND e.target = 'span' AND (s.id IS NULL OR EXISTS "
        f"(SELECT 1 FROM json_each(e.{side}) j WHERE ({current}) IS NOT j.value)) "
        "ORDER BY e.id LIMIT 1",
        (change_id,),
    ).fetchone()
    if row is not None:
        _conflict(conn, "span", int(row[0]), change_id, last_event)


def _conflict(
    conn: sqlite3.Connection, target: str, row_id: int, change_id: int, last_event: int
) -> None:
    column = "span_id" if target == "span" else "document_id"
    only_documents = "" if target == "span" else " AND target = 'document'"
    later = conn.execute(
        f"SELECT annotator, action, change_id FROM events WHERE {column} = ? AND id > ?"
        f"{only_documents} ORDER BY id DESC LIMIT 1",
        (row_id, last_event),
    ).fetchone()
    what = f"{target} {row_id}"
    if later is None:
        raise ReplayConflict(f"change {change_id}: {what} was changed since")
    who, action, later_change = later
    raise ReplayConflict(
        f"change {change_id}: {what} was changed later by {who or 'unknown'} "
        f"({action}, change {later_change}); undo that change first"
    )


def _event(row: Sequence[Any]) -> Event:
    before = None if row[8] is None else json.loads(row[8])
    after = None if row[9] is None else json.loads(row[9])
    if row[5] == "spans":
        before, after = unpack_rows(before), unpack_rows(after)
    event_id, change_id, time, annotator, action, target, document_id, span_id = row[:8]
    return Event(
        event_id, change_id, time, annotator, action, target, document_id, span_id, before, after
    )


EVENT_SELECT = (
    "SELECT id, change_id, time, annotator, action, target, document_id, span_id, before, after "
    "FROM events"
)


def change_events(conn: sqlite3.Connection, change_id: int) -> list[Event]:
    cur = conn.execute(f"{EVENT_SELECT} WHERE change_id = ? ORDER BY id", (change_id,))
    return [_event(r) for r in cur]


def events_of(rows: Iterable[Sequence[Any]]) -> list[Event]:
    return [_event(r) for r in rows]


def change_record(conn: sqlite3.Connection, change_id: int) -> Change | None:
    row = conn.execute(
        "SELECT c.action, MIN(e.id), MAX(e.id) FROM changes c JOIN events e "
        "ON e.change_id = c.id WHERE c.id = ? GROUP BY c.id",
        (change_id,),
    ).fetchone()
    if row is None:
        return None
    return Change(change_id, row[0], range(row[1], row[2] + 1))


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    id: int | None
    action: str
    annotator: str | None
    time: str
    spans: int  # distinct spans touched
    documents: int  # distinct documents touched
    span_documents: int = 0  # distinct documents whose spans were touched
    documents_done: int = 0  # documents this change marked done


def change_summary(conn: sqlite3.Connection, change_id: int) -> ChangeSummary:
    row = conn.execute(
        "SELECT c.action, c.annotator, c.time, "
        "(SELECT COUNT(*) FROM (SELECT span_id FROM events WHERE change_id = :id "
        "AND span_id IS NOT NULL UNION SELECT json_extract(j.value, '$[0]') FROM events e, "
        "json_each(coalesce(e.after, e.before), '$.rows') j "
        "WHERE e.change_id = :id AND e.target = 'spans')), "
        "(SELECT COUNT(DISTINCT document_id) FROM events WHERE change_id = c.id), "
        "(SELECT COUNT(DISTINCT document_id) FROM events WHERE change_id = c.id "
        "AND target != 'document'), "
        "(SELECT COUNT(DISTINCT document_id) FROM events WHERE change_id = c.id "
        "AND target = 'document' AND json_extract(after, '$.status') = 'done') "
        "FROM changes c WHERE c.id = :id",
        {"id": change_id},
    ).fetchone()
    if row is None:
        return ChangeSummary(change_id, "", None, "", 0, 0)
    return ChangeSummary(change_id, *row)


def last_undoable(conn: sqlite3.Connection, annotator: str | None = None) -> int | None:
    """The newest change that is not an undo and has not been undone (made by ``annotator``,
    if given)."""
    by = "" if annotator is None else " AND annotator = ?"
    row = conn.execute(
        "SELECT id FROM changes c WHERE action != 'undo' AND NOT EXISTS "
        f"(SELECT 1 FROM changes u WHERE u.undoes = c.id){by} ORDER BY id DESC LIMIT 1",
        () if annotator is None else (annotator,),
    ).fetchone()
    return None if row is None else int(row[0])
