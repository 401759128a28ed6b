"""Annotation store at scale: 10,000 documents and 1,000,000 spans (``--small``: 1,000 / 100,000).

Times, each next to a baseline measured in the same run on the same machine:
  * bulk load through ``SpanStore.bulk_insert`` (one change with its history) vs raw
    sqlite-utils ``insert_all`` of the same rows into a bare table (no events, no indexes);
  * a single accept (the GUI path: one transaction with its events), median of 200, vs a bare
    ``UPDATE`` + commit on the same database;
  * the document list with span counts (``documents()``), a filtered span query;
  * accept-all over every suggestion, and undoing it, vs a bare status ``UPDATE`` of the same
    rows (same indexes and count triggers, no history);
  * export to each format found in ``annotations.exporters`` (skipped with a note if absent).
Prints spans/s, the ratios and the database size, then the targets with PASS/FAIL:
a single accept < 5 ms median; JSONL export >= 100,000 spans/s.
On a shared machine absolute numbers move with the load: compare ratios from one run.

    python benchmarks/store.py [--small] [--docs N] [--spans-per-doc N] [--dir DIR] [--keep]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import itertools
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from faker import Faker
from sqlite_utils import Database

from annotations.store import SpanStore
from redaction.documents import Document
from redaction.spans import Span

TARGET_ACCEPT_MS = 5.0
TARGET_JSONL_SPANS_S = 100_000
FILLER = ["worked", "with", "the", "team", "on", "several", "projects", "and", "reported", "to"]
KINDS = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION", "ORGANIZATION", "URL")


@functools.cache
def pools(seed: int = 7) -> dict[str, list[str]]:
    """A few thousand fake values per label, generated once (Faker per span would dominate)."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return {
        "PERSON": [fake.name() for _ in range(2000)],
        "EMAIL_ADDRESS": [fake.email() for _ in range(2000)],
        "PHONE_NUMBER": [fake.phone_number() for _ in range(2000)],
        "LOCATION": [fake.city() for _ in range(1000)],
        "ORGANIZATION": [fake.company().replace(",", "") for _ in range(1000)],
        "URL": [f"https://{fake.domain_name()}/{fake.user_name()}" for _ in range(1000)],
    }


def synthetic(n_docs: int, per_doc: int, seed: int = 7) -> Iterator[tuple[Document, list[Span]]]:
    """Documents of ``per_doc`` entities separated by filler words; spans on token bounds."""
    rng = random.Random(seed)
    values = pools(seed)
    for i in range(n_docs):
        parts: list[str] = [f"Document {i}."]
        spans: list[Span] = []
        at = len(parts[0]) + 1
        for _ in range(per_doc):
            label = rng.choice(KINDS)
            value = rng.choice(values[label])
            spans.append(Span(at, at + len(value), label, round(rng.random(), 3), "bench"))
            words = " ".join(rng.sample(FILLER, 4))
            parts.append(f"{value} {words}.")
            at += len(value) + len(words) + 3
        text = " ".join(parts)
        data = text.encode()
        doc = Document(
            Path(f"/bench/{i}.txt"), "txt", text, hashlib.sha256(data).hexdigest(), len(data)
        )
        yield doc, spans


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def size_mb(path: Path) -> float:
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


def report(name: str, seconds: float, spans: int, baseline: float | None = None) -> None:
    rate = f"{spans / seconds:>12,.0f} spans/s" if spans else " " * 20
    ratio = f"   {seconds / baseline:5.2f}x the baseline" if baseline else ""
    print(f"  {name:<34} {seconds:8.3f} s {rate}{ratio}")


def bulk_load(store: SpanStore, n_docs: int, per_doc: int, chunk: int = 500) -> float:
    """Load in chunks of ``chunk`` documents (one transaction each); only the store is timed."""
    items = synthetic(n_docs, per_doc)
    total = 0.0
    while batch := list(itertools.islice(items, chunk)):
        total += timed(functools.partial(store.bulk_insert, batch))[0]
    return total


def raw_insert_baseline(folder: Path, n_docs: int, per_doc: int) -> float:
    db = Database(folder / "baseline.db")
    db.conn.execute("PRAGMA journal_mode=wal")
    rows = [
        {"document_id": i, "start": s.start, "end": s.end, "label": s.label, "text": doc.text[s.start : s.end],
         "score": s.score, "source": s.source, "status": "suggested"}
        for i, (doc, spans) in enumerate(synthetic(n_docs, per_doc)) for s in spans
    ]  # fmt: skip
    seconds, _ = timed(lambda: db["spans"].insert_all(rows, batch_size=10_000))
    db.close()
    return seconds


def single_accepts(store: SpanStore, n: int = 200) -> list[float]:
    ids = [s.id for s in store.spans(doc_id=store.documents()[0].id)]
    ids += [s.id for s in store.spans(doc_id=store.documents()[-1].id)]
    rng = random.Random(3)
    chosen = rng.sample(ids, min(n, len(ids)))
    times = []
    for span_id in chosen:
        start = time.perf_counter()
        store.accept(span_id)
        times.append(time.perf_counter() - start)
    for _ in chosen:  # leave them suggested for accept-all
        store.undo_last()
    return times


