"""Background retraining (#18): after N documents are marked done the app retrains the project's
model in a process of its own, follows it in the status bar, reloads the engine when the model
is switched on, keeps taking keystroke decisions meanwhile, and stops it on request."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotations.store import SpanStore
from desktop.retraining import EVERY_SETTING

CHILD = """
import json, sys, time
db, out, epochs = sys.argv[1], sys.argv[2], int(sys.argv[3])
print(json.dumps({"epoch": 1, "epochs": epochs, "f": 0.5}), flush=True)
import pathlib; pathlib.Path(out).mkdir(parents=True)
time.sleep(float(%r))
print(json.dumps({"done": "model x: held-out F2 0.500 -> 0.700 on 1 document(s); switched on "
                  "for this project", "switched_on": True, "out": out}), flush=True)
"""


def _child(tmp_path: Path, seconds: float) -> list[str]:
    script = tmp_path / f"child-{seconds}.py"
    script.write_text(CHILD % seconds, encoding="utf-8")
    return [sys.executable, str(script)]


@pytest.fixture
def every_document(settings):  # type: ignore[no-untyped-def]
    settings.setValue(EVERY_SETTING, 1)
    return settings


def _mark_first_done(win, qtbot) -> None:  # type: ignore[no-untyped-def]
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_A, ctrl_shift)
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)


def test_a_document_done_starts_a_retraining_that_switches_the_model_on(
    every_document, open_studio, cv_files, tmp_path, qtbot, idle, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "p.db", cv_files)
    win = studio.window
    win.retraining.command = _child(tmp_path, 0.2)
    reloads: list[bool] = []
    monkeypatch.setattr(win, "reload_engine", lambda: reloads.append(True))
    messages: list[str] = []
    win.retraining.message.connect(messages.append)
    win.activateWindow()
    win.document_view.setFocus()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    _mark_first_done(win, qtbot)
    idle(studio.ops)
    qtbot.waitUntil(lambda: win.retraining.running, timeout=5000)
    assert win.model_menu.actions["stop_retraining"].isEnabled()
    qtbot.waitUntil(lambda: not win.retraining.running, timeout=20000)
    assert reloads == [True]
    assert any("epoch 1/20" in m for m in messages)
    assert (
        messages[-1].startswith("Background retraining: model x") and "switched on" in messages[-1]
    )
    assert not win.model_menu.actions["stop_retraining"].isEnabled()


def test_decisions_are_saved_while_it_runs_and_stop_kills_it(
    every_document, open_studio, cv_files, tmp_path, qtbot, idle
) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "p.db", cv_files)
    win = studio.window
    win.retraining.command = _child(tmp_path, 60)
    win.activateWindow()
    win.document_view.setFocus()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    _mark_first_done(win, qtbot)
    idle(studio.ops)
    qtbot.waitUntil(lambda: win.retraining.running and win.retraining.out.exists(), timeout=10000)
    out = win.retraining.out
    # The next document is open: a rejection goes to the store while the training runs.
    current = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_X)
    idle(studio.ops)
    with SpanStore.open(tmp_path / "p.db") as store:
        assert {s.id: s.status for s in store.spans()}[current.id] == "rejected"
    assert win.retraining.running
    win.model_menu.actions["stop_retraining"].trigger()
    qtbot.waitUntil(lambda: not win.retraining.running, timeout=10000)
    assert not out.exists()  # the half-written model is gone


def test_the_retraining_process_reports_epochs_and_a_verdict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop import retrain_process
    from redaction.documents import Document
    from redaction.spans import Span
    from tests.annotations.learning_data import synthetic_cvs

    db = tmp_path / "real.db"
    with SpanStore.open(db, annotator="alice") as store:
        for doc in synthetic_cvs(6, seed=5):
            path = tmp_path / f"{doc.name}.txt"
            path.write_text(doc.text, encoding="utf-8")
            import hashlib

            data = doc.text.encode("utf-8")
            document = Document(path, "txt", doc.text, hashlib.sha256(data).hexdigest(), len(data))
            spans = [Span(s.start, s.end, s.label, 0.9) for s in doc.spans]
            record, _ = store.add_document(document, spans)
            store.accept_all(record.id)
            store.set_status(record.id, "done")
    assert retrain_process.main([str(db), str(tmp_path / "model"), "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0]["epoch"] == 1 and lines[0]["epochs"] == 1
    assert "held-out F2" in lines[-1]["done"] and isinstance(lines[-1]["switched_on"], bool)
