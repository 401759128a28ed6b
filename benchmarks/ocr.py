"""Scans end to end: OCR + detection + raster redaction on generated scanned CVs.

For ``--docs`` synthetic CVs (Faker en_GB, seeded; ``tests/factories.make_cv_text``) rendered
as scans (``tests/scans.render_scan``: the name in a 22 pt heading, the contact line in 8 pt,
grey paper, noise, a rotation of up to 1.2 degrees) at 150, 200 or 300 dpi and saved in turn
as PNG, JPEG, TIFF and image-only PDF, it prints:

* word accuracy: the share of the rendered words that OCR read exactly, in order;
* pages/s for loading (OCR) + detection + writing the redacted output, and apart from it the
  leak check (which reads every output again by OCR), with the share each step takes; the
  baseline measured in the same run is Tesseract alone on the same pages;
* strict redaction recall of the gold PII (every alphanumeric character of each gold string
  covered by a detected span in the OCR text; a string OCR misread counts as a miss);
* how many gold strings the leak check's OCR reads back from the outputs (target 0), and the
  outputs it passed.

    python benchmarks/ocr.py [--docs 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faker import Faker  # noqa: E402

from redaction.anonymization.engine import anonymize_document  # noqa: E402
from redaction.anonymization.operators import OperatorContext  # noqa: E402
from redaction.anonymization.pseudonyms import Pseudonymizer  # noqa: E402
from redaction.anonymization.readback import read_back  # noqa: E402
from redaction.detection import Detector  # noqa: E402
from redaction.documents import load_document  # noqa: E402
from redaction.documents.ocr import ENGINE_MISSING, ocr_available, read_words  # noqa: E402
from redaction.evaluation import GoldDoc, GoldSpan, strict_recall  # noqa: E402
from redaction.labels import load_labels  # noqa: E402
from tests.factories import make_cv_text  # noqa: E402
from tests.scans import render_scan, save_scan, scan_pdf  # noqa: E402

SUFFIXES = (".png", ".jpg", ".tif", ".pdf")
DPIS = (150, 200, 300)


def word_accuracy(truth: str, read: str) -> tuple[int, int]:
    """(words read exactly and in order, words rendered)."""
    a, b = re.findall(r"\S+", truth), re.findall(r"\S+", read)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()), len(a)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20, help="scanned CVs to generate (20)")
    parser.add_argument("--keep", type=Path, help="keep the scans and outputs in this folder")
    args = parser.parse_args(argv)
    if not ocr_available():
        print(f"ocr.py: {ENGINE_MISSING}", file=sys.stderr)
        return 1
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ocr-bench-"))
    (folder / "in").mkdir(parents=True, exist_ok=True)
    (folder / "out").mkdir(exist_ok=True)
    fake = Faker("en_GB")
    fake.seed_instance(2026)
    scans: list[tuple[Path, str, list[tuple[str, str]], object]] = []
    for n in range(args.docs):
        text, spans = make_cv_text(fake)
        dpi = DPIS[n % len(DPIS)]
        angle = ((n * 7) % 25 - 12) / 10  # -1.2 .. 1.2 degrees
        page = render_scan(text, dpi=dpi, angle=angle)
        path = folder / "in" / f"cv-{n:02d}{SUFFIXES[n % len(SUFFIXES)]}"
        if path.suffix == ".pdf":
            path.write_bytes(scan_pdf([page], dpi=dpi))
        else:
            save_scan(page, path, dpi=dpi)
        scans.append((path, text, [(s.label, s.text or "") for s in spans], page))
    print(f"{len(scans)} scanned CVs in {folder / 'in'} ({', '.join(SUFFIXES)}; {DPIS} dpi)")

    started = time.perf_counter()
    for _, _, _, page in scans:
        read_words(page, "baseline")  # type: ignore[arg-type]
    baseline = time.perf_counter() - started

    detector = Detector()
    context = OperatorContext(load_labels(), Pseudonymizer(key="bench"))
    steps = {"load + OCR": 0.0, "detection": 0.0, "write + leak check": 0.0}
    leak_seconds = 0.0
    right = total = 0
    gold_docs: list[GoldDoc] = []
    predictions = []
    read_back_found: list[str] = []
    misread: list[str] = []  # gold strings OCR did not read as they are
    passed = 0
    for path, text, secrets, _ in scans:
        t0 = time.perf_counter()
        document = load_document(path)
        t1 = time.perf_counter()
        spans = detector.detect(document.text)
        t2 = time.perf_counter()
        out = folder / "out" / f"{path.stem}-redacted{path.suffix}"
        report = anonymize_document(document, spans, out, context=context, detector=None)
        t3 = time.perf_counter()
        steps["load + OCR"] += t1 - t0
        steps["detection"] += t2 - t1
        steps["write + leak check"] += t3 - t2
        leak_seconds += report.seconds.get("leak_check", 0.0)
        passed += report.status == "ok"
        ok, count = word_accuracy(text, document.text)
        right, total = right + ok, total + count
        gold: list[GoldSpan] = []
        padded = document.text
        for label, value in secrets:
            at = document.text.find(value)
            if at < 0:  # misread: a gold span on text no detector saw can never be covered
                padded += "\n"
                at = len(padded)
                padded += value
                misread.append(f"{path.name}: {label} {value!r}")
            gold.append(GoldSpan(at, at + len(value), label))
        gold_docs.append(GoldDoc(path.name, padded, tuple(gold)))
        predictions.append(spans)
        written = out if out.exists() else out.with_name("LEAKED-" + out.name)
        fmt = "image" if document.format == "image" else "pdf"
        seen = read_back(written, fmt, ocr=True).haystacks.get("OCR text", "")
        read_back_found += [value for _, value in secrets if value and value in seen]
    elapsed = sum(steps.values())
    pages = len(scans)
    recall = strict_recall(gold_docs, predictions)
    print(f"word accuracy {right / total:.3f} ({right}/{total} words)")
    print(
        f"OCR + detection + raster redaction: {pages / (elapsed - leak_seconds):.2f} pages/s; "
        f"with the leak check {pages / elapsed:.2f} pages/s; "
        f"Tesseract alone {pages / baseline:.2f} pages/s "
        f"(ratio {baseline / (elapsed - leak_seconds):.2f}x)"
    )
    for step, seconds in steps.items():
        print(f"  {step:20} {seconds / pages:6.2f} s/page ({seconds / elapsed:.0%})")
    print(f"  of which leak check   {leak_seconds / pages:6.2f} s/page")
    for label, count in sorted(recall.per_label.items()):
        print(f"strict recall {label:14} {count.recall:.3f} ({count.caught}/{count.total})")
    print(f"strict recall overall        {recall.overall.recall:.3f} (target 0.95)")
    for miss in recall.misses[:10]:
        print(f"  missed in {miss.doc}: {miss.span.label} {miss.text!r}")
    print(f"gold strings OCR did not read as written: {len(misread)}")
    for entry in misread[:10]:
        print(f"  {entry}")
    print(f"outputs that passed the leak check: {passed}/{pages}")
    print(f"gold strings read back from the outputs by OCR: {len(read_back_found)} (target 0)")
    for value in read_back_found[:10]:
        print(f"  read back: {value!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
