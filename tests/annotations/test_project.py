"""The project both fronts work on: one recipe for its detector and its store, which a worker
process receives as it is."""

from __future__ import annotations

import pickle
from pathlib import Path

from annotations.model_settings import enable_model
from annotations.project import Project
from tests.annotations.learning_data import trained_model_dir


def test_a_model_switched_on_for_the_project_is_in_its_detector_settings_everywhere(
    tmp_path: Path,
) -> None:
    db = tmp_path / "cvs.db"
    project = Project.at(db)
    assert project.settings_path is not None
    model = trained_model_dir()
    before = [m.path for m in project.detection_settings().extra_models]
    enable_model(model, project.settings_path)  # what the app's Models dialog does
    # the recipe a worker process gets pickled reads the same file
    copy = pickle.loads(pickle.dumps(project))
    for settings in (project.detection_settings(), copy.detection_settings()):
        assert [m.path for m in settings.extra_models] == [*before, model.resolve()]
    # another project beside it is not affected
    other = Project.at(tmp_path / "other.db")
    assert model.resolve() not in [m.path for m in other.detection_settings().extra_models]


def test_the_store_records_the_projects_annotator_and_creates_its_folder(
    tmp_path: Path,
) -> None:
    db = tmp_path / "new" / "folder" / "p.db"
    with Project.at(db, annotator="priya").open_store() as store:
        assert store.annotator == "priya"
    assert db.is_file()
    with Project.at(db).open_store(readonly=True) as store:
        assert store.documents() == []  # opened again to read, what it holds is there
    memory = Project.at(":memory:")
    assert memory.db is None and memory.settings_path is None
    with memory.open_store() as store:
        assert store.documents() == []


def test_redact_import_and_anonymize_on_a_project_detect_with_the_models_switched_on_for_it(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A model switched on for the project in the app (its settings file) is used by
    ``redact import --db`` and by the residual check of ``redact anonymize --db``."""
    import redaction.detection as detection
    from annotations.cli import main
    from tests.desktop.conftest import FakeDetector

    built: list[list[Path]] = []

    class Recording(FakeDetector):
        def __init__(self, settings) -> None:  # type: ignore[no-untyped-def]
            super().__init__()
            self.settings = settings
            built.append([m.path for m in settings.extra_models])

    monkeypatch.setattr(detection, "Detector", Recording)
    db = tmp_path / "cvs.db"
    model = trained_model_dir()
    project = Project.at(db)
    assert project.settings_path is not None
    enable_model(model, project.settings_path)
    cv = tmp_path / "cv.txt"
    cv.write_text("Tom Baker lives in Leeds.\n", encoding="utf-8")
    assert main(["import", str(cv), "--db", str(db)]) == 0
    assert main(["accept", "--db", str(db), "--done"]) == 0
    out = tmp_path / "out"
    assert main(["anonymize", str(cv), "--db", str(db), "--out", str(out)]) == 0
    assert len(built) == 2 and all(model.resolve() in paths for paths in built)
