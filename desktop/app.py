"""Entry point of the `redact-studio` desktop app.

``redact-studio [--db FILE] [PATH...]``: opens the database (by default the one in the user data
directory, which gets the sample documents on first run; a database named with ``--db`` never
does), imports PATHs and opens the first of them, else the first document not yet done. The window shows at once; the store opens on its own thread and the
detection engine loads in the background.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from annotations.paths import default_db_path
from desktop.dialogs.errors import show_error
from desktop.engine import DetectorFactory, Engine, default_detector_factory
from desktop.main_window import MainWindow
from desktop.operations import Operations
from desktop.projects import open_project_store
from desktop.theme import apply_theme
from redaction.errors import RedactError
from redaction.labels import LabelSet, load_labels

ORGANISATION, APPLICATION = "redact-studio", "Redact Studio"


@dataclass
class Studio:
    """Everything one running app owns; ``close()`` stops its threads."""

    window: MainWindow
    ops: Operations
    engine: Engine

    def close(self) -> None:
        self.window.close()
        self.ops.shutdown()


def sample_paths() -> list[Path]:
    folder = Path(str(resources.files("resources").joinpath("samples")))
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in {".txt", ".md", ".docx", ".pdf"}
    )


def create_studio(
    db: str | Path,
    paths: Sequence[str | Path] = (),
    *,
    settings: QSettings,
    detector_factory: DetectorFactory | None = None,
    labels: LabelSet | None = None,
    import_samples: bool | None = None,
) -> Studio:
    """Build the window, open the store on its thread, start loading the engine.

    ``import_samples`` defaults to "the database file did not exist yet"; ``main`` passes False
    for a database the user named, which is theirs to fill. ``paths`` are imported before the
    samples, and the first of them opens.
    """
    from annotations.store import SpanStore

    labels = labels or load_labels()
    ops = Operations()
    model = str(settings.value("detection/model", "") or "") or None
    db_path = Path(db) if str(db) != ":memory:" else None

    def factory_for(chosen: str | None) -> DetectorFactory:
        # the spaCy model from the preferences plus the models enabled for the project open now
        return detector_factory or default_detector_factory(chosen, window.db_path)

    engine = Engine(ops, detector_factory or default_detector_factory(model, db_path))
    first_run = db_path is not None and not db_path.exists()
    window = MainWindow(
        ops,
        labels,
        engine,
        settings,
        db_label=str(db),
        db_path=db_path,
        detector_factory_for=factory_for,
    )

    def opener() -> SpanStore:
        return open_project_store(db, settings, labels)

    def opened(_store: object) -> None:
        window.show_project(db_path)
        samples = import_samples if import_samples is not None else first_run
        todo = [*paths, *(sample_paths() if samples else [])]
        if todo:
            window.start_import(list(todo), open_first=bool(paths))
        window.start()

    def failed(exc: BaseException) -> None:
        window.statusBar().showMessage("No database open", 0)
        show_error(window, "The database cannot be opened", exc)

    ops.open_store(opener, opened, failed)
    engine.load()
    return Studio(window, ops, engine)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="redact-studio", description="Review and label personal data in documents."
    )
    parser.add_argument(
        "--db",
        type=Path,
        help=f"annotation database, created if missing (default: {default_db_path()}, which gets "
        "the sample documents on its first run)",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="documents or folders to import")
    return parser.parse_args(list(argv))


def samples_wanted(args: argparse.Namespace) -> bool | None:
    """The sample documents go only into the default database, on its first run (None: "if
    it is new"); a database named with ``--db`` is the user's project and starts empty."""
    return None if args.db is None else False


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    settings = QSettings(ORGANISATION, APPLICATION)
    apply_theme(app, str(settings.value("view/theme", "light")))  # type: ignore[arg-type]
    try:
        studio = create_studio(
            args.db or default_db_path(),
            args.paths,
            settings=settings,
            import_samples=samples_wanted(args),
        )
    except RedactError as exc:
        print(f"redact-studio: error: {exc}", file=sys.stderr)
        return 2
    # Long-lived objects (Qt wrappers, the spaCy model) need no cyclic GC passes: freezing them
    # keeps collections short, so they never stall the event loop.
    gc.freeze()
    studio.engine.state_changed.connect(lambda state: gc.freeze() if state == "ready" else None)
    studio.window.restore_state()
    studio.window.show()
    code = app.exec()  # type: ignore[union-attr]
    studio.ops.shutdown()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
