"""Light and dark themes: Fusion style, a palette and a few spacing rules."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("light", "dark")

_LIGHT = {
    "window": "#f4f5f7",
    "base": "#ffffff",
    "alt": "#f7f8fa",
    "text": "#1d232b",
    "muted": "#5f6b7a",
    "button": "#eceef1",
    "highlight": "#2f6fdb",
    "border": "#d5d9df",
}
_DARK = {
    "window": "#23272e",
    "base": "#1b1e23",
    "alt": "#22262c",
    "text": "#e6e9ee",
    "muted": "#9aa4b1",
    "button": "#2e333b",
    "highlight": "#4c8dff",
    "border": "#3a4049",
}


def colours(theme: str) -> dict[str, str]:
    return _DARK if theme == "dark" else _LIGHT


def apply_theme(app: QApplication, theme: str) -> None:
    c = colours(theme)
    app.setStyle("Fusion")
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor(c["window"]))
    pal.setColor(role.WindowText, QColor(c["text"]))
    pal.setColor(role.Base, QColor(c["base"]))
    pal.setColor(role.AlternateBase, QColor(c["alt"]))
    pal.setColor(role.Text, QColor(c["text"]))
    pal.setColor(role.Button, QColor(c["button"]))
    pal.setColor(role.ButtonText, QColor(c["text"]))
    pal.setColor(role.Highlight, QColor(c["highlight"]))
    pal.setColor(role.HighlightedText, QColor("#ffffff"))
    pal.setColor(role.ToolTipBase, QColor(c["base"]))
    pal.setColor(role.ToolTipText, QColor(c["text"]))
    pal.setColor(role.PlaceholderText, QColor(c["muted"]))
    app.setPalette(pal)
    app.setStyleSheet(
        f"""
        QToolBar {{ border: none; spacing: 4px; padding: 3px 6px; }}
        QToolBar QToolButton {{ padding: 4px 6px; border-radius: 4px; }}
        QTableView {{ gridline-color: {c["border"]}; border: 1px solid {c["border"]}; }}
        QHeaderView::section {{ padding: 4px 6px; border: none;
            border-bottom: 1px solid {c["border"]}; background: {c["window"]};
            color: {c["muted"]}; font-weight: 600; }}
        QPlainTextEdit {{ border: 1px solid {c["border"]}; }}
        QLineEdit, QComboBox {{ padding: 3px 6px; }}
        QLabel#PanelTitle {{ color: {c["muted"]}; font-weight: 600; padding: 2px 0; }}
        QStatusBar QLabel {{ color: {c["muted"]}; padding: 0 6px; }}
        """
    )
