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
