"""Anonymisation throughput per format, with the leak check's share and a same-run baseline.

For generated CVs (Faker en_GB, seeded; the builders of ``tests/factories.py``) it times
``anonymize_document`` (plan + format writer + leak check) per format and prints documents/s
(TXT, DOCX) or pages/s (PDF raster, PDF keep-text), the share of the time spent in the leak
check, and the ratio to a baseline measured in the same run on the same files:

* TXT: Presidio's ``AnonymizerEngine`` replacing the same spans in the text (text only);
* DOCX: python-docx opening and saving the file (the least a DOCX round trip costs);
* PDF raster: pypdfium2 rendering every page at the writer's scale (no boxes, no writing);
* PDF keep-text: pypdfium2 opening and saving the file.

With the evaluation data (``../shared/data/resumes-dev.jsonl`` or ``--data`` /
REDACT_EVAL_DATA) it also anonymises the real CVs as TXT with their gold spans and reports how
many pass the leak check. ``--residual`` adds the detector pass over every output (slow).

    python benchmarks/anonymize.py [--docs 20] [--pages 2] [--data DIR] [--residual]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faker import Faker  # noqa: E402

from redaction.anonymization.engine import anonymize_document  # noqa: E402
from redaction.anonymization.operators import OperatorContext  # noqa: E402
from redaction.anonymization.pseudonyms import Pseudonymizer  # noqa: E402
from redaction.documents import Document, load_document  # noqa: E402
from redaction.labels import load_labels  # noqa: E402
from redaction.spans import Span  # noqa: E402
from tests.factories import make_cv_text, make_docx, make_pdf  # noqa: E402

RESUME_LABELS = {
    "Name": "PERSON",
    "Email Address": "URL",
    "Location": "LOCATION",
    "Companies worked at": "ORGANIZATION",
    "College Name": "ORGANIZATION",
}


@dataclass
class Row:
    name: str
    unit: str
    count: int  # documents or pages
    seconds: float
    leak_seconds: float
    baseline_seconds: float
    passed: int
    documents: int

    def cells(self) -> list[str]:
        rate = self.count / self.seconds if self.seconds else float("inf")
        share = self.leak_seconds / self.seconds if self.seconds else 0.0
        ratio = self.seconds / self.baseline_seconds if self.baseline_seconds else float("nan")
        return [
            self.name,
            f"{rate:8.1f} {self.unit}/s",
            f"{share:6.1%}",
            f"{ratio:7.1f}x",
            f"{self.passed}/{self.documents}",
        ]


def found_spans(text: str, values: list[tuple[str, str]]) -> list[Span]:
    spans = []
    for value, label in values:
        start = text.find(value)
        while start >= 0:
            spans.append(Span(start, start + len(value), label))
            start = text.find(value, start + len(value))
    return spans


def generate(
    folder: Path, docs: int, pages: int
) -> dict[str, list[tuple[Path, list[tuple[str, str]]]]]:
    """``format -> [(path, [(pii text, label)])]`` of synthetic CVs."""
    fake = Faker("en_GB")
    fake.seed_instance(42)
    made: dict[str, list[tuple[Path, list[tuple[str, str]]]]] = {"txt": [], "docx": [], "pdf": []}
    for i in range(docs):
        text, spans = make_cv_text(fake)
        pii = sorted({(text[s.start : s.end], s.label) for s in spans}, key=lambda p: -len(p[0]))
        name = pii[0][0] if pii else "someone"
        txt = folder / f"cv-{i}.txt"
        txt.write_text(text, encoding="utf-8")
        made["txt"].append((txt, pii))
        lines = text.splitlines()
        docx = make_docx(
            folder / f"cv-{i}.docx",
            body=lines[1:],
            header=lines[0],
            footer=lines[1],
            core_properties={"author": name},
            hyperlink=("profile", "https://example.org/cv"),
        )
        made["docx"].append((docx, pii))
        chunk = max(1, len(lines) // pages)
        page_texts = ["\n".join(lines[p * chunk : (p + 1) * chunk]) or "-" for p in range(pages)]
        pdf = make_pdf(folder / f"cv-{i}.pdf", page_texts, metadata={"Author": name})
        made["pdf"].append((pdf, pii))
    return made


def run_ours(
    name: str,
    unit: str,
    items: list[tuple[Document, list[Span]]],
    out: Path,
    *,
    mode: str = "raster",
    detector: Any = None,
    units: Callable[[Document], int] = lambda d: 1,
) -> tuple[float, float, int]:
    labels = load_labels()
    context = OperatorContext(labels, Pseudonymizer(key="bench"))
    total = leak = 0.0
    passed = 0
    for i, (document, spans) in enumerate(items):
        target = out / f"{name.replace(' ', '-')}-{i}{document.path.suffix}"
        started = time.perf_counter()
        report = anonymize_document(
            document,
            spans,
            target,
            context=context,
            pdf_mode=mode,  # type: ignore[arg-type]
            detector=detector,
        )
        total += time.perf_counter() - started
        leak += report.seconds.get("leak_check", 0.0)
        passed += report.status == "ok"
    return total, leak, passed


def baseline_txt(items: list[tuple[Document, list[Span]]]) -> float:
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    engine = AnonymizerEngine()
    started = time.perf_counter()
    for document, spans in items:
        results = [RecognizerResult(s.label, s.start, s.end, 1.0) for s in spans]
        engine.anonymize(document.text, results, {"DEFAULT": OperatorConfig("replace")})
    return time.perf_counter() - started


def baseline_docx(items: list[tuple[Document, list[Span]]]) -> float:
    import docx

    started = time.perf_counter()
    for document, _ in items:
        docx.Document(str(document.path)).save(io.BytesIO())
    return time.perf_counter() - started


def baseline_pdf(items: list[tuple[Document, list[Span]]], *, render: bool) -> float:
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for document, _ in items:
        pdf = pdfium.PdfDocument(str(document.path))
        if render:
            for index in range(len(pdf)):
                page = pdf[index]
                page.render(scale=2)
                page.close()
        else:
            pdf.save(io.BytesIO())
        pdf.close()
    return time.perf_counter() - started


def resumes_row(data: Path, out: Path, limit: int, detector: Any) -> Row | None:
    path = data / "resumes-dev.jsonl"
    if not path.is_file():
        print(f"(no {path}: skipping the real-CV row)", file=sys.stderr)
        return None
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            txt = out / f"{record['name']}.txt"
            txt.write_text(record["text"], encoding="utf-8")
            document = load_document(txt)
            spans = [
                Span(s, e, RESUME_LABELS[label])
                for s, e, label in record["gold"]
                if label in RESUME_LABELS and e > s and document.text[s:e] == record["text"][s:e]
            ]
            items.append((document, spans))
            if len(items) >= limit:
                break
    target = out / "resumes-out"
    target.mkdir()
    seconds, leak, passed = run_ours("resumes", "docs", items, target, detector=detector)
    return Row(
        "resumes-dev TXT (gold spans)",
        "docs",
        len(items),
        seconds,
        leak,
        baseline_txt(items),
        passed,
        len(items),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20, help="generated documents per format")
    parser.add_argument("--pages", type=int, default=2, help="pages per generated PDF")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(os.environ.get("REDACT_EVAL_DATA", ROOT.parent / "shared" / "data")),
    )
    parser.add_argument("--limit", type=int, default=110, help="real CVs to anonymise")
    parser.add_argument("--residual", action="store_true", help="also run the detector on outputs")
    args = parser.parse_args(argv)

    detector = None
    if args.residual:
        from redaction.detection import Detector

        detector = Detector()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        made = generate(folder / "in", args.docs, args.pages)
        loaded = {
            fmt: [(load_document(p), found_spans(load_document(p).text, pii)) for p, pii in files]
            for fmt, files in made.items()
        }
        rows: list[Row] = []
        pages = sum(len(getattr(d.layout, "pages", ())) for d, _ in loaded["pdf"])
        for name, fmt, unit, mode, count, baseline in [
            (
                "TXT",
                "txt",
                "docs",
                "raster",
                len(loaded["txt"]),
                lambda: baseline_txt(loaded["txt"]),
            ),
            (
                "DOCX",
                "docx",
                "docs",
                "raster",
                len(loaded["docx"]),
                lambda: baseline_docx(loaded["docx"]),
            ),
            (
                "PDF raster",
                "pdf",
                "pages",
                "raster",
                pages,
                lambda: baseline_pdf(loaded["pdf"], render=True),
            ),
            (
                "PDF keep-text",
                "pdf",
                "pages",
                "keep-text",
                pages,
                lambda: baseline_pdf(loaded["pdf"], render=False),
            ),
        ]:
            out = folder / name.replace(" ", "-")
            out.mkdir()
            seconds, leak, passed = run_ours(
                name, unit, loaded[fmt], out, mode=mode, detector=detector
            )
            rows.append(Row(name, unit, count, seconds, leak, baseline(), passed, len(loaded[fmt])))
        real = resumes_row(args.data, folder, args.limit, detector)
        if real is not None:
            rows.append(real)

    header = ["format", "throughput", "leak check", "vs baseline", "leak check passed"]
    table = [header, *(row.cells() for row in rows)]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for i, line in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    print(
        "\nbaselines: TXT = presidio-anonymizer replace on the text; DOCX = python-docx "
        "open+save; PDF raster = pypdfium2 render at scale 2; PDF keep-text = pypdfium2 "
        "open+save. 'vs baseline' = our time / baseline time (lower is better)."
    )
    return (
        0 if all(r.passed == r.documents for r in rows if not r.name.startswith("resumes")) else 1
    )


if __name__ == "__main__":
    sys.exit(main())
