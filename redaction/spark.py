"""Detect and anonymise documents on Apache Spark: the detector, anonymiser and leak check of
``redact detect`` and ``redact anonymize``, on whole documents, on an existing engine.

Input is a DataFrame of documents: ``path`` and either ``content`` (binary, as
``spark.read.format("binaryFile")`` gives) or ``text`` (a string column of a table). Both
functions run on ``mapInPandas`` (Arrow batches) with one Detector per Python worker process,
built by the first task that needs it and reused by every later task of that worker.

- :func:`detect` returns a row per document: its text and spans, in the schema of ``redact
  detect``'s JSONL records, or the one-line error that made it fail.
- :func:`anonymize` returns a row per document: the anonymised output's bytes and name, a
  status (ok, leaked, failed, not-anonymised), the leak check, warnings and error. One bad
  document is one failed row; the job goes on.
- :func:`anonymize_to_folder` writes the outputs, ``manifest.json``, ``report.json`` and
  ``report.parquet`` into a folder on any Hadoop file system. The tasks write nothing: the
  driver writes each output once, from the results of the one task attempt Spark kept, through
  a temporary name and a rename, so a retried or speculative task never leaves a second output
  and an interrupted job never leaves a half-written one under a final name.

Pseudonyms are keyed (an HMAC of the normalised identity, see ``Pseudonymizer``), so "Lewis
Smith" gets the same fake on every executor; without a key, one is drawn for the job.
Nothing here imports Spark at module level: the rest of the package works without the extra.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from redaction.anonymization.batch import (
    MANIFEST,
    REPORT,
    BatchResult,
    DetectedOptions,
    is_batch_output,
    job_options,
    manifest_json,
    prepare_output_dir,
    report_json,
    same_content,
)
from redaction.anonymization.engine import DocumentReport
from redaction.errors import OutputExistsError, RedactError
from redaction.progress import ProgressCallback, no_progress

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

    from redaction.detection.engine import Detector
    from redaction.detection.settings import DetectionSettings
    from redaction.documents import Document

SPAN_TYPE = "array<struct<start:int,end:int,label:string,score:double,source:string>>"
#: One row per document of :func:`detect`; ``path``, ``text`` and ``spans`` are the fields of a
#: ``redact detect`` record.
DETECTION_SCHEMA = (
    f"path string, text string, spans {SPAN_TYPE}, sha256 string, format string, "
    "warnings array<string>, error string"
)
#: One row per document of :func:`anonymize`. ``leak_check`` is the JSON of ``report.json``'s.
RESULT_SCHEMA = (
    "path string, output string, content binary, format string, status string, "
    "sha256 string, spans_redacted_by_label map<string,int>, occurrences_added int, "
    "leak_check string, warnings array<string>, error string"
)
#: The folder of :func:`anonymize_to_folder`'s Parquet report (the results without content).
REPORT_PARQUET = "report.parquet"
#: Documents per Arrow batch: a batch of CVs is a few MB, never a whole partition.
BATCH_DOCUMENTS = 64
#: The statuses of :func:`anonymize`'s rows.
STATUSES = ("ok", "leaked", "failed", "not-anonymised")
MISSING_PYSPARK = (
    "Spark support is not installed: pip install 'redact-studio[spark]' (PySpark 4, Java 17+)"
)


def require_pyspark() -> None:
    """Raise a one-line RedactError unless PySpark can be imported."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise RedactError(MISSING_PYSPARK) from None


