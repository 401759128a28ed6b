"""The CLI's progress line tells how fast the work goes and when it will be done."""

from __future__ import annotations

import io

import pytest

from redaction import progress as progress_module
from redaction.progress import StderrProgress, duration, pace


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_line_gives_a_rate_and_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock()
    monkeypatch.setattr(progress_module.time, "monotonic", clock)
    out = io.StringIO()
    show = StderrProgress("import", stream=out, interval=0)
    clock.now += 10
    show(20, 100, "cv-20.pdf")
    assert out.getvalue() == "import: 20/100 (20%) 10s, 2.0/s, about 40s left cv-20.pdf\n"
    clock.now += 40
    show(100, 100, "")
    assert out.getvalue().splitlines()[-1] == "import: 100/100 (100%) 50s, 2.0/s"


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "shown"),
    [
        (0, 10, 5.0, ""),  # no rate yet
        (3, 10, 0.5, ""),  # too early to tell
        (30, None, 10.0, ", 3.0/s"),  # no total: no time left
        (1, 1000, 12.0, ", 0.1/s, about 3 h 20 min left"),
        (500, 1000, 10.0, ", 50/s, about 10s left"),
    ],
)
def test_pace(done: int, total: int | None, elapsed: float, shown: str) -> None:
    assert pace(done, total, elapsed) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0.2, "1s"), (89, "89s"), (150, "2 min"), (3900, "1 h 05 min")]
)
def test_duration(seconds: float, shown: str) -> None:
    assert duration(seconds) == shown
