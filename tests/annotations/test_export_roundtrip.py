"""Property: store -> export (Prodigy, doccano) -> import-annotations into a fresh store gives
the same documents and the same spans, labels and statuses."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.exporters import export_doccano, export_prodigy
from annotations.exporters.alignment import TokenizedText, english_tokenizer
from annotations.importers import import_annotations
from annotations.store import SpanStore
from redaction.labels import load_labels
from tests.annotations.exchange_data import add

LABELS = load_labels().names
english_tokenizer()  # load spaCy here, not inside a strategy (its loading touches `random`)
STATUSES = ("accepted", "rejected", "suggested")
WORDS = st.sampled_from(
    ["Anna", "Berg", "O'Neill", "Zoë", "works", "at", "ACME", "Ltd.", "in", "Leeds", "(UK)",
     "call", "0161", "496", "0000", "e-mail", "anna@example.com", "on", "12/03/2024", "—", "€5",
     "naïve", "日本", "x"]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", " ", " ", "\n", ", ", "  ", "\n\n", ". "])


@st.composite
def annotated_texts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str, str]]]:
    words = draw(st.lists(WORDS, min_size=1, max_size=25))
    text = words[0]
    for word in words[1:]:
        text += draw(SEPARATORS) + word
    tokens = TokenizedText(text)
    usable = [i for i, tok in enumerate(tokens.doc) if not tok.is_space]
    spans = []
    i = 0
    while i < len(usable):
        if draw(st.booleans()):
            length = draw(st.integers(1, 3))
            chosen = usable[i : i + length]
            start, end = tokens.starts[chosen[0]], tokens.ends[chosen[-1]]
            spans.append(
                (start, end, draw(st.sampled_from(LABELS)), draw(st.sampled_from(STATUSES)))
            )
            i += length + draw(st.integers(0, 2))
        else:
            i += 1
    return text, spans


def _fill(store: SpanStore, docs: list[tuple[str, list[tuple[int, int, str, str]]]]) -> None:
    for n, (text, spans) in enumerate(docs):
        add(store, f"cv-{n}.txt", text, spans)


def _state(store: SpanStore) -> dict[str, tuple[object, ...]]:
    spans: dict[int, set[tuple[int, int, str, str]]] = {}
    for s in store.spans():
        spans.setdefault(s.document_id, set()).add((s.start, s.end, s.label, s.status))
    return {
        d.sha256: (d.path, d.text, d.status, frozenset(spans.get(d.id, ())))
        for d in store.documents(with_text=True)
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(annotated_texts(), min_size=1, max_size=3, unique_by=lambda d: d[0]))
def test_export_then_import_is_lossless(docs) -> None:
    with (
        SpanStore.open(":memory:", annotator="alice") as source,
        tempfile.TemporaryDirectory() as tmp,
    ):
        _fill(source, docs)
        expected = _state(source)
        for fmt, export in (("prodigy", export_prodigy), ("doccano", export_doccano)):
            out = Path(tmp) / f"export.{fmt}.jsonl"
            report = export(source, out, statuses=STATUSES, with_paths=True)
            assert not report.issues
            with SpanStore.open(":memory:", annotator="bob") as target:
                imported = import_annotations(target, out, fmt)
                assert imported.ok
                assert _state(target) == expected
                again = import_annotations(target, out, fmt)
                assert (again.spans_added, again.spans_changed, again.documents_created) == (
                    0,
                    0,
                    0,
                )
                assert _state(target) == expected