def session(
    master: str | None = "local[*]",
    *,
    app_name: str = "redact",
    config: dict[str, str] | None = None,
) -> SparkSession:
    """A SparkSession for the jobs; ``master`` None leaves it to ``spark-submit``. The Python
    workers of a local master run this interpreter (the one with the detector installed),
    unless ``PYSPARK_PYTHON`` says otherwise."""
    require_pyspark()
    from pyspark.sql import SparkSession

    if master is not None and master.startswith("local") and "PYSPARK_PYTHON" not in os.environ:
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    settings = {
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(BATCH_DOCUMENTS),
        "spark.ui.showConsoleProgress": "true",
        **(config or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def read_documents(
    spark: SparkSession,
    source: str,
    *,
    text_column: str | None = None,
    id_column: str = "path",
) -> DataFrame:
    """Documents from a folder, a glob or a file on any Hadoop path (``binaryFile``: every
    supported file below a folder), or from a Parquet table with ``text_column``
    (``id_column`` names each row's document)."""
    from pyspark.sql import functions as F

    from redaction.documents import SUPPORTED_EXTENSIONS

    if text_column is not None:
        table = spark.read.parquet(source)
        missing = [c for c in (text_column, id_column) if c not in table.columns]
        if missing:
            raise RedactError(
                f"{source}: no column {', '.join(missing)} (columns: {', '.join(table.columns)})"
            )
        return table.select(
            F.col(id_column).cast("string").alias("path"), F.col(text_column).alias("text")
        )
    suffixes = "|".join(sorted(s.lstrip(".") for s in SUPPORTED_EXTENSIONS))
    files = (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(source)
        .select("path", "content")
    )
    files = files.filter(F.lower(F.col("path")).rlike(rf"\.({suffixes})$"))
    # Spark's file scans leave out empty files (SPARK-26161); they are documents that fail
    # ("the file is empty"), so they come back as rows with no bytes. Reading only the paths
    # reads no content.
    read = {_same_path(row["path"]) for row in files.select("path").collect()}
    empty = [
        path
        for path in files.inputFiles()
        if _same_path(path) not in read and Path(path).suffix.lower() in SUPPORTED_EXTENSIONS
    ]
    if empty:
        files = files.unionByName(
            spark.createDataFrame(
                [(_same_path(path), bytearray()) for path in empty], "path string, content binary"
            )
        )
    return files


def _same_path(path: str) -> str:
    """One spelling of a local path: Spark's rows say ``file:/a``, its file lists ``file:///a``."""
    return "file:/" + path[len("file:///") :] if path.startswith("file:///") else path


# --- in the Python workers -------------------------------------------------------------------

#: The Detector of this worker process, by its settings: built once, reused by every task.
_detectors: dict[bytes, Detector] = {}


def worker_detector(settings: DetectionSettings) -> Detector:
    """This process's Detector for ``settings`` (built on first use)."""
    key = pickle.dumps(settings)
    detector = _detectors.get(key)
    if detector is None:
        from redaction.detection.engine import Detector

        detector = _detectors[key] = Detector(settings)
    return detector


def shown_path(path: str) -> str:
    """How messages name a document: a local file without Spark's ``file:`` scheme."""
    return (
        path.removeprefix("file://") if path.startswith("file:///") else path.removeprefix("file:")
    )


def _load(row: dict[str, Any], *, max_bytes: int, encoding: str | None) -> Document:
    from redaction.documents import SUPPORTED_EXTENSIONS, load_document_bytes

    name = shown_path(str(row["path"]))
    content = row.get("content")
    if content is not None:
        return load_document_bytes(name, bytes(content), max_bytes=max_bytes, encoding=encoding)
    text = row.get("text")
    if text is None:
        raise RedactError(f"{name}: no content and no text")
    # A table's text is a plain-text document, whatever its id looks like.
    suffixed = name if Path(name).suffix.lower() in SUPPORTED_EXTENSIONS else f"{name}.txt"
    try:
        document = load_document_bytes(
            suffixed, str(text).encode("utf-8"), max_bytes=max_bytes, encoding="utf-8"
        )
    except RedactError as exc:
        raise RedactError(str(exc).replace(suffixed, name, 1)) from None
    return replace(document, path=Path(name))


def _rows(batch: pd.DataFrame) -> Iterator[dict[str, Any]]:
    columns = list(batch.columns)
    for values in batch.itertuples(index=False, name=None):
        yield dict(zip(columns, values, strict=True))


def _frame(rows: list[dict[str, Any]], schema_fields: Collection[str]) -> pd.DataFrame:
    import pandas as pd

    # Column by column: a field missing from a row is None (a frame built from the rows would
    # make it NaN, which Arrow cannot take for a string).
    return pd.DataFrame({name: [row.get(name) for row in rows] for name in schema_fields})


_DETECTION_FIELDS = ("path", "text", "spans", "sha256", "format", "warnings", "error")
_RESULT_FIELDS = (
    "path", "output", "content", "format", "status", "sha256", "spans_redacted_by_label",
    "occurrences_added", "leak_check", "warnings", "error",
)  # fmt: skip


def _named(message: str, path: str) -> str:
    """``message`` naming ``path`` as given: a ``Path`` made ``s3a://b/k`` into ``s3a:/b/k``."""
    collapsed = str(Path(path))
    if collapsed != path and message.startswith(collapsed):
        return path + message[len(collapsed) :]
    return message


def _error_text(exc: Exception, path: str) -> str:
    message = _named(str(exc) or type(exc).__name__, path)
    return message if message.startswith(path) else f"{path}: {message}"


@dataclass(frozen=True)
class _DetectTask:
    settings: DetectionSettings
    entities: tuple[str, ...] | None
    threshold: float | None
    encoding: str | None

    def __call__(self, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from redaction.detection.settings import max_file_bytes

        detector = worker_detector(self.settings)
        max_bytes = max_file_bytes(self.settings)
        for batch in batches:
            rows: list[dict[str, Any]] = []
            loaded: list[tuple[dict[str, Any], Document]] = []
            for row in _rows(batch):
                out = {"path": row["path"], "text": None, "spans": [], "warnings": []}
                rows.append(out)
                try:
                    document = _load(row, max_bytes=max_bytes, encoding=self.encoding)
                except Exception as exc:  # one bad document is one failed row
                    out["error"] = _error_text(exc, shown_path(str(row["path"])))
                else:
                    loaded.append((out, document))
            found = detector.detect_many(
                [document.text for _, document in loaded],
                entities=self.entities,
                threshold=self.threshold,
            )
            for (out, document), spans in zip(loaded, found, strict=True):
                out.update(
                    text=document.text,
                    sha256=document.sha256,
                    format=document.format,
                    warnings=[_named(w, shown_path(out["path"])) for w in document.warnings],
                    spans=[span.record() for span in spans],
                )
            yield _frame(rows, _DETECTION_FIELDS)


@dataclass(frozen=True)
class _AnonymizeTask:
    settings: DetectionSettings
    options: DetectedOptions
    writer: Callable[..., Any] | None

    def __call__(self, batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from redaction.detection.settings import max_file_bytes
        from redaction.labels import load_labels

        detector = worker_detector(self.settings)
        max_bytes = max_file_bytes(self.settings)
        context = self.options.context(load_labels())
        for batch in batches:
            rows = [self._one(row, detector, context, max_bytes=max_bytes) for row in _rows(batch)]
            yield _frame(rows, _RESULT_FIELDS)

    def _one(
        self, row: dict[str, Any], detector: Detector, context: Any, *, max_bytes: int
    ) -> dict[str, Any]:
        from redaction.anonymization.engine import anonymize_document, output_name

        path = shown_path(str(row["path"]))
        try:
            document = _load(row, max_bytes=max_bytes, encoding=self.options.encoding)
            spans = detector.detect(document.text)
            with tempfile.TemporaryDirectory(prefix="redact-") as folder:
                report = anonymize_document(
                    document,
                    spans,
                    Path(folder) / output_name(document),
                    context=context,
                    writer=self.writer,
                    **self.options.document_options(detector),
                )
                content = (Path(folder) / report.output).read_bytes() if report.output else None
        except Exception as exc:  # one bad document is one failed row; the job goes on
            report, content = (
                DocumentReport(path, status="failed", error=_error_text(exc, path)),
                None,
            )
        return result_row(str(row["path"]), report, content)


def result_row(path: str, report: DocumentReport, content: bytes | None) -> dict[str, Any]:
    """The :data:`RESULT_SCHEMA` row of one document's report."""
    shown = shown_path(path)
    status: str = report.status
    if status == "failed" and (report.error or "").startswith("not anonymised"):
        status = "not-anonymised"
    return {
        "path": path,
        "output": report.output,
        "content": content,
        "format": report.format,
        "status": status,
        "sha256": report.sha256,
        "spans_redacted_by_label": dict(report.spans_by_label),
        "occurrences_added": report.propagated,
        "leak_check": None if report.leak_check is None else json.dumps(report.leak_check),
        "warnings": [_named(w, shown) for w in report.warnings],
        "error": None if report.error is None else _named(report.error, shown),
    }


def report_of(row: Any) -> DocumentReport:
    """A result row back into the report ``report.json`` is written from."""
    status = row["status"]
    return DocumentReport(
        input=shown_path(row["path"]),
        output=row["output"],
        status="failed" if status == "not-anonymised" else status,
        format=row["format"] or "",
        sha256=row["sha256"] or "",
        spans_by_label=dict(row["spans_redacted_by_label"] or {}),
        propagated=row["occurrences_added"] or 0,
        leak_check=None if row["leak_check"] is None else json.loads(row["leak_check"]),
        warnings=list(row["warnings"] or []),
        error=row["error"],
    )


# --- on the driver ---------------------------------------------------------------------------


def _settings(settings: DetectionSettings | None) -> DetectionSettings:
    if settings is None:
        from redaction.detection.settings import load_detection_settings

        settings = load_detection_settings()
    return replace(settings, jobs=1)  # Spark's tasks are the workers


def _partitioned(df: DataFrame, partitions: int | None) -> DataFrame:
    return df.repartition(partitions) if partitions else df


def detect(
    df: DataFrame,
    *,
    settings: DetectionSettings | None = None,
    entities: Collection[str] | None = None,
    threshold: float | None = None,
    encoding: str | None = None,
    partitions: int | None = None,
) -> DataFrame:
    """A row of :data:`DETECTION_SCHEMA` per document of ``df``."""
    task = _DetectTask(
        _settings(settings), None if entities is None else tuple(entities), threshold, encoding
    )
    return _partitioned(df, partitions).mapInPandas(task, DETECTION_SCHEMA)


def anonymize(
    df: DataFrame,
    options: DetectedOptions,
    *,
    settings: DetectionSettings | None = None,
    partitions: int | None = None,
    writer: Callable[..., Any] | None = None,
) -> DataFrame:
    """A row of :data:`RESULT_SCHEMA` per document of ``df``. ``writer``: see
    ``anonymize_document`` (tests pass one that fails)."""
    task = _AnonymizeTask(_settings(settings), job_options(options), writer)
    return _partitioned(df, partitions).mapInPandas(task, RESULT_SCHEMA)


class OutputFolder:
    """The output folder of a job, local or on any Hadoop file system (through the JVM)."""

    def __init__(self, spark: SparkSession, location: str) -> None:
        self.location = location.rstrip("/")
        # A plain path is written from Python; a URL (file:///, s3a://, ...) through Hadoop.
        is_url = "://" in location or location.startswith("file:")
        self.local: Path | None = None if is_url else Path(location)
        if self.local is None:
            jvm: Any = spark._jvm  # type: ignore[attr-defined]
            self._path = jvm.org.apache.hadoop.fs.Path
            self._fs = self._path(self.location).getFileSystem(
                spark._jsc.hadoopConfiguration()  # type: ignore[attr-defined]
            )

    @property
    def url(self) -> str:
        """The folder as Spark's writers take it."""
        return self.local.resolve().as_uri() if self.local is not None else self.location

    def child(self, name: str) -> str:
        return f"{self.location}/{name}" if self.local is None else str(self.local / name)

    def holds_files(self) -> bool:
        if self.local is not None:
            return self.local.is_dir() and any(self.local.iterdir())
        root = self._path(self.location)
        return bool(self._fs.exists(root) and len(self._fs.listStatus(root)) > 0)

    def prepare(self, inputs: Collection[str], *, overwrite: bool) -> None:
        """Refuse a folder that holds earlier outputs (unless ``overwrite``: they are removed)."""
        if self.local is not None:
            prepare_output_dir(
                self.local, [i for i in inputs if "://" not in i], overwrite=overwrite
            )
            old = self.local / REPORT_PARQUET
            if old.is_dir():
                shutil.rmtree(old)
            return
        root = self._path(self.location)
        if self._fs.exists(root):
            if not self._fs.getFileStatus(root).isDirectory():
                raise RedactError(f"{self.location}: the output path exists and is not a folder")
            found = [s.getPath().getName() for s in self._fs.listStatus(root)]
            if found and not overwrite:
                raise OutputExistsError(
                    Path(self.location),
                    "the output folder is not empty; choose an empty one or replace the "
                    "earlier outputs",
                )
            for name in found:
                if name == REPORT_PARQUET or is_batch_output(name):
                    self._fs.delete(self._path(self.child(name)), True)
        self._fs.mkdirs(root)

    def write(self, name: str, data: bytes) -> None:
        """Write ``name`` whole or not at all: to a temporary name, then renamed."""
        partial = f"{name}.inprogress"
        if self.local is not None:
            temporary = self.local / partial
            temporary.write_bytes(data)
            os.replace(temporary, self.local / name)
            return
        target, temporary = self._path(self.child(name)), self._path(self.child(partial))
        stream = self._fs.create(temporary, True)
        try:
            stream.write(bytearray(data))
        finally:
            stream.close()
        self._fs.delete(target, False)
        if not self._fs.rename(temporary, target):
            raise RedactError(f"{self.child(name)}: cannot write the output")


def anonymize_to_folder(
    spark: SparkSession,
    documents: DataFrame,
    out: str,
    options: DetectedOptions,
    *,
    settings: DetectionSettings | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
    with_paths: bool = False,
    inputs: Collection[str] = (),
    progress: ProgressCallback = no_progress,
    writer: Callable[..., Any] | None = None,
) -> BatchResult:
    """Anonymise ``documents`` into the folder ``out``: the outputs (``doc-<hash>.<ext>``, a
    leaking one as ``QUARANTINE-…``), ``manifest.json``, ``report.json`` (as ``redact
    anonymize`` writes them) and ``report.parquet`` (the result rows without content)."""
    from pyspark import StorageLevel

    folder = OutputFolder(spark, out)
    folder.prepare(inputs, overwrite=overwrite)
    results = anonymize(
        documents, options, settings=settings, partitions=partitions, writer=writer
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rows = sorted(results.drop("content").collect(), key=lambda row: shown_path(row["path"]))
        result = BatchResult(Path(folder.location))
        first: dict[str, DocumentReport] = {}  # output name -> the report of its first input
        to_write: set[str] = set()
        for row in rows:
            report = report_of(row)
            name = row["output"]
            if name is not None and name in first:
                result.documents.append(same_content(first[name], report.input))
                continue
            if name is not None:
                first[name] = report
                to_write.add(name)
            result.documents.append(report)
        written = 0
        for row in results.select("output", "content").toLocalIterator():
            name = row["output"]
            if name in to_write and row["content"] is not None:
                to_write.discard(name)
                folder.write(name, bytes(row["content"]))
                written += 1
                progress(written, len(first), name)
        results.drop("content").write.mode("overwrite").parquet(
            folder.url.rstrip("/") + "/" + REPORT_PARQUET
        )
    finally:
        results.unpersist()
    style, pdf_mode = options.style, options.pdf_mode
    folder.write(MANIFEST, manifest_json(result, with_paths=with_paths).encode("utf-8"))
    residual = options.residual if options.residual_check else "off"
    text = report_json(
        result, style=style, pdf_mode=pdf_mode, residual=residual, with_paths=with_paths
    )
    folder.write(REPORT, text.encode("utf-8"))
    return result


def detect_to_folder(
    spark: SparkSession,
    documents: DataFrame,
    out: str,
    *,
    settings: DetectionSettings | None = None,
    partitions: int | None = None,
    output_format: str = "jsonl",
    overwrite: bool = False,
    encoding: str | None = None,
) -> tuple[int, int]:
    """Detect ``documents`` into the folder ``out``: JSON lines (``part-*.json``, one record per
    document as ``redact detect`` prints it, with ``error`` for a failed one) or Parquet.
    Spark's own committer makes the files: a retried task leaves no second copy. Returns the
    number of documents and of failed ones."""
    from pyspark import StorageLevel

    folder = OutputFolder(spark, out)
    if folder.holds_files() and not overwrite:
        raise OutputExistsError(
            Path(folder.location),
            "the output folder is not empty; choose an empty one or replace the earlier outputs",
        )
    found = detect(documents, settings=settings, partitions=partitions, encoding=encoding).persist(
        StorageLevel.MEMORY_AND_DISK
    )
    try:
        writer = found.write.mode("overwrite")
        if output_format == "parquet":
            writer.parquet(folder.url)
        else:
            writer.option("ignoreNullFields", "false").json(folder.url)
        return found.count(), found.filter("error IS NOT NULL").count()
    finally:
        found.unpersist()
