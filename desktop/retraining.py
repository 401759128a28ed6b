"""Background retraining: after every N documents marked done (Preferences, default 20; 0 turns
it off) the project's model is retrained in a process of its own (``desktop.retrain_process``)
and switched on when it scores higher on held-out documents; the status bar follows it.

The process runs ``retrain_if_better``, the core use case behind ``redact train --db …
--if-better``. Nothing here waits on it: its progress lines arrive through ``QProcess`` signals,
so a keystroke decision never queues behind the training. **Model ▸ Stop background
retraining** (or closing the window) kills it; a model folder left half-written is removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QSettings, Signal

#: The Preferences setting: retrain after this many more documents are done (0: never).
EVERY_SETTING = "learning/retrain_every"
DEFAULT_EVERY = 20
EPOCHS = 20


def retrain_every(settings: QSettings) -> int:
    try:
        return max(0, int(str(settings.value(EVERY_SETTING, DEFAULT_EVERY))))
    except (TypeError, ValueError):
        return DEFAULT_EVERY


class BackgroundRetraining(QObject):
    """Counts documents done and runs the retraining process when N more are done."""

    message = Signal(str)  # for the status bar
    running_changed = Signal(bool)
    switched_on = Signal(str)  # the model folder, once it is on for the project

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.db: Path | None = None
        self.model: str | None = None
        self.process: QProcess | None = None
        self.out: Path | None = None
        self._finished = False
        #: The command that runs one retraining (tests put a stand-in here).
        self.command: list[str] = [sys.executable, "-m", "desktop.retrain_process"]

    @property
    def running(self) -> bool:
        return self.process is not None

    def _key(self) -> str:
        digest = hashlib.sha256(str(self.db).encode("utf-8")).hexdigest()[:16]
        return f"learning/retrained_at/{digest}"

    def documents_done(self, db: str | Path | None, done: int, model: str | None = None) -> None:
        """The project ``db`` has ``done`` documents marked done: retrain if N more are done
        than at the last run (or than when the project was first seen here)."""
        if db is None or str(db) == ":memory:":
            return
        self.db, self.model = Path(db), model
        every = retrain_every(self.settings)
        key = self._key()
        if self.settings.value(key) is None:
            self.settings.setValue(key, done)  # the count to grow from
            return
        last = int(str(self.settings.value(key, 0)))
        if done < last:
            self.settings.setValue(key, done)  # documents reopened: count from here
            return
        if every and not self.running and done - last >= every:
            self.start(done)

    def start(self, done: int) -> None:
        from annotations.project.learning import default_model_dir

        assert self.db is not None
        self.settings.setValue(self._key(), done)
        self.out = default_model_dir(self.db)
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONPATH", os.pathsep.join(p for p in sys.path if p and os.path.isdir(p)))
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._on_finished)
        self.process, self._finished = process, False
        program, *args = self.command
        process.start(program, [*args, str(self.db), str(self.out), str(EPOCHS), self.model or ""])
        self.running_changed.emit(True)
        self.message.emit(
            f"Retraining the project's model in the background ({done} documents done)…"
        )

    def _read(self) -> None:
        process = self.process
        if process is None:
            return
        while process.canReadLine():
            line = bytes(process.readLine().data()).decode("utf-8", errors="replace").strip()
            try:
                update: dict[str, Any] = json.loads(line)
            except ValueError:
                continue
            if "epoch" in update:
                self.message.emit(
                    f"Retraining the project's model: epoch {update['epoch']}/{update['epochs']}, "
                    f"dev F {update.get('f', 0):.2f}"
                )
            elif "done" in update:
                self._finished = True
                if update.get("switched_on"):
                    self.message.emit(f"Background retraining: {update['done']}")
                    self.switched_on.emit(str(update.get("out", self.out)))
                else:  # a model no better than the detection in use is not kept
                    self._remove_partial()
                    self.message.emit(f"Background retraining: {update['done']}; discarded")
            elif "error" in update:
                self._finished = True
                self.message.emit(f"Background retraining stopped: {update['error']}")

    def _on_finished(self, *_: object) -> None:
        self._read()
        if not self._finished:
            self._remove_partial()
            self.message.emit("Background retraining stopped")
        self.process = None
        self.running_changed.emit(False)

    def cancel(self) -> None:
        """Kill the run; a model folder it was writing is removed."""
        process = self.process
        if process is None:
            return
        process.kill()
        process.waitForFinished(5000)

    def _remove_partial(self) -> None:
        if self.out is not None and self.out.exists():
            shutil.rmtree(self.out, ignore_errors=True)
