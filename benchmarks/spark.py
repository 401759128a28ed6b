"""Anonymising on Spark against ``redact anonymize``, on the same generated CVs, in one run.

Writes ``--docs`` generated CVs (Faker en_GB, seeded; the builder of ``throughput.py``) as TXT
files, then runs each command in a fresh process, as a user would, and prints documents/s:

* ``redact anonymize DIR --out OUT --jobs 1`` and ``--jobs 2`` (the baseline);
* ``redact spark anonymize DIR OUT --master local[1]`` and ``local[2]``.

Every run includes its start-up (interpreter, JVM, detector loading in each process): a
cluster's executors pay that once per worker, so with more documents its share falls. Also
printed: the peak memory (RSS) of the largest single Python process of each run, which for
Spark is an executor's Python worker, and the ratios the targets are set on: ``local[2]`` over
``local[1]`` (>= 1.7) and ``local[1]`` over ``--jobs 1`` (>= 0.8); memory per worker <= 700 MB.
Every run must write the same outputs (checked), so the figures compare the same work.

    python benchmarks/spark.py [--docs 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.throughput import _descendants, _rss_pss_kb, load, make_cv  # noqa: E402

TARGET_SCALING = 1.7
TARGET_OVERHEAD = 0.8
TARGET_WORKER_MB = 700.0
KEY = "benchmark-key"


class PeakPerProcess(threading.Thread):
    """The largest RSS any single process below ``root`` reached (sampled every 0.2 s), and
    the largest among the processes whose command line holds ``marker``."""

    def __init__(self, root: int, marker: str, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.marker, self.interval = root, marker, interval
        self.peak_kb = self.peak_marked_kb = self.marked = 0
        self._seen: set[int] = set()
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            for pid in [self.root, *_descendants(self.root)]:
                rss, _ = _rss_pss_kb(pid)
                self.peak_kb = max(self.peak_kb, rss)
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                except OSError:
                    continue
                if self.marker.encode() in command:
                    self._seen.add(pid)
                    self.peak_marked_kb = max(self.peak_marked_kb, rss)
            self.marked = len(self._seen)


@dataclass
class Run:
    name: str
    wall: float
    documents: int
    peak_mb: float  # the largest single process
    worker_mb: float  # the largest Spark Python worker (0 for the CLI)
    workers: int
    load: str

    @property
    def per_second(self) -> float:
        return self.documents / self.wall


def run(name: str, command: list[str], documents: int, marker: str = "pyspark.daemon") -> Run:
    current = load()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    sampler = PeakPerProcess(process.pid, marker)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    sampler.stopped.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: some output leaked and was quarantined
        sys.stderr.write(err[-3000:])
        raise SystemExit(f"{name} failed with status {process.returncode}")
    return Run(
        name,
        wall,
        documents,
        sampler.peak_kb / 1024.0,
        sampler.peak_marked_kb / 1024.0,
        sampler.marked,
        current,
    )


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*doc-*")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="generated CVs (default 2000)")
    parser.add_argument("--keep", type=Path, help="keep the inputs and outputs in this folder")
    args = parser.parse_args(argv)
    if shutil.which("java") is None:
        raise SystemExit("benchmarks/spark.py: Spark needs Java 17+ on PATH")

    from faker import Faker

    work = args.keep or Path(tempfile.mkdtemp(prefix="redact-spark-bench-"))
    inputs = work / "cvs"
    inputs.mkdir(parents=True, exist_ok=True)
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    size = 0
    for index in range(args.docs):
        text = make_cv(fake)
        size += len(text.encode("utf-8"))
        (inputs / f"cv-{index:05}.txt").write_text(text, encoding="utf-8")
    print(
        f"{args.docs} generated CVs, {size / 1e6:.1f} MB, in {inputs}; machine: {os.cpu_count()} cores"
    )
    env_python = [sys.executable, "-m", "annotations.cli"]
    common = ["--style", "pseudonym", "--key", KEY]
    runs: list[Run] = []
    for jobs in (1, 2):
        out = work / f"cli-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        command = [*env_python, "anonymize", str(inputs), "--out", str(out), "--jobs", str(jobs)]
        runs.append(run(f"redact anonymize --jobs {jobs}", command + common, args.docs))
        print(f"  {runs[-1].name}: {runs[-1].wall:.1f} s", flush=True)
    for cores in (1, 2):
        out = work / f"spark-{cores}"
        shutil.rmtree(out, ignore_errors=True)
        command = [*env_python, "spark", "anonymize", str(inputs), str(out)]
        command += ["--master", f"local[{cores}]"]
        runs.append(run(f"redact spark anonymize local[{cores}]", command + common, args.docs))
        print(f"  {runs[-1].name}: {runs[-1].wall:.1f} s", flush=True)

    reference = outputs(work / "cli-1")
    same = all(outputs(work / folder) == reference for folder in ("cli-2", "spark-1", "spark-2"))
    print()
    print(f"{'run':34} {'wall s':>8} {'docs/s':>8} {'peak MB':>8} {'worker MB':>10}  load")
    for r in runs:
        worker = f"{r.worker_mb:10.0f}" if r.workers else f"{'-':>10}"
        print(f"{r.name:34} {r.wall:8.1f} {r.per_second:8.1f} {r.peak_mb:8.0f} {worker}  {r.load}")
    by_name = {r.name: r for r in runs}
    one, two = (
        by_name["redact spark anonymize local[1]"],
        by_name["redact spark anonymize local[2]"],
    )
    cli_one, cli_two = by_name["redact anonymize --jobs 1"], by_name["redact anonymize --jobs 2"]
    scaling = two.per_second / one.per_second
    overhead = one.per_second / cli_one.per_second
    worker_mb = max(one.worker_mb, two.worker_mb)
    print()
    print(f"outputs identical in all four runs: {'yes' if same else 'NO'} ({len(reference)} files)")
    print(
        f"local[2] / local[1]: {scaling:.2f}x (target >= {TARGET_SCALING}); "
        f"redact anonymize --jobs 2 / --jobs 1: {cli_two.per_second / cli_one.per_second:.2f}x"
    )
    print(f"local[1] / redact anonymize --jobs 1: {overhead:.2f}x (target >= {TARGET_OVERHEAD})")
    print(
        f"peak RSS of a Spark Python worker: {worker_mb:.0f} MB (target <= {TARGET_WORKER_MB:.0f})"
    )
    per_core = one.per_second
    cores = 1_000_000 / 3600 / per_core
    print(
        f"one executor core anonymises {per_core:.1f} CVs/s here: a million CVs in an hour takes "
        f"about {cores:.0f} such cores"
    )
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
