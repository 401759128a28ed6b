"""Render the main window with a sample CV to a PNG (``make screenshot`` runs this under Xvfb).

    python -m desktop.screenshot docs/screenshot.png [--no-detector]

Uses a throw-away database and settings; a sample CV from ``resources/samples`` when there is
one, else a synthetic CV written with Faker (fixed seed).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from desktop.app import create_studio, sample_paths
from desktop.theme import apply_theme


def synthetic_cv(folder: Path) -> Path:
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(42)
    name = "Amelia Hartley"
    text = f"""{name}
{fake.street_address().replace(chr(10), ", ")}, Leeds {fake.postcode()}
amelia.hartley@example.com · 0113 496 0381 · linkedin.com/in/ameliahartley

Profile
Data engineer with eight years of experience building reporting platforms for retail and
healthcare clients. Amelia Hartley led the migration of the warehouse at Northwind Analytics
and mentors junior engineers.

Experience
2019 – today   Senior Data Engineer, Northwind Analytics, Manchester
               Built the customer data platform; managed a team of four with Daniel Okafor.
2015 – 2019    Data Analyst, Brightwater Health, Sheffield
               Reporting for NHS trusts; worked with Priya Raman on data quality.

Education
2011 – 2015    BSc Mathematics, University of York

References
Daniel Okafor, Head of Data, Northwind Analytics, daniel.okafor@example.org
"""
    path = folder / "amelia-hartley-cv.txt"
    path.write_text(text, encoding="utf-8")
    return path


def wait(app: QApplication, condition, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("screenshot: timed out")
        app.processEvents()
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshot.png"))
    parser.add_argument(
        "--no-detector", action="store_true", help="skip spaCy (faster, fewer spans)"
    )
    parser.add_argument("--theme", default="light")
    parser.add_argument("--size", default="1440x900")
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    apply_theme(app, args.theme)
    tmp = Path(tempfile.mkdtemp(prefix="redact-screenshot-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("annotator/name", "alex")  # not the login name of whoever renders it
    cvs = [p for p in sample_paths() if "cv" in p.name.lower() and p.suffix != ".pdf"]
    document = cvs[0] if cvs else synthetic_cv(tmp)
    others = [p for p in sample_paths() if p != document][:5]
    factory = (lambda: None) if args.no_detector else None
    studio = create_studio(
        tmp / "screenshot.db",
        [document],
        settings=settings,
        detector_factory=factory,
        import_samples=False,
    )
    window = studio.window
    width, height = (int(v) for v in args.size.split("x"))
    window.resize(width, height)
    window.show()
    done: list[object] = []
    window.import_finished.connect(done.append)
    wait(app, lambda: bool(done) and window.review.current is not None and studio.ops.pending == 0)
    if others:
        done.clear()
        window.start_import(others, open_first=False)
        wait(app, lambda: bool(done) and studio.ops.pending == 0)
    # a review in progress: a few decisions made, the preview open beside the original
    for _ in range(3):
        window.review.accept()
        wait(app, lambda: studio.ops.pending == 0)
    window.review.step_span(1)
    window.actions_by_name["toggle_preview"].setChecked(True)
    window._toggle_preview(True)
    window.text_split.setSizes([380, 270, 0])
    wait(app, lambda: studio.ops.pending == 0)
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline:  # let the history and the repaint settle
        app.processEvents()
        time.sleep(0.02)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    image = window.grab().toImage()
    image.save(str(args.out))
    print(
        f"wrote {args.out} ({image.width()}x{image.height()}) on {os.environ.get('QT_QPA_PLATFORM') or app.platformName()}"
    )
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    studio.ops.wait()
    studio.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
