"""``SpanStore``: the one API over the annotation database, used by the CLI and the GUI.

Every mutating call is one transaction, writes rows of the append-only ``events`` table and
returns a :class:`~annotations.records.Change` that :meth:`SpanStore.revert` and
:meth:`SpanStore.reapply` undo and redo exactly. A store belongs to the thread that opened it
(sqlite3's ``check_same_thread``): the GUI runs all store work on one worker thread.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotations import connection, events, importing, queries
from annotations.errors import StoreError
from annotations.events import ChangeWriter
from annotations.pseudonyms import StorePseudonymMap
from annotations.records import (
    DOCUMENT_STATUSES,
    MANUAL,
    Change,
    ChangeRun,
    DocumentRecord,
    SpanRecord,
)
from annotations.rows import DocumentLike, span_row
from annotations.undo import UndoMixin
from redaction.labels import LabelSet, load_labels
from redaction.spans import Span

#: Environment variable naming the annotator when none is given (CLI and GUI alike).
ANNOTATOR_ENV_VAR = "REDACT_ANNOTATOR"


def default_annotator() -> str:
    """``$REDACT_ANNOTATOR`` if set, else the operating-system user."""
    override = os.environ.get(ANNOTATOR_ENV_VAR, "").strip()
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or passwd
        return "annotator"


class SpanStore(UndoMixin):
    def __init__(
        self, db: Any, where: str, annotator: str, labels: LabelSet, *, readonly: bool = False
    ) -> None:
        self.db = db
        self.where = where
        self.annotator = annotator
        self.labels = labels
        self.readonly = readonly
        self._conn: sqlite3.Connection = db.conn
        self._batch: ChangeWriter | None = None
        self._batch_broken = False

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path = connection.MEMORY,
        *,
        annotator: str | None = None,
        labels: LabelSet | None = None,
        readonly: bool = False,
    ) -> SpanStore:
        """Open (or create) a database, migrating it; StoreError if locked, read-only, corrupt
        or newer than this code. ``annotator`` defaults to ``default_annotator()``.

        ``readonly``: open an existing database without writing anything (works on read-only
        files and folders); StoreError if its schema needs an upgrade, and on any change."""
        db, where = connection.connect(path, readonly=readonly)
        try:
            store = cls(
                db, where, annotator or default_annotator(), labels or load_labels(),
                readonly=readonly,
            )  # fmt: skip
            if not readonly:
                store._sync_labels()
        except BaseException:
            db.close()
            raise
        return store

    @classmethod
    def open_for_reading(
        cls, path: str | Path, *, annotator: str | None = None, labels: LabelSet | None = None
    ) -> SpanStore:
        """Open for commands that only read (status, history, export, agreement, merge
        inputs). A database we may write is opened as usual, so closing it removes SQLite's
        -wal/-shm files (a read-only connection would leave them behind); a read-only one with
        ``readonly=True``, or writable once when its schema is older, which upgrades it
        (StoreError if it cannot be written)."""
        if connection.writable(path):
            return cls.open(path, annotator=annotator, labels=labels)
        try:
            return cls.open(path, annotator=annotator, labels=labels, readonly=True)
        except connection.OutdatedSchema:
            return cls.open(path, annotator=annotator, labels=labels)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> SpanStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _sync_labels(self) -> None:
        rows = [
            (lab.name, lab.title, lab.colour, lab.shortcut, lab.placeholder,
             lab.placeholder_family, int(lab.redact), i)
            for i, lab in enumerate(self.labels)
        ]  # fmt: skip
        with connection.translated_errors(self.where):
            stored = self._conn.execute(
                "SELECT name, title, colour, shortcut, placeholder, placeholder_family, redact, "
                "position FROM labels ORDER BY position"
            ).fetchall()
        if [tuple(r) for r in stored] == rows:
            return  # nothing to write: opening stays read-only
        with connection.write_transaction(self.db, self.where) as conn:
            conn.execute("DELETE FROM labels")
            conn.executemany("INSERT INTO labels VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    @contextmanager
    def _write(
        self, action: str, *, run: ChangeRun | None = None, **kwargs: Any
    ) -> Iterator[ChangeWriter]:
        if self.readonly:
            raise self._error("database was opened read-only")
        batch = self._batch
        if batch is None:
            with connection.write_transaction(self.db, self.where) as conn:
                if run is None:
                    writer = ChangeWriter(conn, self.annotator, action, **kwargs)
                else:  # events of this call, in the run's one change
                    writer = ChangeWriter(
                        conn, self.annotator, run.action, change_id=run.change_id, **kwargs
                    )
                    writer.action = action
                yield writer
            if run is not None and run.change_id is None:
                run.change_id = writer.change_id  # committed: later calls join it
            return
        if kwargs:
            raise self._error("cannot undo or redo inside a batch of changes")
        # joins the batch: events carry this operation's action and annotator
        outer = batch.annotator, batch.action
        batch.annotator, batch.action = self.annotator, action
        try:
            yield batch
        except BaseException:
            self._batch_broken = True  # part of this operation may be written: no commit
            raise
        finally:
            batch.annotator, batch.action = outer

    @contextmanager
    def batch(self, action: str) -> Iterator[ChangeWriter]:
        """Run several mutating calls as ONE transaction and ONE change (one undo).

        ``with store.batch("import_annotations") as b: ...``; ``b.result()`` is the change
        once the block is left. An exception rolls the whole batch back. Nested batches join
        the outer one."""
        if self._batch is not None:
            yield self._batch
            return
        with self._write(action) as w:
            self._batch, self._batch_broken = w, False
            try:
                yield w
                if self._batch_broken:
                    raise self._error(f"{action}: an operation failed, nothing was saved")
            finally:
                self._batch = None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with connection.translated_errors(self.where):
            yield self._conn

    def _error(self, reason: str) -> StoreError:
        return StoreError(self.where, reason)

    def label(self, name: str) -> str:
        """The stored label for a label or detector entity name; StoreError if unknown."""
        canonical = self.labels.canonical(name)
        if canonical not in self.labels:
            known = ", ".join(self.labels.names)
            raise self._error(f"unknown label {name!r} (known labels: {known})")
        return canonical

    # -- documents ----------------------------------------------------------------------------
    def add_document(
        self,
        document: DocumentLike,
        suggestions: Iterable[Span] = (),
        *,
        run: ChangeRun | None = None,
    ) -> tuple[DocumentRecord, Change]:
        """Store a loaded document and its detector suggestions.

        Idempotent by sha256: a file already stored changes nothing (empty Change). A changed
        file at a stored path becomes a new version that keeps the decisions whose text still
        matches (see ``annotations.versions``); its suggestions at those places are dropped.
        With ``run``, its events join the run's one change (one import, one undo)."""
        rows = importing.suggestion_rows(self.label, document.text, suggestions, document.path)
        existing = self.find_document(document.sha256)
        if existing is not None:
            return existing, Change.empty("add_document")
        with self._write("add_document", run=run) as w:
            # checked again under the write lock: another process may have just added it
            found = w.conn.execute(
                "SELECT id FROM documents WHERE sha256 = ? AND current = 1", (document.sha256,)
            ).fetchone()
            doc_id = found[0] if found else importing.insert_document(w, document, rows)
        return self.document(doc_id), w.result()

    def bulk_insert(self, documents: Sequence[tuple[DocumentLike, Sequence[Span]]]) -> list[int]:
        """Add many documents with suggestions in one transaction, as one change (benchmarks,
        scripted loads). Files already stored are skipped. Returns the new document ids."""
        prepared = [
            (doc, importing.suggestion_rows(self.label, doc.text, spans, doc.path))
            for doc, spans in documents
        ]
        with self._write("bulk_insert") as w:
            return importing.bulk_insert(w, prepared)

    def find_document(self, sha256: str) -> DocumentRecord | None:
        """The current document with this file hash, if stored."""
        with self._read() as conn:
            found = queries.select_documents(
                conn, where="d.sha256 = ? AND d.current = 1", params=(sha256,), limit=1
            )
        return found[0] if found else None

    def documents(
        self,
        status: str | Collection[str] | None = None,
        search: str | None = None,
        *,
        with_text: bool = False,
        all_versions: bool = False,
    ) -> list[DocumentRecord]:
        """Current documents (by id) with span counts by status, in one query. ``search``
        matches the path or the text (case-insensitive); ``text`` is filled only when
        ``with_text``."""
        clauses: list[str] = [] if all_versions else ["d.current = 1"]
        params: list[Any] = []
        if status is not None:
            values = [status] if isinstance(status, str) else list(status)
            for value in values:
                self._check_status(value)
            clauses.append(f"d.status IN ({', '.join('?' for _ in values)})")
            params += values
        if search:
            pattern = (
                "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            )
            clauses.append("(d.path LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        where = " AND ".join(clauses)
        with self._read() as conn:
            return queries.select_documents(conn, where=where, params=params, with_text=with_text)

    def document(self, doc_id: int) -> DocumentRecord:
        with self._read() as conn:
            found = queries.select_documents(
                conn, where="d.id = ?", params=(doc_id,), with_text=True
            )
        if not found:
            raise self._error(f"no document with id {doc_id}")
        return found[0]

    def next_document(self, after_id: int | None = None) -> DocumentRecord | None:
        """The next current document (by id, wrapping around) that is not done or skipped."""
        base = "d.current = 1 AND d.status IN ('new', 'in_progress')"
        with self._read() as conn:
            if after_id is not None:
                found = queries.select_documents(
                    conn, where=f"{base} AND d.id > ?", params=(after_id,), limit=1
                )
                if found:
                    return self.document(found[0].id)
            found = queries.select_documents(conn, where=base, limit=1)
        return self.document(found[0].id) if found else None

    def set_status(self, doc_id: int, status: str) -> Change:
        self._check_status(status)
        self.document(doc_id)
        with self._write("set_status") as w:
            w.update("document", doc_id, self._status_columns(status, w.time))
        return w.result()

    def _status_columns(self, status: str, time: str) -> dict[str, Any]:
        finished = self.annotator if status == "done" else None
        return {"status": status, "finished_by": finished, "updated": time}

    def _check_status(self, status: str) -> None:
        if status not in DOCUMENT_STATUSES:
            raise self._error(
                f"unknown document status {status!r} (use {', '.join(DOCUMENT_STATUSES)})"
            )

    # -- spans: queries -----------------------------------------------------------------------
    def spans(
        self,
        doc_id: int | None = None,
        *,
        status: str | Collection[str] | None = None,
        label: str | Collection[str] | None = None,
        min_score: float | None = None,
    ) -> list[SpanRecord]:
        """Spans of current documents (or of ``doc_id``), ordered by document and offset."""
        where, params = queries.span_filter(
            doc_id=doc_id, status=status, label=label, min_score=min_score
        )
        with self._read() as conn:
            cur = conn.execute(
                f'{queries.SPAN_SELECT} WHERE {where} ORDER BY document_id, start, "end", id',
                params,
            )
            return [queries.span_record(r) for r in cur]

    def span_table(
        self,
        doc_id: int | None = None,
        *,
        status: str | Collection[str] | None = None,
        label: str | Collection[str] | None = None,
        min_score: float | None = None,
    ) -> list[tuple[Any, ...]]:
        """The fast path for exporters: the same spans as ``spans()``, as plain tuples of
        ``queries.SPAN_TABLE_COLUMNS`` (no span text or timestamps), about twice as fast."""
        where, params = queries.span_filter(
            doc_id=doc_id, status=status, label=label, min_score=min_score
        )
        with self._read() as conn:
            return conn.execute(
                f"SELECT {queries.SPAN_TABLE_SELECT} FROM spans WHERE {where} "
                'ORDER BY document_id, start, "end", id',
                params,
            ).fetchall()

    def span(self, span_id: int) -> SpanRecord:
        with self._read() as conn:
            row = conn.execute(f"{queries.SPAN_SELECT} WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise self._error(f"no span with id {span_id}")
        return queries.span_record(row)

    # -- reading for exports (streamed; ``annotations.exporters.store_reader``) ---------------

    @classmethod
    def worker_reader(cls, path: str | Path, where: str, labels: LabelSet) -> SpanStore:
        """A read-only store over this process's own connection to a database the parent
        process opened (forked export workers must not share its SQLite connection)."""
        db = connection.connect_worker_reader(path)
        return cls(db, where, "export", labels, readonly=True)

    @property
    def file(self) -> str | None:
        """The database file, or None in memory."""
        with self._read() as conn:
            row = conn.execute("PRAGMA database_list").fetchone()
        return str(row[2]) if row and row[2] else None

    def count_documents_with(self, statuses: Collection[str]) -> int:
        with self._read() as conn:
            return queries.count_documents_with(conn, statuses)

    def count_by_status(self) -> dict[str, int]:
        """How many current documents have each status."""
        with self._read() as conn:
            return queries.count_by_status(conn)

    def document_ids_with(self, statuses: Collection[str]) -> list[int]:
        with self._read() as conn:
            return queries.document_ids_with(conn, statuses)

    def export_rows(
        self,
        *,
        document_statuses: Collection[str],
        span_statuses: Collection[str],
        labels: Collection[str] | None,
        id_range: tuple[int, int] | None = None,
    ) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
        """(document row, its span rows) of the current documents with ``document_statuses``,
        in id order, one document at a time (columns: ``queries.EXPORT_*_COLUMNS``)."""
        with self._read() as conn:
            yield from queries.export_rows(
                conn,
                document_statuses=document_statuses,
                span_statuses=span_statuses,
                labels=labels,
                id_range=id_range,
            )

    def has_span(self, span_id: int) -> bool:
        with self._read() as conn:
            return (
                conn.execute("SELECT 1 FROM spans WHERE id = ?", (span_id,)).fetchone() is not None
            )

    def stats(self) -> queries.StoreStats:
        with self._read() as conn:
            return queries.stats(conn)

    # -- spans: decisions ---------------------------------------------------------------------
    def _decide(
        self, action: str, span_id: int, unless_status: str | None = None, **columns: Any
    ) -> Change:
        """Update one span in one transaction (the keystroke path: one read, one write)."""
        with self._write(action) as w:
            current = events.select_row(w.conn, "span", span_id)
            if current is None:
                raise self._error(f"no span with id {span_id}")
            if current["status"] != unless_status:
                new = {**columns, "annotator": self.annotator, "updated": w.time}
                if w.update("span", span_id, new, current=current):
                    self._touch(w, [current["document_id"]])
        return w.result()

    def _touch(self, w: ChangeWriter, doc_ids: Iterable[int]) -> None:
        """A decision on a new document puts it in progress."""
        for doc_id in sorted(set(doc_ids)):
            row = w.conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is not None and row[0] == "new":
                w.update("document", doc_id, {"status": "in_progress", "updated": w.time})

    def accept(self, span_id: int) -> Change:
        """Accept a span (nothing happens if it is accepted already)."""
        return self._decide("accept", span_id, "accepted", status="accepted")

    def reject(self, span_id: int) -> Change:
        return self._decide("reject", span_id, "rejected", status="rejected")

    def relabel(self, span_id: int, label: str) -> Change:
        """Give the span another label; relabelling is a decision, so it is accepted too."""
        return self._decide("relabel", span_id, label=self.label(label), status="accepted")

    def resize(self, span_id: int, start: int, end: int) -> Change:
        """Move the span's boundaries (accepting it); its text follows the document."""
        span = self.span(span_id)
        text = self._checked_text(span.document_id, start, end)
        return self._decide("resize", span_id, start=start, end=end, text=text, status="accepted")

    def _checked_text(self, doc_id: int, start: int, end: int) -> str:
        with self._read() as conn:
            row = conn.execute(
                "SELECT substr(text, ?, ?), length(text) FROM documents WHERE id = ?",
                (start + 1, end - start, doc_id),
            ).fetchone()
        if row is None:
            raise self._error(f"no document with id {doc_id}")
        if not 0 <= start < end <= row[1]:
            raise self._error(
                f"span {start}..{end} is outside the text of document {doc_id} ({row[1]})"
            )
        return str(row[0])

    def create_span(
        self, doc_id: int, start: int, end: int, label: str, *, source: str = MANUAL
    ) -> tuple[SpanRecord, Change]:
        """Add an accepted span. If the same span (offsets and label) exists, accept it."""
        label = self.label(label)
        text = self._checked_text(doc_id, start, end)
        with self._write("create_span") as w:
            row = w.conn.execute(
                'SELECT id FROM spans WHERE document_id = ? AND start = ? AND "end" = ? AND label = ?',
                (doc_id, start, end, label),
            ).fetchone()
            decision = {"status": "accepted", "annotator": self.annotator, "updated": w.time}
            if row is not None:
                span_id = int(row[0])
                w.update("span", span_id, decision)
            else:
                span = Span(start, end, label, 1.0, source, text)
                span_id = w.insert("span", {**span_row(span, **decision), "document_id": doc_id})
            self._touch(w, [doc_id])
        return self.span(span_id), w.result()

    def delete_span(self, span_id: int) -> Change:
        self.span(span_id)
        with self._write("delete_span") as w:
            w.delete("span", span_id)
        return w.result()

    def accept_all(
        self,
        doc_id: int | None = None,
        label: str | None = None,
        min_score: float | None = None,
        *,
        mark_done: bool = False,
    ) -> Change:
        """Accept every suggestion (of a document / label / above a score) in one change;
        ``mark_done`` also marks the affected documents done."""
        return self._bulk("accepted", doc_id, label, min_score, mark_done)

    def reject_all(
        self,
        doc_id: int | None = None,
        label: str | None = None,
        min_score: float | None = None,
        *,
        mark_done: bool = False,
    ) -> Change:
        return self._bulk("rejected", doc_id, label, min_score, mark_done)

    def _bulk(
        self,
        status: str,
        doc_id: int | None,
        label: str | None,
        min_score: float | None,
        done: bool,
    ) -> Change:
        if doc_id is not None:
            self.document(doc_id)
        where, params = queries.span_filter(
            doc_id=doc_id, status="suggested", label=self.label(label) if label else None,
            min_score=min_score,
        )  # fmt: skip
        action = "accept_all" if status == "accepted" else "reject_all"
        with self._write(action) as w:
            doc_ids = [
                r[0]
                for r in w.conn.execute(
                    f"SELECT DISTINCT document_id FROM spans WHERE {where}", params
                )
            ]
            if done:
                doc_ids = queries.documents_to_mark_done(
                    w.conn, doc_id, self.label(label) if label else None, min_score
                )
            w.record_span_updates(
                where, params, {"status": status, "annotator": self.annotator, "updated": w.time}
            )
            if done:
                for affected in doc_ids:
                    w.update("document", affected, self._status_columns("done", w.time))
            else:
                self._touch(w, doc_ids)
        return w.result()

    def accept_occurrences(self, span_id: int, *, all_documents: bool = False) -> Change:
        """Accept the span and give every other occurrence of its text (whole words, in its
        document or in all current documents) the same label: existing spans there are
        relabelled and accepted, missing ones created with source "propagated". Places that
        overlap another accepted span are left alone."""
        return self._propagate(span_id, "accepted", all_documents)

    def reject_occurrences(self, span_id: int, *, all_documents: bool = False) -> Change:
        """Reject the span and every span with the same text and label elsewhere."""
        return self._propagate(span_id, "rejected", all_documents)

    def _propagate(self, span_id: int, status: str, all_documents: bool) -> Change:
        from annotations.propagation import propagate

        span = self.span(span_id)
        action = "accept_occurrences" if status == "accepted" else "reject_occurrences"
        with self._write(action) as w:
            propagate(w, span, status, self.annotator, all_documents)
        return w.result()

    # -- what the project learned -----------------------------------------------------------
    def decided_spans(self) -> list[tuple[str, str, str, str, float, str, str]]:
        """(label, text, status, source, score, before, after) of the accepted and rejected
        spans of the documents marked done, with some text around each: what
        ``annotations.learned`` learns from."""
        with self._read() as conn:
            return queries.decided_spans(conn)

    def decided_spans_by_document(
        self,
    ) -> list[tuple[str, tuple[str, str, str, str, float, str, str]]]:
        """:meth:`decided_spans` with the gold name of each one's document, so that an
        evaluation can learn from the other documents only."""
        with self._read() as conn:
            return queries.decided_spans_by_document(conn)

    def forgotten_lessons(self) -> set[tuple[str, str]]:
        """(label, identity key) of the lessons an annotator told the project to forget."""
        with self._read() as conn:
            return queries.forgotten_lessons(conn)

    def set_forgotten(self, label: str, key: str, forgotten: bool = True) -> None:
        """Forget a lesson (suggest that text for that label as the detector finds it), or
        take it back."""
        if self.readonly:
            raise self._error("database was opened read-only")
        with connection.write_transaction(self.db, self.where) as conn:
            if forgotten:
                conn.execute(
                    "INSERT OR IGNORE INTO learned_forgotten (label, key, created) "
                    "VALUES (?, ?, ?)",
                    (label, key, events.now()),
                )
            else:
                conn.execute(
                    "DELETE FROM learned_forgotten WHERE label = ? AND key = ?", (label, key)
                )

    # -- pseudonyms ---------------------------------------------------------------------------
    def pseudonym_map(self) -> StorePseudonymMap:
        """Persistent (label, identity key) -> fake value map for consistent pseudonyms."""
        return StorePseudonymMap(self.db, self.where)
