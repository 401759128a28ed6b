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
