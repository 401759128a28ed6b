"""The label bar: every label's colour, title and key, so the digits are never guessed."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolButton, QWidget

from desktop.views.flow_layout import FlowLayout
from redaction.labels import LabelSet


def text_colour_on(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG luminance)."""
    colour = QColor(background)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    lum = (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )
    return "#111111" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#ffffff"


class QtLabelBar(QWidget):
    label_chosen = Signal(str)

    def __init__(self, labels: LabelSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = FlowLayout(self, spacing=6)
        layout.setContentsMargins(8, 6, 8, 6)
        title = QLabel("Labels")
        title.setObjectName("PanelTitle")
        layout.addWidget(title)
        self.buttons: dict[str, QToolButton] = {}
        for label in labels:
            button = QToolButton()
            key = f"{label.shortcut}  " if label.shortcut else ""
            button.setText(f"{key}{label.title}")
            button.setToolTip(
                f"{label.title} ({label.name})"
                + (f" — press {label.shortcut}" if label.shortcut else "")
                + f"\nanonymised as {label.placeholder}"
            )
            fg = text_colour_on(label.colour)
            border = QColor(label.colour).darker(135).name()
            button.setStyleSheet(
                f"QToolButton {{ background: {label.colour}; color: {fg}; border: 1px solid "
                f"{border}; border-radius: 10px; padding: 2px 9px; font-weight: 600; }}"
                f"QToolButton:hover {{ border: 2px solid {QColor(label.colour).darker(170).name()}; }}"
            )
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, name=label.name: self.label_chosen.emit(name))
            layout.addWidget(button)
            self.buttons[label.name] = button
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
