"""Background import with progress, bad files listed in one dialog, a database that cannot be
opened, and the export dialog run end to end."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotations.store import SpanStore


def _dialogs(name: str) -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == name and w.isVisible()
    ]


def test_background_import_reports_progress_and_lists_bad_files(
    studio, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(4):
        (folder / f"cv-{i}.txt").write_text(
            f"CV {i}\nTom Baker lives in Leeds, item {i}.\n", encoding="utf-8"
        )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "broken.docx").write_bytes(b"this is not a zip file")
    seen: list[tuple[int, int | None]] = []
    original = win._on_import_progress

    def spy(done, total, message):  # type: ignore[no-untyped-def]
        seen.append((done, total))
        original(done, total, message)

    win._on_import_progress = spy  # type: ignore[method-assign]
    with qtbot.waitSignal(win.import_finished, timeout=10000) as blocker:
        assert win.start_import([folder])
        assert win.import_status.isVisible()
    result = blocker.args[0]
    idle(studio.ops)
    assert len(result.added) == 4
    assert len(result.failed) == 2
    assert any("empty.txt" in line for line in result.failed)
    assert any("broken.docx" in line for line in result.failed)
    assert seen and seen[-1][1] == 6
    assert not win.import_status.isVisible()
    dialogs = _dialogs("ErrorListDialog")
    assert len(dialogs) == 1
    assert "broken.docx" in dialogs[0].informativeText()
    dialogs[0].close()
    assert len(win.review.documents) == 7


def test_import_can_be_cancelled(studio, qtbot, tmp_path, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(30):
        (folder / f"n-{i:02}.txt").write_text(f"Note {i} from Ravi Patel\n", encoding="utf-8")
    # hold the work thread so the cancel arrives before the first file
    import threading

    gate = threading.Event()
    studio.ops.run(gate.wait)
    with qtbot.waitSignal(win.import_finished, timeout=10000) as blocker:
        win.start_import([folder])
        qtbot.mouseClick(win.import_status.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert blocker.args[0].cancelled
    assert len(blocker.args[0].added) < 30
    idle(studio.ops)


def test_bad_file_given_on_the_command_line_shows_dialog(
    open_studio, tmp_path, cv_files, idle
) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "x.db", [tmp_path / "missing.pdf", cv_files[0]])
    result = studio.import_result
    assert [Path(r.path).name for r in result.added] == ["a-cv.txt"]
    assert any("missing.pdf" in line for line in result.failed)
    assert _dialogs("ErrorListDialog")
    assert studio.window.review.document is not None  # the rest is usable


def test_locked_database_shows_dialog_and_writes_nothing(
    open_studio, qtbot, tmp_path, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annotations import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    db = tmp_path / "locked.db"
    SpanStore.open(db).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode=delete")
    before = db.read_bytes()
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE labels SET title = title")
    try:
        studio = open_studio(db)
        qtbot.waitUntil(lambda: bool(_dialogs("ErrorDialog")), timeout=15000)
        assert "locked.db: database is locked" in _dialogs("ErrorDialog")[0].informativeText()
        assert not studio.ops.has_store
        # the window still answers keys without a store
        qtbot.keyClick(studio.window.document_view, Qt.Key.Key_A)
        qtbot.keyClick(studio.window.document_view, Qt.Key.Key_N)
        idle(studio.ops)
        studio.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert db.read_bytes() == before


def test_decision_on_a_database_locked_meanwhile_shows_dialog(
    studio, qtbot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from annotations import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.2)
    win = studio.window
    span = win.review.current
    db = studio.ops.store(lambda s: s.where).result(timeout=30)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        studio.ops.store(lambda s: s.db.execute("PRAGMA busy_timeout = 200")).result(timeout=30)
        win.activateWindow()
        qtbot.keyClick(win.document_view, Qt.Key.Key_A)
        qtbot.waitUntil(lambda: bool(_dialogs("ErrorDialog")), timeout=10000)
        assert "locked" in _dialogs("ErrorDialog")[0].informativeText()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    for box in _dialogs("ErrorDialog"):
        box.close()
    idle(studio.ops)
    with SpanStore.open(db) as store:
        assert store.span(span.id).status == "suggested"
    assert next(s for s in win.review.spans if s.id == span.id).status == "suggested"


def test_corrupt_database_shows_dialog(open_studio, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    before = db.read_bytes()
    studio = open_studio(db)
    qtbot.waitUntil(lambda: bool(_dialogs("ErrorDialog")), timeout=10000)
    assert "corrupt.db" in _dialogs("ErrorDialog")[0].informativeText()
    studio.close()
    assert db.read_bytes() == before


def _finish_first_document(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    """Accept every suggestion of the open document and mark it done, from the keyboard."""
    win = studio.window
    win.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_A, ctrl_shift)
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)


def _export_documents(win, qtbot, out: Path):  # type: ignore[no-untyped-def]
    """Export the anonymised documents into ``out`` from the export dialog, by mouse; returns
    the dialog and its report."""
    win.show_export()
    dialog = win._export
    dialog.tabs.setCurrentIndex(1)
    dialog.documents_out.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    return dialog, blocker.args[0]


def test_export_dialog_writes_training_data(studio, qtbot, tmp_path, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    _finish_first_document(studio, qtbot, idle)
    qtbot.keyClick(win.document_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = win._export
    assert dialog.isVisible()
    out = tmp_path / "train.jsonl"
    dialog.format.setCurrentText("prodigy")
    dialog.training_out.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert "exported 1 document," in blocker.args[0]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1
    assert {s["label"] for s in rows[0]["spans"]} >= {"PERSON", "EMAIL_ADDRESS"}
    dialog.close()


def test_an_empty_training_export_writes_no_file_and_says_why(studio, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.show_export()
    dialog = win._export
    out = tmp_path / "train.jsonl"
    dialog.training_out.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert not out.exists()
    shown = dialog.report.toPlainText()
    assert blocker.args[0] == shown
    assert shown.startswith("No documents marked done; nothing exported")
    assert "tick “Include documents not marked done”" in shown
    dialog.close()


def test_export_dialog_writes_anonymised_documents_with_leak_check(
    studio, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    _finish_first_document(studio, qtbot, idle)
    out = tmp_path / "anon"
    dialog, report = _export_documents(studio.window, qtbot, out)
    assert "1 of 1 document anonymised" in report
    assert "0 leaked" in report
    outputs = [p for p in out.iterdir() if p.name.startswith("doc-")]
    assert len(outputs) == 1
    text = outputs[0].read_text(encoding="utf-8")
    assert "Zoë Hartley" not in text and "[name] [surname]" in text
    dialog.close()


def test_an_uncertain_encoding_is_listed_and_the_preference_forces_one(
    open_studio, qtbot, tmp_path, settings, idle
) -> None:  # type: ignore[no-untyped-def]
    cv = tmp_path / "crcme.txt"
    cv.write_bytes("Tom Baker, Crčme\n".encode("cp1250"))  # cp1252 reads "Crème" as well
    studio = open_studio(tmp_path / "enc.db", [cv])
    qtbot.waitUntil(lambda: bool(_dialogs("ErrorListDialog")), timeout=10000)
    box = _dialogs("ErrorListDialog")[0]
    assert box.windowTitle() == "Imported, with warnings"
    assert "guessed as cp1252, but cp1250" in box.informativeText()
    box.close()
    # choose the encoding in the preferences; the next import reads with it, without a warning
    win = studio.window
    win.show_preferences()
    win._prefs.encoding.setCurrentIndex(win._prefs.encoding.findData("cp1250"))
    win._prefs.save()
    other = tmp_path / "again.txt"
    other.write_bytes("Tom Baker, Crčme!\n".encode("cp1250"))
    with qtbot.waitSignal(win.import_finished, timeout=20000) as blocker:
        win.start_import([other])
    assert blocker.args[0].warnings == []
    idle(studio.ops)
    texts = studio.ops.store(
        lambda s: {Path(d.path).name: s.document(d.id).text for d in s.documents()}
    ).result(timeout=30)
    assert texts == {"crcme.txt": "Tom Baker, Crème\n", "again.txt": "Tom Baker, Crčme!\n"}


def test_an_import_in_the_app_is_one_change(studio) -> None:  # type: ignore[no-untyped-def]
    summary = studio.ops.store(lambda s: s.change_summary(s.last_change())).result(timeout=30)
    assert summary.action == "import" and summary.documents == 3


def test_the_export_dialog_names_its_own_checkbox_for_a_full_folder(
    studio, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    _finish_first_document(studio, qtbot, idle)
    out = tmp_path / "full"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    dialog, shown = _export_documents(win, qtbot, out)
    assert "the output folder is not empty" in shown
    assert "tick “Replace earlier outputs in the folder”" in shown and "--" not in shown
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    dialog.close()


def _start_gated_export(open_studio, cv_files, qtbot, tmp_path, idle, monkeypatch):  # type: ignore[no-untyped-def]
    """A studio whose anonymised export has started and waits at its residual check until
    ``gate`` exists; returns (studio, dialog, reports, gate)."""
    from tests.desktop.conftest import GATE_ENV, GatedDetector

    studio = open_studio(tmp_path / "test.db", cv_files, detector_factory=GatedDetector)
    win = studio.window
    _finish_first_document(studio, qtbot, idle)  # b-letter.txt is open now
    gate = tmp_path / "gate"
    monkeypatch.setenv(GATE_ENV, str(gate))
    win.show_export()
    dialog = win._export
    assert not dialog.isModal()  # reviewing goes on beside it
    dialog.tabs.setCurrentIndex(1)
    dialog.documents_out.setText(str(tmp_path / "anon"))
    reports: list[str] = []
    dialog.finished_export.connect(reports.append)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    waiting = Path(str(gate) + ".waiting")
    qtbot.waitUntil(waiting.exists, timeout=60000)  # the export is in its residual check
    return studio, dialog, reports, gate


def test_decisions_go_on_while_an_anonymised_export_runs(
    open_studio, cv_files, qtbot, tmp_path, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    studio, dialog, reports, gate = _start_gated_export(
        open_studio, cv_files, qtbot, tmp_path, idle, monkeypatch
    )
    win = studio.window
    span = win.review.current
    win.activateWindow()  # back to reviewing, the dialog open beside it
    qtbot.waitUntil(win.isActiveWindow, timeout=5000)
    win.document_view.setFocus()
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)  # a decision while the export waits
    qtbot.waitUntil(
        lambda: studio.ops.store(lambda s: s.span(span.id).status).result(timeout=5) == "accepted",
        timeout=5000,
    )
    assert not reports  # the decision did not wait for the export
    gate.touch()
    qtbot.waitUntil(lambda: bool(reports), timeout=60000)
    assert reports[0].startswith("1 of 1 document anonymised"), reports[0]
    assert "0 leaked" in reports[0]
    dialog.close()


def test_closing_the_window_stops_an_export_in_progress(
    open_studio, cv_files, qtbot, tmp_path, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    studio, dialog, reports, gate = _start_gated_export(
        open_studio, cv_files, qtbot, tmp_path, idle, monkeypatch
    )
    process = dialog._process._proc
    assert process is not None and process.poll() is None
    studio.window.close()
    assert process.wait(timeout=10) != 0  # killed, not finished
    qtbot.waitUntil(lambda: bool(reports), timeout=10000)
    assert "export was stopped" in reports[0]
    # the output written before its leak check is not left under a name that looks shareable
    assert not any((tmp_path / "anon").glob("doc-*"))


def test_the_app_import_honours_the_projects_size_limit_and_worker_count(
    open_studio, tmp_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from tests.desktop.conftest import FakeDetector

    calls: list[dict] = []

    class Limited(FakeDetector):
        settings = SimpleNamespace(max_file_mb=0.001, jobs=2)  # 1 KB, two processes

        def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(kwargs)
            yield from super().detect_batch(texts, **kwargs)

    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text("Tom Baker\n", encoding="utf-8")
    big.write_text("Tom Baker lives in Leeds. " * 100, encoding="utf-8")
    studio = open_studio(tmp_path / "t.db", [small, big], detector_factory=Limited)
    result = studio.import_result
    assert [Path(r.path).name for r in result.added] == ["small.txt"]
    [problem] = result.failed
    assert problem.startswith(f"{big}: file too large")
    assert calls and calls[0]["jobs"] == 2
    qtbot.waitUntil(lambda: bool(_dialogs("ErrorListDialog")), timeout=10000)


def test_an_export_without_a_detection_engine_says_the_residual_check_did_not_run(
    open_studio, qtbot, tmp_path, cv_files, idle
) -> None:  # type: ignore[no-untyped-def]
    def no_model():  # type: ignore[no-untyped-def]
        raise RuntimeError("model not installed")

    studio = open_studio(tmp_path / "t.db", cv_files[:1], detector_factory=no_model)
    win = studio.window
    win.activateWindow()
    win.document_view.setFocus()
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)  # nothing suggested: done at once
    idle(studio.ops)
    win.show_export()
    dialog = win._export
    dialog.tabs.setCurrentIndex(1)
    dialog.documents_out.setText(str(tmp_path / "anon"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000) as blocker:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert (
        "warning: no residual check (the detection engine: model not installed)"
        in (blocker.args[0])
    )
    dialog.close()


def test_an_export_with_a_key_gives_the_fakes_the_command_line_gives(
    studio, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from annotations.cli import main

    win = studio.window
    _finish_first_document(studio, qtbot, idle)
    # The same review in a second project, where no pseudonym was drawn yet.
    other = tmp_path / "other.db"
    with sqlite3.connect(tmp_path / "test.db") as source, sqlite3.connect(other) as target:
        source.backup(target)
    win.show_export()
    dialog = win._export
    dialog.tabs.setCurrentIndex(1)
    dialog.style_choice.setCurrentText("pseudonym")
    dialog.pseudonym_key.setText("shared secret")
    out = tmp_path / "anon"
    dialog.documents_out.setText(str(out))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000):
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    dialog.close()
    cli_out = tmp_path / "cli"
    args = ["--style", "pseudonym", "--key", "shared secret", "--no-residual-check"]
    paths = [str(p) for p in _done_paths(other)]
    assert main(["anonymize", *paths, "--db", str(other), "--out", str(cli_out), *args]) == 0
    app_files = {p.name: p.read_bytes() for p in out.glob("doc-*")}
    assert app_files and app_files == {p.name: p.read_bytes() for p in cli_out.glob("doc-*")}
    assert b"Hartley" not in b"".join(app_files.values())


def _done_paths(db):  # type: ignore[no-untyped-def]
    """The files of a project's documents marked done."""
    from annotations.store import SpanStore

    with SpanStore.open(db) as store:
        return [d.path for d in store.documents("done")]


def test_a_project_in_memory_is_exported_in_the_apps_own_process(
    open_studio, cv_files, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(":memory:", cv_files)  # no file another process could open
    _finish_first_document(studio, qtbot, idle)
    out = tmp_path / "anon"
    dialog, report = _export_documents(studio.window, qtbot, out)
    assert dialog._process is None
    assert report.startswith("1 of 1 document anonymised"), report
    [output] = [p for p in out.iterdir() if p.name.startswith("doc-")]
    assert "Zoë Hartley" not in output.read_text(encoding="utf-8")
    dialog.close()
