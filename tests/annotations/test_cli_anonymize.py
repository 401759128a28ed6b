"""``redact anonymize``: outputs named by hash with manifest and report, refusals, the --db
workflow (accepted spans, documents not done refused), detection without a database, and a
non-zero exit when an output leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotations.cli import main
from annotations.store import SpanStore
from redaction.documents import load_document
from redaction.spans import Span

LETTER = "Dear Lewis Smith,\nplease call 07700 900123 or write to lgsmith271@gmail.com.\n"
PII = {
    "Lewis Smith": "PERSON",
    "07700 900123": "PHONE_NUMBER",
    "lgsmith271@gmail.com": "EMAIL_ADDRESS",
}


def spans_in(text: str) -> list[Span]:
    return [
        Span(m.start(), m.end(), label)
        for value, label in PII.items()
        for m in re.finditer(re.escape(value), text)
    ]


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "Lewis Smith letter.txt"
    path.write_text(LETTER, encoding="utf-8")
    return path


def project(tmp_path: Path, *paths: Path, status: str = "done") -> Path:
    """A database where each document's suggestions were accepted and it is marked ``status``."""
    db = tmp_path / "project.db"
    with SpanStore.open(db, annotator="alice") as store:
        for path in paths:
            document = load_document(path)
            record, _ = store.add_document(document, suggestions=spans_in(document.text))
            store.accept_all(record.id)
            store.set_status(record.id, status)
    return db


def run(*args: str | Path) -> int:
    return main(["anonymize", *map(str, args)])


