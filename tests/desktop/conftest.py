"""Desktop fixtures: a running studio over a tmp database, a fake detector (no spaCy), and a
check that no worker thread outlives its test."""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from redaction.spans import Span

CV_ONE = (
    "Curriculum vitae\n\n"
    "Zoë Hartley lives in Leeds and works at Acme Robotics.\n"
    "Email zoe.hartley@example.com or call 0113 496 0000.\n"
    "References: Tom Baker at Acme Robotics; Zoë Hartley (again).\n"
)
CV_TWO = "Cover letter\n\nDear Ms Patel,\nI met Ravi Patel 👋🏽 in Bristol at Initech.\n"
CV_THREE = "Notes\n\nNothing personal here, just a list of skills: Python, SQL.\n"

_PATTERNS = [
    (r"Zoë Hartley|Tom Baker|Ravi Patel", "PERSON"),
    (r"Leeds|Bristol", "GPE"),
    (r"Acme Robotics|Initech", "ORG"),
    (r"[\w.]+@[\w.]+\.\w+", "EMAIL_ADDRESS"),
    (r"0\d{3} \d{3} \d{4}", "PHONE_NUMBER"),
]


class FakeDetector:
    """Finds a fixed set of names with regexes; same interface as ``Detector.detect_batch``."""

    def __init__(self) -> None:
        self.calls = 0

    def detect(self, text, **kwargs):  # type: ignore[no-untyped-def]
        return next(self.detect_batch([text]))

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            self.calls += 1
            spans = []
            for pattern, label in _PATTERNS:
                for m in re.finditer(pattern, text):
                    spans.append(Span(m.start(), m.end(), label, 0.85, "fake", m.group()))
            yield sorted(spans, key=lambda s: s.start)


#: A file: while ``GatedDetector`` finds it missing, its detection waits (for the export's
#: process, which inherits the environment).
GATE_ENV = "REDACT_TEST_DETECTION_GATE"


class GatedDetector(FakeDetector):
    """A ``FakeDetector`` that, once ``GATE_ENV`` names a file, waits for that file before each
    detection: a long export, held until the test lets it go."""

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        gate = os.environ.get(GATE_ENV)
        if gate:
            Path(gate + ".waiting").touch()
            deadline = time.monotonic() + 20
            while not Path(gate).exists():
                assert time.monotonic() < deadline, "the gate was never opened"
                time.sleep(0.02)
        yield from super().detect_batch(texts, **kwargs)


@pytest.fixture(autouse=True)
def no_leftover_threads() -> Iterator[None]:
    before = {t.ident for t in threading.enumerate()}
    yield
    extra = [
        t
        for t in threading.enumerate()
        if t.ident not in before and t.name.startswith("redact-") and t.is_alive()
    ]
    assert not extra, f"threads left running: {[t.name for t in extra]}"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def cv_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    out = []
    for name, text in (("a-cv.txt", CV_ONE), ("b-letter.txt", CV_TWO), ("c-notes.md", CV_THREE)):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def wait_idle(qtbot, ops, timeout: int = 15000) -> None:  # type: ignore[no-untyped-def]
    """Wait until every queued store/work operation and its callback has run."""
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)
    QApplication.processEvents()
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)


@pytest.fixture
def idle(qtbot):  # type: ignore[no-untyped-def]
    """``idle(ops)``: wait until the app's background work is finished."""
    return lambda ops, timeout=15000: wait_idle(qtbot, ops, timeout)


@pytest.fixture
def open_studio(qtbot, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """``open_studio(db, paths=(), **kwargs)``: a shown window (fake detector, no samples) that
    has finished importing ``paths``; closed at the end of the test."""
    from desktop.app import create_studio

    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    opened = []

    def make(db, paths=(), *, wait_import=None, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("detector_factory", FakeDetector)
        kwargs.setdefault("import_samples", False)
        studio = create_studio(db, list(paths), **kwargs)
        opened.append(studio)
        qtbot.addWidget(studio.window)
        studio.window.show()
        if wait_import if wait_import is not None else bool(paths):
            with qtbot.waitSignal(studio.window.import_finished, timeout=60000) as blocker:
                pass
            studio.import_result = blocker.args[0]
        wait_idle(qtbot, studio.ops, 20000)
        studio.window.activateWindow()
        return studio

    yield make
    for studio in opened:
        studio.ops.wait()
        studio.close()
    for widget in QApplication.topLevelWidgets():  # error dialogs the test left open
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.close()


@pytest.fixture
def studio(open_studio, tmp_path, cv_files):  # type: ignore[no-untyped-def]
    """A shown main window over a tmp database holding the three CV files."""
    return open_studio(tmp_path / "test.db", cv_files)


@pytest.fixture
def win(studio, qtbot):  # type: ignore[no-untyped-def]
    """The studio's window, active, with the keyboard in the document view."""
    window = studio.window
    window.activateWindow()
    window.document_view.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    return window
