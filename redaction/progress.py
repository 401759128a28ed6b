"""Progress is reported by the core through a plain callback; the CLI and GUI decide how to show it."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

#: ``progress(done, total, message)``: ``total`` may be None when unknown.
ProgressCallback = Callable[[int, "int | None", str], None]


def no_progress(done: int, total: int | None, message: str = "") -> None:
    """The default callback: report nothing."""


class StderrProgress:
    """A one-line progress display for the CLI.

    On a terminal it rewrites one line; otherwise (pipes, CI logs) it prints a line at most every
    ``interval`` seconds and at the end, so logs stay short.
    """

    def __init__(
        self, what: str, stream: TextIO | None = None, interval: float = 2.0, min_total: int = 2
    ) -> None:
        self.what = what
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.min_total = min_total
        self._last = 0.0
        self._start = time.monotonic()
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._open_line = False

    def __call__(self, done: int, total: int | None, message: str = "") -> None:
        if total is not None and total < self.min_total:
            return
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < (0.1 if self._tty else self.interval):
            return
        self._last = now
        elapsed = now - self._start
        count = f"{done}/{total}" if total is not None else f"{done}"
        pct = f" ({100 * done // total}%)" if total else ""
        line = f"{self.what}: {count}{pct} {elapsed:.0f}s{pace(done, total, elapsed)} {message}"
        line = line.rstrip()
        if self._tty:
            self.stream.write("\r\x1b[K" + line[:200])
            self._open_line = not final
            if final:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self._open_line:
            self.stream.write("\n")
            self.stream.flush()
            self._open_line = False


def pace(done: int, total: int | None, elapsed: float) -> str:
    """ ", 3.2/s, about 40s left": the rate so far and the time the rest takes at that rate;
    nothing before there is a rate to tell (the first items, the first second)."""
    if done <= 0 or elapsed < 1.0:
        return ""
    rate = done / elapsed
    shown = f"{rate:.1f}/s" if rate < 10 else f"{rate:.0f}/s"
    left = time_left(done, total, elapsed)
    return f", {shown}, {left}" if left else f", {shown}"


def time_left(done: int, total: int | None, elapsed: float) -> str:
    """ "about 40s left" at the rate so far; "" before there is one, or when all is done."""
    if done <= 0 or elapsed < 1.0 or total is None or done >= total:
        return ""
    return f"about {duration((total - done) * elapsed / done)} left"


def duration(seconds: float) -> str:
    """ "40s", "3 min", "1 h 05 min"."""
    if seconds < 90:
        return f"{max(1, round(seconds))}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
