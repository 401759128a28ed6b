"""SpanStore behaviour: documents, spans, decisions, queries, versions and settings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.errors import StoreError
from annotations.paths import DB_ENV_VAR, default_db_path
from annotations.store import SpanStore
from redaction.spans import Span

TEXT = "Lewis Smith lives in London. Call Lewis Smith on 07700 900123. Lewisham is not him."


def person(start: int = 0, end: int = 11, score: float = 0.85) -> Span:
    return Span(start, end, "PERSON", score, "SpacyRecognizer")


@pytest.fixture
def doc(store, make_document):
    record, _ = store.add_document(
        make_document(TEXT),
        suggestions=[person(), Span(21, 27, "GPE", 0.6, "SpacyRecognizer"),
                     Span(49, 62, "PHONE_NUMBER", 0.4, "PhoneRecognizer")],
    )  # fmt: skip
    return record


def test_add_document_stores_text_and_canonical_suggestions(store, doc):
    assert store.document(doc.id).text == TEXT
    spans = store.spans(doc.id)
    assert [(s.start, s.end, s.label, s.text, s.status) for s in spans] == [
        (0, 11, "PERSON", "Lewis Smith", "suggested"),
        (21, 27, "LOCATION", "London", "suggested"),  # GPE is stored as LOCATION
        (49, 62, "PHONE_NUMBER", "07700 900123.", "suggested"),
    ]
    assert spans[0].source == "SpacyRecognizer" and spans[0].score == pytest.approx(0.85)
    assert (doc.status, doc.suggested, doc.accepted, doc.version) == ("new", 3, 0, 1)


def test_adding_the_same_file_again_changes_nothing(store, doc, make_document):
    again, change = store.add_document(make_document(TEXT, name="copy.txt"), [person(0, 5)])
    assert again.id == doc.id
    assert not change
    assert len(store.spans()) == 3


def test_unknown_label_or_offsets_outside_the_text_are_refused(store, make_document):
    with pytest.raises(StoreError, match="unknown label 'FAVOURITE_COLOUR'"):
        store.add_document(make_document("blue"), [Span(0, 4, "FAVOURITE_COLOUR")])
    with pytest.raises(StoreError, match="outside the text"):
        store.add_document(make_document("short"), [Span(0, 40, "PERSON")])
    assert store.documents() == []


def test_decisions_record_the_annotator_and_move_the_document_on(store, doc):
    first, second, third = store.spans(doc.id)
    assert store.accept(first.id)
    assert store.reject(second.id)
    assert store.relabel(third.id, "ID_NUMBER")
    assert not store.accept(first.id), "accepting an accepted span changes nothing"
    spans = store.spans(doc.id)
    assert [(s.status, s.annotator) for s in spans] == [("accepted", "alice")] * 1 + [
        ("rejected", "alice"),
        ("accepted", "alice"),
    ]
    assert spans[2].label == "ID_NUMBER"
    assert store.document(doc.id).status == "in_progress"


def test_resize_create_and_delete(store, doc):
    phone = store.spans(doc.id, label="PHONE_NUMBER")[0]
    store.resize(phone.id, 49, 61)
    assert store.span(phone.id).text == "07700 900123"
    created, change = store.create_span(doc.id, 34, 45, "PERSON")
    assert (created.text, created.source, created.status) == ("Lewis Smith", "manual", "accepted")
    assert change.id is not None
    store.delete_span(created.id)
    with pytest.raises(StoreError, match=f"no span with id {created.id}"):
        store.span(created.id)
    with pytest.raises(StoreError, match="outside the text"):
        store.create_span(doc.id, 80, 200, "PERSON")
    with pytest.raises(StoreError, match="unknown label"):
        store.relabel(phone.id, "NOPE")


def test_create_span_on_an_existing_suggestion_accepts_it(store, doc):
    suggestion = store.spans(doc.id, label="PERSON")[0]
    created, _ = store.create_span(doc.id, 0, 11, "PERSON")
    assert created.id == suggestion.id and created.status == "accepted"


def test_bulk_accept_filters_by_label_score_and_document(store, doc, make_document):
    other, _ = store.add_document(make_document("Jane Doe", "b.txt"), [Span(0, 8, "PERSON", 0.9)])
    change = store.accept_all(label="PERSON", min_score=0.86)
    assert len(change.event_ids) >= 1
    assert [s.text for s in store.spans(status="accepted")] == ["Jane Doe"]
    store.reject_all(doc_id=doc.id, mark_done=True)
    assert {s.status for s in store.spans(doc.id)} == {"rejected"}
    assert store.document(doc.id).status == "done"
    assert store.document(doc.id).finished_by == "alice"
    assert store.document(other.id).status == "in_progress"


def test_bulk_accept_leaves_earlier_rejections_alone(store, doc):
    london = store.spans(doc.id, label="LOCATION")[0]
    store.reject(london.id)
    store.accept_all()
    assert store.span(london.id).status == "rejected"


def test_accept_occurrences_creates_and_accepts_whole_word_matches(store, doc, make_document):
    other, _ = store.add_document(make_document("Lewis Smith again. Lewis Smithson.", "b.txt"))
    first = store.spans(doc.id, label="PERSON")[0]
    store.accept_occurrences(first.id)
    people = store.spans(doc.id, label="PERSON")
    assert [(s.start, s.status, s.source) for s in people] == [
        (0, "accepted", "SpacyRecognizer"),
        (34, "accepted", "propagated"),
    ]
    assert store.spans(other.id) == [], "without all_documents only its own document"
    store.accept_occurrences(first.id, all_documents=True)
    assert [(s.start, s.text) for s in store.spans(other.id)] == [(0, "Lewis Smith")]


def test_reject_occurrences_rejects_matching_suggestions(store, make_document):
    doc, _ = store.add_document(
        make_document("Acme and Acme"), [Span(0, 4, "ORG"), Span(9, 13, "ORG")]
    )
    first = store.spans(doc.id)[0]
    store.reject_occurrences(first.id)
    assert [s.status for s in store.spans(doc.id)] == ["rejected", "rejected"]


def test_documents_list_counts_search_and_status(store, doc, make_document):
    store.add_document(make_document("Nothing personal here.", "plain.txt"))
    store.accept(store.spans(doc.id)[0].id)
    listed = store.documents()
    assert [(d.suggested, d.accepted, d.rejected, d.text) for d in listed] == [
        (2, 1, 0, ""),
        (0, 0, 0, ""),
    ]
    assert [d.id for d in store.documents(search="lewisham")] == [doc.id]
    assert [Path(d.path).name for d in store.documents(search="plain")] == ["plain.txt"]
    assert [d.id for d in store.documents(status="in_progress")] == [doc.id]
    assert store.documents(search="100%") == []
    assert store.documents(with_text=True)[0].text == TEXT
    with pytest.raises(StoreError, match="unknown document status"):
        store.documents(status="finished")


def test_next_document_skips_done_and_wraps(store, make_document):
    ids = [store.add_document(make_document(f"text {i}", f"{i}.txt"))[0].id for i in range(3)]
    store.set_status(ids[1], "done")
    assert store.next_document().id == ids[0]
    assert store.next_document(ids[0]).id == ids[2]
    assert store.next_document(ids[2]).id == ids[0]
    store.set_status(ids[0], "skipped")
    store.set_status(ids[2], "done")
    assert store.next_document() is None


def test_span_queries_filter_by_status_label_and_score(store, doc):
    assert [s.label for s in store.spans(min_score=0.5)] == ["PERSON", "LOCATION"]
    assert [s.label for s in store.spans(label=["LOCATION", "PHONE_NUMBER"])] == [
        "LOCATION",
        "PHONE_NUMBER",
    ]
    assert store.spans(status="accepted") == []


def test_history_shows_creation_and_every_decision(store, doc):
    span = store.spans(doc.id)[0]
    store.accept(span.id)
    store.relabel(span.id, "ORGANIZATION")
    history = store.history(span.id)
    assert [e.action for e in history] == ["add_document", "accept", "relabel"]
    # Only changed columns are recorded: "updated" is absent when the accept fell in the same
    # millisecond as the creation, so compare the decision itself.
    assert history[1].before["status"] == "suggested" and history[1].before["annotator"] is None
    assert history[1].before.get("updated", span.updated) == span.updated
    assert history[2].after["label"] == "ORGANIZATION"
    assert {e.annotator for e in history} == {"alice"}


def test_stats_by_status_label_and_annotator(store, doc, db_path):
    store.accept(store.spans(doc.id)[0].id)
    with SpanStore.open(db_path, annotator="bob") as bob:
        bob.reject(bob.spans(doc.id)[1].id)
        bob.set_status(doc.id, "done")
    stats = store.stats()
    assert stats.documents == {"new": 0, "in_progress": 0, "done": 1, "skipped": 0}
    assert stats.spans["PERSON"] == {"suggested": 0, "accepted": 1, "rejected": 0}
    assert stats.spans["LOCATION"]["rejected"] == 1
    assert stats.annotators == {
        "alice": {"accepted": 1, "rejected": 0, "documents_done": 0},
        "bob": {"accepted": 0, "rejected": 1, "documents_done": 1},
    }


def test_changed_file_becomes_a_new_version_keeping_matching_decisions(store, doc, make_document):
    person_span, london, phone = store.spans(doc.id)
    store.accept(person_span.id)
    store.reject(london.id)
    store.create_span(doc.id, 63, 71, "LOCATION")  # "Lewisham", manual
    store.accept(phone.id)
    changed = "Dear all. " + TEXT.replace("07700 900123", "01632 960001")
    new, change = store.add_document(
        make_document(changed), [Span(10, 21, "PERSON", 0.7), Span(31, 37, "GPE", 0.7)]
    )
    assert change and new.id != doc.id
    assert (new.version, new.previous_id, new.status) == (2, doc.id, "in_progress")
    spans = store.spans(new.id)
    assert [(s.text, s.start, s.status, s.source) for s in spans] == [
        ("Lewis Smith", 10, "accepted", "SpacyRecognizer"),
        ("London", 31, "rejected", "SpacyRecognizer"),
        ("Lewisham", 73, "accepted", "manual"),
    ]
    assert [d.id for d in store.documents()] == [new.id], "old versions are hidden"
    assert store.spans(doc.id)[0].status == "accepted", "the old version keeps its decisions"
    assert [d.id for d in store.documents(all_versions=True)] == [doc.id, new.id]


def test_relocate_prefers_same_offset_then_unique_then_nearest():
    from annotations.versions import relocate

    assert relocate("ab", 2, "xxabxxab") == 2
    assert relocate("ab", 0, "xxxab") == 3
    assert relocate("ab", 5, "ab...ab....ab") == 5
    assert relocate("ab", 4, "ab.....ab") == 7
    assert relocate("ab", 3, "ab....ab") is None, "equally near: ambiguous"
    assert relocate("zz", 0, "ab") is None


def test_pseudonyms_persist(db_path):
    with SpanStore.open(db_path) as first:
        names = first.pseudonym_map()
        assert names.get("PERSON", "lewis smith") is None
        names.set("PERSON", "lewis smith", "Tom Baker")
    with SpanStore.open(db_path) as second:
        names = second.pseudonym_map()
        assert names.get("PERSON", "lewis smith") == "Tom Baker"
        assert list(names.items()) == [("PERSON", "lewis smith", "Tom Baker")]
        assert len(names) == 1


def test_annotator_defaults_to_the_os_user(memory_store, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "carol")
    with SpanStore.open(":memory:") as store:
        assert store.annotator == "carol"
    assert memory_store.annotator == "alice"


def test_the_store_belongs_to_the_thread_that_opened_it(memory_store):
    errors: list[BaseException] = []

    def use() -> None:
        try:
            memory_store.documents()
        except BaseException as exc:  # noqa: BLE001 - the point is that it fails
            errors.append(exc)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert errors and "thread" in str(errors[0])


def test_default_db_path(monkeypatch, tmp_path):
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "x.db"))
    assert default_db_path() == tmp_path / "x.db"
    monkeypatch.delenv(DB_ENV_VAR)
    path = default_db_path()
    assert path.name == "redact-studio.db" and "redact-studio" in str(path.parent)


def test_bulk_insert_is_one_change_and_idempotent(memory_store, make_document):
    docs = [
        (make_document(f"Ann Lee {i}", f"{i}.txt"), [Span(0, 7, "PERSON", 0.9)]) for i in range(5)
    ]
    ids = memory_store.bulk_insert(docs)
    assert len(ids) == 5 and len(memory_store.spans()) == 5
    assert memory_store.bulk_insert(docs) == []
    memory_store.undo_last()
    assert memory_store.documents() == [] and memory_store.spans() == []


def test_span_table_is_the_tuple_form_of_spans(store, doc):
    from annotations.queries import SPAN_TABLE_COLUMNS

    store.accept(store.spans(doc.id)[0].id)
    rows = store.span_table(status="accepted")
    records = store.spans(status="accepted")
    assert [dict(zip(SPAN_TABLE_COLUMNS, r, strict=True)) for r in rows] == [
        {c: getattr(s, c) for c in SPAN_TABLE_COLUMNS} for s in records
    ]
    assert len(store.span_table(label="LOCATION", min_score=0.5)) == 1


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.integers(0, 999), min_size=1, max_size=15, unique=True),
    decided=st.sets(st.integers(0, 14)),
    prefix=st.text(alphabet="abc .\n", max_size=30),
    suffix=st.text(alphabet="abc .\n", max_size=30),
)
def test_decisions_survive_text_added_around_them(words, decided, prefix, suffix):
    from annotations.records import SpanRecord
    from annotations.versions import carry_over

    tokens = [f"w{n}x" for n in words]
    text = " ".join(tokens)
    spans, at = [], 0
    for i, token in enumerate(tokens):
        status = "accepted" if i in decided else "suggested"
        spans.append(
            SpanRecord(i, 1, at, at + len(token), "PERSON", token, 1.0, "x", status, None, "")
        )
        at += len(token) + 1
    kept = carry_over(spans, prefix + text + suffix)
    assert [(s.id, start) for s, start in kept] == [
        (s.id, s.start + len(prefix)) for s in spans if s.status == "accepted"
    ]
