"""The text view's highlighting (status, overlaps, visible window), the span index, tooltips,
the document list's filter and search, and the label bar."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from desktop.views.document_view import QtDocumentView
from desktop.views.span_index import SpanIndex, ViewSpan

Wave = QTextCharFormat.UnderlineStyle.WaveUnderline


def test_overlapping_spans_get_a_wavy_underline_and_rejected_are_struck(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QtDocumentView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.set_label_colours({"PERSON": "#ffb3ba", "ORGANIZATION": "#bae1ff"})
    view.set_text("Acme Robotics Ltd hired Tom Baker.")
    view.set_spans(
        [
            ViewSpan(1, 0, 13, "ORGANIZATION", "suggested"),
            ViewSpan(2, 0, 17, "ORGANIZATION", "accepted"),
            ViewSpan(3, 24, 33, "PERSON", "rejected"),
        ]
    )
    formats = {fmt.property(0x100000): fmt for _, _, fmt in view.highlights()}
    assert formats[1].underlineStyle() == Wave and formats[2].underlineStyle() == Wave
    assert formats[3].fontStrikeOut()
    assert formats[2].background().color().name() == "#bae1ff"


def test_only_spans_near_the_visible_part_are_formatted(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QtDocumentView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    line = "Tom Baker met Ravi Patel in Leeds.\n"
    view.set_text(line * 3000)
    spans = [
        ViewSpan(i, i * len(line), i * len(line) + 9, "PERSON", "suggested") for i in range(3000)
    ]
    view.set_spans(spans)
    shown = len(view.highlights())
    assert 0 < shown < 300
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    last = {fmt.property(0x100000) for _, _, fmt in view.highlights()}
    assert 2999 in last and 0 not in last


@given(
    st.lists(st.tuples(st.integers(0, 200), st.integers(1, 30)), max_size=40), st.integers(0, 230)
)
def test_span_index_finds_exactly_the_spans_at_a_position(ranges, position) -> None:  # type: ignore[no-untyped-def]
    spans = [ViewSpan(i, s, s + n, "PERSON", "suggested") for i, (s, n) in enumerate(ranges)]
    index = SpanIndex(spans)
    expected = {s.id for s in spans if s.start <= position < s.end}
    assert {s.id for s in index.at(position)} == expected
    overlapping = {
        a.id for a in spans for b in spans if a.id != b.id and a.start < b.end and b.start < a.end
    }
    assert index.overlapping == overlapping


def test_tooltip_names_label_status_and_source(studio) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    span = win.review.current
    tip = win.document_view.tooltip_for(span.id)
    assert "Person" in tip and "suggested" in tip and "fake" in tip


def test_document_list_filters_by_status_and_search(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.review.open_suggestions = "keep"  # D leaves the open suggestions as they are
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)  # a-cv.txt done
    idle(studio.ops)
    win.document_list.status.setCurrentIndex(win.document_list.status.findData("done"))
    idle(studio.ops)
    assert [Path(r.path).name for r in win.document_model.records] == ["a-cv.txt"]
    win.document_list.status.setCurrentIndex(0)
    qtbot.keyClicks(win.document_list.search, "Initech")
    names = lambda: [Path(r.path).name for r in win.document_model.records]  # noqa: E731
    qtbot.waitUntil(lambda: names() == ["b-letter.txt"], timeout=15000)
    idle(studio.ops)


def test_clicking_a_label_in_the_bar_relabels(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    span = win.review.current
    qtbot.mouseClick(win.label_bar.buttons["LOCATION"], Qt.MouseButton.LeftButton)
    idle(studio.ops)
    assert win.review.span_by_id(span.id).label == "LOCATION"


def test_the_current_span_carries_its_label_and_status_in_the_text(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    win = studio.window
    view = win.document_view
    assert win.review.current.text == "Zoë Hartley"
    assert view.current_tag() == "Person · suggested"
    span = next(s for s in view.spans if s.id == win.review.current.id)
    rect = view._span_rects(span)[0]
    image = view.viewport().grab().toImage()
    tag_colour = QColor(win.labels.get("PERSON").colour).darker(220)
    if rect.top() > 20:  # above the span
        points = [(x, rect.top() - 4) for x in range(rect.left(), rect.left() + 30)]
    else:  # the first line in view: beside it
        points = [(x, rect.center().y()) for x in range(rect.right() + 8, rect.right() + 40)]
    seen = {image.pixelColor(x, y).name() for x, y in points}
    assert tag_colour.name() in seen, (tag_colour.name(), seen)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    idle(studio.ops)
    assert view.current_tag() == "Place · suggested"


def test_a_span_over_a_line_break_is_formatted_on_both_lines_and_cleared_with_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = QtDocumentView()
    qtbot.addWidget(view)
    view.resize(600, 300)
    view.show()
    view.set_label_colours({"ADDRESS": "#bae1ff"})
    view.set_text("Lives at 4 Long Lane\nLeeds LS1 4AP, since 2019.")
    view.set_spans([ViewSpan(7, 9, 34, "ADDRESS", "accepted")])
    pieces = sorted((start, end) for start, end, _ in view.highlights())
    assert pieces == [(9, 20), (21, 34)]  # the line break itself is not a character to paint
    view.set_spans([])
    assert view.highlights() == []
