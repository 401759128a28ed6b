"""The database schema as an ordered list of named migrations (sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one. Opening an older database applies the
missing ones; a database that has migrations this code does not know is newer than the code.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "redact-studio"
migrations = Migrations(MIGRATION_SET)


def _script(db: Database, sql: str) -> None:
    for statement in filter(None, (s.strip() for s in sql.split(";\n"))):
        db.execute(statement)


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    _script(
        db,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            added TEXT NOT NULL,
            updated TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'new'
                CHECK (status IN ('new', 'in_progress', 'done', 'skipped')),
            finished_by TEXT,
            properties TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX documents_sha256 ON documents (sha256);
        CREATE INDEX documents_path ON documents (path);
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            colour TEXT NOT NULL,
            shortcut TEXT,
            placeholder TEXT NOT NULL,
            placeholder_family TEXT,
            redact INTEGER NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            label TEXT NOT NULL,
            text TEXT NOT NULL,
            score REAL NOT NULL DEFAULT 1.0,
            source TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('suggested', 'accepted', 'rejected')),
            annotator TEXT,
            updated TEXT NOT NULL,
            CHECK (start >= 0 AND "end" > start)
        );
        CREATE INDEX spans_document ON spans (document_id, start);
        CREATE INDEX spans_document_status ON spans (document_id, status);
        CREATE INDEX spans_status_label ON spans (status, label);
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            time TEXT NOT NULL,
            annotator TEXT,
            action TEXT NOT NULL,
            undoes INTEGER REFERENCES changes (id),
            redoes INTEGER REFERENCES changes (id)
        );
        CREATE INDEX changes_undoes ON changes (undoes);
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            change_id INTEGER NOT NULL REFERENCES changes (id),
            time TEXT NOT NULL,
            annotator TEXT,
            action TEXT NOT NULL,
            target TEXT NOT NULL CHECK (target IN ('span', 'spans', 'document')),
            document_id INTEGER,
            span_id INTEGER,
            before TEXT,
            after TEXT
        );
        CREATE INDEX events_change ON events (change_id);
        CREATE INDEX events_span ON events (span_id);
        CREATE INDEX events_document ON events (document_id);
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END
        """,
    )


@migrations(name="0002_pseudonyms")
def pseudonyms(db: Database) -> None:
    """Consistent fake values across documents: one per (label, identity key)."""
    _script(
        db,
        """
        CREATE TABLE pseudonyms (
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (label, key)
        )
        """,
    )


@migrations(name="0003_document_versions")
def document_versions(db: Database) -> None:
    """A changed file at a known path becomes a new version that points at the previous one."""
    _script(
        db,
        """
        ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE documents ADD COLUMN previous_id INTEGER REFERENCES documents (id);
        ALTER TABLE documents ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
        CREATE INDEX documents_current_status ON documents (current, status)
        """,
    )


@migrations(name="0004_document_span_counts")
def document_span_counts(db: Database) -> None:
    """Span counts per document kept by triggers, so the document list of a large project is
    read without counting a million spans each time."""
    statuses = ("suggested", "accepted", "rejected")

    def counts(sign: str, row: str) -> str:
        return ", ".join(f"n_{s} = n_{s} {sign} ({row}.status = '{s}')" for s in statuses)

    for status in statuses:
        db.execute(f"ALTER TABLE documents ADD COLUMN n_{status} INTEGER NOT NULL DEFAULT 0")
        db.execute(
            f"UPDATE documents SET n_{status} = (SELECT COUNT(*) FROM spans "
            f"WHERE document_id = documents.id AND status = '{status}')"
        )
    db.execute(
        "CREATE TRIGGER spans_count_insert AFTER INSERT ON spans BEGIN "
        f"UPDATE documents SET {counts('+', 'NEW')} WHERE id = NEW.document_id; END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_delete AFTER DELETE ON spans BEGIN "
        f"UPDATE documents SET {counts('-', 'OLD')} WHERE id = OLD.document_id; END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_update AFTER UPDATE OF status, document_id ON spans "
        "WHEN OLD.status IS NOT NEW.status OR OLD.document_id IS NOT NEW.document_id BEGIN "
        f"UPDATE documents SET {counts('-', 'OLD')} WHERE id = OLD.document_id; "
        f"UPDATE documents SET {counts('+', 'NEW')} WHERE id = NEW.document_id; END"
    )