def bare_updates(path: Path, ids: list[int]) -> list[float]:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = NORMAL")  # as the store sets it
    times = []
    for span_id in ids:
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE spans SET updated = ? WHERE id = ?", (repr(start), span_id))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.close()
    return times


def exports(store: SpanStore, folder: Path, spans: int) -> dict[str, float]:
    try:
        from annotations.exporters import EXPORTERS
    except ImportError as exc:
        print(f"  exporters: not available yet ({exc}); skipped")
        return {}
    rates: dict[str, float] = {}
    read_s, _ = timed(lambda: (store.documents(with_text=True), store.spans(status="accepted")))
    report("store read for export (baseline)", read_s, spans)
    table_s, _ = timed(
        lambda: (store.documents(with_text=True), store.span_table(status="accepted"))
    )
    report("store read, span_table()", table_s, spans)
    for name, export in EXPORTERS.items():
        out = folder / f"export-{name}{'.spacy' if name == 'spacy' else '.jsonl'}"
        try:
            seconds, result = timed(lambda export=export, out=out: export(store, out))
        except Exception as exc:  # another part's exporter failing must not hide the rest
            print(f"  export {name}: FAILED ({type(exc).__name__}: {exc})")
            continue
        written = getattr(result, "spans", spans) or spans
        report(f"export {name} ({out.stat().st_size / 1e6:.0f} MB)", seconds, written, read_s)
        rates[name] = written / seconds
    return rates


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="1,000 documents / 100,000 spans")
    parser.add_argument("--docs", type=int, help="number of documents (default 10,000)")
    parser.add_argument("--spans-per-doc", type=int, default=100)
    parser.add_argument("--dir", type=Path, help="where to build the databases (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)
    n_docs = args.docs or (1_000 if args.small else 10_000)
    per_doc = args.spans_per_doc
    n_spans = n_docs * per_doc
    folder = Path(tempfile.mkdtemp(prefix="redact-store-bench-", dir=args.dir))
    path = folder / "bench.db"
    print(f"store benchmark: {n_docs:,} documents, {n_spans:,} spans in {folder}")
    try:
        store = SpanStore.open(path, annotator="bench")
        baseline = raw_insert_baseline(folder, n_docs, per_doc)
        report("baseline: sqlite-utils insert_all", baseline, n_spans)
        report(
            "bulk load (bulk_insert + history)",
            bulk_load(store, n_docs, per_doc),
            n_spans,
            baseline,
        )
        print(f"  database size {size_mb(path):,.0f} MB")

        times = single_accepts(store)
        ids = [s.id for s in store.spans(doc_id=store.documents()[1].id)][:200]
        bare = bare_updates(path, ids)
        accept_ms = statistics.median(times) * 1000
        print(f"  single accept: median {accept_ms:.2f} ms, p95 "
              f"{sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms; bare UPDATE+commit median "
              f"{statistics.median(bare) * 1000:.2f} ms ({accept_ms / (statistics.median(bare) * 1000):.1f}x)")  # fmt: skip

        seconds, docs = timed(store.documents)
        report(f"document list with counts ({len(docs):,})", seconds, 0)
        seconds, found = timed(lambda: store.spans(label="PERSON", min_score=0.9))
        report(f"filtered query ({len(found):,} spans)", seconds, len(found))

        seconds, change = timed(store.accept_all)
        accepted = len(change.event_ids)
        undo_s, _ = timed(store.undo_last)
        bare_s = bare_bulk_update(path)
        report("accept-all", seconds, accepted, bare_s)
        report("undo accept-all", undo_s, accepted, bare_s)
        report("baseline: bare status UPDATE, no history", bare_s, n_spans)
        seconds, _ = timed(lambda: store.accept_all(mark_done=True))
        report("accept-all + mark done", seconds, n_spans)
        print(f"  database size {size_mb(path):,.0f} MB")

        rates = exports(store, folder, n_spans)
        store.close()
        print("targets:")
        verdict = "PASS" if accept_ms < TARGET_ACCEPT_MS else "FAIL"
        print(f"  {verdict} single accept median {accept_ms:.2f} ms < {TARGET_ACCEPT_MS} ms")
        if "prodigy" in rates:
            verdict = "PASS" if rates["prodigy"] >= TARGET_JSONL_SPANS_S else "FAIL"
            print(
                f"  {verdict} export JSONL {rates['prodigy']:,.0f} spans/s >= {TARGET_JSONL_SPANS_S:,}"
            )
        else:
            print("  SKIP export JSONL (exporters not available)")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def bare_bulk_update(path: Path) -> float:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    # the same row work as accept-all (status, annotator, time; indexes and count triggers)
    # without the history
    seconds, _ = timed(
        lambda: conn.execute(
            "UPDATE spans SET status = CASE status WHEN 'accepted' THEN 'suggested' "
            "ELSE 'accepted' END, annotator = 'bare', updated = 'bare'"
        )
    )
    conn.execute("ROLLBACK")
    conn.close()
    return seconds


if __name__ == "__main__":
    sys.exit(main())
