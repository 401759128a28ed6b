"""`redact import --jobs 2` forks its worker while the store is open: the results and the
database are the same as with one process."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import redaction.detection.batch as batch
from annotations.cli import main, store_commands
from annotations.store import SpanStore

if TYPE_CHECKING:
    from faker import Faker

    from redaction.detection import Detector


def write_letters(folder: Path, fake: Faker, count: int) -> None:
    folder.mkdir()
    for i in range(count):
        paragraphs = [
            f"{fake.name()}\n{fake.street_address()}\n{fake.city()} {fake.postcode()}",
            f"Dear {fake.name()},",
            *(fake.paragraph(nb_sentences=6) for _ in range(6)),
            f"Yours sincerely,\n{fake.name()}\n{fake.email()} | {fake.phone_number()}",
        ]
        (folder / f"letter-{i:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def stored(db: Path) -> list[tuple[str, int, int, str, str]]:
    with SpanStore.open(db) as store:
        return sorted(
            (Path(doc.path).name, s.start, s.end, s.label, s.status)
            for doc in store.documents()
            for s in store.spans(doc.id)
        )


def test_import_with_a_forked_worker_matches_one_process(
    detector: Detector, fake: Faker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "letters"
    write_letters(folder, fake, 28)  # over two units of work: the worker takes the first ones
    assert sum(p.stat().st_size for p in folder.iterdir()) > 2 * batch.CHUNK_CHARS
    monkeypatch.setattr(store_commands, "make_detector", lambda *a: detector)
    monkeypatch.setattr(batch, "fork_is_safe", lambda: True)  # pytest has Qt loaded
    detector.close()  # the pool is forked by this import, with its store open
    try:
        assert main(["import", str(folder), "--db", str(tmp_path / "two.db"), "--jobs", "2"]) == 0
        pool = detector._pool
        assert pool is not None and pool.start_method == "fork"
        assert pool.submit(batch._worker_pid, None).result() != __import__("os").getpid()
    finally:
        detector.close()
    assert main(["import", str(folder), "--db", str(tmp_path / "one.db")]) == 0
    one, two = stored(tmp_path / "one.db"), stored(tmp_path / "two.db")
    assert len({name for name, *_ in one}) == 28
    assert two == one
    # The store the parent kept open is still usable after the children exited.
    assert main(["import", str(folder), "--db", str(tmp_path / "two.db"), "--jobs", "2"]) == 0
    assert stored(tmp_path / "two.db") == one