@migrations(name="0005_document_text_length")
def document_text_length(db: Database) -> None:
    """The text length stored, so listing documents does not read every text."""
    db.execute("ALTER TABLE documents ADD COLUMN text_length INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE documents SET text_length = length(text)")
    db.execute(
        "CREATE TRIGGER documents_text_length AFTER INSERT ON documents BEGIN "
        "UPDATE documents SET text_length = length(NEW.text) WHERE id = NEW.id; END"
    )


@migrations(name="0006_document_counts_table")
def document_counts_table(db: Database) -> None:
    """The span counts move to a narrow table: a trigger that updated the documents row
    rewrote the whole document text for every span decided (a bulk accept of a million spans
    spent most of its time there)."""
    for trigger in ("spans_count_insert", "spans_count_delete", "spans_count_update"):
        db.execute(f"DROP TRIGGER {trigger}")
    for status in ("suggested", "accepted", "rejected"):
        db.execute(f"ALTER TABLE documents DROP COLUMN n_{status}")
    db.execute(
        "CREATE TABLE document_counts (document_id INTEGER PRIMARY KEY "
        "REFERENCES documents (id) ON DELETE CASCADE, suggested INTEGER NOT NULL DEFAULT 0, "
        "accepted INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0)"
    )
    db.execute(
        "INSERT INTO document_counts SELECT d.id, "
        "(SELECT COUNT(*) FROM spans WHERE document_id = d.id AND status = 'suggested'), "
        "(SELECT COUNT(*) FROM spans WHERE document_id = d.id AND status = 'accepted'), "
        "(SELECT COUNT(*) FROM spans WHERE document_id = d.id AND status = 'rejected') "
        "FROM documents d"
    )
    statuses = ("suggested", "accepted", "rejected")

    def counts(sign: str, row: str) -> str:
        return ", ".join(f"{s} = {s} {sign} ({row}.status = '{s}')" for s in statuses)

    db.execute(
        "CREATE TRIGGER documents_counts_row AFTER INSERT ON documents BEGIN "
        "INSERT OR IGNORE INTO document_counts (document_id) VALUES (NEW.id); END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_insert AFTER INSERT ON spans BEGIN "
        f"UPDATE document_counts SET {counts('+', 'NEW')} WHERE document_id = NEW.document_id; END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_delete AFTER DELETE ON spans BEGIN "
        f"UPDATE document_counts SET {counts('-', 'OLD')} WHERE document_id = OLD.document_id; END"
    )
    db.execute(
        "CREATE TRIGGER spans_count_update AFTER UPDATE OF status, document_id ON spans "
        "WHEN OLD.status IS NOT NEW.status OR OLD.document_id IS NOT NEW.document_id BEGIN "
        f"UPDATE document_counts SET {counts('-', 'OLD')} WHERE document_id = OLD.document_id; "
        f"UPDATE document_counts SET {counts('+', 'NEW')} WHERE document_id = NEW.document_id; END"
    )


@migrations(name="0007_learned_forgotten")
def learned_forgotten(db: Database) -> None:
    """What the project learned from decisions is derived from the spans; the lessons an
    annotator told it to forget are kept here (``redact learned --forget``)."""
    _script(
        db,
        """
        CREATE TABLE learned_forgotten (
            label TEXT NOT NULL,
            key TEXT NOT NULL,
            created TEXT NOT NULL,
            PRIMARY KEY (label, key)
        )
        """,
    )


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def unknown_applied(db: Database) -> list[str]:
    """Migrations recorded in the database that this code does not know (a newer schema)."""
    known = set(known_names())
    return [m.name for m in migrations.applied(db) if m.name not in known]