def test_db_workflow_writes_hash_named_outputs_manifest_and_report(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = project(tmp_path, letter)
    original = letter.read_bytes()
    out = tmp_path / "out"
    assert run(letter, "--out", out, "--db", db, "--no-residual-check") == 0
    sha = load_document(letter).sha256
    name = f"doc-{sha[:12]}.txt"
    assert sorted(p.name for p in out.iterdir()) == sorted([name, "manifest.json", "report.json"])
    assert (out / name).read_text(encoding="utf-8") == (
        "Dear [name] [surname],\nplease call [phone] or write to [email].\n"
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # The input's file name ("Lewis Smith letter.txt") is not in the folder one shares.
    assert manifest["documents"] == [{"output": name, "input": name, "sha256": sha, "status": "ok"}]
    assert "Lewis" not in (out / "report.json").read_text(encoding="utf-8")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (entry,) = report["documents"]
    assert entry["spans_redacted_by_label"] == {"EMAIL_ADDRESS": 1, "PERSON": 1, "PHONE_NUMBER": 1}
    assert entry["leak_check"]["passed"] is True
    assert letter.read_bytes() == original  # the original is never touched
    assert "anonymized 1 of 1" in capsys.readouterr().err
    args = ("--out", out, "--db", db, "--no-residual-check", "--overwrite", "--with-paths")
    assert run(letter, *args) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"][0]["input"] == str(letter)


def test_pseudonyms_are_stored_in_the_project(tmp_path: Path, letter: Path) -> None:
    db = project(tmp_path, letter)
    args = ["--db", db, "--style", "pseudonym", "--no-residual-check"]
    assert run(letter, "--out", tmp_path / "a", *args) == 0
    assert run(letter, "--out", tmp_path / "b", *args) == 0
    first = next((tmp_path / "a").glob("doc-*")).read_text(encoding="utf-8")
    assert first == next((tmp_path / "b").glob("doc-*")).read_text(encoding="utf-8")
    assert "Lewis" not in first and "Dear [name]" not in first
    with SpanStore.open(db) as store:
        assert len(store.pseudonym_map()) > 0


def test_documents_not_done_are_refused_unless_asked(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = project(tmp_path, letter, status="in_progress")
    assert run(letter, "--out", tmp_path / "out", "--db", db, "--no-residual-check") == 1
    err = capsys.readouterr().err
    assert "not marked done (status in_progress)" in err and "--include-unreviewed" in err
    assert not list((tmp_path / "out").glob("doc-*"))
    assert (
        run(
            letter,
            "--out",
            tmp_path / "out2",
            "--db",
            db,
            "--no-residual-check",
            "--include-unreviewed",
        )
        == 0
    )


def test_document_missing_from_the_database_fails_but_the_batch_goes_on(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = letter.with_name("other.txt")
    other.write_text("Nothing personal here, Lewis Smith aside.\n", encoding="utf-8")
    db = project(tmp_path, letter)
    bad = letter.with_name("notes.rtf")
    bad.write_text("{\\rtf1}", encoding="utf-8")
    code = run(letter, other, bad, "--out", tmp_path / "out", "--db", db, "--no-residual-check")
    assert code == 1
    err = capsys.readouterr().err
    assert "other.txt: not in the project database" in err
    assert "notes.rtf: unsupported file type" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [d["status"] for d in report["documents"]] == ["ok", "failed", "failed"]


@pytest.mark.parametrize("case", ["not-empty", "input-inside", "input-is-out", "missing-db"])
def test_refusals(
    tmp_path: Path, letter: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    if case == "not-empty":
        out.mkdir()
        (out / "keep.txt").write_text("mine", encoding="utf-8")
        args = [letter, "--out", out, "--db", project(tmp_path, letter)]
        expected = "the output folder is not empty; choose an empty one or replace the earlier outputs (use --overwrite)"
    elif case == "input-inside":
        args = [letter, "--out", letter.parent, "--db", project(tmp_path, letter)]
        expected = "the input is the output folder or inside it"
    elif case == "input-is-out":
        args = [letter.parent, "--out", letter.parent, "--db", project(tmp_path, letter)]
        expected = "the input is the output folder or inside it"
    else:
        args = [letter, "--out", out, "--db", tmp_path / "nope.db"]
        expected = "no such project database"
    assert run(*args, "--no-residual-check") == 2
    assert expected in capsys.readouterr().err
    if case == "not-empty":
        assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_overwrite_replaces_only_earlier_outputs(tmp_path: Path, letter: Path) -> None:
    db = project(tmp_path, letter)
    out = tmp_path / "out"
    assert run(letter, "--out", out, "--db", db, "--no-residual-check") == 0
    (out / "notes.md").write_text("user notes", encoding="utf-8")
    assert (
        run(
            letter,
            "--out",
            out,
            "--db",
            db,
            "--no-residual-check",
            "--style",
            "mask",
            "--overwrite",
        )
        == 0
    )
    output = next(out.glob("doc-*")).read_text(encoding="utf-8")
    assert output.startswith("Dear ***** *****,")
    assert (out / "notes.md").read_text(encoding="utf-8") == "user notes"


def test_without_db_the_detector_finds_and_redacts(
    tmp_path: Path,
    letter: Path,
    detector,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import redaction.detection

    monkeypatch.setattr(redaction.detection, "Detector", lambda *a, **k: detector)
    out = tmp_path / "out"
    assert run(letter, "--out", out) == 0
    output = next(out.glob("doc-*")).read_text(encoding="utf-8")
    for value in PII:
        assert value not in output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"][0]["leak_check"]["residual_suggestions"] == []


def test_a_leaking_output_exits_non_zero(
    tmp_path: Path,
    letter: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import redaction.anonymization.writers as writers

    real = writers.write_anonymized

    def leaky(document, replacements, out_path, **kwargs):  # type: ignore[no-untyped-def]
        return real(
            document, [r for r in replacements if r.label != "PHONE_NUMBER"], out_path, **kwargs
        )

    monkeypatch.setattr(writers, "write_anonymized", leaky)
    db = project(tmp_path, letter)
    assert run(letter, "--out", tmp_path / "out", "--db", db, "--no-residual-check") == 1
    assert "leaked: " in capsys.readouterr().err
    assert [p.name.startswith("QUARANTINE-doc-") for p in (tmp_path / "out").glob("*doc-*")] == [
        True
    ]


def test_labels_option_adds_dates_and_rejects_unknown_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "note.txt"
    path.write_text("Lewis Smith started on 3 May 2020.\n", encoding="utf-8")
    db = tmp_path / "project.db"
    with SpanStore.open(db, annotator="alice") as store:
        text = load_document(path).text
        record, _ = store.add_document(
            load_document(path),
            suggestions=[
                Span(0, 11, "PERSON"),
                Span(text.index("3 May"), len(text) - 2, "DATE_TIME"),
            ],
        )
        store.accept_all(record.id)
        store.set_status(record.id, "done")
    out = tmp_path / "out"
    assert run(path, "--out", out, "--db", db, "--no-residual-check") == 0
    assert next(out.glob("doc-*")).read_text(encoding="utf-8") == (
        "[name] [surname] started on 3 May 2020.\n"
    )
    assert (
        run(
            path,
            "--out",
            out,
            "--db",
            db,
            "--no-residual-check",
            "--overwrite",
            "--labels",
            "person,DATE_TIME",
        )
        == 0
    )
    assert next(out.glob("doc-*")).read_text(encoding="utf-8") == (
        "[name] [surname] started on [date].\n"
    )
    assert run(path, "--out", tmp_path / "o2", "--db", db, "--labels", "SHOE_SIZE") == 2
    assert "--labels: unknown label(s) SHOE_SIZE" in capsys.readouterr().err


@pytest.mark.parametrize("mode", ["raster", "keep-text"])
def test_pdf_through_the_command(
    tmp_path: Path,
    mode: str,
    detector,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    import pypdfium2 as pdfium

    import redaction.detection
    from tests.factories import make_pdf

    monkeypatch.setattr(redaction.detection, "Detector", lambda *a, **k: detector)
    (tmp_path / "in").mkdir()
    path = make_pdf(
        tmp_path / "in" / "cv.pdf",
        [LETTER.replace(",", ""), "Page two, nothing personal."],
        metadata={"Author": "Lewis Smith"},
    )
    db = project(tmp_path, path)
    out = tmp_path / "out"
    assert run(path, "--out", out, "--db", db, "--pdf-mode", mode) == 0
    pdf = pdfium.PdfDocument(str(next(out.glob("doc-*.pdf"))))
    pages = [pdf[i] for i in range(len(pdf))]
    text = "".join(page.get_textpage().get_text_range() for page in pages)
    assert "Smith" not in text and "900123" not in text
    assert "Lewis" not in str(pdf.get_metadata_dict())
    assert ("nothing personal" in text) == (mode == "keep-text")
    pdf.close()
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["pdf_mode"] == mode and report["summary"]["ok"] == 1


class _OneName:
    """A detector that suggests fixed texts wherever they appear (residual PII): a name, and
    optionally an e-mail address."""

    def __init__(self, name: str, email: str | None = None) -> None:
        self.name = name
        self.email = email

    def detect(self, text: str) -> list[Span]:
        found = [Span(m.start(), m.end(), "PERSON", 0.85) for m in re.finditer(self.name, text)]
        if self.email:
            found += [
                Span(m.start(), m.end(), "EMAIL_ADDRESS", 1.0)
                for m in re.finditer(re.escape(self.email), text)
            ]
        return found


def test_after_review_a_residual_name_warns_and_structured_pii_fails(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import redaction.detection

    detector = _OneName("Gideon Marsh", "gmarsh@example.org")
    monkeypatch.setattr(redaction.detection, "Detector", lambda *a, **k: detector)
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "note.txt"
    path.write_text(LETTER + "Copy to Gideon Marsh.\n", encoding="utf-8")
    db = project(tmp_path, path)

    # The annotators read "Gideon Marsh" and left it: a warning with text and offsets.
    out = tmp_path / "out"
    assert run(path, "--out", out, "--db", db) == 0
    assert [p.name for p in out.glob("doc-*.txt")]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["residual_check"] == "fail"
    leak = report["documents"][0]["leak_check"]
    (hit,) = leak["residual_suggestions"]
    assert not leak["residual_failed"] and hit["text"] == "Gideon Marsh" and not hit["fails"]
    written = (out / next(out.glob("doc-*.txt")).name).read_text(encoding="utf-8")
    assert written[hit["start"] : hit["end"]] == "Gideon Marsh"
    assert "residual PERSON suggestion 'Gideon Marsh'" in capsys.readouterr().err

    # An e-mail address nobody marked is structured PII: it fails even a reviewed document.
    path.write_text(LETTER + "Copy to Gideon Marsh, gmarsh@example.org.\n", encoding="utf-8")
    db.unlink()
    db = project(tmp_path, path)
    assert run(path, "--out", out, "--db", db, "--overwrite") == 1
    assert [p.name for p in out.glob("QUARANTINE-doc-*.txt")]
    assert "residual EMAIL_ADDRESS 'gmarsh@example.org'" in capsys.readouterr().err
    assert run(path, "--out", out, "--db", db, "--residual", "warn", "--overwrite") == 0
    capsys.readouterr()

    # A text the annotators rejected is no suggestion at all.
    with SpanStore.open(db, annotator="alice") as store:
        record = store.find_document(load_document(path).sha256)
        assert record is not None
        start = load_document(path).text.index("Gideon Marsh")
        span, _ = store.create_span(record.id, start, start + len("Gideon Marsh"), "PERSON")
        store.reject(span.id)
    assert run(path, "--out", out, "--db", db, "--overwrite", "--residual", "warn") == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    texts = [r["text"] for r in report["documents"][0]["leak_check"]["residual_suggestions"]]
    assert texts == ["gmarsh@example.org"]


def test_a_scanned_pdf_is_never_reported_as_anonymised(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pypdfium2 as pdfium

    import redaction.detection

    monkeypatch.setattr(redaction.detection, "Detector", lambda *a, **k: _OneName("Nobody"))
    (tmp_path / "in").mkdir()
    scan = tmp_path / "in" / "scan.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(scan))
    pdf.close()
    (tmp_path / "in" / "letter.txt").write_text("Dear Nobody, thanks.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(tmp_path / "in", "--out", out) == 1
    err = capsys.readouterr().err
    assert f"redact: warning: {scan}: no text layer found" in err
    assert f"redact: failed: {scan}: not anonymised: no text found" in err
    assert [p.suffix for p in out.glob("doc-*")] == [".txt"]  # the batch went on
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    failed = [d for d in report["documents"] if d["status"] == "failed"]
    assert failed[0]["error"].startswith("not anonymised: no text found")
    assert failed[0]["output"] is None

    assert run(scan, "--out", out, "--overwrite", "--copy-unreadable") == 0
    assert [p.suffix for p in out.glob("doc-*")] == [".pdf"]
    assert "copied as it is, not anonymised" in capsys.readouterr().err


def test_the_project_detector_includes_the_models_enabled_for_the_project(
    tmp_path: Path, letter: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A model switched on for the project (in the app) is used by `redact anonymize --db` too.
    import redaction.detection
    from tests.factories import project_with_model

    db = project(tmp_path, letter)
    model_dir = project_with_model(tmp_path, db)
    seen: list[object] = []

    def detector(settings: object = None) -> _OneName:
        seen.append(settings)
        return _OneName("Nobody")

    monkeypatch.setattr(redaction.detection, "Detector", detector)
    assert run(letter, "--out", tmp_path / "out", "--db", db) == 0
    (settings,) = seen
    assert [Path(m.path) for m in settings.extra_models] == [model_dir]  # type: ignore[attr-defined]


def test_jobs_two_writes_what_one_process_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from faker import Faker

    from tests.factories import make_cv_text

    fake = Faker("en_GB")
    fake.seed_instance(3)
    folder = tmp_path / "in"
    folder.mkdir()
    for index in range(4):  # about 12 KB each: several units of work, so a worker takes some
        text = "".join(make_cv_text(fake)[0] for _ in range(14))
        (folder / f"cv-{index}.txt").write_text(text, encoding="utf-8")
    (folder / "copy.txt").write_bytes((folder / "cv-0.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        code = run(folder, "--out", out, "--style", "pseudonym", "--key", "k", "--jobs", jobs)
        assert code == 1  # the empty file failed, the others were written
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert outputs["2"] == outputs["1"]
    assert len([name for name in outputs["2"] if name.startswith("doc-")]) == 4
    report = json.loads(outputs["2"]["report.json"])
    assert report["summary"] == {"documents": 6, "ok": 5, "leaked": 0, "failed": 1}


def test_jobs_with_a_project_is_refused(
    tmp_path: Path, letter: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = project(tmp_path, letter)
    assert run(letter, "--db", db, "--out", tmp_path / "out", "--jobs", "2") == 2
    assert "--jobs" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
