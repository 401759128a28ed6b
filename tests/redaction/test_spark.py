"""``redaction.spark`` and ``redact spark`` on a local cluster (``local[2]``, tasks retried
once): the outputs equal ``redact anonymize``'s byte for byte, detection equals ``redact
detect``, a bad document is one failed row, pseudonyms agree across partitions, and a task
killed and retried leaves one output."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from faker import Faker

from annotations.cli import main
from redaction.anonymization.batch import DetectedOptions
from redaction.errors import OutputExistsError
from tests.factories import make_cv_text, make_docx, make_pdf

# CI sets REDACT_REQUIRE_SPARK: there these tests fail rather than skip.
_MISSING = (
    "the spark extra is not installed"
    if importlib.util.find_spec("pyspark") is None
    else "Spark needs Java 17+ and no java is on PATH"
    if shutil.which("java") is None
    else None
)
if _MISSING and os.environ.get("REDACT_REQUIRE_SPARK"):
    pytest.fail(f"REDACT_REQUIRE_SPARK is set but {_MISSING}", pytrace=False)
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

# One Spark session for the module (its JVM and Python workers take seconds to start): the
# suite runs with --dist loadfile, so every test here runs in the same test process.

KEY = "test-key"
SHARED = "Lewis Smith"


@pytest.fixture(scope="module")
def spark() -> Any:
    from redaction.spark import session

    # Two cores, and a failed task is tried once more (as a cluster retries a lost executor).
    spark = session("local[2,2]", config={"spark.ui.enabled": "false"})
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Synthetic CVs as TXT, DOCX and PDF; two of them name the same person."""
    folder = tmp_path_factory.mktemp("in")
    fake = Faker("en_GB")
    fake.seed_instance(7)
    for index in range(4):
        text, _ = make_cv_text(fake)
        if index < 2:
            text = f"{text}Referee: {SHARED}, lewis.smith@example.com\n"
        (folder / f"cv-{index}.txt").write_text(text, encoding="utf-8")
    text, _ = make_cv_text(fake)
    make_docx(folder / "cv-docx.docx", body=text.split("\n"))
    text, _ = make_cv_text(fake)
    make_pdf(folder / "cv-pdf.pdf", [text])
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_outputs_equal_redact_anonymize_byte_for_byte(
    spark: Any, corpus: Path, tmp_path: Path
) -> None:
    cli_out, spark_out = tmp_path / "cli", tmp_path / "spark"
    args = ["--style", "pseudonym", "--key", KEY]
    assert main(["anonymize", str(corpus), "--out", str(cli_out), *args]) == 0
    assert (
        main(["spark", "anonymize", str(corpus), str(spark_out), "--partitions", "3", *args]) == 0
    )

    expected, got = _files(cli_out), _files(spark_out)
    assert len(expected) == 6 + 2  # six documents, manifest.json, report.json
    assert got == expected
    assert (spark_out / "report.parquet").is_dir()
    # The same person in documents of different partitions gets the same fake.
    texts = [got[name].decode() for name in got if name.endswith(".txt")]
    sharing = [t for t in texts if "lewis.smith@" not in t and "Referee: " in t]
    referees = {t.split("Referee: ")[1].split(",")[0] for t in sharing}
    assert len(sharing) == 2 and len(referees) == 1 and SHARED not in referees


def test_detection_equals_redact_detect(
    spark: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["detect", str(corpus)]) == 0
    expected = {
        Path(r["path"]).name: (r["text"], r["spans"])
        for r in map(json.loads, capsys.readouterr().out.splitlines())
    }
    out = tmp_path / "detected"
    assert main(["spark", "detect", str(corpus), str(out)]) == 0
    records = [json.loads(line) for part in out.glob("part-*.json") for line in part.open()]
    got = {Path(r["path"]).name: (r["text"], r["spans"]) for r in records}
    assert got == expected
    assert all(r["error"] is None for r in records)


def test_a_bad_document_is_one_failed_row_and_the_job_goes_on(
    spark: Any, corpus: Path, tmp_path: Path
) -> None:
    from redaction.spark import anonymize, read_documents

    folder = tmp_path / "in"
    shutil.copytree(corpus, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(200))
    (folder / "empty.txt").write_bytes(b"")
    rows = {
        Path(r["path"]).name: r
        for r in anonymize(read_documents(spark, str(folder)), DetectedOptions()).collect()
    }
    assert len(rows) == 8
    assert rows["broken.pdf"]["status"] == "failed"
    assert "broken.pdf" in rows["broken.pdf"]["error"]
    assert rows["broken.pdf"]["content"] is None
    assert rows["empty.txt"]["status"] == "failed"
    assert rows["empty.txt"]["error"].endswith("empty.txt: the file is empty")
    ok = [r for name, r in rows.items() if name not in ("broken.pdf", "empty.txt")]
    assert all(r["status"] == "ok" and r["content"] for r in ok)


