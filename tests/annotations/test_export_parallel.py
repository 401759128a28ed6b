"""Large exports encoded by forked workers write exactly what the in-process loop writes."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from faker import Faker

from annotations.errors import StoreError
from annotations.exporters import EXPORTERS, ExportReport, collect_documents, parallel
from annotations.exporters.records import select_documents
from annotations.store import SpanStore
from redaction.documents import Document
from redaction.errors import RedactError, portable
from redaction.spans import Span

N_DOCUMENTS = 230


def _document(n: int, fake: Faker) -> tuple[Document, list[Span]]:
    name, company, city = fake.name(), fake.company(), fake.city()
    text = f"{name} worked at {company} in {city}.\n\nCall {name.split()[0]} on {n} (ref. {n}x)"
    at = text.index(company)
    spans = [
        Span(0, len(name), "PERSON", 0.9, "spacy"),
        Span(at, at + len(company), "ORGANIZATION", 0.6, "spacy"),
        Span(text.index(city), text.index(city) + len(city), "LOCATION", 0.7, "spacy"),
    ]
    if n % 7 == 0:  # inside a token: reported as misaligned, left out of token formats
        spans.append(Span(1, 3, "PERSON", 0.9, "spacy"))
    if n % 5 == 0:  # with the space after it: trimmed to the tokens
        spans.append(Span(at, at + len(company) + 1, "ADDRESS", 0.9, "manual"))
    data = text.encode("utf-8")
    doc = Document(
        Path(f"/data/cv-{n}.txt"), "txt", text, hashlib.sha256(data).hexdigest(), len(data)
    )
    return doc, spans


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SpanStore]:
    fake = Faker("en_GB")
    fake.seed_instance(12)
    path = tmp_path_factory.mktemp("parallel") / "big.db"
    with SpanStore.open(path, annotator="alice") as store:
        ids = store.bulk_insert([_document(n, fake) for n in range(N_DOCUMENTS)])
        store.accept_all(label="PERSON", mark_done=True)
        store.accept_all(label="ADDRESS")
        store.reject_all(label="LOCATION")
        for doc_id in ids[::9]:
            store.set_status(doc_id, "in_progress")
        yield store


@pytest.fixture
def workers_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even under the test runner (its plugins may have imported Qt without starting it)."""
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)


def _export(
    fmt: str, source: object, out: Path, parallel_on: bool, **filters: object
) -> ExportReport:
    threshold = parallel.MIN_PARALLEL_DOCUMENTS if parallel_on else 10**9
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parallel, "MIN_PARALLEL_DOCUMENTS", threshold)
        return EXPORTERS[fmt](source, out, **filters)


FILTERS = [
    {},
    {"statuses": ("accepted", "rejected", "suggested"), "include_unfinished": True},
    {"labels": ["PERSON", "ADDRESS"], "statuses": ("accepted", "suggested")},
]


@pytest.mark.usefixtures("workers_allowed")
@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "conll"])
@pytest.mark.parametrize("filters", FILTERS)
def test_workers_write_the_same_bytes_and_report_as_one_process(
    big_store: SpanStore, tmp_path: Path, fmt: str, filters: dict
) -> None:
    selection = select_documents(big_store, **filters)
    assert parallel.export_workers(selection) == 2
    plain = _export(fmt, big_store, tmp_path / "plain.jsonl", False, **filters)
    fast = _export(fmt, big_store, tmp_path / "fast.jsonl", True, **filters)
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
    assert (fast.documents, fast.spans, fast.issues) == (plain.documents, plain.spans, plain.issues)
    assert plain.documents >= parallel.MIN_PARALLEL_DOCUMENTS
    assert plain.spans > 0
    assert {issue.kind for issue in plain.issues} >= {"misaligned", "trimmed"} or fmt == "doccano"


@pytest.mark.usefixtures("workers_allowed")
def test_progress_counts_every_document_once_more_at_the_end(
    big_store: SpanStore, tmp_path: Path
) -> None:
    calls: list[tuple[int, int]] = []
    report = EXPORTERS["prodigy"](
        big_store,
        tmp_path / "p.jsonl",
        progress=lambda done, total, _unit: calls.append((done, total)),
    )
    total = report.documents
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


@pytest.mark.usefixtures("workers_allowed")
def test_small_in_memory_or_unsafe_exports_stay_in_process(
    big_store: SpanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = collect_documents(big_store)
    assert parallel.export_workers(select_documents(records)) == 0  # not a store
    with SpanStore.open(":memory:", annotator="alice") as memory:
        assert parallel.export_workers(select_documents(memory)) == 0
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: False)
    assert parallel.export_workers(select_documents(big_store)) == 0
    monkeypatch.setattr(parallel, "fork_is_safe", lambda: True)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_DOCUMENTS", N_DOCUMENTS + 1)
    assert parallel.export_workers(select_documents(big_store)) == 0


def test_a_worker_error_reaches_the_caller_as_a_one_line_redact_error() -> None:
    error = portable(StoreError("/tmp/x.db", "database is locked"))
    assert isinstance(error, RedactError)
    assert str(error) == "/tmp/x.db: database is locked"
    plain = ValueError("bad")
    assert portable(plain) is plain
