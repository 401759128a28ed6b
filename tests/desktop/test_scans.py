"""A scanned CV in the app: imported through OCR, its spans drawn on the scan in the page view,
low-confidence words framed, and a keystroke decision saved as for any document (#17)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotations.store import SpanStore
from redaction.documents.ocr import ENGINE_MISSING, ocr_available
from tests.scans import render_scan, save_scan

pytestmark = pytest.mark.skipif(not ocr_available(), reason=ENGINE_MISSING)

TEXT = (
    "Ravi Patel\n"
    "ravi.patel@example.com | 0113 496 0000\n"
    "\n"
    "EXPERIENCE\n"
    "Data analyst at Acme Robotics in Leeds since 2019.\n"
)


def test_a_scanned_cv_is_read_shown_on_its_page_and_reviewed_by_keyboard(
    open_studio, qtbot, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    scan = save_scan(render_scan(TEXT, dpi=150), tmp_path / "scan.png", dpi=150)
    studio = open_studio(tmp_path / "scans.db", [scan])
    win = studio.window
    assert win.review.document.format == "image"
    found = {(s.label, s.text) for s in win.review.spans}
    assert ("PERSON", "Ravi Patel") in found
    assert ("EMAIL_ADDRESS", "ravi.patel@example.com") in found

    win.activateWindow()
    win.document_view.setFocus()
    qtbot.waitUntil(lambda: win.isActiveWindow())
    idle(studio.ops)
    current = win.review.current
    qtbot.keyClick(win.document_view, Qt.Key.Key_A)
    idle(studio.ops)
    with SpanStore.open(tmp_path / "scans.db") as store:
        accepted = [s for s in store.spans() if s.status == "accepted"]
    assert [(s.start, s.end) for s in accepted] == [(current.start, current.end)]

    pages = win.actions_by_name["toggle_pages"]
    assert pages.isEnabled()
    pages.setChecked(True)
    win._toggle_pages(True)
    view = win.page_view
    qtbot.waitUntil(lambda: view.layout_ is not None and bool(view._frames), timeout=20000)
    assert view.isVisible()
    person = next(s for s in win.review.spans if s.text == "Ravi Patel")
    [rect] = view._span_rects(person)
    page = view._page_rect(0)
    # The name is the heading: near the top of the page, in its left half.
    assert page.top() < rect.top() < page.top() + page.height() * 0.2
    assert rect.right() < page.center().x()
    image = view.canvas.grab().toImage()
    inside = image.pixelColor(rect.center().toPoint())
    assert inside != image.pixelColor(page.center().toPoint())  # the span box is painted

    # Low-confidence words get a frame of their own on the page.
    view._low_confidence = [(person.start, person.end)]
    assert view.low_confidence_rects(0) == view._span_rects(person)
