"""End to end with the real detection engine (the session's spaCy pipeline) and first-run samples."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotations.store import SpanStore


def test_import_detect_review_with_the_real_engine(
    open_studio, qtbot, tmp_path, fake, detector, idle
) -> None:  # type: ignore[no-untyped-def]
    name = fake.name()
    email = f"{name.split()[0].lower()}@example.com"
    cv = tmp_path / "cv.txt"
    cv.write_text(
        f"{name}\n{email}\n\nExperience\nData analyst at {fake.company()} in London since 2019.\n",
        encoding="utf-8",
    )
    studio = open_studio(tmp_path / "e2e.db", [cv], detector_factory=lambda: detector)
    win = studio.window
    assert "ready" in win.engine_label.text()
    found = {(s.label, s.text) for s in win.review.spans}
    assert ("EMAIL_ADDRESS", email) in found
    assert any(label == "PERSON" and name.split()[-1] in text for label, text in found)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_A, ctrl_shift)
    idle(studio.ops)
    with SpanStore.open(tmp_path / "e2e.db") as store:
        assert {s.status for s in store.spans()} == {"accepted"}


def test_first_run_imports_the_sample_documents(open_studio, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import sample_paths

    samples = sample_paths()
    if not samples:
        return
    # a database that does not exist yet: the samples are imported (import_samples=None)
    studio = open_studio(tmp_path / "new" / "first.db", import_samples=None, wait_import=True)
    result = studio.import_result
    assert not result.failed, result.failed
    assert {Path(r.path).name for r in result.added} == {p.name for p in samples}
    assert studio.window.review.document is not None  # opened the first one not done


def test_a_named_new_database_gets_no_samples_and_opens_the_named_file(
    open_studio, tmp_path, cv_files
) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import parse_args, samples_wanted

    db = tmp_path / "new" / "mine.db"
    args = parse_args(["--db", str(db), str(cv_files[1])])
    studio = open_studio(args.db, args.paths, import_samples=samples_wanted(args))
    names = [Path(d.path).name for d in studio.window.review.documents]
    assert names == ["b-letter.txt"]
    assert Path(studio.window.review.document.path).name == "b-letter.txt"


def test_the_default_database_on_first_run_opens_a_named_file_before_the_samples(
    open_studio, tmp_path, cv_files
) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import parse_args, sample_paths, samples_wanted

    args = parse_args([str(cv_files[1])])
    assert samples_wanted(args) is None  # the default database: samples if it is new
    studio = open_studio(tmp_path / "new" / "default.db", args.paths, import_samples=None)
    names = {Path(d.path).name for d in studio.window.review.documents}
    assert names == {"b-letter.txt", *(p.name for p in sample_paths())}
    assert Path(studio.window.review.document.path).name == "b-letter.txt"
