"""`redact import | accept | reject | status | undo | history` end to end (in-process)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from annotations.cli import main, store_commands
from annotations.store import SpanStore
from redaction.spans import Span
from tests.factories import project_with_model

NAMES = {"Ann Lee": ("PERSON", 0.9), "Leeds": ("GPE", 0.6), "Catholic": ("NRP", 0.7)}


class FakeDetector:
    """Finds a few fixed strings; records how it was called."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def detect_batch(
        self, texts: Iterable[str], *, entities=None, threshold=None, jobs=1, progress=None
    ) -> Iterator[list[Span]]:
        """Lazily, one text at a time, like the real engine's stream."""
        call: dict[str, object] = {
            "n": 0,
            "entities": entities,
            "threshold": threshold,
            "jobs": jobs,
        }
        self.calls.append(call)
        for text in texts:
            call["n"] = int(call["n"]) + 1  # type: ignore[call-overload]
            spans = [
                Span(m.start(), m.end(), label, score, "FakeRecognizer")
                for needle, (label, score) in NAMES.items()
                for m in re.finditer(re.escape(needle), text)
            ]
            yield sorted(spans, key=lambda s: s.start)


@pytest.fixture
def fake_detector(monkeypatch) -> FakeDetector:
    fake = FakeDetector()
    monkeypatch.setattr(store_commands, "make_detector", lambda *a: fake)
    return fake


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "cvs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Ann Lee lives in Leeds.\n")
    (folder / "b.md").write_text("# CV\nAnn Lee, Catholic, Leeds\n")
    (folder / "sub" / "c.txt").write_text("Nothing to see.\n")
    (folder / "notes.xyz").write_text("ignored in folders")
    return folder


def redact(*args: object) -> int:
    return main([str(a) for a in args])


def test_import_folder_then_reimport_is_idempotent(corpus, db_path, fake_detector, capsys):
    assert redact("import", corpus, "--db", db_path, "--jobs", "2", "--threshold", "0.5") == 0
    out, err = capsys.readouterr()
    assert "3 new documents, 0 new versions, 0 unchanged, 0 failed; 4 suggestions stored" in out
    assert "detector label NRP is not in labels.yaml" in err
    assert fake_detector.calls[0] == {"n": 3, "entities": None, "threshold": 0.5, "jobs": 2}
    with SpanStore.open(db_path) as store:
        assert len(store.documents()) == 3
        assert {s.label for s in store.spans()} == {"PERSON", "LOCATION"}
    assert redact("import", corpus, "--db", db_path) == 0
    assert "0 new documents, 0 new versions, 3 unchanged" in capsys.readouterr().out
    assert len(fake_detector.calls) == 1, "unchanged files are not detected again"


def test_a_changed_file_becomes_a_new_version(corpus, db_path, fake_detector, capsys):
    redact("import", corpus / "a.txt", "--db", db_path)
    redact("accept", "--db", db_path, "--label", "PERSON")
    (corpus / "a.txt").write_text("Hello. Ann Lee lives in Leeds.\n")
    assert redact("import", corpus / "a.txt", "--db", db_path) == 0
    assert "0 new documents, 1 new versions" in capsys.readouterr().out
    with SpanStore.open(db_path) as store:
        (doc,) = store.documents()
        assert doc.version == 2
        assert [(s.text, s.start, s.status) for s in store.spans(doc.id)] == [
            ("Ann Lee", 7, "accepted"),
            ("Leeds", 24, "suggested"),
        ]


def test_bad_files_are_reported_and_skipped(corpus, db_path, fake_detector, capsys):
    (corpus / "empty.txt").write_text("")
    code = redact(
        "import", corpus / "a.txt", corpus / "notes.xyz", corpus / "empty.txt",
        corpus / "missing.txt", corpus / "b.md", "--db", db_path,
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("redact: error:")]
    assert len(errors) == 3
    assert all(("notes.xyz" in e) or ("empty.txt" in e) or ("missing.txt" in e) for e in errors)
    assert "Traceback" not in err
    assert "2 new documents" in out and "3 failed" in out


