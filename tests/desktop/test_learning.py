"""The Model menu: evaluate the engine against the project's gold, train a model in the
background and switch it on for the project (the engine reloads), the list of models."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotations.model_settings import project_settings_path
from annotations.training import EpochStats, TrainingReport, TrainingStopped
from desktop.dialogs.learning import EvaluationDialog, ModelsDialog, TrainingDialog
from redaction.spans import Span
from tests.desktop.conftest import FakeDetector


class EmptyDetector:
    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for _ in texts:
            yield []


class ListDetector:
    """Finds the given strings under their labels (gold for a synthetic project)."""

    def __init__(self, entities: dict[str, str]) -> None:
        self.pattern = re.compile("|".join(re.escape(e) for e in sorted(entities, key=len)[::-1]))
        self.entities = entities

    def detect_batch(self, texts, **kwargs):  # type: ignore[no-untyped-def]
        for text in texts:
            yield [
                Span(m.start(), m.end(), self.entities[m.group()], 0.9, "list", m.group())
                for m in self.pattern.finditer(text)
            ]


def _accept_everything(studio, idle) -> None:  # type: ignore[no-untyped-def]
    studio.ops.store(lambda s: s.accept_all(mark_done=True))
    idle(studio.ops)


def _run_evaluation(studio, qtbot) -> EvaluationDialog:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(studio.window.model_menu.actions["evaluate"].triggered):
        studio.window.model_menu.actions["evaluate"].trigger()
    dialog = studio.window.model_menu.dialog
    assert isinstance(dialog, EvaluationDialog) and dialog.isVisible()
    with qtbot.waitSignal(dialog.finished_evaluation, timeout=10000):
        pass
    return dialog


def _cell(dialog: EvaluationDialog, label: str, column: str) -> str:
    col = EvaluationDialog.COLUMNS.index(column)
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, 0).text() == label:
            return dialog.table.item(row, col).text()
    raise AssertionError(f"no row {label}")


def test_evaluate_scores_a_perfect_and_an_empty_detector(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    assert "&Model" in [a.text() for a in win.menuBar().actions()]
    _accept_everything(studio, idle)

    dialog = _run_evaluation(studio, qtbot)  # the engine is the fake that made the suggestions
    report = dialog.report
    # accept_all(mark_done=True) marks every document done, the one without spans too: it is
    # gold that holds no personal data
    assert report is not None and report.documents == 3
    assert report.overall.tp == 11 and report.overall.fp == 0 and report.overall.fn == 0
    assert _cell(dialog, "Person", "Precision") == "1.000"
    assert _cell(dialog, "overall", "Strict recall") == "1.000"
    assert _cell(dialog, "overall", "Gold") == "11"
    assert "Misses (gold spans not fully covered) (0)" in dialog.issues.toPlainText()
    dialog.close()

    win.engine.load(EmptyDetector)
    idle(studio.ops)
    dialog = _run_evaluation(studio, qtbot)
    assert dialog.report is not None
    assert _cell(dialog, "overall", "Recall") == "0.000"
    assert _cell(dialog, "overall", "Strict recall") == "0.000"
    assert _cell(dialog, "Place", "Predicted") == "0"
    text = dialog.issues.toPlainText()
    assert "Misses (gold spans not fully covered) (11)" in text
    assert "a-cv.txt" in text and "'Zoë Hartley'" in text
    dialog.close()


def test_evaluate_without_gold_says_so(studio, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _run_evaluation(studio, qtbot)
    assert dialog.report is None
    assert not dialog.table.isVisible()
    assert "No gold" in dialog.message.text() and "marked done" in dialog.message.text()
    dialog.close()


def _project(open_studio, tmp_path, fake, calls):  # type: ignore[no-untyped-def]
    """A project of 8 short CVs whose names and companies are all accepted and done."""
    entities: dict[str, str] = {}
    folder = tmp_path / "cvs"
    folder.mkdir()
    for i in range(8):
        people = [fake.unique.name() for _ in range(2)]
        company = f"{fake.unique.last_name()} Systems"
        entities.update({p: "PERSON" for p in people} | {company: "ORGANIZATION"})
        (folder / f"cv-{i}.txt").write_text(
            f"{people[0]} worked at {company} for years.\nReferences: {people[1]}, on request.\n",
            encoding="utf-8",
        )

    def factory() -> ListDetector:
        calls.append(1)
        return ListDetector(entities)

    studio = open_studio(tmp_path / "project.db", [folder], detector_factory=factory)
    return studio


def test_train_from_the_menu_then_switch_the_model_on_and_off(
    open_studio, qtbot, tmp_path, fake, idle
) -> None:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    studio = _project(open_studio, tmp_path, fake, calls)
    _accept_everything(studio, idle)
    win = studio.window
    win.model_menu.actions["train"].trigger()
    dialog = win.model_menu.dialog
    assert isinstance(dialog, TrainingDialog)
    assert Path(dialog.out.text()) == tmp_path / "project-model"  # beside the database
    dialog.epochs.setValue(2)
    dialog.dev_split.setValue(0.25)
    dialog.min_spans.setValue(3)
    with qtbot.waitSignal(dialog.finished_training, timeout=30000) as blocker:
        qtbot.mouseClick(dialog.train_button, Qt.MouseButton.LeftButton)
        assert dialog.progress.isVisible() and not dialog.train_button.isEnabled()
    report = blocker.args[0]
    assert isinstance(report, TrainingReport)
    assert report.labels == ["ORGANIZATION", "PERSON"] and len(report.epochs) == 2
    out = tmp_path / "project-model"
    assert (out / "meta.json").is_file() and (out / "redact_meta.json").is_file()
    text = dialog.report_view.toPlainText()
    assert f"model saved to {out}" in text and "epochs: 2" in text
    assert "epoch 2/2" in dialog.progress.format() or dialog.progress.format() == "done"
    assert dialog.use_button.isVisible()
    assert Path(dialog.out.text()) == tmp_path / "project-model-2"  # a fresh folder next time
    dialog.out.setText(str(out))
    dialog.start()  # an existing model is not replaced unless asked
    assert "already holds files" in dialog.report_view.toPlainText() and not dialog.running
    dialog.out.setText(str(tmp_path / "project-model-2"))

    loads = len(calls)
    with qtbot.waitSignal(dialog.model_enabled, timeout=10000):
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    assert dialog.use_button.text() == "Used for this project ✓"
    settings_file = project_settings_path(tmp_path / "project.db")
    entries = yaml.safe_load(settings_file.read_text(encoding="utf-8"))["extra_models"]
    assert [Path(e["path"]) for e in entries] == [out.resolve()]
    idle(studio.ops)
    assert len(calls) == loads + 1 and "ready" in win.engine_label.text()

    # the real engine would be built with it
    from annotations.project import Project

    settings = Project.at(tmp_path / "project.db").detection_settings()
    assert out.resolve() in [Path(m.path).resolve() for m in settings.extra_models]
    dialog.close()

    win.model_menu.actions["models"].trigger()
    models = win.model_menu.dialog
    assert isinstance(models, ModelsDialog)
    idle(studio.ops)
    assert models.models() == {str(out.resolve()): True}
    assert "ORGANIZATION" in models.list.item(0).text()
    with qtbot.waitSignal(models.changed, timeout=10000):
        models.set_enabled(out.resolve(), False)
    idle(studio.ops)
    assert not yaml.safe_load(settings_file.read_text(encoding="utf-8"))["extra_models"]
    assert len(calls) == loads + 2
    assert models.models() == {str(out.resolve()): False}  # still listed, switched off
    with qtbot.waitSignal(models.changed, timeout=10000):
        models.set_enabled(out.resolve(), True)
    idle(studio.ops)
    assert len(yaml.safe_load(settings_file.read_text(encoding="utf-8"))["extra_models"]) == 1
    models.close()


def test_too_little_data_is_reported(open_studio, qtbot, tmp_path, fake, idle) -> None:  # type: ignore[no-untyped-def]
    studio = _project(open_studio, tmp_path, fake, [])
    _accept_everything(studio, idle)
    dialog = studio.window.model_menu.train()
    dialog.epochs.setValue(1)
    dialog.min_spans.setValue(12)  # 16 names, 8 companies
    with qtbot.waitSignal(dialog.finished_training, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args[0] is not None
    assert "skipped ORGANIZATION: 8 accepted span(s), at least 12 needed" in (
        dialog.report_view.toPlainText()
    )
    dialog.min_spans.setValue(50)
    dialog.out.setText(str(tmp_path / "other-model"))
    with qtbot.waitSignal(dialog.finished_training, timeout=30000) as blocker:
        dialog.start()
    assert blocker.args[0] is None
    assert "Training failed" in dialog.report_view.toPlainText()
    assert "too little data" in dialog.report_view.toPlainText()
    assert not (tmp_path / "other-model").exists()
    dialog.close()


def test_training_can_be_stopped_in_the_middle_of_an_epoch(studio, qtbot, tmp_path, idle) -> None:  # type: ignore[no-untyped-def]
    _accept_everything(studio, idle)
    gate = threading.Event()
    saved: list[Path] = []
    batches: list[int] = []

    def trainer(docs, source, out, config, *, overwrite, on_epoch, should_stop):  # type: ignore[no-untyped-def]
        on_epoch(EpochStats(1, config.epochs, 10.0, 0.5, 0.4, 0.44, 0.1))
        gate.wait(10)  # the second epoch is under way when Cancel is clicked
        for batch in range(1000):
            if should_stop():
                raise TrainingStopped("project", "training stopped during epoch 2")
            batches.append(batch)
        saved.append(out)
        return TrainingReport()

    dialog = studio.window.model_menu.train()
    dialog.trainer = trainer
    dialog.epochs.setValue(5)
    dialog.start()
    qtbot.waitUntil(lambda: "epoch 1/5" in dialog.progress.format(), timeout=15000)
    assert "loss 10.0 · dev P 0.500 R 0.400 F 0.440" in dialog.progress.format()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.finished_training, timeout=10000) as blocker:
        gate.set()
    assert blocker.args[0] is None and not saved and not batches
    assert "Stopped: " in dialog.report_view.toPlainText()
    assert "during epoch 2" in dialog.report_view.toPlainText()
    assert dialog.train_button.isEnabled() and not dialog.running
    idle(studio.ops)
    dialog.close()
    QApplication.processEvents()


def test_status_bar_shows_the_database_name_with_the_path_in_a_tooltip(studio, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    label = studio.window.findChild(QLabel, "DatabaseLabel")
    assert label.text() == "test.db"
    assert str(tmp_path / "test.db") in label.toolTip()


def test_closing_the_window_stops_a_training_run(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    _accept_everything(studio, idle)
    saved: list[Path] = []

    def trainer(docs, source, out, config, *, overwrite, on_epoch, should_stop):  # type: ignore[no-untyped-def]
        for epoch in range(1, config.epochs + 1):
            time.sleep(0.01)
            on_epoch(EpochStats(epoch, config.epochs, 1.0, 0.0, 0.0, 0.0, 0.01))
        saved.append(out)
        return TrainingReport()

    dialog = studio.window.model_menu.train()
    dialog.trainer = trainer
    dialog.epochs.setValue(200)  # about 2 s if nothing stopped it
    dialog.start()
    qtbot.waitUntil(lambda: "epoch " in dialog.progress.format(), timeout=15000)
    studio.window.close()
    studio.ops.wait(10)
    assert not saved  # stopped between epochs, before the model was saved


class ThresholdDetector(FakeDetector):
    """The fake's spans (score 0.85) above the ``threshold`` it is given, as Detector does."""

    def detect_batch(self, texts, threshold=0.0, **kwargs):  # type: ignore[no-untyped-def]
        for spans in super().detect_batch(texts):
            yield [s for s in spans if s.score >= threshold]


