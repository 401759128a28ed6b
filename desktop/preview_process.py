"""The preview planner's own process: planning a large document is seconds of pure Python that
would otherwise compete with the GUI thread for the interpreter lock.

The parent starts ``python -m desktop.preview_process`` once and keeps it: each request is one
pickled ``build_preview`` argument tuple on stdin, each answer one pickled ``("ok", result)`` or
``("error", message)`` on stdout. Closing stdin ends the process; killing it cancels a plan.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from typing import Any, BinaryIO

from desktop.preview import PreviewResult, build_preview


class PlannerProcess:
    """The parent's handle on the planner process (used from one worker thread at a time)."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "desktop.preview_process"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.busy = False

    def plan(self, *args: Any) -> PreviewResult:
        """Run ``build_preview(*args)`` in the process and wait for it (releases the GIL)."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self.busy = True
        try:
            pickle.dump(args, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
            status, value = pickle.load(self._proc.stdout)
        except (EOFError, OSError, ValueError, pickle.UnpicklingError) as exc:
            raise RuntimeError("the preview process stopped") from exc
        finally:
            self.busy = False
        if status != "ok":
            raise RuntimeError(str(value))
        result: PreviewResult = value
        return result

    @property
    def alive(self) -> bool:
        return self._proc.poll() is None

    def close(self) -> None:
        """Stop the process at once, also in the middle of a plan."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None:
                pipe.close()


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    while True:
        try:
            args = pickle.load(requests)
        except EOFError:
            return
        try:
            answer: tuple[str, Any] = ("ok", build_preview(*args))
        except Exception as exc:  # reported to the parent, shown in the preview pane
            answer = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


def main() -> None:
    if hasattr(os, "nice"):  # background work: the GUI process gets the CPU first
        os.nice(10)
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing a library prints may corrupt the answers
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    main()
