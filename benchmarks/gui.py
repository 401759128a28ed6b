"""GUI responsiveness on a large document (offscreen Qt).

Opens a ~1 MB document with 10,000 spans in the real main window and measures: time from
"open" to the first paint, memory, keystroke accept latency (key press → store commit delivered
→ repaint, median and p95), scrolling through the document, and the longest event-loop stall
(a 10 ms QTimer recording gaps) during each step; then keystroke decisions on another
project while an anonymised export of 50 documents runs from the export dialog.

Baselines measured in the same run, so the ratios mean the same on any machine:
* open: a bare ``QPlainTextEdit`` showing the same text with no spans;
* highlighting: giving all 10,000 spans an ``ExtraSelection`` at once (the naive approach) versus
  our visible-window highlighting;
* accept: a key press that only repaints (no store work);
* keys during an export: the same keys with no export running.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui.py [--spans 10000] [--mb 1]
        [--export-documents 50] [--only-export]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QTextCharFormat, QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit  # noqa: E402

WORDS = [
    "experience",
    "project",
    "team",
    "managed",
    "delivered",
    "built",
    "customer",
    "data",
    "platform",
    "analysis",
    "engineering",
    "support",
    "design",
    "research",
    "role",
    "responsible",
    "senior",
    "junior",
    "led",
    "improved",
]
PEOPLE = ["Zoë Hartley", "Tom Baker", "Ravi Patel", "Anna Kowalska", "José Núñez", "Li Wei"]
PLACES = ["Leeds", "Bristol", "Manchester", "Cardiff", "Glasgow", "York"]
ORGS = ["Acme Robotics", "Initech", "Globex", "Umbrella Ltd", "Hooli", "Vandelay"]


def make_document(
    target_bytes: int, n_spans: int, seed: int = 7
) -> tuple[str, list[tuple[int, int, str]]]:
    """Synthetic CV-like text of ~target_bytes with exactly n_spans entity mentions."""
    rng = random.Random(seed)
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    filler_per_span = max(1, (target_bytes // max(n_spans, 1)) // 7)
    for i in range(n_spans):
        filler = " ".join(rng.choice(WORDS) for _ in range(filler_per_span)) + " "
        kind = i % 3
        entity, label = (
            (rng.choice(PEOPLE), "PERSON"),
            (rng.choice(PLACES), "LOCATION"),
            (rng.choice(ORGS), "ORGANIZATION"),
        )[kind]
        parts.append(filler)
        pos += len(filler)
        parts.append(entity)
        spans.append((pos, pos + len(entity), label))
        pos += len(entity)
        tail = ".\n" if i % 4 == 3 else ", "
        parts.append(tail)
        pos += len(tail)
    return "".join(parts), spans


class StallMonitor(QObject):
    """A 10 ms timer; the longest gap between ticks is the longest event-loop stall."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest * 1000


class PaintWatcher(QObject):
    def __init__(self, widget: QObject) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step timed out")
        app.processEvents()
        time.sleep(0.0005)


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def baseline_open(app: QApplication, text: str) -> float:
    view = QPlainTextEdit()
    view.resize(800, 700)
    view.show()
    watcher = PaintWatcher(view.viewport())
    t0 = time.perf_counter()
    view.setPlainText(text)
    seen = watcher.count
    wait_until(app, lambda: watcher.count > seen)
    elapsed = (time.perf_counter() - t0) * 1000
    view.close()
    return elapsed


