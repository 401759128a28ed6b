"""Do suggestions get better while people annotate? A simulated annotator, two projects.

A simulated annotator walks a data set in file order. For each document it imports the file
into a project (``import_documents``, as ``redact import`` and the app do), takes the
suggestions the project gives, accepts the true ones, rejects the false ones, adds the misses
from the gold, and marks the document done. It does so for two projects in the same run:

  (a) frozen: the default detector, nothing learned (``ImportOptions(learn=False)``);
  (b) learning: the same detector plus what the project learned from the documents already
      marked done (``annotations.learned``: rejected texts not suggested again, accepted texts
      suggested wherever they occur).

Only the labels a set annotates are judged (a phone number in a set that never labels phones
is left undecided, neither right nor wrong); a suggestion on a "neutral" mention is left too.
A suggestion that overlaps a gold span of its label is true (moved to the gold boundaries if
they differ: "moved" below, not a correction); a second one on the same gold span is deleted.
One that overlaps a gold span of another label, not yet matched, is relabelled (and moved),
as an annotator does with one key. Corrections per document = misses added + false suggestions
rejected + suggestions relabelled. Strict recall: share of
gold spans whose every letter and digit the suggestions cover (any label), before correction.

Prints, per block of 10 documents, corrections per document and strict recall for both, and
ends with exactly one line:
``last 30 documents: corrections per document frozen X.X, learning Y.Y (Z% fewer); strict
recall frozen A.AAA, learning B.BBB``. Target: (b) needs >= 30% fewer corrections than (a)
over the last 30 documents, with strict recall no lower.

    python benchmarks/learning_curve.py [--data FILE]... [--docs N]

Default data: ../shared/data/resumes-dev.jsonl, then cvs-dotin-dev.jsonl (or
$REDACT_EVAL_DATA's folder), each walked on its own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from annotations.evaluate import RESUME_LABELS, resume_label  # noqa: E402
from annotations.project import ImportOptions, import_documents  # noqa: E402
from annotations.store import SpanStore  # noqa: E402
from redaction.evaluation import GoldDoc, GoldSpan, load_resumes, strict_recall  # noqa: E402

BLOCK = 10
LAST = 30
TARGET_FEWER = 0.30
SETS = ("resumes-dev.jsonl", "cvs-dotin-dev.jsonl")
#: Data-set labels -> project labels, besides the resumes' own.
LABELS = {"EMAIL": "EMAIL_ADDRESS", "ORG": "ORGANIZATION"}


def default_paths() -> list[Path]:
    folder = Path(os.environ.get("REDACT_EVAL_DATA", ROOT.parent / "shared" / "data"))
    if folder.is_file():
        folder = folder.parent
    return [folder / name for name in SETS]


def project_label(label: str, text: str) -> str:
    if label in RESUME_LABELS or label == "Email Address":
        return resume_label(label, text)
    return LABELS.get(label, label)


@dataclass
class DocResult:
    corrections: int = 0
    misses: int = 0
    rejected: int = 0
    relabelled: int = 0
    moved: int = 0
    suggestions: list[Any] = field(default_factory=list)


def _overlaps(a: Any, b: Any) -> bool:
    return bool(a.start < b.end and b.start < a.end)


def annotate(store: SpanStore, record_id: int, gold: list[GoldSpan], neutral: list[GoldSpan],
             covered: set[str]) -> DocResult:  # fmt: skip
    """Play the annotator on one imported document; returns what it had to correct."""
    result = DocResult()
    spans = store.spans(record_id)
    result.suggestions = [s for s in spans if s.status == "suggested"]
    matched: set[GoldSpan] = set()
    for span in result.suggestions:
        if span.label not in covered:
            continue  # a label this set does not annotate: not judged
        hits = [g for g in gold if g.label == span.label and _overlaps(g, span)]
        relabel = not hits and [g for g in gold if g not in matched and _overlaps(g, span)]
        if relabel:  # the right place, the wrong label: one key relabels it
            target = relabel[0]
            matched.add(target)
            if (span.start, span.end) != (target.start, target.end):
                store.resize(span.id, target.start, target.end)
                result.moved += 1
            store.relabel(span.id, target.label)
            result.relabelled += 1
        elif hits:
            target = hits[0]
            if target in matched:
                store.delete_span(span.id)
                result.moved += 1
                continue
            matched.add(target)
            if (span.start, span.end) != (target.start, target.end):
                store.resize(span.id, target.start, target.end)
                result.moved += 1
            store.accept(span.id)
        elif any(_overlaps(n, span) for n in neutral):
            continue
        else:
            store.reject(span.id)
            result.rejected += 1
    for target in gold:
        if target not in matched:
            store.create_span(record_id, target.start, target.end, target.label)
            result.misses += 1
    result.corrections = result.misses + result.rejected + result.relabelled
    store.set_status(record_id, "done")
    return result


def walk(docs: list[GoldDoc], *, learn: bool, detector: Any, folder: Path) -> list[DocResult]:
    results: list[DocResult] = []
    with SpanStore.open(
        folder / f"{'learning' if learn else 'frozen'}.db", annotator="sim"
    ) as store:
        labels = store.labels
        covered = {g.label for doc in docs for g in doc.spans}
        for index, doc in enumerate(docs):
            path = folder / f"doc-{index:04}.txt"
            if not path.exists():
                path.write_bytes(doc.text.encode("utf-8"))
            report = import_documents(
                [path],
                call=lambda fn: fn(store),
                detector=lambda: detector,
                options=ImportOptions(learn=learn),
            )
            [record] = report.added or report.unchanged
            gold = [GoldSpan(g.start, g.end, labels.canonical(g.label)) for g in doc.spans]
            neutral = list(doc.neutral)
            results.append(annotate(store, record.id, gold, neutral, covered))
    return results


def load(path: Path, limit: int | None) -> list[GoldDoc]:
    docs = []
    for doc in load_resumes(path)[:limit]:
        spans = tuple(
            GoldSpan(s.start, s.end, project_label(s.label, doc.span_text(s))) for s in doc.spans
        )
        docs.append(GoldDoc(doc.name, doc.text, spans, doc.neutral))
    return docs


def recall(docs: list[GoldDoc], results: list[DocResult]) -> float:
    report = strict_recall(docs, [r.suggestions for r in results])
    return report.overall.caught / max(report.overall.total, 1)


def run_set(path: Path, limit: int | None, detector: Any) -> str:
    docs = load(path, limit)
    with tempfile.TemporaryDirectory(prefix="redact-curve-") as tmp:
        started = time.perf_counter()
        frozen = walk(docs, learn=False, detector=detector, folder=Path(tmp))
        learning = walk(docs, learn=True, detector=detector, folder=Path(tmp))
        seconds = time.perf_counter() - started
    print(f"\n{path.name}: {len(docs)} documents, walked twice in {seconds:.0f} s")
    print(f"{'documents':>11}  {'corrections/doc':>24}  {'strict recall':>19}")
    print(f"{'':>11}  {'frozen':>11} {'learning':>12}  {'frozen':>9} {'learning':>9}")
    for start in range(0, len(docs), BLOCK):
        block = slice(start, start + BLOCK)
        a, b = frozen[block], learning[block]
        print(
            f"{start + 1:>5}-{start + len(a):<5}  {sum(r.corrections for r in a) / len(a):11.1f} "
            f"{sum(r.corrections for r in b) / len(b):12.1f}  "
            f"{recall(docs[block], a):9.3f} {recall(docs[block], b):9.3f}"
        )
    for name, results in (("frozen", frozen), ("learning", learning)):
        print(
            f"{name}: {sum(r.misses for r in results)} misses added, "
            f"{sum(r.rejected for r in results)} false suggestions rejected, "
            f"{sum(r.relabelled for r in results)} relabelled, "
            f"{sum(r.moved for r in results)} moved to the gold boundaries"
        )
    last = slice(max(len(docs) - LAST, 0), len(docs))
    per_a = sum(r.corrections for r in frozen[last]) / len(frozen[last])
    per_b = sum(r.corrections for r in learning[last]) / len(learning[last])
    fewer = (per_a - per_b) / per_a if per_a else 0.0
    return (
        f"last {LAST} documents: corrections per document frozen {per_a:.1f}, learning "
        f"{per_b:.1f} ({fewer:.0%} fewer); strict recall frozen {recall(docs[last], frozen[last]):.3f}, "
        f"learning {recall(docs[last], learning[last]):.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, action="append", help="a data set (repeatable; default: see above)"
    )
    parser.add_argument("--docs", type=int, help="only the first N documents of each set")
    args = parser.parse_args(argv)
    from annotations.model_settings import project_detection_settings
    from redaction.detection import Detector

    detector = Detector(project_detection_settings(None))
    lines = [run_set(path, args.docs, detector) for path in args.data or default_paths()]
    for line in lines[:-1]:
        print(line)
    print(lines[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
