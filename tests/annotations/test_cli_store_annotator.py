"""`redact accept/reject --done`, `redact undo` per annotator, and $REDACT_ANNOTATOR."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.cli import build_parser
from annotations.store import SpanStore, default_annotator

from . import test_cli_store
from .test_cli_store import redact

corpus = test_cli_store.corpus  # the same fixtures as the other CLI tests
fake_detector = test_cli_store.fake_detector


def _statuses(db: Path) -> dict[str, str]:
    with SpanStore.open(db) as store:
        return {Path(d.path).name: d.status for d in store.documents()}


def test_done_marks_documents_done_when_nothing_is_pending(corpus, db_path, fake_detector, capsys):
    redact("import", corpus, "--db", db_path)
    assert redact("accept", "--db", db_path, "--annotator", "alice") == 0
    assert _statuses(db_path) == {"a.txt": "in_progress", "b.md": "in_progress", "c.txt": "new"}
    capsys.readouterr()
    assert redact("accept", "--db", db_path, "--done", "--annotator", "alice") == 0
    assert capsys.readouterr().out.strip() == "accepted 0 suggestions; marked 3 documents done"
    assert set(_statuses(db_path).values()) == {"done"}
    with SpanStore.open(db_path) as store:
        assert {d.finished_by for d in store.documents()} == {"alice"}


def test_done_with_a_document_or_a_label_selects_those_documents(
    corpus, db_path, fake_detector, capsys
):
    redact("import", corpus, "--db", db_path)
    redact("accept", "--db", db_path)
    with SpanStore.open(db_path) as store:
        a = store.documents(search="a.txt")[0].id
    assert redact("reject", "--db", db_path, "--doc", a, "--done") == 0
    assert _statuses(db_path)["a.txt"] == "done"
    assert _statuses(db_path)["b.md"] == "in_progress"
    capsys.readouterr()
    assert redact("accept", "--db", db_path, "--label", "LOCATION", "--done") == 0
    out = capsys.readouterr()
    assert out.out.strip() == "accepted 0 suggestions; marked 1 document done"
    assert out.err == ""  # every suggestion was decided before
    assert _statuses(db_path) == {"a.txt": "done", "b.md": "done", "c.txt": "new"}


def test_undo_takes_back_this_annotators_change_not_the_newest(
    corpus, db_path, fake_detector, capsys
):
    redact("import", corpus / "a.txt", "--db", db_path, "--annotator", "setup")
    with SpanStore.open(db_path) as store:
        person, place = store.spans()
    redact("accept", "--db", db_path, "--label", "PERSON", "--annotator", "alice")
    redact("accept", "--db", db_path, "--label", "GPE", "--annotator", "bob")
    capsys.readouterr()
    assert redact("undo", "--db", db_path, "--annotator", "alice") == 0
    assert "accept_all by alice" in capsys.readouterr().out
    with SpanStore.open(db_path) as store:
        assert (store.span(person.id).status, store.span(place.id).status) == (
            "suggested",
            "accepted",
        )
    assert redact("undo", "--db", db_path, "--annotator", "alice") == 0
    assert capsys.readouterr().out.strip() == ("nothing to undo by alice (--any: anyone's changes)")
    assert redact("undo", "--db", db_path, "--annotator", "alice", "--any") == 0
    assert "accept_all by bob" in capsys.readouterr().out


def test_the_annotator_comes_from_the_environment(corpus, db_path, fake_detector, monkeypatch):
    monkeypatch.setenv("REDACT_ANNOTATOR", "zoe")
    assert default_annotator() == "zoe"
    redact("import", corpus / "a.txt", "--db", db_path)
    redact("accept", "--db", db_path, "--label", "PERSON")
    redact("accept", "--db", db_path, "--annotator", "yann")  # the option still wins
    with SpanStore.open(db_path) as store:
        assert [s.annotator for s in store.spans()] == ["zoe", "yann"]
        assert store.annotator == "zoe"
    assert redact("undo", "--db", db_path) == 0  # zoe's last change, not yann's newer one
    with SpanStore.open(db_path) as store:
        assert [s.status for s in store.spans()] == ["suggested", "accepted"]


@pytest.mark.parametrize("command", ["accept", "reject", "undo", "import"])
def test_help_names_the_environment_variable(command, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    assert "$REDACT_ANNOTATOR" in " ".join(capsys.readouterr().out.split())


def test_done_says_how_many_suggestions_it_leaves_undecided(corpus, db_path, fake_detector, capsys):
    redact("import", corpus, "--db", db_path)
    capsys.readouterr()
    assert redact("accept", "--db", db_path, "--label", "LOCATION", "--done") == 0
    out = capsys.readouterr()
    with SpanStore.open(db_path) as store:
        done = [d for d in store.documents(status="done") if d.suggested]
    assert done  # the persons in them are still open
    total = sum(d.suggested for d in done)
    assert f"marked done still {'has' if len(done) == 1 else 'have'} {total} undecided" in out.err
    assert "exports leave out" in out.err
