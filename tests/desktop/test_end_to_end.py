"""End to end with the real detection engine (the session's spaCy pipeline) and first-run samples."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotations.store import SpanStore
from tests.desktop.conftest import FakeDetector


def test_import_detect_review_with_the_real_engine(
    qtbot, tmp_path, settings, fake, detector, idle
) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import create_studio

    name = fake.name()
    email = f"{name.split()[0].lower()}@example.com"
    cv = tmp_path / "cv.txt"
    cv.write_text(
        f"{name}\n{email}\n\nExperience\nData analyst at {fake.company()} in London since 2019.\n",
        encoding="utf-8",
    )
    studio = create_studio(
        tmp_path / "e2e.db",
        [cv],
        settings=settings,
        detector_factory=lambda: detector,
        import_samples=False,
    )
    qtbot.addWidget(studio.window)
    studio.window.show()
    try:
        with qtbot.waitSignal(studio.window.import_finished, timeout=60000):
            pass
        idle(studio.ops, 20000)
        win = studio.window
        assert "ready" in win.engine_label.text()
        found = {(s.label, s.text) for s in win.review.spans}
        assert ("EMAIL_ADDRESS", email) in found
        assert any(label == "PERSON" and name.split()[-1] in text for label, text in found)
        win.activateWindow()
        qtbot.keyClick(
            win.document_view,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        idle(studio.ops)
        with SpanStore.open(tmp_path / "e2e.db") as store:
            assert {s.status for s in store.spans()} == {"accepted"}
    finally:
        studio.close()


def test_first_run_imports_the_sample_documents(qtbot, tmp_path, settings, idle) -> None:  # type: ignore[no-untyped-def]
    from desktop.app import create_studio, sample_paths

    samples = sample_paths()
    if not samples:
        return
    studio = create_studio(
        tmp_path / "new" / "first.db", settings=settings, detector_factory=FakeDetector
    )
    qtbot.addWidget(studio.window)
    studio.window.show()
    try:
        with qtbot.waitSignal(studio.window.import_finished, timeout=60000) as blocker:
            pass
        idle(studio.ops, 20000)
        result = blocker.args[0]
        assert not result.failed, result.failed
        assert {Path(r.path).name for r in result.added} == {p.name for p in samples}
        assert studio.window.review.document is not None  # opened the first one not done
    finally:
        studio.close()
