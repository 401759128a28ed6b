"""Nothing the reviewer needs is cut off: span columns fit their contents, long document names
are elided in the middle (the extension stays) with the full path in the tooltip."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from tests.desktop.conftest import FakeDetector


class LongSourceDetector(FakeDetector):
    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for spans in super().detect_batch(texts, **kwargs):
            yield [replace(s, source="OrganisationContextCueRecognizer") for s in spans]


def test_span_columns_fit_label_source_and_status(open_studio, tmp_path, cv_files) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "t.db", cv_files, detector_factory=LongSourceDetector)
    table = studio.window.span_panel.table
    model = table.model()
    metrics = table.fontMetrics()
    assert model.rowCount() > 0
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
