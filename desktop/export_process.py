"""The export's own process: an anonymised export is tens of seconds of Python (detector,
writers, leak check) that would otherwise share the interpreter lock with the GUI thread, so
the event loop stalls while reviewing goes on beside it.

The parent (``ExportProcess.run``, on the app's work thread) starts
``python -m desktop.export_process`` for each export and writes one pickled ``ExportRequest`` on
its stdin. The process opens the project's database itself, builds its own detector from the
engine's recipe, runs the same core use case as ``redact anonymize --db`` / ``redact export``
and writes pickled messages on stdout: ``("progress", done, total, message)`` any number of
times, then ``("ok", report)`` or ``("error", exception)``. Killing it cancels the export.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any, BinaryIO

from annotations.project import Project
from desktop.exporting import DocumentsExport, TrainingExport, export_documents, export_training
from redaction.errors import portable
from redaction.progress import ProgressCallback


@dataclass(frozen=True)
class ExportRequest:
    project: Project
    job: TrainingExport | DocumentsExport
    #: How the process builds its detector for the residual check (a picklable callable, such
    #: as the engine's factory); None: no residual check, for the reason in ``no_detector``.
    detector_factory: Any = None
    no_detector: str | None = None


def run_request(request: ExportRequest, progress: ProgressCallback) -> str:
    """The export itself, as the process runs it."""
    project = request.project
    store = project.open_store()
    try:
        job = request.job
        if isinstance(job, TrainingExport):
            return export_training(store, job, progress)
        detector, why = None, request.no_detector
        if request.detector_factory is not None:
            try:
                detector = request.detector_factory()
            except Exception as exc:  # the export goes on; its report says what is missing
                why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return export_documents(store, job, project.labels, detector, progress, no_detector=why)
    finally:
        store.close()


class ExportCancelled(RuntimeError):
    """The export process was stopped (the window closed)."""


class ExportProcess:
    """The parent's handle on one export: ``run`` from a worker thread, ``kill`` from any."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._killed = threading.Event()

    def run(self, request: ExportRequest, progress: ProgressCallback) -> str:
        """Run the export in its own process and wait for its report (releases the GIL)."""
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.export_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._proc = proc
        if self._killed.is_set():  # killed while starting
            proc.kill()
        assert proc.stdin is not None and proc.stdout is not None
        try:
            try:
                proc.stdin.write(payload)
                proc.stdin.close()
            except OSError:
                pass  # it stopped at once: reported below
            while True:
                try:
                    message = pickle.load(proc.stdout)
                except (EOFError, OSError, pickle.UnpicklingError):
                    break
                if message[0] == "progress":
                    progress(*message[1:])
                elif message[0] == "ok":
                    return str(message[1])
                else:
                    raise message[1]
        finally:
            proc.stdout.close()
            code = proc.wait()
        if self._killed.is_set():
            raise ExportCancelled("the export was stopped")
        raise RuntimeError(f"the export process stopped (exit code {code})")

    def kill(self) -> None:
        self._killed.set()
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()


def _send(answers: BinaryIO, message: tuple[Any, ...]) -> None:
    pickle.dump(message, answers, protocol=pickle.HIGHEST_PROTOCOL)
    answers.flush()


def serve(requests: BinaryIO, answers: BinaryIO) -> int:
    request: ExportRequest = pickle.load(requests)

    def progress(done: int, total: int | None, message: str = "") -> None:
        _send(answers, ("progress", done, total, message))

    try:
        _send(answers, ("ok", run_request(request, progress)))
        return 0
    except Exception as exc:  # shown in the dialog's report, as if it ran in the app
        _send(answers, ("error", portable(exc)))
        return 1


def main() -> int:
    if hasattr(os, "nice"):  # background work: the GUI process gets the CPU first
        os.nice(10)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the answers
    return serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    raise SystemExit(main())