def naive_highlight(app: QApplication, text: str, spans: list[tuple[int, int, str]]) -> float:
    view = QPlainTextEdit()
    view.resize(800, 700)
    view.setPlainText(text)
    view.show()
    watcher = PaintWatcher(view.viewport())
    app.processEvents()
    t0 = time.perf_counter()
    selections = []
    for start, end, _ in spans:
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(view.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(Qt.GlobalColor.yellow)
        sel.cursor = cursor  # type: ignore[attr-defined]
        sel.format = fmt  # type: ignore[attr-defined]
        selections.append(sel)
    view.setExtraSelections(selections)
    seen = watcher.count
    wait_until(app, lambda: watcher.count > seen)
    elapsed = (time.perf_counter() - t0) * 1000
    view.close()
    return elapsed


def export_phase(app: QApplication, tmp: Path, documents: int, keys: int) -> str:
    """Keystroke decisions while an anonymised export of ``documents`` CVs runs from the
    export dialog (with the detector's residual check), against the same keys without it."""
    from faker import Faker

    from annotations.store import SpanStore
    from desktop.app import create_studio
    from redaction.documents import load_document
    from redaction.spans import Span

    fake = Faker("en_GB")
    Faker.seed(7)
    folder = tmp / "export-cvs"
    folder.mkdir()
    db = tmp / "export.db"
    with SpanStore.open(db, annotator="bench") as store:
        for i in range(documents + 1):
            name, town, company = fake.name(), fake.city(), fake.company()
            email, phone = fake.email(), fake.phone_number()
            body = " ".join(random.choice(WORDS) for _ in range(300))
            text = (
                f"{name}\n{email} | {phone}\n\nProfile\n{body}\n\n"
                f"Experience\nAnalyst, {company}, {town}\n{body}\n"
            )
            path = folder / f"cv-{i:03d}.txt"
            path.write_text(text, encoding="utf-8")
            spans = [
                Span(text.index(value), text.index(value) + len(value), label, 0.9, "bench")
                for value, label in (
                    (name, "PERSON"),
                    (email, "EMAIL_ADDRESS"),
                    (phone, "PHONE_NUMBER"),
                    (town, "LOCATION"),
                    (company, "ORGANIZATION"),
                )
            ]
            if i == documents:  # the document reviewed meanwhile: a suggestion per key
                spans += [
                    Span(j * 7, j * 7 + 5, "PERSON", 0.5, "bench") for j in range(40, 40 + keys * 2)
                ]
            record, _ = store.add_document(load_document(path), suggestions=spans)
            if i < documents:
                store.accept_all(record.id, mark_done=True)
    settings = QSettings(str(tmp / "export-settings.ini"), QSettings.Format.IniFormat)
    studio = create_studio(db, settings=settings, import_samples=False)
    window = studio.window
    window.resize(1400, 900)
    window.show()
    wait_until(app, lambda: window.review.current is not None, timeout=120)
    wait_until(app, lambda: studio.engine.state == "ready", timeout=300)
    gc.freeze()  # as the app does once the engine is loaded
    window.activateWindow()
    view = window.document_view
    updated: list[float] = []
    window.review.span_updated.connect(lambda *_: updated.append(time.perf_counter()))
    monitor = StallMonitor()

    def press(count: int) -> list[float]:
        took = []
        for _ in range(count):
            before = len(updated)
            t = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_A)
            wait_until(app, lambda b=before: len(updated) > b)
            took.append((time.perf_counter() - t) * 1000)
            end = time.perf_counter() + 0.05  # a reviewer's pace, not a burst
            while time.perf_counter() < end:
                app.processEvents()
        return took

    monitor.start()
    quiet = press(keys)
    quiet_stall = monitor.stop()
    window.show_export()
    dialog = window._export
    dialog.tabs.setCurrentIndex(1)
    dialog.documents_out.setText(str(tmp / "export-out"))
    reports: list[str] = []
    dialog.finished_export.connect(reports.append)
    started = time.perf_counter()
    dialog.run_export()
    window.activateWindow()  # back to reviewing while the export runs
    view.setFocus()
    wait_until(app, window.isActiveWindow, timeout=10)
    monitor.start()
    busy: list[float] = []
    while not reports and len(busy) < keys:
        busy += press(1)
    export_stall = monitor.stop()
    wait_until(app, lambda: bool(reports), timeout=900)
    export_seconds = time.perf_counter() - started
    dialog.close()
    studio.ops.wait()
    studio.close()
    med = statistics.median
    return (
        f"keys during an anonymised export of {documents} documents ({export_seconds:.0f}s, "
        f"{len(busy)} keys): key → store commit {med(busy):.1f} ms median, p95 "
        f"{sorted(busy)[int(0.95 * (len(busy) - 1))]:.1f} ms (no export: {med(quiet):.1f} ms, "
        f"ratio {med(busy) / med(quiet):.1f}x; target < 50 ms); longest stall "
        f"{export_stall:.0f} ms (no export: {quiet_stall:.0f} ms; target < 100 ms)\n"
        f"  export report: {reports[0].splitlines()[0]}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spans", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--accepts", type=int, default=60)
    parser.add_argument("--preview-accepts", type=int, default=5)
    parser.add_argument("--export-documents", type=int, default=50, help="0: skip the export phase")
    parser.add_argument("--only-export", action="store_true", help="run the export phase only")
    args = parser.parse_args()
    if args.only_export:
        app = QApplication.instance() or QApplication([])
        tmp = Path(tempfile.mkdtemp(prefix="redact-gui-bench-"))
        print(export_phase(app, tmp, args.export_documents, args.accepts))
        return 0

    from annotations.store import SpanStore
    from desktop.app import create_studio
    from redaction.documents import Document
    from redaction.spans import Span

    app = QApplication.instance() or QApplication([])
    text, raw_spans = make_document(int(args.mb * 1_000_000), args.spans)
    print(f"document: {len(text.encode()) / 1e6:.2f} MB, {len(raw_spans)} spans")

    tmp = Path(tempfile.mkdtemp(prefix="redact-gui-bench-"))
    db = tmp / "bench.db"
    doc = Document(Path(tmp / "big.txt"), "txt", text, "f" * 64, len(text))
    with SpanStore.open(db) as store:
        store.add_document(
            doc, suggestions=[Span(s, e, lab, 0.8, "bench") for s, e, lab in raw_spans]
        )

    base_open = baseline_open(app, text)
    naive = naive_highlight(app, text, raw_spans)

    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    monitor = StallMonitor()
    rss0 = rss_mb()
    t0 = time.perf_counter()
    studio = create_studio(
        db, settings=settings, detector_factory=lambda: None, import_samples=False
    )
    gc.freeze()  # as the app does after start-up
    built = (time.perf_counter() - t0) * 1000
    monitor.start()  # from here on the event loop runs: opening must not stall it
    window = studio.window
    window.resize(1400, 900)
    window.show()
    watcher = PaintWatcher(window.document_view.viewport())
    opened: list[float] = []
    window.review.document_opened.connect(lambda *_: opened.append(time.perf_counter()))
    wait_until(app, lambda: bool(opened))
    seen = watcher.count
    wait_until(app, lambda: watcher.count > seen and window.review.current is not None)
    first_paint = (time.perf_counter() - t0) * 1000
    open_stall = monitor.stop()
    rss1 = rss_mb()

    # keystroke accept: key → store result on the GUI thread → repaint
    window.activateWindow()
    view = window.document_view
    commits: list[float] = []
    repaints: list[float] = []
    key_only: list[float] = []
    updated: list[float] = []
    window.review.span_updated.connect(lambda *_: updated.append(time.perf_counter()))
    monitor.start()
    for _ in range(args.accepts):
        before_updates, before_paints = len(updated), watcher.count
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_A)
        wait_until(app, lambda b=before_updates: len(updated) > b)
        commits.append((updated[-1] - t) * 1000)
        wait_until(app, lambda b=before_paints: watcher.count > b)
        repaints.append((time.perf_counter() - t) * 1000)
    accept_stall = monitor.stop()
    for _ in range(args.accepts):  # baseline: a key that only repaints the view
        before_paints = watcher.count
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Right)
        view.viewport().update()
        wait_until(app, lambda b=before_paints: watcher.count > b)
        key_only.append((time.perf_counter() - t) * 1000)

    # scrolling through the whole document page by page
    bar = view.verticalScrollBar()
    monitor.start()
    t = time.perf_counter()
    steps = 0
    value = 0
    while value < bar.maximum() and steps < 400:
        value = min(bar.maximum(), value + bar.pageStep())
        before_paints = watcher.count
        bar.setValue(value)
        wait_until(app, lambda b=before_paints: watcher.count > b)
        steps += 1
    scroll_ms = (time.perf_counter() - t) * 1000
    scroll_stall = monitor.stop()

    # the anonymised preview open beside the original: a burst of accepts, each asking for a
    # new preview of the 1 MB document; planning runs on the work thread, coalesced
    bar.setValue(0)
    preview = window.preview_updates
    shown: list[float] = []
    preview.ready.connect(lambda *_: shown.append(time.perf_counter()))
    window.actions_by_name["toggle_preview"].trigger()
    monitor.start()
    plans_before = preview.plans_started
    preview_keys: list[float] = []
    for _ in range(args.preview_accepts):
        before_updates = len(updated)
        t = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_A)
        wait_until(app, lambda b=before_updates: len(updated) > b)
        preview_keys.append((time.perf_counter() - t) * 1000)
    last_key = time.perf_counter()
    wait_until(app, lambda: not preview.busy and studio.ops.pending == 0, timeout=600)
    preview_stall = monitor.stop()
    preview_plans = preview.plans_started - plans_before
    preview_latency = (shown[-1] - last_key) * 1000 if shown else float("nan")

    studio.ops.wait()
    studio.close()

    med = statistics.median
    p95 = lambda xs: sorted(xs)[int(0.95 * (len(xs) - 1))]  # noqa: E731
    print(
        f"open → first paint:      {first_paint:8.1f} ms   (bare QPlainTextEdit {base_open:.1f} ms, "
        f"ratio {first_paint / base_open:.2f}x; target < 1000 ms)"
    )
    print(f"  of which building the window (before the event loop runs): {built:.1f} ms")
    print(f"memory (RSS) for window:  {rss1 - rss0:8.1f} MB   (process {rss1:.0f} MB)")
    print(
        f"naive 10k ExtraSelections: {naive:7.1f} ms to first paint (ours only formats the visible window)"
    )
    print(f"accept → store commit:   {med(commits):8.1f} ms median, p95 {p95(commits):.1f} ms")
    print(
        f"accept → repaint:        {med(repaints):8.1f} ms median, p95 {p95(repaints):.1f} ms   "
        f"(key → repaint only {med(key_only):.1f} ms, ratio {med(repaints) / med(key_only):.1f}x; "
        "target < 50 ms)"
    )
    print(
        f"scroll {steps} pages:        {scroll_ms:8.1f} ms total, {scroll_ms / max(steps, 1):.1f} ms/page"
    )
    print(
        f"longest event-loop stall: open {open_stall:.0f} ms, accepts {accept_stall:.0f} ms, "
        f"scrolling {scroll_stall:.0f} ms (target < 100 ms)"
    )
    print(
        f"preview open, {args.preview_accepts} accepts: key → store commit {med(preview_keys):.1f} ms "
        f"median (without preview {med(commits):.1f} ms, ratio "
        f"{med(preview_keys) / med(commits):.1f}x); {preview_plans} plans for "
        f"{args.preview_accepts} requests; preview current {preview_latency:.0f} ms after the "
        f"last key; longest stall {preview_stall:.0f} ms (accepts without preview "
        f"{accept_stall:.0f} ms, ratio {preview_stall / max(accept_stall, 1):.1f}x; target < 100 ms)"
    )
    if args.export_documents:
        print(export_phase(app, tmp, args.export_documents, args.accepts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
