"""Worker processes give the same results, in input order, as detection in this process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import redaction.detection.batch as batch
from redaction.detection.batch import (
    WorkerPool,
    detect_documents,
    detect_in_workers,
    path_chunks,
    text_chunks,
)

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import Detector


def cv_lines(fake: Faker, count: int) -> list[str]:
    return [
        f"{fake.name()}\n{fake.city()}\nEmail: {fake.email()}\nPhone: {fake.phone_number()}\n"
        f"{fake.job()} at {fake.company()}."
        for _ in range(count)
    ]


def test_text_chunks_keep_order_and_size() -> None:
    texts = ["a" * 30, "b" * 30, "c" * 50, "d", "e" * 200]
    chunks = list(text_chunks(texts, 60))
    assert [t for chunk in chunks for t in chunk] == texts
    assert chunks == [["a" * 30, "b" * 30], ["c" * 50, "d", "e" * 200]]
    assert list(text_chunks([], 10)) == []


@pytest.fixture(scope="module")
def pooled(detector: Detector) -> Iterator[Detector]:
    """The session detector with a forked worker pool, reused by this module's tests, then
    stopped. (Under pytest Qt is loaded, so the pool would otherwise be spawned: slower.)"""
    detector.close()
    assert detector.worker_pool(2, start_method="fork") is detector.worker_pool(2)
    yield detector
    detector.close()


def test_jobs_two_equals_one_process(pooled: Detector, fake: Faker) -> None:
    detector = pooled
    texts = cv_lines(fake, 16)
    texts[3] = ""
    expected = list(detector.detect_batch(texts))
    # A small chunk size so that the worker really takes a share of the texts.
    got = list(
        detect_in_workers(detector, texts, entities=None, threshold=None, jobs=2, chunk_chars=200)
    )
    assert got == expected
    # The first two chunks always go to the worker (submitted before this process takes any).
    assert list(detector.detect_batch(texts, jobs=2)) == expected  # one chunk: no worker
    filtered = list(
        detect_in_workers(
            detector, texts, entities=["EMAIL_ADDRESS"], threshold=0.5, jobs=2, chunk_chars=300
        )
    )
    assert filtered == list(detector.detect_batch(texts, entities=["EMAIL_ADDRESS"], threshold=0.5))
    assert filtered != expected


def test_documents_in_workers_with_a_bad_file(
    pooled: Detector, fake: Faker, tmp_path: Path
) -> None:
    detector = pooled
    paths = []
    for i, text in enumerate(cv_lines(fake, 6)):
        path = tmp_path / f"cv{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    paths.insert(2, tmp_path / "empty.txt")
    paths.append(tmp_path / "missing.md")

    single = list(detect_documents(paths, settings=detector.settings, detector=detector))
    assert [r.path for r in single] == paths
    assert [r.error is not None for r in single] == [False, False, True] + [False] * 4 + [True]
    assert str(tmp_path / "empty.txt") in (single[2].error or "")
    assert single[0].text == paths[0].read_text(encoding="utf-8")
    assert single[0].spans == tuple(detector.detect(single[0].text))

    workers = list(
        detect_documents(
            paths, settings=detector.settings, detector=detector, jobs=2, chunk_bytes=100
        )
    )
    assert workers == single


def test_path_chunks_group_by_size(tmp_path: Path) -> None:
    paths = []
    for i in range(5):
        path = tmp_path / f"f{i}.txt"
        path.write_text("x" * 40, encoding="utf-8")
        paths.append(path)
    chunks = list(path_chunks([*paths, tmp_path / "missing.txt"], 100))
    assert [p for chunk in chunks for p in chunk] == [*paths, tmp_path / "missing.txt"]
    assert [len(c) for c in chunks] == [3, 3]


def test_a_worker_that_cannot_start_says_why(detector: Detector) -> None:
    from dataclasses import replace
    from functools import partial

    from redaction.detection.batch import WorkerError, _detect_texts, ordered_map

    broken = replace(detector.settings, model="xx_missing_model")
    task = partial(_detect_texts, entities=None, threshold=None)
    chunks = [["Ana Lima"], ["Bo Chen"], ["Cy Diaz"]]
    with pytest.raises(WorkerError, match="xx_missing_model"):
        list(ordered_map(task, chunks, settings=broken, jobs=2, local=lambda: detector))


def test_forked_workers_use_the_detector_they_inherit(detector: Detector, fake: Faker) -> None:
    import os
    from dataclasses import replace
    from functools import partial

    from redaction.detection.batch import _detect_texts, _worker_pid, ordered_map

    # Settings a worker could not build a Detector from: a forked worker never builds one.
    broken = replace(detector.settings, model="xx_missing_model")
    texts = cv_lines(fake, 6)
    with WorkerPool(broken, 1, detector=detector, start_method="fork") as pool:
        assert pool.submit(_worker_pid, None).result() != os.getpid()
        task = partial(_detect_texts, entities=None, threshold=None)
        chunks = [texts[i : i + 2] for i in range(0, 6, 2)]
        got = list(ordered_map(task, chunks, settings=broken, jobs=2, pool=pool))  # all in it
    assert [spans for chunk in got for spans in chunk] == list(detector.detect_batch(texts))


def test_fork_only_when_it_is_safe(detector: Detector, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import threading

    from redaction.detection.batch import choose_start_method

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delitem(sys.modules, "PySide6", raising=False)
    with monkeypatch.context() as patch:  # pytest itself may run threads (pytest-xdist does)
        patch.setattr(batch.threading, "active_count", lambda: 1)
        assert choose_start_method(detector) == "fork"
        assert choose_start_method(None) == "spawn"  # nothing built to share
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert choose_start_method(detector) == "spawn"  # another thread may hold a lock
    finally:
        stop.set()
        thread.join()
    monkeypatch.setitem(sys.modules, "PySide6", sys)  # Qt runs threads Python does not see
    assert choose_start_method(detector) == "spawn"
    monkeypatch.delitem(sys.modules, "PySide6")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert choose_start_method(detector) == "spawn"


def test_documents_with_spawned_workers_when_fork_is_unsafe(
    detector: Detector, fake: Faker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = []
    for i, text in enumerate(cv_lines(fake, 5)):
        paths.append(tmp_path / f"cv{i}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    methods: list[str] = []

    class Recorded(WorkerPool):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            methods.append(self.start_method)

    monkeypatch.setattr(batch, "WorkerPool", Recorded)
    built: list[int] = []

    def build() -> Detector:  # as `redact detect` passes it: a function building the detector
        built.append(1)
        return detector

    single = list(detect_documents(paths, settings=detector.settings, detector=detector))
    monkeypatch.setattr(batch, "fork_is_safe", lambda: False)
    spawned = list(
        detect_documents(paths, settings=detector.settings, detector=build, jobs=2, chunk_bytes=90)
    )
    monkeypatch.setattr(batch, "fork_is_safe", lambda: True)
    forked = list(
        detect_documents(paths, settings=detector.settings, detector=build, jobs=2, chunk_bytes=90)
    )
    assert spawned == single and forked == single
    assert methods == ["spawn", "fork"]


def test_one_unit_of_work_starts_no_worker(
    detector: Detector, fake: Faker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> WorkerPool:
        raise AssertionError("a worker pool was started for one unit of work")

    monkeypatch.setattr(detector, "worker_pool", no_pool)
    monkeypatch.setattr(batch, "WorkerPool", no_pool)
    texts = cv_lines(fake, 3)
    assert list(detector.detect_batch(texts, jobs=2)) == [detector.detect(t) for t in texts]
    path = tmp_path / "cv.txt"
    path.write_text(texts[0], encoding="utf-8")
    for given in (detector, lambda: detector):
        (result,) = detect_documents([path], settings=detector.settings, detector=given, jobs=2)
        assert result.spans == tuple(detector.detect(texts[0]))