def _dies_on_first_attempt(marker: Path, *args: Any, **kwargs: Any) -> Any:
    """A writer whose task's first attempt dies as a lost executor would (no clean-up), after
    writing its output half-way."""
    from pyspark import TaskContext

    from redaction.anonymization.writers import write_anonymized

    if TaskContext.get().attemptNumber() == 0:
        marker.touch()
        Path(args[2]).write_bytes(b"half")
        os._exit(1)
    return write_anonymized(*args, **kwargs)


def test_a_killed_and_retried_task_leaves_one_whole_output(
    spark: Any, corpus: Path, tmp_path: Path
) -> None:
    from redaction.spark import anonymize_to_folder, read_documents

    out = tmp_path / "out"
    result = anonymize_to_folder(
        spark,
        read_documents(spark, str(corpus)),
        out.as_uri(),  # through Hadoop's file system API, as on s3a:// or abfss://
        DetectedOptions(style="pseudonym", key=KEY),
        partitions=2,
        writer=partial(_dies_on_first_attempt, tmp_path / "died"),
    )
    assert (tmp_path / "died").exists()  # a first attempt did die
    assert result.ok and len(result.documents) == 6
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    outputs = [n for n in names if n.startswith("doc-")]
    assert len(outputs) == 6 and not [n for n in names if n.endswith(".inprogress")]
    assert sorted(d.output for d in result.documents) == outputs


def test_rerun_into_the_same_output_is_refused_without_overwrite(
    spark: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from redaction.spark import OutputFolder

    out = tmp_path / "out"
    assert main(["spark", "anonymize", str(corpus), str(out)]) == 0
    before = _files(out)
    capsys.readouterr()
    assert main(["spark", "anonymize", str(corpus), str(out)]) == 2
    err = capsys.readouterr().err
    assert "the output folder is not empty" in err and "(use --overwrite)" in err
    assert _files(out) == before
    with pytest.raises(OutputExistsError):
        OutputFolder(spark, out.as_uri()).prepare([], overwrite=False)
    assert main(["spark", "anonymize", str(corpus), str(out), "--overwrite"]) == 0


def test_a_parquet_table_of_texts_is_read_by_its_columns(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "letters.parquet"
    spark.createDataFrame(
        [("letter-1", "Dear Lewis Smith, call 07700 900123."), ("letter-2", "")],
        "id string, body string",
    ).write.parquet(str(table))
    out = tmp_path / "out"
    code = main(
        ["spark", "anonymize", str(table), str(out), "--text-column", "body", "--id-column", "id"]
    )
    assert code == 1  # the empty letter failed; the other one was written
    report = json.loads((out / "report.json").read_text())
    assert report["summary"] == {"documents": 2, "ok": 1, "leaked": 0, "failed": 1}
    written = [p for p in out.glob("doc-*.txt")]
    assert len(written) == 1
    text = written[0].read_text()
    assert "Lewis Smith" not in text and "07700 900123" not in text


def _detector_of_each_task(settings: Any, batches: Any) -> Any:
    import pandas as pd

    from redaction.spark import worker_detector

    for batch in batches:
        detector = worker_detector(settings)
        yield pd.DataFrame(
            {"pid": [os.getpid()] * len(batch), "detector": [id(detector)] * len(batch)}
        )


def test_each_worker_builds_one_detector_and_reuses_it_for_every_partition(
    spark: Any, corpus: Path
) -> None:
    from dataclasses import replace

    from redaction.detection import load_detection_settings
    from redaction.spark import read_documents

    settings = replace(load_detection_settings(), jobs=1)
    documents = read_documents(spark, str(corpus)).repartition(6)
    rows = documents.mapInPandas(
        partial(_detector_of_each_task, settings), "pid long, detector long"
    ).collect()
    workers = {row["pid"] for row in rows}
    assert len(rows) == 6 and len(workers) <= 2
    assert len({(row["pid"], row["detector"]) for row in rows}) == len(workers)
