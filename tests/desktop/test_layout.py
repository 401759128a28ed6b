"""Nothing the reviewer needs is cut off: span columns fit their contents, long document names
are elided in the middle (the extension stays) with the full path in the tooltip, and at
1280x800 the text and a PDF page stand side by side at a readable size."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.desktop.conftest import FakeDetector


class LongSourceDetector(FakeDetector):
    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for spans in super().detect_batch(texts, **kwargs):
            yield [replace(s, source="OrganisationContextCueRecognizer") for s in spans]


def test_span_columns_fit_label_source_and_status(open_studio, tmp_path, cv_files) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "t.db", cv_files, detector_factory=LongSourceDetector)
    panel = studio.window.span_panel
    table = panel.table
    model = table.model()
    metrics = table.fontMetrics()
    assert model.rowCount() > 0
    # score and source start hidden (they are in the text's tooltip); the header menu shows them
    assert table.isColumnHidden(2) and table.isColumnHidden(3)
    tip = str(model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole))
    assert "score 0.85, found by OrganisationContextCueRecognizer" in tip
    [source] = [a for a in panel.column_actions() if a.text() == "Source"]
    source.setChecked(True)
    assert not table.isColumnHidden(3)
    for col in (0, 3, 4):
        widest = max(
            metrics.horizontalAdvance(str(model.index(r, col).data()))
            for r in range(model.rowCount())
        )
        assert table.columnWidth(col) >= widest, (col, table.columnWidth(col), widest)


def test_document_names_elide_in_the_middle_with_the_path_as_tooltip(studio, cv_files) -> None:  # type: ignore[no-untyped-def]
    view = studio.window.document_list.table
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle
    model = view.model()
    tips = [
        str(model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)) for r in range(model.rowCount())
    ]
    assert any(str(cv_files[0]) in tip for tip in tips)


def test_first_run_layout_at_1280_by_800_shows_text_and_page_side_by_side(
    open_studio, tmp_path, idle
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_pdf

    pdf = make_pdf(tmp_path / "cv.pdf", ["Curriculum vitae", "Zoë Hartley lives in Leeds."])
    studio = open_studio(tmp_path / "t.db", [pdf])
    win = studio.window
    win.restore_state()  # nothing saved yet: the first-run layout, as `redact-studio` starts
    win.resize(1280, 800)
    win.review.open_document(win.review.document.id)
    idle(studio.ops)
    QApplication.processEvents()
    assert win.page_view.isVisible()
    assert win.document_view.width() >= 260, win.text_split.sizes()  # 30+ characters a line
    assert win.page_view.width() >= 400, win.text_split.sizes()  # A4 at two thirds of its size
    table = win.span_panel.table
    assert table.horizontalScrollBar().maximum() == 0  # no span column pushed out of view