def test_bulk_accept_and_reject_with_filters_and_done(corpus, db_path, fake_detector, capsys):
    redact("import", corpus, "--db", db_path)
    capsys.readouterr()
    assert (
        redact(
            "accept",
            "--db",
            db_path,
            "--label",
            "PERSON",
            "--min-score",
            "0.8",
            "--annotator",
            "bob",
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "accepted 2 suggestions in 2 documents"
    with SpanStore.open(db_path) as store:
        doc_id = store.documents(search="b.md")[0].id
    assert redact("reject", "--db", db_path, "--doc", doc_id, "--done") == 0
    assert (
        capsys.readouterr().out.strip()
        == "rejected 1 suggestion in 1 document; marked 1 document done"
    )
    with SpanStore.open(db_path) as store:
        assert [(s.label, s.status, s.annotator) for s in store.spans(doc_id)] == [
            ("PERSON", "accepted", "bob"),
            ("LOCATION", "rejected", store.annotator),
        ]
        assert store.document(doc_id).status == "done"


def test_status_table_and_json(corpus, db_path, fake_detector, capsys):
    redact("import", corpus, "--db", db_path)
    redact("accept", "--db", db_path, "--label", "PERSON", "--annotator", "alice")
    capsys.readouterr()
    assert redact("status", "--db", db_path) == 0
    out = capsys.readouterr().out
    assert "Documents: 3 (new 1, in progress 2, done 0, skipped 0)" in out
    assert re.search(r"PERSON\s+0\s+2\s+0", out)
    assert re.search(r"LOCATION\s+2\s+0\s+0", out)
    assert re.search(r"alice\s+2\s+0\s+0", out)
    assert redact("status", "--db", db_path, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"]["in_progress"] == 2
    assert data["spans"]["PERSON"] == {"suggested": 0, "accepted": 2, "rejected": 0}
    assert data["annotators"]["alice"]["accepted"] == 2


def test_undo_and_history(corpus, db_path, fake_detector, capsys):
    redact("import", corpus / "a.txt", "--db", db_path)
    redact("accept", "--db", db_path, "--annotator", "alice")
    capsys.readouterr()
    assert redact("history", "--db", db_path, "1") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "created PERSON 0..7 'Ann Lee' (suggested)" in lines[0]
    assert "accept_all" in lines[1] and "status: suggested -> accepted" in lines[1]
    assert redact("undo", "--db", db_path, "--annotator", "alice") == 0
    assert "undid change 2: accept_all by alice" in capsys.readouterr().out
    with SpanStore.open(db_path) as store:
        assert {s.status for s in store.spans()} == {"suggested"}
    assert redact("undo", "--db", db_path, "--any") == 0  # the import
    assert redact("undo", "--db", db_path, "--any") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "nothing to undo"
    assert redact("history", "--db", db_path, "1", "--json") == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["action"] for e in events] == ["add_document", "accept_all", "undo", "undo"]


@pytest.mark.parametrize("command", ["accept", "reject", "status", "undo"])
def test_a_missing_or_corrupt_database_is_one_line(command, tmp_path, capsys):
    missing = tmp_path / "none.db"
    assert redact(command, "--db", missing) == 2
    err = capsys.readouterr().err
    assert (
        err.strip()
        == f"redact: error: {missing}: no such database (create it with `redact import`)"
    )
    assert not missing.exists()
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not sqlite" * 100)
    assert redact(command, "--db", broken) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Redact Studio database" in err


def test_default_database_comes_from_the_environment(
    corpus, tmp_path, monkeypatch, fake_detector, capsys
):
    target = tmp_path / "env.db"
    monkeypatch.setenv("REDACT_DB", str(target))
    assert redact("import", corpus / "a.txt") == 0
    assert target.exists()
    assert redact("status") == 0
    assert str(target) in capsys.readouterr().out


def test_unknown_label_filter_is_one_line(corpus, db_path, fake_detector, capsys):
    redact("import", corpus / "a.txt", "--db", db_path)
    capsys.readouterr()
    assert redact("accept", "--db", db_path, "--label", "SHOE_SIZE") == 2
    assert "unknown label 'SHOE_SIZE'" in capsys.readouterr().err


def _subcommands():  # type: ignore[no-untyped-def]
    from annotations.cli import build_parser

    parser = build_parser()
    [sub] = [a for a in parser._actions if a.choices and isinstance(a.choices, dict)]
    return sub.choices


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_help_describes_every_option_and_argument(command):
    parser = _subcommands()[command]
    undescribed = [
        a.option_strings or a.dest for a in parser._actions if a.dest != "help" and not a.help
    ]
    assert not undescribed, undescribed
    options = {o for a in parser._actions for o in a.option_strings}
    if command in ("accept", "reject", "export", "anonymize", "agreement", "evaluate", "train"):
        assert {"--labels", "--label"} <= options  # one spelling everywhere, the old one kept
    if "--db" in options:
        assert next(a for a in parser._actions if "--db" in a.option_strings).metavar == "FILE"


@pytest.mark.parametrize("command", ["status", "history"])
def test_read_only_commands_offer_no_annotator(command):
    options = {o for a in _subcommands()[command]._actions for o in a.option_strings}
    assert "--db" in options and "--annotator" not in options


def test_several_labels_in_one_bulk_decision_are_one_change(corpus, db_path, fake_detector, capsys):
    redact("import", corpus, "--db", db_path)
    capsys.readouterr()
    assert redact("accept", "--db", db_path, "--labels", "PERSON", "--labels", "location") == 0
    assert capsys.readouterr().out.startswith("accepted 4 suggestions")
    with SpanStore.open(db_path) as store:
        assert {s.status for s in store.spans()} == {"accepted"}
    assert redact("undo", "--db", db_path, "--any") == 0
    with SpanStore.open(db_path) as store:
        assert {s.status for s in store.spans()} == {"suggested"}


def test_import_with_the_real_detector(tmp_path, db_path, monkeypatch, detector):
    monkeypatch.setattr(store_commands, "make_detector", lambda *a: detector)  # the session engine
    cv = tmp_path / "cv.txt"
    cv.write_text("Lewis Smith\nEmail: lewis.smith@example.com\nPhone: 07700 900123\n")
    assert redact("import", cv, "--db", db_path) == 0
    with SpanStore.open(db_path) as store:
        labels = {s.label for s in store.spans()}
    assert {"EMAIL_ADDRESS", "PHONE_NUMBER"} <= labels


def test_import_detects_with_the_models_enabled_for_the_project(
    tmp_path: Path, corpus: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import redaction.detection

    db = tmp_path / "project.db"
    model_dir = project_with_model(tmp_path, db)
    seen: list[object] = []

    def detector(settings: object = None) -> FakeDetector:
        seen.append(settings)
        return FakeDetector()

    monkeypatch.setattr(redaction.detection, "Detector", detector)
    assert main(["import", str(corpus), "--db", str(db)]) == 0
    (settings,) = seen
    assert [Path(m.path) for m in settings.extra_models] == [model_dir]  # type: ignore[attr-defined]


def test_import_warns_of_an_uncertain_encoding_and_takes_a_chosen_one(
    tmp_path, db_path, fake_detector, capsys
):
    cv = tmp_path / "crcme.txt"
    cv.write_bytes("Ann Lee, Crčme\n".encode("cp1250"))  # cp1252 reads "Crème" as well
    assert redact("import", cv, "--db", db_path) == 0
    err = capsys.readouterr().err
    assert f"redact: warning: {cv}: text encoding guessed as cp1252, but cp1250" in err
    other = tmp_path / "again.txt"
    other.write_bytes("Ann Lee, Crčme!\n".encode("cp1250"))
    assert redact("import", other, "--db", db_path, "--encoding", "cp1250") == 0
    assert "warning" not in capsys.readouterr().err
    with SpanStore.open(db_path) as store:
        texts = {Path(d.path).name: store.document(d.id).text for d in store.documents()}
    assert texts == {"crcme.txt": "Ann Lee, Crème\n", "again.txt": "Ann Lee, Crčme!\n"}


def test_an_unknown_encoding_is_refused_before_any_work(tmp_path, db_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        redact("import", tmp_path, "--db", db_path, "--encoding", "klingon")
    assert exit_.value.code == 2
    assert "unknown text encoding 'klingon'" in capsys.readouterr().err
    assert not db_path.exists()


def test_one_import_of_many_files_is_one_undo(corpus, db_path, fake_detector, capsys):
    assert redact("import", corpus / "a.txt", "--db", db_path) == 0
    assert redact("import", corpus, "--db", db_path) == 0  # b.md and sub/c.txt are new
    capsys.readouterr()
    assert redact("undo", "--db", db_path, "--any") == 0
    out = capsys.readouterr().out
    assert "import by" in out and "2 documents" in out
    with SpanStore.open(db_path) as store:
        assert [Path(d.path).name for d in store.documents()] == ["a.txt"]
    assert redact("undo", "--db", db_path, "--any") == 0  # the first import, on its own
    with SpanStore.open(db_path) as store:
        assert store.documents() == []


def test_an_interrupted_import_keeps_its_documents_and_undoes_them_together(
    corpus, db_path, fake_detector, monkeypatch, capsys
):
    stored = []
    original = SpanStore.add_document

    def add_then_stop(self, document, suggestions=(), **kwargs):  # type: ignore[no-untyped-def]
        if len(stored) == 2:
            raise KeyboardInterrupt
        stored.append(document.path)
        return original(self, document, suggestions, **kwargs)

    monkeypatch.setattr(SpanStore, "add_document", add_then_stop)
    assert redact("import", corpus, "--db", db_path) == 130
    monkeypatch.setattr(SpanStore, "add_document", original)
    with SpanStore.open(db_path) as store:
        assert len(store.documents()) == 2  # what was stored before the interruption stays
    capsys.readouterr()
    assert redact("undo", "--db", db_path, "--any") == 0
    assert "2 documents" in capsys.readouterr().out
    with SpanStore.open(db_path) as store:
        assert store.documents() == []


def test_importing_a_missing_path_says_so_and_leaves_no_empty_database(
    tmp_path, db_path, fake_detector, capsys
):
    missing = tmp_path / "nonexistent"
    assert redact("import", missing, "--db", db_path) == 1
    err = capsys.readouterr().err
    assert f"redact: error: {missing}: no such file or directory" in err
    assert "unsupported file type" not in err
    assert not db_path.exists() and f"{db_path} not created: nothing was imported" in err


def test_a_failed_import_into_an_existing_project_keeps_it(corpus, db_path, fake_detector, capsys):
    assert redact("import", corpus / "a.txt", "--db", db_path) == 0
    assert redact("import", corpus / "nope.txt", "--db", db_path) == 1
    with SpanStore.open(db_path) as store:
        assert len(store.documents()) == 1