def test_evaluation_uses_the_threshold_of_the_preferences(
    open_studio, qtbot, tmp_path, cv_files, settings, idle
) -> None:  # type: ignore[no-untyped-def]
    studio = open_studio(tmp_path / "t.db", cv_files, detector_factory=ThresholdDetector)
    _accept_everything(studio, idle)
    assert _run_evaluation(studio, qtbot).report.overall.recall == 1.0
    settings.setValue("detection/threshold", "0.9")
    assert _run_evaluation(studio, qtbot).report.overall.recall == 0.0


def test_the_learned_list_shows_a_rejection_and_unticking_forgets_it(studio, qtbot, idle) -> None:  # type: ignore[no-untyped-def]
    win = studio.window
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    first = studio.ops.store(lambda s: s.spans(s.documents()[0].id)).result()[0]
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win.document_view, Qt.Key.Key_X, ctrl_shift)  # reject every suggestion
    qtbot.keyClick(win.document_view, Qt.Key.Key_D)
    idle(studio.ops)
    dialog = win.model_menu.learned()
    idle(studio.ops)
    lines = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    rejected = f"{first.label} “{first.text}”: not suggested"
    assert rejected in lines
    item = dialog.list.item(lines.index(rejected))
    assert item.checkState() == Qt.CheckState.Checked
    item.setCheckState(Qt.CheckState.Unchecked)
    idle(studio.ops)
    forgotten = studio.ops.store(lambda s: s.forgotten_lessons()).result()
    assert {label for label, _ in forgotten} == {first.label}
    dialog.close()
